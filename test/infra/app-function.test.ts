/**
 * Every function in FUNCTIONS as synthesized: runtime settings pinned by AppFunction, its log group, its
 * environment, and an execution role whose permissions are exactly the ones listed here per function and resource
 * (least privilege: no DynamoDB Scan or DeleteItem, no `index/*`, no other state machine, SMS but no SNS topic,
 * email from the stage's SES identity only).
 */
import { Tracing } from 'aws-cdk-lib/aws-lambda';
import { Validations } from 'aws-cdk-lib';
import { ENV, FUNCTIONS, type FunctionName, type FunctionSpec, QUEUES } from '../../config/resources';
import { AppFunction, METRICS_NAMESPACE, SES_IDENTITY_WILDCARD_REASON, SMS_WILDCARD_REASON } from '../../lib/app-function';
import type { KeyService } from '../../lib/data-key';
import { DLQ_URL_ENV, QUEUE_URL_ENV, SERVICE_NAMES, withoutTrailingSlash } from '../../lib/function-factory';
import { addressOfEmailFrom } from '../../lib/stage-config';
import {
  actionsOf,
  arnOf,
  byEffect,
  emptyStack,
  expectedPermissions,
  logicalId,
  partitionArn,
  permissionsOf,
  type PolicyStatementJson,
  ref,
  resourcesOf,
  sesIdentityArnJson,
  statementsOfRole,
  synthStack,
} from './helpers';

const { stack, stage, template } = synthStack();
const names = Object.keys(FUNCTIONS) as FunctionName[];
const functions = template.findResources('AWS::Lambda::Function');
const propsOf = (name: FunctionName) => functions[logicalId(stack.functionFor(name).fn)].Properties;
const statementsOf = (name: FunctionName) => statementsOfRole(template, logicalId(stack.functionFor(name).role));
const queueByName = { events: stack.eventsQueue.queue, bulk: stack.bulkQueue.queue } satisfies Record<keyof typeof QUEUES, unknown>;
const dlqByName = { events: stack.eventsQueue.deadLetterQueue, bulk: stack.bulkQueue.deadLetterQueue } satisfies Record<keyof typeof QUEUES, unknown>;
const isXRay = (s: PolicyStatementJson) => actionsOf(s).every((a) => a.startsWith('xray:'));
const isKms = (s: PolicyStatementJson) => actionsOf(s).every((a) => a.startsWith('kms:'));
const isSes = (s: PolicyStatementJson) => actionsOf(s).every((a) => a.startsWith('ses:'));

