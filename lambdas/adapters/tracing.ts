import { Tracer } from '@aws-lambda-powertools/tracer';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import type { MiddlewareObj } from '@middy/core';

/**
 * X-Ray tracing through Powertools Tracer, one per container: the handler's segment (cold start annotated) and a
 * subsegment per AWS SDK call (aws-clients.ts wraps every client with it). The service name is the function's
 * POWERTOOLS_SERVICE_NAME, set by CDK. Tracing is off outside Lambda, and wherever POWERTOOLS_TRACE_ENABLED is
 * 'false' (the tests and the local stack set it).
 */
export const tracer = new Tracer();

/**
 * The handler's segment, without its response: responses carry case data (the staff API), pages for people and
 * challenge answers, none of which belongs in X-Ray. Errors are kept (their names and messages carry no post
 * text). Use it first, so the segment spans the other middlewares.
 */
export function traceHandler(): MiddlewareObj {
  return captureLambdaHandler(tracer, { captureResponse: false }) as MiddlewareObj;
}
