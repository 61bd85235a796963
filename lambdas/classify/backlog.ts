import type { SocialEvent } from '../../schemas/social-event';

/**
 * A backlog in the events queue, and what to do with it. When the classifier falls behind (a viral post: thousands of
 * complaints a minute), posts wait in the queue in arrival order, and a critical one waits behind all of them — twenty
 * minutes at the spike plan's 1,000 events/s (docs/spike-plan.md). So a batch whose oldest post has waited longer than
 * BACKLOG_AGE_MS is triaged the way a bulk bundle is: the conversations with a critical post are folded now, and the
 * rest go to the bulk queue as one bundle (marked triaged, worked through there beside this queue). The events queue
 * then only ever holds posts nobody has looked at, which the classifier reads as fast as it can classify them (a few
 * milliseconds a batch): a critical post is paged within seconds of arriving however deep the backlog, and the rest is
 * worked through as before, a little later. Nothing is deferred while the classifier keeps up.
 */

/**
 * How long a post may have waited in the queue before its batch counts as a backlog. With no batching window, a post
 * reaches the classifier within a few hundred milliseconds while it keeps up; first SMS is budgeted at one second.
 */
export const BACKLOG_AGE_MS = 500;

export interface QueuedEvent {
  /** The SQS message's id. */
  messageId: string;
  /** When SQS took the message (its SentTimestamp), epoch milliseconds. */
  sentAtMs: number;
  event: SocialEvent;
}

export interface BacklogSplit {
  /** The messages to fold now: every post of a conversation with a critical one (all of them when there is no backlog). */
  now: QueuedEvent[];
  /** The messages whose posts go to the bulk queue, in the batch's order. */
  deferred: QueuedEvent[];
}

/**
 * Splits a batch's single posts: nothing is deferred unless one has waited more than BACKLOG_AGE_MS; then every
 * conversation without a critical post is. `isCritical` is the classifier's verdict (cheap: microseconds a post).
 */
export function splitBacklog(batch: readonly QueuedEvent[], nowMs: number, isCritical: (e: SocialEvent) => boolean): BacklogSplit {
  const behind = batch.some((q) => nowMs - q.sentAtMs > BACKLOG_AGE_MS);
  if (!behind) return { now: [...batch], deferred: [] };
  const urgent = new Set(batch.filter((q) => isCritical(q.event)).map((q) => q.event.conversationId));
  return {
    now: batch.filter((q) => urgent.has(q.event.conversationId)),
    deferred: batch.filter((q) => !urgent.has(q.event.conversationId)),
  };
}
