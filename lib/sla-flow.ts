import { Duration, type RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { DefinitionBody, LogLevel, StateMachine, StateMachineType } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { ENV } from '../config/resources';
import { SLA_STATE_MACHINE, slaDefinition } from '../config/sla-flow';
import type { AppFunction } from './app-function';
import { createAppFunction, type SharedDependencies } from './function-factory';

export interface SlaFlowProps extends SharedDependencies {
  /** What stack deletion does to the execution log group (it has an explicit name, see EscalationFlow). */
  readonly logRemovalPolicy: RemovalPolicy;
}

/**
 * The SLA watch state machine and its steps function (FUNCTIONS.slaSteps), built like the escalation flow
 * (lib/escalation-flow.ts): a Standard workflow (watches wait minutes to a long weekend, and the exactly-once start
 * by name makes one watch per case and one crisis alert per window) whose definition is exactly the JSON of
 * config/sla-flow.ts, the one the local stack runs, with `${SlaStepsArn}` filled in by `definitionSubstitutions`.
 *
 * The role may invoke the steps function only (its unqualified ARN). Every execution event goes to its own
 * /aws/vendedlogs/states/ log group without execution data, and X-Ray tracing is on. One alarm: executions that
 * failed (a warning, a breach record or a crisis page may not have happened).
 */
export class SlaFlow extends Construct {
  readonly stateMachine: StateMachine;
  readonly logGroup: LogGroup;
  /** The function every Task state invokes. */
  readonly stepsFunction: AppFunction;
  /** Any execution failed in 5 minutes. */
  readonly executionsFailedAlarm: Alarm;

  constructor(scope: Construct, id: string, props: SlaFlowProps) {
    super(scope, id);
    this.stepsFunction = createAppFunction(this, 'Steps', 'slaSteps', props);

    this.logGroup = new LogGroup(this, 'Logs', {
      logGroupName: `/aws/vendedlogs/states/${Stack.of(this).stackName}-sla`,
      retention: props.logRetention,
      removalPolicy: props.logRemovalPolicy,
    });
    this.stateMachine = new StateMachine(this, 'StateMachine', {
      stateMachineType: StateMachineType.STANDARD,
      definitionBody: DefinitionBody.fromString(JSON.stringify(slaDefinition())),
      definitionSubstitutions: { [SLA_STATE_MACHINE.stepsArnPlaceholder]: this.stepsFunction.fn.functionArn },
      logs: { destination: this.logGroup, level: LogLevel.ALL, includeExecutionData: false },
      tracingEnabled: true,
    });
    this.stateMachine.addToRolePolicy(
      new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [this.stepsFunction.fn.functionArn] }),
    );
    Validations.of(this.stateMachine.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'The state machine role\'s Resource * statements are the ones CDK adds for logging and tracing: logs:CreateLogDelivery, GetLogDelivery, UpdateLogDelivery, DeleteLogDelivery, ListLogDeliveries, PutResourcePolicy, DescribeResourcePolicies and DescribeLogGroups (CloudWatch Logs vended delivery supports no resource-level permissions) and xray:PutTraceSegments, PutTelemetryRecords, GetSamplingRules, GetSamplingTargets (X-Ray has none either). Its only other statement is lambda:InvokeFunction on the SLA steps function; tests assert the role has no other statement.',
    });

    this.executionsFailedAlarm = new Alarm(this, 'ExecutionsFailedAlarm', {
      alarmDescription:
        'An SLA watch or crisis alert execution failed: a step kept failing after its retries, so a pre-breach warning, a breach record or a crisis page may not have happened. Look at the execution in the Step Functions console.',
      metric: this.stateMachine.metricFailed({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
  }

  /**
   * Lets `fn` start executions of this state machine and nothing else (states:StartExecution on its ARN) and sets the
   * ARN in ENV.slaStateMachineArn.
   */
  grantStartExecution(fn: AppFunction): void {
    this.stateMachine.grantStartExecution(fn.role);
    fn.fn.addEnvironment(ENV.slaStateMachineArn, this.stateMachine.stateMachineArn);
  }
}
