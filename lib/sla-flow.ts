import type { Construct } from 'constructs';
import { ENV } from '../config/resources';
import { SLA_STATE_MACHINE, slaDefinition } from '../config/sla-flow';
import { StepWorkflow, type StepWorkflowProps } from './step-workflow';

export type SlaFlowProps = StepWorkflowProps;

/**
 * The SLA state machine and its steps function (FUNCTIONS.slaSteps): a StepWorkflow (lib/step-workflow.ts), like the
 * escalation flow. It runs crisis alerts — one execution per scope and window, started once by name; first-response
 * clocks are not workflows any more (lib/sla-sweep.ts). Standard, so an alert started twice by name is refused. Its
 * definition is exactly the JSON of config/sla-flow.ts, the one the local stack runs, with `${SlaStepsArn}` filled in
 * by `definitionSubstitutions`.
 *
 * The role may invoke the steps function only (its unqualified ARN). Every execution event goes to its own
 * /aws/vendedlogs/states/ log group without execution data, and X-Ray tracing is on. One alarm: executions that
 * failed (a crisis page may not have happened). Functions with `startsSlaWatch` get the ARN in ENV.slaStateMachineArn.
 */
export class SlaFlow extends StepWorkflow {
  constructor(scope: Construct, id: string, props: SlaFlowProps) {
    super(scope, id, props, {
      stepsFunction: 'slaSteps',
      definition: slaDefinition(),
      stepsArnPlaceholder: SLA_STATE_MACHINE.stepsArnPlaceholder,
      logName: 'sla',
      stateMachineArnEnv: ENV.slaStateMachineArn,
      stepsFunctionDescription: 'the SLA steps function',
      executionsFailedDescription:
        'A crisis alert execution failed: its page step kept failing after its retries, so tier 1 may not have been paged about a surge of negative posts. Look at the execution in the Step Functions console.',
    });
  }
}
