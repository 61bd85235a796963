import path from 'node:path';
import { SQSClient } from '@aws-sdk/client-sqs';
import { FUNCTIONS, type FunctionName, type FunctionSpec } from '../config/resources';
import { type Emulator, startDynamoDb } from './emulators';
import { lambdaContext } from './http-front';
import { type LocalSchedule, type ScheduledHandler, startSchedule } from './scheduler';
import { type SqsHandler, type SqsPoller, startSqsPoller } from './sqs-poller';
import { serveCalls, threadData } from './thread';
import type { FunctionsThreadData, PolledQueues } from './functions-thread';

/**
 * A thread behind the front (local/functions-thread.ts starts it): in the `functions` thread DynamoDB (dynalite) and
 * the handler modules of every function that is not behind an HTTP route with what triggers them in AWS — the SQS
 * pollers of their event source mappings and the schedules of their EventBridge rules here, and calls from the main
 * thread for the rest (the state machines' Task states); in the `bulk` thread the bulk queue's consumer and its poller.
 */

const ROOT = path.resolve(__dirname, '..');
type Handler = (event: unknown, context: unknown) => Promise<unknown>;

/**
 * dynalite fails a request that outlives its store (a stop, or restartEmulator mid-stream) with a promise it never
 * handles ("Database is closed"), which would end this thread and every function in it. In AWS a DynamoDB outage fails
 * the call, not the functions: here the caller's SDK call times out and is retried, as there. Anything else unhandled
 * still ends the thread (and the stack reports it).
 */
const isClosedStore = (err: unknown) => err instanceof Error && err.message === 'Database is closed';
process.on('unhandledRejection', (reason) => {
  if (isClosedStore(reason)) return;
  throw reason;
});
// Its callbacks rethrow the same error too.
process.on('uncaughtException', (err) => {
  if (isClosedStore(err)) return;
  // Anything else ends the thread as if nothing caught it: the main thread gets the error and reports why.
  process.removeAllListeners('uncaughtException');
  process.nextTick(() => {
    throw err;
  });
});

const { functions, triggers } = threadData<FunctionsThreadData>();
const handlers = new Map<FunctionName, Handler>();
let dynamodb: Emulator | undefined;
let sqs: SQSClient | undefined;
const pollers: SqsPoller[] = [];
const schedules: LocalSchedule[] = [];

serveCalls({
  startDynamoDb: async (dataDir: string | undefined, port: number) => {
    dynamodb = await startDynamoDb(dataDir, port);
    return dynamodb.url;
  },
  // dynalite closes its LevelDB store when its server closes: the data is on disk before the thread ends.
  stopDynamoDb: async () => {
    await dynamodb?.stop();
    dynamodb = undefined;
  },
  /** Loads the handler modules with the stack's environment (they read it at import, as in Lambda). */
  loadFunctions: async (env: Record<string, string | undefined>) => {
    Object.assign(process.env, env);
    for (const name of functions) {
      // require, not import(): this thread compiles TypeScript through tsx's require hook only (local/thread.ts).
      const mod = require(path.join(ROOT, FUNCTIONS[name].entry)) as { handler: Handler };
      handlers.set(name, mod.handler);
    }
  },
  /** One invocation of a function, as Lambda's Invoke (the state machines' Task states call their steps this way). */
  invoke: async (name: FunctionName, event: unknown) => {
    const handler = handlers.get(name);
    if (!handler) throw new Error(`${name} is not loaded in the functions thread`);
    return handler(event, lambdaContext(name, FUNCTIONS[name].timeoutSeconds * 1000));
  },
  /**
   * Starts what triggers this thread's functions on their own: a poller per event source mapping of its queues, as in
   * AWS (the events queue here, the bulk queue in the bulk thread, so bundles are worked through beside the events
   * queue and never hold up the next critical post). A function on a schedule (an EventBridge rule in AWS: the SLA
   * sweep) gets its timer in the functions thread, every `scheduleIntervalMs` if given, else its spec's minutes, and
   * is stopped with them.
   */
  startTriggers: async (queues: PolledQueues, scheduleIntervalMs?: number) => {
    sqs ??= new SQSClient({ endpoint: process.env.AWS_ENDPOINT_URL_SQS, maxAttempts: 2, useQueueUrlAsEndpoint: false });
    for (const name of functions) {
      const spec: FunctionSpec = FUNCTIONS[name];
      if (spec.schedule && triggers.schedules) {
        const intervalMs = scheduleIntervalMs ?? spec.schedule.everyMinutes * 60_000;
        schedules.push(startSchedule({ functionName: name, handler: handlers.get(name) as ScheduledHandler, intervalMs, timeoutMs: spec.timeoutSeconds * 1000 }));
      }
      // The mappings of this thread's queues (the bulk queue's in a thread of its own: local/functions-thread.ts).
      for (const mapping of [spec.consumes, spec.consumesBulk]) {
        if (!mapping || !triggers.queues.includes(mapping.queue)) continue;
        const queue = queues[mapping.queue];
        pollers.push(
          startSqsPoller({
            client: sqs,
            queueUrl: queue.url,
            queueArn: queue.arn,
            functionName: name,
            handler: handlers.get(name) as SqsHandler,
            batchSize: mapping.batchSize,
            functionTimeoutMs: spec.timeoutSeconds * 1000,
          }),
        );
      }
    }
  },
  /** Stops the triggers; the batches and the scheduled run already handed to a function finish first. */
  stopTriggers: async () => {
    await Promise.all([...pollers.splice(0).map((p) => p.stop()), ...schedules.splice(0).map((s) => s.stop())]);
  },
});
