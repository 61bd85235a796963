import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { isMainThread } from 'node:worker_threads';
import autocannon from 'autocannon';
import { caseIdFor } from '../../lambdas/domain/cases/rules';
import { type Delivery, facebookComment, genericDelivery, metaDelivery, xDelivery, xMention } from './deliveries';

/**
 * Sustained load on the local stack's HTTP front, shared by the load and emulator-restart tests and `bench/load.ts`:
 * distinct signed deliveries (Meta, X and Standard Webhooks in turn, each with its own id and author, so each is its
 * own conversation and becomes its own case), sent by autocannon with a fixed number in flight, each one signed as it
 * is sent; then the wait until every accepted delivery is a case the staff API lists.
 *
 * loadDelivery's texts are questions and praise: they make cases (a question's with its first-response clock) without starting the
 * escalation flow, so the figure is the intake → queue → classify → case path, not thousands of pages. burstDelivery's
 * are complaints, some critical (bench/burst.ts).
 */

export interface LoadDelivery extends Delivery {
  eventId: string;
}

const QUESTIONS = [
  'do you sell gift cards in store?',
  'what time do you open on Sundays?',
  'is the blue model back in stock soon?',
  'can I change the delivery address on my order?',
];
const PRAISE = ['love the new app, thanks team', 'friendly staff and quick delivery, five stars', 'great service today, thank you'];

/** The i-th delivery of a run; `base` keeps the ids of different runs on one table apart. */
export function loadDelivery(i: number, base = 0): LoadDelivery {
  return deliveryWithText(i, base, `${(i % 2 === 0 ? QUESTIONS : PRAISE)[i % 3]} (${base + i})`);
}

/** Complaints as a bad day brings them: negative, urgency high, no page. */
const COMPLAINTS = [
  'I was charged twice for my order and nobody answers, really disappointed',
  'my parcel never arrived, third time this month, terrible service',
  'the app keeps crashing when I try to pay, so annoying',
  'waited 45 minutes on hold and then got cut off. awful',
  'refund still not processed after 3 weeks, this is a joke',
  'your outage has left the whole street without internet for two days',
];
/** Complaints the classifier reads as critical (harm, danger): each pages on-call by SMS. */
const CRITICAL_COMPLAINTS = [
  'your heater caught fire in my flat last night, my daughter burned her hand',
  'found glass in my cereal, my son nearly swallowed it',
  'the charger you sold me exploded and burned my desk',
];

/** One delivery in this many of a burst is critical. */
export const BURST_CRITICAL_EVERY = 20;

/**
 * The i-th delivery of a burst (a bad day: an outage, a product fault): complaints, one in BURST_CRITICAL_EVERY
 * critical; the same three platforms in turn as loadDelivery, each its own conversation and case.
 */
export function burstDelivery(i: number, base = 0): LoadDelivery & { critical: boolean } {
  const critical = i % BURST_CRITICAL_EVERY === BURST_CRITICAL_EVERY - 1;
  const texts = critical ? CRITICAL_COMPLAINTS : COMPLAINTS;
  const text = `${texts[Math.floor(i / 3) % texts.length]} (${base + i})`;
  return { ...deliveryWithText(i, base, text), critical };
}

/** A Meta comment, an X mention or a review (by i % 3), from its own author, carrying `text`. */
function deliveryWithText(i: number, base: number, text: string): LoadDelivery {
  const n = base + i;
  switch (i % 3) {
    case 0: {
      const commentId = String(700_000_000_000 + n);
      const d = metaDelivery(facebookComment({ commentId, fromId: `load-fb-${n}`, text }));
      return { ...d, eventId: `facebook:104857600000001_900000000000002_${commentId}` };
    }
    case 1: {
      const id = String(7_000_000_000_000_000 + n);
      return { ...xDelivery(xMention({ id, userId: `load-x-${n}`, text: `@AcmeSupport ${text}` })), eventId: `x:${id}` };
    }
    default: {
      const id = `rev-load-${n}`;
      // A complaint is a poor review; anything else a good one.
      const rating = COMPLAINTS.some((c) => text.startsWith(c)) || CRITICAL_COMPLAINTS.some((c) => text.startsWith(c)) ? 1 : 5;
      const d = genericDelivery('reviews', { type: 'review.created', data: { id, text, author: { id: `load-r-${n}`, name: 'Sam' }, createdAt: new Date().toISOString(), rating } });
      return { ...d, eventId: `reviews:${id}` };
    }
  }
}

export interface FireResult {
  /** Event ids of the deliveries answered 200. */
  accepted: string[];
  /** Deliveries answered anything else. */
  refused: { eventId: string; status: number }[];
  /** Requests sent but never answered (connection errors, timeouts): autocannon counts them, not their ids. */
  errors: number;
  timeouts: number;
  sent: number;
  durationMs: number;
  latency: { p50: number; p99: number; max: number };
}

/**
 * Sends `count` deliveries (`make(0)` … `make(count - 1)`) to the HTTP front with `connections` requests in flight,
 * one per keep-alive connection (at most `perSecond` a second when given). Each body is built and signed as autocannon
 * sends it.
 */
