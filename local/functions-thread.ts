import path from 'node:path';
import { FUNCTIONS, type FunctionName, HTTP_ROUTES, type QUEUES } from '../config/resources';
import { BACKGROUND_NICE, startThread } from './thread';

/**
 * The functions that no HTTP route calls (the queue consumers, the state machines' steps, and any later scheduled one)
 * run in one worker thread (local/functions.worker.ts), so their work — classifying, folding into cases, every
 * DynamoDB round trip that takes — never holds up the HTTP front, which keeps answering on the main thread. The routed
 * functions stay on the main thread: the front calls them directly, as API Gateway would.
 */

export interface FunctionsThreadData {
  functions: FunctionName[];
  queues: Record<keyof typeof QUEUES, { url: string; arn: string }>;
}

type FunctionsMethods = {
  invoke(name: FunctionName, event: unknown): Promise<unknown>;
  startTriggers(): Promise<void>;
  stopTriggers(): Promise<void>;
};

export interface FunctionsThread {
  /** The functions it runs. */
  functions: readonly FunctionName[];
  /** One invocation, as Lambda's Invoke; rejects with the function's error (its name kept). */
  invoke(name: FunctionName, event: unknown): Promise<unknown>;
  /** Starts the queue pollers (and whatever else triggers a function on its own). */
  startTriggers(): Promise<void>;
  /** Stops the triggers; the batches already handed to a function finish first. */
  stopTriggers(): Promise<void>;
  /** Undefined while it runs; else why it ended. */
  readonly exited: string | undefined;
  /** Ends the thread: stop the triggers, and let the invocations in hand finish, first. */
  stop(): Promise<void>;
}

/** The functions no HTTP route calls. */
export const unroutedFunctions = (): FunctionName[] => {
  const routed = new Set(HTTP_ROUTES.map((r) => r.fn));
  return (Object.keys(FUNCTIONS) as FunctionName[]).filter((name) => !routed.has(name));
};

/** Starts the thread and loads the handler modules in it; call after the environment is set (they read it at import). */
export async function startFunctionsThread(queues: FunctionsThreadData['queues'], onExit?: (why: string) => void): Promise<FunctionsThread> {
  const functions = unroutedFunctions();
  const data: FunctionsThreadData = { functions, queues };
  // Below the front's priority: under a burst the front answers first and the consumers take the rest of the CPU.
  const thread = await startThread<FunctionsMethods>('functions', path.join(__dirname, 'functions.worker.ts'), { data, nice: BACKGROUND_NICE, onExit });
  return {
    functions,
    invoke: (name, event) => thread.call('invoke', name, event),
    startTriggers: () => thread.call('startTriggers'),
    stopTriggers: () => thread.call('stopTriggers'),
    get exited() {
      return thread.exited;
    },
    stop: () => thread.stop(),
  };
}
