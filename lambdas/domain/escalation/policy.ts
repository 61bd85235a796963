import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { formatPath } from '../zod-path';
import type * as z from 'zod';
import {
  OncallPolicySchema,
  PolicySchemaFor,
  WEEKDAYS,
  minutesOfDay,
  type OncallPolicy,
  type PolicySchemaOptions,
  type Weekday,
} from '../../../schemas/oncall-policy';

/**
 * Reading and asking questions of the escalation policy (schemas/oncall-policy.ts). Business hours are evaluated
 * in the policy's own time zone with Intl alone, so they follow that zone's daylight-saving rules.
 */

export type { OncallPolicy } from '../../../schemas/oncall-policy';

/** A config file that cannot be used: `problems` lists each as `path: what is wrong`, never the values. */
export class ConfigFileError extends Error {
  constructor(
    readonly what: string,
    readonly problems: string[],
    readonly source?: string,
  ) {
    super(`${what}${source ? ` in ${source}` : ''} is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigFileError';
  }
}

export class PolicyError extends ConfigFileError {
  constructor(problems: string[], source?: string) {
    super('escalation policy', problems, source);
    this.name = 'PolicyError';
  }
}

export { formatPath } from '../zod-path';

/** One line per distinct zod issue, `path: message` (the messages are ours; none repeats the input). */
export function formatIssues(error: z.ZodError, root: string): string[] {
  return [...new Set(error.issues.map((i) => `${formatPath(i.path, root)}: ${i.message}`))];
}

export interface ParsePolicyOptions extends PolicySchemaOptions {
  /** Named in the error message, e.g. the file name. */
  source?: string;
}

/** A valid policy, or a `PolicyError` listing every problem. */
export function parsePolicy(json: unknown, opts: ParsePolicyOptions = {}): OncallPolicy {
  const { source, ...bounds } = opts;
  const schema = Object.keys(bounds).length ? PolicySchemaFor(bounds) : OncallPolicySchema;
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new PolicyError(formatIssues(parsed.error, 'policy'), source);
  return parsed.data;
}

/**
 * Reads a JSON file, turning read and syntax errors into `problems` that name the file and, when known, the line
 * and column. V8's own JSON message may quote the text around the error, which can be someone's phone number,
 * so only its leading phrase is kept.
 */
export async function readJsonFile(path: string, fail: (problems: string[], source: string) => Error): Promise<unknown> {
  const name = basename(path);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : (code ?? 'unreadable');
    throw fail([`cannot read ${path}: ${why}`], name);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  try {
    return JSON.parse(text);
  } catch (err) {
    throw fail([`${name}: ${describeJsonError((err as Error).message, text)}`], name);
  }
}

function describeJsonError(message: string, text: string): string {
  if (text.trim() === '') return 'the file is empty; expected JSON';
  const pos = /at position (\d+)/.exec(message);
  let reason = message
    .replace(/, ".*" is not valid JSON$/s, '')
    .replace(/ in JSON at position \d+.*$/s, '')
    .replace(/^Unexpected end of JSON input$/, 'the JSON ends too early (a missing } or ]?)');
  if (reason.length > 80) reason = 'unexpected text';
  if (!pos) return `not valid JSON: ${reason}`;
  const offset = Number(pos[1]);
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return `not valid JSON at line ${line}, column ${column}: ${reason}`;
}

/** Reads and validates a policy file (`ONCALL_FILE`). Throws `PolicyError`. */
export async function loadPolicyFile(path: string, opts: PolicySchemaOptions = {}): Promise<OncallPolicy> {
  const json = await readJsonFile(path, (problems, source) => new PolicyError(problems, source));
  return parsePolicy(json, { ...opts, source: basename(path) });
}

// ---------------------------------------------------------------------------------------------------------------
// Time in the policy's zone

interface WallClock {
  year: number;
  month: number; // 1–12
  day: number;
  weekday: Weekday;
  minutes: number; // since local midnight
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      weekday: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

const WEEKDAY_BY_SHORT: Record<string, Weekday> = { Mon: 'mon', Tue: 'tue', Wed: 'wed', Thu: 'thu', Fri: 'fri', Sat: 'sat', Sun: 'sun' };

/** The wall clock in `timeZone` at the instant `ms`. */
function wallClock(timeZone: string, ms: number): WallClock {
  const parts: Record<string, string> = {};
  for (const p of formatterFor(timeZone).formatToParts(ms)) parts[p.type] = p.value;
  const hour = Number(parts.hour) % 24;
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    weekday: WEEKDAY_BY_SHORT[parts.weekday!]!,
    minutes: hour * 60 + Number(parts.minute),
  };
}

/** The wall clock as if it were UTC, in ms: comparable across instants of the same zone. */
function wallMs(w: Pick<WallClock, 'year' | 'month' | 'day' | 'minutes'>): number {
  return Date.UTC(w.year, w.month - 1, w.day) + w.minutes * 60_000;
}

/**
 * The first instant at which the wall clock in `timeZone` reads at least `minutes` on the given local date: the
 * exact instant normally, the earlier one when the clocks go back (the time occurs twice), and the moment the
 * clocks go forward when that time is skipped.
 */
function zonedInstant(timeZone: string, date: { year: number; month: number; day: number }, minutes: number): number {
  const target = wallMs({ ...date, minutes });
  const offsetAt = (ms: number) => wallMs(wallClock(timeZone, ms)) - Math.floor(ms / 60_000) * 60_000;
  // Offsets a day either side cover any transition near the target.
  const candidates = [...new Set([offsetAt(target - 86_400_000), offsetAt(target), offsetAt(target + 86_400_000)].map((o) => target - o))].sort(
    (a, b) => a - b,
  );
  const exact = candidates.find((c) => wallMs(wallClock(timeZone, c)) === target);
  if (exact !== undefined) return exact;
  // Skipped by a forward change: find the change (first instant whose wall clock is past the target), to the minute.
  let lo = candidates[0]!;
  let hi = candidates[candidates.length - 1]!;
  while (hi - lo > 60_000) {
    const mid = lo + Math.floor((hi - lo) / 120_000) * 60_000;
    if (wallMs(wallClock(timeZone, mid)) >= target) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** True when `at` falls in business hours (start inclusive, end exclusive) in the policy's zone; always true without them. */
export function isWithinBusinessHours(policy: Pick<OncallPolicy, 'timezone' | 'businessHours'>, at: Date): boolean {
  const hours = policy.businessHours;
  if (!hours) return true;
  const w = wallClock(policy.timezone, at.getTime());
  return hours.days.includes(w.weekday) && w.minutes >= minutesOfDay(hours.start) && w.minutes < minutesOfDay(hours.end);
}

/**
 * When the morning queue opens: `at` itself when it is already within business hours (or the policy has none),
 * else the next opening (a business day's `start`, in the policy's zone).
 */
export function nextBusinessOpening(policy: Pick<OncallPolicy, 'timezone' | 'businessHours'>, at: Date): Date {
  const hours = policy.businessHours;
  if (!hours || isWithinBusinessHours(policy, at)) return new Date(at.getTime());
  const now = wallClock(policy.timezone, at.getTime());
  const startMinutes = minutesOfDay(hours.start);
  // Eight local days always include the next business day (days is never empty).
  for (let k = 0; k <= 8; k++) {
    const d = new Date(Date.UTC(now.year, now.month - 1, now.day + k));
    const weekday = WEEKDAYS[(d.getUTCDay() + 6) % 7]!;
    if (!hours.days.includes(weekday)) continue;
    const opening = zonedInstant(policy.timezone, { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() }, startMinutes);
    if (opening > at.getTime()) return new Date(opening);
  }
  throw new Error('no business opening within 8 days; the policy has no business days');
}

/**
 * When the business hours that `at` falls in close (that day's `end`, in the policy's zone); undefined when `at` is
 * outside business hours or the policy has none (always open). With `nextBusinessOpening` this walks business time.
 */
export function businessHoursEnd(policy: Pick<OncallPolicy, 'timezone' | 'businessHours'>, at: Date): Date | undefined {
  const hours = policy.businessHours;
  if (!hours || !isWithinBusinessHours(policy, at)) return undefined;
  const w = wallClock(policy.timezone, at.getTime());
  return new Date(zonedInstant(policy.timezone, { year: w.year, month: w.month, day: w.day }, minutesOfDay(hours.end)));
}

// ---------------------------------------------------------------------------------------------------------------
// Summary (for the CLI and start-up logs)

const DAY_LABEL: Record<Weekday, string> = { mon: 'Mon', tue: 'Tue', wed: 'Wed', thu: 'Thu', fri: 'Fri', sat: 'Sat', sun: 'Sun' };

/** `['mon','tue','wed','thu','fri']` → `Mon–Fri`; `['mon','wed','thu']` → `Mon, Wed–Thu`. */
export function describeDays(days: readonly Weekday[]): string {
  const set = new Set(days);
  const runs: string[] = [];
  let i = 0;
  while (i < WEEKDAYS.length) {
    if (!set.has(WEEKDAYS[i]!)) {
      i++;
      continue;
    }
    let j = i;
    while (j + 1 < WEEKDAYS.length && set.has(WEEKDAYS[j + 1]!)) j++;
    runs.push(j === i ? DAY_LABEL[WEEKDAYS[i]!] : j === i + 1 ? `${DAY_LABEL[WEEKDAYS[i]!]}, ${DAY_LABEL[WEEKDAYS[j]!]}` : `${DAY_LABEL[WEEKDAYS[i]!]}–${DAY_LABEL[WEEKDAYS[j]!]}`);
    i = j + 1;
  }
  return runs.join(', ');
}

/** Distinct people across all tiers (a contact may sit in several tiers), by phone and email. */
export function countContacts(policy: OncallPolicy): number {
  const keys = new Set<string>();
  for (const t of policy.tiers) for (const c of t.contacts) keys.add(`${c.phone}|${c.email.toLowerCase()}`);
  return keys.size;
}

/** `3 tiers, 5 contacts, business hours Mon–Fri 09:00–17:30 Europe/London`. */
export function describePolicy(policy: OncallPolicy): string {
  const tiers = policy.tiers.length;
  const contacts = countContacts(policy);
  const parts = [`${tiers} tier${tiers === 1 ? '' : 's'}`, `${contacts} contact${contacts === 1 ? '' : 's'}`];
  const h = policy.businessHours;
  parts.push(h ? `business hours ${describeDays(h.days)} ${h.start}–${h.end} ${policy.timezone}` : `no business hours (every case pages at once, ${policy.timezone})`);
  if (policy.repeat > 1) parts.push(`tiers repeated ${policy.repeat} times`);
  return parts.join(', ');
}
