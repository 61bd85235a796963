import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics } from '@aws-lambda-powertools/metrics';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { METRICS } from '../../config/metrics';
import { ENV, PUBLISH_DEADLINE_MS } from '../../config/resources';
import { appSecretsLoader } from '../adapters/app-secrets';
import { sqsClient } from '../adapters/aws-clients';
import { requiredEnv } from '../adapters/env';
import { internalErrorBoundary } from '../adapters/http-responses';
import { emitMetric, METRICS_NAMESPACE } from '../adapters/metrics';
import { createEventPublisher, createInvalidItemParker } from '../adapters/sqs-publisher';
import { traceHandler } from '../adapters/tracing';
import type { IntakeOutcome, IntakePorts, IntakeResult, WebhookRequest, WebhookResponse } from '../domain/intake';

/**
 * The thin Lambda side of the webhook routes: API Gateway HTTP API (payload v2) event in, use case, response out.
 * Ports are built once per container. Any unexpected error becomes a bare 500 (the platform retries) with the
 * error's name logged — never a stack trace in the response.
 */

export const logger = new Logger({ serviceName: 'intake' });
export const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: METRICS.eventsReceived.service });

/** At most this many event ids go into one log line (a WhatsApp batch can carry hundreds). */
const LOGGED_IDS = 25;

export function toWebhookRequest(event: APIGatewayProxyEventV2): WebhookRequest {
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(event.headers ?? {})) headers[name.toLowerCase()] = value;
  const body = event.body ?? '';
  return {
    method: event.requestContext.http.method.toUpperCase(),
    headers,
    query: event.queryStringParameters ?? {},
    pathParams: event.pathParameters ?? {},
    rawBody: Buffer.from(body, event.isBase64Encoded ? 'base64' : 'utf8'),
  };
}

export function toApiResult(response: WebhookResponse): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: response.statusCode,
    headers: { 'content-type': response.contentType, 'cache-control': 'no-store' },
    body: response.body,
  };
}

export function intakePortsFromEnv(env: NodeJS.ProcessEnv): IntakePorts {
  return {
    secrets: appSecretsLoader(env),
    publish: createEventPublisher(sqsClient(), {
      queueUrl: requiredEnv(ENV.eventsQueueUrl, env),
      bulkQueueUrl: requiredEnv(ENV.bulkQueueUrl, env),
      deadlineMs: PUBLISH_DEADLINE_MS,
    }),
    park: createInvalidItemParker(sqsClient(), { queueUrl: requiredEnv(ENV.eventsDlqUrl, env) }),
    now: () => new Date(),
  };
}

/**
 * EventsReceived per platform for an accepted delivery: one data point per platform present, counting its queued
 * events (echoes included). The platform is the prefix of each event id (`facebook:…`), which is the event's own
 * platform, so a Meta delivery counts under facebook, instagram, whatsapp or messenger rather than "meta".
 */
export function recordIntakeMetrics(outcome: IntakeOutcome, into: Metrics = metrics): void {
  if (outcome.result !== 'accepted' || !outcome.eventIds?.length) return;
  const perPlatform = new Map<string, number>();
  for (const id of outcome.eventIds) {
    const platform = id.slice(0, id.indexOf(':'));
    perPlatform.set(platform, (perPlatform.get(platform) ?? 0) + 1);
  }
  for (const [platform, count] of perPlatform) emitMetric(into, METRICS.eventsReceived, count, platform);
}

type UseCase = (req: WebhookRequest, ports: IntakePorts) => Promise<IntakeResult>;

export function webhookHandler(useCase: UseCase, ports: IntakePorts = intakePortsFromEnv(process.env)) {
  return middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Error, Context>()
    .use(traceHandler())
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(internalErrorBoundary(logger, 'webhook'))
    .handler(async (event) => {
      const { response, outcome } = await useCase(toWebhookRequest(event), ports);
      recordIntakeMetrics(outcome);
      // The delivery's event ids correlate this line with the classifier's (which logs `eventId` per record);
      // outcomes carry ids, counts and reasons only, never post text.
      const { eventIds, ...rest } = outcome;
      const log = outcome.result === 'accepted' ? logger.info.bind(logger) : logger.warn.bind(logger);
      log('webhook', {
        ...rest,
        status: response.statusCode,
        events: eventIds?.length ?? 0,
        eventIds: eventIds?.slice(0, LOGGED_IDS),
      });
      return toApiResult(response);
    });
}
