/** When a case may be acknowledged: the one rule the staff API and the console share (lambdas/domain/cases/acknowledgeable.ts). */
import { acknowledgeable, stopsPaging } from '../../lambdas/domain/cases/acknowledgeable';

test.each([
  [{ status: 'open', urgency: 'normal' }, true, false],
  [{ status: 'open', urgency: 'critical' }, true, true],
  [{ status: 'acknowledged', urgency: 'high' }, false, false],
  [{ status: 'acknowledged', urgency: 'critical', escalation: { state: 'paging' } }, true, true],
  [{ status: 'acknowledged', urgency: 'critical', escalation: { state: 'exhausted' } }, true, true],
  [{ status: 'acknowledged', urgency: 'critical', escalation: { state: 'acknowledged' } }, false, false],
  [{ status: 'acknowledged', urgency: 'critical' }, true, true],
  [{ status: 'resolved', urgency: 'critical', escalation: { state: 'paging' } }, false, true],
])('%j: acknowledgeable %s, stops paging %s', (c, may, stops) => {
  expect(acknowledgeable(c)).toBe(may);
  expect(stopsPaging(c)).toBe(stops);
});
