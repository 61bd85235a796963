import { Aspects, CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { FUNCTIONS, type FunctionName, HTTP_ROUTES, QUEUES } from '../config/resources';
import type { AppFunction } from './app-function';
import { AppSecrets } from './app-secrets';
import { CasesTable } from './cases-table';
import { Classifier } from './classifier';
import { ConsoleSite } from './console-site';
import { CustomDomain } from './custom-domain';
import { DataKey, EncryptLogGroups } from './data-key';
import { EscalationFlow } from './escalation-flow';
import { SlaFlow } from './sla-flow';
import { SlaSweep } from './sla-sweep';
import { EventsQueue } from './events-queue';
import { bindPublicBaseUrl, type FunctionDependencies, type SharedDependencies } from './function-factory';
import { IntakeApi, type WebhookUrl } from './intake-api';
import { Observability } from './observability';
import { StaffAuth } from './staff-auth';
import { configuredPublicBaseUrl, type Stage } from './stage-config';

export interface SocialCareStackProps extends StackProps {
  /** The selected stage and its settings (lib/stage-config.ts). */
  readonly stage: Stage;
}

/**
 * The deployable unit: signed webhooks in through the HTTP API, SocialEvents onto the events queue, the classifier
 * folding them into cases in the cases table and starting the escalation flow (its steps function pages on-call by
 * SMS and email and offers customers a channel), the link pages behind those messages, and the staff API (behind
 * Cognito) where the team reads and works the case queue, from the care console (S3 behind CloudFront).
 * One stack for now; the constructs only meet through their interfaces, so the stateful ones (queue, secret,
 * table, user pool) can move to a stateful stack without changing the others.
 */
export class SocialCareStack extends Stack {
  /** The customer managed key of everything the stack stores (`dataKey.key`; lib/data-key.ts). */
  readonly dataKey: DataKey;
  readonly eventsQueue: EventsQueue;
  /** Big deliveries' events in bundles, consumed beside the events queue (config/resources.ts QUEUES.bulk). */
  readonly bulkQueue: EventsQueue;
  readonly appSecrets: AppSecrets;
  readonly casesTable: CasesTable;
  readonly escalation: EscalationFlow;
  /** Crisis alerts (lib/sla-flow.ts). */
  readonly sla: SlaFlow;
  /** First-response clocks, checked every minute (lib/sla-sweep.ts). */
  readonly slaSweep: SlaSweep;
  readonly staffAuth: StaffAuth;
  /** The care team's console: the build on S3 behind CloudFront (lib/console-site.ts). */
  readonly console: ConsoleSite;
  readonly intakeApi: IntakeApi;
  readonly classifier: Classifier;
  /** Every function of FUNCTIONS, whichever construct owns its trigger. */
  readonly functions: Readonly<Record<FunctionName, AppFunction>>;
  /** Base of the /ack/{code} and /offer/{code} links (PUBLIC_BASE_URL), without a trailing slash. */
  readonly publicBaseUrl: string;
  /** Log level, alarms and their topic, the dashboard (lib/observability.ts). */
  readonly observability: Observability;

  constructor(scope: Construct, id: string, props: SocialCareStackProps) {
    const { stage, ...stackProps } = props;
    super(scope, id, {
      description: `Social customer care (${stage.name}): platform webhooks via API Gateway and Lambda onto SQS, classified into DynamoDB cases, escalation in Step Functions, staff API behind Cognito`,
      ...stackProps,
    });
    const { settings } = stage;
    // Validated against RetentionDays in stage-config.ts.
    const logRetention = settings.logRetentionDays as RetentionDays;
    const dataRemovalPolicy = settings.dataRemovalPolicy === 'retain' ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    this.dataKey = new DataKey(this, 'DataKey', { stageName: stage.name, removalPolicy: dataRemovalPolicy });
    const encryptionKey = this.dataKey.key;
    // Every log group of the stack, including ones added later, is encrypted with the data key.
    Aspects.of(this).add(new EncryptLogGroups(encryptionKey));
    this.eventsQueue = new EventsQueue(this, 'EventsQueue', { spec: QUEUES.events, encryptionKey });
    this.bulkQueue = new EventsQueue(this, 'BulkQueue', { spec: QUEUES.bulk, encryptionKey, deadLetterQueue: this.eventsQueue.deadLetterQueue });
    this.appSecrets = new AppSecrets(this, 'AppSecrets', { encryptionKey });
    this.casesTable = new CasesTable(this, 'CasesTable', {
      removalPolicy: dataRemovalPolicy,
      deletionProtection: settings.deletionProtection,
      encryptionKey,
    });
    // Before the sign-in and the API: its URL is a sign-in callback and the staff API's one CORS origin.
    this.console = new ConsoleSite(this, 'Console', { removalPolicy: dataRemovalPolicy, logRetention });
    this.staffAuth = new StaffAuth(this, 'StaffAuth', {
      threatProtection: settings.staffThreatProtection,
      removalPolicy: dataRemovalPolicy,
      deletionProtection: settings.deletionProtection,
      stageName: stage.name,
      consoleUrl: this.console.url,
    });

    const shared: SharedDependencies = {
      queues: { events: this.eventsQueue.queue, bulk: this.bulkQueue.queue },
      deadLetterQueues: { events: this.eventsQueue.deadLetterQueue, bulk: this.bulkQueue.deadLetterQueue },
      secret: this.appSecrets.secret,
      secretsMaxAge: Duration.seconds(settings.secretsMaxAgeSeconds),
      casesTable: this.casesTable,
      escalationSettings: settings.escalation,
      logRetention,
      slaMinutes: settings.slaMinutes,
      tracing: settings.tracing,
      ...(settings.caseRetentionDays !== undefined ? { caseRetentionDays: settings.caseRetentionDays } : {}),
    };
    // Before the API and the classifier: the classifier starts it, and it owns the steps function.
    this.escalation = new EscalationFlow(this, 'Escalation', { ...shared, logRemovalPolicy: dataRemovalPolicy });
    this.sla = new SlaFlow(this, 'Sla', { ...shared, logRemovalPolicy: dataRemovalPolicy });
    this.slaSweep = new SlaSweep(this, 'SlaSweep', shared);
    const deps: FunctionDependencies = { ...shared, escalation: this.escalation, sla: this.sla };
    this.intakeApi = new IntakeApi(this, 'IntakeApi', {
      ...deps,
      throttle: settings.apiThrottle,
      staffAuthorizer: this.staffAuth.authorizer,
      staffOrigins: [this.console.origin],
    });
    // The page is written with the API's, the sign-in service's and the client's values, which exist only now.
    this.console.deploy({ apiUrl: this.intakeApi.url, signInUrl: this.staffAuth.signInUrl, clientId: this.staffAuth.client.userPoolClientId });
    this.classifier = new Classifier(this, 'Classifier', { ...deps, settings });
    this.functions = allFunctions({
      ...this.intakeApi.functions,
      classify: this.classifier.function,
      escalationSteps: this.escalation.stepsFunction,
      slaSteps: this.sla.stepsFunction,
      slaSweep: this.slaSweep.function,
    });
    // The links in pages and offers point at the API, which exists only now.
    const customDomain = settings.customDomain
      ? new CustomDomain(this, 'CustomDomain', { ...settings.customDomain, api: this.intakeApi.api, stage: this.intakeApi.stage })
      : undefined;
    this.publicBaseUrl = bindPublicBaseUrl(this.functions, { ...settings.escalation, publicBaseUrl: configuredPublicBaseUrl(settings) }, this.intakeApi.url);
    // What platforms are told: the organisation's own name when it has one (webhook registrations outlive stacks).
    const webhookBase = customDomain?.url ?? this.intakeApi.url;
    // Last: it watches every function, queue, flow and the API.
    this.observability = new Observability(this, 'Observability', {
      stageName: stage.name,
      functions: this.functions,
      eventsQueue: this.eventsQueue.queue,
      bulkQueue: this.bulkQueue.queue,
      eventsDeadLetterQueue: this.eventsQueue.deadLetterQueue,
      escalation: this.escalation,
      api: this.intakeApi.api,
      logLevel: settings.logLevel,
      ...(settings.alarmEmail ? { alarmEmail: settings.alarmEmail } : {}),
      topicKey: this.dataKey.key,
    });

    new CfnOutput(this, 'ApiUrl', { value: this.intakeApi.url, description: 'Base URL of the HTTP API' });
    const linkPaths = [...new Set(HTTP_ROUTES.filter((r) => r.auth === 'link').map((r) => r.path))];
    new CfnOutput(this, 'PublicBaseUrl', {
      value: this.publicBaseUrl,
      description: `Base of the links sent by SMS and email (${linkPaths.join(', ')}): the stage's escalation.publicBaseUrl, else its customDomain, else the API URL`,
    });
    for (const webhook of this.intakeApi.webhookUrls) {
      new CfnOutput(this, webhookOutputId(webhook, this.intakeApi.webhookUrls), {
        value: `${webhookBase}${webhook.path.replace(/^\//, '')}`,
        description: webhook.path.includes('{')
          ? `Webhook URL to register with the platform; replace ${webhook.path.match(/\{[^}]+\}/g)?.join(', ')}`
          : 'Webhook URL to register with the platform',
      });
    }
    new CfnOutput(this, 'ConsoleUrl', {
      value: this.console.url,
      description: 'The care console: staff sign in here (managed login, MFA) and work the queue in a browser',
    });
    new CfnOutput(this, 'StaffApiUrl', {
      value: this.intakeApi.staffApiUrl,
      description: 'Base URL of the staff API (GET cases, GET cases/{id}, POST cases/{id}/acknowledge|assign|responded|resolve|reclassify); send a Cognito token as Authorization: Bearer',
    });
    new CfnOutput(this, 'UserPoolId', {
      value: this.staffAuth.userPool.userPoolId,
      description: 'Staff user pool: create staff accounts here (no self sign-up)',
    });
    new CfnOutput(this, 'UserPoolClientId', {
      value: this.staffAuth.client.userPoolClientId,
      description: 'App client of staff sign-in (managed login with PKCE, or SRP; no secret)',
    });
    new CfnOutput(this, 'StaffSignInUrl', {
      value: this.staffAuth.signInUrl,
      description: 'Cognito managed login of the staff pool: npm run staff -- token --sign-in-url <this> --client-id <UserPoolClientId>',
    });
    new CfnOutput(this, 'CasesTableName', { value: this.casesTable.table.tableName });
    new CfnOutput(this, 'DataKeyArn', {
      value: encryptionKey.keyArn,
      description: `KMS key (${this.dataKey.aliasName}) of the table, queues, secret, log groups and alarm topic`,
    });
    new CfnOutput(this, 'EscalationStateMachineArn', { value: this.escalation.stateMachine.stateMachineArn });
    new CfnOutput(this, 'SlaStateMachineArn', { value: this.sla.stateMachine.stateMachineArn });
    new CfnOutput(this, 'AppSecretsArn', {
      value: this.appSecrets.secret.secretArn,
      description: 'Secret to fill in after the first deploy (schemas/app-secrets.ts)',
    });
    new CfnOutput(this, 'EventsQueueUrl', { value: this.eventsQueue.queue.queueUrl });
    new CfnOutput(this, 'EventsDeadLetterQueueUrl', { value: this.eventsQueue.deadLetterQueue.queueUrl });
    new CfnOutput(this, 'EventsDeadLetterQueueArn', {
      value: this.eventsQueue.deadLetterQueue.queueArn,
      description: 'Redrive after fixing the cause: aws sqs start-message-move-task --source-arn <this> (docs/operations.md)',
    });
    new CfnOutput(this, 'AlarmTopicArn', {
      value: this.observability.topic.topicArn,
      description: 'Every alarm notifies this topic: subscribe on-call (email, SMS, a chat or paging integration)',
    });
    new CfnOutput(this, 'DashboardName', { value: this.observability.dashboardName, description: 'CloudWatch dashboard of the pipeline' });
  }

  /** The deployed function of FUNCTIONS[name]. */
  functionFor(name: FunctionName): AppFunction {
    return this.functions[name];
  }
}

/** Fails synth when a function of FUNCTIONS has no trigger (no route, not a queue consumer), naming it. */
function allFunctions(created: Partial<Record<FunctionName, AppFunction>>): Record<FunctionName, AppFunction> {
  const missing = (Object.keys(FUNCTIONS) as FunctionName[]).filter((name) => !created[name]);
  if (missing.length > 0) {
    throw new Error(
      `functions ${missing.join(', ')} of FUNCTIONS are not deployed: give each a route in HTTP_ROUTES, a 'consumes' queue handled by a construct (lib/classifier.ts), or an owner like the escalation flow (lib/escalation-flow.ts)`,
    );
  }
  return created as Record<FunctionName, AppFunction>;
}

/** `MetaWebhookUrl`; a function serving several paths gets the path in the id too, so ids stay unique. */
export function webhookOutputId(webhook: WebhookUrl, all: readonly WebhookUrl[]): string {
  const fnPart = webhook.fn.charAt(0).toUpperCase() + webhook.fn.slice(1);
  if (all.filter((w) => w.fn === webhook.fn).length === 1) return `${fnPart}Url`;
  const pathPart = webhook.path
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((s) => s.charAt(0).toUpperCase() + s.slice(1))
    .join('');
  return `${fnPart}${pathPart}Url`;
}
