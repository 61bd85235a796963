import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, type IMetric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { DefinitionBody, LogLevel, StateMachine, StateMachineType } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { FunctionName } from '../config/resources';
import type { AppFunction } from './app-function';
import { createAppFunction, type SharedDependencies } from './function-factory';

/** Period of the failed-executions alarm: a failed step should reach someone within minutes. */
export const WORKFLOW_ALARM_PERIOD = Duration.minutes(5);

export interface StepWorkflowProps extends SharedDependencies {
  /** What stack deletion does to the execution log group (it has an explicit name, so Retain is applied as RETAIN_ON_UPDATE_OR_DELETE; see below). */
  readonly logRemovalPolicy: RemovalPolicy;
}

/** What makes one workflow differ from another: its definition, its steps function and how it is named and explained. */
export interface StepWorkflowSpec {
  /** The steps function (a FUNCTIONS entry) that every Task state invokes. */
  readonly stepsFunction: FunctionName;
  /** The ASL (from config/), whose Task states name `${<stepsArnPlaceholder>}` as their Resource. */
  readonly definition: Record<string, unknown>;
  /** The definition's placeholder for the steps function's ARN: its `definitionSubstitutions` key. */
  readonly stepsArnPlaceholder: string;
  /** The log group is /aws/vendedlogs/states/<stack name>-<logName>. */
  readonly logName: string;
  /** The env var that carries the state machine's ARN to the functions allowed to start it (grantStartExecution). */
  readonly stateMachineArnEnv: string;
  /** How the cdk-nag acknowledgement of the role's Resource * statements names the steps function. */
  readonly stepsFunctionDescription: string;
  /** What a failed execution means for the people relying on it, and where to look. */
  readonly executionsFailedDescription: string;
}

/**
 * A Standard workflow whose Task states call one steps function, the shape both state machines share
 * (lib/escalation-flow.ts, lib/sla-flow.ts). Standard, because these flows wait minutes to days and because
 * Standard's exactly-once start by execution name is what makes a redelivered start harmless. The definition is
 * exactly the JSON from config/ (the same JSON the local stack runs): its Task states name a placeholder, which
 * `definitionSubstitutions` fills with the steps function's ARN at deploy time.
 *
 * The steps function is created here with createAppFunction, so its access comes from its spec like every other
 * function's; the state machine's role may invoke that function only (lambda:InvokeFunction on its unqualified ARN,
 * not grantInvoke's extra `:*` for every version and alias).
 *
 * Every execution event goes to CloudWatch Logs (level ALL, cdk-nag SF1) without execution data: states carry ids,
 * flags and counters only, but the history must stay free of customer data even when a later state carries some;
 * the console's execution view still shows inputs and outputs for 90 days. X-Ray tracing is on (SF2).
 *
 * The log group name starts with /aws/vendedlogs/states/: Step Functions delivers through CloudWatch vended logs,
 * which add each log group outside that prefix to the account's 5,120-character logs resource policy, and
 * deploys fail once that policy is full.
 *
 * The name is fixed, so a plain Retain would outlive the rollback of a failed first deploy and make the next deploy
 * fail with "already exists": a retain stage gets RETAIN_ON_UPDATE_OR_DELETE instead (CloudFormation's
 * RetainExceptOnCreate: deleted only when the operation that created it rolls back; kept on updates, replacements
 * and stack deletion). The fixed name stays because the prefix is what matters; a generated name cannot carry it.
 * After deleting a retain stage's stack, delete or keep-and-rename these groups before creating the stack again.
 *
 * One alarm, which lib/observability.ts may route to the alarm topic: executions that failed (a step kept failing
 * after its retries). A workflow adds its own alarms beside it.
 *
 * The children's construct ids (Steps, Logs, StateMachine, ExecutionsFailedAlarm) are the logical ids of deployed
 * resources: renaming one replaces the resource.
 */
export class StepWorkflow extends Construct {
  readonly stateMachine: StateMachine;
  readonly logGroup: LogGroup;
  /** The function every Task state invokes. */
  readonly stepsFunction: AppFunction;
  /** Any execution failed in 5 minutes. */
  readonly executionsFailedAlarm: Alarm;
  private readonly stateMachineArnEnv: string;

  constructor(scope: Construct, id: string, props: StepWorkflowProps, spec: StepWorkflowSpec) {
    super(scope, id);
    this.stateMachineArnEnv = spec.stateMachineArnEnv;
    this.stepsFunction = createAppFunction(this, 'Steps', spec.stepsFunction, props);

    this.logGroup = new LogGroup(this, 'Logs', {
      logGroupName: `/aws/vendedlogs/states/${Stack.of(this).stackName}-${spec.logName}`,
      retention: props.logRetention,
      removalPolicy: namedGroupRemovalPolicy(props.logRemovalPolicy),
    });
    this.stateMachine = new StateMachine(this, 'StateMachine', {
      stateMachineType: StateMachineType.STANDARD,
      definitionBody: DefinitionBody.fromString(JSON.stringify(spec.definition)),
      definitionSubstitutions: { [spec.stepsArnPlaceholder]: this.stepsFunction.fn.functionArn },
      logs: { destination: this.logGroup, level: LogLevel.ALL, includeExecutionData: false },
      tracingEnabled: true,
    });
    this.stateMachine.addToRolePolicy(
      new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [this.stepsFunction.fn.functionArn] }),
    );
    Validations.of(this.stateMachine.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: `The state machine role's Resource * statements are the ones CDK adds for logging and tracing: logs:CreateLogDelivery, GetLogDelivery, UpdateLogDelivery, DeleteLogDelivery, ListLogDeliveries, PutResourcePolicy, DescribeResourcePolicies and DescribeLogGroups (CloudWatch Logs vended delivery supports no resource-level permissions) and xray:PutTraceSegments, PutTelemetryRecords, GetSamplingRules, GetSamplingTargets (X-Ray has none either). Its only other statement is lambda:InvokeFunction on ${spec.stepsFunctionDescription}; tests assert the role has no other statement.`,
    });

    this.executionsFailedAlarm = this.alarmOnAny(
      'ExecutionsFailedAlarm',
      spec.executionsFailedDescription,
      this.stateMachine.metricFailed({ period: WORKFLOW_ALARM_PERIOD, statistic: 'Sum' }),
    );
  }

  /** An alarm as soon as `metric` (a Sum over WORKFLOW_ALARM_PERIOD) counts one; no data is not a breach. */
  protected alarmOnAny(id: string, alarmDescription: string, metric: IMetric): Alarm {
    return new Alarm(this, id, {
      alarmDescription,
      metric,
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
  }

  /**
   * Lets `fn` start executions of this state machine and nothing else (states:StartExecution on its ARN; no
   * Describe, Stop or other state machines) and sets the ARN in the workflow's env var.
   */
  grantStartExecution(fn: AppFunction): void {
    this.stateMachine.grantStartExecution(fn.role);
    fn.fn.addEnvironment(this.stateMachineArnEnv, this.stateMachine.stateMachineArn);
  }
}

/**
 * The removal policy of a log group with a fixed name: the stage's, except that Retain becomes
 * RETAIN_ON_UPDATE_OR_DELETE, so a failed create cleans up after itself and the retry can use the name again.
 */
export function namedGroupRemovalPolicy(stagePolicy: RemovalPolicy): RemovalPolicy {
  return stagePolicy === RemovalPolicy.RETAIN ? RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE : stagePolicy;
}
