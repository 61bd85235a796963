/**
 * A stopped local stack leaves nothing running: its functions thread (DynamoDB and the consumers) and its bulk thread
 * end with it, after it has done real work (a critical post classified, and paged by the escalation steps it runs). Its
 * own file: the local stack starts once per process, and test/integration/threads.test.ts makes its threads die.
 */
import { caseIdFor } from '../../lambdas/domain/cases/rules';
import { runningThreads } from '../../local/thread';
import { post, xDelivery, xMention } from '../helpers/deliveries';
import { eventually, readOutbox, smsFor, startTestStack, type TestStack } from '../helpers/local-stack';

jest.setTimeout(60_000);

let stack: TestStack | undefined;
afterAll(async () => {
  await stack?.cleanup();
});

test('stop() ends the threads it started (functions and bulk), once their work is done', async () => {
  stack = await startTestStack({ token: 'stack-stop-test-token' });
  expect(runningThreads().map((t) => t.name)).toEqual(['functions', 'bulk']);
  const id = '4200000000000001';
  expect((await post(stack.url, xDelivery(xMention({ id, userId: 'stop-1', text: '@AcmeSupport the charger you sold me exploded and burned my desk' })))).status).toBe(200);
  await eventually(() => readOutbox(stack!.url), (o) => smsFor(o, caseIdFor(`x:${id}`)).length > 0);

  const url = stack.url;
  await stack.cleanup();
  stack = undefined;
  expect(runningThreads()).toEqual([]);
  await expect(fetch(`${url}/healthz`)).rejects.toThrow();
});
