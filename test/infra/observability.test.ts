/**
 * lib/observability.ts as synthesized: the functions' log level, one encrypted, TLS-only alarm topic that CloudWatch
 * alarms of this account may publish to (with the stage's optional email subscription), the alarms an ops engineer
 * needs (each on the right metric and threshold, each notifying the topic), and the `SocialCare-<stage>` dashboard,
 * whose custom metrics have exactly the names and dimensions the handlers emit (config/metrics.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import cdkJson from '../../cdk.json';
import { METRICS, METRICS_NAMESPACE, type MetricSpec } from '../../config/metrics';
import { FUNCTIONS, type FunctionName } from '../../config/resources';
import { REPO_ROOT } from '../../lib/app-function';
import { SERVICE_NAMES } from '../../lib/function-factory';
import { QUEUE_AGE_ALARM_SECONDS, SLA_METRICS } from '../../lib/observability';
import { SocialCareStack } from '../../lib/social-care-stack';
import { stageFromContext } from '../../lib/stage-config';
import { FIXED_USAGE } from '../../bench/cost-model';
import { arnOf, logicalId, ref, synthStack, unacknowledgedFindings } from './helpers';

const { stack, stage, template } = synthStack();
const obs = stack.observability;
const names = Object.keys(FUNCTIONS) as FunctionName[];
const topic = ref(obs.topic);
const alarms = template.findResources('AWS::CloudWatch::Alarm');
const alarmProps = (alarm: Parameters<typeof logicalId>[0]) => {
  const found = alarms[logicalId(alarm)];
  if (!found) throw new Error(`no alarm ${alarm.node.path}`);
  return found.Properties;
};
const queueName = (queue: Parameters<typeof logicalId>[0]) => ({ 'Fn::GetAtt': [logicalId(queue), 'QueueName'] });

/** What every alarm here has in common: 5-minute windows, one period, `>=`, quiet when there is no data. */
const EVERY_ALARM = {
  Period: 300,
  EvaluationPeriods: 1,
  ComparisonOperator: 'GreaterThanOrEqualToThreshold',
  TreatMissingData: 'notBreaching',
  AlarmActions: [topic],
  OKActions: [topic],
};

describe('log level', () => {
  test.each(names)('%s logs at the stage level', (name) => {
    const props = template.findResources('AWS::Lambda::Function')[logicalId(stack.functionFor(name).fn)].Properties;
    expect(props.Environment.Variables.POWERTOOLS_LOG_LEVEL).toBe(stage.settings.logLevel);
    expect(stage.settings.logLevel).toBe('INFO');
    // Powertools would log every incoming event (webhook bodies, post text) with this on.
    expect(props.Environment.Variables.POWERTOOLS_LOGGER_LOG_EVENT).toBeUndefined();
  });
});

