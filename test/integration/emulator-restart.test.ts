/**
 * DynamoDB stopped and started again (same port, same data dir) while deliveries stream in. While it is down the
 * webhooks still answer 200 (they only touch SQS), /healthz says degraded and names it, and the classify consumer's
 * records fail and go back to the queue; once it is back, /healthz is ok, the failed records are retried after the
 * visibility timeout, and every delivery that was answered 200 is a case — nothing accepted is lost, nothing reaches
 * the DLQ, and the cases written before the stop are still there (the data dir survived).
 *
 * The SQS emulator is not restarted here: it keeps messages in memory, so restarting it loses them by design (docs/local.md,
 * "What a local restart loses"); in AWS, SQS keeps them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { QUEUES } from '../../config/resources';
import { type FireResult, fireDeliveries, listedCaseIds, loadDelivery, queueDepth, waitForCases } from '../helpers/load';
import { startTestStack, type TestStack } from '../helpers/local-stack';

const TOKEN = 'emulator-restart-test-staff-token';
/** Visibility timeout of the events queue: how long a failed record waits before its retry. */
const VISIBILITY_SECONDS = 2;
/** How long DynamoDB stays down: longer than one visibility timeout, short of maxReceiveCount of them. */
const DOWN_MS = 3_000;
/** Deliveries streamed across the outage. */
const STREAM = 1_000;
let stack: TestStack;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'social-care-emulator-restart-'));
  stack = await startTestStack({ token: TOKEN, dataDir, visibilityTimeoutSeconds: VISIBILITY_SECONDS });
});
afterAll(async () => {
  await stack?.cleanup();
  rmSync(dataDir, { recursive: true, force: true });
});

const health = async () => {
  const res = await fetch(`${stack.url}/healthz`);
  return { status: res.status, body: (await res.json()) as { status: string; components: Record<string, string> } };
};

it('loses nothing accepted when DynamoDB stops and restarts mid-stream', async () => {
  expect(DOWN_MS / 1000).toBeLessThan(VISIBILITY_SECONDS * (QUEUES.events.maxReceiveCount - 2));
  // Cases written before the stop, to show the data dir carries them over.
  const before = await fireDeliveries(stack.url, 100, { connections: 10, make: (i) => loadDelivery(i, 1_000_000) });
  expect((await waitForCases(stack, TOKEN, before.accepted, { timeoutMs: 240_000, stallMs: 60_000 })).missing).toEqual([]);

  // The stream: 250 a second, 10 in flight, running before, through and after the outage.
  const stream = fireDeliveries(stack.url, STREAM, { connections: 10, perSecond: 250 });
  await new Promise((r) => setTimeout(r, 300));

  let whileDown: { health: Awaited<ReturnType<typeof health>>; fired: FireResult; depth: number } | undefined;
  await stack.restartEmulator('dynamodb', async () => {
    const started = Date.now();
    const h = await health();
    // Deliveries sent only while DynamoDB is down: the webhooks accept them all.
    const fired = await fireDeliveries(stack.url, 200, { connections: 20, make: (i) => loadDelivery(i, 2_000_000) });
    await new Promise((r) => setTimeout(r, Math.max(0, DOWN_MS - (Date.now() - started))));
    whileDown = { health: h, fired, depth: await queueDepth(stack.endpoints.sqs, stack.queues.events.url) };
  });

  expect(whileDown!.health.status).toBe(503);
  expect(whileDown!.health.body.status).toBe('degraded');
  expect(whileDown!.health.body.components.dynamodb).toMatch(/^down/);
  expect(whileDown!.health.body.components.sqs).toBe('ok');
  expect({ accepted: whileDown!.fired.accepted.length, refused: whileDown!.fired.refused, unanswered: whileDown!.fired.errors }).toEqual({
    accepted: 200,
    refused: [],
    unanswered: 0,
  });
  // Nothing was consumed while it was down: the deliveries waited on the queue.
  expect(whileDown!.depth).toBeGreaterThanOrEqual(200);

  const streamed = await stream;
  expect({ sent: streamed.sent, refused: streamed.refused.slice(0, 5), unanswered: streamed.errors }).toEqual({ sent: STREAM, refused: [], unanswered: 0 });

  const deadline = Date.now() + 15_000;
  let after = await health();
  while (after.status !== 200 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    after = await health();
  }
  expect(after).toMatchObject({ status: 200, body: { status: 'ok' } });

  const accepted = [...before.accepted, ...streamed.accepted, ...whileDown!.fired.accepted];
  const total = 100 + STREAM + 200;
  expect(new Set(accepted).size).toBe(total);
  const outcome = await waitForCases(stack, TOKEN, accepted, { timeoutMs: 300_000, stallMs: 60_000 });
  expect(outcome.missing.slice(0, 5)).toEqual([]);
  expect(outcome.cases).toBe(total);
  expect((await listedCaseIds(stack.url, TOKEN)).size).toBe(total);
  expect(await queueDepth(stack.endpoints.sqs, stack.queues.events.dlqUrl)).toBe(0);
}, 600_000);
