import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics } from '@aws-lambda-powertools/metrics';
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { METRICS } from '../../config/metrics';
import { ENV } from '../../config/resources';
import type { Urgency } from '../../schemas/classification';
import { SocialEventSchema } from '../../schemas/social-event';
import { dynamoDbClient, sfnClient } from '../adapters/aws-clients';
import { CasesTable } from '../adapters/cases-table';
import { requiredEnv } from '../adapters/env';
import { sfnEscalationStarter } from '../adapters/escalation-starter';
import { emitMetric, METRICS_NAMESPACE, metricsPort, publishMetrics } from '../adapters/metrics';
import { caseSettingsFromEnv, classifierConfigFromEnv } from '../adapters/settings';
import { slaWatchPorts } from '../adapters/sla-ports';
import { traceHandler } from '../adapters/tracing';
import { type ProcessOutcome, processClassifiedEvent, type ProcessPorts } from '../domain/cases/process-event';
import { classify } from '../domain/classifier';
import { errorName } from '../domain/errors';

/**
 * The classify Lambda: SQS batches of SocialEvents in; each record is classified in-process and folded into a case.
 * Records fail one by one (Powertools partial batch response), so one poison message never holds up the rest of its
 * batch; it is retried until the queue's maxReceiveCount and then parked on the DLQ.
 */

export const logger = new Logger({ serviceName: 'classify' });
export const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: METRICS.casesCreated.service });

const classifierConfig = classifierConfigFromEnv(process.env);
const ports: ProcessPorts = {
  store: new CasesTable(dynamoDbClient(), requiredEnv(ENV.casesTable)),
  escalation: sfnEscalationStarter(sfnClient(), requiredEnv(ENV.escalationStateMachineArn)),
  settings: caseSettingsFromEnv(process.env),
  now: () => new Date(),
  // The case's SLA watch and the crisis counters; FirstResponseTime when an echo answers a case.
  slaWatch: slaWatchPorts(process.env),
  metrics: metricsPort(metrics),
};

const processor = new BatchProcessor(EventType.SQS);

export interface RecordResult {
  outcome: ProcessOutcome;
  urgency: Urgency;
}

/**
 * Classifies one record and folds it into a case. `log` is the record's own logger: records of a batch run
 * concurrently, so each gets a child logger carrying its `messageId`, then `eventId` and `caseId` as they become
 * known (keys on the shared logger would leak from one record's lines into another's).
 */
export async function handleRecord(record: SQSRecord, log: Logger = logger): Promise<RecordResult> {
  let body: unknown;
  try {
    body = JSON.parse(record.body);
  } catch {
    throw new Error('message body is not JSON');
  }
  const parsed = SocialEventSchema.safeParse(body);
  if (!parsed.success) throw new Error(`message is not a SocialEvent: ${parsed.error.issues[0]?.path.join('.') ?? 'body'}`);
  const event = parsed.data;
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
    const response = await processPartialResponse(event, async (record: SQSRecord) => {
      const log = logger.createChild({ persistentKeys: { messageId: record.messageId } });
      try {
        results.push(await handleRecord(record, log));
      } catch (err) {
        // The name only: a message can quote the post or its author (a regex built from a name once did).
        log.warn('record failed', { errorName: errorName(err) });
        throw err;
      }
    }, processor, { context, throwOnFullBatchFailure: false });
    recordBatchMetrics(results);
    return response;
  });
