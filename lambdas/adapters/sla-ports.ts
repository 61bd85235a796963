import { ENV } from '../../config/resources';
import { CrisisMemory, type SlaWatchPorts } from '../domain/sla/watch';
import { dynamoDbClient, sfnClient } from './aws-clients';
import { requiredEnv } from './env';
import { sfnSlaStarter } from './escalation-starter';
import { crisisThresholdsFromEnv } from './settings';
import { CrisisCounterTable } from './sla-table';

/**
 * The classifier's crisis side, built once per container from the environment: the SLA state machine (an alert per
 * crisis window), the per-minute crisis counters in the cases table, the thresholds, and the
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
