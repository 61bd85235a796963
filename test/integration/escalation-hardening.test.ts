/**
 * The escalation under the attacks of the outside review, on the local stack (the deployed state machine run by the
 * local interpreter, DynamoDB, SNS and SES emulators, the /offer pages over HTTP): a page that fails while it is being
 * built is retried rather than lost, and no regex is built from an author's name; an offer SES refuses stops no page;
 * the offer link takes one choice, however many arrive at once.
 */
import { genericDelivery, post } from '../helpers/deliveries';
import { eventually, linkCode, listedCase, readOutbox, smsFor, staffApi, startStackWithPolicy, type TestStack } from '../helpers/local-stack';
import { captureConsole } from '../helpers/console-capture';

// Emulator-backed and timing-dependent: generous limits for a loaded 2-core CI machine (waits end as soon as met).
jest.setTimeout(120_000);

let stack: TestStack;
const TOKEN = 'escalation-hardening-test-token';
/** Every line logged at any level while the stack runs (Powertools writes through the console in dev mode). */
const logged: string[] = [];
const restore: (() => void)[] = [];

const TIER1 = [{ name: 'Priya Shah', phone: '+447700900101', email: 'priya@example.com' }];
/** Longer than the offer step's retries (2 + 4 + 8 s), so the pages are still going when the offer branch gives up. */
const TIER1_ACK_SECONDS = 20;
const TIER2 = [{ name: 'Hannah Lewis', phone: '+447700900201', email: 'hannah@example.com' }];

beforeAll(async () => {
  process.env.POWERTOOLS_LOG_LEVEL = 'DEBUG';
  restore.push(captureConsole(logged));
  stack = await startStackWithPolicy({
    token: TOKEN,
    repeat: 1,
    tiers: [
      { name: 'Duty lead', ackTimeoutSeconds: TIER1_ACK_SECONDS, contacts: TIER1 },
      { name: 'Care manager', ackTimeoutSeconds: 1, contacts: TIER2 },
    ],
    // An account in the SES sandbox: mail reaches only the verified domains, so SES refuses the rest, as it does.
    sesSandboxVerified: ['example.com', 'example.net'],
  });
});
afterAll(async () => {
  await stack?.cleanup();
  for (const undo of restore.splice(0)) undo();
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
});

const api = staffApi(() => stack.url, TOKEN);
const outbox = () => readOutbox(stack.url);
const caseById = async (id: string) => (await api(`/api/cases/${id}`)).body;

/** A signed review (Standard Webhooks) from `author`. */
const review = (id: string, text: string, author: Record<string, unknown>) =>
  post(stack.url, genericDelivery('reviews', { type: 'review.created', data: { id, text, author, createdAt: new Date().toISOString(), rating: 1 } }));

describe('a page that fails while it is being built', () => {
  it('a critical review whose author name is 20,000 characters long still pages tier 1, without the name', async () => {
    const name = 'Zed'.repeat(6_667);
    await review('rev-h-1', `${name} here: your charger caught fire in my kitchen and my son burned his hand`, { id: 'rv-long-name', name });
    const caseId = (await listedCase(api, (c) => c.author.id === 'rv-long-name')).id;
    const paged = await eventually(outbox, (o) => smsFor(o, caseId).some((m) => m.to === TIER1[0]!.phone));
    const sms = smsFor(paged, caseId).find((m) => m.to === TIER1[0]!.phone)!;
    expect(sms.body).toMatch(/CRITICAL/);
    expect(sms.body).not.toContain('ZedZed');
    const done = await eventually(() => caseById(caseId), (c) => c.timeline.some((t: { type: string }) => t.type === 'page-sent'));
    expect(done.timeline.filter((t: { type: string }) => t.type === 'page-failed')).toEqual([]);
    // Logged plenty, none of it the name (an error message quoting it would have been).
    expect(logged.join('\n')).toMatch(/event processed/);
    expect(logged.some((line) => line.includes('ZedZedZed'))).toBe(false);
  });
});

describe('an offer SES refuses', () => {
  it('is recorded on the case and counted as failed, and the paging goes on to tier 2', async () => {
    await review('rev-h-2', 'Your heater caught fire in my living room. I am calling my lawyer and the press.', {
      id: 'rv-refused',
      name: 'Dana Reyes',
      email: 'dana@unverified.example.org',
    });
    const caseId = (await listedCase(api, (c) => c.author.id === 'rv-refused')).id;
    const failed = await eventually(() => caseById(caseId), (c) => c.offer?.state === 'failed', 60_000);
    const entry = failed.timeline.find((t: { type: string }) => t.type === 'offer-failed');
    expect(entry.detail).toMatch(/MessageRejected/);
    expect(JSON.stringify(failed)).not.toContain('unverified.example.org');
    // Tier 1 is paged, nobody answers, and tier 2 is paged after the offer branch has given up.
    await eventually(outbox, (o) => smsFor(o, caseId).some((m) => m.to === TIER2[0]!.phone), 60_000);
    const executions = stack.stepFunctions.executions().filter((e) => e.name.startsWith(caseId));
    expect(executions.length).toBeGreaterThan(0);
    expect(executions.filter((e) => e.status === 'FAILED')).toEqual([]);
    expect((await outbox()).email.filter((e) => e.to.includes('dana@unverified.example.org'))).toEqual([]);
  });
});

describe('the offer link', () => {
  it('takes exactly one of eight simultaneous choices: one thank-you page, one email to staff, the others told it was chosen', async () => {
    await review('rev-h-3', 'Three weeks and still no refund for the broken kettle. Really poor service.', { id: 'rv-race', name: 'Owen Davies', email: 'owen@example.net' });
    const caseId = (await listedCase(api, (c) => c.author.id === 'rv-race')).id;
    const offered = await eventually(outbox, (o) => o.email.some((e) => e.to.includes('owen@example.net')));
    const code = linkCode(offered.email.find((e) => e.to.includes('owen@example.net'))!.text, 'offer')!;
    await eventually(() => caseById(caseId), (c) => c.offer?.state === 'sent');

    const channels = ['phone', 'email', 'dm', 'none', 'phone', 'email', 'dm', 'none'];
    const answers = await Promise.all(
      channels.map(async (channel, i) => {
        const res = await fetch(`${stack.url}/offer/${code}`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams(channel === 'phone' ? { channel, phone: `+44 7700 90000${i}` } : { channel }).toString(),
        });
        return { channel, status: res.status, html: await res.text() };
      }),
    );
    const thanked = answers.filter((a) => a.status === 200);
    expect(thanked).toHaveLength(1);
    expect(thanked[0]!.html).toMatch(/Thank you/);
    for (const other of answers.filter((a) => a.status !== 200)) {
      expect(other.status).toBe(410);
      expect(other.html).toMatch(/already told us/);
    }
    const c = await caseById(caseId);
    expect(c.offer.channel).toBe(thanked[0]!.channel);
    expect(c.timeline.filter((t: { type: string }) => t.type === 'offer-chosen')).toHaveLength(1);
    // Each POST answers only after its emails are sent: every one there was is in the outbox now.
    const toStaff = (await outbox()).email.filter((e) => /^Customer (chose|said)/.test(e.subject) && e.subject.includes(caseId));
    expect(toStaff).toHaveLength(1);
  });
});
