import {
  DeleteMessageBatchCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { lambdaContext } from './http-front';

/**
 * What Lambda's SQS event source mapping does, on this machine: long-poll the queue, hand the consumer an
 * SQS-shaped batch, delete what succeeded and leave what failed (every message when the handler throws, only the
 * `batchItemFailures` when it reports partial failure) to reappear after the visibility timeout — so retries,
 * `maxReceiveCount` and the DLQ behave as they do in AWS.
 */

export type SqsHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse | void>;

export interface SqsPollerOptions {
  client: SQSClient;
  queueUrl: string;
  queueArn: string;
  handler: SqsHandler;
  functionName: string;
  batchSize?: number;
  /** Parallel pollers (Lambda starts several). */
  concurrency?: number;
  waitTimeSeconds?: number;
  functionTimeoutMs?: number;
  onError?: (err: unknown) => void;
}

export interface SqsPoller {
  stop(): Promise<void>;
  /** Batches handed to the consumer so far. */
  readonly batches: number;
}

function toRecord(message: Message, queueArn: string): SQSRecord {
  const attributes = message.Attributes ?? {};
  const messageAttributes: SQSRecord['messageAttributes'] = {};
  for (const [name, value] of Object.entries(message.MessageAttributes ?? {})) {
    messageAttributes[name] = {
      dataType: value.DataType ?? 'String',
      stringValue: value.StringValue,
      binaryValue: value.BinaryValue ? Buffer.from(value.BinaryValue).toString('base64') : undefined,
      stringListValues: [],
      binaryListValues: [],
    };
  }
  return {
    messageId: message.MessageId!,
    receiptHandle: message.ReceiptHandle!,
    body: message.Body ?? '',
    attributes: {
      ApproximateReceiveCount: attributes.ApproximateReceiveCount ?? '1',
      SentTimestamp: attributes.SentTimestamp ?? String(Date.now()),
      SenderId: attributes.SenderId ?? 'local',
      ApproximateFirstReceiveTimestamp: attributes.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
    },
    messageAttributes,
    md5OfBody: message.MD5OfBody ?? '',
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: 'us-east-1',
  };
}

/** Which records to delete after a batch, following Lambda's rules for `batchItemFailures`. */
export function succeededRecords(records: SQSRecord[], outcome: { threw: boolean; response?: SQSBatchResponse | void }): SQSRecord[] {
  if (outcome.threw) return [];
  const failures = outcome.response?.batchItemFailures;
  if (!failures || failures.length === 0) return records;
  const failedIds = new Set<string>();
  for (const failure of failures) {
    // Lambda treats a malformed or unknown identifier as a failure of the whole batch.
    if (!failure || typeof failure.itemIdentifier !== 'string' || !records.some((r) => r.messageId === failure.itemIdentifier)) return [];
    failedIds.add(failure.itemIdentifier);
  }
  return records.filter((r) => !failedIds.has(r.messageId));
}

export function startSqsPoller(options: SqsPollerOptions): SqsPoller {
  const abort = new AbortController();
  let running = true;
  let batches = 0;
  const batchSize = options.batchSize ?? 10;
  const waitTimeSeconds = options.waitTimeSeconds ?? 1;
  // Lambda never runs two invocations in one execution environment at once, and handlers may keep per-invocation
  // state at module level (Powertools' BatchProcessor does: two overlapping batches would report each other's
  // failures, and a failed record would be deleted). The handler module here is one environment, so batches are
  // handed to it one at a time; receives still overlap, so the next batch is ready when the last one finishes.
  let invocation: Promise<unknown> = Promise.resolve();
  const invoke = (records: SQSRecord[]): Promise<SQSBatchResponse | void> => {
    const run = invocation.then(() => options.handler({ Records: records }, lambdaContext(options.functionName, options.functionTimeoutMs ?? 60_000)));
    invocation = run.catch(() => undefined);
    return run;
  };

  async function pollOnce(): Promise<void> {
    const received = await options.client.send(
      new ReceiveMessageCommand({
        QueueUrl: options.queueUrl,
        MaxNumberOfMessages: batchSize,
        WaitTimeSeconds: waitTimeSeconds,
        MessageAttributeNames: ['All'],
        MessageSystemAttributeNames: ['All'],
      }),
      { abortSignal: abort.signal },
    );
    const messages = received.Messages ?? [];
    if (messages.length === 0) return;
    const records = messages.map((m) => toRecord(m, options.queueArn));
    batches++;
    let outcome: { threw: boolean; response?: SQSBatchResponse | void };
    try {
      const response = await invoke(records);
      outcome = { threw: false, response };
    } catch (err) {
      options.onError?.(err);
      outcome = { threw: true };
    }
    const done = succeededRecords(records, outcome);
    if (done.length > 0) {
      await options.client.send(
        new DeleteMessageBatchCommand({
          QueueUrl: options.queueUrl,
          Entries: done.map((r, i) => ({ Id: String(i), ReceiptHandle: r.receiptHandle })),
        }),
      );
    }
  }

  async function loop(): Promise<void> {
    while (running) {
      try {
        await pollOnce();
      } catch (err) {
        if (!running) return;
        options.onError?.(err);
        // The emulator may be restarting; back off briefly rather than spin.
        await new Promise((r) => setTimeout(r, 250));
      }
    }
  }

  const loops = Array.from({ length: options.concurrency ?? 2 }, () => loop());
  return {
    get batches() {
      return batches;
    },
    async stop() {
      running = false;
      abort.abort();
      await Promise.allSettled(loops);
    },
  };
}
