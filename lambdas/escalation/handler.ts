import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { EscalationStepInputSchema } from '../../schemas/escalation-step';
import { escalationPorts } from '../adapters/escalation-ports';
import { METRICS_NAMESPACE } from '../adapters/metrics';
import { logStepResult, parseStep, stepsHandler } from '../adapters/step-handler';
import { tracer } from '../adapters/tracing';
import { runEscalationStep } from '../domain/escalation/flow';

/**
 * The escalation state machine's steps function (config/escalation-flow.ts): every Task state calls it with
 * `{action, caseId, …}` and uses what it returns (lambdas/adapters/step-handler.ts).
 */

export const logger = new Logger({ serviceName: 'escalation' });
export const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: 'escalation' });

const ports = escalationPorts(process.env, metrics);

export async function runStep(input: unknown): Promise<unknown> {
  const step = parseStep(EscalationStepInputSchema, input, 'an escalation');
  // Every line of this invocation (the adapters' too) names the case and the step; ids only.
  logger.appendKeys({ caseId: step.caseId, action: step.action });
  tracer.putAnnotation('caseId', step.caseId);
  tracer.putAnnotation('action', step.action);
  const result = await runEscalationStep(step, ports);
  logStepResult(logger, 'escalation step', result, { caseId: step.caseId, action: step.action });
  return result;
}

export const handler = stepsHandler(logger, metrics, runStep);
