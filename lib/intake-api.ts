import { type Duration, Stack, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpMethod, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import {
  ENV,
  FUNCTIONS,
  type FunctionName,
  type FunctionSpec,
  HTTP_ROUTES,
  type QUEUES,
  type RouteSpec,
} from '../config/resources';
import { AppFunction } from './app-function';

export type QueueName = keyof typeof QUEUES;

/** The env var carrying each queue's URL. A Record, so a queue added to QUEUES without one fails to compile. */
export const QUEUE_URL_ENV: Record<QueueName, string> = { events: ENV.eventsQueueUrl };
/** The env var carrying each dead-letter queue's URL, for functions that park unprocessable input there. */
export const DLQ_URL_ENV: Record<QueueName, string> = { events: ENV.eventsDlqUrl };

/** Powertools service name of the webhook functions (one per bounded context). */
export const INTAKE_SERVICE_NAME = 'intake';

/**
 * Why each kind of route has no API Gateway authorizer (cdk-nag APIG4). A Record over RouteSpec['auth'], so a new
 * kind of route cannot be added without saying how it is protected.
 */
export const ROUTE_AUTH_REASONS: Record<RouteSpec['auth'], string> = {
  signature:
    'Webhook senders (Meta, X, Standard Webhooks sources) cannot present IAM, JWT or API keys; they sign each delivery with an HMAC over the raw body. API Gateway authorizers never receive the body, so the handler verifies the signature (and timestamp) with the secret from Secrets Manager and rejects anything unsigned or mis-signed before it is queued.',
  handshake:
    'Subscription handshake that the platform calls without credentials. It returns only a challenge response (Meta: hub.challenge, once hub.verify_token matches the stored token; X: the HMAC of crc_token under the consumer secret), reads no stored data and queues nothing.',
};

/** HTTP APIs end every integration after 30 s; a longer Lambda timeout would run on after the caller got a 503. */
const API_INTEGRATION_TIMEOUT_SECONDS = 30;

export interface IntakeApiProps {
  /** Every queue in QUEUES; a function gets access to the ones in its `sendsTo` only. */
  readonly queues: { readonly [K in QueueName]: IQueue };
  /** Their dead-letter queues; a function may send to the ones in its `parksInvalidIn` only. */
  readonly deadLetterQueues: { readonly [K in QueueName]: IQueue };
  /** The app secret, readable by functions with `readsSecrets`. */
  readonly secret: ISecret;
  /** Retention of the access log and of every function's log group. */
  readonly logRetention: RetentionDays;
  /** Default route throttling of the stage. */
  readonly throttle: { readonly rateLimit: number; readonly burstLimit: number };
  /** How long a warm function caches the app secret (SECRETS_MAX_AGE_SECONDS). */
  readonly secretsMaxAge: Duration;
}

export interface WebhookUrl {
  readonly fn: FunctionName;
  readonly path: string;
  readonly url: string;
}

/**
 * The public webhook intake: an API Gateway HTTP API whose routes (HTTP_ROUTES) invoke one Lambda per platform
 * (FUNCTIONS). Each function may send only to the queues in its `sendsTo` and read the secret only if `readsSecrets`.
 *
 * The stage is created explicitly (not the API's automatic one) so it can carry JSON access logs and default
 * throttling. Functions are created for the FUNCTIONS entries that a route serves; a later function with no route
 * (a queue consumer) belongs to the construct that owns its trigger.
 */
export class IntakeApi extends Construct {
  readonly api: HttpApi;
  readonly stage: HttpStage;
  readonly accessLogGroup: LogGroup;
  readonly functions: Partial<Record<FunctionName, AppFunction>> = {};
  readonly webhookUrls: readonly WebhookUrl[];

  constructor(scope: Construct, id: string, props: IntakeApiProps) {
    super(scope, id);

    this.api = new HttpApi(this, 'Api', {
      // Names need not be unique; this one tells the stages apart in the console.
      apiName: `${Stack.of(this).stackName}-intake`,
      description: 'Social care webhook intake',
      createDefaultStage: false,
    });
    this.accessLogGroup = new LogGroup(this, 'AccessLogs', { retention: props.logRetention });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: props.throttle,
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogGroup),
        // JSON so Logs Insights can query fields. $context.path carries no query string, so Meta's hub.verify_token
        // never reaches the log.
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            requestTime: '$context.requestTime',
            ip: '$context.identity.sourceIp',
            userAgent: '$context.identity.userAgent',
            routeKey: '$context.routeKey',
            path: '$context.path',
            status: '$context.status',
            protocol: '$context.protocol',
            responseLength: '$context.responseLength',
            responseLatency: '$context.responseLatency',
            integrationStatus: '$context.integration.status',
            integrationLatency: '$context.integration.latency',
            integrationError: '$context.integrationErrorMessage',
            error: '$context.error.message',
          }),
        ),
      },
    });

    const served = [...new Set(HTTP_ROUTES.map((route) => route.fn))];
    for (const name of served) {
      this.functions[name] = this.createFunction(name, FUNCTIONS[name], props);
    }

    const integrations = new Map<FunctionName, HttpLambdaIntegration>();
    for (const route of HTTP_ROUTES) {
      const fn = this.functionFor(route.fn);
      let integration = integrations.get(route.fn);
      if (!integration) {
        integration = new HttpLambdaIntegration(`${pascal(route.fn)}Integration`, fn.fn);
        integrations.set(route.fn, integration);
      }
      for (const httpRoute of this.api.addRoutes({ path: route.path, methods: [HttpMethod[route.method]], integration })) {
        Validations.of(httpRoute).acknowledge({ id: 'AwsSolutions-APIG4', reason: ROUTE_AUTH_REASONS[route.auth] });
      }
    }

    // One URL per distinct path (GET and POST of a path share it), in HTTP_ROUTES order.
    const byPath = new Map<string, WebhookUrl>();
    for (const route of HTTP_ROUTES) {
      if (byPath.has(route.path)) continue;
      byPath.set(route.path, { fn: route.fn, path: route.path, url: `${this.url}${route.path.replace(/^\//, '')}` });
    }
    this.webhookUrls = [...byPath.values()];
  }

  /** Base URL of the `$default` stage, ending in '/'. */
  get url(): string {
    return this.stage.url;
  }

  /** The function behind a route; throws if that function is not part of this API. */
  functionFor(name: FunctionName): AppFunction {
    const fn = this.functions[name];
    if (!fn) throw new Error(`function '${name}' is not served by the intake API: add a route for it to HTTP_ROUTES`);
    return fn;
  }

  private createFunction(name: FunctionName, spec: FunctionSpec, props: IntakeApiProps): AppFunction {
    if (spec.timeoutSeconds > API_INTEGRATION_TIMEOUT_SECONDS) {
      throw new Error(
        `timeoutSeconds ${spec.timeoutSeconds} of function '${name}' exceeds the HTTP API integration limit of ${API_INTEGRATION_TIMEOUT_SECONDS} s: lower it in config/resources.ts`,
      );
    }
    const fn = new AppFunction(this, pascal(name), {
      spec,
      serviceName: INTAKE_SERVICE_NAME,
      logRetention: props.logRetention,
    });
    for (const queue of spec.sendsTo ?? []) {
      fn.bindQueueSend(props.queues[queue], QUEUE_URL_ENV[queue]);
    }
    for (const queue of spec.parksInvalidIn ?? []) {
      fn.bindQueueSend(props.deadLetterQueues[queue], DLQ_URL_ENV[queue]);
    }
    if (spec.readsSecrets) {
      fn.bindSecretRead(props.secret, ENV.appSecretsArn);
      fn.fn.addEnvironment(ENV.secretsMaxAgeSeconds, String(props.secretsMaxAge.toSeconds()));
    }
    return fn;
  }
}

/** `metaWebhook` → `MetaWebhook`: construct ids are PascalCase and stable (renaming one replaces its resources). */
function pascal(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}
