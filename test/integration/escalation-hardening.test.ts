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
  restore.push(captureConsole(logged, { logLevel: 'DEBUG' }));
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
    // Logged plenty, none of it the name (an error message quoting it would have been). The classifier logs from the
    // stack's functions thread, whose lines reach this one a moment later: wait for its line.
    await eventually(async () => logged.join('\n'), (text) => /event processed/.test(text));
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
    // The offer's state and its timeline entry are two writes (flow.ts recordOfferFailure): wait for both.
    const failed = await eventually(
      () => caseById(caseId),
      (c) => c.offer?.state === 'failed' && c.timeline.some((t: { type: string }) => t.type === 'offer-failed'),
      60_000,
    );
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

    // A review site has no private messages to choose (refused as a form mistake): the three choices it offers.
    const channels = ['phone', 'email', 'none', 'phone', 'email', 'none', 'phone', 'email'];
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

describe('attacker text on its way to staff', () => {
  /** Anything a reader or terminal would not see as plain text, or a client would link. */
  const UNSAFE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]|https?:\/\/evil|evil\.example/;
  const NAME = 'Call https://evil.example/x now\u0000\u0007\u001b[31m\u202e';

  it('a display name with a link, controls and a bidi override, and whatever is typed as "Preferred time", reach staff defanged, redacted and stripped', async () => {
    await review('rev-h-4', 'The charger exploded and burned my kid! Lawyer called. Evidence: https://evil.example/login', { id: 'rv-evil-name', name: NAME, email: 'mallory@example.net' });
    const caseId = (await listedCase(api, (c) => c.author.id === 'rv-evil-name')).id;
    // The page email to tier 1: the Author line as shown text.
    const paged = await eventually(outbox, (o) => o.email.some((e) => e.to.includes(TIER1[0]!.email) && e.subject.includes(caseId)));
    const page = paged.email.find((e) => e.to.includes(TIER1[0]!.email) && e.subject.includes(caseId))!;
    for (const part of [page.subject, page.text, page.html]) expect(part).not.toMatch(UNSAFE);
    expect(page.text).toContain('Author: Call hxxps://evil[.]example/x now\n');
    // The ack page: the author and the post's links defanged, though the page links nothing.
    const ackPage = await (await fetch(`${stack.url}/ack/${linkCode(page.text, 'ack')!}`)).text();
    expect(ackPage).not.toMatch(UNSAFE);
    expect(ackPage).toContain('from Call hxxps://evil[.]example/x now');
    expect(ackPage).toContain('Evidence: hxxps://evil[.]example/login');

    // Whoever holds the offer link fills in the form.
    const offered = await eventually(outbox, (o) => o.email.some((e) => e.to.includes('mallory@example.net')));
    const code = linkCode(offered.email.find((e) => e.to.includes('mallory@example.net'))!.text, 'offer')!;
    await eventually(() => caseById(caseId), (c) => c.offer?.state === 'sent');
    const time = 'after 6pm https://evil.example/call \u202e4111 1111 1111 1111\r\nBcc: x';
    expect(time.length).toBeLessThan(100);
    const res = await fetch(`${stack.url}/offer/${code}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ channel: 'phone', phone: '+447700900123', time }).toString(),
    });
    const thanks = await res.text();
    expect(res.status).toBe(200);
    expect(thanks).not.toMatch(UNSAFE);
    const told = await eventually(outbox, (o) => o.email.some((e) => /^Customer chose/.test(e.subject) && e.subject.includes(caseId)));
    const choice = told.email.find((e) => /^Customer chose/.test(e.subject) && e.subject.includes(caseId))!;
    for (const part of [choice.subject, choice.text, choice.html]) expect(part).not.toMatch(UNSAFE);
    expect(choice.text).toContain('Preferred time: after 6pm hxxps://evil[.]example/call [card] Bcc: x\n');
    expect(choice.text).toContain('Call hxxps://evil[.]example/x now chose a phone call');
    expect(choice.text).not.toContain('4111');
    expect(choice.html.match(/<a [^>]*>/g)!.filter((a) => !a.includes('href="tel:+447700900123"') && !a.includes('Open the post'))).toEqual([]);
  });
});

describe('the link pages take small forms only', () => {
  it('a repeated field is refused (400) and uses nothing; a body over 4 KB is refused (413) on /offer and /ack', async () => {
    await review('rev-h-5', 'Two weeks and no refund for the broken toaster. Terrible service.', { id: 'rv-forms', name: 'Kim Park', email: 'kim.park@example.net' });
    const caseId = (await listedCase(api, (c) => c.author.id === 'rv-forms')).id;
    const offered = await eventually(outbox, (o) => o.email.some((e) => e.to.includes('kim.park@example.net')));
    const code = linkCode(offered.email.find((e) => e.to.includes('kim.park@example.net'))!.text, 'offer')!;
    await eventually(() => caseById(caseId), (c) => c.offer?.state === 'sent');
    const form = (body: string, path = `/offer/${code}`) =>
      fetch(`${stack.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });

    const repeated = await form('channel=phone&channel=email');
    expect(repeated.status).toBe(400);
    expect(await repeated.text()).toMatch(/class="error"/);
    expect((await caseById(caseId)).offer.state).toBe('sent');

    expect((await form(`channel=none&time=${'x'.repeat(1_000_000)}`)).status).toBe(413);
    expect((await form(`a=${'x'.repeat(1_000_000)}`, '/ack/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')).status).toBe(413);
    expect((await form(`a=${'x'.repeat(5_000)}`, '/ack/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')).status).toBe(413);
    expect((await caseById(caseId)).offer.state).toBe('sent');

    // The same form, sent once, is taken.
    const once = await form('channel=email');
    expect(once.status).toBe(200);
    expect((await caseById(caseId)).offer.state).toBe('chosen');
  });
});

