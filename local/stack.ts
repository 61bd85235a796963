import './polyfills';
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { localConsoleSite } from './console-site';
import { homePage } from './home-page';
import { outboxPage } from './outbox-page';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import path from 'node:path';
import { ENV, FUNCTIONS, type FunctionName, type FunctionSpec, HTTP_ROUTES, MAX_WEBHOOK_BODY_BYTES, QUEUES, type QueueSpec, TABLES } from '../config/resources';
import { substituteDefinition } from '../config/asl';
import { ESCALATION_STATE_MACHINE, escalationDefinition } from '../config/escalation-flow';
import { SLA_STATE_MACHINE, slaDefinition } from '../config/sla-flow';
import { ConfigTable } from '../lambdas/adapters/config-table';
import { loadDirectoryFile } from '../lambdas/domain/escalation/directory';
import { describePolicy, loadPolicyFile } from '../lambdas/domain/escalation/policy';
import type { OncallPolicy } from '../schemas/oncall-policy';
import { ensureTable, startTtlSweeper } from './dynamodb-setup';
import { type Emulator, startSes, startSqsSns, type EmailRecord, type SmsRecord } from './emulators';
import { startFunctionsThread } from './functions-thread';
import { applyLocalSecretDefaults, LOCAL_SECRET_DEFAULTS } from './secret-defaults';
import { hostName, type LambdaHttpHandler, type LocalRoute, startHttpFront } from './http-front';
import { startStepFunctions, type StepFunctionsEmulator, taskStateNames } from './step-functions';

/**
 * The whole backend on this machine, in one process: AWS-API emulators on 127.0.0.1, the resources the CDK stack
 * declares (same registry, `config/resources.ts`), the handler modules the Lambdas bundle, an API Gateway stand-in
 * and SQS pollers standing in for event source mappings. `npm start` and the integration tests both use it.
 *
 * Three threads, so a burst's work never holds up the HTTP front: the main thread runs the front and the functions it
 * routes to, SQS/SNS, SES and Step Functions (whose outbox and executions are read here); the functions thread
 * (local/functions-thread.ts) runs DynamoDB and the functions no route calls (queue consumers with their pollers, the
 * state machines' steps, the schedules); the bulk thread the bulk queue's consumer, which can wait.
 *
 * Handler modules read their configuration from the environment at import, as in Lambda, so this module sets the
 * SDK's `AWS_ENDPOINT_URL_<SERVICE>` variables and resource names first and imports the handlers after.
 */

export interface LocalStackOptions {
  /** HTTP port; 0 picks a free one (tests). */
  port?: number;
  /** How often the console's queue reloads itself (default 15 s). */
  consoleRefreshSeconds?: number;
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
  /** The escalation policy file (default: env ONCALL_FILE, else config/examples/oncall.example.json). */
  oncallFile?: string;
  /** The customer directory file (default: env CUSTOMERS_FILE, else config/examples/customers.example.json). */
  customersFile?: string;
  /** SES as an account in its sandbox: mail only to these verified addresses and domains (tests of refused mail). */
  sesSandboxVerified?: readonly string[];
  /**
   * How often the scheduled functions (the SLA sweep) run; default env LOCAL_SCHEDULE_SECONDS, else their schedule
   * (every minute, as in AWS). Tests of seconds-long SLA targets run them every fraction of a second.
   */
  scheduleIntervalMs?: number;
  /**
   * Puts something between the functions and DynamoDB (bench/dynamo-writes.ts counts write units this way): given the
   * emulator's URL, resolves the URL the functions use instead.
   */
  observeDynamoDb?: (emulatorUrl: string) => Promise<string>;
}

/** Local development and tests may use ack timeouts down to 1 s (production imports enforce 30 s). */
export const LOCAL_MIN_ACK_TIMEOUT_SECONDS = 1;

