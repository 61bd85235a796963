import { lockBackoffMs, LOCK_ATTEMPTS } from '../../lambdas/domain/cases/lock-retry';
import { caseIdFor, type CaseSettings, DEFAULT_CASE_SETTINGS, escalationReason, executionName, foldPost, newCase, type StoredCase, slaDueAt, withFold } from '../../lambdas/domain/cases/rules';
import type { Classification } from '../../schemas/classification';
import { type SocialEvent, SocialEventSchema } from '../../schemas/social-event';

const at = '2026-11-23T10:00:00.000Z';
const ev = (id: string, receivedAt = at) =>
  SocialEventSchema.parse({ id, platform: 'x', kind: 'mention', text: 't', author: { id: 'a', email: 'a@b.example' }, conversationId: 'c', createdAt: receivedAt, receivedAt });
const cls = (o: Partial<Classification>): Classification => ({
  id: 'x:1', category: 'question', urgency: 'normal', sentiment: 'neutral', sentimentScore: 0, pii: [], redactedText: 't', reasons: [], ...o,
});
/** The case after a follow-up, as the store leaves it. */
const mergeIntoCase = (existing: StoredCase, e: SocialEvent, c: Classification, settings: CaseSettings, now: string) => withFold(existing, foldPost(existing, e, c, settings, now));

