/**
 * The emulators behind the local stack hold the cases (DynamoDB), queued posts (SQS), every SMS and email with live
 * ack and offer links (SES's inbox) and the executions (Step Functions). Each is on its own loopback port, and some
 * answer any origin's CORS preflight, so a web page on another site that found the port — or rebound its DNS name to
 * 127.0.0.1 — could read them. Each refuses a request that is not from this machine: another Host, or a browser's
 * Origin from another site. The SDK clients (the whole stack) and the SES inbox opened in a browser still work.
 */
import { request } from 'node:http';
import { isFromThisMachine } from '../../local/emulators';
import { startTestStack, type TestStack } from '../helpers/local-stack';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({ token: 'emulator-origins-token' });
}, 60_000);
afterAll(async () => stack?.cleanup());

function call(url: string, method: string, headers: Record<string, string>): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(method === 'POST' ? '{}' : undefined);
  });
}

const emulators = () => ({ dynamodb: stack.endpoints.dynamodb, sqs: stack.endpoints.sqs, ses: stack.endpoints.ses, stepfunctions: stack.endpoints.stepfunctions });

it.each(['dynamodb', 'sqs', 'ses', 'stepfunctions'] as const)('%s refuses another Host and another site\'s Origin, preflights included', async (name) => {
  const url = emulators()[name];
  const port = new URL(url).port;
  const rebound = await call(url, 'POST', { host: `rebind.evil.example:${port}`, 'x-amz-target': 'DynamoDB_20120810.ListTables', 'content-type': 'application/x-amz-json-1.0' });
  expect(rebound.status).toBe(421);
  const crossSite = await call(url, 'POST', { origin: 'https://evil.example', 'x-amz-target': 'DynamoDB_20120810.ListTables', 'content-type': 'application/x-amz-json-1.0' });
  expect(crossSite.status).toBe(421);
  const preflight = await call(url, 'OPTIONS', { origin: 'https://evil.example', 'access-control-request-method': 'POST' });
  expect(preflight.status).toBe(421);
  expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
});

it('still answers this machine: the DynamoDB API, and the SES inbox opened in a browser', async () => {
  const tables = await call(stack.endpoints.dynamodb, 'POST', { 'x-amz-target': 'DynamoDB_20120810.ListTables', 'content-type': 'application/x-amz-json-1.0', authorization: 'AWS4-HMAC-SHA256 Credential=local/20261207/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0' });
  expect(tables.status).not.toBe(421);
  const inbox = await call(`${stack.endpoints.ses}/`, 'GET', { origin: `http://127.0.0.1:${new URL(stack.endpoints.ses).port}` });
  expect(inbox.status).toBe(200);
});

it('tells this machine from elsewhere by Host and Origin', () => {
  expect(isFromThisMachine({ host: '127.0.0.1:4566' })).toBe(true);
  expect(isFromThisMachine({ host: 'localhost:4566', origin: 'http://localhost:3000' })).toBe(true);
  expect(isFromThisMachine({ host: '[::1]:4566', origin: 'http://[::1]:3000' })).toBe(true);
  expect(isFromThisMachine({})).toBe(false);
  expect(isFromThisMachine({ host: '127.0.0.1.evil.example' })).toBe(false);
  expect(isFromThisMachine({ host: '127.0.0.1:4566', origin: 'null' })).toBe(false);
  expect(isFromThisMachine({ host: '127.0.0.1:4566', origin: 'https://127.0.0.1.evil.example' })).toBe(false);
});
