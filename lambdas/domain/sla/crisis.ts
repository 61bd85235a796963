import { createHash } from 'node:crypto';
import * as z from 'zod';
import { withoutAuthorMentions } from '../author-mentions';

/**
 * Crisis detection, the pure part: a surge of negative posts — at least N in the last W minutes, per platform and
 * overall — pages tier 1 once per window even when no single post is critical.
 *
 * Counting is per minute (epoch minutes, one counter item per scope and minute); the sum of the last W minute
 * buckets is compared with the scope's threshold after each increment. Windows for paging are W minutes long and
 * aligned to the epoch (minute 0, W, 2W, …), so the alert of a window has one deterministic execution name,
 * `crisis-<scope>-<window start minute>`, which Step Functions starts once: one surge, one page per window.
 */

export const CrisisThresholdsSchema = z
  .object({
    /** Length of the sliding count window and of the paging window, in minutes. */
    windowMinutes: z.number().int().min(1).max(60).default(10),
    /** Negative posts across all platforms within the window that page. */
    overall: z.number().int().min(1).default(20),
    /** Negative posts on any one platform within the window that page. */
    perPlatform: z.number().int().min(1).default(10),
  })
  .strict();
export type CrisisThresholds = z.output<typeof CrisisThresholdsSchema>;

export const DEFAULT_CRISIS_THRESHOLDS: CrisisThresholds = CrisisThresholdsSchema.parse({});

/** The scope counting every platform. Platform scopes are `p-<platform>`, so no platform slug can collide with it. */
export const OVERALL_SCOPE = 'all';
export const platformScope = (platform: string) => `p-${platform}`;
/** The platform of a platform scope; undefined for the overall one. */
export const platformOfScope = (scope: string) => (scope.startsWith('p-') ? scope.slice(2) : undefined);

/** The two scopes a post on `platform` counts in. */
export const scopesOf = (platform: string) => [OVERALL_SCOPE, platformScope(platform)];

export function thresholdOf(scope: string, t: CrisisThresholds): number {
  return scope === OVERALL_SCOPE ? t.overall : t.perPlatform;
}

/** Whole minutes since the epoch. */
export const epochMinute = (ms: number) => Math.floor(ms / 60_000);

/** The W minute buckets of the sliding window ending with `minute`, oldest first. */
export function windowBuckets(minute: number, windowMinutes: number): number[] {
  return Array.from({ length: windowMinutes }, (_, i) => minute - windowMinutes + 1 + i);
}

/** The start minute of the aligned paging window `minute` falls in. */
export const alignedWindowStart = (minute: number, windowMinutes: number) => Math.floor(minute / windowMinutes) * windowMinutes;

/**
 * The execution name of a window's alert: `crisis-<scope>-<window start minute>`, at most 80 characters of
 * [A-Za-z0-9_-] (a scope too long for that is shortened to a hash, still unique).
 */
export function crisisExecutionName(scope: string, windowStart: number): string {
  const name = `crisis-${scope}-${windowStart}`;
  if (name.length <= 80 && /^[A-Za-z0-9_-]+$/.test(name)) return name;
  return `crisis-h${createHash('sha256').update(scope).digest('hex').slice(0, 24)}-${windowStart}`;
}

/** What the SLA machine is started with for a crisis (its first state routes on `kind`). */
export interface CrisisInput {
  kind: 'crisis';
  scope: string;
  windowStart: number;
  windowMinutes: number;
  count: number;
  threshold: number;
}

/** A decision after counting one post in a scope: page when the window's sum reaches the threshold. */
export function crisisTrigger(scope: string, minute: number, sum: number, t: CrisisThresholds): CrisisInput | undefined {
  const threshold = thresholdOf(scope, t);
  if (sum < threshold) return undefined;
  return { kind: 'crisis', scope, windowStart: alignedWindowStart(minute, t.windowMinutes), windowMinutes: t.windowMinutes, count: sum, threshold };
}

/** One negative post kept as evidence: the case, the platform, one line of the redacted text, no author. */
export interface CrisisSample {
  caseId: string;
  platform: string;
  quote: string;
  at: string;
}

const QUOTE_CHARS = 100;

/**
 * One line of a post for the evidence: the already-redacted text with whitespace collapsed, the author's own handle
 * and name replaced, cut to 100 characters at a word.
 */
export function evidenceQuote(redactedText: string, author: { handle?: string; name?: string }): string {
  const text = withoutAuthorMentions(String(redactedText).replace(/\s+/g, ' ').trim(), [author.handle, author.name]);
  const chars = Array.from(text);
  if (chars.length <= QUOTE_CHARS) return text;
  let cut = chars.slice(0, QUOTE_CHARS - 1).join('');
  const space = cut.lastIndexOf(' ');
  if (space >= cut.length * 0.6) cut = cut.slice(0, space);
  return `${cut.replace(/[\s,;:.\-–—]+$/u, '')}…`;
}

/** Only the first few posts of each minute are kept as evidence (the count keeps going). */
export const SAMPLES_PER_MINUTE = 3;
