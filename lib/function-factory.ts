import type { Duration } from 'aws-cdk-lib';
import { Tracing } from 'aws-cdk-lib/aws-lambda';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { ENV, FUNCTIONS, type FunctionName, type FunctionSpec, type QUEUES } from '../config/resources';
import { AppFunction } from './app-function';
import type { CasesTable } from './cases-table';
import type { EscalationFlow } from './escalation-flow';
import type { SlaFlow } from './sla-flow';
import type { EscalationStageSettings, StageSettings } from './stage-config';

export type QueueName = keyof typeof QUEUES;

/** The env var carrying each queue's URL. A Record, so a queue added to QUEUES without one fails to compile. */
export const QUEUE_URL_ENV: Record<QueueName, string> = { events: ENV.eventsQueueUrl, bulk: ENV.bulkQueueUrl };
/** The env var carrying each dead-letter queue's URL, for functions that park unprocessable input there (one shared DLQ). */
export const DLQ_URL_ENV: Record<QueueName, string> = { events: ENV.eventsDlqUrl, bulk: ENV.eventsDlqUrl };

/**
 * Powertools service name per function, one per bounded context, so logs and metrics group by it (the handlers'
 * Loggers name the same ones). A Record, so a function added to FUNCTIONS without one fails to compile.
 */
export const SERVICE_NAMES: Record<FunctionName, string> = {
  metaWebhook: 'intake',
  xWebhook: 'intake',
  genericWebhook: 'intake',
  classify: 'classify',
  escalationSteps: 'escalation',
  slaSteps: 'sla',
  slaSweep: 'sla',
  linkPages: 'link-pages',
  staffApi: 'staff-api',
};

/** What a function of FUNCTIONS can be bound to, apart from the escalation state machine; each gets only what its spec names. */
export interface SharedDependencies {
  /** Every queue in QUEUES; a function may send to the ones in its `sendsTo` only. */
  readonly queues: { readonly [K in QueueName]: IQueue };
  /** Their dead-letter queues; a function may send to the ones in its `parksInvalidIn` only. */
  readonly deadLetterQueues: { readonly [K in QueueName]: IQueue };
  /** The app secret, readable by functions with `readsSecrets`. */
  readonly secret: ISecret;
  /** How long a warm function caches the app secret (SECRETS_MAX_AGE_SECONDS). */
  readonly secretsMaxAge: Duration;
  /** The cases table, for functions with `usesCasesTable`. */
  readonly casesTable: CasesTable;
  /** The stage's escalation settings: the SES identity and From address (`sendsEmail`), names and windows (`escalationSettings`). */
  readonly escalationSettings: EscalationStageSettings;
  /** Retention of every function's log group. */
  readonly logRetention: RetentionDays;
  /** The stage's first-response targets, for functions with `slaSettings` (SLA_MINUTES). */
  readonly slaMinutes: StageSettings['slaMinutes'];
  /** Which functions X-Ray traces (the stage's `tracing`). */
  readonly tracing: StageSettings['tracing'];
  /** How long cases are kept after their last write, for the functions that write them (CASE_RETENTION_DAYS). */
  readonly caseRetentionDays?: number;
}

/** What a function of FUNCTIONS can be bound to; each gets only what its spec names. */
export interface FunctionDependencies extends SharedDependencies {
  /** The escalation state machine, startable by functions with `startsEscalation`. */
  readonly escalation: EscalationFlow;
  /** The SLA state machine (crisis alerts), startable by functions with `startsSlaWatch`. */
  readonly sla: SlaFlow;
}

/**
 * Creates the AppFunction for FUNCTIONS[name] with exactly the access its spec asks for: sending to its `sendsTo`
 * queues and `parksInvalidIn` DLQs, reading the app secret, the cases table at its `usesCasesTable` level,
 * starting the escalation flow, the SLA minutes (`slaSettings`), sending SMS (`sendsSms`) and email from the stage's SES identity (`sendsEmail`);
 * each binding also sets the env var the handler reads. `escalationSettings` sets the business name, the offer
 * quiet window and the SMS sender id; PUBLIC_BASE_URL comes later from the stack (bindPublicBaseUrl), because the
 * API's URL exists only once the API does. The trigger (route, queue, state machine) is the caller's: the
 * construct that owns it.
 *
 * `deps.escalation` and `deps.sla` may be missing only while EscalationFlow and SlaFlow create their own steps
 * functions, which start no executions.
 */
