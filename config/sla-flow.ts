/**
 * The SLA watch state machine's definition (Amazon States Language, JSONPath only), the second ASL source besides
 * config/escalation-flow.ts and used the same way: the CDK stack deploys exactly this JSON (`definitionSubstitutions`
 * fills in the steps function's ARN) and the local stack runs exactly this JSON (Task states routed to the same
 * handler module, lambdas/sla/handler.ts). test/infra/sla-flow.test.ts proves the synthesized template carries it.
 *
 * One machine, two kinds of execution, chosen by the first state on `$.kind`:
 *
 *   sla     (`<case id>-sla`, one per case):
 *           ComputeDue ─▶ Watching ┬─ pre ─▶ WaitPreBreach ─▶ CheckPreBreach ─┐  (page tier 1 once: due soon)
 *                          ▲       ├─ due ─▶ WaitDue ─▶ CheckBreach ──────────┤  (record the breach)
 *                          │       └─ done ─▶ Done                            │
 *                          └──────────────────────────────────────────────────┘
 *   crisis  (`crisis-<scope>-<window start>`, one per scope and window): CrisisPage (page tier 1 with the evidence)
 *
 * Waiting needs no task token: each check step reads the case and returns the next stage with the times to wait for
 * (a response stops the clock; a changed urgency moves the due time). Wait states use TimestampPath (whole-second
 * RFC 3339 timestamps, which aws-local-stepfunctions 3.0.0 supports too). Every Task's result replaces the state
 * (ResultPath left at its default: that interpreter writes an explicit "$" to a key named "$"). The state carries
 * ids, stages and timestamps only.
 */
import { stepTask } from './asl';
import { FUNCTIONS } from './resources';

export const SLA_STATE_MACHINE = {
  localName: 'social-care-sla',
  /** The definition's placeholder for the steps function ARN (a `definitionSubstitutions` key in CDK). */
  stepsArnPlaceholder: 'SlaStepsArn',
  /** What the local stack substitutes: an ARN-shaped name whose Task states the local runner routes in-process. */
  localStepsArn: 'arn:aws:lambda:us-east-1:000000000000:function:sla-steps',
} as const;

/** The actions of the steps function, one per Task state. */
export const SLA_ACTIONS = ['due', 'pre-breach', 'breach', 'crisis'] as const;
export type SlaAction = (typeof SLA_ACTIONS)[number];

function task(action: SlaAction, parameters: Record<string, string>, rest: Record<string, unknown>) {
  const steps = { stepsArnPlaceholder: SLA_STATE_MACHINE.stepsArnPlaceholder, timeoutSeconds: FUNCTIONS.slaSteps.timeoutSeconds };
  return stepTask(steps, action, parameters, rest);
}

export function slaDefinition(): Record<string, unknown> {
  return {
    Comment:
      'First-response SLA watch of one case (warn tier 1 before the due time, record a breach), or a crisis alert (a surge of negative posts pages tier 1 once per window).',
    StartAt: 'Kind',
    States: {
      Kind: {
        Type: 'Choice',
        Choices: [
          { Variable: '$.kind', StringEquals: 'sla', Next: 'ComputeDue' },
          { Variable: '$.kind', StringEquals: 'crisis', Next: 'CrisisPage' },
        ],
        Default: 'UnknownKind',
      },
      UnknownKind: { Type: 'Fail', Error: 'UnknownKind', Cause: 'the input kind must be sla or crisis' },
      ComputeDue: task('due', { 'caseId.$': '$.caseId' }, { Next: 'Watching' }),
      Watching: {
        Type: 'Choice',
        Choices: [
          { Variable: '$.stage', StringEquals: 'pre', Next: 'WaitPreBreach' },
          { Variable: '$.stage', StringEquals: 'due', Next: 'WaitDue' },
        ],
        Default: 'Done',
      },
      WaitPreBreach: { Type: 'Wait', TimestampPath: '$.preBreachAt', Next: 'CheckPreBreach' },
      CheckPreBreach: task(
        'pre-breach',
        { 'caseId.$': '$.caseId', 'dueAt.$': '$.dueAt', 'preBreachAt.$': '$.preBreachAt' },
        {
          Next: 'Watching',
          // Tier 1 could not be warned even after the retries: still watch for the breach rather than stop.
          Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.preBreachError', Next: 'WaitDue' }],
        },
      ),
      WaitDue: { Type: 'Wait', TimestampPath: '$.dueAt', Next: 'CheckBreach' },
      CheckBreach: task('breach', { 'caseId.$': '$.caseId', 'dueAt.$': '$.dueAt' }, { Next: 'Watching' }),
      Done: { Type: 'Succeed' },
      CrisisPage: task(
        'crisis',
        {
          'scope.$': '$.scope',
          'windowStart.$': '$.windowStart',
          'windowMinutes.$': '$.windowMinutes',
          'count.$': '$.count',
          'threshold.$': '$.threshold',
        },
        { ResultPath: null, End: true },
      ),
    },
  };
}
