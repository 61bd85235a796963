/**
 * The local stack's worker threads (local/thread.ts), and the stack that runs on them: the environment and the
 * polyfills reach a thread, errors cross with their names (what a state machine's Retry and Catch match), the
 * handlers' console lines reach the main thread's console, and a thread that dies is reported (and /healthz says
 * which part is down). test/integration/stack-stop.test.ts: a stopped stack leaves no thread running.
 */
import path from 'node:path';
import { runningThreads, startThread } from '../../local/thread';
import { expectHealthy, startTestStack, type TestStack } from '../helpers/local-stack';

jest.setTimeout(60_000);

const SAMPLE = path.join(__dirname, '../fixtures/threads/sample.worker.ts');
type Sample = {
  env(name: string): Promise<string | undefined>;
  log(line: string): Promise<void>;
  refuse(): Promise<never>;
  withResolvers(): Promise<string>;
  die(): Promise<never>;
};

describe('a thread', () => {
  test('gets the environment as it was at its start, and the polyfills', async () => {
    process.env.THREAD_TEST_VALUE = 'from the main thread';
    const thread = await startThread<Sample>('sample', SAMPLE);
    try {
      delete process.env.THREAD_TEST_VALUE;
      expect(await thread.call('env', 'THREAD_TEST_VALUE')).toBe('from the main thread');
      expect(await thread.call('withResolvers')).toBe('function');
    } finally {
      await thread.stop();
    }
  });

  test("passes an error back with its name, message and fields, and its console lines to this thread's console", async () => {
    const info = jest.spyOn(console, 'info').mockImplementation(() => undefined);
    const thread = await startThread<Sample>('sample', SAMPLE);
    try {
      await expect(thread.call('refuse')).rejects.toMatchObject({ name: 'StepRefused', message: 'no', detail: 'kept' });
      await thread.call('log', 'a line from the thread 🧵');
      expect(info).toHaveBeenCalledWith('a line from the thread 🧵');
    } finally {
      await thread.stop();
      info.mockRestore();
    }
  });

  test('that fails as it starts fails the start with its own error', async () => {
    await expect(startThread<Sample>('sample', SAMPLE, { data: { failAtStart: true } })).rejects.toMatchObject({ message: 'cannot start', code: 'EADDRINUSE' });
    expect(runningThreads().map((t) => t.name)).not.toContain('sample');
  });

  test('that dies is reported, fails the call it was on and every later one', async () => {
    const exits: string[] = [];
    const thread = await startThread<Sample>('sample', SAMPLE, { onExit: (why) => exits.push(why) });
    await expect(thread.call('die')).rejects.toThrow(/sample thread died: Error: boom/);
    expect(exits).toEqual([expect.stringMatching(/^died: Error: boom/)]);
    expect(thread.exited).toMatch(/^died/);
    await expect(thread.call('env', 'PATH')).rejects.toThrow(/sample thread died/);
    expect(runningThreads().map((t) => t.name)).not.toContain('sample');
    await thread.stop();
  });
});

describe('the local stack on its threads', () => {
  let stack: TestStack;
  const errors: string[] = [];
  let restoreError: () => void;

  beforeAll(async () => {
    const spy = jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void errors.push(args.map(String).join(' ')));
    restoreError = () => spy.mockRestore();
    stack = await startTestStack({ token: 'threads-test-staff-token' });
  });
  afterAll(async () => {
    await stack?.cleanup();
    restoreError();
  });

  test('runs DynamoDB and the functions no route calls in a thread of their own, and the bulk queue in another', async () => {
    expect(runningThreads().map((t) => t.name)).toEqual(['functions', 'bulk']);
    await expectHealthy(stack.url);
  });

  /** Ends the named thread as a crash would; checks the console said so at once and /healthz answers 503; its parts. */
  async function afterDeathOf(name: string): Promise<Record<string, string>> {
    await runningThreads()
      .find((t) => t.name === name)!
      .worker.terminate();
    expect(errors).toContainEqual(expect.stringMatching(new RegExp(`^local stack: the ${name} thread exited \\(code 1\\)`)));
    const res = await fetch(`${stack.url}/healthz`);
    expect(res.status).toBe(503);
    return ((await res.json()) as { components: Record<string, string> }).components;
  }

  test('says so when its bulk thread dies: on the console at once, and /healthz names it', async () => {
    expect(await afterDeathOf('bulk')).toMatchObject({
      handlers: expect.stringMatching(/^down: the bulk thread exited/),
      dynamodb: 'ok',
    });
  });

  test('says so when its functions thread dies: on the console at once, and /healthz names the part that is down', async () => {
    expect(await afterDeathOf('functions')).toMatchObject({
      handlers: expect.stringMatching(/^down: the functions thread exited/),
      dynamodb: expect.stringMatching(/^down/),
      sqs: 'ok',
    });
  });
});
