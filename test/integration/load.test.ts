/**
 * Sustained load on loopback: thousands of distinct signed deliveries (Meta, X, Standard Webhooks) at 50 in flight
 * through the HTTP front. Every one is answered 200 and becomes a case the staff API lists; nothing reaches the DLQ;
 * the stack stays healthy throughout.
 */
import { fireDeliveries, queueDepth, waitForCases } from '../helpers/load';
import { startTestStack, type TestStack, expectHealthy } from '../helpers/local-stack';

const TOKEN = 'load-test-staff-token';
const DELIVERIES = 2_000;
let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack({ token: TOKEN });
});
afterAll(async () => {
  await stack?.cleanup();
});

it(`accepts ${DELIVERIES.toLocaleString('en')} signed deliveries at 50 in flight and makes a case of every one`, async () => {
  // /healthz read while the load runs: the front keeps answering it, and every component stays up.
  const healthDuringLoad: number[] = [];
  let loading = true;
  const healthLoop = (async () => {
    while (loading) {
      healthDuringLoad.push((await fetch(`${stack.url}/healthz`)).status);
      await new Promise((r) => setTimeout(r, 500));
    }
  })();

  const fired = await fireDeliveries(stack.url, DELIVERIES, { connections: 50 });
  // Outcomes, not speed (speed is `npm run bench`): every delivery a case, however long a busy machine takes, as long
  // as the backlog keeps moving.
  const outcome = await waitForCases(stack, TOKEN, fired.accepted, { timeoutMs: 540_000, stallMs: 60_000 });
  loading = false;
  await healthLoop;

  expect({ sent: fired.sent, refused: fired.refused.slice(0, 5), unanswered: fired.errors }).toEqual({ sent: DELIVERIES, refused: [], unanswered: 0 });
  expect(new Set(fired.accepted).size).toBe(DELIVERIES);
  expect(outcome.missing.slice(0, 5)).toEqual([]);
  expect(outcome.cases).toBe(DELIVERIES);
  expect(await queueDepth(stack.endpoints.sqs, stack.queues.events.dlqUrl)).toBe(0);
  expect(healthDuringLoad.length).toBeGreaterThan(0);
  expect(healthDuringLoad.filter((s) => s !== 200)).toEqual([]);
  await expectHealthy(stack.url);
}, 600_000);
