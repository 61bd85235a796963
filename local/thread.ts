import path from 'node:path';
import { types } from 'node:util';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';

/**
 * A part of the local stack in its own worker thread, so that its work (an emulator's, or the consumers') runs on
 * another core and the HTTP front keeps answering while it works. One small protocol both ways:
 *
 *   main → thread  { call, id, method, args }         thread → main  { result, id, ok, value | error }
 *                                                      thread → main  { console, level, args }   (see below)
 *
 * The thread gets the environment as it is when it starts (the handler modules read theirs at import, as in Lambda),
 * TypeScript through tsx's require hook (the main thread may run under tsx or under jest's transform; a new thread has
 * neither) and the polyfills before anything else. A thread that dies is reported (`exited`, `onExit`) and every call
 * still waiting on it fails at once; `stop()` ends it.
 */

export type Methods = Record<string, (...args: never[]) => Promise<unknown>>;

/**
 * The nice value of the threads that work behind the front (Linux: 0 is normal, 19 the lowest priority): at 10 the
 * scheduler gives the main thread about nine tenths of a contended core, and the threads everything it leaves.
 */
export const BACKGROUND_NICE = 10;

/**
 * The nice value of the thread that works through what can wait (the bulk queue: big deliveries): on a contended core
 * the events queue's thread gets about three quarters, so a critical post is read and paged first — in AWS each
 * invocation has a CPU of its own; here they share two.
 */
export const DEFERRED_NICE = 15;

/** The threads running now, by name (the tests check that a stopped stack leaves none, and make one die). */
const running = new Set<{ name: string; worker: Worker }>();
export function runningThreads(): readonly { name: string; worker: Worker }[] {
  return [...running];
}

export interface Thread<M extends Methods> {
  readonly name: string;
  call<K extends keyof M & string>(method: K, ...args: Parameters<M[K]>): Promise<Awaited<ReturnType<M[K]>>>;
  /** Why the thread ended, once it has (undefined while it runs). */
  readonly exited: string | undefined;
  /** Ends the thread (what it was doing is cut off: ask it to finish first). */
  stop(): Promise<void>;
}

type ToThread = { call: true; id: number; method: string; args: unknown[] };
type FromThread =
  | { ready: true }
  | { result: true; id: number; ok: true; value: unknown }
  | { result: true; id: number; ok: false; error: SerializedError }
  | { console: true; level: ConsoleLevel; args: unknown[] };

interface SerializedError {
  name: string;
  message: string;
  stack?: string;
  props: Record<string, unknown>;
}

const CONSOLE_LEVELS = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;
type ConsoleLevel = (typeof CONSOLE_LEVELS)[number];

/**
 * Lowers the new thread's CPU priority, then loads TypeScript in it, then the polyfills, then the thread's module (which
 * calls serveCalls). On Linux a nice value belongs to a thread (setpriority(2), "who" 0 is the calling thread), so the
 * HTTP front on the main thread gets the CPU first when the threads want more than the machine has; elsewhere it would
 * apply to the whole process, so it is left alone.
 */
const BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
if (process.platform === 'linux' && workerData.thread.nice) require('node:os').setPriority(workerData.thread.nice);
require(workerData.thread.tsx).register();
require(workerData.thread.polyfills);
require(workerData.thread.entry);
`;

/** Starts `entry` (the path of a module that calls `serveCalls`) in a worker thread; resolves once it serves. */
export function startThread<M extends Methods>(
  name: string,
  entry: string,
  options: { data?: unknown; onExit?: ((why: string) => void) | undefined; nice?: number } = {},
): Promise<Thread<M>> {
  const worker = new Worker(BOOTSTRAP, {
    eval: true,
    name,
    // A copy of the environment as it is now: the stack has set the endpoints and resource names by the time a thread
    // starts.
    env: { ...process.env },
    // The thread's stdout and stderr are written to this process's as text (below), not piped as bytes.
    stdout: true,
    stderr: true,
    workerData: {
      thread: { tsx: require.resolve('tsx/cjs/api'), polyfills: path.join(__dirname, 'polyfills.ts'), entry, nice: options.nice ?? 0 },
      data: options.data,
    },
  });
  // Powertools writes its entries straight to stdout (its own Console, outside dev mode): each goes through this
  // thread's process.stdout.write as a string, as when the handlers ran here, so npm start's readable logs
  // (local/readable-logs.ts) still read them.
  for (const [from, to] of [[worker.stdout, process.stdout], [worker.stderr, process.stderr]] as const) {
    from.setEncoding('utf8');
    from.on('data', (text: string) => to.write(text));
  }
  const listed = { name, worker };
  running.add(listed);
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void }>();
  let nextId = 0;
  let exited: string | undefined;
  let stopping = false;

  return new Promise<Thread<M>>((resolveStart, rejectStart) => {
    let started = false;
    const end = (why: string, err?: unknown) => {
      if (exited !== undefined) return;
      exited = why;
      running.delete(listed);
      for (const { reject } of pending.values()) reject(new Error(`${name} thread ${why}`));
      pending.clear();
      // A thread that fails as it starts fails the start with its own error (its code, e.g. EADDRINUSE, kept).
      if (!started) rejectStart(isErrorLike(err) ? err : new Error(`${name} thread ${why}`));
      else if (!stopping) options.onExit?.(why);
    };
    worker.on('error', (err) => end(`died: ${isErrorLike(err) ? (err.stack ?? err.message) : String(err)}`, err));
    worker.on('exit', (code) => end(stopping ? 'stopped' : `exited (code ${code})`));
    worker.on('message', (message: FromThread) => {
      if ('ready' in message) {
        started = true;
        resolveStart(thread);
      } else if ('console' in message) {
        // The handlers' log lines go through this thread's console, as when they ran here (npm start prints them;
        // the tests that read the logs capture this console).
        console[message.level](...message.args);
      } else {
        const call = pending.get(message.id);
        pending.delete(message.id);
        if (message.ok) call?.resolve(message.value);
        else call?.reject(deserializeError(message.error));
      }
    });
    const thread: Thread<M> = {
      name,
      get exited() {
        return exited;
      },
      call(method, ...args) {
        if (exited !== undefined) return Promise.reject(new Error(`${name} thread ${exited}`));
        const id = nextId++;
        return new Promise((resolve, reject) => {
          pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
          worker.postMessage({ call: true, id, method, args } satisfies ToThread);
        });
      },
      async stop() {
        stopping = true;
        if (exited === undefined) await worker.terminate();
        end('stopped');
      },
    };
  });
}

/**
 * An Error from any realm: the jest sandbox has its own Error class, and a thread's uncaught error arrives rebuilt
 * (its fields and prototype, without what makes a native error), so neither instanceof nor isNativeError tells.
 */
function isErrorLike(err: unknown): err is Error {
  return types.isNativeError(err) || (typeof err === 'object' && err !== null && typeof (err as Error).message === 'string');
}

/** In the thread: the data its starter passed. */
export function threadData<T>(): T {
  return (workerData as { data: T }).data;
}

/**
 * In the thread: answers the main thread's calls with `methods`, and sends this thread's console to the main thread's.
 * Call it once the module is ready: the starter's promise resolves then.
 */
export function serveCalls(methods: Methods): void {
  if (isMainThread || !parentPort) throw new Error('serveCalls runs in a worker thread');
  const port = parentPort;
  for (const level of CONSOLE_LEVELS) {
    console[level] = (...args: unknown[]) => port.postMessage({ console: true, level, args: args.map(cloneable) } satisfies FromThread);
  }
  port.on('message', (message: ToThread) => {
    const method = methods[message.method];
    const run = method ? Promise.resolve().then(() => method(...(message.args as never[]))) : Promise.reject(new Error(`no method ${message.method}`));
    run.then(
      (value) => port.postMessage({ result: true, id: message.id, ok: true, value } satisfies FromThread),
      (err: unknown) => port.postMessage({ result: true, id: message.id, ok: false, error: serializeError(err) } satisfies FromThread),
    );
  });
  port.postMessage({ ready: true } satisfies FromThread);
}

/** A value the structured clone can carry (a function or a class instance with methods is sent as its text). */
function cloneable(value: unknown): unknown {
  try {
    return structuredClone(value);
  } catch {
    return String(value);
  }
}

/** An error as it crosses: its name (what a state machine's Retry and Catch match on), message and own fields. */
function serializeError(err: unknown): SerializedError {
  if (!types.isNativeError(err)) return { name: 'Error', message: String(err), props: {} };
  const props: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(err)) props[k] = cloneable(v);
  return { name: err.name, message: err.message, ...(err.stack ? { stack: err.stack } : {}), props };
}

function deserializeError(e: SerializedError): Error {
  const err = Object.assign(new Error(e.message), e.props);
  err.name = e.name;
  if (e.stack) err.stack = e.stack;
  return err;
}
