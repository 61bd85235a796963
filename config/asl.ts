/**
 * What the state machine definitions (config/escalation-flow.ts, config/sla-flow.ts) share: Task states that invoke
 * one steps function through a `${placeholder}` Resource, with the same timeout and retries, and the substitution of
 * those placeholders, which the local stack does itself and CDK does with `definitionSubstitutions`.
 */

/**
 * How much longer a Task state waits than its steps function may run. Lambda's own timeout ends an invocation
 * first (its error is retried as States.TaskFailed); the Task's timeout only fires when the invoke itself is lost
 * (a cold start, a network stall), so when Step Functions retries the step the earlier attempt is certainly over and
 * two attempts of one step never send at the same time.
 */
export const TASK_TIMEOUT_MARGIN_SECONDS = 15;

/**
 * Retries of every step. Lambda's transient failures (AWS's recommended retry for Lambda tasks) and a Task that timed
 * out (the invoke lost: nothing says the step ran, and every step is safe to run twice) back off from 1-2 s; the
 * steps' own failures (an SMS or email provider hiccup) from 2 s. A States.ALL retrier would also retry
 * InvalidStepInput, a bug in the definition that no retry mends.
 */
export const TASK_RETRY = [
  {
    ErrorEquals: [
      'Lambda.ServiceException',
      'Lambda.AWSLambdaException',
      'Lambda.SdkClientException',
      'Lambda.TooManyRequestsException',
      'Lambda.ClientExecutionTimeoutException',
    ],
    IntervalSeconds: 1,
    MaxAttempts: 3,
    BackoffRate: 2,
  },
  { ErrorEquals: ['States.Timeout'], IntervalSeconds: 2, MaxAttempts: 2, BackoffRate: 2 },
  { ErrorEquals: ['States.TaskFailed'], IntervalSeconds: 2, MaxAttempts: 3, BackoffRate: 2 },
];

/** The steps function a flow's Task states invoke: its `${placeholder}` in the definition and its timeout. */
export interface StepsFunctionRef {
  stepsArnPlaceholder: string;
  /** FUNCTIONS.<steps>.timeoutSeconds (config/resources.ts): the Task waits longer than this. */
  timeoutSeconds: number;
}

/**
 * A Task state that invokes the steps function `steps` with `{ action, ...parameters }`; `rest` adds the state's
 * transitions and paths (Next or End, ResultPath, Catch).
 */
export function stepTask(steps: StepsFunctionRef, action: string, parameters: Record<string, string>, rest: Record<string, unknown>): Record<string, unknown> {
  return {
    Type: 'Task',
    Resource: `\${${steps.stepsArnPlaceholder}}`,
    Parameters: { action, ...parameters },
    // Without it the local interpreter waits 60 s and AWS a year for an invoke that was lost.
    TimeoutSeconds: steps.timeoutSeconds + TASK_TIMEOUT_MARGIN_SECONDS,
    Retry: TASK_RETRY,
    ...rest,
  };
}

/** The definition with its placeholders filled in: what runs (locally: `localStepsArn`; CDK does the same with the function's ARN). */
export function substituteDefinition(definition: Record<string, unknown>, substitutions: Record<string, string>): Record<string, unknown> {
  const json = JSON.stringify(definition).replace(/\$\{(\w+)\}/g, (whole, name: string) => {
    const value = substitutions[name];
    if (value === undefined) throw new Error(`no substitution for ${whole}`);
    return value;
  });
  return JSON.parse(json) as Record<string, unknown>;
}
