/**
 * A critical post that joins a case already escalated — or never escalated — on the local stack: the outside
 * review's "second threat pages nobody" finding, replayed over HTTP. Signed X mentions in, the deployed state machine
 * run by the local interpreter, SMS and email from the emulators' outbox, acknowledgements through /ack/{code}. Ack
 * timeouts are 2 s (tier 1) and 1 s (tier 2), one round.
 */
import { classify } from '../../lambdas/domain/classifier';
import type { SocialEvent } from '../../schemas/social-event';
import { post, xDelivery, xMention } from '../helpers/deliveries';
import { eventually, linkCode, listedCase, readOutbox, smsFor, staffApi, startStackWithPolicy, type TestStack } from '../helpers/local-stack';

// Emulator-backed and timing-dependent: generous limits for a loaded 2-core CI machine (waits end as soon as met).
jest.setTimeout(120_000);

let stack: TestStack;
const TOKEN = 'reescalation-test-staff-token';

const PRIYA = { name: 'Priya Shah', phone: '+447700900301', email: 'priya.r@example.com' };
const TOM = { name: 'Tom Okafor', phone: '+447700900302', email: 'tom.r@example.com' };
const HANNAH = { name: 'Hannah Lewis', phone: '+447700900401', email: 'hannah.r@example.com' };
const TIER1 = [PRIYA, TOM];

beforeAll(async () => {
  stack = await startStackWithPolicy({
    token: TOKEN,
    repeat: 1,
    tiers: [
      { name: 'Duty lead', ackTimeoutSeconds: 2, contacts: TIER1 },
      { name: 'Care manager', ackTimeoutSeconds: 1, contacts: [HANNAH] },
    ],
  });
});
afterAll(async () => {
  await stack?.cleanup();
});

const api = staffApi(() => stack.url, TOKEN);
const outbox = () => readOutbox(stack.url);
const caseById = async (id: string) => (await api(`/api/cases/${id}`)).body;
const types = (c: { timeline: { type: string }[] }) => c.timeline.map((t) => t.type);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let tweetId = 9_100_000;
/** A mention by `userId` (one X conversation per customer); returns its tweet id. */
async function tweet(userId: string, text: string, id = String(tweetId++)): Promise<string> {
  const res = await post(stack.url, xDelivery(xMention({ id, userId, text })));
  expect(res.status).toBe(200);
  return id;
}

