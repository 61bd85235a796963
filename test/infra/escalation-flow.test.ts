/**
 * The escalation state machine as synthesized: it deploys exactly the JSON of config/escalation-flow.ts (the one
 * the local stack runs) with the steps function's ARN filled in by DefinitionSubstitutions, may invoke that function
 * only, logs every event to its own log group, traces with X-Ray, alarms on failed and exhausted escalations, and
 * only functions with `startsEscalation` may start it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import { StateMachine as LocalStateMachine } from 'aws-local-stepfunctions';
import { substituteDefinition } from '../../config/asl';
import { ESCALATION_STATE_MACHINE, escalationDefinition } from '../../config/escalation-flow';
import { FUNCTIONS, type FunctionName, type FunctionSpec } from '../../config/resources';
import { METRICS_NAMESPACE, REPO_ROOT } from '../../lib/app-function';
import { EXHAUSTED_METRIC_NAME } from '../../lib/escalation-flow';
import { SERVICE_NAMES } from '../../lib/function-factory';
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
const flow = stack.escalation;
const smId = logicalId(flow.stateMachine);
const props = () => template.findResources('AWS::StepFunctions::StateMachine')[smId].Properties;
const placeholder = ESCALATION_STATE_MACHINE.stepsArnPlaceholder;

test('it is a Standard workflow, one of the stack\'s two state machines (escalation; crisis alerts: test/infra/sla-flow.test.ts)', () => {
  template.resourceCountIs('AWS::StepFunctions::StateMachine', 2);
  expect(props().StateMachineType).toBe('STANDARD');
});

test('it deploys exactly escalationDefinition(), placeholders intact, as a plain string', () => {
  expect(typeof props().DefinitionString).toBe('string');
  expect(JSON.parse(props().DefinitionString)).toEqual(escalationDefinition());
  const resources = taskResources(escalationDefinition());
  expect(resources.length).toBeGreaterThan(0);
  expect(new Set(resources)).toEqual(new Set([`\${${placeholder}}`]));
});

test('DefinitionSubstitutions fills the placeholder with the steps function ARN, and nothing else', () => {
  expect(props().DefinitionSubstitutions).toEqual({ [placeholder]: arnOf(flow.stepsFunction.fn) });
  expect(stack.functionFor('escalationSteps')).toBe(flow.stepsFunction);
});

test('each Task outlives its steps function by a margin and retries a timeout and Lambda\'s own failures with backoff', () => {
  // Equal timeouts let Step Functions give up on (and retry) an invocation that is still running and still sending.
  const timeout = template.findResources('AWS::Lambda::Function')[logicalId(flow.stepsFunction.fn)].Properties.Timeout;
  expect(typeof timeout).toBe('number');
  expectTimeoutsAndRetries(JSON.parse(props().DefinitionString), timeout, 10);
});

test('nothing in the offer branch can fail the Parallel state that runs the pages: each of its Tasks catches every error', () => {
  const parallel = (escalationDefinition() as { States: Record<string, { Branches?: { StartAt: string; States: Record<string, Record<string, unknown>> }[] }> }).States.OfferAndPage!;
  const offerBranch = parallel.Branches!.find((b) => b.StartAt === 'OfferNeeded')!;
  const tasks = Object.entries(offerBranch.States).filter(([, s]) => s.Type === 'Task');
  expect(tasks.map(([name]) => name).sort()).toEqual(['OfferFailed', 'SendOffer']);
  for (const [, task] of tasks) expect(task.Catch).toEqual([expect.objectContaining({ ErrorEquals: ['States.ALL'] })]);
  expect(offerBranch.States.SendOffer!.Catch).toEqual([{ ErrorEquals: ['States.ALL'], ResultPath: '$.offerError', Next: 'OfferFailed' }]);
  expect(offerBranch.States.OfferFailed!.Parameters).toMatchObject({ action: 'offer-failed', 'error.$': '$.offerError.Error' });
  for (const state of Object.values(offerBranch.States)) expect(state.Type).not.toBe('Fail');
});

test('once substituted, the deployed definition is valid ASL that the local interpreter accepts', () => {
  const fakeArn = 'arn:aws:lambda:us-east-1:123456789012:function:SocialCare-dev-EscalationSteps';
  const deployed = substituteDefinition(JSON.parse(props().DefinitionString), { [placeholder]: fakeArn });
  expect(new Set(taskResources(deployed))).toEqual(new Set([fakeArn]));
  // The constructor runs asl-validator and throws on an invalid definition.
  expect(() => new LocalStateMachine(deployed as never)).not.toThrow();
  expect(ESCALATION_STATE_MACHINE.localName).toMatch(/^[A-Za-z0-9_-]+$/);
});

test('logs every execution event (level ALL, no execution data) to its own log group with the stage retention', () => {
  expect(props().LoggingConfiguration).toEqual({
    Destinations: [{ CloudWatchLogsLogGroup: { LogGroupArn: arnOf(flow.logGroup) } }],
    IncludeExecutionData: false,
    Level: 'ALL',
  });
  const logGroup = template.findResources('AWS::Logs::LogGroup')[logicalId(flow.logGroup)];
  expect(logGroup.Properties.RetentionInDays).toBe(stage.settings.logRetentionDays);
  expect(logGroup.Properties.LogGroupName).toBe(`/aws/vendedlogs/states/${stack.stackName}-escalation`);
});

test('the log group follows the stage data removal policy: deleted in dev, retained in prod except when its create rolls back', () => {
  expect(template.findResources('AWS::Logs::LogGroup')[logicalId(flow.logGroup)].DeletionPolicy).toBe('Delete');
  const prodGroup = prod.template.findResources('AWS::Logs::LogGroup')[logicalId(prod.stack.escalation.logGroup)];
  expect(prodGroup.DeletionPolicy).toBe('RetainExceptOnCreate');
});

test('traces with X-Ray', () => {
  expect(props().TracingConfiguration).toEqual({ Enabled: true });
});

test('its role may invoke the steps function (exact ARN, no versions or aliases), deliver logs and send traces', () => {
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

test('no other role may invoke the steps function, and nothing else triggers it', () => {
  expect(rolesInvoking(template, flow.stepsFunction.fn)).toEqual([logicalId(flow.stateMachine.role)]);
  expect(triggersOf(template, flow.stepsFunction.fn)).toEqual([]);
});

test('alarms on any failed execution in 5 minutes, notifying the alarm topic (lib/observability.ts)', () => {
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
  expect(alarm.AlarmActions).toEqual([ref(stack.observability.topic)]);
});

test('alarms on any exhausted escalation in 5 minutes, on the metric the steps function emits, notifying the alarm topic', () => {
  const alarm = template.findResources('AWS::CloudWatch::Alarm')[logicalId(flow.exhaustedAlarm)].Properties;
  expect(alarm).toMatchObject({
    Namespace: 'SocialCare',
    MetricName: 'EscalationsExhausted',
    Dimensions: [{ Name: 'service', Value: 'escalation' }],
    Statistic: 'Sum',
    Period: 300,
    EvaluationPeriods: 1,
    Threshold: 1,
    ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    TreatMissingData: 'notBreaching',
  });
  expect(alarm.AlarmActions).toEqual([ref(stack.observability.topic)]);
  // The steps function's Powertools settings are what produce that namespace and `service` dimension.
  const env = template.findResources('AWS::Lambda::Function')[logicalId(flow.stepsFunction.fn)].Properties.Environment.Variables;
  expect(env).toMatchObject({ POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE, POWERTOOLS_SERVICE_NAME: SERVICE_NAMES.escalationSteps });
  // The handler names its service and the flow its metric in code; the alarm watches nothing if either drifts.
  const source = (file: string) => readFileSync(join(REPO_ROOT, file), 'utf8');
  expect(source(FUNCTIONS.escalationSteps.entry)).toContain(`serviceName: '${SERVICE_NAMES.escalationSteps}'`);
  expect(source('lambdas/domain/escalation/flow.ts')).toContain(`metrics.record('${EXHAUSTED_METRIC_NAME}', 1)`);
  // The flow owns these two; lib/observability.ts routes them to the topic rather than duplicating them.
  expect(flow.node.findAll().filter((c) => c instanceof Alarm)).toEqual([flow.executionsFailedAlarm, flow.exhaustedAlarm]);
});

test('only functions with startsEscalation may start it, with StartExecution on this state machine only', () => {
  const starters = (Object.keys(FUNCTIONS) as FunctionName[]).filter((name) => {
    const statements = statementsOfRole(template, logicalId(stack.functionFor(name).role));
    // (The classifier also starts crisis alerts: test/infra/sla-flow.test.ts.)
    const machine = JSON.stringify(ref(flow.stateMachine));
    const states = statements.filter((s) => actionsOf(s).some((a) => a.startsWith('states:')) && resourcesOf(s).some((r) => JSON.stringify(r) === machine));
    if (states.length === 0) return false;
    expect(states.flatMap(actionsOf)).toEqual(['states:StartExecution']);
    return true;
  });
  expect(starters).toEqual((Object.keys(FUNCTIONS) as FunctionName[]).filter((n) => (FUNCTIONS[n] as FunctionSpec).startsEscalation === true));
});
