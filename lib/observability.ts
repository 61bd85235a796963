import { Duration, Stack } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  AlarmStatusWidget,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IAlarm,
  type IMetric,
  Metric,
  SearchExpression,
  TextWidget,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { METRICS, METRICS_NAMESPACE, type MetricSpec } from '../config/metrics';
import type { FunctionName } from '../config/resources';
import type { AppFunction } from './app-function';
import type { EscalationFlow } from './escalation-flow';
import { pascal } from './function-factory';
import type { StageSettings } from './stage-config';

/** Every alarm looks at 5-minute windows: long enough to ride out one bad data point, short enough for a page. */
export const ALARM_PERIOD = Duration.minutes(5);
/** The events queue alarms when its oldest message has waited this long: the classifier is behind or failing. */
export const QUEUE_AGE_ALARM_SECONDS = 300;

/**
 * The Powertools settings this construct sets on every function: the stage's log level, and traces that carry
 * neither the handler's response (case data, pages) nor its error (an SDK error message can quote an address).
 */
export const POWERTOOLS_ENV = {
  logLevel: 'POWERTOOLS_LOG_LEVEL',
  tracerCaptureResponse: 'POWERTOOLS_TRACER_CAPTURE_RESPONSE',
  tracerCaptureError: 'POWERTOOLS_TRACER_CAPTURE_ERROR',
} as const;

export interface ObservabilityProps {
  /** The stage's name: the dashboard is `SocialCare-<stage>`. */
  readonly stageName: string;
  /** Every function of the stack: each gets the log level and an Errors and a Throttles alarm. */
  readonly functions: Readonly<Record<FunctionName, AppFunction>>;
  /** The events queue and its dead-letter queue (lib/events-queue.ts). */
  readonly eventsQueue: IQueue;
  /** The bulk queue (big deliveries in bundles), which shares the events DLQ. */
  readonly bulkQueue: IQueue;
  readonly eventsDeadLetterQueue: IQueue;
  /** The escalation flow: its two alarms (failed executions, exhausted escalations) are routed to the topic. */
  readonly escalation: EscalationFlow;
  /** The HTTP API: an alarm on its 5xx answers. */
  readonly api: IHttpApi;
  /** POWERTOOLS_LOG_LEVEL of every function. */
  readonly logLevel: StageSettings['logLevel'];
  /** An address to subscribe to the alarm topic. @default - no subscription */
  readonly alarmEmail?: string;
  /**
   * The KMS key encrypting the alarm topic (the stack's data key, lib/data-key.ts). Its key policy must let
   * `cloudwatch.amazonaws.com` use kms:Decrypt and kms:GenerateDataKey*: CloudWatch cannot publish to a topic under
   * the AWS managed `aws/sns` key, whose policy cannot be changed to say so.
   */
  readonly topicKey: IKey;
}

/**
 * What an ops engineer watches: the functions' Powertools log level, one SNS topic every alarm notifies (with an
 * optional email subscription), the alarms, and the `SocialCare-<stage>` dashboard.
 *
 * Alarms (all on 5-minute windows, missing data is not breaching, each with a description written for whoever reads
 * it at 3 a.m.): events on the DLQ, the events queue's oldest message older than 5 minutes, failed and exhausted
 * escalations (the alarms of lib/escalation-flow.ts, routed here), Errors and Throttles of every function, 5xx
 * answers of the HTTP API; and any other alarm the stack made before this construct (so create it last). Each
 * notifies the topic when it goes into ALARM and again when it is OK.
 *
 * The topic is encrypted with the stack's customer managed key (cdk-nag SNS2): CloudWatch can only publish to an
 * encrypted topic whose key policy allows it, which the AWS managed `aws/sns` key's does not. Its policy denies any
 * request not over TLS (SNS3) and allows CloudWatch alarms of this account and region to publish.
 */
