/**
 * Every function in FUNCTIONS as synthesized: runtime settings pinned by AppFunction, its log group, its
 * environment, and an execution role that grants exactly what the spec asks for and nothing broader.
 */
import { ENV, FUNCTIONS, type FunctionName, type FunctionSpec, QUEUES } from '../../config/resources';
import { AppFunction, METRICS_NAMESPACE } from '../../lib/app-function';
import { DLQ_URL_ENV, INTAKE_SERVICE_NAME, QUEUE_URL_ENV } from '../../lib/intake-api';
import {
  actionsOf,
  arnOf,
  emptyStack,
  logicalId,
  type PolicyStatementJson,
  ref,
  resourcesOf,
  statementsOfRole,
  synthStack,
} from './helpers';

const { stack, stage, template } = synthStack();
const names = Object.keys(FUNCTIONS) as FunctionName[];
const functions = template.findResources('AWS::Lambda::Function');
const propsOf = (name: FunctionName) => functions[logicalId(stack.intakeApi.functionFor(name).fn)].Properties;
const statementsOf = (name: FunctionName) => statementsOfRole(template, logicalId(stack.intakeApi.functionFor(name).role));
const queueByName = { events: stack.eventsQueue.queue } satisfies Record<keyof typeof QUEUES, unknown>;
const dlqByName = { events: stack.eventsQueue.deadLetterQueue } satisfies Record<keyof typeof QUEUES, unknown>;
const isXRay = (s: PolicyStatementJson) => actionsOf(s).every((a) => a.startsWith('xray:'));

test('every function in FUNCTIONS is deployed, and nothing else', () => {
  template.resourceCountIs('AWS::Lambda::Function', names.length);
});

describe.each(names)('%s', (name) => {
  const spec: FunctionSpec = FUNCTIONS[name];
  const fn = () => stack.intakeApi.functionFor(name);

  test('runs nodejs24.x on arm64 with active tracing, memory and timeout from the spec', () => {
    const props = propsOf(name);
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

  test('gets the Powertools settings, its queue URLs and the secret ARN in env', () => {
    const expected: Record<string, unknown> = {
      POWERTOOLS_SERVICE_NAME: INTAKE_SERVICE_NAME,
      POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
      NODE_OPTIONS: '--enable-source-maps',
    };
    for (const q of spec.sendsTo ?? []) expected[QUEUE_URL_ENV[q]] = ref(queueByName[q]);
    for (const q of spec.parksInvalidIn ?? []) expected[DLQ_URL_ENV[q]] = ref(dlqByName[q]);
    if (spec.readsSecrets) {
      expected[ENV.appSecretsArn] = ref(stack.appSecrets.secret);
      expected[ENV.secretsMaxAgeSeconds] = String(stage.settings.secretsMaxAgeSeconds);
    }
    expect(propsOf(name).Environment.Variables).toEqual(expected);
  });

  test('has its own role with no managed policies', () => {
    expect(propsOf(name).Role).toEqual(arnOf(fn().role));
    const role = template.findResources('AWS::IAM::Role')[logicalId(fn().role)];
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
  });

  test('may send to exactly its sendsTo queues and the DLQs it parks invalid items on, and read exactly the app secret', () => {
    const statements = statementsOf(name);
    const sqs = statements.filter((s) => actionsOf(s).some((a) => a.startsWith('sqs:')));
    expect(sqs.flatMap(resourcesOf)).toEqual([
      ...(spec.sendsTo ?? []).map((q) => arnOf(queueByName[q])),
      ...(spec.parksInvalidIn ?? []).map((q) => arnOf(dlqByName[q])),
    ]);
    for (const s of sqs) expect(actionsOf(s)).toContain('sqs:SendMessage');
    expect(sqs.flatMap(actionsOf).filter((a) => a.startsWith('sqs:Receive') || a.startsWith('sqs:Delete'))).toEqual([]);

    const secrets = statements.filter((s) => actionsOf(s).some((a) => a.startsWith('secretsmanager:')));
    expect(secrets.flatMap(resourcesOf)).toEqual(spec.readsSecrets ? [ref(stack.appSecrets.secret)] : []);
    for (const s of secrets) expect(actionsOf(s)).toContain('secretsmanager:GetSecretValue');
  });

  test('writes logs to its own log group only', () => {
    const logs = statementsOf(name).filter((s) => actionsOf(s).some((a) => a.startsWith('logs:')));
    expect(logs.flatMap(resourcesOf)).toEqual([arnOf(fn().logGroup)]);
    expect(logs.flatMap(actionsOf).sort()).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
  });

  test('has no wildcard resource or action except the X-Ray statement, which has no resource-level permissions', () => {
    const statements = statementsOf(name);
    expect(statements.every((s) => s.Effect === 'Allow')).toBe(true);
    const wildcards = statements.filter((s) => resourcesOf(s).some((r) => typeof r === 'string' && r.includes('*')));
    expect(wildcards.map(actionsOf)).toEqual([['xray:PutTelemetryRecords', 'xray:PutTraceSegments']]);
    expect(wildcards.every(isXRay)).toBe(true);
    expect(statements.flatMap(actionsOf).filter((a) => a.includes('*'))).toEqual([]);
  });
});

test('fails when a function entry does not exist', () => {
  // Arrange
  const spec: FunctionSpec = { ...FUNCTIONS.metaWebhook, entry: 'lambdas/intake/missing.ts' };
  // Act / Assert
  expect(() => new AppFunction(emptyStack(), 'Missing', { spec, serviceName: 's', logRetention: 14 })).toThrow(
    /entry 'lambdas\/intake\/missing.ts' of function Missing not found/,
  );
});
