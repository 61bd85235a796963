/**
 * `npm run smoke` (bin/smoke.ts), the deploy runbook's last step, run as ops run it — a separate process with only a
 * URL, a table and a secret — against the local stack in place of a deployed one: it sends one signed delivery,
 * finds the case it became, and resolves it. And when the deployed secret is not the one it signs with, it says so
 * and exits 1 rather than waiting for a case that cannot come.
 */
import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import path from 'node:path';
import { promisify } from 'node:util';
import { TABLES } from '../../config/resources';
import { startTestStack, staffApi, type TestStack } from '../helpers/local-stack';

jest.setTimeout(120_000);

const ROOT = path.resolve(__dirname, '../..');
const TOKEN = 'smoke-test-staff-token';
const SMOKE_SECRET = 'whsec_c21va2UtdGVzdC1zZWNyZXQtb2YtMzItYnl0ZXMhIQ==';
let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack({ token: TOKEN, env: { WEBHOOK_SECRET_SMOKE: SMOKE_SECRET } });
}, 60_000);
afterAll(async () => stack?.stop());

async function smoke(args: string[], secret: string | undefined): Promise<{ code: number; out: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, SMOKE_WEBHOOK_SECRET: secret ?? '' };
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bin/smoke.ts'), ...args], { cwd: ROOT, env, timeout: 90_000 });
    return { code: 0, out: stdout + stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, out: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

const target = () => ['--url', `${stack.url}/`, '--table', TABLES.cases.localName, '--endpoint', stack.endpoints.dynamodb];

it('sends one signed delivery, reads its case back, and takes it off the queue', async () => {
  const { code, out } = await smoke(target(), SMOKE_SECRET);
  expect(out).toMatch(/✓ POST \/webhooks\/generic\/smoke answered 200 \{"accepted":1\}/);
  const caseId = /✓ case (c_[A-Za-z0-9_-]+) in \d+ ms: \w+, (low|normal|high), \w+ \(model [0-9a-f]{12}\)/.exec(out)?.[1];
  expect(caseId).toBeDefined();
  expect(out).toContain('✓ case resolved, off the queue');
  expect(code).toBe(0);
  expect(out).not.toContain(SMOKE_SECRET);
  const api = staffApi(() => stack.url, TOKEN);
  const read = await api(`/api/cases/${caseId}`);
  expect(read.body).toMatchObject({ status: 'resolved', platform: 'smoke', resolvedBy: 'smoke test' });
  expect((await api('/api/cases?status=open&platform=smoke')).body.items).toEqual([]);
  // A hello pages nobody: nothing in the outbox for it.
  expect(stack.outbox().sms.some((m) => m.body.includes(caseId!))).toBe(false);
});

it('says the signature was refused, and exits 1, when the secret is not the deployed one', async () => {
  const { code, out } = await smoke(target(), 'whsec_d3Jvbmctc2VjcmV0LW9mLXRoaXJ0eS10d28tYnl0ZXM=');
  expect(code).toBe(1);
  expect(out).toMatch(/✗ POST \/webhooks\/generic\/smoke answered 401/);
  expect(out).toContain('the signature was refused');
});

it('names a source the stack does not know, and refuses a call without its targets', async () => {
  const unknown = await smoke([...target(), '--source', 'nosuchsource'], SMOKE_SECRET);
  expect(unknown.code).toBe(1);
  expect(unknown.out).toMatch(/answered 404[\s\S]*no such source/);
  const usage = await smoke(['--url', stack.url], SMOKE_SECRET);
  expect(usage.code).toBe(2);
  expect(usage.out).toContain('--url and --table are required');
  const noSecret = await smoke(target(), undefined);
  expect(noSecret.code).toBe(2);
  expect(noSecret.out).toContain('give --secret-arn');
});

it("prints a server's answer as one escaped line: no terminal escapes from whatever answers the URL", async () => {
  const rogue = createServer((_req, res) => res.writeHead(502).end('\u001b[2J\u001b]0;pwned\u0007bad gateway\nsecond line'));
  await new Promise<void>((resolve) => rogue.listen(0, '127.0.0.1', resolve));
  try {
    const port = (rogue.address() as { port: number }).port;
    const { code, out } = await smoke(['--url', `http://127.0.0.1:${port}/`, '--table', TABLES.cases.localName, '--endpoint', stack.endpoints.dynamodb], SMOKE_SECRET);
    expect(code).toBe(1);
    expect(out).toContain('answered 502 \\u001b[2J\\u001b]0;pwned\\u0007bad gateway\\u000asecond line');
    expect(out).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
  } finally {
    await new Promise((r) => rogue.close(r));
  }
});

it('gives up on a URL that never answers, and says so, instead of hanging', async () => {
  const silent = createServer(() => undefined); // takes the request, never answers
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  try {
    const port = (silent.address() as { port: number }).port;
    const { code, out } = await smoke(['--url', `http://127.0.0.1:${port}/`, '--table', TABLES.cases.localName, '--endpoint', stack.endpoints.dynamodb], SMOKE_SECRET);
    expect(code).toBe(1);
    expect(out).toMatch(/smoke test failed: (TimeoutError|AbortError): no answer within 15 s/);
  } finally {
    silent.closeAllConnections();
    await new Promise((r) => silent.close(r));
  }
}, 60_000);
