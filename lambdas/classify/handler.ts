import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics } from '@aws-lambda-powertools/metrics';
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { METRICS } from '../../config/metrics';
import { ENV } from '../../config/resources';
import type { Urgency } from '../../schemas/classification';
import { type SocialEvent, SocialEventSchema } from '../../schemas/social-event';
import { dynamoDbClient, sfnClient, sqsClient } from '../adapters/aws-clients';
import { createBundleRequeuer } from '../adapters/sqs-publisher';
import { CasesTable } from '../adapters/cases-table';
import { requiredEnv } from '../adapters/env';
import { sfnEscalationStarter } from '../adapters/escalation-starter';
import { emitMetric, METRICS_NAMESPACE, metricsPort, publishMetrics } from '../adapters/metrics';
import { caseRetentionDaysFromEnv, caseSettingsFromEnv, classifierConfigFromEnv } from '../adapters/settings';
import { slaWatchPorts } from '../adapters/sla-ports';
import { traceHandler } from '../adapters/tracing';
import { type ProcessOutcome, processClassifiedEvent, type ProcessPorts } from '../domain/cases/process-event';
import { classify } from '../domain/classifier';
import { errorName } from '../domain/errors';
import { inOrderPerKey } from './in-order';

/**
 * The classify Lambda: SQS batches of SocialEvents in; each record is classified in-process and folded into a case.
 * Records fail one by one (Powertools partial batch response), so one poison message never holds up the rest of its
 * batch; it is retried until the queue's maxReceiveCount and then parked on the DLQ. Records of one conversation
 * run one after another, in the batch's order (they all write one case); different conversations run side by side.
 */

export const logger = new Logger({ serviceName: 'classify' });
export const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: METRICS.casesCreated.service });

const classifierConfig = classifierConfigFromEnv(process.env);
const casesTable = new CasesTable(dynamoDbClient(), requiredEnv(ENV.casesTable), { retentionDays: caseRetentionDaysFromEnv(process.env) });
const ports: ProcessPorts = {
  store: casesTable,
  // A customer's ids (WhatsApp number, business-scoped ids) linked in the same table.
  identities: casesTable,
  escalation: sfnEscalationStarter(sfnClient(), requiredEnv(ENV.escalationStateMachineArn)),
  settings: caseSettingsFromEnv(process.env),
  now: () => new Date(),
  // The crisis counters; FirstResponseTime when an echo answers a case.
  slaWatch: slaWatchPorts(process.env),
  metrics: metricsPort(metrics),
};

const requeueBundle = createBundleRequeuer(sqsClient(), { queueUrl: requiredEnv(ENV.bulkQueueUrl) });

export interface RecordResult {
  outcome: ProcessOutcome;
  urgency: Urgency;
}

/** A record refused for its shape; its message names paths only, so it is safe to log (other errors' are not). */
export class RecordRejected extends Error {
  override readonly name = 'RecordRejected';
}

/**
 * What one SQS record carries: a SocialEvent (the events queue), or a big delivery's bundle `{"bundle": [...]}` (the
 * bulk queue, or a bundle redriven from the DLQ to the events queue). `invalid` counts bundle items that are not
 * SocialEvents: the valid ones are still classified, and the record then fails so it ends on the DLQ for a person.
 */
export type RecordContent =
  | { ok: true; events: SocialEvent[]; bundle: boolean; triaged: boolean; invalid: number; firstProblem?: string }
  | { ok: false; error: string };

const problemOf = (error: { issues: readonly { path: readonly PropertyKey[] }[] }) => error.issues[0]?.path.map(String).join('.') || 'body';

export function contentOf(record: SQSRecord): RecordContent {
  let body: unknown;
  try {
    body = JSON.parse(record.body);
  } catch {
    return { ok: false, error: 'message body is not JSON' };
  }
  const items = typeof body === 'object' && body !== null && Array.isArray((body as { bundle?: unknown }).bundle) ? (body as { bundle: unknown[] }).bundle : undefined;
  if (!items) {
    const parsed = SocialEventSchema.safeParse(body);
    if (!parsed.success) return { ok: false, error: `message is not a SocialEvent: ${problemOf(parsed.error)}` };
    return { ok: true, events: [parsed.data], bundle: false, triaged: false, invalid: 0 };
  }
  const events: SocialEvent[] = [];
  let invalid = 0;
  let firstProblem: string | undefined;
  items.forEach((item, i) => {
    const parsed = SocialEventSchema.safeParse(item);
    if (parsed.success) events.push(parsed.data);
    else {
      invalid += 1;
      firstProblem ??= `bundle item ${i} is not a SocialEvent: ${problemOf(parsed.error)}`;
    }
  });
  const triaged = (body as { triaged?: unknown }).triaged === true;
  return { ok: true, events, bundle: true, triaged, invalid, ...(firstProblem ? { firstProblem } : {}) };
}

/** Conversations of one bundle worked on at once: enough to overlap DynamoDB round trips, few enough not to burst. */
const BUNDLE_CONCURRENCY = 8;

/**
 * Classifies a bundle's events: each conversation's posts in order, up to BUNDLE_CONCURRENCY conversations at once.
 * Every event is attempted; if any failed the bundle fails as a whole and comes back — the events already folded are
 * then recognised by their claims and skipped, so a retry redoes only what failed.
 */
