import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import type * as z from 'zod';
import { errorName, StepFailed } from '../domain/errors';
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

/**
 * Logs what a step returned when it is an object: ids, stages and outcomes only (the state carries no text or contact
 * details). `step` names the step on the line itself: the appended keys are the invocation's in Lambda, which runs
 * one at a time, but the local stack runs steps side by side in one process, where they would be another's.
 */
export function logStepResult(logger: Logger, message: string, result: unknown, step: Record<string, string | number>): void {
  logger.info(message, { ...step, ...(typeof result === 'object' && result ? { result } : {}) });
}

/**
 * What of a step's error leaves the function (Lambda logs it, Step Functions keeps it as the execution's cause): our
 * own errors as they are, worded without data; any other only by its name — the one thing the state machine's Retry
 * and Catch match on — as its message can quote a name, a post or an address.
 */
function withoutData(err: unknown): Error {
  if (err instanceof StepFailed || err instanceof InvalidStepInput) return err;
  const name = errorName(err);
  const safe = new Error(`the step failed with ${name} (its message is not passed on: it can quote data)`);
  safe.name = name;
  return safe;
}

/** The Lambda handler of a steps function: traced, every log line with the invocation's context, metrics flushed. */
export function stepsHandler(logger: Logger, metrics: Metrics, runStep: (input: unknown) => Promise<unknown>) {
  return middy<unknown, unknown, Error, Context>()
    .use(traceHandler())
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(publishMetrics(metrics))
    .handler(async (input) => {
      try {
        return await runStep(input);
      } catch (err) {
        logger.error('step failed', { errorName: errorName(err) });
        throw withoutData(err);
      }
    });
}
