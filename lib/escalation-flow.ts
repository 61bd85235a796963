import { type RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { DefinitionBody, LogLevel, StateMachine, StateMachineType } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { escalationDefinition } from '../config/escalation-flow';
import { ENV } from '../config/resources';
import type { AppFunction } from './app-function';

export interface EscalationFlowProps {
  /** Retention of the execution history log group. */
  readonly logRetention: RetentionDays;
  /** What stack deletion does to the execution log group (it has an explicit name, see below). */
  readonly logRemovalPolicy: RemovalPolicy;
}

/**
 * The escalation state machine: a Standard workflow (escalations wait for minutes to hours, and Standard's
 * exactly-once start by execution name is what makes a redelivered classify message harmless) whose definition is
 * exactly the JSON of config/escalation-flow.ts, the same JSON the local stack runs.
 *
 * Every execution event goes to CloudWatch Logs (level ALL, cdk-nag SF1) without execution data: states carry ids
 * and reasons only, but the history must stay free of customer data even when a later state carries some; the
 * console's execution view still shows inputs and outputs for 90 days. X-Ray tracing is on (SF2).
 *
 * The log group name starts with /aws/vendedlogs/states/: Step Functions delivers through CloudWatch vended logs,
 * which add each log group outside that prefix to the account's 5,120-character logs resource policy, and
 * deploys fail once that policy is full.
 */
export class EscalationFlow extends Construct {
  readonly stateMachine: StateMachine;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: EscalationFlowProps) {
    super(scope, id);
    this.logGroup = new LogGroup(this, 'Logs', {
      logGroupName: `/aws/vendedlogs/states/${Stack.of(this).stackName}-escalation`,
      retention: props.logRetention,
      removalPolicy: props.logRemovalPolicy,
    });
    this.stateMachine = new StateMachine(this, 'StateMachine', {
      stateMachineType: StateMachineType.STANDARD,
      definitionBody: DefinitionBody.fromString(JSON.stringify(escalationDefinition())),
      logs: { destination: this.logGroup, level: LogLevel.ALL, includeExecutionData: false },
      tracingEnabled: true,
    });
    const role = this.stateMachine.role;
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'The state machine role\'s Resource * statements are the ones CDK adds for logging and tracing: logs:CreateLogDelivery, GetLogDelivery, UpdateLogDelivery, DeleteLogDelivery, ListLogDeliveries, PutResourcePolicy, DescribeResourcePolicies and DescribeLogGroups (CloudWatch Logs vended delivery supports no resource-level permissions) and xray:PutTraceSegments, PutTelemetryRecords, GetSamplingRules, GetSamplingTargets (X-Ray has none either). Tests assert the role has no other statement.',
    });
  }

  /**
   * Lets `fn` start executions of this state machine and nothing else (states:StartExecution on its ARN; no
   * Describe, Stop or other state machines) and sets the ARN in ENV.escalationStateMachineArn.
   */
  grantStartExecution(fn: AppFunction): void {
    this.stateMachine.grantStartExecution(fn.role);
    fn.fn.addEnvironment(ENV.escalationStateMachineArn, this.stateMachine.stateMachineArn);
  }
}
