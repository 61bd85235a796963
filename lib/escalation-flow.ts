import { Duration, type RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { DefinitionBody, LogLevel, StateMachine, StateMachineType } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { ESCALATION_STATE_MACHINE, escalationDefinition } from '../config/escalation-flow';
import { ENV } from '../config/resources';
import { type AppFunction, METRICS_NAMESPACE } from './app-function';
import { createAppFunction, SERVICE_NAMES, type SharedDependencies } from './function-factory';

/** The metric the steps function emits when every tier has been paged and nobody acknowledged (Powertools Metrics). */
export const EXHAUSTED_METRIC_NAME = 'EscalationsExhausted';
/** Period of both alarms: a failed or exhausted escalation should reach someone within minutes. */
const ALARM_PERIOD = Duration.minutes(5);

export interface EscalationFlowProps extends SharedDependencies {
  /** What stack deletion does to the execution log group (it has an explicit name, see below). */
  readonly logRemovalPolicy: RemovalPolicy;
}

/**
 * The escalation state machine and its steps function (FUNCTIONS.escalationSteps). A Standard workflow (escalations
 * wait for minutes to hours, and Standard's exactly-once start by execution name is what makes a redelivered
 * classify message harmless) whose definition is exactly the JSON of config/escalation-flow.ts, the same JSON the
 * local stack runs: its Task states name the placeholder `${EscalationStepsArn}`, which `definitionSubstitutions`
 * fills with the steps function's ARN at deploy time.
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
 * Two alarms, which lib/observability.ts routes to the alarm topic: executions that failed (a step kept failing
 * after its retries, so a page or an offer may not have gone out) and escalations that ran out of tiers
 * unacknowledged.
 */
export class EscalationFlow extends Construct {
  readonly stateMachine: StateMachine;
  readonly logGroup: LogGroup;
  /** The function every Task state invokes. */
  readonly stepsFunction: AppFunction;
  /** Any execution failed in 5 minutes. */
  readonly executionsFailedAlarm: Alarm;
  /** Any escalation was exhausted (every tier paged, no acknowledgement) in 5 minutes. */
  readonly exhaustedAlarm: Alarm;

  constructor(scope: Construct, id: string, props: EscalationFlowProps) {
    super(scope, id);
    this.stepsFunction = createAppFunction(this, 'Steps', 'escalationSteps', props);

    this.logGroup = new LogGroup(this, 'Logs', {
      logGroupName: `/aws/vendedlogs/states/${Stack.of(this).stackName}-escalation`,
      retention: props.logRetention,
      removalPolicy: props.logRemovalPolicy,
    });
    this.stateMachine = new StateMachine(this, 'StateMachine', {
      stateMachineType: StateMachineType.STANDARD,
      definitionBody: DefinitionBody.fromString(JSON.stringify(escalationDefinition())),
      definitionSubstitutions: { [ESCALATION_STATE_MACHINE.stepsArnPlaceholder]: this.stepsFunction.fn.functionArn },
      logs: { destination: this.logGroup, level: LogLevel.ALL, includeExecutionData: false },
      tracingEnabled: true,
    });
    this.stateMachine.addToRolePolicy(
      new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [this.stepsFunction.fn.functionArn] }),
    );
    const role = this.stateMachine.role;
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'The state machine role\'s Resource * statements are the ones CDK adds for logging and tracing: logs:CreateLogDelivery, GetLogDelivery, UpdateLogDelivery, DeleteLogDelivery, ListLogDeliveries, PutResourcePolicy, DescribeResourcePolicies and DescribeLogGroups (CloudWatch Logs vended delivery supports no resource-level permissions) and xray:PutTraceSegments, PutTelemetryRecords, GetSamplingRules, GetSamplingTargets (X-Ray has none either). Its only other statement is lambda:InvokeFunction on the steps function; tests assert the role has no other statement.',
    });

    this.executionsFailedAlarm = new Alarm(this, 'ExecutionsFailedAlarm', {
      alarmDescription:
        'An escalation execution failed: a step kept failing after its retries, so a page or an offer may not have gone out. Look at the execution in the Step Functions console and at the case timeline.',
      metric: this.stateMachine.metricFailed({ period: ALARM_PERIOD, statistic: 'Sum' }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    this.exhaustedAlarm = new Alarm(this, 'ExhaustedAlarm', {
      alarmDescription:
        'An escalation was exhausted: every on-call tier was paged and nobody acknowledged. The case still needs someone.',
      metric: new Metric({
        namespace: METRICS_NAMESPACE,
        metricName: EXHAUSTED_METRIC_NAME,
        // Powertools Metrics adds the service name as the `service` dimension of every metric it emits.
        dimensionsMap: { service: SERVICE_NAMES.escalationSteps },
        statistic: 'Sum',
        period: ALARM_PERIOD,
      }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
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
