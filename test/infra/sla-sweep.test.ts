/**
 * The SLA sweep as synthesized (lib/sla-sweep.ts): an EventBridge rule runs FUNCTIONS.slaSweep every minute and
 * nothing else may invoke it; neither EventBridge nor Lambda retries a failed run (the next minute's run is the
 * retry); the function gets the stage's SLA minutes and may query the slaChecks index. No state machine is started
 * per case: the classifier may start the SLA machine (crisis alerts) only, and its definition has no Wait state.
 */
import { FUNCTIONS } from '../../config/resources';
import { SERVICE_NAMES } from '../../lib/function-factory';
import { arnOf, logicalId, ref, synthStack, triggersOf } from './helpers';

const { stack, stage, template } = synthStack();
const sweep = stack.slaSweep;
const fnId = logicalId(sweep.function.fn);

test('an EventBridge rule runs the sweep every minute, with no retries and no event older than two minutes', () => {
  const rule = template.findResources('AWS::Events::Rule')[logicalId(sweep.rule)].Properties;
  expect(rule.ScheduleExpression).toBe(`rate(${FUNCTIONS.slaSweep.schedule.everyMinutes} minute)`);
  expect(rule.State).toBe('ENABLED');
  expect(rule.Targets).toEqual([
    expect.objectContaining({ Arn: arnOf(sweep.function.fn), RetryPolicy: { MaximumRetryAttempts: 0, MaximumEventAgeInSeconds: 120 } }),
  ]);
  expect(Object.keys(template.findResources('AWS::Events::Rule'))).toEqual([logicalId(sweep.rule)]);
});

test('only that rule may invoke it, and Lambda does not retry a failed run', () => {
  const triggers = triggersOf(template, sweep.function.fn);
  expect(triggers).toHaveLength(1);
  const permission = template.findResources('AWS::Lambda::Permission')[triggers[0]!].Properties;
  expect(permission).toMatchObject({ Action: 'lambda:InvokeFunction', Principal: 'events.amazonaws.com', SourceArn: arnOf(sweep.rule) });
  const invokeConfigs = Object.values(template.findResources('AWS::Lambda::EventInvokeConfig')).filter((r) => JSON.stringify(r.Properties.FunctionName) === JSON.stringify(ref(sweep.function.fn)));
  expect(invokeConfigs.map((r) => r.Properties)).toEqual([expect.objectContaining({ MaximumRetryAttempts: 0, MaximumEventAgeInSeconds: 120, Qualifier: '$LATEST' })]);
});

test('the sweep is the slaSweep function of FUNCTIONS, with the stage SLA minutes and a minute to run', () => {
  expect(stack.functionFor('slaSweep')).toBe(sweep.function);
  expect(SERVICE_NAMES.slaSweep).toBe('sla');
  const props = template.findResources('AWS::Lambda::Function')[fnId].Properties;
  expect(props.Timeout).toBe(FUNCTIONS.slaSweep.timeoutSeconds);
  expect(FUNCTIONS.slaSweep.timeoutSeconds).toBeLessThanOrEqual(60);
  expect(JSON.parse(props.Environment.Variables.SLA_MINUTES)).toEqual(stage.settings.slaMinutes);
  expect(props.Environment.Variables.SLA_STATE_MACHINE_ARN).toBeUndefined();
});