describe('alarm topic', () => {
  test('is encrypted with the stack data key, whose policy lets CloudWatch alarms use it (SNS2)', () => {
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: arnOf(stack.dataKey.key) });
    expect(template.findResources('AWS::SNS::Topic')[logicalId(obs.topic)]?.Properties.KmsMasterKeyId).toEqual(arnOf(stack.dataKey.key));
    const keyPolicy = template.findResources('AWS::KMS::Key')[logicalId(stack.dataKey.key)]?.Properties.KeyPolicy.Statement as {
      Principal?: { Service?: string };
      Action: string[];
    }[];
    const forCloudWatch = keyPolicy.filter((s) => s.Principal?.Service === 'cloudwatch.amazonaws.com');
    expect(forCloudWatch.flatMap((s) => s.Action).sort()).toEqual(['kms:Decrypt', 'kms:GenerateDataKey*']);
  });

  test('denies publishing without TLS (SNS3) and lets only this account\'s alarms in this region publish', () => {
    const policies = Object.values(template.findResources('AWS::SNS::TopicPolicy')).filter(
      (p) => JSON.stringify(p.Properties.Topics) === JSON.stringify([topic]),
    );
    expect(policies).toHaveLength(1);
    const statements = policies[0]!.Properties.PolicyDocument.Statement;
    expect(statements).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Effect: 'Deny', Principal: '*', Action: 'sns:Publish', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        expect.objectContaining({
          Effect: 'Allow',
          Principal: { Service: 'cloudwatch.amazonaws.com' },
          Action: 'sns:Publish',
          Resource: topic,
          Condition: {
            StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
            ArnLike: {
              'aws:SourceArn': {
                'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':cloudwatch:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':alarm:*']],
              },
            },
          },
        }),
      ]),
    );
    expect(statements).toHaveLength(2);
  });

  test('has no subscription unless the stage sets alarmEmail', () => {
    expect(stage.settings.alarmEmail).toBeUndefined();
    template.resourceCountIs('AWS::SNS::Subscription', 0);
  });

  test('subscribes the stage\'s alarmEmail', () => {
    const context: Record<string, unknown> = {
      ...cdkJson.context,
      stages: { ...cdkJson.context.stages, dev: { ...cdkJson.context.stages.dev, alarmEmail: 'ops@example.com' } },
      'aws:cdk:bundling-stacks': [],
    };
    const app = new App({ context });
    const withEmail = new SocialCareStack(app, 'SocialCare-dev', { stage: stageFromContext(app) });
    const t = Template.fromStack(withEmail);
    t.resourceCountIs('AWS::SNS::Subscription', 1);
    t.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.com', TopicArn: ref(withEmail.observability.topic) });
  });

  test('a stage alarmEmail that is not an address fails synth, naming the key', () => {
    const stages = { ...cdkJson.context.stages, dev: { ...cdkJson.context.stages.dev, alarmEmail: 'ops team' } };
    const app = new App({ context: { ...cdkJson.context, stages } });
    expect(() => stageFromContext(app)).toThrow(/stages\.dev\.alarmEmail/);
  });
});

