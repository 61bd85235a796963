/**
 * The escalation on the local stack, as the people on both ends meet it: signed posts in, the deployed state machine
 * (config/escalation-flow.ts) run by the local interpreter, SMS through the SNS emulator and email through the SES
 * emulator, and the /ack and /offer pages over HTTP. Ack timeouts are 1–2 s so silence is cheap to wait for.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { LinkCodesTable } from '../../lambdas/adapters/link-codes-table';
import { issueLink } from '../../lambdas/domain/links/store';
import { CaseSchema } from '../../schemas/case';
import { facebookComment, genericDelivery, metaDelivery, post, whatsappMessages, xDelivery, xMention } from '../helpers/deliveries';
import { eventually, linkCode, listedCase, readOutbox, smsFor, staffApi, startStackWithPolicy, type TestStack, expectHealthy } from '../helpers/local-stack';

// Emulator-backed and timing-dependent: generous limits for a loaded 2-core CI machine (waits end as soon as met).
jest.setTimeout(120_000);

let stack: TestStack;
const TOKEN = 'escalation-test-staff-token';

const TIER1 = [
  { name: 'Priya Shah', phone: '+447700900101', email: 'priya@example.com' },
  { name: 'Tom Okafor', phone: '+447700900102', email: 'tom@example.com' },
];
const TIER2 = [{ name: 'Hannah Lewis', phone: '+447700900201', email: 'hannah@example.com' }];
const DIRECTORY_AUTHOR = { platform: 'facebook', authorId: '6000000000000777', name: 'Sarah Mitchell', email: 'sarah.mitchell@example.com' };

beforeAll(async () => {
  stack = await startStackWithPolicy({
    token: TOKEN,
    // What customers call the review source: the offer names it, never the source's id.
    env: { SOURCE_NAMES: '{"reviews":"Trustpilot"}' },
    repeat: 1,
    tiers: [
      { name: 'Duty lead', ackTimeoutSeconds: 2, contacts: TIER1 },
      { name: 'Care manager', ackTimeoutSeconds: 1, contacts: TIER2 },
    ],
    customers: [DIRECTORY_AUTHOR],
  });
});
afterAll(async () => {
  await stack?.cleanup();
});

const api = staffApi(() => stack.url, TOKEN);
const outbox = () => readOutbox(stack.url);

/** Delivers a post and waits for its case; returns the case id. */
async function caseFrom(deliver: () => Promise<unknown>, match: (c: any) => boolean): Promise<string> {
  await deliver();
  return (await listedCase(api, match)).id;
}

const caseById = async (id: string) => (await api(`/api/cases/${id}`)).body;
const form = (fields: Record<string, string>) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
});

