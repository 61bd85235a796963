import { lockBackoffMs, LOCK_ATTEMPTS } from '../../lambdas/domain/cases/lock-retry';
import {
  caseIdFor,
  type CaseSettings,
  CRITICAL_QUOTE_CHARS,
  criticalEscalationId,
  DEFAULT_CASE_SETTINGS,
  escalationReason,
  escalationToStart,
  executionName,
  foldPost,
  MAX_CASE_REASONS,
  newCase,
  postEntry,
  type StoredCase,
  slaDueAt,
  withFold,
} from '../../lambdas/domain/cases/rules';
import type { Classification } from '../../schemas/classification';
import { type SocialEvent, SocialEventSchema } from '../../schemas/social-event';

const at = '2026-11-23T10:00:00.000Z';
const ev = (id: string, receivedAt = at) =>
  SocialEventSchema.parse({ id, platform: 'x', kind: 'mention', text: 't', author: { id: 'a', email: 'a@b.example' }, conversationId: 'c', createdAt: receivedAt, receivedAt });
const cls = (o: Partial<Classification>): Classification => ({
  id: 'x:1', category: 'question', urgency: 'normal', sentiment: 'neutral', sentimentScore: 0, pii: [], redactedText: 't', reasons: [], confidence: { category: 0.9, urgency: 0.8, sentiment: 0.7 }, model: 'test-model', ...o,
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

  it('records which model gave the case its labels, and how sure it was: the post whose labels it took last', () => {
    const first = { model: 'model-a', confidence: { category: 0.7, urgency: 0.6, sentiment: 0.8 } };
    const base = newCase('c_1', ev('x:1'), cls({ urgency: 'high', category: 'complaint', ...first }), DEFAULT_CASE_SETTINGS, at);
    expect(base.classifiedBy).toEqual(first);
    // A follow-up that raises nothing leaves the record alone; one that raises the urgency brings its own.
    const calm = mergeIntoCase(base, ev('x:2'), cls({ urgency: 'low', category: 'praise', model: 'model-b' }), DEFAULT_CASE_SETTINGS, at);
    expect(calm.classifiedBy).toEqual(first);
    const raised = mergeIntoCase(calm, ev('x:3'), cls({ urgency: 'critical', category: 'complaint', model: 'model-b', confidence: { category: 0.9, urgency: 0.4, sentiment: 0.9 } }), DEFAULT_CASE_SETTINGS, at);
    expect(raised.classifiedBy).toEqual({ model: 'model-b', confidence: { category: 0.9, urgency: 0.4, sentiment: 0.9 } });
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

describe('a critical post joining a case', () => {
  const later = '2026-11-23T10:05:00.000Z';
  const critical = (reasons: string[] = ['threat: violence'], text = 'I have a gun') => cls({ urgency: 'critical', category: 'threat', reasons, redactedText: text });
  const opened = (c: Partial<Classification>) => newCase('c_1', ev('x:1'), cls(c), DEFAULT_CASE_SETTINGS, at);

  it('a critical first post starts the case\'s first escalation, `<case>-critical`, paging from tier 0', () => {
    expect(opened({ urgency: 'critical' }).escalation).toEqual({ id: 'c_1-critical', state: 'paging', tier: 0 });
    expect(opened({ urgency: 'high' }).escalation).toBeUndefined();
  });

  it('names a later post\'s escalation by the post alone: deterministic, distinct, within Step Functions name rules', () => {
    const id = criticalEscalationId(caseIdFor('x:1'), 'x:2', 'x:1');
    expect(id).toBe(criticalEscalationId(caseIdFor('x:1'), 'x:2', 'x:1'));
    expect(id).not.toBe(criticalEscalationId(caseIdFor('x:1'), 'x:3', 'x:1'));
    expect(id).toMatch(new RegExp(`^${caseIdFor('x:1')}-critical-[A-Za-z0-9_-]{12}$`));
    expect(id.length).toBeLessThanOrEqual(80);
    expect(criticalEscalationId(caseIdFor('x:1'), 'x:1', 'x:1')).toBe(`${caseIdFor('x:1')}-critical`);
  });

  it.each([
    ['acknowledged', { state: 'acknowledged', tier: 1, round: 1, acknowledgedBy: 'Tom', acknowledgedAt: at }, { state: 'acknowledged', by: 'Tom', at }],
    ['exhausted', { state: 'exhausted', tier: 2, round: 1, exhaustedAt: at }, { state: 'exhausted', at }],
    ['never started (the case was a question)', undefined, undefined],
  ] as const)('in a case whose escalation was %s: starts a new one, saying how the one before ended', (_what, escalation, follows) => {
    const base: StoredCase = { ...opened({ urgency: 'normal' }), ...(escalation ? { escalation: { id: 'c_1-critical', ...escalation } } : {}) };
    const fold = foldPost(base, ev('x:2', later), critical(), DEFAULT_CASE_SETTINGS, later);
    expect(fold.escalation).toEqual({ id: criticalEscalationId('c_1', 'x:2', 'x:1'), eventId: 'x:2', state: 'paging', tier: 0, ...(follows ? { follows } : {}) });
    expect(fold.latestCritical).toEqual({ eventId: 'x:2', at: later, kind: 'mention', text: 'I have a gun', reasons: ['threat: violence'] });
    expect(escalationToStart(withFold(base, fold), 'x:2', critical())).toEqual({ start: { name: fold.escalation!.id, reason: 'critical' } });
  });

  it('in a case that is paging: the running escalation covers it (the post becomes the one pages quote)', () => {
    const base: StoredCase = { ...opened({ urgency: 'critical' }), escalation: { id: 'c_1-critical', state: 'paging', tier: 1, round: 1 } };
    const fold = foldPost(base, ev('x:2', later), critical(), DEFAULT_CASE_SETTINGS, later);
    expect(fold.escalation).toBeUndefined();
    expect(fold.latestCritical?.eventId).toBe('x:2');
    expect(escalationToStart(withFold(base, fold), 'x:2', critical())).toEqual({ covered: 'c_1-critical' });
  });

  it('starts nothing for a redelivered post whose escalation a newer one replaced, nor for a calm post in a critical case', () => {
    const base: StoredCase = { ...opened({ urgency: 'critical' }), escalation: { id: criticalEscalationId('c_1', 'x:3', 'x:1'), state: 'acknowledged', tier: 1 } };
    expect(escalationToStart(base, 'x:2', critical())).toEqual({});
    expect(escalationToStart(base, 'x:1', critical())).toEqual({});
    expect(escalationToStart(base, 'x:3', critical())).toEqual({ start: { name: criticalEscalationId('c_1', 'x:3', 'x:1'), reason: 'critical' } });
    expect(escalationToStart(base, 'x:4', cls({ urgency: 'high', category: 'complaint' }))).toEqual({});
    // The first post of a case escalated before escalations had ids.
    expect(escalationToStart({ ...base, escalation: undefined }, 'x:1', critical())).toEqual({ start: { name: 'c_1-critical', reason: 'critical' } });
    // A complaint that is not critical: the offer.
    expect(escalationToStart(opened({ urgency: 'high', category: 'complaint' }), 'x:1', cls({ urgency: 'high' }))).toEqual({ start: { name: 'c_1-complaint', reason: 'complaint' } });
  });

  it("keeps a critical post's reasons first, even when the case already holds the most it keeps", () => {
    const full = { ...opened({ urgency: 'high' }), reasons: Array.from({ length: MAX_CASE_REASONS }, (_, i) => `complaint: ${i}`) };
    const fold = foldPost(full, ev('x:2', later), critical(['threat: violence', 'safety: weapon']), DEFAULT_CASE_SETTINGS, later);
    expect(fold.reasons).toHaveLength(MAX_CASE_REASONS);
    expect(fold.reasons!.slice(0, 2)).toEqual(['threat: violence', 'safety: weapon']);
    // Any other post's reasons are added while there is room, after the others.
    expect(foldPost(full, ev('x:3', later), cls({ urgency: 'high', reasons: ['complaint: new'] }), DEFAULT_CASE_SETTINGS, later).reasons).toBeUndefined();
  });

  it('keeps at most CRITICAL_QUOTE_CHARS of the new post for the pages (the whole post is on the timeline)', () => {
    const fold = foldPost(opened({ urgency: 'normal' }), ev('x:2', later), critical([], 'x'.repeat(40_000)), DEFAULT_CASE_SETTINGS, later);
    expect(fold.latestCritical!.text).toHaveLength(CRITICAL_QUOTE_CHARS);
    expect(fold.latestCritical!.text.endsWith('…')).toBe(true);
  });
});

describe('what a post carries besides words', () => {
  const withMedia = (id: string, attachments: NonNullable<SocialEvent['attachments']>, text = '') =>
    SocialEventSchema.parse({ ...ev(id), platform: 'whatsapp', kind: 'dm', text, attachments });

  it('keeps the first post\'s attachments on the case, captions and titles redacted, links http(s) only', () => {
    const e = withMedia('whatsapp:1', [
      { type: 'image', caption: 'my card 4111 1111 1111 1111 was charged twice', mediaId: 'MEDIA_1' },
      { type: 'document', title: 'from jane.doe@example.com.pdf', url: 'javascript:alert(1)' },
      { type: 'location', title: 'Café Central, Vienna', url: 'https://maps.example/?q=48.2,16.3' },
    ]);
    const c = newCase('c_1', e, cls({ redactedText: '', pii: ['email', 'card'] }), DEFAULT_CASE_SETTINGS, at);
    expect(c.attachments).toEqual([
      { type: 'image', caption: 'my card [card] was charged twice', mediaId: 'MEDIA_1' },
      { type: 'document', title: 'from [email]' },
      { type: 'location', title: 'Café Central, Vienna', url: 'https://maps.example/?q=48.2,16.3' },
    ]);
    expect(JSON.stringify(c)).not.toMatch(/4111|jane\.doe|javascript/);
  });

  it('stores no attachments attribute for a post that carries nothing', () => {
    expect(newCase('c_1', ev('x:1'), cls({}), DEFAULT_CASE_SETTINGS, at)).not.toHaveProperty('attachments');
    expect(postEntry(ev('x:1'), cls({}), false).data).not.toHaveProperty('attachments');
  });

  it('puts them on the post\'s timeline entry, and a later post never changes the case\'s', () => {
    const first = newCase('c_1', withMedia('whatsapp:1', [{ type: 'voice', mediaId: 'M1' }]), cls({ redactedText: '', reasons: ['voice note: listen to it'] }), DEFAULT_CASE_SETTINGS, at);
    const later = withMedia('whatsapp:2', [{ type: 'image', caption: 'ring 020 7946 0018' }], 'and this');
    const entry = postEntry(later, cls({ redactedText: 'and this' }), true);
    expect(entry).toMatchObject({ type: 'post-joined', data: { eventId: 'whatsapp:2', attachments: [{ type: 'image', caption: 'ring [phone]' }] } });
    expect(postEntry(withMedia('whatsapp:1', [{ type: 'voice', mediaId: 'M1' }]), cls({ reasons: ['voice note: listen to it'] }), false).detail).toContain('voice note: listen to it');
    const fold = foldPost(first, later, cls({ redactedText: 'and this' }), DEFAULT_CASE_SETTINGS, at);
    expect(fold).not.toHaveProperty('attachments');
    expect(withFold(first, fold).attachments).toEqual([{ type: 'voice', mediaId: 'M1' }]);
  });

  it('keeps a critical later post\'s attachments with it, for the pages that quote it', () => {
    const first = newCase('c_1', ev('x:1'), cls({}), DEFAULT_CASE_SETTINGS, at);
    const fold = foldPost(first, withMedia('whatsapp:2', [{ type: 'video', mediaId: 'V1' }]), cls({ urgency: 'critical', category: 'threat', redactedText: '' }), DEFAULT_CASE_SETTINGS, at);
    expect(fold.latestCritical).toMatchObject({ eventId: 'whatsapp:2', text: '', attachments: [{ type: 'video', mediaId: 'V1' }] });
  });
});
