/**
 * Stage selection from CDK context: cdk.json's stages parse, `-c stage=prod` reaches the resources, and bad
 * context fails synth with the key to fix.
 */
import cdkJson from '../../cdk.json';
import { DEFAULT_STAGE, parseStage } from '../../lib/stage-config';
import { synthStack } from './helpers';

const prod = synthStack({ stage: 'prod' });
const stages = cdkJson.context.stages;

test('every stage in cdk.json parses', () => {
  for (const name of Object.keys(stages)) expect(parseStage(name, stages).name).toBe(name);
  expect(Object.keys(stages)).toContain(DEFAULT_STAGE);
});

test('-c stage=prod names the stack after the stage and applies its settings', () => {
  expect(prod.stack.stackName).toBe('SocialCare-prod');
  expect(prod.stack.templateOptions.description).toContain('(prod)');
  prod.template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
    DefaultRouteSettings: {
      ThrottlingRateLimit: stages.prod.apiThrottle.rateLimit,
      ThrottlingBurstLimit: stages.prod.apiThrottle.burstLimit,
    },
  });
  const retentions = Object.values(prod.template.findResources('AWS::Logs::LogGroup')).map((g) => g.Properties.RetentionInDays);
  expect(new Set(retentions)).toEqual(new Set([stages.prod.logRetentionDays]));
});

test('fails when the stage is not defined, naming the defined ones', () => {
  expect(() => parseStage('qa', stages)).toThrow(/stage 'qa' is not defined in context 'stages' \(defined: dev, prod\)/);
});

test('fails when there is no stages context', () => {
  expect(() => parseStage('dev', undefined)).toThrow(/context key 'stages' is missing/);
});

test('fails when the stage name is not a slug', () => {
  expect(() => parseStage('Prod EU', stages)).toThrow(/stage name 'Prod EU' is invalid/);
});

test('fails when the log retention is not a CloudWatch Logs period, naming the key', () => {
  const bad = { dev: { ...stages.dev, logRetentionDays: 10 } };
  expect(() => parseStage('dev', bad)).toThrow(/stages\.dev\.logRetentionDays: must be a CloudWatch Logs retention period/);
});

test('fails on a misspelt key instead of ignoring it', () => {
  const bad = { dev: { ...stages.dev, logRetentionDay: 14 } };
  expect(() => parseStage('dev', bad)).toThrow(/stage 'dev' settings are invalid: .*logRetentionDay/);
});

test('prod keeps its data: retained on stack deletion, with deletion protection and staff threat protection', () => {
  expect(parseStage('prod', stages).settings).toMatchObject({
    dataRemovalPolicy: 'retain',
    deletionProtection: true,
    staffThreatProtection: true,
  });
});

test('rawTextRetentionDays defaults to 0 and highReachFollowers to 10000', () => {
  const { rawTextRetentionDays: _r, highReachFollowers: _h, ...rest } = stages.dev;
  const settings = parseStage('dev', { dev: rest }).settings;
  expect(settings.rawTextRetentionDays).toBe(0);
  expect(settings.highReachFollowers).toBe(10_000);
});

test('fails on an unknown urgency in slaMinutes, naming the key', () => {
  const bad = { dev: { ...stages.dev, slaMinutes: { ...stages.dev.slaMinutes, urgent: 5 } } };
  expect(() => parseStage('dev', bad)).toThrow(/stages\.dev\.slaMinutes/);
});

test('fails on a non-positive SLA', () => {
  const bad = { dev: { ...stages.dev, slaMinutes: { critical: 0 } } };
  expect(() => parseStage('dev', bad)).toThrow(/stages\.dev\.slaMinutes\.critical/);
});

test('fails on a negative raw text retention', () => {
  const bad = { dev: { ...stages.dev, rawTextRetentionDays: -1 } };
  expect(() => parseStage('dev', bad)).toThrow(/stages\.dev\.rawTextRetentionDays/);
});

test('fails when deletion protection is on but stack deletion should destroy the data', () => {
  const bad = { dev: { ...stages.dev, deletionProtection: true, dataRemovalPolicy: 'destroy' } };
  expect(() => parseStage('dev', bad)).toThrow(/stages\.dev\.deletionProtection: deletionProtection true contradicts dataRemovalPolicy 'destroy'/);
});
