import { type Alarm, Metric } from 'aws-cdk-lib/aws-cloudwatch';
import type { Construct } from 'constructs';
import { ESCALATION_STATE_MACHINE, escalationDefinition } from '../config/escalation-flow';
import { ENV } from '../config/resources';
import { METRICS_NAMESPACE } from './app-function';
import { SERVICE_NAMES } from './function-factory';
import { StepWorkflow, type StepWorkflowProps, WORKFLOW_ALARM_PERIOD } from './step-workflow';

/** The metric the steps function emits when every tier has been paged and nobody acknowledged (Powertools Metrics). */
export const EXHAUSTED_METRIC_NAME = 'EscalationsExhausted';

export type EscalationFlowProps = StepWorkflowProps;

/**
 * The escalation state machine and its steps function (FUNCTIONS.escalationSteps): a StepWorkflow
 * (lib/step-workflow.ts). Escalations wait for minutes to hours, and Standard's exactly-once start by execution name
 * is what makes a redelivered classify message harmless. Its definition is exactly the JSON of
 * config/escalation-flow.ts, the same JSON the local stack runs, with `${EscalationStepsArn}` filled in by
 * `definitionSubstitutions`. Functions with `startsEscalation` get the ARN in ENV.escalationStateMachineArn.
 *
 * Two alarms, which lib/observability.ts routes to the alarm topic: executions that failed (a step kept failing
 * after its retries, so a page or an offer may not have gone out) and escalations that ran out of tiers
 * unacknowledged.
 */
export class EscalationFlow extends StepWorkflow {
  /** Any escalation was exhausted (every tier paged, no acknowledgement) in 5 minutes. */
  readonly exhaustedAlarm: Alarm;

  constructor(scope: Construct, id: string, props: EscalationFlowProps) {
    super(scope, id, props, {
      stepsFunction: 'escalationSteps',
      definition: escalationDefinition(),
      stepsArnPlaceholder: ESCALATION_STATE_MACHINE.stepsArnPlaceholder,
      logName: 'escalation',
      stateMachineArnEnv: ENV.escalationStateMachineArn,
      stepsFunctionDescription: 'the steps function',
      executionsFailedDescription:
        'An escalation execution failed: a step kept failing after its retries, so a page or an offer may not have gone out. Look at the execution in the Step Functions console and at the case timeline.',
    });

    this.exhaustedAlarm = this.alarmOnAny(
      'ExhaustedAlarm',
      'An escalation was exhausted: every on-call tier was paged and nobody acknowledged. The case still needs someone.',
      new Metric({
        namespace: METRICS_NAMESPACE,
        metricName: EXHAUSTED_METRIC_NAME,
        // Powertools Metrics adds the service name as the `service` dimension of every metric it emits.
        dimensionsMap: { service: SERVICE_NAMES.escalationSteps },
        statistic: 'Sum',
        period: WORKFLOW_ALARM_PERIOD,
      }),
    );
  }
}
