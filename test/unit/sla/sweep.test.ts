/**
 * First-response clocks without a workflow per case (lambdas/domain/sla/sweep.ts): a case carries its next check,
 * the sweep runs the checks whose time has come and files the next, on in-memory ports. The steps themselves are
 * flow.test.ts's; here: which check comes when, what a post or a person changes, failures, and the deadline.
 */
import { DEFAULT_CASE_SETTINGS, foldPost, newCase, type StoredCase } from '../../../lambdas/domain/cases/rules';
import { decideStaffAction } from '../../../lambdas/domain/cases/staff-actions';
import { checkNow, type DueCheck, type SlaCheckFields, type SlaCheckIndex } from '../../../lambdas/domain/sla/checks';
import { MAX_PRE_BREACH_FAILURES, nextCheck, sweepClocks, type SweepPorts } from '../../../lambdas/domain/sla/sweep';
import type { Classification } from '../../../schemas/classification';
import type { SocialEvent } from '../../../schemas/social-event';
import { MINUTE, PRIYA, SAM } from '../escalation/fakes';
import { highCase, slaWorld, type SlaWorld } from './fakes';

/** The slaChecks index over the fake's cases: what SlaChecksTable does with the case items' three attributes. */
class FakeCheckIndex implements SlaCheckIndex {
  rescheduled = 0;
  constructor(private readonly w: SlaWorld) {}

  async due(shard: number, now: string, limit: number, after?: unknown) {
    const all = [...this.w.store.cases.values()]
      .filter((c) => c.slaCheck && c.slaCheckAt && c.slaCheckAt <= now && shardOf(c.id) === shard)
      .sort((a, b) => (a.slaCheckAt! < b.slaCheckAt! ? -1 : a.slaCheckAt! > b.slaCheckAt! ? 1 : a.id.localeCompare(b.id)));
    // Like ExclusiveStartKey: the page goes on after a key, wherever the items read before have moved since.
    const start = after as { at: string; id: string } | undefined;
    const rest = start ? all.filter((c) => c.slaCheckAt! > start.at || (c.slaCheckAt === start.at && c.id > start.id)) : all;
    const page = rest.slice(0, limit);
    const checks: DueCheck[] = page.map((c) => ({ caseId: c.id, check: structuredClone(c.slaCheck!), at: c.slaCheckAt! }));
    const last = page.at(-1);
    return { checks, ...(rest.length > limit && last ? { next: { at: last.slaCheckAt!, id: last.id } } : {}) };
  }

  async reschedule(read: DueCheck, next: SlaCheckFields | undefined): Promise<boolean> {
    const c = this.w.store.cases.get(read.caseId);
    if (!c || c.slaCheckAt !== read.at) return false;
    this.rescheduled++;
    const { slaCheck: _c, slaCheckAt: _a, ...rest } = c;
    this.w.store.cases.set(read.caseId, { ...rest, ...(next ? structuredClone(next) : {}) } as StoredCase);
    return true;
  }
}
const SHARDS = 3;
const shardOf = (id: string) => [...id].reduce((a, ch) => a + ch.charCodeAt(0), 0) % SHARDS;

function sweepWorld() {
  const w = slaWorld();
  const index = new FakeCheckIndex(w);
  const ports: SweepPorts = { ...w.slaPorts, checks: index, shards: SHARDS };
  const sweep = (limits: Partial<Parameters<typeof sweepClocks>[1]> = {}) =>
    sweepClocks(ports, { deadlineMs: Date.now() + 60_000, concurrency: 4, pageSize: 2, ...limits });
  return { w, index, sweep };
}

/** A high case filed as the classifier files it: its first check due now. */
const filedCase = (w: SlaWorld, over: Partial<StoredCase> = {}) => highCase(w, { ...checkNow(w.clock.now().toISOString()), ...over });
const caseOf = (w: SlaWorld, id: string) => w.store.cases.get(id)!;
const types = (w: SlaWorld, id: string) => w.store.timeline(id).map((t) => t.type);

