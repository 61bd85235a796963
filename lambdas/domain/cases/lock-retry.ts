/**
 * Retrying a lost race on a case's optimistic lock (`version`). Several writers meet on one case: posts of a busy
 * conversation arriving in concurrent batches, staff actions, the escalation and SLA steps. Retrying at once makes the
 * losers collide again, in step, until their attempts run out (a 60-post burst used to fail records with "too many
 * concurrent updates", and each then waited out the queue's 180 s visibility timeout). So each retry first waits a
 * random time below an exponentially growing cap ("full jitter"), which spreads the writers out.
 *
 * LOCK_ATTEMPTS and the caps keep the worst case (every attempt lost, every wait at its cap) near 11 s, inside the
 * classify function's 30 s timeout; the expected wait is half that, and far less when only a few writers meet.
 */

export const LOCK_ATTEMPTS = 20;
const BASE_MS = 10;
const CAP_MS = 800;

/** How long to wait before retry number `retry` (0 for the first retry): uniform in [0, min(cap, base · 2^retry)). */
export function lockBackoffMs(retry: number, random: () => number = Math.random): number {
  return Math.floor(random() * Math.min(CAP_MS, BASE_MS * 2 ** retry));
}

export function waitBeforeRetry(retry: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, lockBackoffMs(retry)));
}

/** Every attempt lost its race: the record fails and the queue retries it later. */
export function tooManyConcurrentUpdates(caseId: string): Error {
  return new Error(`case ${caseId}: too many concurrent updates`);
}
