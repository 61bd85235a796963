/**
 * First-response clocks (lambdas/domain/sla/clock.ts): business-hours-aware due times in the policy's zone (DST
 * included), critical cases on the clock 24/7, the pre-breach margin, and the whole-second wait timestamps.
 */
import {
  addBusinessTime,
  clockStart,
  dueTimes,
  durationLabel,
  firstResponseMs,
  preBreachMarginMs,
  targetMs,
  waitTimestamp,
} from '../../../lambdas/domain/sla/clock';
import { businessHoursEnd } from '../../../lambdas/domain/escalation/policy';
import type { OncallPolicy } from '../../../schemas/oncall-policy';

const london: Pick<OncallPolicy, 'timezone' | 'businessHours'> = {
  timezone: 'Europe/London',
  businessHours: { days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '17:30' },
};
const alwaysOpen: Pick<OncallPolicy, 'timezone' | 'businessHours'> = { timezone: 'Europe/London' };
const SLA = { critical: 15, high: 30, normal: 60 };
const MIN = 60_000;

const due = (receivedAt: string, urgency: 'critical' | 'high' | 'normal' | 'low', policy = london, sla: Record<string, number> = SLA) =>
  dueTimes(new Date(receivedAt), urgency, sla, policy);

describe('due times in business hours (Mon–Fri 09:00–17:30, Europe/London)', () => {
  test('a high case received on Friday after closing is due Monday 09:30 local', () => {
    // 18:00 on Friday 6 Feb 2026 (GMT): nothing counts until Monday's opening.
    expect(due('2026-02-06T18:00:00Z', 'high')?.dueAt).toBe('2026-02-09T09:30:00Z');
    // At closing time, on Saturday, or on Sunday night: the same.
    expect(due('2026-02-06T17:30:00Z', 'high')?.dueAt).toBe('2026-02-09T09:30:00Z');
    expect(due('2026-02-07T11:00:00Z', 'high')?.dueAt).toBe('2026-02-09T09:30:00Z');
    expect(due('2026-02-08T23:59:00Z', 'high')?.dueAt).toBe('2026-02-09T09:30:00Z');
  });

  test('a high case received on Friday at 17:00 uses the last half hour of Friday: due 17:30 (the clock counts business time)', () => {
    expect(due('2026-02-06T17:00:00Z', 'high')?.dueAt).toBe('2026-02-06T17:30:00Z');
  });

  test('with hours ending at 17:00, the Friday 17:00 case is due Monday 09:30', () => {
    const ninetofive = { ...london, businessHours: { ...london.businessHours!, end: '17:00' } };
    expect(due('2026-02-06T17:00:00Z', 'high', ninetofive)?.dueAt).toBe('2026-02-09T09:30:00Z');
  });

  test('the target is split across a weekend: 20 minutes on Friday, 10 on Monday', () => {
    expect(due('2026-02-06T17:10:00Z', 'high')?.dueAt).toBe('2026-02-09T09:10:00Z');
  });

  test('before opening, the clock starts at opening; within hours it just runs', () => {
    expect(due('2026-02-10T07:45:00Z', 'normal')?.dueAt).toBe('2026-02-10T10:00:00Z');
    expect(due('2026-02-10T11:20:00Z', 'normal')?.dueAt).toBe('2026-02-10T12:20:00Z');
  });

  test('a normal case late on a weekday runs into the next morning', () => {
    expect(due('2026-02-10T17:00:00Z', 'normal')?.dueAt).toBe('2026-02-11T09:30:00Z');
  });

  test('daylight saving: the weekend the clocks go forward, Monday 09:30 local is 08:30 UTC', () => {
    // UK clocks go forward on Sunday 29 March 2026.
    expect(due('2026-03-27T18:00:00Z', 'high')?.dueAt).toBe('2026-03-30T08:30:00Z');
  });

  test('daylight saving: the weekend the clocks go back, Monday 09:30 local is 09:30 UTC', () => {
    // UK clocks go back on Sunday 25 October 2026; Friday 18:00 BST is 17:00 UTC.
    expect(due('2026-10-23T17:00:00Z', 'high')?.dueAt).toBe('2026-10-26T09:30:00Z');
  });

  test('hours in another zone follow that zone (New York, Mon–Fri 09:00–17:00)', () => {
    const ny = { timezone: 'America/New_York', businessHours: { days: ['mon', 'tue', 'wed', 'thu', 'fri'] as const, start: '09:00', end: '17:00' } };
    // Friday 6 Feb 2026 18:00 EST → Monday 09:30 EST = 14:30 UTC.
    expect(due('2026-02-06T23:00:00Z', 'high', ny as never)?.dueAt).toBe('2026-02-09T14:30:00Z');
  });

  test('critical cases ignore business hours: 15 minutes around the clock', () => {
    const t = due('2026-02-07T03:12:00Z', 'critical');
    expect(t).toMatchObject({ dueAt: '2026-02-07T03:27:00Z', businessHoursOnly: false });
    expect(due('2026-02-06T18:00:00Z', 'high')?.businessHoursOnly).toBe(true);
  });

  test('a policy without business hours is always open', () => {
    expect(due('2026-02-07T03:12:00Z', 'high', alwaysOpen)).toMatchObject({ dueAt: '2026-02-07T03:42:00Z', businessHoursOnly: false });
  });

  test('low has no clock, nor does an urgency left out of SLA_MINUTES', () => {
    expect(due('2026-02-10T11:00:00Z', 'low')).toBeUndefined();
    expect(due('2026-02-10T11:00:00Z', 'normal', london, { critical: 15 })).toBeUndefined();
    expect(targetMs('high', { high: 0.05 })).toBe(3_000);
  });

  test('hours closing at midnight (24:00) run to midnight and continue the next business day', () => {
    const late = { timezone: 'Europe/London', businessHours: { days: ['mon', 'tue', 'wed', 'thu', 'fri'] as const, start: '18:00', end: '24:00' } };
    expect(businessHoursEnd(late as never, new Date('2026-02-10T23:50:00Z'))?.toISOString()).toBe('2026-02-11T00:00:00.000Z');
    expect(due('2026-02-10T23:50:00Z', 'high', late as never)?.dueAt).toBe('2026-02-11T18:20:00Z');
  });

  test('addBusinessTime of zero is the next opening (or now, within hours)', () => {
    expect(addBusinessTime(london, new Date('2026-02-07T12:00:00Z'), 0).toISOString()).toBe('2026-02-09T09:00:00.000Z');
    expect(addBusinessTime(london, new Date('2026-02-10T12:00:00Z'), 0).toISOString()).toBe('2026-02-10T12:00:00.000Z');
  });
});