async function staffAction(caseId: string, action: string, body?: unknown) {
  const res = await fetch(`${stack.url}/api/cases/${caseId}/${action}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as any };
}

const FIRE = '@AcmeSupport the charger caught fire, I will sue you';
const GUN = '@AcmeSupport I have a gun and I am coming to your store tomorrow to hurt your staff';

describe('a new critical post in a case whose escalation was acknowledged', () => {
  it('pages tier 1 (with the person who acknowledged) at once, quoting the new post; the old links cannot acknowledge it; silence escalates; a redelivery pages nobody twice', async () => {
    const user = 'reesc-ack-1';
    const fireId = await tweet(user, FIRE);
    const caseId = (await listedCase(api, (c) => c.author.id === user)).id;
    const first = smsFor(await eventually(outbox, (o) => smsFor(o, caseId).length >= 2), caseId);
    expect(first.map((m) => m.to).sort()).toEqual([PRIYA.phone, TOM.phone].sort());
    const priyaOld = linkCode(first.find((m) => m.to === PRIYA.phone)!.body, 'ack')!;
    const tomOld = linkCode(first.find((m) => m.to === TOM.phone)!.body, 'ack')!;
    expect((await fetch(`${stack.url}/ack/${tomOld}`, { method: 'POST' })).status).toBe(200);
    expect((await caseById(caseId)).escalation).toMatchObject({ state: 'acknowledged', acknowledgedBy: TOM.name });

    // The same tweet delivered three times at once (and the classifier may see a record twice): one new round.
    const gunId = String(tweetId++);
    await Promise.all([tweet(user, GUN, gunId), tweet(user, GUN, gunId), tweet(user, GUN, gunId)]);
    const second = await eventually(outbox, (o) => smsFor(o, caseId).length >= 4);
    const round2 = smsFor(second, caseId).slice(2);
    expect(round2.map((m) => m.to).sort()).toEqual([PRIYA.phone, TOM.phone].sort());
    for (const sms of round2) {
      expect(sms.body).toMatch(/gun/); // the new post is quoted, not the first one
      expect(sms.body).toMatch(/new critical post/i);
      expect(linkCode(sms.body, 'ack')).toBeDefined();
    }
    expect(round2.find((m) => m.to === TOM.phone)!.body).toMatch(/you acknowledged/i);
    expect(round2.find((m) => m.to === PRIYA.phone)!.body).toMatch(/Tom Okafor/);
    const emails = second.email.filter((e) => e.subject.includes(caseId) && e.text.includes('gun'));
    expect(emails.flatMap((e) => e.to).sort()).toEqual([PRIYA.email, TOM.email].sort());

    const paging = await caseById(caseId);
    expect(paging.escalation).toMatchObject({ state: 'paging', tier: 1 });
    expect(paging.escalation.id).toMatch(new RegExp(`^${caseId}-critical-[A-Za-z0-9_-]+$`));
    expect(paging.escalation.acknowledgedBy).toBeUndefined();
    // The timeline says a new escalation started for the new post.
    const classified = paging.timeline.find((t: any) => t.type === 'post-joined' && t.data.eventId === `x:${gunId}`);
    expect(classified.data.urgency).toBe('critical');
    expect(paging.timeline.filter((t: any) => t.type === 'escalation-started').map((t: any) => t.data.execution)).toEqual([`${caseId}-critical`, paging.escalation.id]);

    // Round 1's links belong to round 1: neither the used one nor the colleague's unused one acknowledges round 2.
    for (const old of [priyaOld, tomOld]) {
      const res = await fetch(`${stack.url}/ack/${old}`, { method: 'POST' });
      expect(res.status).toBeLessThan(500);
      const now = await caseById(caseId);
      expect(now.escalation.state).not.toBe('acknowledged');
      expect(now.escalation.id).toBe(paging.escalation.id);
    }

    // Nobody acknowledges round 2: tier 2 is paged with the new post, then the escalation is exhausted.
    const exhausted = await eventually(() => caseById(caseId), (c) => c.escalation?.state === 'exhausted');
    const all = smsFor(await outbox(), caseId);
    expect(all.filter((m) => m.to === HANNAH.phone)).toHaveLength(1);
    expect(all.find((m) => m.to === HANNAH.phone)!.body).toMatch(/gun/);
    expect(all).toHaveLength(5);
    expect(types(exhausted).filter((t) => t === 'escalation-exhausted')).toHaveLength(1);
    expect(types(exhausted).filter((t) => t === 'acknowledged')).toHaveLength(1); // round 1's, kept
    // The case's reasons lead with the new post's (the first post's follow).
    const gunReasons = classify({ id: `x:${gunId}`, platform: 'x', kind: 'mention', text: GUN, author: { id: user } } as SocialEvent).reasons;
    expect(gunReasons.length).toBeGreaterThan(0);
    expect(exhausted.reasons.slice(0, gunReasons.length)).toEqual(gunReasons);
    // …and the first post's own reasons stay after them.
    const fireReasons = classify({ id: `x:${fireId}`, platform: 'x', kind: 'mention', text: FIRE, author: { id: user } } as SocialEvent).reasons;
    expect(exhausted.reasons).toContain(fireReasons[0]);
  });

  it('pages the acknowledger when they are not in tier 1, alongside tier 1; their new link acknowledges the new round and stops it', async () => {
    const user = 'reesc-ack-2';
    await tweet(user, '@AcmeSupport your heater exploded in my kitchen and my son is burned');
    const caseId = (await listedCase(api, (c) => c.author.id === user)).id;
    // Silence from tier 1: Hannah (tier 2) is paged and acknowledges.
    const t2 = await eventually(outbox, (o) => smsFor(o, caseId).some((m) => m.to === HANNAH.phone));
    const hannahOld = linkCode(smsFor(t2, caseId).find((m) => m.to === HANNAH.phone)!.body, 'ack')!;
    expect((await fetch(`${stack.url}/ack/${hannahOld}`, { method: 'POST' })).status).toBe(200);
    expect((await caseById(caseId)).escalation).toMatchObject({ state: 'acknowledged', acknowledgedBy: HANNAH.name });
    const before = smsFor(await outbox(), caseId).length;

    await tweet(user, GUN);
    const next = await eventually(outbox, (o) => smsFor(o, caseId).length >= before + 3);
    const round2 = smsFor(next, caseId).slice(before);
    expect(round2.map((m) => m.to).sort()).toEqual([PRIYA.phone, TOM.phone, HANNAH.phone].sort());
    expect(round2.find((m) => m.to === HANNAH.phone)!.body).toMatch(/you acknowledged/i);

    const code = linkCode(round2.find((m) => m.to === PRIYA.phone)!.body, 'ack')!;
    const acked = await fetch(`${stack.url}/ack/${code}`, { method: 'POST' });
    expect(acked.status).toBe(200);
    const c = await caseById(caseId);
    expect(c.escalation).toMatchObject({ state: 'acknowledged', acknowledgedBy: PRIYA.name });
    expect(types(c).filter((t) => t === 'acknowledged')).toHaveLength(2);
    // Tier 1's wait and tier 2's pass: nobody else is paged for round 2.
    await sleep(3_500);
    expect(smsFor(await outbox(), caseId)).toHaveLength(before + 3);
  });
});

describe('a critical post in a case that was never escalated, or whose escalation gave up', () => {
  it.each([
    ['acknowledged by staff', 'acknowledge', undefined, 'reesc-low-ack'],
    ['assigned by staff', 'assign', { assignee: TOM.name }, 'reesc-low-assign'],
  ])('a question %s, then a critical post: tier 1 is paged', async (_what, action, body, user) => {
    await tweet(user, '@AcmeSupport hi, what are your opening hours on Sunday?');
    const caseId = (await listedCase(api, (c) => c.author.id === user)).id;
    expect((await staffAction(caseId, action, body)).status).toBe(200);
    await tweet(user, '@AcmeSupport your heater exploded and my son is badly burned, I am calling the police and my lawyer');
    const paged = smsFor(await eventually(outbox, (o) => smsFor(o, caseId).length >= 2), caseId);
    expect(paged.map((m) => m.to).sort()).toEqual([PRIYA.phone, TOM.phone].sort());
    for (const sms of paged) expect(sms.body).toMatch(/heater exploded/);
    if (action === 'assign') expect(paged.find((m) => m.to === TOM.phone)!.body).toMatch(/assigned to you/i);
    const c = await eventually(() => caseById(caseId), (x) => x.escalation?.state === 'paging' && x.escalation.tier === 1);
    expect(c.urgency).toBe('critical');
    expect(c.status).toBe('acknowledged'); // the staff member keeps the case; the escalation pages on
  });

  it('an exhausted escalation: a new critical post pages tier 1 again', async () => {
    const user = 'reesc-exhausted';
    await tweet(user, FIRE);
    const caseId = (await listedCase(api, (c) => c.author.id === user)).id;
    await eventually(() => caseById(caseId), (c) => c.escalation?.state === 'exhausted');
    expect(smsFor(await outbox(), caseId)).toHaveLength(3);
    await tweet(user, GUN);
    const again = smsFor(await eventually(outbox, (o) => smsFor(o, caseId).length >= 5), caseId).slice(3);
    expect(again.map((m) => m.to).sort()).toEqual([PRIYA.phone, TOM.phone].sort());
    for (const sms of again) expect(sms.body).toMatch(/gun/);
    for (const sms of again) expect(sms.body).toMatch(/nobody acknowledged/i);
  });
});

describe('a critical post while the case is still paging', () => {
  it('joins the running escalation: tier 1 is not paged twice, and the next page quotes the newest post', async () => {
    const user = 'reesc-paging';
    await tweet(user, FIRE);
    const caseId = (await listedCase(api, (c) => c.author.id === user)).id;
    await eventually(outbox, (o) => smsFor(o, caseId).length >= 2);
    const gunId = await tweet(user, GUN);
    const joined = await eventually(() => caseById(caseId), (c) => c.timeline.some((t: any) => t.type === 'escalation-covered'));
    // Read after the post was folded: a page not yet sent now is built from the case with the new post in it.
    const tier2Before = smsFor(await outbox(), caseId).some((m) => m.to === HANNAH.phone);
    expect(joined.escalation.id).toBe(`${caseId}-critical`);
    expect(joined.timeline.find((t: any) => t.type === 'escalation-covered').data.eventId).toBe(`x:${gunId}`);
    const done = await eventually(() => caseById(caseId), (c) => c.escalation?.state === 'exhausted');
    const sms = smsFor(await outbox(), caseId);
    expect(types(done).filter((t) => t === 'escalation-started')).toHaveLength(1);
    if (!tier2Before) {
      // The usual order: the post joined during tier 1's wait, so tier 2's page carries it, and nobody is paged twice.
      expect(sms).toHaveLength(3);
      expect(sms.find((m) => m.to === HANNAH.phone)!.body).toMatch(/gun/);
    } else {
      // A slow machine: the post joined after the last page went out, so the escalation pages tier 1 again with it
      // rather than ending without anyone having been told.
      expect(sms.slice(3).map((m) => m.to).sort()).toEqual([PRIYA.phone, TOM.phone].sort());
      for (const m of sms.slice(3)) expect(m.body).toMatch(/gun/);
    }
  });

  it('a post that joins after the last page went out is paged before the escalation ends', async () => {
    const user = 'reesc-last-wait';
    await tweet(user, FIRE);
    const caseId = (await listedCase(api, (c) => c.author.id === user)).id;
    // Tier 2 (the last) has been paged with the first post; the new one arrives during its wait.
    await eventually(outbox, (o) => smsFor(o, caseId).some((m) => m.to === HANNAH.phone));
    await tweet(user, GUN);
    // Whether it joined during the wait (the escalation goes round once more) or just after the end (a new
    // escalation), tier 1 is told about it.
    const told = await eventually(outbox, (o) => smsFor(o, caseId).filter((m) => /gun/.test(m.body)).length >= 2);
    expect(smsFor(told, caseId).filter((m) => /gun/.test(m.body)).map((m) => m.to).sort()).toEqual([PRIYA.phone, TOM.phone].sort());
    await eventually(() => caseById(caseId), (c) => c.escalation?.state === 'exhausted');
  });
});
