import './polyfills';
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import path from 'node:path';
import { ENV, FUNCTIONS, type FunctionName, type FunctionSpec, HTTP_ROUTES, MAX_WEBHOOK_BODY_BYTES, QUEUES, type QueueSpec, TABLES } from '../config/resources';
import { ESCALATION_STATE_MACHINE, escalationDefinition } from '../config/escalation-flow';
import { LOCAL_SECRET_DEFAULTS } from '../lambdas/adapters/app-secrets';
import { ensureTable, startTtlSweeper } from './dynamodb-setup';
import { type SqsHandler, startSqsPoller } from './sqs-poller';
import { type Emulator, startDynamoDb, startSes, startSqsSns, type EmailRecord, type SmsRecord } from './emulators';
import { type LambdaHttpHandler, type LocalRoute, startHttpFront } from './http-front';
import { startStepFunctions, type StepFunctionsEmulator } from './step-functions';

/**
 * The whole backend on this machine, in one process: AWS-API emulators on 127.0.0.1, the resources the CDK stack
 * declares (same registry, `config/resources.ts`), the handler modules the Lambdas bundle, an API Gateway stand-in
 * and SQS pollers standing in for event source mappings. `npm start` and the integration tests both use it.
 *
 * Handler modules read their configuration from the environment at import, as in Lambda, so this module sets the
 * SDK's `AWS_ENDPOINT_URL_<SERVICE>` variables and resource names first and imports the handlers after.
 */

export interface LocalStackOptions {
  /** HTTP port; 0 picks a free one (tests). */
  port?: number;
  /** Where DynamoDB keeps its files; undefined keeps everything in memory. */
  dataDir?: string;
  /** Shorter queue visibility for tests of retries and the DLQ. */
  visibilityTimeoutSeconds?: number;
  /** Called as each part comes up, with the milliseconds since start. */
  onProgress?: (step: string, elapsedMs: number) => void;
  /** One line per HTTP request. */
  onRequest?: (line: string) => void;
  /** Start the consumers of the queues (the classifier); tests of the intake alone turn this off. */
  consumers?: boolean;
  /** How often the TTL sweeper runs (dynalite has no TTL). */
  ttlSweepIntervalMs?: number;
}

export interface Outbox {
  sms: { to: string; body: string; at: string }[];
  email: { to: string[]; subject: string; text: string; html: string; at: string }[];
}

export interface LocalStack {
  url: string;
  endpoints: { dynamodb: string; sqs: string; sns: string; ses: string; stepfunctions: string };
  /** State machines are registered here (with their local Task handlers) by the flows that need them. */
  stepFunctions: StepFunctionsEmulator;
  queues: Record<keyof typeof QUEUES, { url: string; arn: string; dlqUrl: string; dlqArn: string }>;
  handlers: Partial<Record<FunctionName, LambdaHttpHandler>>;
  tables: { cases: string };
  /** Deletes expired items now (what DynamoDB's TTL does in the background); returns how many. */
  sweepExpired(nowEpoch?: number): Promise<number>;
  outbox(): Outbox;
  health(): Promise<{ ok: boolean; components: Record<string, string> }>;
  stop(): Promise<void>;
}

const ROOT = path.resolve(__dirname, '..');

