import type { Classification, Urgency } from '../../../schemas/classification';
import type { StoredCase } from '../cases/rules';
import type { Metrics } from '../escalation/ports';
import { firstResponseMs } from './clock';
import {
  alignedWindowStart,
  type CrisisInput,
  crisisExecutionName,
  type CrisisSample,
  type CrisisThresholds,
  crisisTrigger,
  epochMinute,
  evidenceQuote,
  scopesOf,
  thresholdOf,
  windowBuckets,
} from './crisis';

/**
 * The classifier's side of the crisis alert (called from ../cases/process-event.ts): every new negative post is
 * counted per minute, overall and for its platform; when the last W minutes of a scope reach its threshold, the SLA
 * state machine is started as `crisis-<scope>-<window start>`: once per window (Step Functions starts a name once).
 *
 * First-response clocks need nothing here: a case whose clock runs carries its next check, which the SLA sweep runs
 * (sweep.ts; cases/rules.ts files the check with the case).
 */

export interface WorkflowStarter {
  /** Starts an execution under `name`; resolves 'already' if one of that name exists. */
  start(name: string, input: CrisisInput): Promise<'started' | 'already'>;
}

/** The per-minute counters (lambdas/adapters/sla-table.ts). */
export interface CrisisCounter {
  /**
   * Adds one post to `scope`'s bucket of `minute` (and to its per-platform breakdown) and keeps `sample` while the
   * bucket holds only a few; returns the bucket's new count.
   */
  add(scope: string, minute: number, platform: string, sample: CrisisSample, expiresAtEpoch: number): Promise<number>;
  /** The counts of `scope`'s buckets of these minutes, in order (0 where there is none). */
  counts(scope: string, minutes: number[]): Promise<number[]>;
}

/**
 * What one container remembers between posts: counts of minutes that are over (a minute two or more behind gets no
 * more posts), and the alerts it started, so a surge costs one read per post and one start per window.
 */
export class CrisisMemory {
  readonly minuteCounts = new Map<string, number>();
  readonly started = new Map<string, number>();

  prune(minute: number, windowMinutes: number): void {
    for (const [key, _] of this.minuteCounts) if (Number(key.slice(key.lastIndexOf('#') + 1)) < minute - windowMinutes) this.minuteCounts.delete(key);
    for (const [name, windowStart] of this.started) if (windowStart < minute - 2 * windowMinutes) this.started.delete(name);
  }
}

export interface CrisisWatchPorts {
  counter: CrisisCounter;
  thresholds: CrisisThresholds;
  memory: CrisisMemory;
}

export interface SlaWatchPorts {
  starter: WorkflowStarter;
  /** Absent: no crisis counting. */
  crisis?: CrisisWatchPorts;
}

/** Counter buckets live a day: long past any window, short enough to cost nothing. */
const BUCKET_TTL_SECONDS = 86_400;

/**
 * Counts one negative post in its scopes and starts the alert of every scope whose window reached its threshold.
 * Returns the names of the alerts this call started.
 */
export async function countNegativePost(
  post: { caseId: string; platform: string; redactedText: string; author: { handle?: string; name?: string } },
  now: Date,
  ports: SlaWatchPorts & { crisis: CrisisWatchPorts },
): Promise<string[]> {
  const { counter, thresholds: t, memory } = ports.crisis;
  const minute = epochMinute(now.getTime());
  const sample: CrisisSample = { caseId: post.caseId, platform: post.platform, quote: evidenceQuote(post.redactedText, post.author), at: now.toISOString() };
  const expires = (minute + 1) * 60 + BUCKET_TTL_SECONDS;
  const started: string[] = [];
  await Promise.all(
    scopesOf(post.platform).map(async (scope) => {
      const windowStart = alignedWindowStart(minute, t.windowMinutes);
      const name = crisisExecutionName(scope, windowStart);
      // This window's alert is out: counting further changes nothing, and in a surge every post would write the same
      // counter. So a container stops counting a scope for the rest of the window once it has seen its alert start.
      if (memory.started.has(name)) return;
      let sum = await counter.add(scope, minute, post.platform, sample, expires);
      if (sum < thresholdOf(scope, t)) {
        const older = windowBuckets(minute, t.windowMinutes).slice(0, -1);
        const key = (m: number) => `${scope}#${m}`;
        const unknown = older.filter((m) => !memory.minuteCounts.has(key(m)));
        const counts = unknown.length ? await counter.counts(scope, unknown) : [];
        unknown.forEach((m, i) => {
          if (m <= minute - 2) memory.minuteCounts.set(key(m), counts[i] ?? 0);
        });
        const known = older.filter((m) => !unknown.includes(m)).map((m) => memory.minuteCounts.get(key(m)) ?? 0);
        sum += [...counts, ...known].reduce((a, b) => a + b, 0);
      }
      const trigger = crisisTrigger(scope, minute, sum, t);
      if (!trigger) return;
      const result = await ports.starter.start(name, trigger);
      memory.started.set(name, windowStart);
      if (result === 'started') started.push(name);
    }),
  );
  memory.prune(minute, t.windowMinutes);
  return started;
}

/** The crisis count of one new post folded into case `c`, when it is negative. Returns the alerts started. */
export async function watchCase(
  c: StoredCase,
  post: { platform: string; author: { handle?: string; name?: string } },
  classification: Pick<Classification, 'sentiment' | 'redactedText'>,
  now: Date,
  ports: SlaWatchPorts,
): Promise<string[]> {
  if (classification.sentiment !== 'negative' || !ports.crisis) return [];
  return countNegativePost({ caseId: c.id, platform: post.platform, redactedText: classification.redactedText, author: post.author }, now, { ...ports, crisis: ports.crisis });
}

/**
 * Records the FirstResponseTime metric (ms from the case's first post to its first response, by urgency). Call it
 * where a case first gets `firstResponseAt`: the classifier for the business's own replies (echoes), the staff API
 * for a response a person records.
 */
export function recordFirstResponseTime(metrics: Metrics, c: { receivedAt: string; urgency: Urgency }, respondedAt: string): void {
  const ms = firstResponseMs(c.receivedAt, respondedAt);
  if (ms !== undefined) metrics.record('FirstResponseTime', ms, 'Milliseconds', { urgency: c.urgency });
}
