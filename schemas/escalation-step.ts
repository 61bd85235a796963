import * as z from 'zod';
import { ESCALATION_ACTIONS } from '../config/escalation-flow';

/**
 * The boundary between the escalation state machine and its steps function: what each Task state passes in
 * (config/escalation-flow.ts builds these with `Parameters`) and what each returns. Ids, flags and counters only.
 */

const CaseIdSchema = z.string().regex(/^c_[A-Za-z0-9_-]{1,64}$/, 'caseId must be a case id like c_…');
const Counter = z.number().int().min(1).max(100);
/** The highest round a step accepts (Counter): checkAck goes round again for a post that joined after the last page only below it. */
export const MAX_ROUND = 100;
/**
 * The escalation a step belongs to: its execution's name (`<case>-critical`, `<case>-critical-<hash>`, or the
 * offer's `<case>-complaint` / `<case>-threat`). Executions started before escalations had ids pass none: the case's
 * first, `<case>-critical`.
 */
const EscalationIdSchema = z.string().regex(/^c_[A-Za-z0-9_-]{1,78}$/, 'escalationId must be an execution name like c_…-critical').optional();

export const EscalationStepInputSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('plan'), caseId: CaseIdSchema, reason: z.enum(['critical', 'complaint', 'threat']), escalationId: EscalationIdSchema }),
  z.object({ action: z.literal('offer'), caseId: CaseIdSchema }),
  // The Error of the SendOffer failure Step Functions caught: a name such as MessageRejected or States.Timeout.
  z.object({ action: z.literal('offer-failed'), caseId: CaseIdSchema, error: z.string().regex(/^[A-Za-z][\w.:-]{0,79}$/).catch('unknown') }),
  z.object({ action: z.literal('notify'), caseId: CaseIdSchema, escalationId: EscalationIdSchema, round: Counter, tier: Counter }),
  z.object({ action: z.literal('check'), caseId: CaseIdSchema, escalationId: EscalationIdSchema, round: Counter, tier: Counter }),
  z.object({ action: z.literal('exhausted'), caseId: CaseIdSchema, escalationId: EscalationIdSchema, round: Counter, tier: Counter }),
]);
export type EscalationStepInput = z.infer<typeof EscalationStepInputSchema>;
// Every action the flow can send has a schema branch (compile-time check).
type _AllActions = (typeof ESCALATION_ACTIONS)[number] extends EscalationStepInput['action'] ? true : never;
export const _allActionsCovered: _AllActions = true;

/** Plan's result replaces the state: the flags the Choice states read and the first cursor. */
export interface PlanResult {
  caseId: string;
  /** The escalation the execution runs (the later steps pass it back). */
  escalationId: string;
  reason: 'critical' | 'complaint' | 'threat';
  page: boolean;
  offer: boolean;
  cursor: { round: number; tier: number; outcome: 'page' };
}

export interface NotifyResult {
  /** True when the case was acknowledged (or closed) before this tier was paged: the flow ends. */
  acknowledged: boolean;
  /** The tier's ackTimeoutSeconds: how long WaitForAck waits. */
  waitSeconds: number;
}

export interface CheckResult {
  outcome: 'page' | 'acknowledged' | 'exhausted';
  round: number;
  tier: number;
}

/** The customer's answer on /offer/{code} (an HTML form, application/x-www-form-urlencoded). */
export const OfferChoiceFormSchema = z.object({
  channel: z.enum(['phone', 'email', 'dm', 'none'], { error: 'Please choose one of the options.' }),
  phone: z
    .string()
    .trim()
    .max(30, 'That phone number looks too long.')
    .regex(/^(\+?[0-9][0-9 ().-]{5,24})?$/, 'Please enter a phone number with digits only (a leading + is fine), or leave it empty.')
    .optional()
    .transform((v) => (v ? v : undefined)),
  time: z
    .string()
    .trim()
    .max(100, 'Please keep the preferred time under 100 characters.')
    .optional()
    .transform((v) => (v ? v : undefined)),
});
export type OfferChoiceForm = z.infer<typeof OfferChoiceFormSchema>;
