import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { ENV } from '../../config/resources';
import { appSecretsLoader } from '../adapters/app-secrets';
import { sqsClient } from '../adapters/aws-clients';
import { requiredEnv } from '../adapters/env';
import { internalErrorBoundary } from '../adapters/http-responses';
import { createEventPublisher, createInvalidItemParker } from '../adapters/sqs-publisher';
import type { IntakePorts, IntakeResult, WebhookRequest, WebhookResponse } from '../domain/intake';

/**
 * The thin Lambda side of the webhook routes: API Gateway HTTP API (payload v2) event in, use case, response out.
 * Ports are built once per container. Any unexpected error becomes a bare 500 (the platform retries) with the
 * error's name logged — never a stack trace in the response.
 */

export const logger = new Logger({ serviceName: 'intake' });

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
    publish: createEventPublisher(sqsClient(), { queueUrl: requiredEnv(ENV.eventsQueueUrl, env) }),
    park: createInvalidItemParker(sqsClient(), { queueUrl: requiredEnv(ENV.eventsDlqUrl, env) }),
    now: () => new Date(),
  };
}

type UseCase = (req: WebhookRequest, ports: IntakePorts) => Promise<IntakeResult>;

export function webhookHandler(useCase: UseCase, ports: IntakePorts = intakePortsFromEnv(process.env)) {
  return middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Error, Context>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(internalErrorBoundary(logger, 'webhook'))
    .handler(async (event) => {
      const { response, outcome } = await useCase(toWebhookRequest(event), ports);
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
