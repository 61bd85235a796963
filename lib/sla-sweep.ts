import { Duration } from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { Construct } from 'constructs';
import { FUNCTIONS, type FunctionSpec } from '../config/resources';
import type { AppFunction } from './app-function';
import { createAppFunction, type SharedDependencies } from './function-factory';

/**
 * The SLA sweep (FUNCTIONS.slaSweep): an EventBridge rule runs it every minute, and each run checks the
 * first-response clocks whose time has come (lambdas/sla/sweep.ts). It replaces a Standard Step Functions execution
 * per case that mostly waited: waiting is now an index entry, and the cost is one small invocation a minute plus
 * the checks themselves.
 *
 * The rule invokes asynchronously with no retries and no event older than two minutes: the next run, a minute later,
 * is the retry, and a late run of an old minute would only duplicate it. A failed check leaves the invocation failed
 * (the function's Errors alarm, lib/observability.ts). Access: the cases table at the `sweep` level (the slaChecks
 * index; single-item reads and writes), SMS and email for warnings, nothing else.
 */
export class SlaSweep extends Construct {
  readonly function: AppFunction;
  readonly rule: Rule;

  constructor(scope: Construct, id: string, props: SharedDependencies) {
    super(scope, id);
    const spec: FunctionSpec = FUNCTIONS.slaSweep;
    if (!spec.schedule) throw new Error(`FUNCTIONS.slaSweep has no 'schedule': set how often it runs in config/resources.ts`);
    this.function = createAppFunction(this, 'Function', 'slaSweep', props);
    // Lambda's own retries of a failed asynchronous run, off for the same reason.
    this.function.fn.configureAsyncInvoke({ retryAttempts: 0, maxEventAge: Duration.minutes(2) });
    this.rule = new Rule(this, 'Schedule', {
      description: `Runs the SLA sweep every ${spec.schedule.everyMinutes} minute(s): first-response warnings and breaches`,
      schedule: Schedule.rate(Duration.minutes(spec.schedule.everyMinutes)),
      targets: [new LambdaFunction(this.function.fn, { retryAttempts: 0, maxEventAge: Duration.minutes(2) })],
    });
  }
}