/** Development defaults of the escalation's settings; `npm start` prints the ones in use. */
export const LOCAL_ESCALATION_DEFAULTS = {
  EMAIL_FROM: 'Customer Care <care@example.com>',
  BUSINESS_NAME: 'Customer Care',
} as const;

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
  /** The escalation policy in force (imported from the policy file at start). */
  policy: OncallPolicy;
  /** Where the policy and the directory were read from. */
  configFiles: { oncall: string; customers: string; customersImported: number };
  /** Deletes expired items now (what DynamoDB's TTL does in the background); returns how many. */
  sweepExpired(nowEpoch?: number): Promise<number>;
  outbox(): Outbox;
  health(): Promise<{ ok: boolean; components: Record<string, string> }>;
  /**
   * Recovery tests: stops an emulator, awaits `whileDown`, and starts it again on the same port. DynamoDB comes back
   * on the same `dataDir`, so its data survives when one is set (in memory it comes back empty).
   */
  restartEmulator(name: 'dynamodb', whileDown?: () => Promise<void>): Promise<void>;
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
    // CloudWatch embedded metrics are JSON lines on stdout: noise on a terminal unless asked for.
    POWERTOOLS_METRICS_DISABLED: process.env.POWERTOOLS_METRICS_DISABLED ?? 'true',
    // No X-Ray daemon here: traces would go nowhere (Powertools also turns tracing off outside Lambda).
    POWERTOOLS_TRACE_ENABLED: process.env.POWERTOOLS_TRACE_ENABLED ?? 'false',
    // The policy file is imported at start and never changes while running: read it each step, cheaply.
    POLICY_CACHE_SECONDS: process.env.POLICY_CACHE_SECONDS ?? '1',
  });
  // With tracing off, the X-Ray SDK (loaded by Powertools Tracer) still tracks every promise through async hooks in its
  // automatic mode: a fifth of the CPU of a burst here, for traces that go nowhere. Manual mode tracks none.
  if (process.env.POWERTOOLS_TRACE_ENABLED === 'false') process.env.AWS_XRAY_MANUAL_MODE ??= 'true';
  for (const [name, value] of Object.entries(LOCAL_ESCALATION_DEFAULTS)) process.env[name] ||= value;
  // The handlers read secrets from the environment here; the development values live in local/ only, never in a bundle.
  applyLocalSecretDefaults(process.env);
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

/** The host name of PUBLIC_BASE_URL when it names something other than this machine (a tunnel). */
function publicHostNames(publicBaseUrl: string | undefined): string[] {
  if (!publicBaseUrl) return [];
  try {
    return [hostName(new URL(publicBaseUrl).host)];
  } catch {
    return [];
  }
}

