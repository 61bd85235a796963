import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { ENV } from '../../config/resources';
import type { Metrics as MetricsPort } from '../domain/escalation/ports';
import { CrisisMemory, type SlaWatchPorts } from '../domain/sla/watch';
import { dynamoDbClient, sfnClient } from './aws-clients';
import { requiredEnv } from './env';
import { sfnSlaStarter } from './escalation-starter';
import { crisisThresholdsFromEnv } from './settings';
import { CrisisCounterTable } from './sla-table';

/**
 * The classifier's SLA side, built once per container from the environment: the SLA state machine (a watch per case,
 * an alert per crisis window), the per-minute crisis counters in the cases table, the thresholds, and the
 * container's memory of finished minutes and started alerts.
 */
export function slaWatchPorts(env: NodeJS.ProcessEnv): SlaWatchPorts {
  return {
    starter: sfnSlaStarter(sfnClient(), requiredEnv(ENV.slaStateMachineArn, env)),
    crisis: {
      counter: new CrisisCounterTable(dynamoDbClient(), requiredEnv(ENV.casesTable, env)),
      thresholds: crisisThresholdsFromEnv(env),
      memory: new CrisisMemory(),
    },
  };
}

/**
 * The domain's metrics port over Powertools Metrics: a count or a duration, with optional dimensions (emitted as
 * its own EMF line, so a dimension does not spread to the invocation's other metrics).
 */
export function metricsPort(metrics: Metrics): MetricsPort {
  return {
    record(name, value, unit = 'Count', dimensions) {
      const u = unit === 'Milliseconds' ? MetricUnit.Milliseconds : MetricUnit.Count;
      if (!dimensions) {
        metrics.addMetric(name, u, value);
        return;
      }
      const single = metrics.singleMetric();
      for (const [k, v] of Object.entries(dimensions)) single.addDimension(k, v);
      single.addMetric(name, u, value);
    },
  };
}
