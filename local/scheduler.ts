import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { lambdaContext } from './http-front';

/**
 * What an EventBridge schedule does for a function of FUNCTIONS with `schedule`, on this machine: invoke its handler
 * with a "Scheduled Event" every `intervalMs`. A run still going when the next is due is not doubled (the function's
 * own budget keeps a run inside its minute in AWS); stop() waits for the run in progress, so no step outlives the
 * emulators.
 */

export type ScheduledHandler = (event: unknown, context: Context) => Promise<unknown>;

export interface LocalSchedule {
  /** No run starts after this; the run in progress finishes first. */
  stop(): Promise<void>;
}

export function scheduledEvent(at = new Date()) {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: '000000000000',
    time: at.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region: 'us-east-1',
    resources: ['arn:aws:events:us-east-1:000000000000:rule/local-schedule'],
    detail: {},
  };
}

export function startSchedule(options: { functionName: string; handler: ScheduledHandler; intervalMs: number; timeoutMs: number }): LocalSchedule {
  let running: Promise<void> | undefined;
  let stopped = false;
  const run = () => {
    if (stopped || running) return;
    running = options
      .handler(scheduledEvent(), lambdaContext(options.functionName, options.timeoutMs))
      // The handler logged why it failed (as in Lambda); the next run is the retry.
      .then(() => undefined, () => undefined)
      .finally(() => (running = undefined));
  };
  const timer = setInterval(run, options.intervalMs);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