export function createAppFunction(
  scope: Construct,
  id: string,
  name: FunctionName,
  deps: SharedDependencies & { readonly escalation?: EscalationFlow; readonly sla?: SlaFlow },
): AppFunction {
  const spec: FunctionSpec = FUNCTIONS[name];
  const tracing = spec.perEvent && deps.tracing !== 'all' ? Tracing.PASS_THROUGH : Tracing.ACTIVE;
  const fn = new AppFunction(scope, id, { spec, serviceName: SERVICE_NAMES[name], logRetention: deps.logRetention, tracing });
  for (const queue of spec.sendsTo ?? []) fn.bindQueueSend(deps.queues[queue], QUEUE_URL_ENV[queue]);
  for (const queue of spec.parksInvalidIn ?? []) fn.bindQueueSend(deps.deadLetterQueues[queue], DLQ_URL_ENV[queue]);
  if (spec.readsSecrets) {
    fn.bindSecretRead(deps.secret, ENV.appSecretsArn);
    fn.fn.addEnvironment(ENV.secretsMaxAgeSeconds, String(deps.secretsMaxAge.toSeconds()));
  }
  if (spec.usesCasesTable) deps.casesTable.grantAccess(fn, spec.usesCasesTable);
  if (spec.usesCasesTable && spec.usesCasesTable !== 'read' && deps.caseRetentionDays !== undefined) {
    fn.fn.addEnvironment(ENV.caseRetentionDays, String(deps.caseRetentionDays));
  }
  if (spec.startsEscalation) {
    if (!deps.escalation) throw new Error(`function '${name}' has startsEscalation but was created without the escalation state machine`);
    deps.escalation.grantStartExecution(fn);
  }
  if (spec.startsSlaWatch) {
    if (!deps.sla) throw new Error(`function '${name}' has startsSlaWatch but was created without the SLA state machine`);
    deps.sla.grantStartExecution(fn);
  }
  if (spec.slaSettings) fn.fn.addEnvironment(ENV.slaMinutes, JSON.stringify(deps.slaMinutes));
  const settings = deps.escalationSettings;
  if (spec.sendsSms) fn.allowSmsToPhoneNumbers();
  if (spec.sendsEmail) fn.bindEmailSending(settings.emailFrom, ENV.emailFrom);
  if (spec.escalationSettings) {
    fn.fn.addEnvironment(ENV.businessName, settings.businessName);
    if (settings.sourceNames && Object.keys(settings.sourceNames).length > 0) fn.fn.addEnvironment(ENV.sourceNames, JSON.stringify(settings.sourceNames));
    fn.fn.addEnvironment(ENV.offerQuietDays, String(settings.offerQuietDays));
    fn.fn.addEnvironment(ENV.offerDailyCap, String(settings.offerDailyCap));
    if (settings.smsSenderId !== undefined) fn.fn.addEnvironment(ENV.smsSenderId, settings.smsSenderId);
  }
  return fn;
}

/**
 * Sets PUBLIC_BASE_URL, the base of the links in pages and offers, on every function with `escalationSettings`:
 * the stage's `publicBaseUrl` when it has one, else `apiUrl` (the HTTP API's URL), without a trailing slash, so
 * `${base}/ack/${code}` has one slash.
 */
export function bindPublicBaseUrl(
  functions: Readonly<Record<FunctionName, AppFunction>>,
  settings: EscalationStageSettings,
  apiUrl: string,
): string {
  const base = withoutTrailingSlash(settings.publicBaseUrl ?? apiUrl);
  for (const name of Object.keys(functions) as FunctionName[]) {
    if ((FUNCTIONS[name] as FunctionSpec).escalationSettings) functions[name].fn.addEnvironment(ENV.publicBaseUrl, base);
  }
  return base;
}

/** Drops trailing slashes; works on a URL with tokens too, because the slash after the last token is literal text. */
export function withoutTrailingSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

/** `metaWebhook` → `MetaWebhook`: construct ids are PascalCase and stable (renaming one replaces its resources). */
export function pascal(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}
