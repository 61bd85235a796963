import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { ENV } from '../../config/resources';
import { SocialEventSchema } from '../../schemas/social-event';
import { dynamoDbClient, sfnClient } from '../adapters/aws-clients';
import { CasesTable } from '../adapters/cases-table';
import { requiredEnv } from '../adapters/env';
import { sfnEscalationStarter } from '../adapters/escalation-starter';
import { caseSettingsFromEnv, classifierConfigFromEnv } from '../adapters/settings';
import { processClassifiedEvent, type ProcessPorts } from '../domain/cases/process-event';
import { classify } from '../domain/classifier';

/**
 * The classify Lambda: SQS batches of SocialEvents in; each record is classified in-process and folded into a case.
 * Records fail one by one (Powertools partial batch response), so one poison message never holds up the rest of its
 * batch; it is retried until the queue's maxReceiveCount and then parked on the DLQ.
 */

export const logger = new Logger({ serviceName: 'classify' });

const classifierConfig = classifierConfigFromEnv(process.env);
const ports: ProcessPorts = {
  store: new CasesTable(dynamoDbClient(), requiredEnv(ENV.casesTable)),
  escalation: sfnEscalationStarter(sfnClient(), requiredEnv(ENV.escalationStateMachineArn)),
  settings: caseSettingsFromEnv(process.env),
  now: () => new Date(),
};

const processor = new BatchProcessor(EventType.SQS);

export async function handleRecord(record: SQSRecord): Promise<void> {
  let body: unknown;
  try {
    body = JSON.parse(record.body);
  } catch {
    throw new Error('message body is not JSON');
  }
  const parsed = SocialEventSchema.safeParse(body);
  if (!parsed.success) throw new Error(`message is not a SocialEvent: ${parsed.error.issues[0]?.path.join('.') ?? 'body'}`);
  const event = parsed.data;
  const classification = classify(event, classifierConfig);
  const outcome = await processClassifiedEvent(event, classification, ports);
  // Ids, labels and reasons only: text and PII never reach the logs.
  logger.info('event processed', {
    ...outcome,
    platform: event.platform,
    category: classification.category,
    urgency: classification.urgency,
    pii: classification.pii,
  });
}

export const handler = middy<SQSEvent, SQSBatchResponse, Error, Context>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async (event, context) =>
    processPartialResponse(event, async (record: SQSRecord) => {
      try {
        await handleRecord(record);
      } catch (err) {
        logger.warn('record failed', { messageId: record.messageId, errorName: err instanceof Error ? err.name : 'unknown', error: err instanceof Error ? err.message : String(err) });
        throw err;
      }
    }, processor, { context, throwOnFullBatchFailure: false }),
  );
