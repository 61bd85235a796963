/**
 * Stage selection from CDK context: cdk.json's stages parse, `-c stage=prod` reaches the resources, and bad
 * context fails synth with the key to fix.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import cdkJson from '../../cdk.json';
import { FUNCTIONS, type FunctionName, type FunctionSpec } from '../../config/resources';
import { SocialCareStack } from '../../lib/social-care-stack';
import { REPO_ROOT } from '../../lib/app-function';
import { assertNoPlaceholders, DEFAULT_STAGE, isProductionStage, parseStage, stageFromContext } from '../../lib/stage-config';
import { logicalId, synthStack } from './helpers';

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

test('classifierMaxConcurrency defaults to 20 and stays within what Lambda accepts (2 to 1000)', () => {
  expect(parseStage('dev', stages).settings.classifierMaxConcurrency).toBe(20);
  for (const bad of [1, 1001, 2.5]) {
    expect(() => parseStage('dev', { dev: { ...stages.dev, classifierMaxConcurrency: bad } })).toThrow(/stages\.dev\.classifierMaxConcurrency/);
  }
  expect(parseStage('dev', { dev: { ...stages.dev, classifierMaxConcurrency: 2 } }).settings.classifierMaxConcurrency).toBe(2);
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

describe('escalation settings', () => {
  const withEscalation = (escalation: Record<string, unknown>) => ({ dev: { ...stages.dev, escalation: { ...stages.dev.escalation, ...escalation } } });
  const parse = (escalation: Record<string, unknown>) => parseStage('dev', withEscalation(escalation)).settings.escalation;

  test('are required, naming the key', () => {
    const { escalation: _e, ...rest } = stages.dev;
    expect(() => parseStage('dev', { dev: rest })).toThrow(/stages\.dev\.escalation/);
  });

  test('offerQuietDays defaults to 7, offerDailyCap to 500; publicBaseUrl and smsSenderId to none', () => {
    const { offerQuietDays: _o, ...rest } = stages.dev.escalation;
    const settings = parseStage('dev', { dev: { ...stages.dev, escalation: rest } }).settings.escalation;
    expect(settings.offerQuietDays).toBe(7);
    expect(settings.offerDailyCap).toBe(500);
    expect(() => parseStage('dev', { dev: { ...stages.dev, escalation: { ...rest, offerDailyCap: 0 } } })).toThrow(/escalation\.offerDailyCap/);
    expect(settings.publicBaseUrl).toBeUndefined();
    expect(settings.smsSenderId).toBeUndefined();
  });

  test.each([
    ['care@example.com', 'example.com'],
    ['Example Care <care@example.com>', 'example.com'],
    ["O'Brien & Co Care <care@mail.example.com>", 'example.com'],
    ['=?UTF-8?B?Q2Fmw6k=?= <care@example.com>', 'example.com'],
    ['Care <care@example.com>', 'care@example.com'],
  ])('accepts emailFrom %s with sesIdentity %s', (emailFrom, sesIdentity) => {
    expect(parse({ emailFrom, sesIdentity })).toMatchObject({ emailFrom, sesIdentity });
  });

  test.each(['care', 'Example Care care@example.com', 'Example Care <care>', 'Care (dev) <care@example.com>', 'Care <care@example.com'])(
    'rejects emailFrom %s, naming the key',
    (emailFrom) => {
      expect(() => parse({ emailFrom })).toThrow(/stages\.dev\.escalation\.emailFrom: must be an email address or 'Name <address>'/);
    },
  );

  test.each([
    ['care@other.com', 'example.com'],
    ['care@notexample.com', 'example.com'],
    ['other@example.com', 'care@example.com'],
  ])('rejects emailFrom %s that sesIdentity %s does not cover', (emailFrom, sesIdentity) => {
    expect(() => parse({ emailFrom, sesIdentity })).toThrow(/stages\.dev\.escalation\.emailFrom: its address is not covered by sesIdentity/);
  });

  test.each(['example', 'https://example.com', 'example.com/', '*.example.com'])('rejects sesIdentity %s', (sesIdentity) => {
    expect(() => parse({ sesIdentity, emailFrom: 'care@example.com' })).toThrow(/stages\.dev\.escalation\.sesIdentity: must be a domain/);
  });

  test('publicBaseUrl must be https, and loses a trailing slash', () => {
    expect(parse({ publicBaseUrl: 'https://care.example.com/' }).publicBaseUrl).toBe('https://care.example.com');
    expect(parse({ publicBaseUrl: 'https://example.com/care' }).publicBaseUrl).toBe('https://example.com/care');
    expect(() => parse({ publicBaseUrl: 'http://care.example.com' })).toThrow(/stages\.dev\.escalation\.publicBaseUrl/);
    expect(() => parse({ publicBaseUrl: 'https://care.example.com/?x=1' })).toThrow(/stages\.dev\.escalation\.publicBaseUrl/);
    expect(() => parse({ publicBaseUrl: 'care.example.com' })).toThrow(/stages\.dev\.escalation\.publicBaseUrl/);
  });

  test('smsSenderId is 1 to 11 letters and digits with a letter', () => {
    expect(parse({ smsSenderId: 'ExampleCo' }).smsSenderId).toBe('ExampleCo');
    for (const bad of ['Example Co', '12345', 'ExampleCoCare', '']) {
      expect(() => parse({ smsSenderId: bad })).toThrow(/stages\.dev\.escalation\.smsSenderId/);
    }
  });

  test('businessName must not be blank; offerQuietDays must be a whole number of days', () => {
    expect(() => parse({ businessName: '  ' })).toThrow(/stages\.dev\.escalation\.businessName/);
    expect(() => parse({ offerQuietDays: 1.5 })).toThrow(/stages\.dev\.escalation\.offerQuietDays/);
  });

  test('a custom publicBaseUrl and smsSenderId reach the functions with escalationSettings', () => {
    // Arrange
    const stage = parseStage('dev', withEscalation({ publicBaseUrl: 'https://care.example.com/', smsSenderId: 'ExampleCo' }));
    const app = new App({ context: { ...cdkJson.context, 'aws:cdk:bundling-stacks': [] } });
    // Act
    const stack = new SocialCareStack(app, 'SocialCare-custom', { stage });
    const functions = Template.fromStack(stack).findResources('AWS::Lambda::Function');
    // Assert
    for (const name of Object.keys(FUNCTIONS) as FunctionName[]) {
      const env = functions[logicalId(stack.functionFor(name).fn)]?.Properties.Environment.Variables;
      if ((FUNCTIONS[name] as FunctionSpec).escalationSettings) {
        expect(env).toMatchObject({ PUBLIC_BASE_URL: 'https://care.example.com', SMS_SENDER_ID: 'ExampleCo' });
      } else {
        expect(env.PUBLIC_BASE_URL).toBeUndefined();
        expect(env.SMS_SENDER_ID).toBeUndefined();
      }
    }
    expect(stack.publicBaseUrl).toBe('https://care.example.com');
  });
});

describe('production stages refuse placeholder senders and links', () => {
  /** A prod stage as an organisation would fill it in. */
  const realEscalation = { emailFrom: 'Acme Care <care@acme-care.co.uk>', sesIdentity: 'acme-care.co.uk', publicBaseUrl: 'https://care.acme-care.co.uk' };
  const prodWith = (escalation: Record<string, unknown>, name = 'prod', extra: Record<string, unknown> = {}) =>
    parseStage(name, { [name]: { ...stages.prod, ...extra, escalation: { ...stages.prod.escalation, ...realEscalation, ...escalation } } });
  const appFor = (stage: string) => new App({ context: { ...cdkJson.context, stage } });

  test('the default stage is not production and synthesizes with cdk.json as shipped', () => {
    expect(DEFAULT_STAGE).toBe('dev');
    expect(isProductionStage(parseStage('dev', stages))).toBe(false);
    expect(stageFromContext(new App({ context: { ...cdkJson.context } })).name).toBe('dev');
  });

  test('prod as shipped (example.com) fails synth, naming each setting to change in cdk.json', () => {
    expect(isProductionStage(parseStage('prod', stages))).toBe(true);
    expect(() => stageFromContext(appFor('prod'))).toThrow(
      /stage 'prod' is a production stage, but stages\.prod\.escalation\.emailFrom \('Example Care <care@example\.com>'\), stages\.prod\.escalation\.sesIdentity \('example\.com'\) are placeholders.*cdk\.json/,
    );
  });

  test('a prod stage with the organisation\'s own sender and links passes', () => {
    expect(() => assertNoPlaceholders(prodWith({}))).not.toThrow();
  });

  test.each([
    [['emailFrom', 'sesIdentity'], { emailFrom: 'Care <care@example.org>', sesIdentity: 'example.org' }],
    [['emailFrom', 'sesIdentity'], { emailFrom: 'care@mail.example.net', sesIdentity: 'mail.example.net' }],
    [['emailFrom', 'sesIdentity'], { emailFrom: 'care@acme.test', sesIdentity: 'care@acme.test' }],
    [['emailFrom', 'sesIdentity'], { emailFrom: 'care@acme.invalid', sesIdentity: 'acme.invalid' }],
    [['publicBaseUrl'], { publicBaseUrl: 'https://care.example.com' }],
    [['publicBaseUrl'], { publicBaseUrl: 'https://care.localhost' }],
    [['publicBaseUrl'], { publicBaseUrl: 'https://acme.example/care' }],
  ])('names %j when they are placeholders (%j)', (settings, escalation) => {
    const attempt = () => assertNoPlaceholders(prodWith(escalation));
    for (const setting of settings) expect(attempt).toThrow(new RegExp(`stages\\.prod\\.escalation\\.${setting} `));
    for (const setting of ['emailFrom', 'sesIdentity', 'publicBaseUrl'].filter((x) => !settings.includes(x))) {
      expect(attempt).not.toThrow(new RegExp(`stages\\.prod\\.escalation\\.${setting} `));
    }
  });

  test('a stage named production, prod-*, or marked "production": true is production; others are not', () => {
    const example = { emailFrom: 'care@example.com', sesIdentity: 'example.com' };
    expect(() => assertNoPlaceholders(prodWith(example, 'production'))).toThrow(/stages\.production\.escalation\.emailFrom/);
    expect(() => assertNoPlaceholders(prodWith(example, 'prod-eu'))).toThrow(/stages\.prod-eu\.escalation\.emailFrom/);
    expect(() => assertNoPlaceholders(prodWith(example, 'live', { production: true }))).toThrow(/stages\.live\.escalation\.emailFrom/);
    expect(() => assertNoPlaceholders(prodWith(example, 'staging'))).not.toThrow();
    expect(() => assertNoPlaceholders(prodWith(example, 'producer'))).not.toThrow();
  });

  test('a stage named prod cannot opt out with "production": false', () => {
    expect(() => prodWith({}, 'prod', { production: false })).toThrow(/stages\.prod\.production/);
  });

  test('the CDK app (bin/app.ts) refuses -c stage=prod as shipped, and says what to change', () => {
    // Arrange: what `npx cdk synth -c stage=prod` hands the app (cdk.json's context plus the flag), no bundling.
    const outdir = mkdtempSync(join(tmpdir(), 'cdk-out-'));
    const context = { ...cdkJson.context, stage: 'prod', 'aws:cdk:bundling-stacks': [] };
    try {
      // Act
      const run = () =>
        execFileSync(process.execPath, [require.resolve('tsx/cli'), join(REPO_ROOT, 'bin/app.ts')], {
          cwd: REPO_ROOT,
          env: { ...process.env, CDK_CONTEXT_JSON: JSON.stringify(context), CDK_OUTDIR: outdir },
          stdio: 'pipe',
        });
      // Assert
      let stderr = '';
      try {
        run();
      } catch (err) {
        stderr = String((err as { stderr?: Buffer }).stderr);
      }
      expect(stderr).toMatch(/stage 'prod' is a production stage, but stages\.prod\.escalation\.emailFrom/);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });
});