export class Observability extends Construct {
  readonly topic: Topic;
  readonly topicKey: IKey;
  readonly dashboard: Dashboard;
  /** `SocialCare-<stage>`. */
  readonly dashboardName: string;
  /** Every alarm that notifies the topic, in the order they were added. */
  readonly alarms: IAlarm[] = [];
  readonly dlqNotEmptyAlarm: Alarm;
  readonly queueOldestMessageAlarm: Alarm;
  readonly bulkQueueOldestMessageAlarm: Alarm;
  readonly api5xxAlarm: Alarm;
  readonly functionAlarms: Readonly<Record<FunctionName, { readonly errors: Alarm; readonly throttles: Alarm }>>;
  private readonly action: SnsAction;

  constructor(scope: Construct, id: string, props: ObservabilityProps) {
    super(scope, id);
    const stack = Stack.of(this);

    for (const fn of Object.values(props.functions) as AppFunction[]) {
      fn.fn.addEnvironment(POWERTOOLS_ENV.logLevel, props.logLevel);
      fn.fn.addEnvironment(POWERTOOLS_ENV.tracerCaptureResponse, 'false');
      fn.fn.addEnvironment(POWERTOOLS_ENV.tracerCaptureError, 'false');
    }

    this.topicKey = props.topicKey;
    this.topic = new Topic(this, 'AlarmTopic', {
      displayName: `Social care ${props.stageName} alarms`,
      masterKey: this.topicKey,
      enforceSSL: true,
    });
    this.topic.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CloudWatchAlarmsOfThisAccount',
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnLike: { 'aws:SourceArn': `arn:${stack.partition}:cloudwatch:${stack.region}:${stack.account}:alarm:*` },
        },
      }),
    );
    if (props.alarmEmail) this.topic.addSubscription(new EmailSubscription(props.alarmEmail));
    this.action = new SnsAction(this.topic);

    const alarmName = (suffix: string) => `${stack.stackName}-${suffix}`;

    this.dlqNotEmptyAlarm = this.alarm('EventsDlqNotEmptyAlarm', {
      alarmName: alarmName('events-dlq-not-empty'),
      alarmDescription:
        'Messages are waiting on the events dead-letter queue (EventsDeadLetterQueueUrl output). Each is a post that was never turned into a case: either the classifier failed on it 5 times (its log, service classify, has "record failed" with the messageId) or a platform sent an item that failed its schema (message attribute kind=invalid-item). Nothing retries them: read them, fix the cause, then redrive them to the events queue (SQS console, "Start DLQ redrive") or delete them.',
      metric: props.eventsDeadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: ALARM_PERIOD, statistic: 'Maximum' }),
      threshold: 1,
    });
    this.queueOldestMessageAlarm = this.alarm('EventsQueueOldestMessageAlarm', {
      alarmName: alarmName('events-queue-backlog'),
      alarmDescription: `The oldest post on the events queue has waited ${QUEUE_AGE_ALARM_SECONDS / 60} minutes or more: the classifier is not keeping up or keeps failing, so new posts are not becoming cases and nobody is paged for them. Look at the classify function's Errors, Throttles and logs (service classify) and at the cases table's throttling; messages that fail 5 times move to the DLQ.`,
      metric: props.eventsQueue.metricApproximateAgeOfOldestMessage({ period: ALARM_PERIOD, statistic: 'Maximum' }),
      threshold: QUEUE_AGE_ALARM_SECONDS,
    });
    this.bulkQueueOldestMessageAlarm = this.alarm('BulkQueueOldestMessageAlarm', {
      alarmName: alarmName('bulk-queue-backlog'),
      alarmDescription: `The oldest bundle on the bulk queue (the events of deliveries of more than 50 posts, 100 to a message) has waited ${QUEUE_AGE_ALARM_SECONDS / 60} minutes or more: a big delivery is not becoming cases, so nobody is paged for what is in it. Ordinary deliveries are not held up by it (they have their own queue). Look at the classify function's Errors, Throttles and logs (service classify, "record failed") and at the cases table's throttling; a bundle that fails 5 times moves to the events DLQ. If the backlog is only large, raise the bulk mapping's maximum concurrency (FUNCTIONS.classify.consumesBulk).`,
      metric: props.bulkQueue.metricApproximateAgeOfOldestMessage({ period: ALARM_PERIOD, statistic: 'Maximum' }),
      threshold: QUEUE_AGE_ALARM_SECONDS,
    });
    this.notifyOn(props.escalation.executionsFailedAlarm);
    this.notifyOn(props.escalation.exhaustedAlarm);
    // And every other alarm the stack's constructs made before this one (a flow's own alarms), so none stays silent.
    for (const c of stack.node.findAll()) {
      if (c instanceof Alarm && !this.alarms.includes(c)) this.notifyOn(c);
    }

    const functionAlarms: Partial<Record<FunctionName, { errors: Alarm; throttles: Alarm }>> = {};
    for (const [name, fn] of Object.entries(props.functions) as [FunctionName, AppFunction][]) {
      const id = pascal(name);
      functionAlarms[name] = {
        errors: this.alarm(`${id}ErrorsAlarm`, {
          alarmName: alarmName(`${name}-errors`),
          alarmDescription: [
            `The ${name} function failed (threw, timed out or ran out of memory) at least once in 5 minutes.`,
            FUNCTION_IMPACT[name],
            "Its log group has the error (level ERROR, or the Lambda runtime's own line); the X-Ray trace shows which AWS call failed.",
          ].filter(Boolean).join(' '),
          metric: fn.fn.metricErrors({ period: ALARM_PERIOD, statistic: 'Sum' }),
          threshold: 1,
        }),
        throttles: this.alarm(`${id}ThrottlesAlarm`, {
          alarmName: alarmName(`${name}-throttles`),
          alarmDescription: `Lambda refused to run the ${name} function at least once in 5 minutes: the account's concurrency limit (or a reserved concurrency) is used up. Webhook deliveries get 429/5xx and are retried by the platform, queue batches wait, escalation steps are retried by Step Functions. Check the account's ConcurrentExecutions and ask for a higher limit if traffic is real.`,
          metric: fn.fn.metricThrottles({ period: ALARM_PERIOD, statistic: 'Sum' }),
          threshold: 1,
        }),
      };
    }
    this.functionAlarms = functionAlarms as Record<FunctionName, { errors: Alarm; throttles: Alarm }>;

    this.api5xxAlarm = this.alarm('Api5xxAlarm', {
      alarmName: alarmName('api-5xx'),
      alarmDescription:
        'The HTTP API answered 5xx at least once in 5 minutes. A 503 from a webhook means the events queue or the app secret was unreachable, or the secret is not filled in yet (the log names the missing fields); platforms retry (Meta for 36 h), so nothing is lost yet. A 500 is an unexpected error: see the functions\' Errors alarms and logs, and the API access log (integrationError).',
      metric: props.api.metricServerError({ period: ALARM_PERIOD, statistic: 'Sum' }),
      threshold: 1,
    });

    this.dashboardName = `SocialCare-${props.stageName}`;
    this.dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: this.dashboardName,
      defaultInterval: Duration.hours(6),
    });
    this.dashboard.addWidgets(
      new TextWidget({
        markdown: `# Social care (${props.stageName})\nPosts in, cases out, pages to on-call. Every alarm below notifies the alarm topic; each one's description says what it means and what to do. Custom metrics are in namespace \`${METRICS_NAMESPACE}\` (dimension \`service\`).`,
        width: 24,
        height: 2,
      }),
    );
    this.dashboard.addWidgets(new AlarmStatusWidget({ title: 'Alarms', alarms: this.alarms, width: 24, height: 4 }));
    this.dashboard.addWidgets(...this.widgets(props));
  }

  /** Routes `alarm` to the alarm topic (ALARM and OK) and lists it on the dashboard's alarm widget. */
  notifyOn(alarm: Alarm): void {
    alarm.addAlarmAction(this.action);
    alarm.addOkAction(this.action);
    this.alarms.push(alarm);
  }

  private alarm(id: string, props: { alarmName: string; alarmDescription: string; metric: IMetric; threshold: number }): Alarm {
    const alarm = new Alarm(this, id, {
      ...props,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    this.notifyOn(alarm);
    return alarm;
  }

  private widgets(props: ObservabilityProps): GraphWidget[] {
    const period = ALARM_PERIOD;
    const functions = Object.entries(props.functions) as [FunctionName, AppFunction][];
    const { stateMachine } = props.escalation;
    const graph = (title: string, left: IMetric[], more: Partial<ConstructorParameters<typeof GraphWidget>[0]> = {}) =>
      new GraphWidget({ title, left, width: 8, height: 6, period, ...more });
    /** Names of the custom metrics placed so far: the rest of config/metrics.ts gets a graph each at the end. */
    const shown = new Set<string>();
    const custom = (spec: MetricSpec, statistic: string, dimensionValue?: string) => {
      shown.add(spec.name);
      return customMetric(spec, statistic, dimensionValue);
    };
    /** Every value of the metric's extra dimension: the fixed ones, or a search when the set is open. */
    const everyValue = (spec: MetricSpec, statistic: string): IMetric[] => {
      shown.add(spec.name);
      const values = spec.dimension?.values;
      if (values === undefined) return [customMetric(spec, statistic)];
      if (values === 'open') return [new SearchExpression({ expression: searchOf(spec, statistic, period), period })];
      return values.map((v) => customMetric(spec, statistic, v));
    };
    const sla = (name: string, statistic: string, label?: string) => {
      shown.add(name);
      return new SearchExpression({ expression: searchByName(name, SLA_METRIC_DIMENSIONS[name]!, statistic, period), period, ...(label ? { label } : {}) });
    };

    const widgets = [
      graph('Events received per platform', everyValue(METRICS.eventsReceived, 'Sum'), { stacked: true }),
      graph('Cases created by urgency', everyValue(METRICS.casesCreated, 'Sum'), { stacked: true }),
      graph('Duplicate deliveries (platform retries, redeliveries)', [custom(METRICS.duplicateDeliveries, 'Sum')]),
      graph('Time to first page (ms)', [custom(METRICS.timeToPage, 'p50'), custom(METRICS.timeToPage, 'p99')]),
      graph('Time to acknowledge (ms)', [custom(METRICS.timeToAck, 'p50'), custom(METRICS.timeToAck, 'p99')]),
      // Recorded by the classifier when the business first replies (and by any other service that does), per urgency.
      graph('First response time (ms)', [sla(SLA_METRICS.firstResponseTime, 'p50', 'p50'), sla(SLA_METRICS.firstResponseTime, 'p99', 'p99')]),
      graph('SLA breaches and warnings, crisis alerts', [
        sla(SLA_METRICS.breaches, 'Sum'),
        sla(SLA_METRICS.warnings, 'Sum'),
        sla(SLA_METRICS.crisisAlerts, 'Sum'),
      ]),
      graph('Offers sent and chosen', [
        custom(METRICS.offersSent, 'Sum'),
        custom(METRICS.offerFailures, 'Sum'),
        ...everyValue(METRICS.offersChosen, 'Sum'),
        ...everyValue(METRICS.offersSkipped, 'Sum'),
      ]),
      graph('Escalations and pages', [
        stateMachine.metricStarted({ statistic: 'Sum', label: 'executions started' }),
        stateMachine.metricFailed({ statistic: 'Sum', label: 'executions failed' }),
        custom(METRICS.escalationsExhausted, 'Sum'),
        custom(METRICS.pagesSent, 'Sum'),
        custom(METRICS.pageFailures, 'Sum'),
      ]),
      graph('Events queue: oldest message (s), DLQ depth', [
        props.eventsQueue.metricApproximateAgeOfOldestMessage({ statistic: 'Maximum', label: 'oldest message age (s)' }),
      ], {
        right: [
          props.eventsDeadLetterQueue.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum', label: 'messages on the DLQ' }),
          props.eventsQueue.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum', label: 'messages waiting' }),
          props.bulkQueue.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum', label: 'bundles waiting (bulk queue)' }),
        ],
      }),
      graph('HTTP API: requests, 4xx, 5xx', [
        props.api.metricCount({ statistic: 'Sum', label: 'requests' }),
        props.api.metricClientError({ statistic: 'Sum', label: '4xx' }),
        props.api.metricServerError({ statistic: 'Sum', label: '5xx' }),
      ]),
      graph('Function errors', functions.map(([name, fn]) => fn.fn.metricErrors({ statistic: 'Sum', label: name }))),
      graph('Function throttles', functions.map(([name, fn]) => fn.fn.metricThrottles({ statistic: 'Sum', label: name }))),
      graph('Function duration p99 (ms)', functions.map(([name, fn]) => fn.fn.metricDuration({ statistic: 'p99', label: name }))),
    ];
    // Whatever else config/metrics.ts lists (a metric added there shows up without touching this file).
    for (const spec of Object.values(METRICS) as MetricSpec[]) {
      if (shown.has(spec.name)) continue;
      const stats = spec.unit === 'Milliseconds' ? ['p50', 'p99'] : ['Sum'];
      widgets.push(graph(`${spec.name}: ${spec.description}`, stats.flatMap((stat) => everyValue(spec, stat))));
    }
    return widgets;
  }
}

/**
 * The SLA flow's metrics (lambdas/domain/sla/), recorded through the services that run its code (first-response time
 * by the classifier, breaches, warnings and crisis alerts by the SLA steps function): the dashboard finds them by
 * name over every service, with exactly these extra dimensions.
 */
export const SLA_METRICS = {
  firstResponseTime: 'FirstResponseTime',
  breaches: 'SlaBreaches',
  warnings: 'SlaWarnings',
  crisisAlerts: 'CrisisAlerts',
} as const;
const SLA_METRIC_DIMENSIONS: Record<string, string> = {
  FirstResponseTime: 'urgency',
  SlaBreaches: 'urgency',
  SlaWarnings: 'urgency',
  CrisisAlerts: 'scope',
};

/** What a failing function means for the people relying on it, for its Errors alarm. */
const FUNCTION_IMPACT: Partial<Record<FunctionName, string>> = {
  metaWebhook: 'Meta deliveries got a 500 and Meta will retry them.',
  xWebhook: 'X deliveries got a 500 and X will retry them.',
  genericWebhook: 'Review-site and other Standard Webhooks deliveries got a 500; their senders retry.',
  classify: 'A queued post was not made into a case; SQS retries it, and after 5 receives it lands on the DLQ.',
  escalationSteps: 'A paging step failed; Step Functions retries it, and the ExecutionsFailed alarm fires if retries run out.',
  slaSweep: 'A first-response check (due time, pre-breach warning or breach record) failed; it runs again at the next sweep, a minute later. The log line "sla checks failed" names the cases and stages.',
  linkPages: 'Someone tapping an acknowledgement or offer link saw an error page.',
  staffApi: 'The care team\'s queue or a case action answered 500.',
};

/** A custom metric of config/metrics.ts with its exact dimensions: `service`, and its one extra dimension's value. */
export function customMetric(spec: MetricSpec, statistic: string, dimensionValue?: string): Metric {
  const dimensionsMap: Record<string, string> = { service: spec.service };
  if (spec.dimension && dimensionValue !== undefined) dimensionsMap[spec.dimension.name] = dimensionValue;
  return new Metric({
    namespace: METRICS_NAMESPACE,
    metricName: spec.name,
    dimensionsMap,
    statistic,
    period: ALARM_PERIOD,
    label: dimensionValue !== undefined ? `${spec.name} ${dimensionValue} (${statistic})` : `${spec.name} (${statistic})`,
  });
}

/** A SEARCH over every value of a metric's open dimension, with exactly its dimension set `{service, <dimension>}`. */
export function searchOf(spec: MetricSpec, statistic: string, period: Duration): string {
  const schema = spec.dimension ? `{${METRICS_NAMESPACE},${spec.dimension.name},service}` : `{${METRICS_NAMESPACE},service}`;
  return `SEARCH('${schema} MetricName="${spec.name}" service="${spec.service}"', '${statistic}', ${period.toSeconds()})`;
}

/** A SEARCH for a metric by name over every service, with exactly the dimensions `{service, <dimension>}`. */
export function searchByName(name: string, dimension: string, statistic: string, period: Duration): string {
  return `SEARCH('{${METRICS_NAMESPACE},${dimension},service} MetricName="${name}"', '${statistic}', ${period.toSeconds()})`;
}
