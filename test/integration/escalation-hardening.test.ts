/**
 * The escalation under the attacks of the outside review, on the local stack (the deployed state machine run by the
 * local interpreter, DynamoDB, SNS and SES emulators, the /offer pages over HTTP): a page that fails while it is being
 * built is retried rather than lost, and no regex is built from an author's name.
 */
import { genericDelivery, post } from '../helpers/deliveries';
import { eventually, listedCase, readOutbox, smsFor, staffApi, startStackWithPolicy, type TestStack } from '../helpers/local-stack';

// Emulator-backed and timing-dependent: generous limits for a loaded 2-core CI machine (waits end as soon as met).
jest.setTimeout(120_000);

let stack: TestStack;
const TOKEN = 'escalation-hardening-test-token';
/** Every line logged at any level while the stack runs (Powertools writes through the console in dev mode). */
const logged: string[] = [];
const restore: (() => void)[] = [];

const TIER1 = [{ name: 'Priya Shah', phone: '+447700900101', email: 'priya@example.com' }];
const TIER2 = [{ name: 'Hannah Lewis', phone: '+447700900201', email: 'hannah@example.com' }];

beforeAll(async () => {
  process.env.POWERTOOLS_LOG_LEVEL = 'DEBUG';
  for (const level of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
    const original = console[level];
    console[level] = (...args: unknown[]) => void logged.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
    restore.push(() => (console[level] = original));
  }
  stack = await startStackWithPolicy({
    token: TOKEN,
    repeat: 1,
    tiers: [
      { name: 'Duty lead', ackTimeoutSeconds: 1, contacts: TIER1 },
      { name: 'Care manager', ackTimeoutSeconds: 1, contacts: TIER2 },
    ],
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