const table = arnOf(stack.casesTable.table);
const queueIndex = { 'Fn::Join': ['', [table, '/index/queue']] };
const slaChecksIndex = { 'Fn::Join': ['', [table, '/index/slaChecks']] };
const stateMachine = ref(stack.escalation.stateMachine);
const slaStateMachine = ref(stack.sla.stateMachine);
const eventsQueue = arnOf(stack.eventsQueue.queue);
const bulkQueue = arnOf(stack.bulkQueue.queue);
const eventsDlq = arnOf(stack.eventsQueue.deadLetterQueue);
const secret = ref(stack.appSecrets.secret);
const SEND = ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage'];
const CONSUME = ['sqs:ChangeMessageVisibility', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:ReceiveMessage'];
const READ_SECRET = ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'];
const TABLE_READWRITE = ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'];
const escalationSettings = stage.settings.escalation;
/** Every SES identity of the stack's account and region: SES checks the sender's domain or address identity, and in the sandbox each recipient's. */
const anySesIdentity = sesIdentityArnJson('*');
/** SMS to a phone number has no resource ARN: IAM can only allow it on '*'. */
const SMS: [unknown, string[]] = ['*', ['sns:Publish']];
/** Every SNS ARN (topic, platform endpoint) in every region and account. */
const anySnsArn = partitionArn(':sns:*:*:*');
const webhook: [unknown, string[]][] = [
  [eventsQueue, SEND],
  [bulkQueue, SEND],
  [eventsDlq, SEND],
  [secret, READ_SECRET],
];

/**
 * What each function may do beyond its own logs and X-Ray, written out by hand: a change to a grant must change
 * this list. A Record, so a new function needs its entry.
 */
const ACCESS: Record<FunctionName, [resource: unknown, actions: string[]][]> = {
  metaWebhook: webhook,
  xWebhook: webhook,
  genericWebhook: webhook,
  classify: [
    [eventsQueue, CONSUME],
    // Consumes the bulk queue, and puts a triaged bundle's rest back on it.
    [bulkQueue, [...new Set([...CONSUME, ...SEND])].sort()],
    [table, TABLE_READWRITE],
    [stateMachine, ['states:StartExecution']],
    [slaStateMachine, ['states:StartExecution']],
  ],
  // Email senders' ses:SendEmail carries a ses:FromAddress condition: compared in the SES test.
  escalationSteps: [[table, TABLE_READWRITE], SMS],
  slaSteps: [[table, TABLE_READWRITE], SMS],
  // Reads the clocks due from the slaChecks index (Query there only), and reads and writes cases one item at a time.
  slaSweep: [[table, TABLE_READWRITE], [slaChecksIndex, ['dynamodb:Query']], SMS],
  linkPages: [[table, TABLE_READWRITE]],
  // Lists and shows cases (Query), acts on them (GetItem, conditional UpdateItem, PutItem for the timeline); a
  // resolve releases the conversation pointer with an UpdateItem, never a DeleteItem.
  staffApi: [
    [table, ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem']],
    [queueIndex, ['dynamodb:Query']],
  ],
};

/**
 * What each function may do with the stack's data key, and through which service (the kms:ViaService condition, on
 * every statement). Only Decrypt and GenerateDataKey, on the key only: producers of the SQS queues need both,
 * DynamoDB writers both, readers of the table and the secret Decrypt, and the classifier's event source mapping,
 * which receives from the queue with the function's role, Decrypt through SQS.
 */
const KEY_USE: Record<FunctionName, { via: KeyService; actions: string[] }[]> = {
  metaWebhook: [
    { via: 'sqs', actions: ['kms:Decrypt', 'kms:GenerateDataKey'] },
    { via: 'secretsmanager', actions: ['kms:Decrypt'] },
  ],
  xWebhook: [
    { via: 'sqs', actions: ['kms:Decrypt', 'kms:GenerateDataKey'] },
    { via: 'secretsmanager', actions: ['kms:Decrypt'] },
  ],
  genericWebhook: [
    { via: 'sqs', actions: ['kms:Decrypt', 'kms:GenerateDataKey'] },
    { via: 'secretsmanager', actions: ['kms:Decrypt'] },
  ],
  classify: [
    { via: 'sqs', actions: ['kms:Decrypt', 'kms:GenerateDataKey'] },
    { via: 'dynamodb', actions: ['kms:Decrypt', 'kms:GenerateDataKey'] },
  ],
  escalationSteps: [{ via: 'dynamodb', actions: ['kms:Decrypt', 'kms:GenerateDataKey'] }],
  slaSteps: [{ via: 'dynamodb', actions: ['kms:Decrypt', 'kms:GenerateDataKey'] }],
  slaSweep: [{ via: 'dynamodb', actions: ['kms:Decrypt', 'kms:GenerateDataKey'] }],
  linkPages: [{ via: 'dynamodb', actions: ['kms:Decrypt', 'kms:GenerateDataKey'] }],
  staffApi: [{ via: 'dynamodb', actions: ['kms:Decrypt', 'kms:GenerateDataKey'] }],
};
const viaServiceJson = (service: KeyService) => ({ 'Fn::Join': ['', [`${service}.`, { Ref: 'AWS::Region' }, '.amazonaws.com']] });
const sortedJson = (xs: unknown[]) => xs.map((x) => JSON.stringify(x)).sort();

/** What each function is explicitly denied: an SMS sender may never publish to a topic. */
const DENY: Record<FunctionName, [resource: unknown, actions: string[]][]> = {
  metaWebhook: [],
  xWebhook: [],
  genericWebhook: [],
  classify: [],
  escalationSteps: [[anySnsArn, ['sns:Publish']]],
  slaSteps: [[anySnsArn, ['sns:Publish']]],
  slaSweep: [[anySnsArn, ['sns:Publish']]],
  linkPages: [],
  staffApi: [],
};

/** PUBLIC_BASE_URL where the stage sets no publicBaseUrl: the HTTP API's URL without its trailing slash. */
const apiBase = {
  'Fn::Join': ['', ['https://', ref(stack.intakeApi.api), '.execute-api.', { Ref: 'AWS::Region' }, '.', { Ref: 'AWS::URLSuffix' }]],
};

test('every function in FUNCTIONS is deployed, and nothing else but CDK\'s deploy-time providers of the console', () => {
  // BucketDeployment's copier, and in stages that destroy their data the bucket emptier: they run during deploys only.
  const providers = Object.keys(template.findResources('AWS::Lambda::Function')).filter((id) => /^(CustomCDKBucketDeployment|CustomS3AutoDeleteObjects)/.test(id));
  expect(providers.length).toBe(stack.console.bucket.node.tryFindChild('AutoDeleteObjectsCustomResource') ? 2 : 1);
  template.resourceCountIs('AWS::Lambda::Function', names.length + providers.length);
  for (const name of names) expect(functions[logicalId(stack.functionFor(name).fn)]).toBeDefined();
});

describe.each(names)('%s', (name) => {
  const spec: FunctionSpec = FUNCTIONS[name];
  const fn = () => stack.functionFor(name);

  test('runs nodejs24.x on arm64 with active tracing (the dev stage traces all), memory and timeout from the spec', () => {
    const props = propsOf(name);
    expect(stage.settings.tracing).toBe('all');
    expect(props.Runtime).toBe('nodejs24.x');
    expect(props.Architectures).toEqual(['arm64']);
    expect(props.TracingConfig).toEqual({ Mode: 'Active' });
    expect(props.MemorySize).toBe(spec.memoryMb);
    expect(props.Timeout).toBe(spec.timeoutSeconds);
    expect(props.Description).toBe(spec.description);
    expect(props.Handler).toBe('index.handler');
  });

  test('logs JSON to its own log group with the stage retention', () => {
    expect(propsOf(name).LoggingConfig).toEqual({ LogFormat: 'JSON', LogGroup: ref(fn().logGroup) });
    const logGroup = template.findResources('AWS::Logs::LogGroup')[logicalId(fn().logGroup)];
    expect(logGroup.Properties.RetentionInDays).toBe(stage.settings.logRetentionDays);
  });

  test('gets the Powertools settings and exactly the env its bindings set', () => {
    const expected: Record<string, unknown> = {
      POWERTOOLS_SERVICE_NAME: SERVICE_NAMES[name],
      POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
      NODE_OPTIONS: '--enable-source-maps',
      // Set on every function by lib/observability.ts: the stage's log level; traces without responses or errors.
      POWERTOOLS_LOG_LEVEL: stage.settings.logLevel,
      POWERTOOLS_TRACER_CAPTURE_RESPONSE: 'false',
      POWERTOOLS_TRACER_CAPTURE_ERROR: 'false',
    };
    for (const q of spec.sendsTo ?? []) expected[QUEUE_URL_ENV[q]] = ref(queueByName[q]);
    for (const q of spec.parksInvalidIn ?? []) expected[DLQ_URL_ENV[q]] = ref(dlqByName[q]);
    if (spec.readsSecrets) {
      expected[ENV.appSecretsArn] = ref(stack.appSecrets.secret);
      expected[ENV.secretsMaxAgeSeconds] = String(stage.settings.secretsMaxAgeSeconds);
    }
    if (spec.usesCasesTable) expected[ENV.casesTable] = ref(stack.casesTable.table);
    // Every function that writes cases keeps them the stage's retention (dev: 30 days); the read-only level never writes.
    if (spec.usesCasesTable && spec.usesCasesTable !== 'read') expected[ENV.caseRetentionDays] = String(stage.settings.caseRetentionDays);
    if (spec.startsEscalation) expected[ENV.escalationStateMachineArn] = ref(stack.escalation.stateMachine);
    if (spec.startsSlaWatch) expected[ENV.slaStateMachineArn] = ref(stack.sla.stateMachine);
    if (spec.sendsEmail) expected[ENV.emailFrom] = escalationSettings.emailFrom;
    if (spec.escalationSettings) {
      expected[ENV.businessName] = escalationSettings.businessName;
      expected[ENV.offerQuietDays] = String(escalationSettings.offerQuietDays);
      expected[ENV.offerDailyCap] = String(escalationSettings.offerDailyCap);
      if (escalationSettings.smsSenderId) expected[ENV.smsSenderId] = escalationSettings.smsSenderId;
      if (escalationSettings.sourceNames) expected[ENV.sourceNames] = JSON.stringify(escalationSettings.sourceNames);
      expected[ENV.publicBaseUrl] = escalationSettings.publicBaseUrl ?? apiBase;
    }
    if (spec.slaSettings) expected[ENV.slaMinutes] = JSON.stringify(stage.settings.slaMinutes);
    if (name === 'classify') {
      expected[ENV.slaMinutes] = JSON.stringify(stage.settings.slaMinutes);
      expected[ENV.rawTextRetentionDays] = String(stage.settings.rawTextRetentionDays);
      expected[ENV.highReachFollowers] = String(stage.settings.highReachFollowers);
      expected[ENV.crisisThresholds] = JSON.stringify(stage.settings.crisis);
    }
    expect(propsOf(name).Environment.Variables).toEqual(expected);
  });

  test('has its own role with no managed policies', () => {
    expect(propsOf(name).Role).toEqual(arnOf(fn().role));
    const role = template.findResources('AWS::IAM::Role')[logicalId(fn().role)];
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
  });

  test('has exactly the listed actions on each resource, nothing more, and exactly the listed denies', () => {
    // Data key statements carry a kms:ViaService condition (compared in the next test), SES ones a ses:FromAddress
    // condition (the SES test).
    const { allow, deny } = byEffect(statementsOf(name).filter((s) => !isKms(s) && !isSes(s)));
    expect(permissionsOf(allow)).toEqual(
      expectedPermissions([
        [arnOf(fn().logGroup), ['logs:CreateLogStream', 'logs:PutLogEvents']],
        ['*', ['xray:PutTelemetryRecords', 'xray:PutTraceSegments']],
        ...ACCESS[name],
      ]),
    );
    expect(permissionsOf(deny, 'Deny')).toEqual(expectedPermissions(DENY[name]));
  });

  test('uses the data key only as listed, through the listed service, and can never administer it', () => {
    const kms = statementsOf(name).filter((s) => actionsOf(s).some((a) => a.startsWith('kms:')));
    expect(kms.every(isKms)).toBe(true);
    expect(sortedJson(kms.map((s) => ({ effect: s.Effect, actions: actionsOf(s).sort(), resources: resourcesOf(s), condition: s.Condition })))).toEqual(
      sortedJson(
        KEY_USE[name].map(({ via, actions }) => ({
          effect: 'Allow',
          actions,
          resources: [arnOf(stack.dataKey.key)],
          condition: { StringEquals: { 'kms:ViaService': viaServiceJson(via) } },
        })),
      ),
    );
    expect(kms.flatMap(actionsOf).filter((a) => a !== 'kms:Decrypt' && a !== 'kms:GenerateDataKey')).toEqual([]);
  });

  test('the listed resources are the ones the spec names: queues, DLQs, secret, table and its indexes, escalation, SMS', () => {
    const fromSpec = [
      ...(spec.sendsTo ?? []).map((q) => arnOf(queueByName[q])),
      ...(spec.parksInvalidIn ?? []).map((q) => arnOf(dlqByName[q])),
      ...(spec.consumes ? [arnOf(queueByName[spec.consumes.queue])] : []),
      ...('consumesBulk' in spec && spec.consumesBulk ? [arnOf(queueByName[spec.consumesBulk.queue])] : []),
      ...(spec.readsSecrets ? [secret] : []),
      ...(spec.usesCasesTable ? [table] : []),
      ...(spec.usesCasesTable === 'read' || spec.usesCasesTable === 'query+readwrite' ? [queueIndex] : []),
      ...(spec.usesCasesTable === 'sweep' ? [slaChecksIndex] : []),
      ...(spec.startsEscalation ? [stateMachine] : []),
      ...(spec.startsSlaWatch ? [slaStateMachine] : []),
      ...(spec.sendsSms ? ['*'] : []),
    ];
    const unique = (xs: unknown[]) => [...new Set(xs.map((x) => JSON.stringify(x)))].sort();
    expect(unique(ACCESS[name].map(([r]) => r))).toEqual(unique(fromSpec));
  });

  test('never gets DynamoDB Scan, DeleteItem, batch or transaction actions, or an index wildcard', () => {
    const statements = statementsOf(name);
    const dynamo = statements.flatMap(actionsOf).filter((a) => a.startsWith('dynamodb:'));
    expect(dynamo.filter((a) => /Scan|Delete|Batch|Transact|\*/.test(a))).toEqual([]);
    expect(JSON.stringify(statements)).not.toContain('/index/*');
  });

  test('writes logs to its own log group only', () => {
    const logs = statementsOf(name).filter((s) => actionsOf(s).some((a) => a.startsWith('logs:')));
    expect(logs.flatMap(resourcesOf)).toEqual([arnOf(fn().logGroup)]);
    expect(logs.flatMap(actionsOf).sort()).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
  });

  test('allows no wildcard resource or action except X-Ray, sns:Publish for SMS senders (neither has resource-level permissions) and ses:SendEmail on the identities for email senders', () => {
    const { allow } = byEffect(statementsOf(name));
    const wildcards = allow.filter((s) => resourcesOf(s).some((r) => JSON.stringify(r).includes('*')));
    expect(wildcards.filter((s) => !isXRay(s)).flatMap(actionsOf).sort()).toEqual(
      [...(spec.sendsEmail ? ['ses:SendEmail'] : []), ...(spec.sendsSms ? ['sns:Publish'] : [])],
    );
    expect(wildcards.filter(isXRay).flatMap(actionsOf).sort()).toEqual(['xray:PutTelemetryRecords', 'xray:PutTraceSegments']);
    expect(allow.flatMap(actionsOf).filter((a) => a.includes('*'))).toEqual([]);
  });

  test('SNS: SMS senders may publish to phone numbers only (topics denied, acknowledged for IAM5); others get no SNS at all', () => {
    const statements = statementsOf(name);
    const sns = statements.filter((s) => actionsOf(s).some((a) => a.startsWith('sns:')));
    const acknowledged = fn()
      .role.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((m) => Object.values(m.data as Record<string, string>));
    if (!spec.sendsSms) {
      expect(sns).toEqual([]);
      expect(acknowledged).not.toContain(SMS_WILDCARD_REASON);
      return;
    }
    expect(sns.map((s) => ({ effect: s.Effect, actions: actionsOf(s), resources: resourcesOf(s) }))).toEqual([
      { effect: 'Allow', actions: ['sns:Publish'], resources: ['*'] },
      { effect: 'Deny', actions: ['sns:Publish'], resources: [anySnsArn] },
    ]);
    expect(acknowledged).toContain(SMS_WILDCARD_REASON);
  });

  test("SES: senders may SendEmail from the stage's address only, through whichever identity SES checks (acknowledged for IAM5); others get no SES at all", () => {
    const ses = statementsOf(name).filter((s) => actionsOf(s).some((a) => a.startsWith('ses:')));
    const acknowledged = fn()
      .role.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((m) => Object.values(m.data as Record<string, string>));
    if (!spec.sendsEmail) {
      expect(ses).toEqual([]);
      expect(acknowledged).not.toContain(SES_IDENTITY_WILDCARD_REASON);
      return;
    }
    // Every identity of the account and region: SES authorizes SendEmail against the sender's domain identity or its
    // own address identity, and in the sandbox against each recipient's identity too. The From address condition is
    // what keeps the grant to the one sender the stage configures.
    expect(ses).toEqual([
      {
        Sid: 'SendEmailFromStageAddress',
        Effect: 'Allow',
        Action: 'ses:SendEmail',
        Resource: anySesIdentity,
        Condition: { StringEquals: { 'ses:FromAddress': addressOfEmailFrom(escalationSettings.emailFrom) } },
      },
    ]);
    expect(addressOfEmailFrom(escalationSettings.emailFrom)).toBe('care-dev@example.com');
    expect(propsOf(name).Environment.Variables[ENV.emailFrom]).toBe(escalationSettings.emailFrom);
    expect(acknowledged).toContain(SES_IDENTITY_WILDCARD_REASON);
  });
});

test('the synthesized SNS deny covers every topic and platform endpoint ARN, and not the phone-number publish', () => {
  const senders = names.filter((n) => (FUNCTIONS[n] as FunctionSpec).sendsSms);
  expect(senders.length).toBeGreaterThan(0);
  for (const name of senders) {
    const [deny] = byEffect(statementsOf(name)).deny;
    const [, parts] = (resourcesOf(deny!)[0] as { 'Fn::Join': [string, unknown[]] })['Fn::Join'];
    const arn = parts.map((p) => (typeof p === 'string' ? p : (p as { Ref: string }).Ref === 'AWS::Partition' ? 'aws' : '?')).join('');
    // IAM's ARN matching: '*' matches any run of characters, within and across ':' and '/'.
    const pattern = new RegExp(`^${arn.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
    expect(pattern.test('arn:aws:sns:eu-west-1:123456789012:alerts')).toBe(true);
    expect(pattern.test('arn:aws:sns:us-east-1:210987654321:orders.fifo')).toBe(true);
    expect(pattern.test('arn:aws:sns:us-east-1:123456789012:endpoint/GCM/app/0a1b2c')).toBe(true);
    expect(pattern.test('*')).toBe(false);
  }
});

test('PUBLIC_BASE_URL never ends in a slash, tokens or not', () => {
  expect(withoutTrailingSlash('https://care.example.com/')).toBe('https://care.example.com');
  expect(withoutTrailingSlash(stack.intakeApi.url).endsWith('/')).toBe(false);
  expect(stack.publicBaseUrl.endsWith('/')).toBe(false);
});

test('tracing `paging` (prod) traces the paging path and lets the per-event functions pass a trace through only', () => {
  const prod = synthStack({ stage: 'prod' });
  expect(prod.stage.settings.tracing).toBe('paging');
  const prodFunctions = prod.template.findResources('AWS::Lambda::Function');
  const modes = Object.fromEntries(names.map((n) => [n, prodFunctions[logicalId(prod.stack.functionFor(n).fn)].Properties.TracingConfig.Mode]));
  expect(modes).toEqual(Object.fromEntries(names.map((n) => [n, (FUNCTIONS[n] as FunctionSpec).perEvent ? 'PassThrough' : 'Active'])));
  expect(names.filter((n) => (FUNCTIONS[n] as FunctionSpec).perEvent).sort()).toEqual(['classify', 'genericWebhook', 'metaWebhook', 'staffApi', 'xWebhook']);
  // The state machines trace in every stage (cdk-nag SF2); they run per escalation and per crisis window, not per event.
  for (const sm of Object.values(prod.template.findResources('AWS::StepFunctions::StateMachine'))) expect(sm.Properties.TracingConfiguration).toEqual({ Enabled: true });
});

test('case retention: prod keeps cases 730 days after their last write; a stage without the setting sets no TTL', () => {
  const prod = synthStack({ stage: 'prod' });
  expect(prod.stage.settings.caseRetentionDays).toBe(730);
  const env = (n: FunctionName) => prod.template.findResources('AWS::Lambda::Function')[logicalId(prod.stack.functionFor(n).fn)].Properties.Environment.Variables;
  const writers = names.filter((n) => (FUNCTIONS[n] as FunctionSpec).usesCasesTable);
  expect(writers.length).toBeGreaterThan(4);
  for (const n of writers) expect(env(n)[ENV.caseRetentionDays]).toBe('730');
  for (const n of names.filter((x) => !(FUNCTIONS[x] as FunctionSpec).usesCasesTable)) expect(env(n)[ENV.caseRetentionDays]).toBeUndefined();
});

test('fails when a function entry does not exist', () => {
  // Arrange
  const spec: FunctionSpec = { ...FUNCTIONS.metaWebhook, entry: 'lambdas/intake/missing.ts' };
  // Act / Assert
  expect(() => new AppFunction(emptyStack(), 'Missing', { spec, serviceName: 's', logRetention: 14, tracing: Tracing.ACTIVE })).toThrow(
    /entry 'lambdas\/intake\/missing.ts' of function Missing not found/,
  );
});