describe('paging a critical case', () => {
  it('pages tier 1 by SMS and email, then tier 2 after silence, then marks the escalation exhausted', async () => {
    const caseId = await caseFrom(
      () => post(stack.url, xDelivery(xMention({ id: '7001', userId: 'crit-1', text: "@AcmeSupport fix my account today or I'm going to the press and my lawyer" }))),
      (c) => c.platform === 'x' && c.author.id === 'crit-1',
    );
    // Each contact's SMS and email are separate sends: wait for all of them (a read between them saw only some).
    const first = await eventually(outbox, (o) => smsFor(o, caseId).length >= 2 && o.email.filter((e) => e.subject.includes(caseId)).length >= TIER1.length);
    const tier1 = smsFor(first, caseId);
    expect(tier1.map((m) => m.to).sort()).toEqual(TIER1.map((c) => c.phone).sort());
    for (const sms of tier1) {
      expect(sms.body).toMatch(/CRITICAL/);
      expect(linkCode(sms.body, 'ack')).toBeDefined();
      expect(sms.body).not.toContain('leepark'); // the author's handle never goes into a text message
      expect(sms.body).not.toContain('Lee Park');
      expect(sms.at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    }
    const pagerEmails = first.email.filter((e) => e.subject.includes(caseId));
    expect(pagerEmails.flatMap((e) => e.to).sort()).toEqual(TIER1.map((c) => c.email).sort());
    // Two codes, one per contact: each person acknowledges with their own.
    expect(new Set(tier1.map((m) => linkCode(m.body, 'ack'))).size).toBe(2);
    expect((await caseById(caseId)).escalation).toMatchObject({ state: 'paging', tier: 1 });

    const second = await eventually(outbox, (o) => smsFor(o, caseId).length >= 3);
    expect(smsFor(second, caseId).map((m) => m.to)).toContain(TIER2[0]!.phone);
    expect(Date.parse(smsFor(second, caseId).find((m) => m.to === TIER2[0]!.phone)!.at) - Date.parse(tier1[0]!.at)).toBeGreaterThanOrEqual(1_900);

    // The case's state and its timeline entry are two writes: a reader can see the first before the second, so the
    // wait is for both (seen once on a loaded machine).
    const done = await eventually(
      () => caseById(caseId),
      (c) => c.escalation?.state === 'exhausted' && c.timeline.some((t: { type: string }) => t.type === 'escalation-exhausted'),
    );
    const types = done.timeline.map((t: { type: string }) => t.type);
    expect(types.filter((t: string) => t === 'page-sent')).toHaveLength(2);
    expect(types.filter((t: string) => t === 'no-acknowledgement')).toHaveLength(2);
    expect(types).toContain('escalation-exhausted');
    expect(CaseSchema.safeParse(done).error).toBeUndefined();
    // Exhausted means nobody else is paged.
    await new Promise((r) => setTimeout(r, 1_500));
    expect(smsFor(await outbox(), caseId)).toHaveLength(3);
  });

  it('GET /ack shows the case and changes nothing; POST acknowledges and no further SMS goes out', async () => {
    const caseId = await caseFrom(
      () => post(stack.url, xDelivery(xMention({ id: '7002', userId: 'crit-2', text: '@AcmeSupport someone hacked my account and changed my password, there are charges I never made' }))),
      (c) => c.author.id === 'crit-2',
    );
    const paged = await eventually(outbox, (o) => smsFor(o, caseId).length >= 2);
    const [priya, tom] = TIER1.map((c) => smsFor(paged, caseId).find((m) => m.to === c.phone)!);
    const code = linkCode(priya!.body, 'ack')!;

    // A link scanner (or the person) opens the link twice: nothing changes.
    for (let i = 0; i < 2; i++) {
      const view = await fetch(`${stack.url}/ack/${code}`);
      expect(view.status).toBe(200);
      expect(view.headers.get('content-type')).toMatch(/text\/html/);
      expect(view.headers.get('cache-control')).toBe('no-store');
      expect(view.headers.get('referrer-policy')).toBe('no-referrer');
      const html = await view.text();
      expect(html).toMatch(/<form[^>]+method="post"/i);
      expect(html).not.toMatch(/<script/i);
    }
    expect((await caseById(caseId)).escalation.state).toBe('paging');

    const acked = await fetch(`${stack.url}/ack/${code}`, { method: 'POST' });
    expect(acked.status).toBe(200);
    expect(await acked.text()).toMatch(/Priya/);
    const c = await caseById(caseId);
    expect(c.escalation).toMatchObject({ state: 'acknowledged', acknowledgedBy: 'Priya Shah' });
    expect(c.status).toBe('acknowledged');
    expect(c.timeline.map((t: { type: string }) => t.type)).toContain('acknowledged');

    // Tier 1's wait (2 s) and tier 2's (1 s) pass: nobody else is paged.
    await new Promise((r) => setTimeout(r, 3_500));
    expect(smsFor(await outbox(), caseId)).toHaveLength(2);
    expect((await caseById(caseId)).escalation.state).toBe('acknowledged');

    // The used code, and the colleague's code, both explain instead of erroring.
    const reused = await fetch(`${stack.url}/ack/${code}`, { method: 'POST' });
    expect(reused.status).toBeLessThan(500);
    expect(await reused.text()).toMatch(/Priya Shah/);
    const colleague = await fetch(`${stack.url}/ack/${linkCode(tom!.body, 'ack')}`);
    expect(colleague.status).toBe(200);
    const colleagueHtml = await colleague.text();
    expect(colleagueHtml).toMatch(/Priya Shah/);
    expect(colleagueHtml).not.toMatch(/<form/i);
  });

  it('an expired code gets a clear page and acknowledges nothing; unknown codes reveal nothing', async () => {
    const caseId = await caseFrom(
      () => post(stack.url, xDelivery(xMention({ id: '7003', userId: 'crit-3', text: '@AcmeSupport your charger caught fire in my kitchen, my son burned his hand' }))),
      (c) => c.author.id === 'crit-3',
    );
    await eventually(outbox, (o) => smsFor(o, caseId).length >= 2);
    const client = new DynamoDBClient({ endpoint: stack.endpoints.dynamodb, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
    const links = new LinkCodesTable(client, stack.tables.cases);
    const short = await issueLink(links, 'ack', caseId, 1, new Date(), { tier: 1, round: 1, contact: 'Tom Okafor' });
    await new Promise((r) => setTimeout(r, 1_100));
    const view = await fetch(`${stack.url}/ack/${short.code}`);
    expect(view.status).toBe(410);
    expect(await view.text()).toMatch(/expired/i);
    const post410 = await fetch(`${stack.url}/ack/${short.code}`, { method: 'POST' });
    expect(post410.status).toBe(410);
    expect((await caseById(caseId)).escalation.acknowledgedBy).toBeUndefined();

    for (const bad of ['nope', 'A'.repeat(43), '%3Cscript%3E', 'A'.repeat(400)]) {
      const res = await fetch(`${stack.url}/ack/${bad}`);
      expect(res.status).toBe(404);
      const html = await res.text();
      expect(html).not.toContain(caseId);
      expect(html).not.toMatch(/<script/i);
      expect((await fetch(`${stack.url}/ack/${bad}`, { method: 'POST' })).status).toBe(404);
    }
    client.destroy();
    await expectHealthy(stack.url);
  });
});

describe("the customer's choice", () => {
  it('emails one offer, GET shows the choices, POST records the choice and tells tier 1; the code works once', async () => {
    const caseId = await caseFrom(
      () =>
        post(
          stack.url,
          genericDelivery('reviews', {
            type: 'review.created',
            data: { id: 'rev-9001', text: 'Two weeks and still no refund for the broken blender. Really poor service.', author: { id: 'rv-1', name: 'Owen Davies', email: 'owen@example.org' }, createdAt: new Date().toISOString(), rating: 1 },
          }),
        ),
      (c) => c.platform === 'reviews' && c.author.id === 'rv-1',
    );
    const sent = await eventually(outbox, (o) => o.email.some((e) => e.to.includes('owen@example.org')));
    const offers = sent.email.filter((e) => e.to.includes('owen@example.org'));
    expect(offers).toHaveLength(1);
    const offer = offers[0]!;
    // The review site passed the address on; nobody verified it is Owen's: the email names nobody and quotes nothing.
    expect(offer.text).toMatch(/^Hello,/);
    expect(offer.text).not.toMatch(/Owen|blender/);
    expect(offer.subject).toBe('About your review on Trustpilot — how would you like us to help?');
    expect(offer.text).toContain('We received a review on Trustpilot on ');
    expect(offer.text).not.toContain(caseId);
    const code = linkCode(offer.text, 'offer')!;
    expect(code).toBeDefined();
    expect(offer.html).toContain(`/offer/${code}`);
    // Not critical: nobody is paged.
    expect(smsFor(sent, caseId)).toHaveLength(0);
    await eventually(
      () => caseById(caseId),
      (c) => c.offer?.state === 'sent',
    );

    const page = await fetch(`${stack.url}/offer/${code}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    for (const v of ['phone', 'email', 'none']) expect(html).toContain(`value="${v}"`);
    // A review site has no private messages: not offered. It is called what the business calls it.
    expect(html).not.toContain('value="dm"');
    expect(html).toContain('This is about a Trustpilot review that gave your email address for a reply.');
    expect(html).not.toContain(caseId);
    expect((await caseById(caseId)).offer.state).toBe('sent');

    // A form the customer can fix does not use the code up.
    const bad = await fetch(`${stack.url}/offer/${code}`, form({ channel: 'fax' }));
    expect(bad.status).toBe(400);
    expect((await caseById(caseId)).offer.state).toBe('sent');

    const chosen = await fetch(`${stack.url}/offer/${code}`, form({ channel: 'phone', phone: '+44 7700 900123', time: 'after 6pm' }));
    expect(chosen.status).toBe(200);
    expect(await chosen.text()).toMatch(/thank/i);
    const c = await caseById(caseId);
    expect(c.offer).toMatchObject({ state: 'chosen', channel: 'phone' });
    expect(c.offer.chosenAt).toBeDefined();
    expect(JSON.stringify(c)).not.toContain('7700 900123'); // the callback number is not on the case
    const told = await eventually(outbox, (o) => o.email.some((e) => e.subject.includes(caseId) && e.to.includes(TIER1[0]!.email)));
    const notice = told.email.find((e) => e.subject.includes(caseId) && e.to.includes(TIER1[0]!.email))!;
    expect(notice.text).toContain('7700 900123');
    expect(notice.text).toMatch(/after 6pm/);

    const again = await fetch(`${stack.url}/offer/${code}`, form({ channel: 'email' }));
    expect(again.status).toBe(410);
    expect((await caseById(caseId)).offer.channel).toBe('phone');
    // The customer got the offer and nothing else.
    expect((await outbox()).email.filter((e) => e.to.includes('owen@example.org'))).toHaveLength(1);
  });

  it('offers once per quiet window: a second complaint from the same customer gets no second email', async () => {
    const deliver = (id: string, text: string) =>
      post(
        stack.url,
        genericDelivery('reviews', {
          type: 'review.created',
          data: { id, text, author: { id: 'rv-2', name: 'Mia', email: 'mia@example.org' }, createdAt: new Date().toISOString(), rating: 1 },
        }),
      );
    const first = await caseFrom(() => deliver('rev-9101', 'The delivery driver threw my parcel over the fence and it broke.'), (c) => c.id && c.author.id === 'rv-2');
    await eventually(outbox, (o) => o.email.some((e) => e.to.includes('mia@example.org')));
    await eventually(() => caseById(first), (c) => c.offer?.state === 'sent');
    await deliver('rev-9102', 'And now the replacement arrived broken too. Terrible.');
    const second = await eventually(
      () => api('/api/cases?status=all&limit=500'),
      (r) => r.body.items.filter((c: any) => c.author.id === 'rv-2').length === 2,
    );
    const secondId = second.body.items.find((c: any) => c.author.id === 'rv-2' && c.id !== first).id;
    const skipped = await eventually(
      () => caseById(secondId),
      (c) => c.timeline.some((t: { type: string }) => t.type === 'offer-skipped'),
    );
    expect(skipped.offer).toBeUndefined();
    expect((await outbox()).email.filter((e) => e.to.includes('mia@example.org'))).toHaveLength(1);
  });

  it('finds the address in the customer directory, or in a private message the customer sent', async () => {
    await post(stack.url, metaDelivery(facebookComment({ commentId: '70001', fromId: DIRECTORY_AUTHOR.authorId, text: 'Your store charged me for a delivery that never came. Really disappointed.' })));
    const fromDirectory = await eventually(outbox, (o) => o.email.some((e) => e.to.includes(DIRECTORY_AUTHOR.email)));
    expect(fromDirectory.email.find((e) => e.to.includes(DIRECTORY_AUTHOR.email))!.text).toMatch(/Sarah/);

    await post(stack.url, metaDelivery(whatsappMessages(1, 'My order never arrived and nobody answers the phone. Email me at ravi.menon@example.net')));
    const fromDm = await eventually(outbox, (o) => o.email.some((e) => e.to.includes('ravi.menon@example.net')));
    const offer = fromDm.email.find((e) => e.to.includes('ravi.menon@example.net'))!;
    expect(linkCode(offer.text, 'offer')).toBeDefined();
    // The address is used to reach the customer, never shown in the case.
    const list = await api('/api/cases?status=all&limit=500');
    expect(JSON.stringify(list.body)).not.toContain('ravi.menon@example.net');
  });

  it('"no thanks" is recorded as the choice', async () => {
    await post(
      stack.url,
      genericDelivery('reviews', {
        type: 'review.created',
        data: { id: 'rev-9201', text: 'Rude staff at the Leeds branch, I was ignored for twenty minutes.', author: { id: 'rv-3', name: 'Ann', email: 'ann@example.org' }, createdAt: new Date().toISOString(), rating: 2 },
      }),
    );
    const o = await eventually(outbox, (x) => x.email.some((e) => e.to.includes('ann@example.org')));
    const code = linkCode(o.email.find((e) => e.to.includes('ann@example.org'))!.text, 'offer')!;
    const res = await fetch(`${stack.url}/offer/${code}`, form({ channel: 'none' }));
    expect(res.status).toBe(200);
    const list = await api('/api/cases?status=all&limit=500');
    const annCase = list.body.items.find((c: any) => c.author.id === 'rv-3');
    expect(annCase.offer).toMatchObject({ state: 'none', channel: 'none' });
  });
});

describe('cases that need no action', () => {
  it('praise and questions never page anybody and never get an offer', async () => {
    const before = await outbox();
    await post(
      stack.url,
      genericDelivery('reviews', {
        type: 'review.created',
        data: { id: 'rev-9301', text: 'Brilliant service, thank you Jo at the Bristol store!', author: { id: 'rv-4', name: 'Kim', email: 'kim@example.org' }, createdAt: new Date().toISOString(), rating: 5 },
      }),
    );
    await post(stack.url, xDelivery(xMention({ id: '7010', userId: 'q-9', text: '@AcmeSupport what time does the Leeds store open on Sunday?' })));
    const list = await eventually(
      () => api('/api/cases?status=all&limit=500'),
      (r) => ['rv-4', 'q-9'].every((id) => r.body.items.some((c: any) => c.author.id === id)),
    );
    const ids = list.body.items.filter((c: any) => ['rv-4', 'q-9'].includes(c.author.id)).map((c: any) => c.id);
    await new Promise((r) => setTimeout(r, 1_000));
    const after = await outbox();
    expect(after.email.filter((e) => e.to.includes('kim@example.org'))).toHaveLength(0);
    for (const id of ids) {
      expect(smsFor(after, id)).toHaveLength(0);
      const c = await caseById(id);
      expect(c.escalation).toBeUndefined();
      expect(c.offer).toBeUndefined();
    }
    expect(after.sms.length).toBeGreaterThanOrEqual(before.sms.length);
  });
});
