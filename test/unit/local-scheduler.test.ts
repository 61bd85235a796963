/**
 * The local stand-in for an EventBridge schedule (local/scheduler.ts): it invokes the function with a "Scheduled
 * Event" the SLA sweep accepts, never starts a run while one is going, survives a failed run, and stop() waits for the
 * run in progress and starts no other.
 */
import { scheduledEvent, startSchedule } from '../../local/scheduler';
import { ScheduledEventSchema } from '../../schemas/scheduled-event';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('each run gets a Scheduled Event as EventBridge sends it, which the sweep accepts', () => {
  const event = scheduledEvent(new Date('2026-12-07T10:00:00.123Z'));
  expect(ScheduledEventSchema.parse(event)).toMatchObject({ source: 'aws.events', 'detail-type': 'Scheduled Event', time: '2026-12-07T10:00:00Z' });
  expect(ScheduledEventSchema.safeParse({ source: 'cold' }).success).toBe(false);
});

test('runs on its interval, one run at a time, goes on after a failure, and stop() waits for the run in hand', async () => {
  let running = 0;
  let most = 0;
  let runs = 0;
  let finished = 0;
  const schedule = startSchedule({
    functionName: 'slaSweep',
    intervalMs: 20,
    timeoutMs: 1_000,
    handler: async (event, context) => {
      expect(ScheduledEventSchema.safeParse(event).success).toBe(true);
      expect(context.functionName).toBe('slaSweep');
      runs++;
      running++;
      most = Math.max(most, running);
      await sleep(70); // longer than the interval: the ticks meanwhile start nothing
      running--;
      finished++;
      if (runs === 1) throw new Error('a failed run');
    },
  });
  while (runs < 3) await sleep(10);
  await schedule.stop();
  expect(most).toBe(1);
  expect(running).toBe(0);
  expect(finished).toBe(runs);
  const after = runs;
  await sleep(100);
  expect(runs).toBe(after);
});
