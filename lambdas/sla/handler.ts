import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics } from '@aws-lambda-powertools/metrics';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { ENV } from '../../config/resources';
import { SlaStepInputSchema } from '../../schemas/sla-step';
import { dynamoDbClient } from '../adapters/aws-clients';
import { requiredEnv } from '../adapters/env';
import { escalationPorts } from '../adapters/escalation-ports';
import { METRICS_NAMESPACE, publishMetrics } from '../adapters/metrics';
import { caseSettingsFromEnv } from '../adapters/settings';
import { SlaTable } from '../adapters/sla-table';
import { tracer, traceHandler } from '../adapters/tracing';
import { runSlaStep } from '../domain/sla/flow';
import type { SlaPorts } from '../domain/sla/ports';

/**
 * The SLA watch state machine's steps function (config/sla-flow.ts): every Task state calls it with `{action, …}`
 * and uses what it returns. Input that is not a step is a bug in the definition, not a transient failure: it fails
 * with a named error the state machine does not retry.
 */

export const logger = new Logger({ serviceName: 'sla' });
export const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: 'sla' });

const table = new SlaTable(dynamoDbClient(), requiredEnv(ENV.casesTable));
const ports: SlaPorts = {
  ...escalationPorts(process.env, metrics),
  sla: table,
  crisis: table,
  slaMinutes: caseSettingsFromEnv(process.env).slaMinutes,
};

export class InvalidStepInput extends Error {
  override readonly name = 'InvalidStepInput';
}

export async function runStep(input: unknown): Promise<unknown> {
  const parsed = SlaStepInputSchema.safeParse(input);
  if (!parsed.success) throw new InvalidStepInput(`not an SLA step: ${parsed.error.issues[0]?.path.join('.') || 'input'}`);
  const step = parsed.data;
  logger.appendKeys(step.action === 'crisis' ? { action: step.action, scope: step.scope, windowStart: step.windowStart } : { action: step.action, caseId: step.caseId });
  tracer.putAnnotation('action', step.action);
  if (step.action !== 'crisis') tracer.putAnnotation('caseId', step.caseId);
  const result = await runSlaStep(step, ports);
  // Ids, stages and times only: no text or contact details in the logs.
  logger.info('sla step', { ...(typeof result === 'object' && result ? { result } : {}) });
  return result;
}

export const handler = middy<unknown, unknown, Error, Context>()
  .use(traceHandler())
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(publishMetrics(metrics))
  .handler(async (input) => runStep(input));
