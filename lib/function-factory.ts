import type { Duration } from 'aws-cdk-lib';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { ENV, FUNCTIONS, type FunctionName, type FunctionSpec, type QUEUES } from '../config/resources';
import { AppFunction } from './app-function';
import type { CasesTable } from './cases-table';
import type { EscalationFlow } from './escalation-flow';

export type QueueName = keyof typeof QUEUES;

/** The env var carrying each queue's URL. A Record, so a queue added to QUEUES without one fails to compile. */
export const QUEUE_URL_ENV: Record<QueueName, string> = { events: ENV.eventsQueueUrl };
/** The env var carrying each dead-letter queue's URL, for functions that park unprocessable input there. */
export const DLQ_URL_ENV: Record<QueueName, string> = { events: ENV.eventsDlqUrl };

/**
 * Powertools service name per function, one per bounded context, so logs and metrics group by it (the handlers'
 * Loggers name the same ones). A Record, so a function added to FUNCTIONS without one fails to compile.
 */
export const SERVICE_NAMES: Record<FunctionName, string> = {
  metaWebhook: 'intake',
  xWebhook: 'intake',
  genericWebhook: 'intake',
  classify: 'classify',
  staffApi: 'staff-api',
};

/** What a function of FUNCTIONS can be bound to; each gets only what its spec names. */
export interface FunctionDependencies {
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
  /** The escalation state machine, startable by functions with `startsEscalation`. */
  readonly escalation: EscalationFlow;
  /** Retention of every function's log group. */
  readonly logRetention: RetentionDays;
}

/**
 * Creates the AppFunction for FUNCTIONS[name] with exactly the access its spec asks for: sending to its `sendsTo`
 * queues and `parksInvalidIn` DLQs, reading the app secret, the cases table at its `usesCasesTable` level, and
 * starting the escalation flow; each binding also sets the env var the handler reads. The trigger (route, queue)
 * is the caller's: the construct that owns it.
 */
export function createAppFunction(scope: Construct, id: string, name: FunctionName, deps: FunctionDependencies): AppFunction {
  const spec: FunctionSpec = FUNCTIONS[name];
  const fn = new AppFunction(scope, id, { spec, serviceName: SERVICE_NAMES[name], logRetention: deps.logRetention });
  for (const queue of spec.sendsTo ?? []) fn.bindQueueSend(deps.queues[queue], QUEUE_URL_ENV[queue]);
  for (const queue of spec.parksInvalidIn ?? []) fn.bindQueueSend(deps.deadLetterQueues[queue], DLQ_URL_ENV[queue]);
  if (spec.readsSecrets) {
    fn.bindSecretRead(deps.secret, ENV.appSecretsArn);
    fn.fn.addEnvironment(ENV.secretsMaxAgeSeconds, String(deps.secretsMaxAge.toSeconds()));
  }
  if (spec.usesCasesTable) deps.casesTable.grantAccess(fn, spec.usesCasesTable);
  if (spec.startsEscalation) deps.escalation.grantStartExecution(fn);
  return fn;
}

/** `metaWebhook` → `MetaWebhook`: construct ids are PascalCase and stable (renaming one replaces its resources). */
export function pascal(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}
