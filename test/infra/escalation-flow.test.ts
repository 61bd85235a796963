/**
 * The escalation state machine as synthesized: it deploys exactly the JSON of config/escalation-flow.ts (the one
 * the local stack runs), logs every event to its own log group, traces with X-Ray, and only functions with
 * `startsEscalation` may start it.
 */
import { StateMachine as LocalStateMachine } from 'aws-local-stepfunctions';
import { ESCALATION_STATE_MACHINE, escalationDefinition } from '../../config/escalation-flow';
import { FUNCTIONS, type FunctionName, type FunctionSpec } from '../../config/resources';
import { deployedDefinition, resolveIntrinsics } from './asl';
import {
  actionsOf,
  arnOf,
  expectedPermissions,
  logicalId,
  permissionsOf,
  ref,
  resourcesOf,
  statementsOfRole,
  synthStack,
} from './helpers';

const { stack, stage, template } = synthStack();
const prod = synthStack({ stage: 'prod' });
const flow = stack.escalation;
const smId = logicalId(flow.stateMachine);
const props = () => template.findResources('AWS::StepFunctions::StateMachine')[smId].Properties;

test('the stack has one state machine, a Standard workflow', () => {
  template.resourceCountIs('AWS::StepFunctions::StateMachine', 1);
  expect(props().StateMachineType).toBe('STANDARD');
});

test('it deploys exactly escalationDefinition(), byte for byte once intrinsics are resolved', () => {
  const tpl = template.toJSON() as Parameters<typeof resolveIntrinsics>[0];
  expect(resolveIntrinsics(tpl, props().DefinitionString)).toBe(JSON.stringify(escalationDefinition()));
  expect(deployedDefinition(tpl, smId)).toEqual(escalationDefinition());
});

test('the deployed definition is valid ASL that the local interpreter accepts', () => {
  const asl = deployedDefinition(template.toJSON() as Parameters<typeof resolveIntrinsics>[0], smId);
  // The constructor runs asl-validator and throws on an invalid definition.
  expect(() => new LocalStateMachine(asl as never)).not.toThrow();
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

test('the log group follows the stage data removal policy: deleted in dev, retained in prod', () => {
  expect(template.findResources('AWS::Logs::LogGroup')[logicalId(flow.logGroup)].DeletionPolicy).toBe('Delete');
  const prodGroup = prod.template.findResources('AWS::Logs::LogGroup')[logicalId(prod.stack.escalation.logGroup)];
  expect(prodGroup.DeletionPolicy).toBe('Retain');
});

test('traces with X-Ray', () => {
  expect(props().TracingConfiguration).toEqual({ Enabled: true });
});

test('its role may only deliver logs and send traces (no resource-level permissions exist for either)', () => {
  const statements = statementsOfRole(template, logicalId(flow.stateMachine.role));
  expect(permissionsOf(statements)).toEqual(
    expectedPermissions([
      [
        '*',
        [
          'logs:CreateLogDelivery',
          'logs:DeleteLogDelivery',
          'logs:DescribeLogGroups',
          'logs:DescribeResourcePolicies',
          'logs:GetLogDelivery',
          'logs:ListLogDeliveries',
          'logs:PutResourcePolicy',
          'logs:UpdateLogDelivery',
          'xray:GetSamplingRules',
          'xray:GetSamplingTargets',
          'xray:PutTelemetryRecords',
          'xray:PutTraceSegments',
        ],
      ],
    ]),
  );
});

test('only functions with startsEscalation may start it, with StartExecution on this state machine only', () => {
  const starters = (Object.keys(FUNCTIONS) as FunctionName[]).filter((name) => {
    const statements = statementsOfRole(template, logicalId(stack.functionFor(name).role));
    const states = statements.filter((s) => actionsOf(s).some((a) => a.startsWith('states:')));
    if (states.length === 0) return false;
    expect(states.flatMap(actionsOf)).toEqual(['states:StartExecution']);
    expect(states.flatMap(resourcesOf)).toEqual([ref(flow.stateMachine)]);
    return true;
  });
  expect(starters).toEqual((Object.keys(FUNCTIONS) as FunctionName[]).filter((n) => (FUNCTIONS[n] as FunctionSpec).startsEscalation === true));
});
