import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics } from '@aws-lambda-powertools/metrics';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { EscalationStepInputSchema } from '../../schemas/escalation-step';
import { escalationPorts, METRICS_NAMESPACE, publishMetrics } from '../adapters/escalation-ports';
import { tracer, traceHandler } from '../adapters/tracing';
import { runEscalationStep } from '../domain/escalation/flow';

/**
 * The escalation state machine's steps function: every Task state calls it with `{action, caseId, …}` (built by
 * the state's Parameters) and uses what it returns. Input that is not a step is a bug in the definition, not a
 * transient failure: it fails with a named error the state machine does not retry.
 */

export const logger = new Logger({ serviceName: 'escalation' });
export const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: 'escalation' });

const ports = escalationPorts(process.env, metrics);

export class InvalidStepInput extends Error {
  override readonly name = 'InvalidStepInput';
}

export async function runStep(input: unknown): Promise<unknown> {
  const parsed = EscalationStepInputSchema.safeParse(input);
  if (!parsed.success) throw new InvalidStepInput(`not an escalation step: ${parsed.error.issues[0]?.path.join('.') || 'input'}`);
  const step = parsed.data;
  // Every line of this invocation (the adapters' too) names the case and the step; ids only.
  logger.appendKeys({ caseId: step.caseId, action: step.action });
  tracer.putAnnotation('caseId', step.caseId);
  tracer.putAnnotation('action', step.action);
  const result = await runEscalationStep(step, ports);
  // Ids, steps and outcomes only: the state carries no text or contact details, and neither do the logs.
  logger.info('escalation step', { ...(typeof result === 'object' && result ? { result } : {}) });
  return result;
}

export const handler = middy<unknown, unknown, Error, Context>()
  .use(traceHandler())
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(publishMetrics(metrics))
  .handler(async (input) => runStep(input));
