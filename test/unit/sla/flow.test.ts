/**
 * The SLA steps (lambdas/domain/sla/flow.ts: the sweep's clock checks, the crisis page) on in-memory ports: the due time written to the case, one
 * pre-breach warning to tier 1 for high (and unacknowledged critical) cases only, the breach recorded once, a first
 * response ending the watch, a changed urgency moving the due time, and a crisis page once per window.
 */
import type { SlaWatchState } from '../../../schemas/sla-step';
import { PAGE_CLAIM_LEASE_SECONDS } from '../../../lambdas/adapters/page-claims';
import { checkBreach, checkPreBreach, computeDue, crisisPage } from '../../../lambdas/domain/sla/flow';
import type { CrisisSample } from '../../../lambdas/domain/sla/crisis';
import { MINUTE, PRIYA, SAM, testPolicy } from '../escalation/fakes';
import { highCase, slaWorld, type SlaWorld } from './fakes';

/** Runs the watch as the state machine would, the clock jumping to each wait's timestamp. */
async function runWatch(w: SlaWorld, caseId: string, between?: (stage: SlaWatchState) => Promise<void> | void): Promise<SlaWatchState[]> {
  const states: SlaWatchState[] = [];
  let state = await computeDue({ action: 'due', caseId }, w.slaPorts);
  states.push(state);
  for (let i = 0; i < 10 && state.stage !== 'done'; i++) {
    await between?.(state);
    if (state.stage === 'pre') {
      w.clock.set(new Date(Math.max(Date.parse(state.preBreachAt!), w.clock.now().getTime())).toISOString());
      state = await checkPreBreach({ action: 'pre-breach', caseId, dueAt: state.dueAt!, preBreachAt: state.preBreachAt! }, w.slaPorts);
    } else {
      w.clock.set(new Date(Math.max(Date.parse(state.dueAt!), w.clock.now().getTime())).toISOString());
      state = await checkBreach({ action: 'breach', caseId, dueAt: state.dueAt! }, w.slaPorts);
    }
    states.push(state);
  }
  return states;
}

const caseOf = (w: SlaWorld, id: string) => w.store.cases.get(id)!;
const types = (w: SlaWorld, id: string) => w.store.timeline(id).map((t) => t.type);

describe('ComputeDue', () => {
  test('writes the business-hours-aware due time to the case and waits for the warning', async () => {
    const w = slaWorld({ policy: testPolicy({ businessHours: { days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '17:30' } }), start: '2026-02-06T18:00:00.000Z' });
    const c = highCase(w);
    const state = await computeDue({ action: 'due', caseId: c.id }, w.slaPorts);
    expect(state).toEqual({ caseId: c.id, stage: 'pre', dueAt: '2026-02-09T09:30:00Z', preBreachAt: '2026-02-09T09:24:00Z' });
    expect(caseOf(w, c.id)).toMatchObject({
      slaDueAt: '2026-02-09T09:30:00Z',
      sla: { urgency: 'high', startedAt: '2026-02-06T18:00:00.000Z', dueAt: '2026-02-09T09:30:00Z', businessHoursOnly: true },
    });
    expect(w.store.timeline(c.id)).toEqual([expect.objectContaining({ type: 'sla-clock', detail: expect.stringMatching(/first response due 9 Feb 2026, 09:30 \(Europe\/London\).*business hours/) })]);
    // A retry computes nothing new.
    const again = await computeDue({ action: 'due', caseId: c.id }, w.slaPorts);
    expect(again).toEqual(state);
    expect(w.store.timeline(c.id)).toHaveLength(1);
  });

  test('a normal case waits for its due time directly (no warning); low, responded and resolved cases end the watch', async () => {
    const w = slaWorld();
    const normal = highCase(w, { urgency: 'normal', category: 'question', slaDueAt: new Date(w.clock.now().getTime() + 60 * MINUTE).toISOString() });
    expect(await computeDue({ action: 'due', caseId: normal.id }, w.slaPorts)).toMatchObject({ stage: 'due', dueAt: '2026-02-10T12:00:00Z' });
    const low = highCase(w, { urgency: 'low', category: 'praise', slaDueAt: undefined });
    expect(await computeDue({ action: 'due', caseId: low.id }, w.slaPorts)).toEqual({ caseId: low.id, stage: 'done' });
    const answered = highCase(w, { firstResponseAt: w.clock.now().toISOString() });
    expect(await computeDue({ action: 'due', caseId: answered.id }, w.slaPorts)).toEqual({ caseId: answered.id, stage: 'done' });
    const resolved = highCase(w, { status: 'resolved' });
    expect(await computeDue({ action: 'due', caseId: resolved.id }, w.slaPorts)).toEqual({ caseId: resolved.id, stage: 'done' });
    expect(await computeDue({ action: 'due', caseId: 'c_nosuchcase' }, w.slaPorts)).toEqual({ caseId: 'c_nosuchcase', stage: 'done' });
  });
});