describe('alarms', () => {
  test('every alarm in the stack notifies the topic, going into ALARM and back to OK', () => {
    expect(Object.keys(alarms).length).toBeGreaterThanOrEqual(2 * names.length + 5);
    for (const [id, alarm] of Object.entries(alarms)) {
      expect({ id, AlarmActions: alarm.Properties.AlarmActions, OKActions: alarm.Properties.OKActions }).toEqual({ id, AlarmActions: [topic], OKActions: [topic] });
    }
    expect(obs.alarms.map((a) => logicalId(a)).sort()).toEqual(Object.keys(alarms).sort());
  });

  test('every alarm says what it means and what to do', () => {
    for (const [id, alarm] of Object.entries(alarms)) {
      expect({ id, long: String(alarm.Properties.AlarmDescription ?? '').length >= 100 }).toEqual({ id, long: true });
    }
  });

  test('events DLQ not empty: any visible message', () => {
    expect(alarmProps(obs.dlqNotEmptyAlarm)).toMatchObject({
      ...EVERY_ALARM,
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: queueName(stack.eventsQueue.deadLetterQueue) }],
      Statistic: 'Maximum',
      Threshold: 1,
    });
  });

  test('events queue backlog: oldest message 300 s or older', () => {
    expect(QUEUE_AGE_ALARM_SECONDS).toBe(300);
    expect(alarmProps(obs.queueOldestMessageAlarm)).toMatchObject({
      ...EVERY_ALARM,
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateAgeOfOldestMessage',
      Dimensions: [{ Name: 'QueueName', Value: queueName(stack.eventsQueue.queue) }],
      Statistic: 'Maximum',
      Threshold: 300,
    });
  });

  test('escalation executions failed and escalations exhausted: the flow\'s own two alarms, not copies', () => {
    expect(alarmProps(stack.escalation.executionsFailedAlarm)).toMatchObject({
      ...EVERY_ALARM,
      Namespace: 'AWS/States',
      MetricName: 'ExecutionsFailed',
      Dimensions: [{ Name: 'StateMachineArn', Value: ref(stack.escalation.stateMachine) }],
      Threshold: 1,
    });
    expect(alarmProps(stack.escalation.exhaustedAlarm)).toMatchObject({
      ...EVERY_ALARM,
      Namespace: METRICS_NAMESPACE,
      MetricName: METRICS.escalationsExhausted.name,
      Dimensions: [{ Name: 'service', Value: METRICS.escalationsExhausted.service }],
      Threshold: 1,
    });
    const failed = Object.values(alarms).filter(
      (a) => a.Properties.MetricName === 'ExecutionsFailed' && JSON.stringify(a.Properties.Dimensions).includes(logicalId(stack.escalation.stateMachine)),
    );
    const exhausted = Object.values(alarms).filter((a) => a.Properties.MetricName === METRICS.escalationsExhausted.name);
    expect([failed.length, exhausted.length]).toEqual([1, 1]);
  });

  test.each(names)('%s: Errors and Throttles, any in 5 minutes', (name) => {
    const fn = ref(stack.functionFor(name).fn);
    const { errors, throttles } = obs.functionAlarms[name];
    for (const [alarm, metricName] of [
      [errors, 'Errors'],
      [throttles, 'Throttles'],
    ] as const) {
      expect(alarmProps(alarm)).toMatchObject({
        ...EVERY_ALARM,
        Namespace: 'AWS/Lambda',
        MetricName: metricName,
        Dimensions: [{ Name: 'FunctionName', Value: fn }],
        Statistic: 'Sum',
        Threshold: 1,
      });
      expect(alarmProps(alarm).AlarmDescription).toContain(name);
    }
  });

  test('HTTP API: any 5xx in 5 minutes', () => {
    expect(alarmProps(obs.api5xxAlarm)).toMatchObject({
      ...EVERY_ALARM,
      Namespace: 'AWS/ApiGateway',
      MetricName: '5xx',
      Dimensions: [{ Name: 'ApiId', Value: ref(stack.intakeApi.api) }],
      Statistic: 'Sum',
      Threshold: 1,
    });
  });
});

/** The dashboard body with its tokens as readable placeholders (`<Ref:X>`), parsed. */
function dashboardBody(): { widgets: { type: string; properties: Record<string, unknown> }[] } {
  const dashboards = template.findResources('AWS::CloudWatch::Dashboard');
  const [dashboard] = Object.values(dashboards);
  const body = dashboard!.Properties.DashboardBody as string | { 'Fn::Join': [string, unknown[]] };
  const text =
    typeof body === 'string'
      ? body
      : body['Fn::Join'][1].map((p) => (typeof p === 'string' ? p : `<${JSON.stringify(p).replace(/["{}[\]]/g, '').replace(/,/g, '.')}>`)).join('');
  return JSON.parse(text);
}

