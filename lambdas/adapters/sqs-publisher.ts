import { setMaxListeners } from 'node:events';
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

export interface QueueSenderOptions {
  queueUrl: string;
  /** Delay between attempts for failed entries, ms (grows linearly). */
  retryDelayMs?: number;
  /**
   * Give up (reject) once this many ms have passed, in-flight calls aborted: the webhook then answers 503 well
   * before its function times out (a timeout is a 500 with no say in it) and the platform retries; what did get
   * queued is recognised downstream by its stable ids.
   */
  deadlineMs?: number;
}

/** One message: its body and string attributes. */
export interface OutgoingMessage {
  body: string;
  attributes: Record<string, string>;
}

/**
 * Characters that do not travel through SQS as they are: real SQS refuses U+FFFE and U+FFFF (and lone surrogates,
 * which are not text at all), and the local emulator refuses everything outside the Basic Multilingual Plane — every
 * emoji. JSON.stringify leaves them raw inside string literals, where `\uXXXX` escapes mean exactly the same.
 */
const UNSAFE_FOR_SQS = /[\ud800-\udfff\ufffe\uffff]/g;

const escapeUnit = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/**
 * A value as JSON any SQS accepts: what JSON.parse reads back is the value itself, emoji included. Only the characters
 * above are escaped (each UTF-16 unit as `\uXXXX`), so ordinary accented or CJK text does not grow.
 */
export function toQueueJson(value: unknown): string {
  return JSON.stringify(value).replace(UNSAFE_FOR_SQS, escapeUnit);
}