describe('the sweep', () => {
  test('takes a high case from its first check to the warning, the breach and out of the index', async () => {
    const { w, sweep } = sweepWorld();
    const c = filedCase(w);

    expect(await sweep()).toEqual({ checked: 1, failed: [], unfinished: false });
    expect(caseOf(w, c.id)).toMatchObject({
      sla: { dueAt: '2026-02-10T11:30:00Z', preBreachAt: '2026-02-10T11:24:00Z' },
      slaCheck: { stage: 'pre', dueAt: '2026-02-10T11:30:00Z', preBreachAt: '2026-02-10T11:24:00Z' },
      slaCheckAt: '2026-02-10T11:24:00.000Z',
    });
    // Before its time a check is not taken.
    w.clock.set('2026-02-10T11:23:59.000Z');
    expect((await sweep()).checked).toBe(0);
    expect(w.sms.sent).toEqual([]);

    w.clock.set('2026-02-10T11:24:30.000Z');
    expect((await sweep()).checked).toBe(1);
    expect(w.sms.sent.map((s) => s.to).sort()).toEqual([PRIYA.phone, SAM.phone].sort());
    expect(caseOf(w, c.id)).toMatchObject({ slaCheck: { stage: 'due', dueAt: '2026-02-10T11:30:00Z' }, slaCheckAt: '2026-02-10T11:30:00.000Z' });

    w.clock.set('2026-02-10T11:30:20.000Z');
    expect((await sweep()).checked).toBe(1);
    expect(caseOf(w, c.id).sla?.breachedAt).toBe('2026-02-10T11:30:20.000Z');
    expect(caseOf(w, c.id).slaCheck).toBeUndefined();
    expect(caseOf(w, c.id).slaCheckAt).toBeUndefined();
    expect(types(w, c.id)).toEqual(['sla-clock', 'sla-warning', 'sla-breached']);

    // Done: later sweeps find nothing, and nobody is texted twice.
    w.clock.set('2026-02-10T12:30:00.000Z');
    expect((await sweep()).checked).toBe(0);
    expect(w.sms.sent).toHaveLength(2);
  });

  test('a case answered before its check leaves the index at that check, with no warning and no breach', async () => {
    const { w, sweep } = sweepWorld();
    const c = filedCase(w);
    await sweep();
    w.store.cases.set(c.id, { ...caseOf(w, c.id), firstResponseAt: '2026-02-10T11:10:00.000Z' });
    w.clock.set('2026-02-10T11:24:00.000Z');
    expect((await sweep()).checked).toBe(1);
    expect(caseOf(w, c.id).slaCheck).toBeUndefined();
    expect(w.sms.sent).toEqual([]);
    expect(types(w, c.id)).toEqual(['sla-clock']);
  });

  test('every due check of every shard is taken, page by page, each once', async () => {
    const { w, sweep, index } = sweepWorld();
    const cases = Array.from({ length: 11 }, (_, i) => filedCase(w, { id: `c_sweep${String(i).padStart(3, '0')}` }));
    expect(new Set(cases.map((c) => shardOf(c.id))).size).toBe(SHARDS);
    const outcome = await sweep({ pageSize: 2, concurrency: 3 });
    expect(outcome).toEqual({ checked: 11, failed: [], unfinished: false });
    expect(index.rescheduled).toBe(11);
    for (const c of cases) expect(caseOf(w, c.id).slaCheck).toMatchObject({ stage: 'pre' });
    expect(w.store.timeline(cases[0]!.id).filter((t) => t.type === 'sla-clock')).toHaveLength(1);
  });

  test('past its deadline the sweep takes nothing more and says so; the next sweep takes the rest', async () => {
    const { w, sweep } = sweepWorld();
    const c = filedCase(w);
    expect(await sweep({ deadlineMs: Date.now() - 1 })).toEqual({ checked: 0, failed: [], unfinished: true });
    expect(caseOf(w, c.id).slaCheck).toEqual({ stage: 'start' });
    expect((await sweep()).checked).toBe(1);
  });

  test('a check filed anew meanwhile (a raised urgency) wins over the sweep\'s next check', async () => {
    const { w, index } = sweepWorld();
    const c = filedCase(w);
    const read: DueCheck = { caseId: c.id, check: { stage: 'start' }, at: c.slaCheckAt! };
    w.store.cases.set(c.id, { ...caseOf(w, c.id), ...checkNow('2026-02-10T11:00:05.000Z') });
    expect(await index.reschedule(read, { slaCheck: { stage: 'due', dueAt: '2026-02-10T11:30:00Z' }, slaCheckAt: '2026-02-10T11:30:00Z' })).toBe(false);
    expect(caseOf(w, c.id)).toMatchObject({ slaCheck: { stage: 'start' }, slaCheckAt: '2026-02-10T11:00:05.000Z' });
  });

  test('a warning that cannot be sent is tried at each sweep, then gives way to the breach check', async () => {
    const { w, sweep } = sweepWorld();
    const c = filedCase(w);
    await sweep();
    w.sms.failFor.add(PRIYA.phone).add(SAM.phone);
    w.email.failFor.add(PRIYA.email).add(SAM.email);
    for (let i = 1; i <= MAX_PRE_BREACH_FAILURES; i++) {
      w.clock.set(new Date(Date.parse('2026-02-10T11:24:00.000Z') + i * 1000).toISOString());
      const outcome = await sweep();
      expect(outcome.failed).toEqual([{ caseId: c.id, stage: 'pre', error: 'StepFailed' }]);
      if (i < MAX_PRE_BREACH_FAILURES) expect(caseOf(w, c.id).slaCheck).toMatchObject({ stage: 'pre', failures: i });
    }
    expect(caseOf(w, c.id)).toMatchObject({ slaCheck: { stage: 'due', dueAt: '2026-02-10T11:30:00Z' }, slaCheckAt: '2026-02-10T11:30:00.000Z' });
    // Filed in the index's one time format: at the due second itself it is due ("…:00Z" would sort after "…:00.000Z").
    w.clock.set('2026-02-10T11:30:00.000Z');
    expect((await sweep()).failed).toEqual([]);
    expect(caseOf(w, c.id).sla?.breachedAt).toBeDefined();
  });

  test('a breach check that fails stays filed as it was and runs again next sweep', async () => {
    const { w, sweep } = sweepWorld();
    const c = filedCase(w, { urgency: 'normal', category: 'question', slaDueAt: new Date(Date.parse('2026-02-10T11:00:00.000Z') + 60 * MINUTE).toISOString() });
    await sweep();
    expect(caseOf(w, c.id).slaCheck).toEqual({ stage: 'due', dueAt: '2026-02-10T12:00:00Z' });
    w.clock.set('2026-02-10T12:00:30.000Z');
    const updateClock = w.sla.updateClock.bind(w.sla);
    w.sla.updateClock = async () => {
      throw Object.assign(new Error('throttled'), { name: 'ProvisionedThroughputExceededException' });
    };
    expect((await sweep()).failed).toEqual([{ caseId: c.id, stage: 'due', error: 'ProvisionedThroughputExceededException' }]);
    expect(caseOf(w, c.id)).toMatchObject({ slaCheck: { stage: 'due' }, slaCheckAt: '2026-02-10T12:00:00.000Z' });
    w.sla.updateClock = updateClock;
    expect((await sweep()).failed).toEqual([]);
    expect(caseOf(w, c.id).slaCheck).toBeUndefined();
    expect(types(w, c.id)).toContain('sla-breached');
  });
});