describe('case rules', () => {
  it('derives a stable, opaque case id from the first event id', () => {
    expect(caseIdFor('x:1')).toBe(caseIdFor('x:1'));
    expect(caseIdFor('x:1')).not.toBe(caseIdFor('x:2'));
    expect(caseIdFor('x:1')).toMatch(/^c_[A-Za-z0-9_-]{16}$/);
  });

  it.each([
    ['critical', 15],
    ['high', 30],
    ['normal', 60],
  ] as const)('gives a %s case a first-response clock of %i minutes', (urgency, minutes) => {
    expect(slaDueAt(at, urgency, DEFAULT_CASE_SETTINGS)).toBe(new Date(Date.parse(at) + minutes * 60_000).toISOString());
  });

  it('gives a low case no clock', () => {
    expect(slaDueAt(at, 'low', DEFAULT_CASE_SETTINGS)).toBeUndefined();
  });

  it('never stores the email an author came with on the case', () => {
    expect(newCase('c_1', ev('x:1'), cls({}), DEFAULT_CASE_SETTINGS, at).author).toEqual({ id: 'a' });
  });

  it('raises urgency and category on a follow-up but never lowers them', () => {
    const base = newCase('c_1', ev('x:1'), cls({ urgency: 'high', category: 'complaint', sentimentScore: -0.4, sentiment: 'negative' }), DEFAULT_CASE_SETTINGS, at);
    const raised = mergeIntoCase(base, ev('x:2', '2026-11-23T10:05:00.000Z'), cls({ urgency: 'critical', category: 'threat', sentimentScore: -0.9, sentiment: 'negative' }), DEFAULT_CASE_SETTINGS, at);
    expect(raised).toMatchObject({ urgency: 'critical', category: 'threat', sentimentScore: -0.9, eventCount: 2, version: 2, firstEventId: 'x:1', lastEventId: 'x:2' });
    expect(raised.slaDueAt).toBe('2026-11-23T10:20:00.000Z');
    const calm = mergeIntoCase(raised, ev('x:3'), cls({ urgency: 'low', category: 'praise', sentimentScore: 0.9, sentiment: 'positive' }), DEFAULT_CASE_SETTINGS, at);
    expect(calm).toMatchObject({ urgency: 'critical', category: 'threat', sentiment: 'negative' });
  });

  it('keeps the earlier due time when a raise would push it later', () => {
    const base = newCase('c_1', ev('x:1'), cls({ urgency: 'high' }), DEFAULT_CASE_SETTINGS, at); // due 10:30
    const late = mergeIntoCase(base, ev('x:2', '2026-11-23T10:25:00.000Z'), cls({ urgency: 'critical' }), DEFAULT_CASE_SETTINGS, at); // would be 10:40
    expect(late.slaDueAt).toBe('2026-11-23T10:30:00.000Z');
  });

  it('leaves the clock alone once the business has responded', () => {
    const base = { ...newCase('c_1', ev('x:1'), cls({ urgency: 'normal' }), DEFAULT_CASE_SETTINGS, at), firstResponseAt: '2026-11-23T10:10:00.000Z' };
    expect(mergeIntoCase(base, ev('x:2'), cls({ urgency: 'critical' }), DEFAULT_CASE_SETTINGS, at).slaDueAt).toBe(base.slaDueAt);
  });

  it('folds a follow-up as only the attributes it changes, its count and itself as the last post', () => {
    const base = newCase('c_1', ev('x:1'), cls({ urgency: 'high', category: 'complaint', reasons: ['complaint: late'] }), DEFAULT_CASE_SETTINGS, at);
    const later = '2026-11-23T10:01:00.000Z';
    expect(foldPost(base, ev('x:2'), cls({ urgency: 'normal', category: 'question', reasons: ['complaint: late'] }), DEFAULT_CASE_SETTINGS, later)).toEqual({
      eventCount: 2,
      lastEventId: 'x:2',
      updatedAt: later,
    });
    expect(foldPost(base, ev('x:3'), cls({ urgency: 'high', category: 'complaint', pii: ['phone'], reasons: ['pii: phone'] }), DEFAULT_CASE_SETTINGS, later)).toEqual({
      pii: ['phone'],
      reasons: ['complaint: late', 'pii: phone'],
      eventCount: 2,
      lastEventId: 'x:3',
      updatedAt: later,
    });
  });

  it('keeps a case the same size however many posts are folded in', () => {
    let c = newCase('c_1', ev('x:1000'), cls({}), DEFAULT_CASE_SETTINGS, at);
    const fold = (n: number) => (c = withFold(c, foldPost(c, ev(`x:${1000 + n}`), cls({}), DEFAULT_CASE_SETTINGS, at)));
    for (let n = 1; n < 100; n++) fold(n);
    const at100 = JSON.stringify(c).length;
    for (let n = 100; n < 999; n++) fold(n);
    expect(c).toMatchObject({ eventCount: 999, firstEventId: 'x:1000', lastEventId: 'x:1998' });
    // From 100 to 999 posts: the same number of digits in the count and the version, so exactly the same size.
    expect(JSON.stringify(c).length).toBe(at100);
  });

  it('waits a random, growing and capped time before retrying a lost race on the case lock', () => {
    expect(lockBackoffMs(0, () => 0)).toBe(0);
    const ceilings = Array.from({ length: LOCK_ATTEMPTS }, (_, retry) => lockBackoffMs(retry, () => 0.999_999));
    expect(ceilings.slice(0, 4)).toEqual([9, 19, 39, 79]);
    expect(Math.max(...ceilings)).toBe(799);
    for (let i = 1; i < ceilings.length; i++) expect(ceilings[i]).toBeGreaterThanOrEqual(ceilings[i - 1]!);
    // All attempts lost, every wait at its cap: still inside the classify function's 30 s timeout.
    expect(ceilings.slice(0, -1).reduce((a, b) => a + b, 0)).toBeLessThan(15_000);
  });

  it.each([
    [{ urgency: 'critical', category: 'praise' }, 'critical'],
    [{ urgency: 'high', category: 'complaint' }, 'complaint'],
    [{ urgency: 'critical', category: 'threat' }, 'critical'],
    [{ urgency: 'high', category: 'threat' }, 'threat'],
    [{ urgency: 'high', category: 'question' }, undefined],
    [{ urgency: 'low', category: 'praise' }, undefined],
  ] as const)('escalates %o for %s', (c, reason) => {
    expect(escalationReason(c)).toBe(reason);
  });

  it('names executions by case and reason, within Step Functions name rules', () => {
    expect(executionName(caseIdFor('x:1'), 'critical')).toMatch(/^[A-Za-z0-9_-]{1,80}$/);
  });
});
