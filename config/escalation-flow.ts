/**
 * The escalation state machine's definition (Amazon States Language, JSONPath only — what the local interpreter
 * runs). One source: the CDK stack deploys exactly this JSON (with `definitionSubstitutions` filling in the steps
 * function's ARN) and the local stack runs exactly this JSON (with a local ARN and its Task states routed to the same
 * handler module). test/infra/escalation-flow.test.ts proves the synthesized template carries this definition.
 *
 *   Plan ─▶ Parallel ┬─ OfferNeeded ─▶ SendOffer ─(fails)─▶ OfferFailed  (complaint or threat, contact known)
 *                    └─ PageNeeded ─▶ NotifyTier ─▶ WaitForAck ─▶ CheckAck ─▶ NextStep ─┬─ page: NotifyTier again
 *                                       │ nobody reachable                ▲             ├─ acknowledged: done
 *                                       └──────── TierUnreachable ────────┘             └─ exhausted: MarkExhausted
 *
 * Nothing in the offer branch can fail the Parallel state (which would stop the pages): a SendOffer that still fails
 * after its retries is caught and recorded on the case (OfferFailed), and if even that fails the branch ends.
 *
 * One execution per escalation of a case: `<case>-critical` for its first critical post, `<case>-critical-<hash>` for
 * a critical post that joins it once the escalation before was acknowledged or exhausted (or there was none). Its
 * steps carry that id and act only while it is the case's current escalation.
 *
 * Waiting for an acknowledgement needs no task token: notify, wait the tier's `ackTimeoutSeconds`, read the case,
 * branch. An ack lands on the case (POST /ack/{code}); NotifyTier also re-reads it before sending, so no page goes out
 * after an acknowledgement even when the ack arrives during the wait. The state carries ids, flags and counters only —
 * never post text or contact details — because execution history is kept for 90 days.
 */
import { stepTask } from './asl';
import { FUNCTIONS } from './resources';

export const ESCALATION_STATE_MACHINE = {
  localName: 'social-care-escalation',
  /** The definition's placeholder for the steps function ARN (a `definitionSubstitutions` key in CDK). */
  stepsArnPlaceholder: 'EscalationStepsArn',
  /** What the local stack substitutes: an ARN-shaped name whose Task states the local runner routes in-process. */
  localStepsArn: 'arn:aws:lambda:us-east-1:000000000000:function:escalation-steps',
} as const;

/** The actions of the steps function, one per Task state. */
export const ESCALATION_ACTIONS = ['plan', 'offer', 'offer-failed', 'notify', 'check', 'exhausted'] as const;
export type EscalationAction = (typeof ESCALATION_ACTIONS)[number];

/** Every step is about one case: its Task states all pass `caseId`. */
function task(action: EscalationAction, parameters: Record<string, string>, rest: Record<string, unknown>) {
  const steps = { stepsArnPlaceholder: ESCALATION_STATE_MACHINE.stepsArnPlaceholder, timeoutSeconds: FUNCTIONS.escalationSteps.timeoutSeconds };
  return stepTask(steps, action, { 'caseId.$': '$.caseId', ...parameters }, rest);
}

export function escalationDefinition(): Record<string, unknown> {
  return {
    Comment: 'Escalation of a case that needs action: page on-call tiers until someone acknowledges (critical), offer the customer an offline channel (complaint or threat).',
    StartAt: 'Plan',
    States: {
      // Its result replaces the state (ResultPath left at its default, "$": aws-local-stepfunctions 3.0.0 would
      // write an explicit "$" to a key named "$").
      // `escalationId` is the execution's own name (the classifier passes it in the input): which escalation of the
      // case these pages belong to, so a newer one replaces it and an old ack link cannot stop the new one.
      Plan: task('plan', { 'reason.$': '$.reason', 'escalationId.$': '$.escalationId' }, { Next: 'OfferAndPage' }),
      OfferAndPage: {
        Type: 'Parallel',
        Comment: 'The offer does not wait for the pages, nor the pages for the offer.',
        ResultPath: null,
        End: true,
        Branches: [
          {
            StartAt: 'OfferNeeded',
            States: {
              OfferNeeded: {
                Type: 'Choice',
                Choices: [{ Variable: '$.offer', BooleanEquals: true, Next: 'SendOffer' }],
                Default: 'NoOffer',
              },
              SendOffer: task('offer', {}, { ResultPath: null, End: true, Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.offerError', Next: 'OfferFailed' }] }),
              // The error's name only (its Cause can quote the address).
              OfferFailed: task(
                'offer-failed',
                { 'error.$': '$.offerError.Error' },
                { ResultPath: null, End: true, Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.offerFailedError', Next: 'OfferFailureUnrecorded' }] },
              ),
              OfferFailureUnrecorded: { Type: 'Succeed', Comment: 'The failure is in the execution history and the function errors alarm; the pages go on.' },
              NoOffer: { Type: 'Succeed' },
            },
          },
          {
            StartAt: 'PageNeeded',
            States: {
              PageNeeded: {
                Type: 'Choice',
                Choices: [{ Variable: '$.page', BooleanEquals: true, Next: 'NotifyTier' }],
                Default: 'NoPage',
              },
              NotifyTier: task(
                'notify',
                { 'escalationId.$': '$.escalationId', 'round.$': '$.cursor.round', 'tier.$': '$.cursor.tier' },
                {
                  ResultPath: '$.notified',
                  Next: 'AlreadyAcknowledged',
                  // Nobody in the tier could be reached even after the retries: page the next tier rather than stop.
                  Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.notifyError', Next: 'TierUnreachable' }],
                },
              ),
              TierUnreachable: { Type: 'Pass', Result: { acknowledged: false, waitSeconds: 0 }, ResultPath: '$.notified', Next: 'CheckAck' },
              AlreadyAcknowledged: {
                Type: 'Choice',
                Choices: [{ Variable: '$.notified.acknowledged', BooleanEquals: true, Next: 'Acknowledged' }],
                Default: 'WaitForAck',
              },
              WaitForAck: { Type: 'Wait', SecondsPath: '$.notified.waitSeconds', Next: 'CheckAck' },
              CheckAck: task('check', { 'escalationId.$': '$.escalationId', 'round.$': '$.cursor.round', 'tier.$': '$.cursor.tier' }, { ResultPath: '$.cursor', Next: 'NextStep' }),
              NextStep: {
                Type: 'Choice',
                Choices: [
                  { Variable: '$.cursor.outcome', StringEquals: 'page', Next: 'NotifyTier' },
                  { Variable: '$.cursor.outcome', StringEquals: 'exhausted', Next: 'MarkExhausted' },
                ],
                Default: 'Acknowledged',
              },
              MarkExhausted: task('exhausted', { 'escalationId.$': '$.escalationId', 'round.$': '$.cursor.round', 'tier.$': '$.cursor.tier' }, { ResultPath: null, Next: 'Exhausted' }),
              Exhausted: { Type: 'Succeed' },
              Acknowledged: { Type: 'Succeed' },
              NoPage: { Type: 'Succeed' },
            },
          },
        ],
      },
    },
  };
}
