/**
 * The link pages' use cases (lambdas/domain/escalation/respond.ts): /ack/{code} for the on-call contact and
 * /offer/{code} for the customer, against in-memory ports (./fakes.ts). GET never writes; POST uses a code once.
 */
import { hashCode, mintCode } from '../../../lambdas/domain/links/codes';
import { redeemLink } from '../../../lambdas/domain/links/store';
import { checkAck, notifyTier, sendOffer } from '../../../lambdas/domain/escalation/flow';
import { acknowledge, chooseOffer, viewAck, viewOffer } from '../../../lambdas/domain/escalation/respond';
import { ALEX, DAY, MINUTE, PRIYA, SAM, codesIn, storedCase, world, type World } from './fakes';

/** A critical case whose tier 1 (and, with `tier2`, tier 2) was paged; the ack code each contact got by SMS. */
async function pagedCase(w: World, opts: { tier2?: boolean; over?: Parameters<typeof storedCase>[0] } = {}) {
  const c = w.store.addCase(storedCase(opts.over));
  await notifyTier({ action: 'notify', caseId: c.id, round: 1, tier: 1 }, w.ports);
  if (opts.tier2) await notifyTier({ action: 'notify', caseId: c.id, round: 1, tier: 2 }, w.ports);
  const codeOf = (phone: string) => codesIn(w.sms.to(phone).at(-1)!.body, 'ack')[0]!;
  return {
    c,
    priya: codeOf(PRIYA.phone),
    sam: codeOf(SAM.phone),
    alex: opts.tier2 ? codeOf(ALEX.phone) : undefined,
  };
}

/** A complaint whose customer was sent the offer; the code in the offer email. */
async function offeredCase(w: World, over: Parameters<typeof storedCase>[0] = {}) {
  const c = w.store.addCase(storedCase({ urgency: 'high', category: 'complaint', ...over }));
  w.store.learnEmail({ platform: c.platform, authorId: c.author.id }, 'dan@example.net');
  await sendOffer({ action: 'offer', caseId: c.id }, w.ports);
  const mail = w.email.to('dan@example.net').at(-1)!;
  return { c, code: codesIn(mail.content.text, 'offer')[0]! };
}

const snapshot = (w: World) => ({ store: w.store.snapshot(), links: w.links.snapshot() });
const recordOf = (w: World, code: string) => w.links.records.get(hashCode(code));
const MALFORMED = ['', 'abc', 'x'.repeat(42), 'x'.repeat(44), `${'x'.repeat(42)}=`, `${'x'.repeat(42)}/`, '../../etc/passwd'];

describe('viewAck (GET /ack/{code})', () => {
  it('shows the confirm page for a valid code', async () => {
    const w = world();
    const { c, sam } = await pagedCase(w);
    const r = await viewAck(sam, w.ports);
    expect(r.status).toBe(200);
    expect(r.view).toMatchObject({ state: 'confirm', contactName: SAM.name, tier: 1, tierName: 'Duty lead', formAction: `/ack/${sam}`, timezone: 'Europe/London' });
    expect(r.view.state === 'confirm' && r.view.brief.caseId).toBe(c.id);
  });

  it('never writes, whatever the code', async () => {
    const w = world();
    const { priya, sam } = await pagedCase(w);
    const { code: offerCode } = await offeredCase(w);
    await redeemLink(w.links, priya, w.clock.now(), 'someone'); // used, though the case is not acknowledged
    const unknown = mintCode();

    const expected: Array<[string, number, string]> = [
      [sam, 200, 'confirm'],
      [priya, 410, 'used'],
      [unknown, 404, 'unknown'],
      [offerCode, 404, 'unknown'],
      ...MALFORMED.map((m): [string, number, string] => [m, 404, 'unknown']),
    ];
    const before = snapshot(w);
    for (const [code, status, state] of expected) {
      const r = await viewAck(code, w.ports);
      expect({ code, status: r.status, state: r.view.state }).toEqual({ code, status, state });
    }
    // And once expired.
    w.clock.advance(25 * 3600_000);
    expect(await viewAck(sam, w.ports)).toMatchObject({ status: 410, view: { state: 'expired' } });
    expect(await viewAck(priya, w.ports)).toMatchObject({ status: 410, view: { state: 'used' } });
    expect(snapshot(w)).toEqual(before);
    expect(w.metrics.records.filter((m) => m.name === 'TimeToAck')).toHaveLength(0);
  });

  it('a used code says when it was used', async () => {
    const w = world();
    const { priya } = await pagedCase(w);
    const usedAt = w.clock.now().toISOString();
    await redeemLink(w.links, priya, w.clock.now(), PRIYA.name);
    w.clock.advance(MINUTE);
    expect(await viewAck(priya, w.ports)).toMatchObject({ status: 410, view: { state: 'used', at: usedAt } });
  });

  it('once acknowledged, every code of the case shows who acknowledged', async () => {
    const w = world();
    const { priya, sam } = await pagedCase(w);
    const at = w.clock.now().toISOString();
    await acknowledge(priya, w.ports);
    const before = snapshot(w);
    for (const code of [priya, sam]) {
      expect(await viewAck(code, w.ports)).toMatchObject({ status: 200, view: { state: 'already-acknowledged', by: PRIYA.name, at } });
    }
    expect(snapshot(w)).toEqual(before);
  });
});

