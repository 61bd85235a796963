/**
 * A backlog on the whole local pipeline: hundreds of complaints arrive faster than the classifier folds them, then a
 * critical post. The classifier defers what can wait to the bulk queue once its batches have waited (lambdas/classify/
 * backlog.ts), so the critical post is folded and paged while most of the complaints are still to be made cases —
 * not after all of them — and every complaint still becomes a case, nothing parked.
 */
import { DeleteQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { captureConsole } from '../helpers/console-capture';
import { burstDelivery, fireDeliveries } from '../helpers/load';
import { xDelivery, xMention, post } from '../helpers/deliveries';
import { drainQueue } from '../helpers/queues';
import { allListedCases, eventually, readOutbox, smsFor, staffApi, startStackWithPolicy, type TestStack } from '../helpers/local-stack';

// Emulator-backed: generous limits for a loaded 2-core CI machine (waits end as soon as met).
jest.setTimeout(300_000);

const TOKEN = 'backlog-test-staff-token-0123456789';
const COMPLAINTS = 300;
let stack: TestStack;
// What the functions log (the classifier says when it defers a backlog): the level is read as the stack starts.
const logs: string[] = [];
let restoreConsole: () => void;
const logged = (message: string) => logs.filter((l) => new RegExp(`"message":\\s*"${message}"`).test(l));

beforeAll(async () => {
  restoreConsole = captureConsole(logs, { logLevel: 'INFO', stdout: true });
  stack = await startStackWithPolicy({
    token: TOKEN,
    tiers: [{ name: 'On call', ackTimeoutSeconds: 600, contacts: [{ name: 'Priya Shah', phone: '+447700900101', email: 'priya@example.com' }] }],
  });
});
afterAll(async () => {
  await stack?.cleanup();
  restoreConsole?.();
});

const api = staffApi(() => stack.url, TOKEN);

const allCases = () => allListedCases(api);

it('folds and pages a critical post that arrives behind hundreds of complaints before most of them, and makes every complaint a case', async () => {
  // Complaints only (burstDelivery's every twentieth is critical: i × 20 never is).
  const fired = await fireDeliveries(stack.url, COMPLAINTS, { connections: 50, make: (i) => burstDelivery(i * 20, 5_000_000) });
  expect(fired.refused).toEqual([]);
  expect(fired.accepted).toHaveLength(COMPLAINTS);
  const critical = await post(stack.url, xDelivery(xMention({ id: '7800001', userId: 'behind-the-backlog', text: '@AcmeSupport the charger caught fire and burnt my son’s hand' })));
  expect(critical.status).toBe(200);

  const isCritical = (c: { conversationId: string }) => c.conversationId === 'x:thread:behind-the-backlog';
  const criticalCase = await eventually(() => allCases(), (cases) => cases.some(isCritical), 120_000, 250).then((cases) => cases.find(isCritical)!);
  await eventually(() => readOutbox(stack.url), (o) => smsFor(o, criticalCase.id).length > 0, 120_000, 250);

  const cases = await eventually(() => allCases(), (all) => all.filter((c) => !isCritical(c)).length >= COMPLAINTS, 240_000, 1_000);
  const complaints = cases.filter((c) => !isCritical(c));
  expect(complaints).toHaveLength(COMPLAINTS);
  // Read in arrival order, the critical post (the last to arrive) would come after all but the few of its own batch.
  const madeAfter = complaints.filter((c) => c.createdAt > criticalCase.createdAt).length;
  expect(madeAfter).toBeGreaterThan(50);
  expect(logged('backlog: posts deferred to the bulk queue').length).toBeGreaterThan(0);
  expect(await drainQueue(stack.endpoints.sqs, stack.queues.events.dlqUrl, { timeoutMs: 0 })).toHaveLength(0);
  expect((await stack.health()).ok).toBe(true);
});

it('folds a backlog where it is when the bulk queue refuses it (gone): every complaint still a case, nothing parked', async () => {
  const sqs = new SQSClient({ endpoint: stack.endpoints.sqs, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  await sqs.send(new DeleteQueueCommand({ QueueUrl: stack.queues.bulk.url }));
  sqs.destroy();
  const before = (await allCases()).length;
  const fired = await fireDeliveries(stack.url, COMPLAINTS, { connections: 50, make: (i) => burstDelivery(i * 20, 6_000_000) });
  expect(fired.accepted).toHaveLength(COMPLAINTS);
  const cases = await eventually(() => allCases(), (all) => all.length >= before + COMPLAINTS, 240_000, 1_000);
  expect(cases).toHaveLength(before + COMPLAINTS);
  expect(logged('backlog not deferred: the bulk queue refused it').length).toBeGreaterThan(0);
  expect(await drainQueue(stack.endpoints.sqs, stack.queues.events.dlqUrl, { timeoutMs: 0 })).toHaveLength(0);
});
