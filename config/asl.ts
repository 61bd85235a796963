/**
 * What the state machine definitions (config/escalation-flow.ts, config/sla-flow.ts) share: Task states that invoke
 * one steps function through a `${placeholder}` Resource, with the same timeout and retries, and the substitution of
 * those placeholders, which the local stack does itself and CDK does with `definitionSubstitutions`.
 */

/** Lambda's transient failures (AWS's recommended retry for Lambda tasks) and the steps' own failures (an SMS or email provider hiccup). */
export const TASK_RETRY = [
  {
    ErrorEquals: ['Lambda.ServiceException', 'Lambda.AWSLambdaException', 'Lambda.SdkClientException', 'Lambda.TooManyRequestsException'],
    IntervalSeconds: 1,
    MaxAttempts: 3,
    BackoffRate: 2,
  },
  { ErrorEquals: ['States.TaskFailed'], IntervalSeconds: 2, MaxAttempts: 3, BackoffRate: 2 },
];

/**
 * A Task state that invokes the steps function named by `${stepsArnPlaceholder}` with `{ action, ...parameters }`;
 * `rest` adds the state's transitions and paths (Next or End, ResultPath, Catch).
 */
export function stepTask(
  stepsArnPlaceholder: string,
  action: string,
  parameters: Record<string, string>,
  rest: Record<string, unknown>,
): Record<string, unknown> {
  return {
    Type: 'Task',
    Resource: `\${${stepsArnPlaceholder}}`,
    Parameters: { action, ...parameters },
    // The local interpreter defaults to 60 s; AWS to a year. Every step is a few reads and sends.
    TimeoutSeconds: 30,
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