describe('acknowledge (POST /ack/{code})', () => {
  it('acknowledges the case, writes the timeline, uses the code and stops the pages', async () => {
    const w = world({ start: '2026-03-10T10:00:30.000Z' });
    const { c, priya, sam } = await pagedCase(w, { over: { receivedAt: '2026-03-10T10:00:00.000Z' } });
    w.clock.advance(2 * MINUTE);
    const at = w.clock.now().toISOString();

    const r = await acknowledge(sam, w.ports);
    expect(r.status).toBe(200);
    expect(r.view).toMatchObject({ state: 'acknowledged', contactName: SAM.name, at, timezone: 'Europe/London' });

    const stored = (await w.store.getCase(c.id))!;
    expect(stored.status).toBe('acknowledged');
    expect(stored.escalation).toMatchObject({ state: 'acknowledged', acknowledgedBy: SAM.name, acknowledgedAt: at, tier: 1, round: 1 });
    const entries = w.store.timeline(c.id).filter((e) => e.type === 'acknowledged');
    expect(entries).toEqual([{ at, type: 'acknowledged', detail: `acknowledged by ${SAM.name} (tier 1) from the paging link; no further pages`, data: { by: SAM.name, tier: 1, escalation: `${c.id}-critical` } }]);
    expect(recordOf(w, sam)).toMatchObject({ usedAt: at, usedBy: SAM.name });
    expect(recordOf(w, priya)!.usedAt).toBeUndefined();
    expect(w.metrics.named('TimeToAck')).toEqual([{ name: 'TimeToAck', value: 150_000, unit: 'Milliseconds' }]);

    // The flow sees it: no more pages.
    const smsBefore = w.sms.attempts.length;
    expect(await checkAck({ action: 'check', caseId: c.id, round: 1, tier: 1 }, w.ports)).toMatchObject({ outcome: 'acknowledged' });
    expect(await notifyTier({ action: 'notify', caseId: c.id, round: 1, tier: 2 }, w.ports)).toEqual({ acknowledged: true, waitSeconds: 0 });
    expect(w.sms.attempts).toHaveLength(smsBefore);
  });

  it('a second acknowledgement, with the other contact’s code, names the first person', async () => {
    const w = world();
    const { c, priya, sam } = await pagedCase(w);
    const first = w.clock.now().toISOString();
    await acknowledge(priya, w.ports);
    w.clock.advance(MINUTE);
    const r = await acknowledge(sam, w.ports);
    expect(r).toMatchObject({ status: 200, view: { state: 'already-acknowledged', by: PRIYA.name, at: first } });
    const stored = (await w.store.getCase(c.id))!;
    expect(stored.escalation).toMatchObject({ acknowledgedBy: PRIYA.name, acknowledgedAt: first });
    expect(w.store.timeline(c.id).filter((e) => e.type === 'acknowledged')).toHaveLength(1);
    expect(w.metrics.named('TimeToAck')).toHaveLength(1);

    // The same code posted twice: also "already acknowledged" by the first person.
    expect(await acknowledge(priya, w.ports)).toMatchObject({ status: 200, view: { state: 'already-acknowledged', by: PRIYA.name } });
  });

  it('a used code whose acknowledgement never reached the case (the write failed) completes it on the next POST', async () => {
    const w = world();
    const { c, priya } = await pagedCase(w);
    await redeemLink(w.links, priya, w.clock.now(), PRIYA.name, 'ack'); // redeemed, then the case write failed
    const r = await acknowledge(priya, w.ports);
    expect(r).toMatchObject({ status: 200, view: { state: 'acknowledged', contactName: PRIYA.name } });
    expect((await w.store.getCase(c.id))!.escalation).toMatchObject({ state: 'acknowledged', acknowledgedBy: PRIYA.name });
    // Once it stands, the same code only explains.
    expect((await acknowledge(priya, w.ports)).view.state).toBe('already-acknowledged');
  });

  it('a tier-2 contact acknowledges as tier 2', async () => {
    const w = world();
    const { c, alex } = await pagedCase(w, { tier2: true });
    await acknowledge(alex!, w.ports);
    expect(w.store.timeline(c.id).find((e) => e.type === 'acknowledged')!.data).toEqual({ by: ALEX.name, tier: 2, escalation: `${c.id}-critical` });
  });

  it('an offer code on the ack route is unknown (404) and is not used up', async () => {
    const w = world();
    const { c, code } = await offeredCase(w, { urgency: 'critical' });
    const before = snapshot(w);
    expect(await acknowledge(code, w.ports)).toEqual({ status: 404, view: { state: 'unknown' } });
    expect(snapshot(w)).toEqual(before);
    expect(recordOf(w, code)!.usedAt).toBeUndefined();
    expect((await w.store.getCase(c.id))!.escalation).toBeUndefined();
    expect((await viewOffer(code, w.ports)).view.state).toBe('choose');
  });

  it('an expired code: 410, nothing acknowledged, nothing used', async () => {
    const w = world();
    const { c, priya } = await pagedCase(w);
    w.clock.advance(24 * 3600_000); // expiry is exclusive: at expiresAt it is expired
    const before = snapshot(w);
    expect(await acknowledge(priya, w.ports)).toMatchObject({ status: 410, view: { state: 'expired' } });
    expect(snapshot(w)).toEqual(before);
    expect((await w.store.getCase(c.id))!.escalation?.state).toBe('paging');
  });

  it.each(MALFORMED.map((m) => [JSON.stringify(m), m]))('a malformed code %s: 404', async (_label, code) => {
    const w = world();
    await pagedCase(w);
    const before = snapshot(w);
    expect(await acknowledge(code, w.ports)).toEqual({ status: 404, view: { state: 'unknown' } });
    expect(snapshot(w)).toEqual(before);
  });

  it('a well-formed code never issued: 404', async () => {
    const w = world();
    await pagedCase(w);
    expect(await acknowledge(mintCode(), w.ports)).toEqual({ status: 404, view: { state: 'unknown' } });
  });

  it('acknowledging a resolved case keeps it resolved', async () => {
    const w = world();
    const { c, priya } = await pagedCase(w);
    w.store.cases.get(c.id)!.status = 'resolved';
    expect((await acknowledge(priya, w.ports)).view.state).toBe('acknowledged');
    expect((await w.store.getCase(c.id))!.status).toBe('resolved');
  });
});