describe('a display name in the pager SMS', () => {
  const CRITICAL = 'My heater exploded and set the house on fire, calling my lawyer';
  const quoteOf = (sms: string) => sms.split('\n').find((l) => l.startsWith('"'));

  it.each([
    ['exploded and set the house on fire', 'rv-name-phrase'],
    ['fire', 'rv-name-fire'],
    ['lawyer', 'rv-name-lawyer'],
  ])('named %j, cannot blank the urgent words out of the quote', async (name, id) => {
    await review(`rev-${id}`, CRITICAL, { id, name });
    const caseId = (await listedCase(api, (c) => c.author.id === id)).id;
    const paged = await eventually(outbox, (o) => smsFor(o, caseId).some((m) => m.to === TIER1[0]!.phone));
    expect(quoteOf(smsFor(paged, caseId)[0]!.body)).toBe(`"${CRITICAL}"`);
  });

  it('still hides a real name', async () => {
    await review('rev-rv-name-real', `Dana Reyes here. ${CRITICAL}`, { id: 'rv-name-real', name: 'Dana Reyes' });
    const caseId = (await listedCase(api, (c) => c.author.id === 'rv-name-real')).id;
    const paged = await eventually(outbox, (o) => smsFor(o, caseId).some((m) => m.to === TIER1[0]!.phone));
    const quote = quoteOf(smsFor(paged, caseId)[0]!.body)!;
    expect(quote).not.toContain('Dana');
    expect(quote).toMatch(/^"\[author\] here\. My heater exploded and set the house on fire/);
  });
});

describe('a post in another script', () => {
  it('keeps its words in the pager SMS, sent as UCS-2 within three segments', async () => {
    // The model reads English, Spanish and French (docs/model.md), not Chinese: the regulator the post names makes it
    // critical; the Chinese words are most of it, so the SMS is UCS-2 and must carry them.
    const text = '充电器爆炸了，烧伤了我的女儿，我要报警，还要投诉 report to Ofcom';
    await review('rev-h-cjk', text, { id: 'rv-cjk', name: '李' });
    const caseId = (await listedCase(api, (c) => c.author.id === 'rv-cjk')).id;
    const paged = await eventually(outbox, (o) => smsFor(o, caseId).some((m) => m.to === TIER1[0]!.phone));
    const sms = smsFor(paged, caseId).find((m) => m.to === TIER1[0]!.phone)!.body;
    expect(sms).toContain(`"${text}"`);
    expect(sms.length).toBeLessThanOrEqual(3 * 67);
    expect(sms.split('\n').at(-1)).toMatch(/^Acknowledge: http:\/\/127\.0\.0\.1:\d+\/ack\/[\w-]{43}$/);
  });
});