describe('a high case nobody answers', () => {
  test('tier 1 is warned once by SMS and email, then the breach is recorded once, with a metric', async () => {
    const w = slaWorld();
    const c = highCase(w);
    const states = await runWatch(w, c.id);
    expect(states.map((s) => s.stage)).toEqual(['pre', 'due', 'done']);

    expect(w.sms.sent.map((s) => s.to).sort()).toEqual([PRIYA.phone, SAM.phone].sort());
    const sms = w.sms.to(PRIYA.phone)[0]!.body;
    expect(sms).toMatch(/^SLA HIGH complaint - facebook comment/);
    expect(sms).toMatch(/First response due in 6 min \(11:30\), nobody has responded/);
    expect(sms).toContain(`Case ${c.id}`);
    expect(sms).toMatch(/Acknowledge: https:\/\/care\.example\.com\/ack\/[A-Za-z0-9_-]{43}$/);
    expect(sms).not.toMatch(/dana_r|Dana/);
    expect(w.email.sent.map((e) => e.to[0]).sort()).toEqual([PRIYA.email, SAM.email].sort());
    expect(w.email.to(PRIYA.email)[0]!.content.subject).toBe(`[SLA] HIGH facebook comment — case ${c.id}: first response due in 6 min`);

    const stored = caseOf(w, c.id);
    expect(stored.sla).toMatchObject({ preBreachPagedAt: '2026-02-10T11:24:00.000Z', breachedAt: '2026-02-10T11:30:00.000Z' });
    expect(types(w, c.id)).toEqual(['sla-clock', 'sla-warning', 'sla-breached']);
    expect(w.metrics.named('SlaBreaches')).toEqual([{ name: 'SlaBreaches', value: 1, unit: 'Count', dimensions: { urgency: 'high' } }]);
    expect(w.metrics.named('SlaWarnings')).toHaveLength(1);

    // Retried steps change nothing.
    await checkPreBreach({ action: 'pre-breach', caseId: c.id, dueAt: stored.sla!.dueAt, preBreachAt: stored.sla!.preBreachAt }, w.slaPorts);
    await checkBreach({ action: 'breach', caseId: c.id, dueAt: stored.sla!.dueAt }, w.slaPorts);
    expect(w.sms.sent).toHaveLength(2);
    expect(w.metrics.named('SlaBreaches')).toHaveLength(1);
  });

  test('a warning step run twice never texts anyone twice', async () => {
    const w = slaWorld();
    const c = highCase(w);
    const first = await computeDue({ action: 'due', caseId: c.id }, w.slaPorts);
    w.clock.set(first.preBreachAt!);
    w.email.failFor.add(SAM.email);
    await checkPreBreach({ action: 'pre-breach', caseId: c.id, dueAt: first.dueAt!, preBreachAt: first.preBreachAt! }, w.slaPorts);
    // One contact reached is a warning given: the stage is over, and running the step again sends nothing.
    await checkPreBreach({ action: 'pre-breach', caseId: c.id, dueAt: first.dueAt!, preBreachAt: first.preBreachAt! }, w.slaPorts);
    expect(w.sms.sent).toHaveLength(2);
    expect(w.email.sent.map((e) => e.to[0])).toEqual([PRIYA.email]);
    expect(caseOf(w, c.id).sla?.preBreachCheckedAt).toBeDefined();
  });

  test('a warning whose link code cannot be written is not lost: the step fails with its claims given back, and the retry warns', async () => {
    const w = slaWorld();
    const c = highCase(w, { author: { id: 'x-1', name: 'Zed'.repeat(6_667) } });
    const first = await computeDue({ action: 'due', caseId: c.id }, w.slaPorts);
    w.clock.set(first.preBreachAt!);
    w.links.failNextPuts = 2;
    const step = { action: 'pre-breach' as const, caseId: c.id, dueAt: first.dueAt!, preBreachAt: first.preBreachAt! };
    await expect(checkPreBreach(step, w.slaPorts)).rejects.toThrow(/no SLA warning/);
    expect(w.sms.attempts).toHaveLength(0);
    w.clock.advance(2000);
    await checkPreBreach(step, w.slaPorts);
    expect(w.sms.sent.map((s) => s.to).sort()).toEqual([PRIYA.phone, SAM.phone].sort());
    for (const s of w.sms.sent) expect(s.body).not.toContain('ZedZed');
    expect(types(w, c.id)).toContain('sla-warning');
  });

  test('nobody reachable: the step fails (the state machine retries, then goes on to the due time)', async () => {
    const w = slaWorld();
    const c = highCase(w);
    const first = await computeDue({ action: 'due', caseId: c.id }, w.slaPorts);
    w.clock.set(first.preBreachAt!);
    for (const p of [PRIYA, SAM]) {
      w.sms.failFor.add(p.phone);
      w.email.failFor.add(p.email);
    }
    await expect(checkPreBreach({ action: 'pre-breach', caseId: c.id, dueAt: first.dueAt!, preBreachAt: first.preBreachAt! }, w.slaPorts)).rejects.toThrow(/no SLA warning/);
    expect(caseOf(w, c.id).sla?.preBreachCheckedAt).toBeUndefined();
  });
});

