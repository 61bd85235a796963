/**
 * The local stand-in for an EventBridge schedule (local/scheduler.ts): it invokes the function with a "Scheduled
 * Event" the SLA sweep accepts, never starts a run while one is going, survives a failed run, and stop() waits for the
 * run in progress and starts no other.
 */
import { scheduledEvent, startSchedule } from '../../local/scheduler';
import { ScheduledEventSchema } from '../../schemas/scheduled-event';

test('each run gets a Scheduled Event as EventBridge sends it, which the sweep accepts', () => {
  const event = scheduledEvent(new Date('2026-12-07T10:00:00.123Z'));
  expect(ScheduledEventSchema.parse(event)).toMatchObject({ source: 'aws.events', 'detail-type': 'Scheduled Event', time: '2026-12-07T10:00:00Z' });
  expect(ScheduledEventSchema.safeParse({ source: 'cold' }).success).toBe(false);
});

describe('on a clock of its own (fake timers: the order of things, no real time)', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  test('runs on its interval, one run at a time, goes on after a failure, and stop() waits for the run in hand', async () => {
    // Each run lasts until the test lets it finish.
    const finish: ((failed?: boolean) => void)[] = [];
    let runs = 0;
    let finished = 0;
    const schedule = startSchedule({
      functionName: 'slaSweep',
      intervalMs: 20,
      timeoutMs: 1_000,
      handler: (event, context) => {
        expect(ScheduledEventSchema.safeParse(event).success).toBe(true);
        expect(context.functionName).toBe('slaSweep');
        runs++;
        return new Promise<void>((resolve, reject) =>
          finish.push((failed) => {
            finished++;
            if (failed) reject(new Error('a failed run'));
            else resolve();
          }),
        );
      },
    });
    await jest.advanceTimersByTimeAsync(20);
    expect(runs).toBe(1);
    // Ticks while a run is going start nothing.
    await jest.advanceTimersByTimeAsync(200);
    expect(runs).toBe(1);
    // A failed run: the next tick runs again.
    finish.shift()!(true);
    await jest.advanceTimersByTimeAsync(20);
    expect(runs).toBe(2);
    // stop() waits for the run in hand, then nothing more runs.
    let stopped = false;
    const stopping = schedule.stop().then(() => (stopped = true));
    await jest.advanceTimersByTimeAsync(100);
    expect(stopped).toBe(false);
    finish.shift()!();
    await stopping;
    expect(finished).toBe(2);
    await jest.advanceTimersByTimeAsync(200);
    expect(runs).toBe(2);
  });
});