describe('viewOffer (GET /offer/{code})', () => {
  it('shows the choice for a valid code, and never writes whatever the code', async () => {
    const w = world();
    w.directory.add({ platform: 'facebook', authorId: 'fb-author-1', name: 'Daniel Price', email: 'dan@example.net' });
    const { code } = await offeredCase(w);
    const { priya } = await pagedCase(w);
    const before = snapshot(w);
    const r = await viewOffer(code, w.ports);
    expect(r).toMatchObject({ status: 200, view: { state: 'choose', customerName: expect.stringMatching(/^Daniel\b/), businessName: 'Acme Support', formAction: `/offer/${code}` } });
    expect('error' in r.view).toBe(false);
    expect(await viewOffer(priya, w.ports)).toEqual({ status: 404, view: { state: 'unknown', businessName: 'Acme Support' } });
    expect(await viewOffer(mintCode(), w.ports)).toMatchObject({ status: 404 });
    for (const m of MALFORMED) expect(await viewOffer(m, w.ports)).toMatchObject({ status: 404, view: { state: 'unknown' } });
    w.clock.advance(7 * DAY);
    expect(await viewOffer(code, w.ports)).toEqual({ status: 410, view: { state: 'expired', businessName: 'Acme Support' } });
    expect(snapshot(w)).toEqual(before);
  });
});

