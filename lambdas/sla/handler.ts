import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { ENV } from '../../config/resources';
import { SlaStepInputSchema } from '../../schemas/sla-step';
import { dynamoDbClient } from '../adapters/aws-clients';
import { requiredEnv } from '../adapters/env';
import { escalationPorts } from '../adapters/escalation-ports';
import { METRICS_NAMESPACE } from '../adapters/metrics';
import { caseRetentionDaysFromEnv, caseSettingsFromEnv } from '../adapters/settings';
import { SlaTable } from '../adapters/sla-table';
import { logStepResult, parseStep, stepsHandler } from '../adapters/step-handler';
import { tracer } from '../adapters/tracing';
import { runSlaStep } from '../domain/sla/flow';
import type { SlaPorts } from '../domain/sla/ports';

/**
 * The SLA state machine's steps function (config/sla-flow.ts: crisis alerts): every Task state calls it with `{action, …}`
 * and uses what it returns (lambdas/adapters/step-handler.ts).
 */

export const logger = new Logger({ serviceName: 'sla' });
export const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: 'sla' });

const table = new SlaTable(dynamoDbClient(), requiredEnv(ENV.casesTable), { retentionDays: caseRetentionDaysFromEnv(process.env) });
const ports: SlaPorts = {
  ...escalationPorts(process.env, metrics),
  sla: table,
  crisis: table,
  slaMinutes: caseSettingsFromEnv(process.env).slaMinutes,
};

export async function runStep(input: unknown): Promise<unknown> {
  const step = parseStep(SlaStepInputSchema, input, 'an SLA');
  const keys: Record<string, string | number> = step.action === 'crisis' ? { action: step.action, scope: step.scope, windowStart: step.windowStart } : { action: step.action, caseId: step.caseId };
  logger.appendKeys(keys);
  tracer.putAnnotation('action', step.action);
  if (step.action !== 'crisis') tracer.putAnnotation('caseId', step.caseId);
  const result = await runSlaStep(step, ports);
  logStepResult(logger, 'sla step', result, keys);
  return result;
}

export const handler = stepsHandler(logger, metrics, runStep);