/** How long /healthz waits for a component before calling it down. */
const HEALTH_CHECK_TIMEOUT_MS = 10_000;
/** How long /healthz waits before asking a component that failed once again. */
const HEALTH_RECHECK_PAUSE_MS = 250;

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
  // A thread that dies is said at once on the console (and /healthz reads its part as down).
  const reportExit = (part: string) => (why: string) => console.error(`local stack: the ${part} thread ${why}`);
  try {
    const [functions, bulkThread] = await Promise.all([startFunctionsThread(reportExit('functions')), startFunctionsThread(reportExit('bulk'), 'bulk')]);
    // Last of all: the bulk thread once its triggers have stopped, the functions thread once DynamoDB in it has closed
    // its store.
    stoppers.push(() => bulkThread.stop(), () => functions.stop());
    const [dynamodb, sqsSns, ses, stepFunctions] = await Promise.all([
      functions.startDynamoDb(options.dataDir).then((e) => (progress(`DynamoDB (dynalite, in the functions thread) ${e.url}`), e)),
      startSqsSns().then((e) => (progress(`SQS + SNS (fauxqs, SMS recorder) ${e.url}`), e)),
      startSes(0, options.sesSandboxVerified ? { sandboxVerified: options.sesSandboxVerified } : {}).then((e) => (progress(`SES (aws-ses-v2-local) ${e.url}`), e)),
      startStepFunctions().then((e) => (progress(`Step Functions (aws-local-stepfunctions) ${e.url}`), e)),
    ]);
    const emulators: Emulator[] = [sqsSns, ses, stepFunctions];
    // DynamoDB may be replaced by restartEmulator, so its stopper reads the current one.
    const restartable: { dynamodb: Emulator } = { dynamodb };
    stoppers.unshift(() => restartable.dynamodb.stop(), ...emulators.map((e) => () => e.stop()));
    const dynamoDbUrl = options.observeDynamoDb ? await options.observeDynamoDb(dynamodb.url) : dynamodb.url;
    const endpoints = { dynamodb: dynamoDbUrl, sqs: sqsSns.url, sns: sqsSns.url, ses: ses.url, stepfunctions: stepFunctions.url };
    setAwsEnvironment(endpoints);

    const sqs = new SQSClient({ endpoint: endpoints.sqs, maxAttempts: 2, useQueueUrlAsEndpoint: false });
    const ddb = new DynamoDBClient({ endpoint: endpoints.dynamodb, maxAttempts: 1 });
    const events = await createQueue(sqs, QUEUES.events, options.visibilityTimeoutSeconds);
    const bulk = await createQueue(sqs, QUEUES.bulk, options.visibilityTimeoutSeconds);
    const queues: LocalStack['queues'] = { events, bulk };
    process.env[ENV.eventsQueueUrl] = events.url;
    process.env[ENV.bulkQueueUrl] = bulk.url;
    process.env[ENV.eventsDlqUrl] = events.dlqUrl;
    progress('queues created');

    await ensureTable(ddb, TABLES.cases);
    process.env[ENV.casesTable] = TABLES.cases.localName;
    const sweeper = startTtlSweeper(ddb, TABLES.cases, options.ttlSweepIntervalMs);
    // Before DynamoDB stops, and after the scan in hand (a scan that outlives the store throws, uncaught, in dynalite).
    stoppers.unshift(() => sweeper.stop());
    // The escalation policy and customer directory go into the table through the same adapter the import command
    // uses, so the steps read them exactly as in AWS.
    const oncallFile = path.resolve(options.oncallFile ?? (process.env.ONCALL_FILE || path.join(ROOT, 'config/examples/oncall.example.json')));
    const customersFile = path.resolve(options.customersFile ?? (process.env.CUSTOMERS_FILE || path.join(ROOT, 'config/examples/customers.example.json')));
    const policy = await loadPolicyFile(oncallFile, { minAckTimeoutSeconds: LOCAL_MIN_ACK_TIMEOUT_SECONDS });
    const directory = await loadDirectoryFile(customersFile);
    const config = new ConfigTable(ddb, TABLES.cases.localName);
    await config.putPolicy(policy, path.basename(oncallFile), new Date());
    const imported = await config.importCustomers(directory, new Date());
    progress(`escalation policy: ${describePolicy(policy)}; ${imported.written} customers`);

    const routed = new Set(HTTP_ROUTES.map((r) => r.fn));
    const handlers: Partial<Record<FunctionName, LambdaHttpHandler>> = {};
    let handlersLoaded = false;
    // The front listens before the handlers load: its URL is the default base of the links they send.
    const front = await startHttpFront(
      {
        routes: HTTP_ROUTES,
        handlers,
        localRoutes: [],
        sites: [localConsoleSite(options.consoleRefreshSeconds !== undefined ? { refreshSeconds: options.consoleRefreshSeconds } : {})],
        maxBodyBytes: MAX_WEBHOOK_BODY_BYTES,
        log: options.onRequest,
        // A tunnel named in PUBLIC_BASE_URL (so Meta or X can reach the webhooks) is served too; /_local/ never is.
        extraHosts: () => publicHostNames(process.env[ENV.publicBaseUrl]),
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
    process.env[ENV.publicBaseUrl] ||= front.url;
    progress(`HTTP on ${front.url}`);

    // Handlers read the state machine's ARN at import; it is registered (with its Task handlers) once they are loaded,
    // before any consumer starts polling.
    process.env[ENV.escalationStateMachineArn] = stepFunctions.stateMachineArn(ESCALATION_STATE_MACHINE.localName);
    process.env[ENV.slaStateMachineArn] = stepFunctions.stateMachineArn(SLA_STATE_MACHINE.localName);
    for (const name of Object.keys(FUNCTIONS) as FunctionName[]) {
      if (routed.has(name)) handlers[name] = ((await import(path.join(ROOT, FUNCTIONS[name].entry))) as { handler: LambdaHttpHandler }).handler;
    }
    // The rest load in the functions thread (the bulk queue's consumer also in the bulk thread), with the environment
    // as it is now.
    await Promise.all([functions.loadFunctions(), bulkThread.loadFunctions()]);
    const stepsOf = (flag: 'escalationSteps' | 'slaSteps') => {
      const name = functions.functions.find((n) => (FUNCTIONS[n] as FunctionSpec)[flag]);
      if (!name) throw new Error(`no function is marked ${flag} in config/resources.ts`);
      return (input: unknown) => functions.invoke(name, input);
    };
    const escalationSteps = stepsOf('escalationSteps');
    const slaSteps = stepsOf('slaSteps');
    const runningSteps = new Set<Promise<unknown>>();
    /**
     * Registers a state machine of config/ as the deployed one runs: every Task state calls its steps function (with
     * that function's timeout); the step is tracked so that stop() lets it finish.
     */
    const registerWorkflow = (
      machine: { localName: string; stepsArnPlaceholder: string; localStepsArn: string },
      definition: Record<string, unknown>,
      steps: (input: unknown) => Promise<unknown>,
      arnEnv: string,
    ) => {
      const resolved = substituteDefinition(definition, { [machine.stepsArnPlaceholder]: machine.localStepsArn });
      const runStep = (input: unknown) => {
        const step = steps(input);
        runningSteps.add(step);
        void step.finally(() => runningSteps.delete(step)).catch(() => undefined);
        return step;
      };
      const arn = stepFunctions.register({
        name: machine.localName,
        definition: resolved as never,
        taskHandlers: Object.fromEntries(taskStateNames(resolved as never).map((n) => [n, runStep])),
      });
      if (arn !== process.env[arnEnv]) throw new Error(`${machine.localName} state machine ARN changed on registration`);
    };
    registerWorkflow(ESCALATION_STATE_MACHINE, escalationDefinition(), escalationSteps, ENV.escalationStateMachineArn);
    // Crisis alerts (first-response clocks are swept by the scheduled SLA sweep, in the functions thread).
    registerWorkflow(SLA_STATE_MACHINE, slaDefinition(), slaSteps, ENV.slaStateMachineArn);
    // On stop (after the consumers, before the emulators): no new step starts, and the steps already running finish
    // while DynamoDB is still there (dynalite throws, uncaught, on a write that outlives its database).
    stoppers.unshift(async () => {
      await stepFunctions.stop();
      await within(5_000, Promise.allSettled([...runningSteps])).catch(() => undefined);
    });
    if (options.consumers !== false) {
      // The scheduled functions (the SLA sweep) run every minute as in AWS, or as often as asked (tests, LOCAL_SCHEDULE_SECONDS).
      const scheduleSeconds = Number(process.env.LOCAL_SCHEDULE_SECONDS);
      await Promise.all([
        functions.startTriggers(queues, options.scheduleIntervalMs ?? (scheduleSeconds > 0 ? scheduleSeconds * 1000 : undefined)),
        bulkThread.startTriggers(queues),
      ]);
      // Stopped first (before the steps and the emulators): no new batch is taken, and the batches in hand finish.
      stoppers.unshift(() => Promise.all([functions.stopTriggers(), bulkThread.stopTriggers()]).then(() => undefined));
    }
    handlersLoaded = true;
    progress('handlers loaded, state machines registered');

    const outbox = (): Outbox => ({
      sms: sqsSns.sms.map(({ to, body, at }: SmsRecord) => ({ to, body, at })),
      email: ses.emails().map(({ to, subject, text, html, at }: EmailRecord) => ({ to, subject, text, html, at })),
    });

    const health = async () => {
      const checks: Record<string, () => Promise<unknown>> = {
        dynamodb: () => ddb.send(new ListTablesCommand({ Limit: 1 })),
        sqs: () => sqs.send(new GetQueueAttributesCommand({ QueueUrl: events.url, AttributeNames: ['QueueArn'] })),
        ses: () =>
          fetch(`${endpoints.ses}/health-check`).then((r) => {
            if (!r.ok) throw new Error(`status ${r.status}`);
          }),
        // Any awsJson answer (here: the "no such machine" error) shows the Step Functions API is serving.
        stepfunctions: () =>
          fetch(endpoints.stepfunctions, { method: 'POST', headers: { 'x-amz-target': 'AWSStepFunctions.ListExecutions' }, body: '{}' }).then((r) => {
            if (r.status !== 400) throw new Error(`status ${r.status}`);
          }),
      };
      const components: Record<string, string> = {
        handlers: functions.exited
          ? `down: the functions thread ${functions.exited}`
          : bulkThread.exited
            ? `down: the bulk thread ${bulkThread.exited}`
            : handlersLoaded
              ? 'ok'
              : 'loading',
      };
      await Promise.all(
        Object.entries(checks).map(async ([name, check]) => {
          try {
            // A component that answers, however slowly, is up: a busy stack (a burst on 2 cores) must not read as down.
            // One that refuses the connection fails at once; only one that hangs waits out this limit. One failure is
            // asked again after a pause: a kept-alive socket the emulator closed as it was reused resets one request
            // (seen once on a loaded CI machine), and a component is down only when it fails twice.
            await within(HEALTH_CHECK_TIMEOUT_MS, check()).catch(async () => {
              await new Promise((resolve) => setTimeout(resolve, HEALTH_RECHECK_PAUSE_MS));
              return within(HEALTH_CHECK_TIMEOUT_MS, check());
            });
            components[name] = 'ok';
          } catch (err) {
            components[name] = `down: ${err instanceof Error ? err.message : String(err)}`;
          }
        }),
      );
      const ok = Object.values(components).every((c) => c === 'ok');
      // Whoever reads a 503 on the console learns which part is down, and why, without another request.
      if (!ok) console.error(`healthz: degraded ${JSON.stringify(components)}`);
      return { ok, components };
    };

    const localRoutes: LocalRoute[] = front.localRoutes;
    localRoutes.push(
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
        path: '/',
        serve: async () => ({ statusCode: 200, contentType: 'text/html; charset=utf-8', body: homePage({ url: front.url, sesInbox: `${endpoints.ses}/` }) }),
      },
      {
        method: 'GET',
        path: '/_local/outbox',
        // A browser gets a readable page; a script (no text/html in Accept) the JSON, as before.
        serve: async (req) =>
          /\btext\/html\b/.test(String(req.headers.accept ?? ''))
            ? { statusCode: 200, contentType: 'text/html; charset=utf-8', body: outboxPage(outbox(), front.url) }
            : { statusCode: 200, contentType: 'application/json', body: JSON.stringify(outbox()) },
      },
    );

    return {
      url: front.url,
      endpoints,
      stepFunctions,
      queues,
      tables: { cases: TABLES.cases.localName },
      policy,
      configFiles: { oncall: oncallFile, customers: customersFile, customersImported: imported.written },
      sweepExpired: (nowEpoch) => sweeper.sweep(nowEpoch),
      handlers,
      outbox,
      health,
      async restartEmulator(name, whileDown) {
        if (name !== 'dynamodb') throw new Error(`cannot restart ${String(name)}`);
        const port = Number(new URL(restartable.dynamodb.url).port);
        await restartable.dynamodb.stop();
        try {
          await whileDown?.();
        } finally {
          restartable.dynamodb = await functions.startDynamoDb(options.dataDir, port);
        }
      },
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
