/**
 * A busy conversation on the local stack: one signed WhatsApp delivery of 60 messages from one customer (one
 * conversation, 60 SQS messages, consumed in batches of 10) must join all 60 posts to one case on the first receive.
 * The queue keeps the stack's real 180 s visibility timeout, so a record the classifier reported as a batch failure
 * (e.g. "too many concurrent updates") would stay on the queue, invisible, for three minutes: the queue draining
 * while the DLQ stays empty shows that no record failed, with no stopwatch involved.
 */
import { QUEUES } from '../../config/resources';
import { queueDepth } from '../helpers/load';
import { metaDelivery, post, whatsappMessages } from '../helpers/deliveries';
import { eventually, listedCase, staffApi, startTestStack, type TestStack, expectHealthy } from '../helpers/local-stack';
import { drainQueue } from '../helpers/queues';

// Generous for a loaded 2-core CI machine, yet well under the visibility timeout a failed record would wait out.
jest.setTimeout(150_000);
const WAIT_MS = 100_000;

let stack: TestStack;
const TOKEN = 'busy-conversation-test-staff-token';
const api = staffApi(() => stack.url, TOKEN);

beforeAll(async () => {
  stack = await startTestStack({ token: TOKEN });
});
afterAll(async () => {
  await stack?.cleanup();
});

/** The case's timeline entries of posts (the first and those that joined it). */
const postEntries = (c: { timeline: { type: string }[] }) => c.timeline.filter((t) => t.type === 'post' || t.type === 'post-joined').length;

it('joins 60 posts delivered together into one conversation to one case, with no record failed or parked', async () => {
  expect(QUEUES.events.visibilityTimeoutSeconds).toBeGreaterThanOrEqual(180);
  // Two deliveries of 50 and 10, each small enough for the events queue (larger ones go to the bulk queue, below).
  const all60 = whatsappMessages(60, 'my order 8812 still has not arrived');
  const part = (from: number, to: number) => {
    const body = structuredClone(all60);
    const value = body.entry[0]!.changes[0]!.value;
    value.messages = value.messages.slice(from, to);
    return body;
  };
  expect(await post(stack.url, metaDelivery(part(0, 50)))).toEqual({ status: 200, body: JSON.stringify({ accepted: 50 }) });
  expect(await post(stack.url, metaDelivery(part(50, 60)))).toEqual({ status: 200, body: JSON.stringify({ accepted: 10 }) });

  const conversationId = 'whatsapp:dm:919800000001';
  const listed = await listedCase(api, (c) => c.conversationId === conversationId, WAIT_MS);
  // Every message deleted from the queue (a failed one would sit there, invisible, for 180 s) …
  await eventually(() => queueDepth(stack.endpoints.sqs, stack.queues.events.url), (depth) => depth === 0, WAIT_MS, 100);
  // … and nothing parked.
  expect(await drainQueue(stack.endpoints.sqs, stack.queues.events.dlqUrl)).toEqual([]);

  // One case holds all 60 posts, each once, and its conversation has no other case.
  const all = (await api('/api/cases?status=all&limit=500')).body.items.filter((c: { conversationId: string }) => c.conversationId === conversationId);
  expect(all.map((c: { id: string }) => c.id)).toEqual([listed.id]);
  // The case's count and each post's timeline entry are separate writes: wait for both.
  const shown = await eventually(() => api(`/api/cases/${listed.id}`), (r) => r.status === 200 && r.body.eventCount >= 60 && postEntries(r.body) >= 60, WAIT_MS, 100);
  expect(shown.body.eventCount).toBe(60);
  const posted = shown.body.timeline.filter((t: { type: string }) => t.type === 'post' || t.type === 'post-joined').map((t: { data: { eventId: string } }) => t.data.eventId);
  expect(new Set(posted).size).toBe(60);
  expect(posted).toHaveLength(60);
  expect(shown.body.timeline.filter((t: { type: string }) => t.type === 'post')).toHaveLength(1);
  await expectHealthy(stack.url);
});

it('joins 120 posts of one conversation delivered at once (a bulk bundle) to one case, in order, with nothing parked', async () => {
  const body = whatsappMessages(120, 'where is my refund');
  const value = body.entry[0]!.changes[0]!.value;
  value.contacts = [{ profile: { name: 'Mo' }, wa_id: '919800000077' }];
  for (const m of value.messages) (m as { from: string; id: string }).from = '919800000077';
  for (const m of value.messages) (m as { id: string }).id = m.id.replace('TEST', 'BULK');
  expect(await post(stack.url, metaDelivery(body))).toEqual({ status: 200, body: JSON.stringify({ accepted: 120 }) });

  const conversationId = 'whatsapp:dm:919800000077';
  const listed = await listedCase(api, (c) => c.conversationId === conversationId, WAIT_MS);
  const shown = await eventually(
    () => api(`/api/cases/${listed.id}?timelineLimit=500`),
    (r) => r.status === 200 && r.body.eventCount >= 120 && postEntries(r.body) >= 120,
    WAIT_MS,
    100,
  );
  expect(shown.body.eventCount).toBe(120);
  const posted = shown.body.timeline.filter((t: { type: string }) => t.type === 'post' || t.type === 'post-joined').map((t: { data: { eventId: string } }) => t.data.eventId);
  expect(new Set(posted).size).toBe(120);
  await eventually(() => queueDepth(stack.endpoints.sqs, stack.queues.bulk.url), (depth) => depth === 0, WAIT_MS, 100);
  expect(await drainQueue(stack.endpoints.sqs, stack.queues.events.dlqUrl)).toEqual([]);
});
