/**
 * What ops rely on when a platform misbehaves: a delivery repeated three times at once makes one case and one round of
 * pages; and personal information planted in posts, private messages and the offer form never reaches a log line,
 * whatever the handlers log at DEBUG level along the way.
 */
import { genericDelivery, metaDelivery, post, whatsappMessages, xDelivery, xMention } from '../helpers/deliveries';
import { eventually, linkCode, listedCase, readOutbox, staffApi, startStackWithPolicy, type TestStack } from '../helpers/local-stack';
import { captureConsole } from '../helpers/console-capture';

// Emulator-backed and timing-dependent: generous limits for a loaded 2-core CI machine (waits end as soon as met).
jest.setTimeout(120_000);

const TOKEN = 'reliability-test-staff-token';
const TIER1 = [
  { name: 'Priya Shah', phone: '+447700900101', email: 'priya@example.com' },
  { name: 'Tom Okafor', phone: '+447700900102', email: 'tom@example.com' },
];

/** Personal information planted in the traffic below; none of it may appear in any log line. */
const PII = {
  email: 'jo.bloggs.pii@example.org',
  phone: '07700 900987',
  card: '4539 1488 0343 6467',
  address: '221B Baker Street',
  dmEmail: 'ravi.secret@example.net',
  callback: '+44 7700 900555',
  reviewerEmail: 'reviewer.hidden@example.org',
};

const logged: string[] = [];
let stack: TestStack;
const restore: (() => void)[] = [];

beforeAll(async () => {
  // Every level the handlers can log at, captured (Powertools writes through the console in dev mode).
  restore.push(captureConsole(logged, { logLevel: 'DEBUG', stdout: true }));

  stack = await startStackWithPolicy({ token: TOKEN, tiers: [{ name: 'Duty lead', ackTimeoutSeconds: 60, contacts: TIER1 }], onRequest: (line) => logged.push(line) });
});

afterAll(async () => {
  await stack?.cleanup();
  for (const undo of restore.splice(0)) undo();
});

const api = staffApi(() => stack.url, TOKEN);
const outbox = () => readOutbox(stack.url);

describe('a platform that repeats itself', () => {
  it('one delivery sent three times at once: exactly one case and one page per on-call contact', async () => {
    const d = xDelivery(xMention({ id: '8101', userId: 'dup-1', text: '@AcmeSupport my son had an allergic reaction to your cereal bar, we are in A&E' }));
    const statuses = await Promise.all([post(stack.url, d), post(stack.url, d), post(stack.url, d)]);
    expect(statuses.map((s) => s.status)).toEqual([200, 200, 200]);
    const caseId = (await listedCase(api, (c) => c.author.id === 'dup-1')).id;
    await eventually(outbox, (o) => o.sms.filter((m) => m.body.includes(caseId)).length >= TIER1.length);
    await new Promise((r) => setTimeout(r, 1_500)); // any duplicate would have arrived by now
    const after = (await api('/api/cases?status=all&limit=500')).body;
    expect(after.items.filter((c: any) => c.author.id === 'dup-1')).toHaveLength(1);
    const sms = (await outbox()).sms.filter((m) => m.body.includes(caseId));
    expect(sms.map((m) => m.to).sort()).toEqual(TIER1.map((c) => c.phone).sort());
    const detail = (await api(`/api/cases/${caseId}`)).body;
    expect(detail.eventCount).toBe(1);
    expect(detail.timeline.filter((t: { type: string }) => t.type === 'page-sent')).toHaveLength(1);
  });
});

describe('personal information stays out of the logs', () => {
  it('across intake, classification, paging, acknowledgement, the offer and the choice', async () => {
    logged.length = 0;
    // A critical public post full of PII.
    await post(
      stack.url,
      xDelivery(
        xMention({
          id: '8201',
          userId: 'pii-1',
          text: `@AcmeSupport someone used my card ${PII.card} without permission! Call ${PII.phone}, email ${PII.email}, I live at ${PII.address}`,
        }),
      ),
    );
    // A complaint by DM that gives an email address (the offer goes there).
    await post(stack.url, metaDelivery(whatsappMessages(1, `My parcel never came and nobody answers. Write to me at ${PII.dmEmail}`)));
    // A review whose source vouches for the reviewer's email.
    await post(
      stack.url,
      genericDelivery('reviews', {
        type: 'review.created',
        data: { id: 'rev-8301', text: 'Broken on arrival and no refund after three weeks.', author: { id: 'rv-pii', name: 'Alex', email: PII.reviewerEmail }, createdAt: new Date().toISOString(), rating: 1 },
      }),
    );

    const paged = await eventually(outbox, (o) => o.sms.some((m) => m.body.includes('[card]') || m.body.includes('card')) && o.email.some((e) => e.to.includes(PII.dmEmail)) && o.email.some((e) => e.to.includes(PII.reviewerEmail)));
    const piiCase = (await api('/api/cases?status=all&limit=500')).body.items.find((c: any) => c.author.id === 'pii-1');
    const ackCode = linkCode(paged.sms.find((m) => m.body.includes(piiCase.id))!.body, 'ack')!;
    expect((await fetch(`${stack.url}/ack/${ackCode}`)).status).toBe(200);
    expect((await fetch(`${stack.url}/ack/${ackCode}`, { method: 'POST' })).status).toBe(200);

    const offerCode = linkCode(paged.email.find((e) => e.to.includes(PII.dmEmail))!.text, 'offer')!;
    expect((await fetch(`${stack.url}/offer/${offerCode}`)).status).toBe(200);
    const chosen = await fetch(`${stack.url}/offer/${offerCode}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ channel: 'phone', phone: PII.callback, time: `evenings, or email ${PII.email}` }).toString(),
    });
    expect(chosen.status).toBe(200);
    await new Promise((r) => setTimeout(r, 300));

    // The run logged plenty (so the check below is not vacuous) …
    const text = logged.join('\n');
    expect(logged.length).toBeGreaterThan(10);
    expect(text).toMatch(/event processed|escalation step|link page/);
    // … and none of it is personal information, nor a link code (a credential).
    const digitsOnly = (s: string) => s.replace(/\D/g, '');
    const lines = text.split('\n');
    for (const [kind, value] of Object.entries(PII)) {
      expect({ kind, found: text.includes(value) }).toEqual({ kind, found: false });
      // Numbers also in any other spacing, line by line.
      if (kind === 'card' || kind === 'phone' || kind === 'callback') {
        expect({ kind, found: lines.some((l) => digitsOnly(l).includes(digitsOnly(value))) }).toEqual({ kind, found: false });
      }
    }
    expect(text).not.toContain(ackCode);
    expect(text).not.toContain(offerCode);
  });
});
