import type { Urgency } from '../../../schemas/classification';
import type { OncallPolicy } from '../../../schemas/oncall-policy';
import { businessHoursEnd, nextBusinessOpening } from '../escalation/policy';

/**
 * First-response clocks, pure. A case's clock starts when it first gets a target (its first post, or the follow-up
 * that gave a low case one) and runs for its urgency's target (SLA_MINUTES): around the clock for critical cases,
 * only in the policy's business hours for the others (a policy without business hours is always open). A first
 * response stops it. The pre-breach warning comes a margin before the due time, measured the same way.
 */

type Hours = Pick<OncallPolicy, 'timezone' | 'businessHours'>;

const MINUTE_MS = 60_000;

/** The target in ms for an urgency; undefined when it has no clock (low, or left out of SLA_MINUTES). */
export function targetMs(urgency: Urgency, slaMinutes: Partial<Record<Urgency, number>>): number | undefined {
  const minutes = slaMinutes[urgency];
  return minutes === undefined || !Number.isFinite(minutes) || minutes <= 0 ? undefined : minutes * MINUTE_MS;
}

/** Critical cases are on the clock 24/7; the rest wait for business hours. */
export const countsBusinessHoursOnly = (urgency: Urgency) => urgency !== 'critical';

/**
 * The instant `ms` of business time after `start`: time outside business hours does not count. A policy without
 * business hours counts every millisecond.
 */
export function addBusinessTime(policy: Hours, start: Date, ms: number): Date {
  if (!policy.businessHours) return new Date(start.getTime() + ms);
  let t = start.getTime();
  let remaining = Math.max(0, ms);
  // One business interval per iteration: two years of one-day weeks is far more than any target needs.
  for (let i = 0; i < 800; i++) {
    const open = nextBusinessOpening(policy, new Date(t)).getTime();
    const close = businessHoursEnd(policy, new Date(open))?.getTime();
    if (close === undefined || open + remaining <= close) return new Date(open + remaining);
    remaining -= close - open;
    t = close;
  }
  throw new Error('business time does not add up: check the policy business hours');
}

/**
 * How long before the due time tier 1 is warned: 20% of the target, at least a minute, but never more than half the
 * target (so tiny targets in tests warn proportionally: 3 s → 1.5 s).
 */
export function preBreachMarginMs(target: number): number {
  return Math.min(Math.max(0.2 * target, MINUTE_MS), 0.5 * target);
}

/** Wait states are given whole seconds (rounded up): RFC 3339 without fractions, as every interpreter accepts. */
export function waitTimestamp(ms: number): string {
  return new Date(Math.ceil(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

export interface DueTimes {
  /** When the first response is due (ISO, whole seconds). */
  dueAt: string;
  /** When tier 1 is warned if nobody has responded (ISO, whole seconds; ≤ dueAt). */
  preBreachAt: string;
  /** Whether only business hours counted. */
  businessHoursOnly: boolean;
}

/** Due and pre-breach times of a clock started at `startedAt` for `urgency`; undefined when it has no target. */
export function dueTimes(
  startedAt: Date,
  urgency: Urgency,
  slaMinutes: Partial<Record<Urgency, number>>,
  policy: Hours,
): DueTimes | undefined {
  const target = targetMs(urgency, slaMinutes);
  if (target === undefined) return undefined;
  const businessHoursOnly = countsBusinessHoursOnly(urgency) && !!policy.businessHours;
  const hours: Hours = businessHoursOnly ? policy : { timezone: policy.timezone };
  const due = addBusinessTime(hours, startedAt, target).getTime();
  const pre = Math.min(addBusinessTime(hours, startedAt, target - preBreachMarginMs(target)).getTime(), due);
  return { dueAt: waitTimestamp(due), preBreachAt: waitTimestamp(pre), businessHoursOnly };
}

/**
 * When a case's clock started, from the classifier's plain due time (start + target, stored as `slaDueAt` before the
 * watch first runs): the first post's arrival, or the follow-up that gave the case a target.
 */
export function clockStart(plainDueAt: string, urgency: Urgency, slaMinutes: Partial<Record<Urgency, number>>): Date | undefined {
  const target = targetMs(urgency, slaMinutes);
  const due = Date.parse(plainDueAt);
  if (target === undefined || !Number.isFinite(due)) return undefined;
  return new Date(due - target);
}

/** "6 min", "45 s", "2 h 5 min": how long until the due time, for a person on a phone. */
export function durationLabel(ms: number): string {
  if (ms < MINUTE_MS) return `${Math.max(0, Math.round(ms / 1000))} s`;
  const minutes = Math.round(ms / MINUTE_MS);
  if (minutes < 120) return `${minutes} min`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m ? `${h} h ${m} min` : `${h} h`;
}

/** The first-response time of a case, for the FirstResponseTime metric: from its first post to the response. */
export function firstResponseMs(receivedAt: string, respondedAt: string): number | undefined {
  const ms = Date.parse(respondedAt) - Date.parse(receivedAt);
  return Number.isFinite(ms) && ms >= 0 ? ms : undefined;
}
