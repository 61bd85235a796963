/**
 * The escalation state machine's definition (Amazon States Language, JSONPath only — what the local interpreter
 * runs). One source: the CDK stack deploys exactly this JSON and the local stack runs exactly this JSON.
 *
 * For now the flow only records its input; the escalation issue grows it into: plan (page? offer?), notify tier,
 * wait the tier's ack timeout, check the case, next tier / next round / exhausted. It never pages before then.
 */
export const ESCALATION_STATE_MACHINE = { localName: 'social-care-escalation' } as const;

export function escalationDefinition(): Record<string, unknown> {
  return {
    Comment: 'Escalation of a case that needs action (critical: page on-call; complaint or threat: offer the customer a channel).',
    StartAt: 'Plan',
    States: {
      Plan: {
        Type: 'Pass',
        Comment: 'Only ids and the reason travel in the state, never post text or contact details.',
        Parameters: { 'caseId.$': '$.caseId', 'reason.$': '$.reason' },
        End: true,
      },
    },
  };
}