describe('what stops or changes the clock', () => {
  test('a first response before the warning: no page, no breach', async () => {
    const w = slaWorld();
    const c = highCase(w);
    await runWatch(w, c.id, (s) => {
      if (s.stage === 'pre') w.store.cases.set(c.id, { ...caseOf(w, c.id), firstResponseAt: w.clock.now().toISOString() });
    });
    expect(w.sms.sent).toEqual([]);
    expect(caseOf(w, c.id).sla?.breachedAt).toBeUndefined();
    expect(types(w, c.id)).toEqual(['sla-clock']);
  });

  test('a first response after the warning but in time: no breach', async () => {
    const w = slaWorld();
    const c = highCase(w);
    await runWatch(w, c.id, (s) => {
      if (s.stage === 'due') w.store.cases.set(c.id, { ...caseOf(w, c.id), firstResponseAt: w.clock.now().toISOString() });
    });
    expect(w.sms.sent).toHaveLength(2);
    expect(caseOf(w, c.id).sla?.breachedAt).toBeUndefined();
    expect(w.metrics.named('SlaBreaches')).toEqual([]);
  });

  test('normal cases are never warned; their breach is recorded', async () => {
    const w = slaWorld();
    const c = highCase(w, { urgency: 'normal', category: 'question', slaDueAt: new Date(w.clock.now().getTime() + 60 * MINUTE).toISOString() });
    await runWatch(w, c.id);
    expect(w.sms.sent).toEqual([]);
    expect(caseOf(w, c.id).sla?.breachedAt).toBe('2026-02-10T12:00:00.000Z');
  });

  test('critical cases are warned only while nobody has acknowledged them', async () => {
    const w = slaWorld();
    const acked = highCase(w, {
      urgency: 'critical',
      category: 'threat',
      slaDueAt: new Date(w.clock.now().getTime() + 15 * MINUTE).toISOString(),
      status: 'acknowledged',
      escalation: { state: 'acknowledged', tier: 1, acknowledgedBy: 'Priya Shah', acknowledgedAt: w.clock.now().toISOString() },
    });
    await runWatch(w, acked.id);
    expect(w.sms.sent).toEqual([]);
    const unacked = highCase(w, { urgency: 'critical', category: 'threat', slaDueAt: new Date(w.clock.now().getTime() + 15 * MINUTE).toISOString() });
    await runWatch(w, unacked.id);
    expect(w.sms.sent.map((s) => s.body).every((b) => b.startsWith('SLA CRITICAL threat'))).toBe(true);
    expect(w.sms.sent).toHaveLength(2);
  });

  test('a case raised to critical while waiting gets the critical target, counted from its first post', async () => {
    const w = slaWorld();
    const c = highCase(w);
    const first = await computeDue({ action: 'due', caseId: c.id }, w.slaPorts);
    w.store.cases.set(c.id, { ...caseOf(w, c.id), urgency: 'critical' });
    w.clock.set(first.preBreachAt!); // 11:24, past the critical due time of 11:15
    const next = await checkPreBreach({ action: 'pre-breach', caseId: c.id, dueAt: first.dueAt!, preBreachAt: first.preBreachAt! }, w.slaPorts);
    expect(next).toEqual({ caseId: c.id, stage: 'due', dueAt: '2026-02-10T11:15:00Z' });
    expect(await checkBreach({ action: 'breach', caseId: c.id, dueAt: next.dueAt! }, w.slaPorts)).toMatchObject({ stage: 'done' });
    expect(caseOf(w, c.id).sla).toMatchObject({ urgency: 'critical', dueAt: '2026-02-10T11:15:00Z', breachedAt: '2026-02-10T11:24:00.000Z' });
  });

  test('a case lowered to normal while waiting waits for its later due time, and reclassified to low stops', async () => {
    const w = slaWorld();
    const c = highCase(w);
    const first = await computeDue({ action: 'due', caseId: c.id }, w.slaPorts);
    w.store.cases.set(c.id, { ...caseOf(w, c.id), urgency: 'normal' });
    w.clock.set(first.preBreachAt!);
    expect(await checkPreBreach({ action: 'pre-breach', caseId: c.id, dueAt: first.dueAt!, preBreachAt: first.preBreachAt! }, w.slaPorts)).toEqual({
      caseId: c.id,
      stage: 'due',
      dueAt: '2026-02-10T12:00:00Z',
    });
    w.store.cases.set(c.id, { ...caseOf(w, c.id), urgency: 'low' });
    w.clock.set('2026-02-10T12:00:00Z');
    expect(await checkBreach({ action: 'breach', caseId: c.id, dueAt: '2026-02-10T12:00:00Z' }, w.slaPorts)).toMatchObject({ stage: 'done' });
    expect(caseOf(w, c.id).sla?.breachedAt).toBeUndefined();
  });
});

