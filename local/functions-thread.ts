import path from 'node:path';
import { FUNCTIONS, type FunctionName, type FunctionSpec, HTTP_ROUTES, type QUEUES } from '../config/resources';
import type { Emulator } from './emulators';
import { BACKGROUND_NICE, DEFERRED_NICE, startThread } from './thread';

/**
 * The work behind the HTTP front, in worker threads (local/functions.worker.ts), so that a burst's work never holds up
 * the front, which keeps answering on the main thread. The `functions` thread runs:
 * - the functions no HTTP route calls (the queue consumers with their pollers, the state machines' steps, and any
 *   scheduled function), while the routed ones stay beside the front, called by it as API Gateway would;
 * - DynamoDB (dynalite), beside them: a case takes about ten DynamoDB calls, and each one that crossed to another
 *   thread would wait for that thread to be scheduled (on 2 cores, under a burst, often milliseconds).
 * On Linux the thread runs at BACKGROUND_NICE: when the machine is short of CPU, the front gets it first.
 *
 * A second thread of the same kind, `bulk`, runs the bulk queue's consumer (the classifier again, with its own poller):
 * big deliveries are worked through there, on the other core when it is free, so the events queue — where a critical
 * post arrives — is read between them instead of behind them, as Lambda runs the two mappings' invocations side by
 * side. Its DynamoDB calls cross to the functions thread; it runs at DEFERRED_NICE.
 */

/** The two threads behind the front. */
export type FunctionsThreadPart = 'functions' | 'bulk';

export interface FunctionsThreadData {
  functions: FunctionName[];
  /** The queues whose event source mappings this thread polls, and whether it runs the schedules. */
  triggers: { queues: (keyof typeof QUEUES)[]; schedules: boolean };
}

/** The queues the pollers read. */
export type PolledQueues = Record<keyof typeof QUEUES, { url: string; arn: string }>;

type FunctionsMethods = {
  startDynamoDb(dataDir: string | undefined, port: number): Promise<string>;
  stopDynamoDb(): Promise<void>;
  loadFunctions(env: Record<string, string | undefined>): Promise<void>;
  invoke(name: FunctionName, event: unknown): Promise<unknown>;
  startTriggers(queues: PolledQueues, scheduleIntervalMs?: number): Promise<void>;
  stopTriggers(): Promise<void>;
};

export interface FunctionsThread {
  /** The functions it runs. */
  functions: readonly FunctionName[];
  /** Starts DynamoDB in the thread (127.0.0.1; `dataDir` as startDynamoDb); its stop() leaves the thread running. */
  startDynamoDb(dataDir: string | undefined, port?: number): Promise<Emulator>;
  /** Loads the handler modules, with this thread's environment as it is now (they read it at import). */
  loadFunctions(): Promise<void>;
  /** One invocation, as Lambda's Invoke; rejects with the function's error (its name kept). */
  invoke(name: FunctionName, event: unknown): Promise<unknown>;
  /** Starts the queue pollers and the schedules (every `scheduleIntervalMs` if given, else each function's own). */
  startTriggers(queues: PolledQueues, scheduleIntervalMs?: number): Promise<void>;
  /** Stops the triggers; the batches already handed to a function finish first. */
  stopTriggers(): Promise<void>;
  /** Undefined while it runs; else why it ended. */
  readonly exited: string | undefined;
  /** Ends the thread: stop the triggers, let the invocations in hand finish and stop DynamoDB first. */
  stop(): Promise<void>;
}

/** The functions no HTTP route calls. */
export const unroutedFunctions = (): FunctionName[] => {
  const routed = new Set(HTTP_ROUTES.map((r) => r.fn));
  return (Object.keys(FUNCTIONS) as FunctionName[]).filter((name) => !routed.has(name));
};

/** What each thread runs: `functions` everything unrouted but the bulk queue's poller, `bulk` that poller's function. */
function layoutOf(part: FunctionsThreadPart): FunctionsThreadData & { nice: number } {
  const unrouted = unroutedFunctions();
  if (part === 'bulk') {
    return { functions: unrouted.filter((n) => (FUNCTIONS[n] as FunctionSpec).consumesBulk), triggers: { queues: ['bulk'], schedules: false }, nice: DEFERRED_NICE };
  }
  return { functions: unrouted, triggers: { queues: ['events'], schedules: true }, nice: BACKGROUND_NICE };
}

export async function startFunctionsThread(onExit?: (why: string) => void, part: FunctionsThreadPart = 'functions'): Promise<FunctionsThread> {
  const { nice, ...data } = layoutOf(part);
  const { functions } = data;
  const thread = await startThread<FunctionsMethods>(part, path.join(__dirname, 'functions.worker.ts'), {
    data: data satisfies FunctionsThreadData,
    nice,
    onExit,
  });
  return {
    functions,
    async startDynamoDb(dataDir, port = 0) {
      const url = await thread.call('startDynamoDb', dataDir, port);
      return { url, stop: () => thread.call('stopDynamoDb') };
    },
    loadFunctions: () => thread.call('loadFunctions', { ...process.env }),
    invoke: (name, event) => thread.call('invoke', name, event),
    startTriggers: (queues, scheduleIntervalMs) => thread.call('startTriggers', queues, scheduleIntervalMs),
    stopTriggers: () => thread.call('stopTriggers'),
    get exited() {
      return thread.exited;
    },
    stop: () => thread.stop(),
  };
}
