import type { Logger } from '@aws-lambda-powertools/logger';
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

/** A JSON answer that no cache keeps (every route here answers per caller, per moment). */
export function jsonResponse(statusCode: number, value: unknown): APIGatewayProxyStructuredResultV2 {
  return { statusCode, headers: { 'content-type': 'application/json', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' }, body: JSON.stringify(value) };
}

/**
 * The last line of every HTTP Lambda: an unexpected error becomes a bare 500 (webhook senders retry on it) and only
 * the error's name is logged — never its message or stack, which can carry request data.
 */
export function internalErrorBoundary(logger: Logger, what: string): MiddlewareObj<unknown, APIGatewayProxyStructuredResultV2> {
  return {
    onError: async (request) => {
      logger.error(`${what} failed`, { errorName: request.error?.name ?? 'unknown' });
      request.response = jsonResponse(500, { error: 'internal error' });
    },
  };
}