describe('dashboard', () => {
  const body = dashboardBody();
  const graphs = body.widgets.filter((w) => w.type === 'metric').map((w) => w.properties as { title: string; metrics: unknown[][] });
  /** Every plain metric of the graphs as namespace, name and dimensions; expressions separately. */
  const plain = graphs.flatMap((g) =>
    g.metrics
      .filter((m) => typeof m[0] === 'string')
      .map((m) => {
        const parts = m.filter((p) => typeof p === 'string') as string[];
        const [namespace, name, ...dims] = parts;
        const dimensions: Record<string, string> = {};
        for (let i = 0; i < dims.length; i += 2) dimensions[dims[i]!] = dims[i + 1]!;
        return { graph: g.title, namespace, name, dimensions };
      }),
  );
  const expressions = graphs.flatMap((g) => g.metrics.filter((m) => typeof m[0] === 'object').map((m) => (m[0] as { expression: string }).expression));
  const titles = graphs.map((g) => g.title);

  test('is named SocialCare-<stage>', () => {
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    template.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: `SocialCare-${stage.name}` });
  });

  test('shows the alarms', () => {
    const alarmWidget = body.widgets.find((w) => w.type === 'alarm');
    expect((alarmWidget?.properties.alarms as string[]).length).toBe(obs.alarms.length);
  });

  test('has the graphs ops asked for', () => {
    for (const title of [
      'Events received per platform',
      'Cases created by urgency',
      'Time to first page (ms)',
      'Time to acknowledge (ms)',
      'First response time (ms)',
      'SLA breaches and warnings, crisis alerts',
      'Offers sent and chosen',
      'Escalations and pages',
      'Events queue: oldest message (s), DLQ depth',
      'Function errors',
      'Function throttles',
      'Function duration p99 (ms)',
    ]) {
      expect(titles).toContain(title);
    }
  });

  test('every custom metric it shows is one the handlers emit, with exactly their dimensions', () => {
    const specs = Object.values(METRICS) as MetricSpec[];
    const custom = plain.filter((m) => m.namespace === METRICS_NAMESPACE);
    expect(custom.length).toBeGreaterThan(10);
    for (const m of custom) {
      const spec = specs.find((s) => s.name === m.name);
      expect({ name: m.name, known: spec !== undefined }).toEqual({ name: m.name, known: true });
      const keys = ['service', ...(spec!.dimension ? [spec!.dimension.name] : [])].sort();
      expect({ name: m.name, keys: Object.keys(m.dimensions).sort(), service: m.dimensions.service }).toEqual({ name: m.name, keys, service: spec!.service });
      const values = spec!.dimension?.values;
      if (Array.isArray(values)) expect(values).toContain(m.dimensions[spec!.dimension!.name]);
    }
  });

  test('every metric in config/metrics.ts is on it: by each of its fixed dimension values, or by a search over an open one', () => {
    for (const spec of Object.values(METRICS) as MetricSpec[]) {
      const values = spec.dimension?.values;
      if (values === 'open') {
        expect(expressions).toContain(
          `SEARCH('{${METRICS_NAMESPACE},${spec.dimension!.name},service} MetricName="${spec.name}" service="${spec.service}"', 'Sum', 300)`,
        );
        continue;
      }
      const shown = plain.filter((m) => m.namespace === METRICS_NAMESPACE && m.name === spec.name);
      expect({ name: spec.name, shown: shown.length > 0 }).toEqual({ name: spec.name, shown: true });
      if (values) expect(new Set(shown.map((m) => m.dimensions[spec.dimension!.name]))).toEqual(new Set(values));
    }
  });

  test('time to page and time to acknowledge at p50 and p99', () => {
    const stats = (title: string) =>
      graphs.find((g) => g.title === title)!.metrics.map((m) => (m[m.length - 1] as { stat: string }).stat);
    expect(stats('Time to first page (ms)')).toEqual(['p50', 'p99']);
    expect(stats('Time to acknowledge (ms)')).toEqual(['p50', 'p99']);
  });

  test('first-response time (p50, p99) and SLA breaches, by name over every service, with their urgency dimension', () => {
    const search = (name: string, dimension: string, stat: string) =>
      `SEARCH('{${METRICS_NAMESPACE},${dimension},service} MetricName="${name}"', '${stat}', 300)`;
    expect(expressions).toEqual(
      expect.arrayContaining([
        search('FirstResponseTime', 'urgency', 'p50'),
        search('FirstResponseTime', 'urgency', 'p99'),
        search('SlaBreaches', 'urgency', 'Sum'),
        search('SlaWarnings', 'urgency', 'Sum'),
        search('CrisisAlerts', 'scope', 'Sum'),
      ]),
    );
  });

  test('the SLA flow records those names with those dimensions (lambdas/domain/sla/)', () => {
    const source = ['lambdas/domain/sla/watch.ts', 'lambdas/domain/sla/flow.ts'].map((f) => readFileSync(join(REPO_ROOT, f), 'utf8')).join('\n');
    expect(source).toMatch(new RegExp(`record\\('${SLA_METRICS.firstResponseTime}', \\w+, 'Milliseconds', \\{ urgency:`));
    expect(source).toMatch(new RegExp(`record\\('${SLA_METRICS.breaches}', 1, 'Count', \\{ urgency:`));
    expect(source).toMatch(new RegExp(`record\\('${SLA_METRICS.warnings}', 1, 'Count', \\{ urgency:`));
    expect(source).toMatch(new RegExp(`record\\('${SLA_METRICS.crisisAlerts}', 1, 'Count', \\{ scope:`));
  });

  test('every function\'s errors, throttles and duration', () => {
    for (const [metric, title] of [
      ['Errors', 'Function errors'],
      ['Throttles', 'Function throttles'],
      ['Duration', 'Function duration p99 (ms)'],
    ] as const) {
      const shown = plain.filter((m) => m.graph === title && m.namespace === 'AWS/Lambda' && m.name === metric).map((m) => m.dimensions.FunctionName);
      expect(shown.sort()).toEqual(names.map((n) => `<Ref:${logicalId(stack.functionFor(n).fn)}>`).sort());
    }
  });

  test('the DLQ depth, the queue\'s oldest message, and the escalation executions started and failed', () => {
    const has = (namespace: string, name: string, dimension: string) =>
      plain.some((m) => m.namespace === namespace && m.name === name && Object.values(m.dimensions).includes(dimension));
    const q = (queue: Parameters<typeof logicalId>[0]) => `<Fn::GetAtt:${logicalId(queue)}.QueueName>`;
    expect(has('AWS/SQS', 'ApproximateNumberOfMessagesVisible', q(stack.eventsQueue.deadLetterQueue))).toBe(true);
    expect(has('AWS/SQS', 'ApproximateAgeOfOldestMessage', q(stack.eventsQueue.queue))).toBe(true);
    const sm = `<Ref:${logicalId(stack.escalation.stateMachine)}>`;
    expect(has('AWS/States', 'ExecutionsStarted', sm)).toBe(true);
    expect(has('AWS/States', 'ExecutionsFailed', sm)).toBe(true);
  });
});