function toEntry(message: OutgoingMessage, index: number): SendMessageBatchRequestEntry {
  const attributes: NonNullable<SendMessageBatchRequestEntry['MessageAttributes']> = {};
  // Attributes are plain strings for filtering and tracing: the same characters are escaped there, visibly.
  for (const [name, value] of Object.entries(message.attributes)) attributes[name] = { DataType: 'String', StringValue: value.replace(UNSAFE_FOR_SQS, escapeUnit) };
  return { Id: String(index), MessageBody: message.body, MessageAttributes: attributes };
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

/** Sends messages in as few SendMessageBatch calls as the limits allow; rejects unless every one is queued. */
export function createQueueSender(client: SQSClient, options: QueueSenderOptions) {
  const retryDelayMs = options.retryDelayMs ?? 50;

  async function sendBatch(batch: SendMessageBatchRequestEntry[], abortSignal: AbortSignal | undefined): Promise<void> {
    let pending = batch;
    for (let attempt = 1; ; attempt++) {
      const out = await client.send(new SendMessageBatchCommand({ QueueUrl: options.queueUrl, Entries: pending }), { abortSignal });
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

  return async function send(messages: readonly OutgoingMessage[]): Promise<void> {
    const signal = options.deadlineMs === undefined ? undefined : AbortSignal.timeout(options.deadlineMs);
    // One signal for every call of a big delivery (up to ~160 at once): not a leak, so no listener-count warning.
    if (signal) setMaxListeners(0, signal);
    try {
      await Promise.all(toBatches(messages.map(toEntry)).map((batch) => sendBatch(batch, signal)));
    } catch (err) {
      if (signal?.aborted) throw new PublishError(`not every event was queued within ${options.deadlineMs} ms`);
      throw err;
    }
  };
}

/**
 * A delivery with more events than this goes to the bulk queue, packed: a 5 MiB Meta batch of 35,000 comments is
 * then ~350 messages (35 calls) instead of 35,000 (3,500 calls), and it is classified beside the events queue
 * rather than ahead of every critical post that arrives after it.
 */
export const BULK_DELIVERY_EVENTS = 50;
/** Events packed into one bulk message: at most this many… */
export const EVENTS_PER_BUNDLE = 100;
/** …and at most this many bytes, so ten bundles fill one SendMessageBatch (256 KiB) and a bundle is quick to redo. */
export const BUNDLE_BYTES = 24 * 1024;

/**
 * A bulk message's body: `{"bundle": [SocialEvent…]}` (a SocialEvent never has a `bundle` key). `triaged` marks the
 * rest of a bundle the classifier has already searched for critical posts (and handled those first).
 */
export interface EventBundle {
  bundle: SocialEvent[];
  triaged?: true;
}

/** Packs events into bundles of at most EVENTS_PER_BUNDLE events and BUNDLE_BYTES (an over-size event goes alone). */
export function toBundles(events: readonly SocialEvent[], options: { triaged?: true } = {}): string[] {
  const bundles: string[] = [];
  let current: string[] = [];
  let bytes = 0;
  const flush = () => {
    if (current.length > 0) bundles.push(`{"bundle":[${current.join(',')}]${options.triaged ? ',"triaged":true' : ''}}`);
    current = [];
    bytes = 0;
  };
  for (const event of events) {
    const json = toQueueJson(event);
    const size = Buffer.byteLength(json) + 1;
    if (current.length > 0 && (current.length === EVENTS_PER_BUNDLE || bytes + size > BUNDLE_BYTES)) flush();
    current.push(json);
    bytes += size;
  }
  flush();
  return bundles;
}

/** Puts the rest of a triaged bundle back on the bulk queue, to be classified after every untriaged bundle. */
export function createBundleRequeuer(client: SQSClient, options: QueueSenderOptions) {
  const send = createQueueSender(client, options);
  return (events: readonly SocialEvent[]) => send(toBundles(events, { triaged: true }).map((body) => ({ body, attributes: { kind: 'bundle' } })));
}

export interface EventPublisherOptions {
  /** The events queue: every event of an ordinary delivery, one message each. */
  queueUrl: string;
  /** The bulk queue: the events of a delivery over BULK_DELIVERY_EVENTS, in bundles. */
  bulkQueueUrl: string;
  retryDelayMs?: number;
  deadlineMs?: number;
}

/**
 * Queues a delivery's events. An ordinary delivery puts each SocialEvent on the events queue as its own message, with
 * its id and platform as attributes for filtering and tracing; a big one goes to the bulk queue in bundles.
 */
export function createEventPublisher(client: SQSClient, options: EventPublisherOptions) {
  const { bulkQueueUrl, ...rest } = options;
  const sendEach = createQueueSender(client, rest);
  const sendBundles = createQueueSender(client, { ...rest, queueUrl: bulkQueueUrl });
  return (events: readonly SocialEvent[]) =>
    events.length > BULK_DELIVERY_EVENTS
      ? sendBundles(toBundles(events).map((body) => ({ body, attributes: { kind: 'bundle' } })))
      : sendEach(events.map((e) => ({ body: toQueueJson(e), attributes: { eventId: e.id, platform: e.platform } })));
}

/** An item of a delivery that failed its schema, parked raw for a person to inspect. */
export interface ParkedItem {
  platform: string;
  problem: string;
  item: unknown;
  receivedAt: string;
}

/** A parked item's message stays under this (SQS allows 256 KiB; room for the envelope and attributes). */
const MAX_PARKED_BYTES = 200 * 1024;
/** Of a larger item, the start of its JSON is kept: at most 6 bytes a character once escaped, so it fits. */
const MAX_TRUNCATED_CHARS = 30_000;
/** Deeper structure is replaced by a marker: serialising 5,000 nested arrays overflows the stack (a RangeError). */
const MAX_PARKED_DEPTH = 64;

/** `value` with everything nested deeper than `depth` replaced by a marker (own keys copied as data, `__proto__` too). */
function withinDepth(value: unknown, depth: number): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (depth === 0) return '[nested deeper than 64 levels]';
  if (Array.isArray(value)) return value.map((v) => withinDepth(v, depth - 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withinDepth(v, depth - 1)]));
}

/** The item as it can be parked: depth-bounded, and cut (marked `truncatedJson`) when its message would be too big. */
export function parkable(item: unknown): unknown {
  const bounded = withinDepth(item, MAX_PARKED_DEPTH);
  if (Buffer.byteLength(toQueueJson({ item: bounded })) <= MAX_PARKED_BYTES) return bounded;
  const json = JSON.stringify(bounded) ?? 'null';
  let end = MAX_TRUNCATED_CHARS;
  const last = json.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return { truncatedJson: json.slice(0, end) };
}

/**
 * Parks unprocessable items on the dead-letter queue, marked `kind=invalid-item`, where the DLQ alarm makes ops look
 * at them — rather than dropping them, or failing the whole delivery they came in. Whatever the item, its message is
 * one SQS accepts: a platform would otherwise retry the delivery for days against a 503.
 */
export function createInvalidItemParker(client: SQSClient, options: QueueSenderOptions) {
  const send = createQueueSender(client, options);
  return (items: readonly ParkedItem[]) =>
    send(
      items.map((p) => ({
        body: toQueueJson({ kind: 'invalid-item', platform: p.platform, problem: p.problem, receivedAt: p.receivedAt, item: parkable(p.item) }),
        attributes: { kind: 'invalid-item', platform: p.platform },
      })),
    );
}
