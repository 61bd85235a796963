/**
 * The next check of a case's first-response clock, as the case item and the `slaChecks` index keep it (the SLA
 * sweep, sweep.ts, runs them). No imports: the case rules (cases/rules.ts) ask for a check without depending on the
 * sweep.
 */

export type SlaCheck =
  | { stage: 'start' }
  | { stage: 'pre'; dueAt: string; preBreachAt: string; failures?: number }
  | { stage: 'due'; dueAt: string };

/** What a case item carries while its clock runs (absent once the clock is done). */
export interface SlaCheckFields {
  slaCheck: SlaCheck;
  slaCheckAt: string;
}

/** A check read from the index: the case, the check, and the time it was filed under (the write's condition). */
export interface DueCheck {
  caseId: string;
  check: SlaCheck;
  at: string;
}

export interface SlaCheckIndex {
  /** Up to `limit` checks of `shard` due at or before `now`, earliest first, and where to go on. */
  due(shard: number, now: string, limit: number, after?: unknown): Promise<{ checks: DueCheck[]; next?: unknown }>;
  /**
   * Files the case's next check (or removes it: `undefined`) only while the case still has the one that was read
   * (`read.at`): a post or a person that asked for a new check meanwhile wins. False when it did not hold.
   */
  reschedule(read: DueCheck, next: SlaCheckFields | undefined): Promise<boolean>;
}

/** A check for now (an ISO time with milliseconds, as the index compares strings): a new clock, or one whose urgency changed. */
export const checkNow = (now: string): SlaCheckFields => ({ slaCheck: { stage: 'start' }, slaCheckAt: new Date(now).toISOString() });
