/**
 * The local event-source-mapping stand-in against fauxqs: partial batch failures are retried alone, a message that
 * keeps failing lands on the DLQ after maxReceiveCount, and a consumer that throws loses nothing.
 */
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import { QUEUES } from '../../config/resources';
import { type LocalStack, startLocalStack } from '../../local/stack';
import { startSqsPoller, succeededRecords } from '../../local/sqs-poller';
import { drainQueue } from '../helpers/queues';

let stack: LocalStack;
let sqs: SQSClient;

beforeAll(async () => {
  stack = await startLocalStack({ port: 0, visibilityTimeoutSeconds: 1, consumers: false });
  sqs = new SQSClient({ endpoint: stack.endpoints.sqs, useQueueUrlAsEndpoint: false });
});
afterAll(async () => {
  sqs?.destroy();
  await stack?.stop();
});

async function send(bodies: string[]) {
  await sqs.send(
    new SendMessageBatchCommand({
      QueueUrl: stack.queues.events.url,
      Entries: bodies.map((b, i) => ({ Id: String(i), MessageBody: b })),
    }),
  );
}

async function until(check: () => boolean, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('SQS poller', () => {
  it('delivers SQS-shaped records, retries only reported failures, and parks a poison message on the DLQ', async () => {
    const seen = new Map<string, number>();
    const poller = startSqsPoller({
      client: sqs,
      queueUrl: stack.queues.events.url,
      queueArn: stack.queues.events.arn,
      functionName: 'test-consumer',
      waitTimeSeconds: 1,
      handler: async (event: SQSEvent) => {
        for (const r of event.Records) {
          expect(r).toMatchObject({ eventSource: 'aws:sqs', eventSourceARN: stack.queues.events.arn, attributes: { ApproximateReceiveCount: expect.any(String) } });
          seen.set(r.body, (seen.get(r.body) ?? 0) + 1);
        }
        return { batchItemFailures: event.Records.filter((r) => r.body === 'poison').map((r) => ({ itemIdentifier: r.messageId })) };
      },
    });
    try {
      await send(['a', 'poison', 'b']);
      await until(() => (seen.get('poison') ?? 0) >= QUEUES.events.maxReceiveCount, 20_000);
      // fauxqs moves it on the receive after the last allowed one, as SQS does.
      const dlq = await drainQueue(stack.endpoints.sqs, stack.queues.events.dlqUrl, { waitForAtLeast: 1, timeoutMs: 5000 });
      expect(dlq.map((m) => m.body)).toEqual(['poison']);
      expect(seen.get('a')).toBe(1);
      expect(seen.get('b')).toBe(1);
      expect(seen.get('poison')).toBe(QUEUES.events.maxReceiveCount);
    } finally {
      await poller.stop();
    }
  }, 30_000);

  it('redelivers the whole batch when the consumer throws', async () => {
    let calls = 0;
    const delivered: string[] = [];
    const poller = startSqsPoller({
      client: sqs,
      queueUrl: stack.queues.events.url,
      queueArn: stack.queues.events.arn,
      functionName: 'test-consumer',
      handler: async (event: SQSEvent) => {
        calls++;
        if (calls === 1) throw new Error('first attempt fails');
        delivered.push(...event.Records.map((r) => r.body));
      },
    });
    try {
      await send(['m1', 'm2']);
      await until(() => delivered.length >= 2, 10_000);
      expect(delivered.sort()).toEqual(['m1', 'm2']);
    } finally {
      await poller.stop();
    }
  }, 15_000);

  it('hands the handler one batch at a time, as Lambda gives one execution environment one invocation', async () => {
    let running = 0;
    let most = 0;
    const delivered: string[] = [];
    const poller = startSqsPoller({
      client: sqs,
      queueUrl: stack.queues.events.url,
      queueArn: stack.queues.events.arn,
      functionName: 'test-consumer',
      batchSize: 2,
      concurrency: 3,
      handler: async (event: SQSEvent) => {
        most = Math.max(most, ++running);
        await new Promise((r) => setTimeout(r, 100));
        delivered.push(...event.Records.map((r) => r.body));
        running--;
      },
    });
    try {
      await send(['s1', 's2', 's3', 's4', 's5', 's6']);
      await until(() => delivered.length >= 6, 10_000);
      expect(delivered.sort()).toEqual(['s1', 's2', 's3', 's4', 's5', 's6']);
      expect(most).toBe(1);
    } finally {
      await poller.stop();
    }
  }, 15_000);
});

describe('batchItemFailures rules', () => {
  const records = ['1', '2', '3'].map((messageId) => ({ messageId }) as SQSEvent['Records'][number]);
  it('deletes all on success, none on a throw, all but the failures otherwise', () => {
    expect(succeededRecords(records, { threw: false })).toHaveLength(3);
    expect(succeededRecords(records, { threw: true })).toHaveLength(0);
    expect(succeededRecords(records, { threw: false, response: { batchItemFailures: [{ itemIdentifier: '2' }] } }).map((r) => r.messageId)).toEqual(['1', '3']);
  });
  it('treats an unknown identifier as a failure of the whole batch, as Lambda does', () => {
    expect(succeededRecords(records, { threw: false, response: { batchItemFailures: [{ itemIdentifier: 'nope' }] } })).toHaveLength(0);
  });
});
