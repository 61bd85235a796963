/**
 * `npm start`'s own entry point, as a person runs it: it comes up, takes a delivery, stops on SIGTERM, and on the next
 * start the case is still there (DynamoDB data lives under LOCAL_DATA_DIR; queued messages would not survive).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { caseIdFor } from '../../lambdas/domain/cases/rules';
import { post, xDelivery, xMention } from '../helpers/deliveries';
import { expectHealthy } from '../helpers/local-stack';

const ROOT = path.resolve(__dirname, '../..');
const TOKEN = 'restart-test-staff-token';
let dataDir: string;

beforeAll(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'social-care-restart-'));
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function start(): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bin/local.ts')], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', LOCAL_DATA_DIR: dataDir, STAFF_API_TOKEN: TOKEN, LOG_REQUESTS: '0', POWERTOOLS_LOG_LEVEL: 'SILENT' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`did not start:\n${out}`)), 20_000);
    const check = setInterval(() => {
      const m = /health\s+(http:\/\/127\.0\.0\.1:\d+)\/healthz/.exec(out);
      if (m) {
        clearInterval(check);
        clearTimeout(timer);
        resolve({ child, url: m[1]!, output: () => out });
      }
    }, 50);
    child.once('exit', (code) => {
      clearInterval(check);
      clearTimeout(timer);
      reject(new Error(`exited with ${code}:\n${out}`));
    });
  });
}

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

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
