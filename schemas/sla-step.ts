import * as z from 'zod';
import { SLA_ACTIONS } from '../config/sla-flow';

/**
 * The SLA steps' inputs and results: `crisis` is what the SLA state machine (config/sla-flow.ts) passes its steps
 * function; `due`, `pre-breach` and `breach` are the clock checks the SLA sweep runs in-process
 * (lambdas/domain/sla/sweep.ts). Ids, stages, timestamps and counters only.
 */

const CaseIdSchema = z.string().regex(/^c_[A-Za-z0-9_-]{1,64}$/, 'caseId must be a case id like c_…');
const Timestamp = z.iso.datetime({ offset: true });

export const SlaStepInputSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('due'), caseId: CaseIdSchema }),
  z.object({ action: z.literal('pre-breach'), caseId: CaseIdSchema, dueAt: Timestamp, preBreachAt: Timestamp }),
  z.object({ action: z.literal('breach'), caseId: CaseIdSchema, dueAt: Timestamp }),
  z.object({
    action: z.literal('crisis'),
    scope: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,65}$/, 'scope must be all or p-<platform>'),
    windowStart: z.number().int().nonnegative(),
    windowMinutes: z.number().int().min(1).max(60),
    count: z.number().int().nonnegative(),
    threshold: z.number().int().min(1),
  }),
]);
export type SlaStepInput = z.infer<typeof SlaStepInputSchema>;
// Every action the state machine can send has a schema branch (compile-time check).
type _AllActions = (typeof SLA_ACTIONS)[number] extends SlaStepInput['action'] ? true : never;
export const _allSlaActionsCovered: _AllActions = true;

/**
 * What the clock checks (ComputeDue, CheckPreBreach, CheckBreach) return: the next check the sweep files. `pre`
 * (at preBreachAt, warn), `due` (at dueAt, check for a breach) or `done`.
 */
export interface SlaWatchState {
  caseId: string;
  stage: 'pre' | 'due' | 'done';
  dueAt?: string;
  preBreachAt?: string;
}