function setAwsEnvironment(endpoints: LocalStack['endpoints']): void {
  Object.assign(process.env, {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: process.env.AWS_ACCESS_KEY_ID || 'local',
    AWS_SECRET_ACCESS_KEY: process.env.AWS_SECRET_ACCESS_KEY || 'local',
    AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
    AWS_ENDPOINT_URL_SQS: endpoints.sqs,
    AWS_ENDPOINT_URL_SNS: endpoints.sns,
    AWS_ENDPOINT_URL_SESV2: endpoints.ses,
    AWS_ENDPOINT_URL_SES: endpoints.ses,
    AWS_ENDPOINT_URL_SFN: endpoints.stepfunctions,
    // Node 20 here, Node 24 in Lambda: the SDK's notice about Node 20 is known and not actionable locally.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  });
  // The local stack never talks to real AWS: the app-secret ARN must not leak in from a developer's shell.
  delete process.env[ENV.appSecretsArn];
}

async function createQueue(sqs: SQSClient, spec: QueueSpec, visibilityTimeoutSeconds?: number) {
  const dlq = await sqs.send(
    new CreateQueueCommand({
      QueueName: spec.dlqLocalName,
      Attributes: { MessageRetentionPeriod: String(spec.dlqRetentionDays * 86_400) },
    }),
  );
  const dlqArn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlq.QueueUrl, AttributeNames: ['QueueArn'] })))
    .Attributes!.QueueArn!;
  const main = await sqs.send(
    new CreateQueueCommand({
      QueueName: spec.localName,
      Attributes: {
        VisibilityTimeout: String(visibilityTimeoutSeconds ?? spec.visibilityTimeoutSeconds),
        RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: spec.maxReceiveCount }),
      },
    }),
  );
  const arn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: main.QueueUrl, AttributeNames: ['QueueArn'] })))
    .Attributes!.QueueArn!;
  return { url: main.QueueUrl!, arn, dlqUrl: dlq.QueueUrl!, dlqArn };
}

async function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('timed out')), ms)));
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Handler modules build their SDK clients once, at import (as in Lambda), from the endpoints of the stack that
 * imported them; a second stack in the same process would run them against the first one's emulators.
 */
let startedInThisProcess = false;

