import { SendMessageBatchCommand, type SendMessageBatchRequestEntry, type SQSClient } from '@aws-sdk/client-sqs';
import type { SocialEvent } from '../../schemas/social-event';

/**
 * Puts each event on the queue as its own message, ten to a SendMessageBatch call and under SQS's batch byte
 * limit, all batches in parallel. Entries SQS reports as failed are retried (they are usually throttling);
 * if any is still failing after the retries the call rejects, so the webhook answers 503 and the platform
 * retries the delivery — the events that did get through are then recognised downstream by their stable ids.
 */

const MAX_ENTRIES = 10;
/** SQS caps a batch at 256 KiB in total (attributes included); keep headroom for attributes. */
const MAX_BATCH_BYTES = 250 * 1024;
const MAX_ATTEMPTS = 3;

export class PublishError extends Error {
  override readonly name = 'PublishError';
}

export interface EventPublisherOptions {
  queueUrl: string;
  /** Delay between attempts for failed entries, ms (grows linearly). */
  retryDelayMs?: number;
}

function toEntry(event: SocialEvent, index: number): SendMessageBatchRequestEntry {
  return {
    Id: String(index),
    MessageBody: JSON.stringify(event),
    MessageAttributes: {
      eventId: { DataType: 'String', StringValue: event.id },
      platform: { DataType: 'String', StringValue: event.platform },
    },
  };
}

const entryBytes = (e: SendMessageBatchRequestEntry) => Buffer.byteLength(e.MessageBody ?? '') + 200;

/** Splits entries into batches of at most ten and at most MAX_BATCH_BYTES. */
export function toBatches(entries: SendMessageBatchRequestEntry[]): SendMessageBatchRequestEntry[][] {
  const batches: SendMessageBatchRequestEntry[][] = [];
  let current: SendMessageBatchRequestEntry[] = [];
  let bytes = 0;
  for (const entry of entries) {
    const size = entryBytes(entry);
    if (current.length > 0 && (current.length === MAX_ENTRIES || bytes + size > MAX_BATCH_BYTES)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(entry);
    bytes += size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function createEventPublisher(client: SQSClient, options: EventPublisherOptions) {
  const retryDelayMs = options.retryDelayMs ?? 50;

  async function sendBatch(batch: SendMessageBatchRequestEntry[]): Promise<void> {
    let pending = batch;
    for (let attempt = 1; ; attempt++) {
      const out = await client.send(new SendMessageBatchCommand({ QueueUrl: options.queueUrl, Entries: pending }));
      const failed = new Set((out.Failed ?? []).map((f) => f.Id));
      if (failed.size === 0) return;
      // A sender fault (a malformed entry) will not get better on retry.
      const permanent = (out.Failed ?? []).filter((f) => f.SenderFault);
      if (permanent.length > 0 || attempt >= MAX_ATTEMPTS) {
        const codes = [...new Set((out.Failed ?? []).map((f) => f.Code))].join(',');
        throw new PublishError(`${failed.size} of ${pending.length} events not queued (${codes})`);
      }
      pending = pending.filter((e) => failed.has(e.Id));
      await sleep(retryDelayMs * attempt);
    }
  }

  return async function publish(events: readonly SocialEvent[]): Promise<void> {
    await Promise.all(toBatches(events.map(toEntry)).map(sendBatch));
  };
}