describe('CrisisPage', () => {
  const minute = Math.floor(Date.parse('2026-02-10T11:03:00Z') / 60_000);
  const windowStart = Math.floor(minute / 10) * 10;
  const sample = (caseId: string, quote: string): CrisisSample => ({ caseId, platform: 'facebook', quote, at: '2026-02-10T11:03:00.000Z' });

  test('pages tier 1 once with the evidence, keeps the alert record, writes no case', async () => {
    const w = slaWorld({ start: '2026-02-10T11:03:10.000Z' });
    w.sla.addPosts('p-facebook', minute - 1, 'facebook', 6, [sample('c_a', 'my order never came'), sample('c_b', 'app is down again')]);
    w.sla.addPosts('p-facebook', minute, 'facebook', 5, [sample('c_c', 'charged twice [card]')]);
    const input = { action: 'crisis' as const, scope: 'p-facebook', windowStart, windowMinutes: 10, count: 10, threshold: 10 };
    await crisisPage(input, w.slaPorts);
    await crisisPage(input, w.slaPorts); // a retry
    expect(w.sms.sent.map((s) => s.to).sort()).toEqual([PRIYA.phone, SAM.phone].sort());
    const sms = w.sms.to(PRIYA.phone)[0]!.body;
    expect(sms).toMatch(/^CRISIS - 11 negative posts in 10 min on Facebook \(alert at 10\)/);
    expect(sms).toContain('"my order never came"');
    expect(sms).not.toMatch(/c_a|c_b|c_c/);
    const mail = w.email.to(PRIYA.email)[0]!.content;
    expect(mail.subject).toBe('[CRISIS] 11 negative posts in 10 min on Facebook');
    expect(mail.text).toContain('- c_c (facebook): "charged twice [card]"');
    expect(w.sla.alerts.get(`p-facebook#${windowStart}`)).toMatchObject({ state: 'paged', count: 11, paged: expect.arrayContaining(['Priya Shah', 'Sam Lee']), byPlatform: { facebook: 11 } });
    expect(w.store.cases.size).toBe(0);
    expect(w.metrics.named('CrisisAlerts')).toEqual([{ name: 'CrisisAlerts', value: 1, unit: 'Count', dimensions: { scope: 'platform' } }]);
  });

  test('pages claimed by an attempt that died before sending are neither lost nor doubled: the retry sends them once that attempt is over', async () => {
    const w = slaWorld({ start: '2026-02-10T11:03:10.000Z' });
    w.sla.addPosts('p-facebook', minute, 'facebook', 10);
    const input = { action: 'crisis' as const, scope: 'p-facebook', windowStart, windowMinutes: 10, count: 10, threshold: 10 };
    const claimedAt = w.clock.now().toISOString();
    for (const key of ['0#sms', '0#email', '1#sms', '1#email']) expect(await w.sla.claimPage(windowStart, key, claimedAt)).toBe('claimed');
    w.clock.advance(3000);
    await expect(crisisPage(input, w.slaPorts)).rejects.toThrow(/still being sent/);
    expect(w.sms.attempts).toHaveLength(0);
    w.clock.advance(PAGE_CLAIM_LEASE_SECONDS * 1000);
    await crisisPage(input, w.slaPorts);
    await crisisPage(input, w.slaPorts);
    expect(w.sms.sent.map((s) => s.to).sort()).toEqual([PRIYA.phone, SAM.phone].sort());
    expect(w.email.sent).toHaveLength(2);
    expect(w.metrics.named('CrisisAlerts')).toHaveLength(1);
  });

  test('the overall alert of a window a platform alert already paged pages nobody (one page per window)', async () => {
    const w = slaWorld({ start: '2026-02-10T11:03:10.000Z' });
    w.sla.addPosts('p-facebook', minute, 'facebook', 10);
    w.sla.addPosts('all', minute, 'facebook', 10);
    w.sla.addPosts('all', minute, 'x', 12);
    await crisisPage({ action: 'crisis', scope: 'p-facebook', windowStart, windowMinutes: 10, count: 10, threshold: 10 }, w.slaPorts);
    await crisisPage({ action: 'crisis', scope: 'all', windowStart, windowMinutes: 10, count: 22, threshold: 20 }, w.slaPorts);
    expect(w.sms.sent).toHaveLength(2);
    expect(w.sla.alerts.get(`all#${windowStart}`)).toMatchObject({ state: 'covered', coveredBy: 'p-facebook', byPlatform: { facebook: 10, x: 12 } });
  });

  test('one page per surge: within W minutes of the previous window\'s page, the next window\'s alert is covered by it; after, a surge still going pages again', async () => {
    const w = slaWorld({ start: '2026-02-10T11:09:56.000Z' });
    const first = Math.floor(Date.parse('2026-02-10T11:00:00Z') / 60_000);
    w.sla.addPosts('p-x', first + 9, 'x', 10);
    await crisisPage({ action: 'crisis', scope: 'p-x', windowStart: first, windowMinutes: 10, count: 10, threshold: 10 }, w.slaPorts);
    expect(w.sms.sent).toHaveLength(2);
    // The surge runs past 11:10: the sliding count reaches the threshold again 4 s later, in the next window.
    w.clock.set('2026-02-10T11:10:00.000Z');
    w.sla.addPosts('p-x', first + 10, 'x', 10);
    await crisisPage({ action: 'crisis', scope: 'p-x', windowStart: first + 10, windowMinutes: 10, count: 20, threshold: 10 }, w.slaPorts);
    // One late post at 11:19:50 would count the whole surge again: still covered.
    w.clock.set('2026-02-10T11:19:50.000Z');
    await crisisPage({ action: 'crisis', scope: 'all', windowStart: first + 10, windowMinutes: 10, count: 21, threshold: 20 }, w.slaPorts);
    expect(w.sms.sent).toHaveLength(2);
    expect(w.sla.alerts.get(`p-x#${first + 10}`)).toMatchObject({ state: 'covered', coveredBy: `window ${first}` });
    expect(w.sla.alerts.get(`all#${first + 10}`)).toMatchObject({ state: 'covered', coveredBy: `window ${first}` });
    // Ten minutes after the page, a surge still going pages again (the next window's alert).
    w.clock.set('2026-02-10T11:20:05.000Z');
    w.sla.addPosts('p-x', first + 20, 'x', 10);
    await crisisPage({ action: 'crisis', scope: 'p-x', windowStart: first + 20, windowMinutes: 10, count: 10, threshold: 10 }, w.slaPorts);
    expect(w.sms.sent).toHaveLength(4);
  });

  test('an overall alert lists the platforms, largest first', async () => {
    const w = slaWorld({ start: '2026-02-10T11:03:10.000Z' });
    w.sla.addPosts('all', minute, 'x', 4);
    w.sla.addPosts('all', minute, 'facebook', 16);
    await crisisPage({ action: 'crisis', scope: 'all', windowStart, windowMinutes: 10, count: 20, threshold: 20 }, w.slaPorts);
    expect(w.sms.to(PRIYA.phone)[0]!.body).toMatch(/^CRISIS - 20 negative posts in 10 min \(alert at 20\)\nfacebook 16, x 4\n/);
    expect(w.metrics.named('CrisisAlerts')[0]!.dimensions).toEqual({ scope: 'overall' });
  });
});