export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  if (startedInThisProcess) {
    throw new Error('the local stack starts once per process (handler modules keep the clients they were loaded with); start another process');
  }
  startedInThisProcess = true;
  const started = performance.now();
  const progress = (step: string) => options.onProgress?.(step, performance.now() - started);
  const stoppers: (() => Promise<void>)[] = [];
  try {
    const [dynamodb, sqsSns, ses, stepFunctions] = await Promise.all([
      startDynamoDb(options.dataDir).then((e) => (progress(`DynamoDB (dynalite) ${e.url}`), e)),
      startSqsSns().then((e) => (progress(`SQS + SNS (fauxqs, SMS recorder) ${e.url}`), e)),
      startSes().then((e) => (progress(`SES (aws-ses-v2-local) ${e.url}`), e)),
      startStepFunctions().then((e) => (progress(`Step Functions (aws-local-stepfunctions) ${e.url}`), e)),
    ]);
    const emulators: Emulator[] = [dynamodb, sqsSns, ses, stepFunctions];
    stoppers.push(...emulators.map((e) => () => e.stop()));
    const endpoints = { dynamodb: dynamodb.url, sqs: sqsSns.url, sns: sqsSns.url, ses: ses.url, stepfunctions: stepFunctions.url };
    setAwsEnvironment(endpoints);

    const sqs = new SQSClient({ endpoint: endpoints.sqs, maxAttempts: 2, useQueueUrlAsEndpoint: false });
    const ddb = new DynamoDBClient({ endpoint: endpoints.dynamodb, maxAttempts: 1 });
    const events = await createQueue(sqs, QUEUES.events, options.visibilityTimeoutSeconds);
    const queues: LocalStack['queues'] = { events };
    process.env[ENV.eventsQueueUrl] = events.url;
    process.env[ENV.eventsDlqUrl] = events.dlqUrl;
    progress('queues created');

    await ensureTable(ddb, TABLES.cases);
    process.env[ENV.casesTable] = TABLES.cases.localName;
    const sweeper = startTtlSweeper(ddb, TABLES.cases, options.ttlSweepIntervalMs);
    stoppers.push(async () => sweeper.stop());
    const escalationArn = stepFunctions.register({ name: ESCALATION_STATE_MACHINE.localName, definition: escalationDefinition() as never, taskHandlers: {} });
    process.env[ENV.escalationStateMachineArn] = escalationArn;
    progress('table and state machine ready');

    const routed = new Set(HTTP_ROUTES.map((r) => r.fn));
    const handlers: Partial<Record<FunctionName, LambdaHttpHandler>> = {};
    for (const [name, spec] of Object.entries(FUNCTIONS) as [FunctionName, FunctionSpec][]) {
      const mod = (await import(path.join(ROOT, spec.entry))) as { handler: unknown };
      if (routed.has(name)) handlers[name] = mod.handler as LambdaHttpHandler;
      if (spec.consumes && options.consumers !== false) {
        const queue = queues[spec.consumes.queue];
        const poller = startSqsPoller({
          client: sqs,
          queueUrl: queue.url,
          queueArn: queue.arn,
          functionName: name,
          handler: mod.handler as SqsHandler,
          batchSize: spec.consumes.batchSize,
          functionTimeoutMs: spec.timeoutSeconds * 1000,
        });
        stoppers.unshift(() => poller.stop());
      }
    }
    progress('handlers loaded');

    const outbox = (): Outbox => ({
      sms: sqsSns.sms.map(({ to, body, at }: SmsRecord) => ({ to, body, at })),
      email: ses.emails().map(({ to, subject, text, html, at }: EmailRecord) => ({ to, subject, text, html, at })),
    });

    const health = async () => {
      const checks: Record<string, Promise<unknown>> = {
        dynamodb: ddb.send(new ListTablesCommand({ Limit: 1 })),
        sqs: sqs.send(new GetQueueAttributesCommand({ QueueUrl: events.url, AttributeNames: ['QueueArn'] })),
        ses: fetch(`${endpoints.ses}/health-check`).then((r) => {
          if (!r.ok) throw new Error(`status ${r.status}`);
        }),
        // Any awsJson answer (here: the "no such machine" error) shows the Step Functions API is serving.
        stepfunctions: fetch(endpoints.stepfunctions, { method: 'POST', headers: { 'x-amz-target': 'AWSStepFunctions.ListExecutions' }, body: '{}' }).then((r) => {
          if (r.status !== 400) throw new Error(`status ${r.status}`);
        }),
      };
      const components: Record<string, string> = {};
      await Promise.all(
        Object.entries(checks).map(async ([name, check]) => {
          try {
            await within(1_000, check);
            components[name] = 'ok';
          } catch (err) {
            components[name] = `down: ${err instanceof Error ? err.message : String(err)}`;
          }
        }),
      );
      return { ok: Object.values(components).every((c) => c === 'ok'), components };
    };

    const localRoutes: LocalRoute[] = [
      {
        method: 'GET',
        path: '/healthz',
        serve: async () => {
          const h = await health();
          return { statusCode: h.ok ? 200 : 503, contentType: 'application/json', body: JSON.stringify({ status: h.ok ? 'ok' : 'degraded', components: h.components }) };
        },
      },
      {
        method: 'GET',
        path: '/_local/outbox',
        serve: async () => ({ statusCode: 200, contentType: 'application/json', body: JSON.stringify(outbox()) }),
      },
    ];

    const front = await startHttpFront(
      {
        routes: HTTP_ROUTES,
        handlers,
        localRoutes,
        maxBodyBytes: MAX_WEBHOOK_BODY_BYTES,
        log: options.onRequest,
        staffToken: () => process.env.STAFF_API_TOKEN || LOCAL_SECRET_DEFAULTS.STAFF_API_TOKEN,
      },
      options.port ?? 0,
    );
    stoppers.unshift(
      () =>
        new Promise<void>((resolve) => {
          front.closeAllConnections();
          front.close(() => resolve());
        }),
    );
    progress(`HTTP on ${front.url}`);

    return {
      url: front.url,
      endpoints,
      stepFunctions,
      queues,
      tables: { cases: TABLES.cases.localName },
      sweepExpired: (nowEpoch) => sweeper.sweep(nowEpoch),
      handlers,
      outbox,
      health,
      async stop() {
        for (const stop of stoppers.splice(0)) await stop().catch(() => undefined);
        sqs.destroy();
        ddb.destroy();
      },
    };
  } catch (err) {
    for (const stop of stoppers.splice(0)) await stop().catch(() => undefined);
    throw err;
  }
}
