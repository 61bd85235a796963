/**
 * The classifier's backlog triage (lambdas/classify/backlog.ts): while it keeps up, every post of a batch is folded;
 * once a batch's oldest post has waited longer than BACKLOG_AGE_MS, only the conversations with a critical post are,
 * and the rest are deferred to the bulk queue.
 */
import { BACKLOG_AGE_MS, type QueuedEvent, splitBacklog } from '../../lambdas/classify/backlog';
import { type SocialEvent, SocialEventSchema } from '../../schemas/social-event';

const NOW = Date.parse('2026-12-07T20:00:00.000Z');

function queued(n: number, opts: { conversation?: string; critical?: boolean; waitedMs?: number } = {}): QueuedEvent {
  const event = SocialEventSchema.parse({
    id: `x:${n}`,
    platform: 'x',
    kind: 'mention',
    text: opts.critical ? 'CRITICAL' : `complaint ${n}`,
    author: { id: `u${n}` },
    conversationId: opts.conversation ?? `x:thread:${n}`,
    createdAt: new Date(NOW - 60_000).toISOString(),
    receivedAt: new Date(NOW - 60_000).toISOString(),
  });
  return { messageId: `m${n}`, sentAtMs: NOW - (opts.waitedMs ?? 50), event };
}
const isCritical = (e: SocialEvent) => e.text === 'CRITICAL';
const ids = (qs: readonly QueuedEvent[]) => qs.map((q) => q.messageId);

test('a batch read as it arrives is folded whole, critical or not', () => {
  const batch = [queued(1), queued(2, { critical: true }), queued(3, { waitedMs: BACKLOG_AGE_MS })];
  expect(splitBacklog(batch, NOW, isCritical)).toEqual({ now: batch, deferred: [] });
});

test('behind a backlog, conversations with a critical post are folded now (all their posts, in order) and the rest deferred in order', () => {
  const batch = [
    queued(1, { waitedMs: BACKLOG_AGE_MS + 1 }),
    queued(2, { conversation: 'x:thread:hot' }),
    queued(3),
    queued(4, { conversation: 'x:thread:hot', critical: true }),
    queued(5),
  ];
  const split = splitBacklog(batch, NOW, isCritical);
  expect(ids(split.now)).toEqual(['m2', 'm4']);
  expect(ids(split.deferred)).toEqual(['m1', 'm3', 'm5']);
});

test('behind a backlog with nothing critical, the whole batch is deferred; with everything critical, none is', () => {
  const calm = [queued(1, { waitedMs: 30_000 }), queued(2)];
  expect(splitBacklog(calm, NOW, isCritical)).toEqual({ now: [], deferred: calm });
  const urgent = [queued(1, { waitedMs: 30_000, critical: true }), queued(2, { critical: true })];
  expect(splitBacklog(urgent, NOW, isCritical)).toEqual({ now: urgent, deferred: [] });
});

test('a message whose sent time is unknown (no SentTimestamp) does not count as waiting', () => {
  const batch = [{ ...queued(1), sentAtMs: Number(undefined) }, queued(2)];
  expect(splitBacklog(batch, NOW, isCritical).deferred).toEqual([]);
});
