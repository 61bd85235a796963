/**
 * A big delivery on the whole local pipeline: Meta batches a busy Page's comments into one POST (up to 5 MiB). It goes
 * to the bulk queue in bundles and is classified beside the events queue, so a critical post that arrives after it
 * is paged without waiting for it; and every comment of the batch still becomes a case.
 */
import { facebookCommentBatch, metaDelivery, post, xDelivery, xMention } from '../helpers/deliveries';
import { drainQueue } from '../helpers/queues';
import { allListedCases, eventually, readOutbox, smsFor, staffApi, startStackWithPolicy, type TestStack } from '../helpers/local-stack';

// Emulator-backed: generous limits for a loaded 2-core CI machine (waits end as soon as met).
jest.setTimeout(300_000);

const TOKEN = 'big-delivery-test-staff-token';
const BATCH = 1_500;
let stack: TestStack;

beforeAll(async () => {
  stack = await startStackWithPolicy({
    token: TOKEN,
    tiers: [{ name: 'On call', ackTimeoutSeconds: 600, contacts: [{ name: 'Priya Shah', phone: '+447700900101', email: 'priya@example.com' }] }],
  });
});
afterAll(async () => {
  await stack?.cleanup();
});

const api = staffApi(() => stack.url, TOKEN);

const allCases = () => allListedCases(api);

it('pages a critical post at the end of a 1,500-comment delivery, and one that arrives after it, before that delivery is through, and makes every comment a case', async () => {
  // The last comment of the batch is critical: found by the bundles' first look, not after the 1,499 before it.
  const text = (i: number) => (i === BATCH - 1 ? 'My heater exploded and set the house on fire, calling my lawyer' : `Thanks, lovely service as always ${i} 👍`);
  const batch = await post(stack.url, metaDelivery(facebookCommentBatch(BATCH, 'bulk', text)));
  expect(batch.status).toBe(200);
  expect(JSON.parse(batch.body)).toEqual({ accepted: BATCH });

  const critical = await post(stack.url, xDelivery(xMention({ id: '7700001', userId: 'c-after', text: '@AcmeSupport the charger caught fire and burnt my son’s hand' })));
  expect(critical.status).toBe(200);
  const criticalCase = await eventually(
    () => allCases(),
    (cases) => cases.some((c) => c.conversationId === 'x:thread:c-after'),
    120_000,
    250,
  ).then((cases) => cases.find((c) => c.conversationId === 'x:thread:c-after')!);
  await eventually(() => readOutbox(stack.url), (o) => smsFor(o, criticalCase.id).length > 0, 120_000, 250);

  const isBulk = (c: { conversationId: string }) => c.conversationId.includes('_bulk');
  const cases = await eventually(() => allCases(), (all) => all.filter(isBulk).length >= BATCH, 240_000, 1_000);
  const bulk = cases.filter(isBulk);
  expect(new Set(bulk.map((c) => c.conversationId)).size).toBe(BATCH);
  // Neither critical post waited for the batch: each case came before the batch's last one, and each was paged.
  const lastBulk = bulk.map((c) => c.createdAt).sort().at(-1)!;
  expect(criticalCase.createdAt < lastBulk).toBe(true);
  const inside = bulk.find((c) => c.conversationId.endsWith(`_bulk${BATCH - 1}`))!;
  expect(inside.createdAt < lastBulk).toBe(true);
  expect(smsFor(await readOutbox(stack.url), inside.id).length).toBeGreaterThan(0);
  // Nothing was parked: no bundle failed five times.
  expect(await drainQueue(stack.endpoints.sqs, stack.queues.events.dlqUrl, { timeoutMs: 0 })).toHaveLength(0);
});
