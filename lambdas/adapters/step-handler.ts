import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import type * as z from 'zod';
import { publishMetrics } from './metrics';
import { traceHandler } from './tracing';

/**
 * What the state machines' steps functions (lambdas/escalation/handler.ts, lambdas/sla/handler.ts) share: every Task
 * state calls the function with `{action, …}` (built by the state's Parameters) and uses what it returns.
 */

/**
 * Input that is not a step is a bug in the definition, not a transient failure: it fails with this named error,
 * which the state machine does not retry.
 */
export class InvalidStepInput extends Error {
  override readonly name = 'InvalidStepInput';
}

/** The step in `input`, or InvalidStepInput naming the first field that is wrong: `not <what> step: <path>`. */
export function parseStep<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new InvalidStepInput(`not ${what} step: ${parsed.error.issues[0]?.path.join('.') || 'input'}`);
  return parsed.data;
}

/** Logs what a step returned when it is an object: ids, stages and outcomes only (the state carries no text or contact details). */
export function logStepResult(logger: Logger, message: string, result: unknown): void {
  logger.info(message, { ...(typeof result === 'object' && result ? { result } : {}) });
}

/** The Lambda handler of a steps function: traced, every log line with the invocation's context, metrics flushed. */
export function stepsHandler(logger: Logger, metrics: Metrics, runStep: (input: unknown) => Promise<unknown>) {
  return middy<unknown, unknown, Error, Context>()
    .use(traceHandler())
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(publishMetrics(metrics))
    .handler(async (input) => runStep(input));
}
