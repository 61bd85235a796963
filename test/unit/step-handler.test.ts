/**
 * The steps functions' handler (lambdas/adapters/step-handler.ts) when a step fails: what Lambda logs of the error and
 * Step Functions keeps as its cause (90 days of execution history) is the error's name and a message of our own,
 * never the failing call's message, which can quote an author's name, a post or an address.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { InvalidStepInput, logStepResult, stepsHandler } from '../../lambdas/adapters/step-handler';

const context = { functionName: 'steps', awsRequestId: 'req-1', getRemainingTimeInMillis: () => 30_000 } as unknown as Context;
const NAME = 'Zed'.repeat(50);

let logged: string[];
let restore: () => void;
beforeEach(() => {
  logged = [];
  const originals = (['log', 'info', 'warn', 'error', 'debug'] as const).map((level) => [level, console[level]] as const);
  for (const [level] of originals) console[level] = (...args: unknown[]) => void logged.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
  restore = () => originals.forEach(([level, fn]) => (console[level] = fn));
});
afterEach(() => restore());

function handlerThrowing(err: Error) {
  const logger = new Logger({ serviceName: 'steps-test', logLevel: 'DEBUG' });
  const metrics = new Metrics({ namespace: 'Test', serviceName: 'steps-test' });
  return stepsHandler(logger, metrics, async () => {
    throw err;
  });
}

test('a failing step fails with its error name and no data: nothing of the message is logged or passed on', async () => {
  const cause = Object.assign(new Error(`Email address is not verified: ${NAME.toLowerCase()}@example.org; Invalid regular expression: /${NAME}/`), { name: 'MessageRejected' });
  const failure = await handlerThrowing(cause)({ action: 'offer', caseId: 'c_1' }, context).then(
    () => undefined,
    (e: unknown) => e as Error,
  );
  expect(failure).toBeInstanceOf(Error);
  // The name is what the state machine's Retry and Catch match on.
  expect(failure!.name).toBe('MessageRejected');
  expect(failure!.message).not.toMatch(/zed|example\.org|regular/i);
  expect(failure!.stack ?? '').not.toMatch(/zed|example\.org/i);
  const text = logged.join('\n');
  expect(text).toMatch(/step failed/);
  expect(text).toContain('MessageRejected');
  expect(text).not.toMatch(/zed|example\.org/i);
});

test('our own step errors keep their message: it names a tier or a field, never data', async () => {
  const failure = await handlerThrowing(new InvalidStepInput('not an escalation step: caseId'))({}, context).catch((e: Error) => e);
  expect(failure).toMatchObject({ name: 'InvalidStepInput', message: 'not an escalation step: caseId' });
});

it("names the step on its result line, over keys another step appended (the local stack runs steps side by side)", () => {
  const logger = new Logger({ serviceName: 'escalation', logLevel: 'INFO' });
  logger.appendKeys({ caseId: 'c_another', action: 'plan' });
  const info = jest.spyOn(console, 'info').mockImplementation(() => undefined);
  try {
    logStepResult(logger, 'escalation step', { acknowledged: false }, { caseId: 'c_mine', action: 'check' });
    const line = JSON.parse(String(info.mock.calls[0]?.[0])) as Record<string, unknown>;
    expect(line).toMatchObject({ message: 'escalation step', caseId: 'c_mine', action: 'check', result: { acknowledged: false } });
  } finally {
    info.mockRestore();
  }
});
