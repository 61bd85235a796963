import type { SlaWatchState } from '../../../schemas/sla-step';
import { errorName } from '../errors';
import { checkBreach, checkPreBreach, computeDue } from './flow';
import type { DueCheck, SlaCheck, SlaCheckFields, SlaCheckIndex } from './checks';
import type { SlaPorts } from './ports';

/**
 * First-response clocks without a running workflow per case. A case whose clock runs carries its next check
 * (`slaCheck`) and when it is due (`slaCheckAt`); the table's sparse `slaChecks` index lists those by time, and a
 * scheduled function (lambdas/sla/sweep.ts) runs every check whose time has come, each minute:
 *
 *   start ─▶ ComputeDue (business-hours due time) ─┬─ pre ─▶ at preBreachAt: CheckPreBreach (warn tier 1 once) ─┐
 *                                                  └─ due ─▶ at dueAt: CheckBreach (record the breach) ◀───────┘
 *
 * Each check is one of the steps in flow.ts, unchanged (each safe to run twice), and what it returns is the next
 * check, or none. Waiting costs nothing: a check is an index entry, not an execution. A new case, a raised urgency
 * or a staff reclassification asks for a `start` check now (cases/rules.ts), so the clock follows the case at once.
 *
 * A check that fails stays where it is and runs again at the next sweep; a pre-breach warning that keeps failing
 * (tier 1 unreachable) gives way to the breach check after MAX_PRE_BREACH_FAILURES sweeps, as the state machine's
 * Catch did.
 */

export interface SweepPorts extends SlaPorts {
  checks: SlaCheckIndex;
  shards: number;
}

export interface SweepLimits {
  /** Stop taking checks once this clock time (ms) has passed; the rest wait for the next sweep. */
  deadlineMs: number;
  /** Checks run at once. */
  concurrency: number;
  /** Checks read per index query. */
  pageSize: number;
}

export const MAX_PRE_BREACH_FAILURES = 3;

/**
 * When a check is filed: always in toISOString's form, because the index compares these as strings and the steps'
 * whole-second times ("…:00Z") sort after the same second with milliseconds ("…:00.000Z").
 */
export const checkTime = (at: string) => new Date(at).toISOString();

/** The check a step's result asks for next; undefined when the clock is done. */
export function nextCheck(state: SlaWatchState): SlaCheckFields | undefined {
  if (state.stage === 'pre' && state.dueAt && state.preBreachAt) {
    return { slaCheck: { stage: 'pre', dueAt: state.dueAt, preBreachAt: state.preBreachAt }, slaCheckAt: checkTime(state.preBreachAt) };
  }
  if (state.stage === 'due' && state.dueAt) return { slaCheck: { stage: 'due', dueAt: state.dueAt }, slaCheckAt: checkTime(state.dueAt) };
  return undefined;
}

/** Runs one check's step. */
export async function runCheck(due: DueCheck, ports: SlaPorts): Promise<SlaWatchState> {
  const { caseId, check } = due;
  switch (check.stage) {
    case 'start':
      return computeDue({ action: 'due', caseId }, ports);
    case 'pre':
      return checkPreBreach({ action: 'pre-breach', caseId, dueAt: check.dueAt, preBreachAt: check.preBreachAt }, ports);
    case 'due':
      return checkBreach({ action: 'breach', caseId, dueAt: check.dueAt }, ports);
  }
}

/** What a failed check files instead: the same check again, or after too many failed warnings, the breach check. */
function afterFailure(due: DueCheck): SlaCheckFields | undefined {
  const { check } = due;
  if (check.stage !== 'pre') return undefined; // stays filed as it is: the next sweep runs it again
  const failures = (check.failures ?? 0) + 1;
  if (failures >= MAX_PRE_BREACH_FAILURES) return { slaCheck: { stage: 'due', dueAt: check.dueAt }, slaCheckAt: checkTime(check.dueAt) };
  return { slaCheck: { ...check, failures }, slaCheckAt: due.at };
}

export interface SweepOutcome {
  checked: number;
  /** Checks whose step threw (each left for the next sweep, or moved on after repeated warning failures). */
  failed: { caseId: string; stage: SlaCheck['stage']; error: string }[];
  /** The deadline came before every due check was taken. */
  unfinished: boolean;
}

/** One sweep: every check due at `now`, shard by shard, a few at a time, until done or the deadline. */
export async function sweepClocks(ports: SweepPorts, limits: SweepLimits): Promise<SweepOutcome> {
  const nowIso = ports.now().toISOString();
  const outcome: SweepOutcome = { checked: 0, failed: [], unfinished: false };
  const pastDeadline = () => Date.now() >= limits.deadlineMs;

  // Pages of every shard feed one pool of workers: a shard with a backlog does not hold up the others' checks.
  const pending: DueCheck[] = [];
  const cursors = new Map<number, unknown>(Array.from({ length: ports.shards }, (_, shard) => [shard, undefined]));
  let reading: Promise<void> | undefined;
  const readMore = async () => {
    for (const [shard, after] of [...cursors]) {
      const page = await ports.checks.due(shard, nowIso, limits.pageSize, after);
      pending.push(...page.checks);
      if (page.next === undefined) cursors.delete(shard);
      else cursors.set(shard, page.next);
    }
  };
  const take = async (): Promise<DueCheck | undefined> => {
    while (pending.length === 0 && cursors.size > 0) {
      reading ??= readMore().finally(() => (reading = undefined));
      await reading;
    }
    return pending.shift();
  };

  const worker = async () => {
    for (;;) {
      if (pastDeadline()) {
        if (pending.length > 0 || cursors.size > 0) outcome.unfinished = true;
        return;
      }
      const due = await take();
      if (!due) return;
      outcome.checked++;
      let next: SlaCheckFields | undefined;
      try {
        next = nextCheck(await runCheck(due, ports));
      } catch (err) {
        outcome.failed.push({ caseId: due.caseId, stage: due.check.stage, error: errorName(err) });
        next = afterFailure(due);
        if (next === undefined) continue;
      }
      try {
        await ports.checks.reschedule(due, next);
      } catch (err) {
        // The step ran; its next check was not filed. The old one runs again next sweep, and the step is safe to repeat.
        outcome.failed.push({ caseId: due.caseId, stage: due.check.stage, error: errorName(err) });
      }
    }
  };
  await Promise.all(Array.from({ length: limits.concurrency }, worker));
  return outcome;
}
