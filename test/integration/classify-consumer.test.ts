/**
 * The classify Lambda behind the local event source mapping: partial batch failures let the good records of a batch
 * through while a poison message is retried until maxReceiveCount and parked on the DLQ.
 */
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { QUEUES } from '../../config/resources';
import { caseIdFor } from '../../lambdas/domain/cases/rules';
import { startTestStack, type TestStack, expectHealthy } from '../helpers/local-stack';
import { drainQueue } from '../helpers/queues';

let stack: TestStack;
let sqs: SQSClient;
const TOKEN = 'consumer-test-staff-token';

beforeAll(async () => {
  stack = await startTestStack({ token: TOKEN, visibilityTimeoutSeconds: 1 });
  sqs = new SQSClient({ endpoint: stack.endpoints.sqs, useQueueUrlAsEndpoint: false });
});
afterAll(async () => {
  sqs?.destroy();
  await stack?.cleanup();
});

const event = (n: number) => ({
  id: `x:77${n}`,
  platform: 'x',
  kind: 'mention',
  text: `@Acme my order ${n} never arrived`,
  author: { id: `a${n}` },
  conversationId: `x:thread:a${n}`,
  createdAt: '2026-11-23T10:00:00.000Z',
  receivedAt: '2026-11-23T10:00:00.000Z',
});

it('processes the good records of a batch and parks the poison one on the DLQ after maxReceiveCount', async () => {
  await sqs.send(
    new SendMessageBatchCommand({
      QueueUrl: stack.queues.events.url,
      Entries: [
        { Id: '0', MessageBody: JSON.stringify(event(1)) },
        { Id: '1', MessageBody: '{"id":"x:poison","platform":"x"}' },
        { Id: '2', MessageBody: JSON.stringify(event(2)) },
      ],
    }),
  );
  const caseVisible = async (eventId: string) =>
    (await fetch(`${stack.url}/api/cases/${caseIdFor(eventId)}`, { headers: { authorization: `Bearer ${TOKEN}` } })).status === 200;
  const deadline = Date.now() + 5_000;
  while (!((await caseVisible('x:771')) && (await caseVisible('x:772')))) {
    if (Date.now() > deadline) throw new Error('good records were not processed');
    await new Promise((r) => setTimeout(r, 50));
  }
  // Each failed receive waits out the 1 s visibility timeout; the poison message moves after maxReceiveCount of them.
  const parked = await drainQueue(stack.endpoints.sqs, stack.queues.events.dlqUrl, { waitForAtLeast: 1, timeoutMs: (QUEUES.events.maxReceiveCount + 3) * 1_500 });
  expect(parked.map((m) => m.body)).toEqual([{ id: 'x:poison', platform: 'x' }]);
  await expectHealthy(stack.url);
}, 20_000);
