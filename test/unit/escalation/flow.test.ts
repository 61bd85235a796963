/**
 * The escalation steps (lambdas/domain/escalation/flow.ts) against in-memory ports (./fakes.ts): what each step
 * decides, what it sends, and that a retried step never sends twice.
 */
import { PAGE_CLAIM_LEASE_SECONDS } from '../../../lambdas/adapters/page-claims';
import { hashCode } from '../../../lambdas/domain/links/codes';
import { checkAck, markExhausted, notifyTier, plan, recordOfferFailure, runEscalationStep, sendOffer } from '../../../lambdas/domain/escalation/flow';
import { acknowledge, viewAck } from '../../../lambdas/domain/escalation/respond';
import { currentEscalationId, DEFAULT_CASE_SETTINGS, foldPost, withFold } from '../../../lambdas/domain/cases/rules';
import { SocialEventSchema } from '../../../schemas/social-event';
import { ALEX, BASE_URL, DAY, MINUTE, PRIYA, SAM, codesIn, storedCase, testPolicy, world, type World } from './fakes';

const notify = (caseId: string, round = 1, tier = 1) => ({ action: 'notify' as const, caseId, round, tier });
const check = (caseId: string, round = 1, tier = 1) => ({ action: 'check' as const, caseId, round, tier });

describe('plan', () => {
  const cases: Array<[string, Parameters<typeof storedCase>[0], 'critical' | 'complaint' | 'threat', { page: boolean; offer: boolean }]> = [
    ['a critical threat, critical reason: pages and offers', { urgency: 'critical', category: 'threat' }, 'critical', { page: true, offer: true }],
    ['a critical question: pages, no offer', { urgency: 'critical', category: 'question' }, 'critical', { page: true, offer: false }],
    ['a critical praise: pages, no offer', { urgency: 'critical', category: 'praise' }, 'critical', { page: true, offer: false }],
    ['a high complaint: offers, no page', { urgency: 'high', category: 'complaint' }, 'complaint', { page: false, offer: true }],
    ['a normal threat: offers, no page', { urgency: 'normal', category: 'threat' }, 'threat', { page: false, offer: true }],
    ['a case downgraded below critical since the flow started: no page', { urgency: 'high', category: 'question' }, 'critical', { page: false, offer: false }],
    ['a high question: neither', { urgency: 'high', category: 'question' }, 'complaint', { page: false, offer: false }],
    ['a low praise: neither', { urgency: 'low', category: 'praise' }, 'complaint', { page: false, offer: false }],
  ];
  it.each(cases)('%s', async (_name, over, reason, expected) => {
    const w = world();
    const c = w.store.addCase(storedCase(over));
    const result = await plan({ action: 'plan', caseId: c.id, reason }, w.ports);
    expect(result).toEqual({ caseId: c.id, escalationId: `${c.id}-critical`, reason, ...expected, cursor: { round: 1, tier: 1, outcome: 'page' } });
  });

  it('does nothing for a resolved case', async () => {
    const w = world();
    const c = w.store.addCase(storedCase({ status: 'resolved', urgency: 'critical', category: 'complaint' }));
    const result = await plan({ action: 'plan', caseId: c.id, reason: 'critical' }, w.ports);
    expect(result).toMatchObject({ page: false, offer: false });
  });

  it('offers no second time when the case has an offer already', async () => {
    const w = world();
    const c = w.store.addCase(storedCase({ category: 'complaint', urgency: 'high', offer: { state: 'sent', sentAt: '2026-03-10T10:01:00.000Z' } }));
    expect(await plan({ action: 'plan', caseId: c.id, reason: 'complaint' }, w.ports)).toMatchObject({ page: false, offer: false });
  });

  it('does not page an escalation that was acknowledged (a staff member came first) or exhausted', async () => {
    const w = world();
    for (const state of ['acknowledged', 'exhausted'] as const) {
      const c = w.store.addCase(storedCase({ category: 'question', escalation: { state, tier: 1, round: 1 } }));
      expect(await plan({ action: 'plan', caseId: c.id, reason: 'critical' }, w.ports)).toMatchObject({ page: false, offer: false });
    }
  });

  it('pages its own escalation, started by the post (paging, tier 0), and not one a newer escalation replaced', async () => {
    const w = world();
    const c = w.store.addCase(storedCase({ category: 'question', escalation: { id: 'c_x-critical', state: 'paging', tier: 0 } }));
    const later = storedCase({ category: 'question' });
    const own = w.store.addCase({ ...later, escalation: { id: `${later.id}-critical-abc`, state: 'paging', tier: 0 } });
    expect(await plan({ action: 'plan', caseId: c.id, reason: 'critical' }, w.ports)).toMatchObject({ page: false });
    expect(await plan({ action: 'plan', caseId: own.id, reason: 'critical', escalationId: `${own.id}-critical-abc` }, w.ports)).toMatchObject({
      page: true,
      escalationId: `${own.id}-critical-abc`,
    });
    expect(await plan({ action: 'plan', caseId: own.id, reason: 'critical' }, w.ports)).toMatchObject({ page: false });
    expect(w.store.timelineKeys(own.id)).toEqual(['escalation#plan#abc#critical', 'escalation#plan#critical']);
  });

  it('writes one escalation-planned timeline entry saying what it will do (idempotent when re-run)', async () => {
    const w = world();
    const c = w.store.addCase(storedCase());
    await plan({ action: 'plan', caseId: c.id, reason: 'critical' }, w.ports);
    await plan({ action: 'plan', caseId: c.id, reason: 'critical' }, w.ports);
    const t = w.store.timeline(c.id);
    expect(t).toHaveLength(1);
    expect(t[0]).toEqual({
      at: w.clock.now().toISOString(),
      type: 'escalation-planned',
      detail: 'escalation (critical): page on-call and offer the customer a way to continue',
      data: { reason: 'critical', page: true, offer: true, escalation: `${c.id}-critical` },
    });

    const q = w.store.addCase(storedCase({ urgency: 'high', category: 'question' }));
    await plan({ action: 'plan', caseId: q.id, reason: 'complaint' }, w.ports);
    expect(w.store.timeline(q.id)).toEqual([expect.objectContaining({ type: 'escalation-planned', detail: 'escalation (complaint): nothing to do' })]);
  });

  it('for an unknown case: neither, and nothing written', async () => {
    const w = world();
    const before = w.store.snapshot();
    expect(await plan({ action: 'plan', caseId: 'c_nope', reason: 'critical' }, w.ports)).toMatchObject({ page: false, offer: false });
    expect(w.store.snapshot()).toEqual(before);
  });
});

