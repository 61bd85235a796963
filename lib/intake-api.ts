import { Duration, Stack, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  CorsHttpMethod,
  HttpApi,
  HttpMethod,
  type HttpRoute,
  type IHttpRouteAuthorizer,
  HttpStage,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { FUNCTIONS, type FunctionName, HTTP_ROUTES, type RouteSpec } from '../config/resources';
import type { AppFunction } from './app-function';
import { createAppFunction, type FunctionDependencies, pascal } from './function-factory';

/**
 * How each kind of route is protected. A Record over RouteSpec['auth'], so a new kind of route cannot be added
 * without saying how. `staff` routes carry the Cognito JWT authorizer (lib/staff-auth.ts) and so pass cdk-nag APIG4;
 * the webhook kinds and the link pages cannot have an API Gateway authorizer, and their reason is recorded as the
 * APIG4 acknowledgement on each of their routes.
 */
export const ROUTE_AUTH: Record<RouteSpec['auth'], { readonly authorizer: 'staffJwt' } | { readonly noAuthorizerReason: string }> = {
  signature: {
    noAuthorizerReason:
      'Webhook senders (Meta, X, Standard Webhooks sources) cannot present IAM, JWT or API keys; they sign each delivery with an HMAC over the raw body. API Gateway authorizers never receive the body, so the handler verifies the signature (and timestamp) with the secret from Secrets Manager and rejects anything unsigned or mis-signed before it is queued.',
  },
  handshake: {
    noAuthorizerReason:
      'Subscription handshake that the platform calls without credentials. It returns only a challenge response (Meta: hub.challenge, once hub.verify_token matches the stored token; X: the HMAC of crc_token under the consumer secret), reads no stored data and queues nothing.',
  },
  staff: { authorizer: 'staffJwt' },
  link: {
    noAuthorizerReason:
      'Pages opened from a link in an SMS or email, on a phone, by on-call staff or by customers, neither of whom has AWS or Cognito credentials. The path carries the credential: a single-use, expiring code of 256 random bits, stored only as its SHA-256 hash and checked by the handler against that hash, its expiry and its use. GET only reads and shows the page; POST redeems the code once, with a conditional write, so a replayed or guessed code changes nothing.',
  },
};

/** The kinds of route a platform calls: their paths are the webhook URLs registered with the platforms. */
export const WEBHOOK_AUTH: readonly RouteSpec['auth'][] = ['signature', 'handshake'];

/** HTTP APIs end every integration after 30 s; a longer Lambda timeout would run on after the caller got a 503. */
const API_INTEGRATION_TIMEOUT_SECONDS = 30;

export interface IntakeApiProps extends FunctionDependencies {
  /** Default route throttling of the stage. */
  readonly throttle: { readonly rateLimit: number; readonly burstLimit: number };
  /** The JWT authorizer every `auth: 'staff'` route gets (StaffAuth.authorizer). */
  readonly staffAuthorizer: IHttpRouteAuthorizer;
  /**
   * The browser origins that may call the staff API (the care console's, lib/console-site.ts): CORS answers them and
   * no other. Webhooks and link pages need no CORS (platforms and forms do not ask).
   */
  readonly staffOrigins?: readonly string[];
}

export interface WebhookUrl {
  readonly fn: FunctionName;
  readonly path: string;
  readonly url: string;
}

/**
 * The public HTTP API: an API Gateway HTTP API whose routes (HTTP_ROUTES) invoke the functions of FUNCTIONS. Every
 * function a route names is created here, with exactly the access its spec asks for (createAppFunction). Webhook
 * routes (`signature`, `handshake`) have no authorizer: the handler checks the platform's signature. Link pages
 * (`link`) have none either: the single-use code in the path is the credential, checked by the handler. Staff routes
 * (`staff`) have the Cognito JWT authorizer, so API Gateway rejects a request without a valid staff token (401)
 * before the function runs.
 *
 * The stage is created explicitly (not the API's automatic one) so it can carry JSON access logs and default
 * throttling. A function with no route (a queue consumer) belongs to the construct that owns its trigger.
 */
export class IntakeApi extends Construct {
  readonly api: HttpApi;
  readonly stage: HttpStage;
  readonly accessLogGroup: LogGroup;
  readonly functions: Partial<Record<FunctionName, AppFunction>> = {};
  /** Every route, by `METHOD /path`. */
  readonly routes: Record<string, HttpRoute> = {};
  readonly webhookUrls: readonly WebhookUrl[];

  constructor(scope: Construct, id: string, props: IntakeApiProps) {
    super(scope, id);

    this.api = new HttpApi(this, 'Api', {
      // Names need not be unique; this one tells the stages apart in the console.
      apiName: `${Stack.of(this).stackName}-intake`,
      description: 'Social care webhook intake and staff API',
      createDefaultStage: false,
      ...(props.staffOrigins?.length
        ? {
            // The console sends a bearer token, never a cookie, so credentials stay off; preflights are cached an hour.
            corsPreflight: {
              allowOrigins: [...props.staffOrigins],
              allowMethods: [CorsHttpMethod.GET, CorsHttpMethod.POST],
              allowHeaders: ['authorization', 'content-type'],
              allowCredentials: false,
              maxAge: Duration.hours(1),
            },
          }
        : {}),
    });
    this.accessLogGroup = new LogGroup(this, 'AccessLogs', { retention: props.logRetention });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: props.throttle,
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogGroup),
        // JSON so Logs Insights can query fields. No request path: the link pages carry a single-use code in theirs
        // (a credential), so the route key (`GET /ack/{code}`) stands in; the generic webhooks' source is named by
        // their handler's own log. No query string (Meta's hub.verify_token) and no header (staff tokens) either.
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            requestTime: '$context.requestTime',
            ip: '$context.identity.sourceIp',
            userAgent: '$context.identity.userAgent',
            routeKey: '$context.routeKey',
            status: '$context.status',
            protocol: '$context.protocol',
            responseLength: '$context.responseLength',
            responseLatency: '$context.responseLatency',
            integrationStatus: '$context.integration.status',
            integrationLatency: '$context.integration.latency',
            integrationError: '$context.integrationErrorMessage',
            authorizerError: '$context.authorizer.error',
            error: '$context.error.message',
          }),
        ),
      },
    });

    const served = [...new Set(HTTP_ROUTES.map((route) => route.fn))];
    for (const name of served) {
      assertIntegrationTimeout(name);
      this.functions[name] = createAppFunction(this, pascal(name), name, props);
    }

    const integrations = new Map<FunctionName, HttpLambdaIntegration>();
    for (const route of HTTP_ROUTES) {
      const fn = this.functionFor(route.fn);
      let integration = integrations.get(route.fn);
      if (!integration) {
        integration = new HttpLambdaIntegration(`${pascal(route.fn)}Integration`, fn.fn);
        integrations.set(route.fn, integration);
      }
      const auth = ROUTE_AUTH[route.auth];
      const added = this.api.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration,
        ...('authorizer' in auth ? { authorizer: props.staffAuthorizer } : {}),
      });
      for (const httpRoute of added) {
        if ('noAuthorizerReason' in auth) {
          Validations.of(httpRoute).acknowledge({ id: 'AwsSolutions-APIG4', reason: auth.noAuthorizerReason });
        }
        this.routes[`${route.method} ${route.path}`] = httpRoute;
      }
    }

    // One URL per distinct webhook path (GET and POST of a path share it), in HTTP_ROUTES order. Staff routes and
    // link pages are not webhooks: no platform is told about them.
    const byPath = new Map<string, WebhookUrl>();
    for (const route of HTTP_ROUTES) {
      if (!WEBHOOK_AUTH.includes(route.auth) || byPath.has(route.path)) continue;
      byPath.set(route.path, { fn: route.fn, path: route.path, url: `${this.url}${route.path.replace(/^\//, '')}` });
    }
    this.webhookUrls = [...byPath.values()];
  }

  /** Base URL of the `$default` stage, ending in '/'. */
  get url(): string {
    return this.stage.url;
  }

  /** Base URL of the staff routes (`/api/...`), ending in '/'. */
  get staffApiUrl(): string {
    return `${this.url}api/`;
  }

  /** The function behind a route; throws if that function is not part of this API. */
  functionFor(name: FunctionName): AppFunction {
    const fn = this.functions[name];
    if (!fn) throw new Error(`function '${name}' is not served by the HTTP API: add a route for it to HTTP_ROUTES`);
    return fn;
  }
}

function assertIntegrationTimeout(name: FunctionName): void {
  const { timeoutSeconds } = FUNCTIONS[name];
  if (timeoutSeconds > API_INTEGRATION_TIMEOUT_SECONDS) {
    throw new Error(
      `timeoutSeconds ${timeoutSeconds} of function '${name}' exceeds the HTTP API integration limit of ${API_INTEGRATION_TIMEOUT_SECONDS} s: lower it in config/resources.ts`,
    );
  }
}
