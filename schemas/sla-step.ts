import * as z from 'zod';
import { SLA_ACTIONS } from '../config/sla-flow';

/**
 * The boundary between the SLA watch state machine (config/sla-flow.ts) and its steps function: what each Task
 * state passes in and what the SLA steps return. Ids, stages, timestamps and counters only.
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
// Every action the flow can send has a schema branch (compile-time check).
type _AllActions = (typeof SLA_ACTIONS)[number] extends SlaStepInput['action'] ? true : never;
export const _allSlaActionsCovered: _AllActions = true;

/**
 * What ComputeDue, CheckPreBreach and CheckBreach return; it replaces the state. `stage` picks the next wait:
 * `pre` (wait for preBreachAt, then warn), `due` (wait for dueAt, then check for a breach) or `done`.
 */
export interface SlaWatchState {
  caseId: string;
  stage: 'pre' | 'due' | 'done';
  dueAt?: string;
  preBreachAt?: string;
}