describe('an offer to an address from outside the directory (typed in a DM)', () => {
  it('the page and the thank-you quote nothing the author wrote and name nobody, like its email', async () => {
    const w = world();
    const { c, code } = await offeredCase(w, { author: { id: 'fb-author-1', name: 'Acme Security Team' }, text: 'URGENT your account is locked, verify at https://evil.example' });
    const view = await viewOffer(code, w.ports);
    expect(view).toMatchObject({ status: 200, view: { state: 'choose', anonymous: true } });
    expect(JSON.stringify(view)).not.toMatch(/Acme Security|URGENT|evil/);
    const done = await chooseOffer(code, { channel: 'email' }, w.ports);
    expect(done.view).toMatchObject({ state: 'chosen', channel: 'email' });
    expect(JSON.stringify(done)).not.toMatch(/Acme Security/);
    expect((await w.store.getCase(c.id))!.offer).toMatchObject({ state: 'chosen' });
  });
});

describe('chooseOffer (POST /offer/{code})', () => {
  it.each([
    ['an unknown channel', { channel: 'fax' }, /choose one of the options/, { channel: 'fax' }],
    ['no channel', {}, /choose one of the options/, {}],
    ['a phone number with letters', { channel: 'phone', phone: 'call me maybe' }, /digits only/, { channel: 'phone', phone: 'call me maybe' }],
    ['a time over 100 characters', { channel: 'phone', time: 't'.repeat(101) }, /under 100 characters/, { channel: 'phone', time: 't'.repeat(101) }],
    ['a very long time, shown back cut', { channel: 'phone', time: 't'.repeat(500) }, /under 100 characters/, { channel: 'phone', time: 't'.repeat(120) }],
  ])('an invalid form (%s): 400 with the form again, its error and values; the code is not used', async (_name, form, error, values) => {
    const w = world();
    const { c, code } = await offeredCase(w);
    const before = snapshot(w);
    const r = await chooseOffer(code, form as Record<string, string>, w.ports);
    expect(r.status).toBe(400);
    expect(r.view).toMatchObject({ state: 'choose', formAction: `/offer/${code}`, error: expect.stringMatching(error), values });
    expect(snapshot(w)).toEqual(before);
    expect(recordOf(w, code)!.usedAt).toBeUndefined();
    expect(w.email.attempts).toHaveLength(1); // only the offer itself

    // Corrected, the same code works.
    expect((await chooseOffer(code, { channel: 'email' }, w.ports)).view.state).toBe('chosen');
    expect((await w.store.getCase(c.id))!.offer).toMatchObject({ state: 'chosen', channel: 'email' });
  });

  it('a private message where the source has none (a review site): 400 with the form again; the code is not used', async () => {
    const w = world();
    const { c, code } = await offeredCase(w, { platform: 'reviews', kind: 'review' });
    const before = snapshot(w);
    const r = await chooseOffer(code, { channel: 'dm' }, w.ports);
    expect(r.status).toBe(400);
    expect(r.view).toMatchObject({ state: 'choose', error: expect.stringMatching(/private message/) });
    expect(snapshot(w)).toEqual(before);
    expect(recordOf(w, code)!.usedAt).toBeUndefined();
    expect((await chooseOffer(code, { channel: 'email' }, w.ports)).view.state).toBe('chosen');
    expect((await w.store.getCase(c.id))!.offer).toMatchObject({ state: 'chosen', channel: 'email' });
  });

  it('a private message where the source has them (Facebook) is taken', async () => {
    const w = world();
    const { c, code } = await offeredCase(w);
    expect((await chooseOffer(code, { channel: 'dm' }, w.ports)).view.state).toBe('chosen');
    expect((await w.store.getCase(c.id))!.offer).toMatchObject({ state: 'chosen', channel: 'dm' });
  });

  it('a phone choice: recorded on the case and beside the customer, tier 1 told (nobody acknowledged), number kept off the timeline', async () => {
    const w = world();
    w.directory.add({ platform: 'facebook', authorId: 'fb-author-1', name: 'Daniel Price', email: 'dan@example.net' });
    const { c, code } = await offeredCase(w);
    w.clock.advance(3 * 3600_000);
    const at = w.clock.now().toISOString();
    const phone = '+44 7700 900123';

    const r = await chooseOffer(code, { channel: 'phone', phone: `  ${phone} `, time: 'after 6pm' }, w.ports);
    expect(r).toEqual({
      status: 200,
      view: { state: 'chosen', channel: 'phone', phone, time: 'after 6pm', customerName: expect.stringMatching(/^Daniel\b/), businessName: 'Acme Support', withinBusinessHours: true },
    });
    expect((await w.store.getCase(c.id))!.offer).toEqual({ state: 'chosen', channel: 'phone', sentAt: expect.any(String), chosenAt: at });
    expect(w.store.slotOf({ platform: 'facebook', authorId: 'fb-author-1' })!.lastChoice).toEqual({ caseId: c.id, channel: 'phone', phone, time: 'after 6pm', at });
    expect(w.store.slotOf({ platform: 'facebook', authorId: 'fb-author-1' })!.declinedUntil).toBeUndefined();
    expect(recordOf(w, code)).toMatchObject({ usedAt: at, usedBy: 'customer' });

    // Every tier-1 contact hears it, with the number; nobody else.
    const owners = w.email.sent.filter((e) => e.to[0] !== 'dan@example.net');
    expect(owners.map((e) => e.to)).toEqual(expect.arrayContaining([[PRIYA.email], [SAM.email]]));
    expect(owners).toHaveLength(2);
    for (const e of owners) {
      expect(e.content.subject).toContain('a phone call');
      expect(e.content.text).toContain(phone);
      expect(e.content.text).toContain('after 6pm');
      expect(e.content.text).toContain('Nobody has acknowledged');
    }

    const t = w.store.timeline(c.id);
    const chosen = t.find((e) => e.type === 'offer-chosen')!;
    expect(chosen).toEqual({ at, type: 'offer-chosen', detail: 'the customer chose a phone call, number given, preferred time given', data: { channel: 'phone' } });
    expect(JSON.stringify(t)).not.toContain('7700 900123');
    expect(JSON.stringify(t)).not.toContain('after 6pm');
    expect(t.find((e) => e.type === 'offer-choice-forwarded')!.data).toEqual({ told: expect.arrayContaining([PRIYA.name, SAM.name]) });
    expect(w.metrics.named('OffersChosen')).toEqual([{ name: 'OffersChosen', value: 1, unit: 'Count', dimensions: { channel: 'phone' } }]);
  });

  it('when the case was acknowledged, only the acknowledger is told', async () => {
    const w = world();
    const { c, code } = await offeredCase(w, { urgency: 'critical' });
    await notifyTier({ action: 'notify', caseId: c.id, round: 1, tier: 2 }, w.ports);
    const alexCode = codesIn(w.sms.to(ALEX.phone)[0]!.body, 'ack')[0]!;
    await acknowledge(alexCode, w.ports);
    const sentBefore = w.email.sent.length;

    await chooseOffer(code, { channel: 'dm' }, w.ports);
    const told = w.email.sent.slice(sentBefore);
    expect(told.map((e) => e.to)).toEqual([[ALEX.email]]);
    expect(told[0]!.content.text).toContain('Hi Alex,');
    expect(told[0]!.content.text).not.toContain('Nobody has acknowledged');
    expect(w.store.timeline(c.id).find((e) => e.type === 'offer-choice-forwarded')!.data).toEqual({ told: [ALEX.name] });
  });

  it('phone details are dropped from other channels', async () => {
    const w = world();
    const { c, code } = await offeredCase(w);
    const r = await chooseOffer(code, { channel: 'email', phone: '+447700900123', time: 'now' }, w.ports);
    expect(r.view).not.toHaveProperty('phone');
    expect(w.store.slotOf({ platform: c.platform, authorId: c.author.id })!.lastChoice).toEqual({ caseId: c.id, channel: 'email', at: w.clock.now().toISOString() });
  });

  it('"no thanks": offer state none, declined until now + offerDeclinedQuietDays, and no offer meanwhile', async () => {
    const w = world();
    const { c, code } = await offeredCase(w);
    const r = await chooseOffer(code, { channel: 'none' }, w.ports);
    expect(r.view).toMatchObject({ state: 'chosen', channel: 'none' });
    expect((await w.store.getCase(c.id))!.offer).toMatchObject({ state: 'none', channel: 'none' });
    const customer = { platform: c.platform, authorId: c.author.id };
    const declinedUntil = new Date(w.clock.now().getTime() + 90 * DAY).toISOString();
    expect(w.store.slotOf(customer)).toMatchObject({ declinedUntil, lastChoice: { channel: 'none', caseId: c.id } });
    expect(w.store.timeline(c.id).find((e) => e.type === 'offer-chosen')!.detail).toBe('the customer chose no thanks');

    w.clock.advance(30 * DAY); // well past the 7-day quiet window
    const next = w.store.addCase(storedCase({ urgency: 'high', category: 'complaint' }));
    const before = w.email.attempts.length;
    await sendOffer({ action: 'offer', caseId: next.id }, w.ports);
    expect(w.email.attempts).toHaveLength(before);
    expect(w.store.timeline(next.id)[0]!.type).toBe('offer-skipped');
  });

  it('a second POST is 410 "used" with the first choice', async () => {
    const w = world();
    const { c, code } = await offeredCase(w);
    await chooseOffer(code, { channel: 'dm' }, w.ports);
    const before = snapshot(w);
    const emails = w.email.attempts.length;
    expect(await chooseOffer(code, { channel: 'phone', phone: '+447700900123' }, w.ports)).toEqual({
      status: 410,
      view: { state: 'used', channel: 'dm', businessName: 'Acme Support' },
    });
    expect(snapshot(w)).toEqual(before);
    expect(w.email.attempts).toHaveLength(emails);
    expect((await w.store.getCase(c.id))!.offer).toMatchObject({ state: 'chosen', channel: 'dm' });
    // The GET says the same.
    expect(await viewOffer(code, w.ports)).toMatchObject({ status: 410, view: { state: 'used', channel: 'dm' } });
  });

  it('of eight simultaneous POSTs exactly one choice wins: one thank-you, one email per owner, the rest see what was chosen', async () => {
    const w = world();
    const { c, code } = await offeredCase(w);
    const emails = w.email.attempts.length;
    const channels = ['phone', 'email', 'dm', 'none', 'phone', 'email', 'dm', 'none'] as const;
    const results = await Promise.all(channels.map((channel) => chooseOffer(code, { channel }, w.ports)));
    const won = results.filter((r) => r.view.state === 'chosen');
    expect(won).toHaveLength(1);
    const winner = (won[0]!.view as { channel: string }).channel;
    for (const r of results.filter((x) => x !== won[0])) expect(r).toEqual({ status: 410, view: { state: 'used', channel: winner, businessName: 'Acme Support' } });
    expect((await w.store.getCase(c.id))!.offer).toMatchObject({ channel: winner });
    expect(w.store.timeline(c.id).filter((e) => e.type === 'offer-chosen')).toHaveLength(1);
    expect(w.metrics.named('OffersChosen')).toHaveLength(1);
    // Tier 1 (two contacts, nobody acknowledged) is told once each.
    expect(w.email.attempts.length - emails).toBe(2);
  });

  it('a used code whose choice never reached the case (the write failed) takes the next answer, then only explains', async () => {
    const w = world();
    const { c, code } = await offeredCase(w);
    await redeemLink(w.links, code, w.clock.now(), 'customer', 'offer'); // redeemed, then the case write failed
    const r = await chooseOffer(code, { channel: 'email' }, w.ports);
    expect(r).toMatchObject({ status: 200, view: { state: 'chosen', channel: 'email' } });
    expect((await w.store.getCase(c.id))!.offer).toMatchObject({ state: 'chosen', channel: 'email' });
    expect((await chooseOffer(code, { channel: 'phone' }, w.ports)).status).toBe(410);
    expect((await w.store.getCase(c.id))!.offer!.channel).toBe('email');
  });

  it('an ack code on the offer route is unknown (404) and not used up', async () => {
    const w = world();
    const { priya } = await pagedCase(w);
    const before = snapshot(w);
    expect(await chooseOffer(priya, { channel: 'email' }, w.ports)).toEqual({ status: 404, view: { state: 'unknown', businessName: 'Acme Support' } });
    expect(snapshot(w)).toEqual(before);
    expect((await viewAck(priya, w.ports)).view.state).toBe('confirm');
  });

  it('an expired code: 410, nothing recorded', async () => {
    const w = world();
    const { code } = await offeredCase(w);
    w.clock.advance(7 * DAY + 1);
    const before = snapshot(w);
    expect(await chooseOffer(code, { channel: 'email' }, w.ports)).toEqual({ status: 410, view: { state: 'expired', businessName: 'Acme Support' } });
    expect(snapshot(w)).toEqual(before);
  });

  it('when the owner email fails, the choice still stands and the customer is thanked', async () => {
    const w = world();
    const { c, code } = await offeredCase(w);
    w.email.failFor.add(PRIYA.email);
    w.email.failFor.add(SAM.email);
    const r = await chooseOffer(code, { channel: 'phone', phone: '07700 900123' }, w.ports);
    expect(r).toMatchObject({ status: 200, view: { state: 'chosen', channel: 'phone', phone: '07700 900123' } });
    expect((await w.store.getCase(c.id))!.offer).toMatchObject({ state: 'chosen', channel: 'phone' });
    expect(w.store.slotOf({ platform: c.platform, authorId: c.author.id })!.lastChoice).toMatchObject({ phone: '07700 900123' });
    const entry = w.store.timeline(c.id).find((e) => e.type.startsWith('offer-choice-'))!;
    expect(entry).toMatchObject({ type: 'offer-choice-not-forwarded', data: { told: [] } });
    expect(entry.detail).toContain('could not email');
  });

  it('when one owner email fails, the timeline names who was told', async () => {
    const w = world();
    const { c, code } = await offeredCase(w);
    w.email.failFor.add(SAM.email);
    await chooseOffer(code, { channel: 'email' }, w.ports);
    expect(w.store.timeline(c.id).find((e) => e.type.startsWith('offer-choice-'))).toMatchObject({
      type: 'offer-choice-forwarded',
      detail: `told ${PRIYA.name} by email`,
      data: { told: [PRIYA.name] },
    });
  });
});
