/**
 * The SLA state machine's definition (Amazon States Language, JSONPath only), the second ASL source besides
 * config/escalation-flow.ts and used the same way: the CDK stack deploys exactly this JSON (`definitionSubstitutions`
 * fills in the steps function's ARN) and the local stack runs exactly this JSON (Task states routed to the same
 * handler module, lambdas/sla/handler.ts). test/infra/sla-flow.test.ts proves the synthesized template carries it.
 *
 * It runs crisis alerts, one execution per scope and window (`crisis-<scope>-<window start>`, started once by name):
 *
 *   Kind ─ crisis ─▶ CrisisPage (page tier 1 with the evidence)
 *
 * First-response clocks do not run here: a workflow per case that mostly waits cost more than everything else per
 * event. They are checks filed on the case and swept each minute (lambdas/domain/sla/sweep.ts, FUNCTIONS.slaSweep),
 * which run the same steps (lambdas/domain/sla/flow.ts) in-process.
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
export const SLA_ACTIONS = ['crisis'] as const;
export type SlaAction = (typeof SLA_ACTIONS)[number];

function task(action: SlaAction, parameters: Record<string, string>, rest: Record<string, unknown>) {
  const steps = { stepsArnPlaceholder: SLA_STATE_MACHINE.stepsArnPlaceholder, timeoutSeconds: FUNCTIONS.slaSteps.timeoutSeconds };
  return stepTask(steps, action, parameters, rest);
}

export function slaDefinition(): Record<string, unknown> {
  return {
    Comment: 'Crisis alert: a surge of negative posts pages tier 1 once per window.',
    StartAt: 'Kind',
    States: {
      Kind: {
        Type: 'Choice',
        Choices: [{ Variable: '$.kind', StringEquals: 'crisis', Next: 'CrisisPage' }],
        Default: 'UnknownKind',
      },
      UnknownKind: { Type: 'Fail', Error: 'UnknownKind', Cause: 'the input kind must be crisis' },
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