describe('the pre-breach warning', () => {
  test('comes 20% of the target before the due time', () => {
    expect(preBreachMarginMs(30 * MIN)).toBe(6 * MIN);
    expect(preBreachMarginMs(15 * MIN)).toBe(3 * MIN);
    expect(due('2026-02-10T11:00:00Z', 'high')).toMatchObject({ dueAt: '2026-02-10T11:30:00Z', preBreachAt: '2026-02-10T11:24:00Z' });
  });

  test('at least a minute ahead in production, never more than half the target (tiny test targets)', () => {
    expect(preBreachMarginMs(3 * MIN)).toBe(MIN);
    expect(preBreachMarginMs(MIN)).toBe(30_000);
    expect(preBreachMarginMs(3_000)).toBe(1_500);
  });

  test('is measured in business time too: a case due Monday 09:10 is warned at 09:04, one due Friday 17:30 at 17:24', () => {
    expect(due('2026-02-06T17:10:00Z', 'high')).toMatchObject({ dueAt: '2026-02-09T09:10:00Z', preBreachAt: '2026-02-09T09:04:00Z' });
    expect(due('2026-02-06T17:00:00Z', 'high')).toMatchObject({ preBreachAt: '2026-02-06T17:24:00Z' });
  });

  test('tiny targets give whole-second timestamps the Wait state accepts', () => {
    const t = due('2026-02-10T11:00:00.200Z', 'high', alwaysOpen, { high: 0.05 })!;
    expect(t.dueAt).toBe('2026-02-10T11:00:04Z');
    expect(t.preBreachAt).toBe('2026-02-10T11:00:02Z');
    expect(waitTimestamp(Date.parse('2026-02-10T11:00:00Z'))).toBe('2026-02-10T11:00:00Z');
  });
});

test('the clock start is the classifier plain due time minus the target', () => {
  expect(clockStart('2026-02-10T11:30:00.000Z', 'high', SLA)?.toISOString()).toBe('2026-02-10T11:00:00.000Z');
  expect(clockStart('2026-02-10T11:30:00.000Z', 'low', SLA)).toBeUndefined();
});

test('labels and the first-response time', () => {
  expect(durationLabel(6 * MIN)).toBe('6 min');
  expect(durationLabel(45_000)).toBe('45 s');
  expect(durationLabel(125 * MIN)).toBe('2 h 5 min');
  expect(firstResponseMs('2026-02-10T11:00:00Z', '2026-02-10T11:07:30Z')).toBe(450_000);
  expect(firstResponseMs('2026-02-10T11:00:00Z', 'nonsense')).toBeUndefined();
});