export async function fireDeliveries(
  baseUrl: string,
  count: number,
  options: { connections?: number; make?: (i: number) => LoadDelivery; timeoutSeconds?: number; perSecond?: number } = {},
): Promise<FireResult> {
  const make = options.make ?? ((i: number) => loadDelivery(i));
  let next = 0;
  const accepted: string[] = [];
  const refused: FireResult['refused'] = [];
  const started = performance.now();
  const result = await autocannon({
    url: baseUrl,
    connections: Math.min(options.connections ?? 50, count),
    pipelining: 1,
    amount: count,
    timeout: options.timeoutSeconds ?? 30,
    ...(options.perSecond ? { overallRate: options.perSecond } : {}),
    requests: [
      {
        setupRequest: (request, context) => {
          const d = make(next++);
          // One request in flight per connection, so the connection's context names the delivery being answered.
          context.eventId = d.eventId;
          return { ...request, method: 'POST', path: d.path, headers: d.headers, body: d.body };
        },
        onResponse: (status, _body, context) => {
          const eventId = String(context.eventId);
          if (status === 200) accepted.push(eventId);
          else refused.push({ eventId, status });
        },
      },
    ],
  });
  // In a worker thread (bench/load-sender.ts) autocannon leaves its result unaggregated, for its own many-worker mode.
  // (aggregateResult is public in autocannon's README, missing from its types.)
  const aggregate = (autocannon as unknown as { aggregateResult(results: unknown[], opts: { url: string }): autocannon.Result }).aggregateResult;
  const summary = isMainThread ? result : aggregate([result], { url: baseUrl });
  return {
    accepted,
    refused,
    errors: summary.errors,
    timeouts: summary.timeouts,
    sent: next,
    durationMs: performance.now() - started,
    latency: { p50: summary.latency.p50, p99: summary.latency.p99, max: summary.latency.max },
  };
}

/** Every case id the staff API lists (all statuses), page by page. */
export async function listedCaseIds(baseUrl: string, token: string): Promise<Set<string>> {
  const ids = new Set<string>();
  let nextToken: string | undefined;
  do {
    const query = `status=all&limit=500${nextToken ? `&nextToken=${encodeURIComponent(nextToken)}` : ''}`;
    const res = await fetch(`${baseUrl}/api/cases?${query}`, { headers: { authorization: `Bearer ${token}` } });
    if (res.status !== 200) throw new Error(`GET /api/cases: ${res.status} ${await res.text()}`);
    const page = (await res.json()) as { items: { id: string }[]; nextToken?: string };
    for (const item of page.items) ids.add(item.id);
    nextToken = page.nextToken;
  } while (nextToken);
  return ids;
}

/** Messages on a queue, visible or in flight (being handled, or waiting out a visibility timeout after a failure). */
export async function queueDepth(sqsEndpoint: string, queueUrl: string): Promise<number> {
  const sqs = new SQSClient({ endpoint: sqsEndpoint, region: 'us-east-1', useQueueUrlAsEndpoint: false, maxAttempts: 1 });
  try {
    return await depthOf(sqs, queueUrl);
  } finally {
    sqs.destroy();
  }
}

async function depthOf(sqs: SQSClient, queueUrl: string): Promise<number> {
  const out = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
  );
  return Number(out.Attributes?.ApproximateNumberOfMessages ?? 0) + Number(out.Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0);
}

export interface CasesOutcome {
  /** Accepted deliveries whose case the staff API lists. */
  cases: number;
  /** Event ids accepted but not (yet) a listed case. */
  missing: string[];
  /** From the call until every case was listed (or the deadline). */
  elapsedMs: number;
}

/**
 * Waits until every accepted delivery is a case the staff API lists. The queue's depth is watched first (cheap), and
 * the staff API is read in full once the queue is empty, so listing thousands of cases does not compete with the
 * consumer the whole time; if cases are still missing then, the API is read again every second until `timeoutMs`.
 */
export async function waitForCases(
  stack: { url: string; endpoints: { sqs: string }; queues: { events: { url: string }; bulk: { url: string } } },
  token: string,
  acceptedEventIds: readonly string[],
  options: { timeoutMs?: number; stallMs?: number } = {},
): Promise<CasesOutcome> {
  // Waits as long as the backlog keeps shrinking (a busy 2-core CI machine is slow, not stuck), and gives up only
  // when nothing has moved for `stallMs`, or at `timeoutMs` in all.
  const started = performance.now();
  const deadline = started + (options.timeoutMs ?? 60_000);
  const stallMs = options.stallMs ?? Number.POSITIVE_INFINITY;
  let lastProgress = started;
  let lowestDepth = Number.POSITIVE_INFINITY;
  let fewestMissing = Number.POSITIVE_INFINITY;
  const expected = new Map(acceptedEventIds.map((id) => [caseIdFor(id), id]));
  let missing: string[] = [...expected.values()];
  // One client for the whole wait: building one per read (every 25 ms) costs more than the read, and in the benches
  // that CPU is taken from the thread the stack's HTTP front runs on.
  const sqs = new SQSClient({ endpoint: stack.endpoints.sqs, region: 'us-east-1', useQueueUrlAsEndpoint: false, maxAttempts: 1 });
  try {
    while (performance.now() < deadline && performance.now() - lastProgress < stallMs) {
      // Both queues: behind a backlog, the classifier moves posts from the events queue to the bulk queue.
      const depth = await Promise.all([depthOf(sqs, stack.queues.events.url), depthOf(sqs, stack.queues.bulk.url)])
        .then(([events, bulk]) => events + bulk)
        .catch(() => -1);
      if (depth >= 0 && depth < lowestDepth) {
        lowestDepth = depth;
        lastProgress = performance.now();
      }
      if (depth !== 0) {
        await new Promise((r) => setTimeout(r, 25));
        continue;
      }
      const listed = await listedCaseIds(stack.url, token);
      missing = [...expected].filter(([caseId]) => !listed.has(caseId)).map(([, eventId]) => eventId);
      if (missing.length === 0) break;
      if (missing.length < fewestMissing) {
        fewestMissing = missing.length;
        lastProgress = performance.now();
      }
      await new Promise((r) => setTimeout(r, 1_000));
    }
  } finally {
    sqs.destroy();
  }
  return { cases: expected.size - missing.length, missing, elapsedMs: performance.now() - started };
}
