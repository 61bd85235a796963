/**
 * `npm start`'s own entry point, as a person runs it: it comes up, takes a delivery, stops on SIGTERM, and on the next
 * start the case is still there (DynamoDB data lives under LOCAL_DATA_DIR; queued messages would not survive).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { caseIdFor } from '../../lambdas/domain/cases/rules';
import { post, xDelivery, xMention } from '../helpers/deliveries';
import { expectHealthy } from '../helpers/local-stack';
import { endAll, startNpmStart, stopNpmStart } from '../helpers/npm-start';

const TOKEN = 'restart-test-staff-token';
let dataDir: string;

beforeAll(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'social-care-restart-'));
});
afterAll(() => {
  // Whatever a failed test left running is ended, so no local stack outlives the suite.
  endAll();
  rmSync(dataDir, { recursive: true, force: true });
});

const QUIET = { LOG_REQUESTS: '0', POWERTOOLS_LOG_LEVEL: 'SILENT' };

const start = (env: Record<string, string> = QUIET) =>
  startNpmStart({ ...process.env, POWERTOOLS_DEV: 'false', LOCAL_DATA_DIR: dataDir, STAFF_API_TOKEN: TOKEN, ...env }, 20_000);
const stop = stopNpmStart;

it('keeps cases across a stop and a start, and prints what a person needs', async () => {
  const first = await start();
  expect(first.output()).toMatch(/STAFF_API_TOKEN\s+\(from your environment\)/);
  expect(first.output()).toContain('/_local/outbox');
  await expectHealthy(first.url);
  expect((await post(first.url, xDelivery(xMention({ id: '424242', text: '@Acme the app charged me twice for one order' })))).status).toBe(200);
  const caseUrl = `/api/cases/${caseIdFor('x:424242')}`;
  const auth = { headers: { authorization: `Bearer ${TOKEN}` } };
  const deadline = Date.now() + 10_000;
  while ((await fetch(first.url + caseUrl, auth)).status !== 200) {
    if (Date.now() > deadline) throw new Error('case never appeared');
    await new Promise((r) => setTimeout(r, 50));
  }
  expect(await stop(first.child)).toBe(0);

  const second = await start();
  try {
    const res = await fetch(second.url + caseUrl, auth);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: caseIdFor('x:424242'), category: 'complaint', status: 'open' });
  } finally {
    expect(await stop(second.child)).toBe(0);
  }
}, 60_000);

it('prints one readable line per handler log on the console, and the JSON when LOG_FORMAT=json', async () => {
  const read = async (env: Record<string, string>, id: string) => {
    const stack = await start(env);
    try {
      expect((await post(stack.url, xDelivery(xMention({ id, text: '@Acme my order never arrived' })))).status).toBe(200);
      const deadline = Date.now() + 15_000;
      while (!stack.output().includes(`x:${id}`) || !/event processed/.test(stack.output())) {
        if (Date.now() > deadline) throw new Error(`no classify log line:\n${stack.output()}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      return stack.output();
    } finally {
      expect(await stop(stack.child)).toBe(0);
    }
  };
  const readable = await read({ POWERTOOLS_LOG_LEVEL: 'INFO' }, '515151');
  expect(readable).toMatch(/^\d\d:\d\d:\d\d\.\d{3} intake\s+webhook .*eventIds=\["x:515151"\]/m);
  expect(readable).toMatch(/^\d\d:\d\d:\d\d\.\d{3} classify\s+event processed .*eventId=x:515151 .*result=(created|joined)/m);
  expect(readable).toMatch(/^\d\d:\d\d:\d\d\.\d{3} http\s+POST \/webhooks\/x → 200/m);
  expect(readable).not.toContain('{"level":');
  expect(readable).not.toContain('function_arn');

  const json = await read({ POWERTOOLS_LOG_LEVEL: 'INFO', LOG_FORMAT: 'json' }, '525252');
  expect(json).toMatch(/^\{"level":"INFO","message":"event processed".*"eventId":"x:525252"/m);
}, 90_000);