async function handleBundle(events: readonly SocialEvent[], log: Logger, results: RecordResult[]): Promise<void> {
  const byConversation = new Map<string, SocialEvent[]>();
  for (const e of events) byConversation.set(e.conversationId, [...(byConversation.get(e.conversationId) ?? []), e]);
  const groups = [...byConversation.values()];
  let failed = 0;
  let firstError: string | undefined;
  const worker = async () => {
    for (let group = groups.shift(); group; group = groups.shift()) {
      for (const event of group) {
        try {
          results.push(await handleEvent(event, log.createChild({ persistentKeys: { eventId: event.id } })));
        } catch (err) {
          failed += 1;
          firstError ??= errorName(err);
          log.warn('bundle event failed', { eventId: event.id, errorName: errorName(err) });
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(BUNDLE_CONCURRENCY, groups.length) }, worker));
  if (failed > 0) throw new RecordRejected(`${failed} of ${events.length} events of the bundle failed (first: ${firstError})`);
}

/**
 * The first look at a bulk bundle: its conversations with a critical post are classified and folded at once, and the
 * rest of the bundle goes back on the bulk queue marked triaged. A big delivery's bundles are all searched (a few
 * milliseconds each) before any is worked through, so a critical post at the end of 16,000 comments is paged about as
 * soon as one sent alone — not after the 15,999 before it. Classifying twice costs microseconds a post.
 */
async function triageBundle(events: readonly SocialEvent[], log: Logger, results: RecordResult[]): Promise<void> {
  const urgentConversations = new Set(events.filter((e) => classify(e, classifierConfig).urgency === 'critical').map((e) => e.conversationId));
  const urgent = events.filter((e) => urgentConversations.has(e.conversationId));
  const rest = events.filter((e) => !urgentConversations.has(e.conversationId));
  if (urgent.length > 0) await handleBundle(urgent, log, results);
  // After the urgent ones: if this put fails the whole bundle comes back, and its urgent posts are then duplicates.
  if (rest.length > 0) await requeueBundle(rest);
  log.info('bundle triaged', { urgent: urgent.length, requeued: rest.length });
}

/**
 * Classifies one event and folds it into a case. `log` is the record's own logger: records of a batch run
 * concurrently, so each gets a child logger carrying its `messageId`, then `eventId` and `caseId` as they become
 * known (keys on the shared logger would leak from one record's lines into another's).
 */
export async function handleEvent(event: SocialEvent, log: Logger = logger): Promise<RecordResult> {
  log.appendKeys({ eventId: event.id });
  const classification = classify(event, classifierConfig);
  const outcome = await processClassifiedEvent(event, classification, ports);
  if ('caseId' in outcome && outcome.caseId) log.appendKeys({ caseId: outcome.caseId });
  // Ids, labels and reasons only: text and PII never reach the logs.
  log.info('event processed', {
    ...outcome,
    platform: event.platform,
    category: classification.category,
    urgency: classification.urgency,
    pii: classification.pii,
  });
  return { outcome, urgency: classification.urgency };
}

/**
 * CasesCreated per urgency and DuplicateDeliveries for one batch: one data point per urgency present rather than one
 * per record. A record retried after its case was written but before it was marked done counts its case again.
 */
export function recordBatchMetrics(results: readonly RecordResult[], into: Metrics = metrics): void {
  const created = new Map<Urgency, number>();
  let duplicates = 0;
  for (const { outcome, urgency } of results) {
    if (outcome.result === 'created') created.set(urgency, (created.get(urgency) ?? 0) + 1);
    else if (outcome.result === 'duplicate') duplicates++;
  }
  for (const [urgency, count] of created) emitMetric(into, METRICS.casesCreated, count, urgency);
  if (duplicates > 0) emitMetric(into, METRICS.duplicateDeliveries, duplicates);
}

export const handler = middy<SQSEvent, SQSBatchResponse, Error, Context>()
  .use(traceHandler())
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(publishMetrics(metrics))
  .handler(async (event, context) => {
    const results: RecordResult[] = [];
    const contents = new Map(event.Records.map((r) => [r.messageId, contentOf(r)]));
    // A single event waits for the records of its conversation before it; a bundle orders its own events, and
    // unreadable records are keyed by their own id: nothing waits for them.
    const keyOf = (r: SQSRecord) => {
      const c = contents.get(r.messageId);
      return c?.ok && !c.bundle && c.events[0] ? `conversation:${c.events[0].conversationId}` : `message:${r.messageId}`;
    };
    const inOrder = inOrderPerKey(event.Records, (r) => r.messageId, keyOf);
    const response = await processPartialResponse(event, async (record: SQSRecord) => {
      const log = logger.createChild({ persistentKeys: { messageId: record.messageId } });
      try {
        const content = contents.get(record.messageId) ?? contentOf(record);
        if (!content.ok) throw new RecordRejected(content.error);
        await inOrder(record, async () => {
          if (content.bundle && !content.triaged) await triageBundle(content.events, log, results);
          else if (content.bundle) await handleBundle(content.events, log, results);
          else results.push(await handleEvent(content.events[0]!, log));
        });
        if (content.invalid > 0) throw new RecordRejected(content.firstProblem ?? 'bundle has items that are not SocialEvents');
      } catch (err) {
        // Only our own rejections say why: any other error's message may quote the post or its author (a regex built
        // from a name once did), and logs must never carry PII.
        log.warn('record failed', { errorName: errorName(err), ...(err instanceof RecordRejected ? { error: err.message } : {}) });
        throw err;
      }
      // A processor per invocation: Powertools keeps a batch's records and failures on it, and locally the events and
      // bulk pollers may invoke this module at the same time.
    }, new BatchProcessor(EventType.SQS), { context, throwOnFullBatchFailure: false });
    recordBatchMetrics(results);
    return response;
  });