describe('config/metrics.ts matches the code', () => {
  test.each(Object.entries(METRICS))('%s is recorded where it says, by a service that exists', (_key, spec: MetricSpec) => {
    expect(Object.values(SERVICE_NAMES)).toContain(spec.service);
    const source = readFileSync(join(REPO_ROOT, spec.source), 'utf8');
    // Either the literal name (the escalation domain records by name) or the catalog entry.
    const key = Object.entries(METRICS).find(([, s]) => s === spec)![0];
    expect(source.includes(`'${spec.name}'`) || source.includes(`METRICS.${key}`)).toBe(true);
  });

  test('each metric\'s service is the serviceName of the handler that records it', () => {
    for (const spec of Object.values(METRICS) as MetricSpec[]) {
      // The functions of that service; the webhook entries share lambdas/intake/http.ts, where their Logger is.
      const entries = names.filter((n) => SERVICE_NAMES[n] === spec.service).map((n) => FUNCTIONS[n].entry as string);
      const files = entries.map((e) => (e.startsWith('lambdas/intake/') ? 'lambdas/intake/http.ts' : e));
      expect(files.length).toBeGreaterThan(0);
      const source = files.map((f) => readFileSync(join(REPO_ROOT, f), 'utf8')).join('\n');
      expect({ name: spec.name, logger: source.includes(`new Logger({ serviceName: '${spec.service}' })`) }).toEqual({ name: spec.name, logger: true });
    }
  });
});

test('cdk-nag finds nothing in the observability construct', () => {
  expect(unacknowledgedFindings(obs)).toEqual([]);
});

test("the cost model's fixed monthly costs count the alarms and the dashboard this stack has", () => {
  expect(Object.keys(alarms)).toHaveLength(FIXED_USAGE.alarms);
  expect(Object.keys(template.findResources('AWS::CloudWatch::Dashboard'))).toHaveLength(FIXED_USAGE.dashboards);
});
