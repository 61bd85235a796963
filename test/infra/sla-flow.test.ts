/**
 * The SLA state machine (crisis alerts) as synthesized: it deploys exactly the JSON of config/sla-flow.ts (the one the
 * local stack runs) with the SLA steps function's ARN filled in by DefinitionSubstitutions, may invoke that function
 * only, logs every event to its own log group, traces with X-Ray, alarms on failed executions, and only functions
 * with `startsSlaWatch` may start it. No first-response clock runs in it (they are swept: sla-sweep.test.ts).
 */
import { StateMachine as LocalStateMachine } from 'aws-local-stepfunctions';
import { Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import { substituteDefinition } from '../../config/asl';
import { FUNCTIONS, type FunctionName, type FunctionSpec } from '../../config/resources';
import { SLA_STATE_MACHINE, slaDefinition } from '../../config/sla-flow';
import { SERVICE_NAMES } from '../../lib/function-factory';
import { taskStateNames } from '../../local/step-functions';
import {
  actionsOf,
  arnOf,
  expectedPermissions,
  expectTimeoutsAndRetries,
  logicalId,
  permissionsOf,
  ref,
  resourcesOf,
  rolesInvoking,
  STATE_MACHINE_LOG_AND_TRACE_ACTIONS,
  statementsOfRole,
  synthStack,
  taskResources,
  triggersOf,
} from './helpers';

const { stack, stage, template } = synthStack();
const prod = synthStack({ stage: 'prod' });
const flow = stack.sla;
const smId = logicalId(flow.stateMachine);
const props = () => template.findResources('AWS::StepFunctions::StateMachine')[smId].Properties;
const placeholder = SLA_STATE_MACHINE.stepsArnPlaceholder;

test('a Standard workflow deploying exactly slaDefinition(), placeholders intact, as a plain string', () => {
  expect(props().StateMachineType).toBe('STANDARD');
  expect(typeof props().DefinitionString).toBe('string');
  expect(JSON.parse(props().DefinitionString)).toEqual(slaDefinition());
  expect(new Set(taskResources(slaDefinition()))).toEqual(new Set([`\${${placeholder}}`]));
});

test('DefinitionSubstitutions fills the placeholder with the SLA steps function ARN, and nothing else', () => {
  expect(props().DefinitionSubstitutions).toEqual({ [placeholder]: arnOf(flow.stepsFunction.fn) });
  expect(stack.functionFor('slaSteps')).toBe(flow.stepsFunction);
  expect(SERVICE_NAMES.slaSteps).toBe('sla');
});

test('its first state routes on kind (crisis only: no workflow per case); its one Task writes no explicit ResultPath "$"', () => {
  const def = slaDefinition() as { StartAt: string; States: Record<string, Record<string, unknown>> };
  expect(def.States[def.StartAt]).toMatchObject({
    Type: 'Choice',
    Choices: [{ Variable: '$.kind', StringEquals: 'crisis', Next: 'CrisisPage' }],
    Default: 'UnknownKind',
  });
  expect(Object.values(def.States).filter((st) => st.Type === 'Wait')).toEqual([]);
  for (const state of Object.values(def.States)) expect(state.ResultPath).not.toBe('$');
  expect(taskStateNames(def)).toEqual(['CrisisPage']);
});

test('each Task outlives its steps function by a margin and retries a timeout and Lambda\'s own failures with backoff', () => {
  // Equal timeouts let Step Functions give up on (and retry) an invocation that is still running and still sending.
  const timeout = template.findResources('AWS::Lambda::Function')[logicalId(flow.stepsFunction.fn)].Properties.Timeout;
  expect(typeof timeout).toBe('number');
  expectTimeoutsAndRetries(JSON.parse(props().DefinitionString), timeout, 10);
});

test('once substituted, the deployed definition is valid ASL that the local interpreter accepts', () => {
  const fakeArn = 'arn:aws:lambda:us-east-1:123456789012:function:SocialCare-dev-SlaSteps';
  const deployed = substituteDefinition(JSON.parse(props().DefinitionString), { [placeholder]: fakeArn });
  expect(new Set(taskResources(deployed))).toEqual(new Set([fakeArn]));
  expect(() => new LocalStateMachine(deployed as never)).not.toThrow();
});

test('the local interpreter runs a crisis alert through CrisisPage, and refuses a first-response watch', async () => {
  const definition = substituteDefinition(slaDefinition(), { [placeholder]: SLA_STATE_MACHINE.localStepsArn });
  const machine = new LocalStateMachine(definition as never);
  const crisisCalls: unknown[] = [];
  const crisis = await machine.run({ kind: 'crisis', scope: 'p-x', windowStart: 100, windowMinutes: 10, count: 12, threshold: 10 } as never, {
    overrides: { taskResourceLocalHandlers: { CrisisPage: async (i: unknown) => (crisisCalls.push(i), {}) } as never },
  }).result;
  expect(crisisCalls).toEqual([{ action: 'crisis', scope: 'p-x', windowStart: 100, windowMinutes: 10, count: 12, threshold: 10 }]);
  // ResultPath null: the input goes on unchanged (no "$" key).
  expect(crisis).toEqual({ kind: 'crisis', scope: 'p-x', windowStart: 100, windowMinutes: 10, count: 12, threshold: 10 });
  // The input the per-case watch was started with fails at once: nothing waits in a workflow any more.
  const watch = machine.run({ kind: 'sla', caseId: 'c_check' } as never, { overrides: { taskResourceLocalHandlers: { CrisisPage: async () => ({}) } as never } });
  await expect(watch.result).rejects.toThrow(/UnknownKind|the input kind must be crisis/);
});

test('logs every execution event (level ALL, no execution data) to its own log group; tracing on', () => {
  expect(props().LoggingConfiguration).toEqual({
    Destinations: [{ CloudWatchLogsLogGroup: { LogGroupArn: arnOf(flow.logGroup) } }],
    IncludeExecutionData: false,
    Level: 'ALL',
  });
  expect(props().TracingConfiguration).toEqual({ Enabled: true });
  const logGroup = template.findResources('AWS::Logs::LogGroup')[logicalId(flow.logGroup)];
  expect(logGroup.Properties.RetentionInDays).toBe(stage.settings.logRetentionDays);
  expect(logGroup.Properties.LogGroupName).toBe(`/aws/vendedlogs/states/${stack.stackName}-sla`);
  expect(logGroup.DeletionPolicy).toBe('Delete');
  expect(prod.template.findResources('AWS::Logs::LogGroup')[logicalId(prod.stack.sla.logGroup)].DeletionPolicy).toBe('RetainExceptOnCreate');
});

test('its role may invoke exactly its steps function (no versions or aliases), deliver logs and send traces', () => {
  const statements = statementsOfRole(template, logicalId(flow.stateMachine.role));
  expect(permissionsOf(statements)).toEqual(
    expectedPermissions([
      [arnOf(flow.stepsFunction.fn), ['lambda:InvokeFunction']],
      ['*', STATE_MACHINE_LOG_AND_TRACE_ACTIONS],
    ]),
  );
  const lambda = statements.filter((s) => actionsOf(s).some((a) => a.startsWith('lambda:')));
  expect(lambda.flatMap(resourcesOf)).toEqual([arnOf(flow.stepsFunction.fn)]);
});

test('no other role may invoke the SLA steps function, and nothing else triggers it', () => {
  expect(rolesInvoking(template, flow.stepsFunction.fn)).toEqual([logicalId(flow.stateMachine.role)]);
  expect(triggersOf(template, flow.stepsFunction.fn)).toEqual([]);
});

test('only functions with startsSlaWatch (the classifier) may start it, with StartExecution only', () => {
  const machine = JSON.stringify(ref(flow.stateMachine));
  const starters = (Object.keys(FUNCTIONS) as FunctionName[]).filter((name) => {
    const statements = statementsOfRole(template, logicalId(stack.functionFor(name).role));
    const onIt = statements.filter((s) => resourcesOf(s).some((r) => JSON.stringify(r) === machine));
    if (onIt.length === 0) return false;
    expect(onIt.flatMap(actionsOf)).toEqual(['states:StartExecution']);
    return true;
  });
  expect(starters).toEqual((Object.keys(FUNCTIONS) as FunctionName[]).filter((n) => (FUNCTIONS[n] as FunctionSpec).startsSlaWatch === true));
  expect(starters).toEqual(['classify']);
});

test('alarms on any failed execution in 5 minutes', () => {
  const alarm = template.findResources('AWS::CloudWatch::Alarm')[logicalId(flow.executionsFailedAlarm)].Properties;
  expect(alarm).toMatchObject({
    Namespace: 'AWS/States',
    MetricName: 'ExecutionsFailed',
    Dimensions: [{ Name: 'StateMachineArn', Value: ref(flow.stateMachine) }],
    Statistic: 'Sum',
    Period: 300,
    EvaluationPeriods: 1,
    Threshold: 1,
    ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    TreatMissingData: 'notBreaching',
  });
  expect(flow.node.findAll().filter((c) => c instanceof Alarm)).toEqual([flow.executionsFailedAlarm]);
});

test('the classifier gets the crisis thresholds of the stage', () => {
  const env = template.findResources('AWS::Lambda::Function')[logicalId(stack.functionFor('classify').fn)].Properties.Environment.Variables;
  expect(JSON.parse(env.CRISIS_THRESHOLDS)).toEqual(stage.settings.crisis);
  expect(stage.settings.crisis).toEqual({ windowMinutes: 10, overall: 20, perPlatform: 10 });
});
