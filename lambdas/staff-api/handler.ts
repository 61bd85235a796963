import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { ENV } from '../../config/resources';
import { CaseListQuerySchema } from '../../schemas/case';
import { dynamoDbClient } from '../adapters/aws-clients';
import { CasesTable, InvalidPageTokenError } from '../adapters/cases-table';
import { requiredEnv } from '../adapters/env';
import { internalErrorBoundary, jsonResponse } from '../adapters/http-responses';

/**
 * Staff API read routes. Who may call is decided before the handler runs: a JWT authorizer (Cognito) in AWS, the
 * bearer token check of the local front on this machine; both leave the caller's claims in the request context.
 * A request that arrives without them is refused here too, so a route deployed without its authorizer fails closed.
 */

export const logger = new Logger({ serviceName: 'staff-api' });

const table = new CasesTable(dynamoDbClient(), requiredEnv(ENV.casesTable));

const json = jsonResponse;

export async function route(event: APIGatewayProxyEventV2WithJWTAuthorizer): Promise<APIGatewayProxyStructuredResultV2> {
  const staff = event.requestContext.authorizer?.jwt?.claims?.['sub'];
  if (typeof staff !== 'string' || staff === '') return json(401, { message: 'Unauthorized' });

  if (event.routeKey === 'GET /api/cases') {
    const query = CaseListQuerySchema.safeParse(event.queryStringParameters ?? {});
    if (!query.success) {
      const issue = query.error.issues[0];
      return json(400, { error: `${issue?.path.join('.') || 'query'}: ${issue?.message ?? 'invalid'}` });
    }
    try {
      return json(200, await table.listCases(query.data));
    } catch (err) {
      if (err instanceof InvalidPageTokenError) return json(400, { error: err.message });
      throw err;
    }
  }
  if (event.routeKey === 'GET /api/cases/{id}') {
    const id = event.pathParameters?.['id'] ?? '';
    if (!/^c_[A-Za-z0-9_-]{1,64}$/.test(id)) return json(404, { error: 'no such case' });
    const found = await table.caseWithTimeline(id);
    return found ? json(200, found) : json(404, { error: 'no such case' });
  }
  return json(404, { message: 'Not Found' });
}

export const handler = middy<APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Error, Context>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(internalErrorBoundary(logger, 'staff api'))
  .handler(async (event) => {
    const response = await route(event);
    logger.info('staff api', { route: event.routeKey, status: response.statusCode });
    return response;
  });