describe('what files a check', () => {
  const event = (over: Partial<SocialEvent> = {}): SocialEvent =>
    ({
      id: 'x:1',
      platform: 'x',
      kind: 'mention',
      conversationId: 'x:conv:1',
      text: 'my bill is wrong',
      author: { id: 'a1', handle: 'a' },
      createdAt: '2026-02-10T11:00:00.000Z',
      receivedAt: '2026-02-10T11:00:00.000Z',
      ...over,
    }) as SocialEvent;
  const cls = (urgency: Classification['urgency']): Classification => ({
    id: 'x:1',
    category: 'complaint',
    urgency,
    sentiment: 'negative',
    sentimentScore: -0.5,
    pii: [],
    redactedText: 'my bill is wrong',
    reasons: [],
    confidence: { category: 0.9, urgency: 0.9, sentiment: 0.9 },
    model: 'test',
  });
  const now = '2026-02-10T11:00:01.000Z';

  test('a new case with a clock is checked now; one without (low) is not', () => {
    expect(newCase('c_new1', event(), cls('high'), DEFAULT_CASE_SETTINGS, now)).toMatchObject({ slaCheck: { stage: 'start' }, slaCheckAt: now });
    const low = newCase('c_new2', event(), cls('low'), DEFAULT_CASE_SETTINGS, now);
    expect(low.slaCheck).toBeUndefined();
    expect(low.slaCheckAt).toBeUndefined();
  });

  test('a follow-up that raises the urgency files a check now; one that does not, or after a response, files none', () => {
    const open = newCase('c_fold1', event(), cls('normal'), DEFAULT_CASE_SETTINGS, now);
    const later = '2026-02-10T11:05:00.000Z';
    const raised = foldPost(open, event({ id: 'x:2', receivedAt: later }), cls('high'), DEFAULT_CASE_SETTINGS, later);
    expect(raised).toMatchObject({ urgency: 'high', slaCheck: { stage: 'start' }, slaCheckAt: later });
    expect(foldPost(open, event({ id: 'x:3', receivedAt: later }), cls('normal'), DEFAULT_CASE_SETTINGS, later).slaCheckAt).toBeUndefined();
    const answered = { ...open, firstResponseAt: '2026-02-10T11:02:00.000Z' };
    expect(foldPost(answered, event({ id: 'x:4', receivedAt: later }), cls('high'), DEFAULT_CASE_SETTINGS, later).slaCheckAt).toBeUndefined();
    // A clock that breached stays breached: a raise files no new check (a second breach would count the miss twice).
    const breached = { ...open, sla: { urgency: 'normal' as const, startedAt: now, dueAt: now, preBreachAt: now, businessHoursOnly: false, breachedAt: now } };
    expect(foldPost(breached, event({ id: 'x:6', receivedAt: later }), cls('high'), DEFAULT_CASE_SETTINGS, later).slaCheckAt).toBeUndefined();
    // A low case that a follow-up raises gets its first clock, and its check.
    const low = newCase('c_fold2', event(), cls('low'), DEFAULT_CASE_SETTINGS, now);
    expect(foldPost(low, event({ id: 'x:5', receivedAt: later }), cls('normal'), DEFAULT_CASE_SETTINGS, later)).toMatchObject({ slaCheck: { stage: 'start' }, slaCheckAt: later });
  });

  test('a person who changes the urgency files a check now (the sweep recomputes the due time with business hours)', () => {
    const open = newCase('c_staff1', event(), cls('low'), DEFAULT_CASE_SETTINGS, now);
    const at = '2026-02-10T11:10:00.000Z';
    const decision = decideStaffAction(open, { type: 'reclassify', urgency: 'high', reason: 'angry' }, { id: 'u1', name: 'Priya' }, at, DEFAULT_CASE_SETTINGS);
    expect(decision).toMatchObject({ ok: true, plan: { update: { set: { urgency: 'high', slaCheck: { stage: 'start' }, slaCheckAt: at } } } });
    // A clock that breached keeps its due time and files nothing: the miss stands against the due time it was missed by.
    const missed = { ...open, urgency: 'high' as const, slaDueAt: now, sla: { urgency: 'high' as const, startedAt: now, dueAt: now, preBreachAt: now, businessHoursOnly: false, breachedAt: now } };
    const after = decideStaffAction(missed, { type: 'reclassify', urgency: 'normal', reason: 'calmer' }, { id: 'u1', name: 'Priya' }, at, DEFAULT_CASE_SETTINGS);
    expect(after.ok && after.plan.update.set).toEqual(expect.not.objectContaining({ slaDueAt: expect.anything(), slaCheckAt: expect.anything() }));
    expect(after.ok && after.plan.update.remove).toBeUndefined();
  });

  test('a check step\'s result becomes the next check: pre at its warning time, due at its due time, none when done', () => {
    const [D, P] = ['2026-02-10T11:30:00Z', '2026-02-10T11:24:00Z'];
    expect(nextCheck({ caseId: 'c_1', stage: 'pre', dueAt: D, preBreachAt: P })).toEqual({ slaCheck: { stage: 'pre', dueAt: D, preBreachAt: P }, slaCheckAt: '2026-02-10T11:24:00.000Z' });
    expect(nextCheck({ caseId: 'c_1', stage: 'due', dueAt: D })).toEqual({ slaCheck: { stage: 'due', dueAt: D }, slaCheckAt: '2026-02-10T11:30:00.000Z' });
    expect(nextCheck({ caseId: 'c_1', stage: 'done' })).toBeUndefined();
  });
});
