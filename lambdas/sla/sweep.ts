import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics } from '@aws-lambda-powertools/metrics';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { ENV, SLA_CHECK_SHARDS } from '../../config/resources';
import { dynamoDbClient } from '../adapters/aws-clients';
import { requiredEnv } from '../adapters/env';
import { escalationPorts } from '../adapters/escalation-ports';
import { METRICS_NAMESPACE, publishMetrics } from '../adapters/metrics';
import { caseRetentionDaysFromEnv, caseSettingsFromEnv } from '../adapters/settings';
import { SlaChecksTable } from '../adapters/sla-checks-table';
import { SlaTable } from '../adapters/sla-table';
import { parseStep } from '../adapters/step-handler';
import { traceHandler } from '../adapters/tracing';
import { ScheduledEventSchema } from '../../schemas/scheduled-event';
import { StepFailed } from '../domain/errors';
import { type SweepPorts, sweepClocks } from '../domain/sla/sweep';

/**
 * The SLA sweep (lambdas/domain/sla/sweep.ts), run every minute by a schedule: every first-response check whose time
 * has come, from the `slaChecks` index. It takes checks for SWEEP_BUDGET_MS at most, whatever the function's timeout,
 * so one sweep ends before the next begins; what it could not take waits a minute, in order.
 *
 * A check that failed is left for the next sweep; the invocation then fails too (its Errors alarm), naming how many
 * and which stages, never a case's content. The schedule does not retry it: the next sweep is the retry.
 */

export const logger = new Logger({ serviceName: 'sla' });
export const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: 'sla' });

/** How long one sweep takes checks, out of its minute. */
export const SWEEP_BUDGET_MS = 40_000;
/** Checks run side by side (each mostly waits for DynamoDB, SNS or SES). */
export const SWEEP_CONCURRENCY = 16;

const client = dynamoDbClient();
const tableName = requiredEnv(ENV.casesTable);
const table = new SlaTable(client, tableName, { retentionDays: caseRetentionDaysFromEnv(process.env) });
const ports: SweepPorts = {
  ...escalationPorts(process.env, metrics),
  sla: table,
  crisis: table,
  slaMinutes: caseSettingsFromEnv(process.env).slaMinutes,
  checks: new SlaChecksTable(client, tableName),
  shards: SLA_CHECK_SHARDS,
};

export async function sweep(context: Pick<Context, 'getRemainingTimeInMillis'>): Promise<{ checked: number; failed: number; unfinished: boolean }> {
  const budget = Math.min(SWEEP_BUDGET_MS, Math.max(1_000, context.getRemainingTimeInMillis() - 15_000));
  const outcome = await sweepClocks(ports, { deadlineMs: Date.now() + budget, concurrency: SWEEP_CONCURRENCY, pageSize: 100 });
  const summary = { checked: outcome.checked, failed: outcome.failed.length, unfinished: outcome.unfinished };
  if (outcome.checked > 0 || outcome.unfinished) logger.info('sla sweep', summary);
  if (outcome.unfinished) logger.warn('sla sweep ran out of time: the remaining checks wait for the next sweep', summary);
  if (outcome.failed.length > 0) {
    // Case ids and stages only: enough to find the case, nothing it says.
    logger.error('sla checks failed', { failures: outcome.failed.slice(0, 20) });
    const stages = [...new Set(outcome.failed.map((f) => f.stage))].join(', ');
    throw new StepFailed(`${outcome.failed.length} SLA check(s) failed (${stages}); each runs again at the next sweep`);
  }
  return summary;
}

export const handler = middy<unknown, unknown, Error, Context>()
  .use(traceHandler())
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(publishMetrics(metrics))
  .handler(async (event, context) => {
    // Only the schedule runs a sweep; anything else is refused (InvalidStepInput) before a table is read.
    parseStep(ScheduledEventSchema, event, 'a scheduled');
    return sweep(context);
  });
