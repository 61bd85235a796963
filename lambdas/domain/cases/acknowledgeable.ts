/**
 * When a staff member may acknowledge a case, the one rule for the staff API (staff-actions.ts) and the care console
 * (which offers the button only then). No imports: the console's browser bundle takes it as it is.
 */

/** What the rule reads of a case (a stored case, or the staff API's view of one). */
export interface AcknowledgeableCase {
  status: string;
  urgency: string;
  escalation?: { state: string };
}

/**
 * Whether acknowledging must also stop the escalation: it is paging (tier 0 included: its flow has not paged yet, and
 * its Plan or first NotifyTier then finds the acknowledgement and sends nothing), it gave up (exhausted: the ack
 * records who took it over), or the case is critical with no escalation record (raised by a person, or escalated
 * before records were kept). The acknowledgement is the current escalation's: a later critical post starts a new one
 * (rules.ts foldPost), which pages until it is acknowledged in turn.
 */
export function stopsPaging(c: AcknowledgeableCase): boolean {
  const state = c.escalation?.state;
  return state === 'paging' || state === 'exhausted' || (state === undefined && c.urgency === 'critical');
}

/** Acknowledging changes something: the case is open, or acknowledged with paging still to stop; never resolved. */
export const acknowledgeable = (c: AcknowledgeableCase): boolean => c.status !== 'resolved' && (c.status === 'open' || stopsPaging(c));