describe('notifyTier', () => {
  function paged(w: World, caseId: string) {
    return w.links.all().filter((r) => r.caseId === caseId && r.kind === 'ack');
  }

  it('sends one SMS and one email per contact of the tier, each with its own ack code', async () => {
    const w = world();
    const c = w.store.addCase(storedCase());
    const result = await notifyTier(notify(c.id), w.ports);

    expect(result).toEqual({ acknowledged: false, waitSeconds: 90 });
    expect(w.sms.sent.map((s) => s.to).sort()).toEqual([PRIYA.phone, SAM.phone].sort());
    expect(w.email.sent.map((e) => e.to)).toEqual(expect.arrayContaining([[PRIYA.email], [SAM.email]]));
    expect(w.email.sent).toHaveLength(2);
    expect(w.sms.to(ALEX.phone)).toHaveLength(0);

    // One code per contact, the same in their SMS and email; distinct between contacts.
    const codeFor = (contact: typeof PRIYA) => {
      const smsCodes = codesIn(w.sms.to(contact.phone)[0]!.body, 'ack');
      const mail = w.email.to(contact.email)[0]!.content;
      const mailCodes = new Set([...codesIn(mail.text, 'ack'), ...codesIn(mail.html, 'ack')]);
      expect(smsCodes).toHaveLength(1);
      expect([...mailCodes]).toEqual(smsCodes);
      return smsCodes[0]!;
    };
    const priya = codeFor(PRIYA);
    const sam = codeFor(SAM);
    expect(priya).not.toBe(sam);

    // The store holds only the hashes, as ack links of this case with tier, round and contact.
    expect(w.links.records.get(hashCode(priya))).toEqual({ kind: 'ack', caseId: c.id, expiresAt: new Date(w.clock.now().getTime() + 24 * 3600_000).toISOString(), data: { tier: 1, round: 1, contact: PRIYA.name, escalation: `${c.id}-critical` } });
    expect(w.links.records.get(hashCode(sam))).toMatchObject({ kind: 'ack', caseId: c.id, data: { tier: 1, round: 1, contact: SAM.name } });
    expect(paged(w, c.id)).toHaveLength(2);
    for (const hash of w.links.records.keys()) expect(hash).toMatch(/^[0-9a-f]{64}$/);

    // The case is paging tier 1, the timeline says who was paged, the metrics count it.
    // …quoting the first post (the only critical one), which the escalation records as paged.
    expect((await w.store.getCase(c.id))!.escalation).toEqual({
      id: `${c.id}-critical`,
      state: 'paging',
      tier: 1,
      round: 1,
      pagedAt: w.clock.now().toISOString(),
      pagedEventId: c.firstEventId,
    });
    const pageSent = w.store.timeline(c.id).filter((e) => e.type === 'page-sent');
    expect(pageSent).toHaveLength(1);
    expect(pageSent[0]!.detail).toContain('Priya Shah (SMS and email)');
    expect(pageSent[0]!.detail).toContain('Sam Lee (SMS and email)');
    expect(pageSent[0]!.data).toEqual({ round: 1, tier: 1, contacts: expect.arrayContaining([PRIYA.name, SAM.name]), escalation: `${c.id}-critical` });
    expect(w.metrics.named('PagesSent')).toEqual([{ name: 'PagesSent', value: 2 }]);
  });

  it('never puts the author handle (or the post link) in the SMS, though the email may name them', async () => {
    const w = world();
    const c = w.store.addCase(
      storedCase({ text: '@dan_p says: DAN_P was ignored, dan_p will call the papers (dan_p)', author: { id: 'a1', handle: '@dan_p', name: 'Dan Price' } }),
    );
    await notifyTier(notify(c.id), w.ports);
    expect(w.sms.sent).toHaveLength(2);
    for (const s of w.sms.sent) {
      expect(s.body.toLowerCase()).not.toContain('dan_p');
      expect(s.body).not.toContain('facebook.com');
      expect(s.body.length).toBeLessThanOrEqual(306);
    }
    expect(w.email.sent[0]!.content.text).toContain('@dan_p');
  });

  it('returns the tier’s ackTimeoutSeconds as the wait', async () => {
    const w = world();
    const c = w.store.addCase(storedCase());
    expect(await notifyTier(notify(c.id, 1, 2), w.ports)).toEqual({ acknowledged: false, waitSeconds: 300 });
    expect(w.sms.sent.map((s) => s.to)).toEqual([ALEX.phone]);
    expect(w.links.all()[0]!.data).toEqual({ tier: 2, round: 1, contact: ALEX.name, escalation: `${c.id}-critical` });
  });

  it('after an acknowledgement sends nothing and says acknowledged', async () => {
    const w = world();
    const c = w.store.addCase(storedCase());
    await w.store.acknowledge(c.id, PRIYA.name, w.clock.now().toISOString());
    const before = w.store.snapshot();
    expect(await notifyTier(notify(c.id, 1, 2), w.ports)).toEqual({ acknowledged: true, waitSeconds: 0 });
    expect(w.sms.attempts).toHaveLength(0);
    expect(w.email.attempts).toHaveLength(0);
    expect(w.links.all()).toHaveLength(0);
    expect(w.store.snapshot()).toEqual(before);
  });

  it('sends nothing for a resolved case', async () => {
    const w = world();
    const c = w.store.addCase(storedCase({ status: 'resolved' }));
    expect(await notifyTier(notify(c.id), w.ports)).toEqual({ acknowledged: true, waitSeconds: 0 });
    expect(w.sms.attempts).toHaveLength(0);
    expect(w.email.attempts).toHaveLength(0);
  });

  it('a retry of the same round and tier sends nothing new', async () => {
    const w = world();
    const c = w.store.addCase(storedCase());
    await notifyTier(notify(c.id), w.ports);
    w.clock.advance(2000);
    expect(await notifyTier(notify(c.id), w.ports)).toEqual({ acknowledged: false, waitSeconds: 90 });
    expect(w.sms.attempts).toHaveLength(2);
    expect(w.email.attempts).toHaveLength(2);
    expect(w.links.all()).toHaveLength(2);
    expect(w.store.timeline(c.id).filter((e) => e.type === 'page-sent')).toHaveLength(1);
    expect(w.metrics.named('PagesSent')).toHaveLength(1);
  });

  it('the next round of the same tier is paged again, with new codes', async () => {
    const w = world();
    const c = w.store.addCase(storedCase());
    await notifyTier(notify(c.id, 1, 1), w.ports);
    await notifyTier(notify(c.id, 2, 1), w.ports);
    expect(w.sms.sent).toHaveLength(4);
    expect(new Set(w.sms.sent.map((s) => codesIn(s.body, 'ack')[0])).size).toBe(4);
    expect(w.links.all().filter((r) => r.data?.['round'] === 2)).toHaveLength(2);
  });

  it('when one SMS fails: the rest of the tier is paged, that claim is released, and a rerun sends only that SMS', async () => {
    const w = world();
    const c = w.store.addCase(storedCase());
    w.sms.failFor.add(SAM.phone);

    // One unreachable contact must not hold up the tier: no throw, the wait starts.
    expect(await notifyTier(notify(c.id), w.ports)).toEqual({ acknowledged: false, waitSeconds: 90 });
    expect(w.sms.sent.map((s) => s.to)).toEqual([PRIYA.phone]);
    expect(w.email.sent).toHaveLength(2);
    expect(w.store.claims.has(`${c.id}|page#1#1#1#sms`)).toBe(false); // released
    expect(w.store.claims.has(`${c.id}|page#1#1#1#email`)).toBe(true);
    expect(w.store.claims.has(`${c.id}|page#1#1#0#sms`)).toBe(true);
    const failed = w.store.timeline(c.id).filter((e) => e.type === 'page-failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]!.detail).toContain('Sam Lee (SMS)');
    expect(failed[0]!.detail).toContain('the rest of tier 1 was paged');
    expect(failed[0]!.detail).not.toContain(SAM.phone);
    expect(w.metrics.named('PageFailures')).toEqual([{ name: 'PageFailures', value: 1 }]);

    // The provider recovers; a rerun of the step (a Lambda-level retry) sends what is missing.
    w.sms.failFor.clear();
    w.clock.advance(2000);
    expect(await notifyTier(notify(c.id), w.ports)).toEqual({ acknowledged: false, waitSeconds: 90 });
    expect(w.sms.sent.map((s) => s.to)).toEqual([PRIYA.phone, SAM.phone]);
    expect(w.email.sent).toHaveLength(2); // no duplicate emails
    const retryCode = codesIn(w.sms.sent[1]!.body, 'ack')[0]!;
    expect(w.links.records.get(hashCode(retryCode))).toMatchObject({ kind: 'ack', data: { contact: SAM.name, tier: 1, round: 1 } });
    const sent = w.store.timeline(c.id).filter((e) => e.type === 'page-sent');
    expect(sent.map((e) => e.data?.['contacts'])).toEqual([expect.arrayContaining([PRIYA.name, SAM.name]), [SAM.name]]);
    expect(sent[1]!.detail).toContain('Sam Lee (SMS)');

    // And a third run sends nothing at all.
    await notifyTier(notify(c.id), w.ports);
    expect(w.sms.attempts).toHaveLength(3); // Priya, Sam (failed), Sam (retry) … and nothing more
    expect(w.sms.sent).toHaveLength(2);
    expect(w.email.attempts).toHaveLength(2);
  });

  it('when an email fails, the retry sends only that email', async () => {
    const w = world();
    const c = w.store.addCase(storedCase());
    w.email.failFor.add(PRIYA.email);
    await expect(notifyTier(notify(c.id), w.ports)).resolves.toEqual({ acknowledged: false, waitSeconds: 90 });
    w.email.failFor.clear();
    await notifyTier(notify(c.id), w.ports);
    expect(w.sms.sent).toHaveLength(2);
    expect(w.email.sent.map((e) => e.to[0])).toEqual(expect.arrayContaining([PRIYA.email, SAM.email]));
    expect(w.email.sent).toHaveLength(2);
    expect(w.email.to(PRIYA.email)).toHaveLength(1);
  });

  it('a link code that cannot be written (a throttled table) gives the claims back: nobody reached, page-failed, and the retry pages', async () => {
    const w = world();
    const c = w.store.addCase(storedCase());
    w.links.failNextPuts = 2;
    await expect(notifyTier(notify(c.id), w.ports)).rejects.toThrow(/no page of tier 1 could be sent/);
    expect(w.sms.attempts).toHaveLength(0);
    expect(w.store.claims.size).toBe(0);
    const failed = w.store.timeline(c.id).filter((e) => e.type === 'page-failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]!.detail).toContain('could not reach anyone in tier 1');
    expect(failed[0]!.detail).not.toContain('throughput');
    expect(w.metrics.named('PageFailures')).toEqual([{ name: 'PageFailures', value: 4 }]);

    // Step Functions retries the step: everyone is paged, once.
    w.clock.advance(2000);
    await notifyTier(notify(c.id), w.ports);
    expect(w.sms.sent.map((s) => s.to).sort()).toEqual([PRIYA.phone, SAM.phone].sort());
    expect(w.email.sent).toHaveLength(2);
    await notifyTier(notify(c.id), w.ports);
    expect(w.sms.attempts).toHaveLength(2);
  });

  it('pages claimed by an attempt that died before sending them are sent by a retry once that attempt is surely over, and only then', async () => {
    const w = world();
    const c = w.store.addCase(storedCase());
    // An attempt took every claim of tier 1 and was killed (out of memory, a lost invoke) before sending.
    const claimedAt = w.clock.now().toISOString();
    for (const key of ['page#1#1#0#sms', 'page#1#1#0#email', 'page#1#1#1#sms', 'page#1#1#1#email']) expect(await w.store.claimPage(c.id, key, claimedAt)).toBe('claimed');

    // While that attempt could still be running, its pages are neither counted as sent nor sent twice: the step fails, to be retried.
    w.clock.advance(5000);
    await expect(notifyTier(notify(c.id), w.ports)).rejects.toThrow(/still being sent/);
    expect(w.sms.attempts).toHaveLength(0);
    expect(w.store.timeline(c.id).filter((e) => e.type === 'page-sent')).toHaveLength(0);

    w.clock.advance(PAGE_CLAIM_LEASE_SECONDS * 1000);
    expect(await notifyTier(notify(c.id), w.ports)).toEqual({ acknowledged: false, waitSeconds: 90 });
    expect(w.sms.sent.map((s) => s.to).sort()).toEqual([PRIYA.phone, SAM.phone].sort());
    expect(w.email.sent).toHaveLength(2);

    // Sent claims stay sent, however long after.
    w.clock.advance(10 * PAGE_CLAIM_LEASE_SECONDS * 1000);
    await notifyTier(notify(c.id), w.ports);
    expect(w.sms.attempts).toHaveLength(2);
    expect(w.email.attempts).toHaveLength(2);
  });

  it('pages the last tier when the tier index is beyond the policy (a policy shortened mid-escalation)', async () => {
    const w = world();
    const c = w.store.addCase(storedCase());
    const result = await notifyTier(notify(c.id, 1, 5), w.ports);
    expect(result).toEqual({ acknowledged: false, waitSeconds: 300 });
    expect(w.sms.sent.map((s) => s.to)).toEqual([ALEX.phone]);
    expect(w.email.sent.map((e) => e.to)).toEqual([[ALEX.email]]);
  });

  it('records TimeToPage only for round 1, tier 1', async () => {
    const w = world({ start: '2026-03-10T10:00:30.000Z' });
    const c = w.store.addCase(storedCase({ receivedAt: '2026-03-10T10:00:00.000Z' }));
    await notifyTier(notify(c.id, 1, 1), w.ports);
    expect(w.metrics.named('TimeToPage')).toEqual([{ name: 'TimeToPage', value: 30_000, unit: 'Milliseconds' }]);
    await notifyTier(notify(c.id, 1, 2), w.ports);
    await notifyTier(notify(c.id, 2, 1), w.ports);
    await notifyTier(notify(c.id, 2, 2), w.ports);
    expect(w.metrics.named('TimeToPage')).toHaveLength(1);
    expect(w.metrics.named('PagesSent').map((m) => m.value)).toEqual([2, 1, 2, 1]);
  });

  it('records TimeToPage once even when the first page of round 1 is retried', async () => {
    const w = world({ start: '2026-03-10T10:00:30.000Z' });
    const c = w.store.addCase(storedCase({ receivedAt: '2026-03-10T10:00:00.000Z' }));
    w.sms.failFor.add(SAM.phone);
    await notifyTier(notify(c.id), w.ports);
    w.sms.failFor.clear();
    w.clock.advance(4000);
    await notifyTier(notify(c.id), w.ports);
    expect(w.metrics.named('TimeToPage')).toEqual([{ name: 'TimeToPage', value: 30_000, unit: 'Milliseconds' }]);
  });

  it('records TimeToPage on the retry when the first attempt reached nobody', async () => {
    const w = world({ start: '2026-03-10T10:00:30.000Z' });
    const c = w.store.addCase(storedCase({ receivedAt: '2026-03-10T10:00:00.000Z' }));
    for (const p of [PRIYA, SAM]) {
      w.sms.failFor.add(p.phone);
      w.email.failFor.add(p.email);
    }
    // Nobody reached: the step fails so the state machine retries it (then moves to the next tier).
    await expect(notifyTier(notify(c.id), w.ports)).rejects.toThrow(/no page of tier 1 could be sent/);
    expect(w.store.claims.size).toBe(0); // every claim released
    expect(w.metrics.named('TimeToPage')).toHaveLength(0);
    expect(w.store.timeline(c.id).filter((e) => e.type === 'page-sent')).toHaveLength(0);
    w.sms.failFor.clear();
    w.email.failFor.clear();
    w.clock.advance(2000);
    await notifyTier(notify(c.id), w.ports);
    expect(w.sms.sent).toHaveLength(2);
    expect(w.email.sent).toHaveLength(2);
    expect(w.metrics.named('TimeToPage')).toEqual([{ name: 'TimeToPage', value: 32_000, unit: 'Milliseconds' }]);
  });
});

describe('checkAck', () => {
  it('moves to the next tier', async () => {
    const w = world();
    const c = w.store.addCase(storedCase());
    await notifyTier(notify(c.id), w.ports);
    expect(await checkAck(check(c.id, 1, 1), w.ports)).toEqual({ outcome: 'page', round: 1, tier: 2 });
    const entry = w.store.timeline(c.id).find((e) => e.type === 'no-acknowledgement')!;
    expect(entry.detail).toBe('no acknowledgement from tier 1 (Duty lead) within 90 s: paging tier 2 (Care manager)');
    expect(entry.data).toEqual({ round: 1, tier: 1, next: 'page', escalation: `${c.id}-critical` });
  });

  it('wraps to tier 1 of the next round when the policy repeats', async () => {
    const w = world();
    const c = w.store.addCase(storedCase());
    expect(await checkAck(check(c.id, 1, 2), w.ports)).toEqual({ outcome: 'page', round: 2, tier: 1 });
    expect(w.store.timeline(c.id)[0]!.detail).toBe('no acknowledgement from tier 2 (Care manager) within 5 min: paging tier 1 again (round 2)');
  });

  it('is exhausted after the last tier of the last round', async () => {
    const w = world();
    const c = w.store.addCase(storedCase());
    expect(await checkAck(check(c.id, 2, 2), w.ports)).toEqual({ outcome: 'exhausted', round: 2, tier: 2 });
    expect(w.store.timeline(c.id)[0]!.data).toEqual({ round: 2, tier: 2, next: 'exhausted', escalation: `${c.id}-critical` });
  });

  it('without repeat, is exhausted after the last tier of round 1', async () => {
    const w = world({ policy: testPolicy({ repeat: 1 }) });
    const c = w.store.addCase(storedCase());
    expect(await checkAck(check(c.id, 1, 1), w.ports)).toEqual({ outcome: 'page', round: 1, tier: 2 });
    expect(await checkAck(check(c.id, 1, 2), w.ports)).toEqual({ outcome: 'exhausted', round: 1, tier: 2 });
  });

  it('stops when acknowledged, writing nothing', async () => {
    const w = world();
    const c = w.store.addCase(storedCase());
    await notifyTier(notify(c.id), w.ports);
    await w.store.acknowledge(c.id, SAM.name, w.clock.now().toISOString());
    const before = w.store.snapshot();
    expect(await checkAck(check(c.id, 1, 1), w.ports)).toEqual({ outcome: 'acknowledged', round: 1, tier: 1 });
    expect(w.store.snapshot()).toEqual(before);
  });

  it('stops when the case was resolved', async () => {
    const w = world();
    const c = w.store.addCase(storedCase({ status: 'resolved', escalation: { state: 'paging', tier: 1, round: 1 } }));
    expect(await checkAck(check(c.id, 1, 1), w.ports)).toEqual({ outcome: 'acknowledged', round: 1, tier: 1 });
  });
});

describe('markExhausted', () => {
  it('marks the escalation exhausted and records the metric once', async () => {
    const w = world();
    const c = w.store.addCase(storedCase());
    await notifyTier(notify(c.id, 2, 2), w.ports);
    const input = { action: 'exhausted' as const, caseId: c.id, round: 2, tier: 2 };
    await markExhausted(input, w.ports);
    await markExhausted(input, w.ports);
    expect((await w.store.getCase(c.id))!.escalation).toMatchObject({ state: 'exhausted', exhaustedAt: w.clock.now().toISOString() });
    expect(w.metrics.named('EscalationsExhausted')).toEqual([{ name: 'EscalationsExhausted', value: 1 }]);
    const entries = w.store.timeline(c.id).filter((e) => e.type === 'escalation-exhausted');
    expect(entries).toHaveLength(1);
    expect(entries[0]!.detail).toBe('nobody acknowledged: 2 tiers paged 2 times over; the case stays open at the top of the queue');
  });

  it('a retry after the step died between its writes finishes the timeline entry and the metric, once', async () => {
    const w = world();
    const c = w.store.addCase(storedCase());
    await notifyTier(notify(c.id, 2, 2), w.ports);
    const input = { action: 'exhausted' as const, caseId: c.id, round: 2, tier: 2 };
    // The first attempt marked the case and was killed before its timeline entry and metric.
    const escalationId = (await w.store.getCase(c.id))!.escalation!.id ?? `${c.id}-critical`;
    expect(await w.store.markExhausted(c.id, escalationId, w.clock.now().toISOString())).toBe('now');
    expect(w.store.timeline(c.id).filter((e) => e.type === 'escalation-exhausted')).toHaveLength(0);
    await markExhausted(input, w.ports);
    await markExhausted(input, w.ports);
    expect(w.store.timeline(c.id).filter((e) => e.type === 'escalation-exhausted')).toHaveLength(1);
    expect(w.metrics.named('EscalationsExhausted')).toEqual([{ name: 'EscalationsExhausted', value: 1 }]);
  });

  it('does nothing when acknowledged meanwhile', async () => {
    const w = world();
    const c = w.store.addCase(storedCase());
    await notifyTier(notify(c.id, 2, 2), w.ports);
    await w.store.acknowledge(c.id, ALEX.name, w.clock.now().toISOString());
    const before = w.store.snapshot();
    await markExhausted({ action: 'exhausted', caseId: c.id, round: 2, tier: 2 }, w.ports);
    expect(w.store.snapshot()).toEqual(before);
    expect(w.metrics.named('EscalationsExhausted')).toHaveLength(0);
    expect((await w.store.getCase(c.id))!.escalation?.state).toBe('acknowledged');
  });
});

describe('sendOffer', () => {
  const complaint = (over: Parameters<typeof storedCase>[0] = {}) => storedCase({ urgency: 'high', category: 'complaint', ...over });
  const offer = (caseId: string) => ({ action: 'offer' as const, caseId });

  it('emails the address from the customer directory', async () => {
    const w = world();
    const c = w.store.addCase(complaint());
    w.directory.add({ platform: 'facebook', authorId: c.author.id, name: 'Daniel Price', email: 'dan@example.net' });
    w.store.learnEmail({ platform: 'facebook', authorId: c.author.id }, 'learned@example.net');
    await sendOffer(offer(c.id), w.ports);
    expect(w.email.sent.map((e) => e.to)).toEqual([['dan@example.net']]);
    expect(w.email.sent[0]!.content.text).toContain('Hi Daniel,');
    expect((await w.store.getCase(c.id))!.offer).toEqual({ state: 'sent', sentAt: w.clock.now().toISOString() });
    expect(w.store.timeline(c.id)).toEqual([expect.objectContaining({ type: 'offer-sent', data: { source: 'directory' } })]);
    expect(w.metrics.named('OffersSent')).toHaveLength(1);
  });

  it('when the offer email cannot be sent, the quiet-window slot is given back and the retry sends it', async () => {
    const w = world();
    const c = w.store.addCase(complaint());
    w.store.learnEmail({ platform: 'facebook', authorId: c.author.id }, 'learned@example.net');
    w.email.failFor.add('learned@example.net');
    await expect(sendOffer(offer(c.id), w.ports)).rejects.toThrow();
    expect((await w.store.getCase(c.id))!.offer).toBeUndefined();
    // Another case of the same customer is not blocked by an offer that never went out.
    const other = w.store.addCase(complaint({ id: 'c_other', author: c.author }));
    w.email.failFor.clear();
    await sendOffer(offer(other.id), w.ports);
    expect(w.email.to('learned@example.net')).toHaveLength(1);
  });

  it('else emails the address learned from the author', async () => {
    const w = world();
    const c = w.store.addCase(complaint());
    w.directory.add({ platform: 'facebook', authorId: c.author.id, name: 'Daniel Price' }); // no email in the directory
    w.store.learnEmail({ platform: 'facebook', authorId: c.author.id }, 'learned@example.net');
    await sendOffer(offer(c.id), w.ports);
    expect(w.email.sent.map((e) => e.to)).toEqual([['learned@example.net']]);
    expect(w.store.timeline(c.id)[0]!.data).toEqual({ source: 'learned' });
  });

  it('with no address known: timeline offer-skipped, no email, no link, no slot', async () => {
    const w = world();
    const c = w.store.addCase(complaint());
    await sendOffer(offer(c.id), w.ports);
    expect(w.email.attempts).toHaveLength(0);
    expect(w.links.all()).toHaveLength(0);
    expect(w.store.slotOf({ platform: 'facebook', authorId: c.author.id })).toBeUndefined();
    expect(w.store.timeline(c.id)).toEqual([expect.objectContaining({ type: 'offer-skipped', detail: expect.stringContaining('no email address') })]);
    expect((await w.store.getCase(c.id))!.offer).toBeUndefined();
  });

  it('one offer per customer per quiet window: a second case within it is skipped, one after it is sent', async () => {
    const w = world();
    const customer = { platform: 'facebook', authorId: 'fb-author-1' };
    w.store.learnEmail(customer, 'dan@example.net');
    const first = w.store.addCase(complaint());
    await sendOffer(offer(first.id), w.ports);
    expect(w.email.sent).toHaveLength(1);

    w.clock.advance(6 * DAY);
    const second = w.store.addCase(complaint());
    await sendOffer(offer(second.id), w.ports);
    expect(w.email.sent).toHaveLength(1);
    const skipped = w.store.timeline(second.id);
    expect(skipped).toEqual([expect.objectContaining({ type: 'offer-skipped' })]);
    expect(skipped[0]!.detail).toContain('one offer per 7 days');
    expect(skipped[0]!.detail).toContain('2026-03-10');
    expect((await w.store.getCase(second.id))!.offer).toBeUndefined();
    expect(w.metrics.named('OffersSkipped')).toEqual([{ name: 'OffersSkipped', value: 1, unit: 'Count', dimensions: { why: 'quiet-window' } }]);

    w.clock.advance(1 * DAY + MINUTE);
    const third = w.store.addCase(complaint());
    await sendOffer(offer(third.id), w.ports);
    expect(w.email.sent).toHaveLength(2);
    expect(w.store.slotOf(customer)).toMatchObject({ caseId: third.id, lastOfferAt: w.clock.now().toISOString() });
  });

  it('the quiet window is per customer', async () => {
    const w = world();
    w.store.learnEmail({ platform: 'facebook', authorId: 'a' }, 'a@example.net');
    w.store.learnEmail({ platform: 'facebook', authorId: 'b' }, 'b@example.net');
    await sendOffer(offer(w.store.addCase(complaint({ author: { id: 'a' } })).id), w.ports);
    await sendOffer(offer(w.store.addCase(complaint({ author: { id: 'b' } })).id), w.ports);
    expect(w.email.sent.map((e) => e.to[0])).toEqual(['a@example.net', 'b@example.net']);
  });

  it('after "no thanks", no offer until declinedUntil, even past the quiet window', async () => {
    const w = world();
    const customer = { platform: 'facebook', authorId: 'fb-author-1' };
    w.store.learnEmail(customer, 'dan@example.net');
    const declinedUntil = new Date(w.clock.now().getTime() + 90 * DAY).toISOString();
    await w.store.claimOfferSlot(customer, 'c_old', w.clock.now().toISOString(), w.clock.now().toISOString());
    await w.store.recordCustomerChoice(customer, { caseId: 'c_old', channel: 'none', at: w.clock.now().toISOString(), declinedUntil });

    w.clock.advance(30 * DAY);
    const c = w.store.addCase(complaint());
    await sendOffer(offer(c.id), w.ports);
    expect(w.email.attempts).toHaveLength(0);
    expect(w.store.timeline(c.id)[0]!.detail).toContain(`"no thanks"`);
    expect(w.store.timeline(c.id)[0]!.detail).toContain(declinedUntil.slice(0, 10));
    expect(w.metrics.named('OffersSkipped')[0]!.dimensions).toEqual({ why: 'declined' });

    w.clock.advance(60 * DAY + MINUTE);
    const later = w.store.addCase(complaint());
    await sendOffer(offer(later.id), w.ports);
    expect(w.email.sent).toHaveLength(1);
  });

  it('the email links to /offer/<code> under the public base URL, and says nothing internal', async () => {
    const w = world();
    const c = w.store.addCase(complaint());
    w.store.learnEmail({ platform: 'facebook', authorId: c.author.id }, 'dan@example.net');
    await sendOffer(offer(c.id), w.ports);
    const { subject, text, html } = w.email.sent[0]!.content;
    const codes = codesIn(text, 'offer');
    expect(codes).toHaveLength(1);
    expect(codes[0]).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(text).toContain(`${BASE_URL}/offer/${codes[0]}`);
    expect(html).toContain(`${BASE_URL}/offer/${codes[0]}`);
    for (const part of [subject, text, html]) {
      expect(part).not.toContain(c.id);
      expect(part.toLowerCase()).not.toMatch(/\bcase\b|\btier\b/);
    }
    expect(w.links.records.get(hashCode(codes[0]!))).toEqual({
      kind: 'offer',
      caseId: c.id,
      expiresAt: new Date(w.clock.now().getTime() + 7 * DAY).toISOString(),
      // A learned address: the offer page, like the email, quotes nothing and names nobody.
      data: { to: 'elsewhere' },
    });
    expect(text).toContain('Acme Support');
  });

  it('one offer per address per quiet window, whichever author names it and however it is spelled', async () => {
    const w = world();
    const first = w.store.addCase(complaint({ author: { id: 'dm-1', name: 'Acme Security Team' } }));
    const second = w.store.addCase(complaint({ author: { id: 'dm-2', name: 'Acme Billing' } }));
    w.store.learnEmail({ platform: 'facebook', authorId: 'dm-1' }, 'victim@example.net');
    w.store.learnEmail({ platform: 'facebook', authorId: 'dm-2' }, ' Victim+care@Example.NET ');
    await sendOffer(offer(first.id), w.ports);
    await sendOffer(offer(second.id), w.ports);
    expect(w.email.sent).toHaveLength(1);
    const skipped = w.store.timeline(second.id).find((e) => e.type === 'offer-skipped')!;
    expect(skipped.detail).toMatch(/this email address was offered a channel on 2026-03-10/);
    expect(skipped.detail).not.toMatch(/victim/i);
    expect(w.metrics.named('OffersSkipped').map((m) => m.dimensions)).toEqual([{ why: 'recipient-quiet-window' }]);
    // Only the address's hash is kept; the second author's own slot is free for an offer to another address.
    expect([...w.store.recipientSlots.keys()]).toEqual([expect.stringMatching(/^[0-9a-f]{64}$/)]);
    expect(w.store.slotOf({ platform: 'facebook', authorId: 'dm-2' })?.caseId).toBeUndefined();
    w.clock.advance(8 * DAY);
    const later = w.store.addCase(complaint({ author: { id: 'dm-2', name: 'Acme Billing' } }));
    await sendOffer(offer(later.id), w.ports);
    expect(w.email.sent).toHaveLength(2);
  });

  it('at most offerDailyCap offers a (UTC) day; a skipped one leaves every slot free, and the next day counts afresh', async () => {
    const w = world({ settings: { offerDailyCap: 2 } });
    const cases = [1, 2, 3].map((i) => w.store.addCase(complaint({ author: { id: `cap-${i}` } })));
    cases.forEach((c, i) => w.store.learnEmail({ platform: 'facebook', authorId: c.author.id }, `kim${i}@example.net`));
    for (const c of cases) await sendOffer(offer(c.id), w.ports);
    expect(w.email.sent).toHaveLength(2);
    expect(w.store.timeline(cases[2]!.id).find((e) => e.type === 'offer-skipped')!.detail).toContain('the daily limit of 2 offers was reached');
    expect(w.metrics.named('OffersSkipped').map((m) => m.dimensions)).toEqual([{ why: 'daily-cap' }]);
    expect(w.store.slotOf({ platform: 'facebook', authorId: 'cap-3' })?.caseId).toBeUndefined();
    w.clock.advance(DAY);
    await sendOffer(offer(cases[2]!.id), w.ports);
    expect(w.email.to('kim2@example.net')).toHaveLength(1);
  });

  it('only a directory address gets the warm email; a learned one is greeted neutrally and quotes nothing', async () => {
    const w = world();
    const known = w.store.addCase(complaint({ author: { id: 'dir-1', name: 'Dana Reyes' }, text: 'Charged twice, see https://evil.example/x' }));
    w.directory.add({ platform: 'facebook', authorId: 'dir-1', name: 'Dana Reyes', email: 'dana@example.net' });
    const stranger = w.store.addCase(complaint({ author: { id: 'dm-9', name: 'Acme Security Team' }, text: 'URGENT your account is locked, verify at https://evil.example' }));
    w.store.learnEmail({ platform: 'facebook', authorId: 'dm-9' }, 'someone@example.net');
    await sendOffer(offer(known.id), w.ports);
    await sendOffer(offer(stranger.id), w.ports);
    const warm = w.email.to('dana@example.net')[0]!.content;
    expect(warm.text).toMatch(/^Hi Dana,/);
    expect(warm.text).toContain('Charged twice, see hxxps://evil[.]example/x');
    const neutral = w.email.to('someone@example.net')[0]!.content;
    expect(neutral.text).toMatch(/^Hello,/);
    for (const part of Object.values(neutral)) expect(part).not.toMatch(/Acme Security|URGENT|locked|evil/);
  });

  it('when the offer cannot be sent, the address slot is given back with the customer slot', async () => {
    const w = world();
    const c = w.store.addCase(complaint());
    w.store.learnEmail({ platform: 'facebook', authorId: c.author.id }, 'learned@example.net');
    w.links.failNextPuts = 1;
    await expect(sendOffer(offer(c.id), w.ports)).rejects.toThrow();
    const other = w.store.addCase(complaint({ id: 'c_other2', author: { id: 'someone-else' } }));
    w.store.learnEmail({ platform: 'facebook', authorId: 'someone-else' }, 'learned@example.net');
    await sendOffer(offer(other.id), w.ports);
    expect(w.email.to('learned@example.net')).toHaveLength(1);
  });

  it('sends one offer per case even when run twice', async () => {
    const w = world();
    const c = w.store.addCase(complaint());
    w.store.learnEmail({ platform: 'facebook', authorId: c.author.id }, 'dan@example.net');
    await sendOffer(offer(c.id), w.ports);
    w.clock.advance(MINUTE);
    await sendOffer(offer(c.id), w.ports);
    expect(w.email.attempts).toHaveLength(1);
    expect(w.links.all()).toHaveLength(1);
  });

  it('a retry after the email failed sends it (the slot is this case’s)', async () => {
    const w = world();
    const c = w.store.addCase(complaint());
    w.store.learnEmail({ platform: 'facebook', authorId: c.author.id }, 'dan@example.net');
    w.email.failFor.add('dan@example.net');
    await expect(sendOffer(offer(c.id), w.ports)).rejects.toThrow();
    w.email.failFor.clear();
    await sendOffer(offer(c.id), w.ports);
    expect(w.email.sent).toHaveLength(1);
  });

  it('sends nothing for a question, a resolved case or a case with an offer', async () => {
    const w = world();
    w.store.learnEmail({ platform: 'facebook', authorId: 'fb-author-1' }, 'dan@example.net');
    for (const over of [{ category: 'question' as const }, { status: 'resolved' as const }, { offer: { state: 'sent' as const } }]) {
      await sendOffer(offer(w.store.addCase(complaint(over)).id), w.ports);
    }
    expect(w.email.attempts).toHaveLength(0);
  });
});

describe('recordOfferFailure (OfferFailed)', () => {
  it('marks the offer failed on the case, says why by name in the timeline, and counts it once', async () => {
    const w = world();
    const c = w.store.addCase(storedCase({ category: 'complaint' }));
    await runEscalationStep({ action: 'offer-failed', caseId: c.id, error: 'MessageRejected' }, w.ports);
    await runEscalationStep({ action: 'offer-failed', caseId: c.id, error: 'MessageRejected' }, w.ports); // a second flow of the case
    expect((await w.store.getCase(c.id))!.offer).toEqual({ state: 'failed', failedAt: w.clock.now().toISOString() });
    const entries = w.store.timeline(c.id).filter((e) => e.type === 'offer-failed');
    expect(entries).toHaveLength(1);
    expect(entries[0]!.detail).toContain('(MessageRejected)');
    expect(entries[0]!.data).toEqual({ error: 'MessageRejected' });
    expect(w.metrics.named('OfferFailures')).toEqual([{ name: 'OfferFailures', value: 1 }]);
  });

  it('leaves an offer that was sent (only what came after it failed) as it is', async () => {
    const w = world();
    const c = w.store.addCase(storedCase({ category: 'complaint', offer: { state: 'sent', sentAt: '2026-03-10T10:01:00.000Z' } }));
    await recordOfferFailure({ action: 'offer-failed', caseId: c.id, error: 'States.Timeout' }, w.ports);
    expect((await w.store.getCase(c.id))!.offer?.state).toBe('sent');
    expect(w.store.timeline(c.id)).toEqual([]);
    expect(w.metrics.named('OfferFailures')).toEqual([]);
  });
});

describe('runEscalationStep', () => {
  it('dispatches each action', async () => {
    const w = world();
    const c = w.store.addCase(storedCase());
    w.store.learnEmail({ platform: 'facebook', authorId: c.author.id }, 'dan@example.net');
    expect(await runEscalationStep({ action: 'plan', caseId: c.id, reason: 'critical' }, w.ports)).toMatchObject({ page: true, offer: true });
    expect(await runEscalationStep({ action: 'offer', caseId: c.id }, w.ports)).toEqual({});
    expect(await runEscalationStep(notify(c.id), w.ports)).toEqual({ acknowledged: false, waitSeconds: 90 });
    expect(await runEscalationStep(check(c.id, 2, 2), w.ports)).toEqual({ outcome: 'exhausted', round: 2, tier: 2 });
    expect(await runEscalationStep({ action: 'exhausted', caseId: c.id, round: 2, tier: 2 }, w.ports)).toEqual({});
    expect((await w.store.getCase(c.id))!.escalation?.state).toBe('exhausted');
    expect(w.email.sent).toHaveLength(3); // the offer and two pages
  });
});

describe('a later escalation: a new critical post in a case whose escalation was acknowledged, exhausted or never started', () => {
  const GUN = 'I have a gun and I am coming to your store tomorrow';

  /** Folds a critical post into the stored case as the classifier does; returns the case's escalation id after. */
  function criticalPost(w: World, caseId: string, eventId = 'facebook:evt-2', text = GUN): string {
    const stored = w.store.cases.get(caseId)!;
    const at = w.clock.now().toISOString();
    const event = SocialEventSchema.parse({ id: eventId, platform: 'facebook', kind: 'comment', text, author: { id: stored.author.id }, conversationId: stored.conversationId, createdAt: at, receivedAt: at });
    const classification = { id: eventId, category: 'threat', urgency: 'critical', sentiment: 'negative', sentimentScore: -0.9, pii: [], redactedText: text, reasons: ['threat: violence'], model: 'test-model' } as const;
    const after = withFold(stored, foldPost(stored, event, { ...classification, pii: [], reasons: [...classification.reasons], confidence: { category: 1, urgency: 1, sentiment: 1 } }, DEFAULT_CASE_SETTINGS, at));
    w.store.cases.set(caseId, after);
    return currentEscalationId(after);
  }
  const smsTo = (w: World, phone: string) => w.sms.sent.filter((m) => m.to === phone);

  it('pages tier 1 and whoever acknowledged the escalation before, at once, each told and each with a link to the new escalation', async () => {
    const w = world();
    const c = w.store.addCase(storedCase());
    await notifyTier(notify(c.id, 1, 1), w.ports);
    await notifyTier(notify(c.id, 1, 2), w.ports);
    await w.store.acknowledge(c.id, ALEX.name, w.clock.now().toISOString(), `${c.id}-critical`);
    w.clock.advance(10 * MINUTE);
    const id = criticalPost(w, c.id);
    expect(id).toMatch(new RegExp(`^${c.id}-critical-[A-Za-z0-9_-]{12}$`));
    // Escalation 1's steps now find the case not theirs.
    const sentBefore = w.sms.sent.length;
    expect(await notifyTier(notify(c.id, 2, 1), w.ports)).toEqual({ acknowledged: true, waitSeconds: 0 });
    expect(await checkAck(check(c.id, 1, 2), w.ports)).toMatchObject({ outcome: 'acknowledged' });
    expect(w.sms.sent.length).toBe(sentBefore);

    expect(await plan({ action: 'plan', caseId: c.id, reason: 'critical', escalationId: id }, w.ports)).toMatchObject({ page: true, escalationId: id });
    expect(await notifyTier({ ...notify(c.id, 1, 1), escalationId: id }, w.ports)).toEqual({ acknowledged: false, waitSeconds: 90 });
    const fresh = w.sms.sent.slice(sentBefore);
    expect(fresh.map((m) => m.to).sort()).toEqual([PRIYA.phone, SAM.phone, ALEX.phone].sort());
    for (const m of fresh) expect(m.body).toContain('I have a gun');
    expect(smsTo(w, ALEX.phone).at(-1)!.body).toContain('New critical post in a case you acknowledged');
    expect(smsTo(w, PRIYA.phone).at(-1)!.body).toContain(`New critical post in a case ${ALEX.name} acknowledged`);
    const mail = w.email.sent.at(-1)!.content;
    expect(mail.subject).toContain('New post:');
    expect(mail.text).toContain('The new post (redacted):');
    for (const link of w.links.all().slice(-3)) expect(link.data).toMatchObject({ escalation: id, tier: 1, round: 1 });
    expect((await w.store.getCase(c.id))!.escalation).toMatchObject({ id, state: 'paging', tier: 1, round: 1, pagedEventId: 'facebook:evt-2', follows: { state: 'acknowledged', by: ALEX.name } });
    // Retried: nothing new. Its own claims, not escalation 1's, so round 1 tier 1 was not mistaken for sent.
    await notifyTier({ ...notify(c.id, 1, 1), escalationId: id }, w.ports);
    expect(w.sms.sent.length).toBe(sentBefore + 3);
    expect(w.store.timeline(c.id).filter((e) => e.type === 'page-sent')).toHaveLength(3);
    // Tier 2 (Alex again) only after silence, and without the "new post" line a second time.
    await notifyTier({ ...notify(c.id, 1, 2), escalationId: id }, w.ports);
    expect(smsTo(w, ALEX.phone).at(-1)!.body).not.toContain('New critical post');
    expect(smsTo(w, ALEX.phone).at(-1)!.body).toContain('I have a gun');
  });

  it("an earlier escalation's links — used or not — acknowledge nothing; the new escalation's own link does", async () => {
    const w = world();
    const c = w.store.addCase(storedCase());
    await notifyTier(notify(c.id, 1, 1), w.ports);
    const [priyaOld, samOld] = [PRIYA, SAM].map((p) => codesIn(smsTo(w, p.phone).at(-1)!.body, 'ack')[0]!);
    expect((await acknowledge(samOld!, w.ports)).view.state).toBe('acknowledged');
    const id = criticalPost(w, c.id);
    await notifyTier({ ...notify(c.id, 1, 1), escalationId: id }, w.ports);
    for (const old of [priyaOld!, samOld!]) {
      const res = await acknowledge(old, w.ports);
      expect(res).toMatchObject({ status: 410, view: { state: 'expired' } });
      expect((await viewAck(old, w.ports)).view.state).toBe('expired');
      expect((await w.store.getCase(c.id))!.escalation).toMatchObject({ id, state: 'paging' });
    }
    // The view shows the new post.
    const priyaNew = codesIn(smsTo(w, PRIYA.phone).at(-1)!.body, 'ack')[0]!;
    const view = await viewAck(priyaNew, w.ports);
    expect(view.view).toMatchObject({ state: 'confirm', brief: { text: GUN } });
    expect((await acknowledge(priyaNew, w.ports)).view.state).toBe('acknowledged');
    expect((await w.store.getCase(c.id))!.escalation).toMatchObject({ id, state: 'acknowledged', acknowledgedBy: PRIYA.name });
    const acks = w.store.timelineKeys(c.id).filter((k) => k.startsWith('escalation#acknowledged'));
    expect(acks).toEqual(['escalation#acknowledged', `escalation#acknowledged#${id.slice(`${c.id}-critical-`.length)}`]);
    // The store refuses an earlier escalation's acknowledgement even when the read before it raced.
    expect(await w.store.acknowledge(c.id, SAM.name, w.clock.now().toISOString(), `${c.id}-critical`)).toEqual({ acknowledged: 'stale' });
  });

  it('tells the assignee, when the policy names them, that a new critical post is on their case', async () => {
    const w = world();
    const c = w.store.addCase(storedCase({ urgency: 'normal', category: 'question', status: 'acknowledged', assignee: ALEX.name }));
    const id = criticalPost(w, c.id);
    await notifyTier({ ...notify(c.id, 1, 1), escalationId: id }, w.ports);
    expect(smsTo(w, ALEX.phone).at(-1)!.body).toContain('New critical post in a case assigned to you');
    expect(smsTo(w, PRIYA.phone).at(-1)!.body).toContain(`New critical post in a case assigned to ${ALEX.name}`);
  });

  it('after an exhausted escalation, says nobody acknowledged the earlier pages', async () => {
    const w = world();
    // (A record from before escalations had ids: the case's first.)
    const c = w.store.addCase(storedCase({ escalation: { state: 'exhausted', tier: 2, round: 2, exhaustedAt: '2026-03-10T10:30:00.000Z' } }));
    const id = criticalPost(w, c.id);
    await notifyTier({ ...notify(c.id, 1, 1), escalationId: id }, w.ports);
    expect(w.sms.sent.map((m) => m.to).sort()).toEqual([PRIYA.phone, SAM.phone].sort());
    expect(smsTo(w, PRIYA.phone)[0]!.body).toContain('New critical post - nobody acknowledged the earlier pages');
  });

  it('a critical post that joins after the last page makes the escalation go round once more instead of ending', async () => {
    const w = world();
    const c = w.store.addCase(storedCase());
    await notifyTier(notify(c.id, 2, 2), w.ports);
    // Joins during the last wait: covered by the paging escalation, not yet quoted by any page.
    expect(criticalPost(w, c.id)).toBe(`${c.id}-critical`);
    expect(await checkAck(check(c.id, 2, 2), w.ports)).toEqual({ outcome: 'page', round: 3, tier: 1 });
    expect(w.store.timeline(c.id).find((e) => e.type === 'no-acknowledgement')!.detail).toContain('as a new critical post arrived after the last page');
    await notifyTier(notify(c.id, 3, 1), w.ports);
    expect(smsTo(w, PRIYA.phone).at(-1)!.body).toContain('New critical post since the last page');
    expect(smsTo(w, PRIYA.phone).at(-1)!.body).toContain('I have a gun');
    // Quoted now: the next time round the escalation ends.
    expect(await checkAck(check(c.id, 3, 2), w.ports)).toEqual({ outcome: 'exhausted', round: 3, tier: 2 });
  });
});
