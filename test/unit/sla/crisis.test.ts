/**
 * Crisis detection (lambdas/domain/sla/crisis.ts, watch.ts): the window math, thresholds per platform and overall,
 * execution names, evidence quotes, the classifier's counting (with an in-memory counter and starter), the first-response clock
 * start, the settings parser, and the messages' limits.
 */
import { crisisThresholdsFromEnv } from '../../../lambdas/adapters/settings';
import {
  alignedWindowStart,
  crisisExecutionName,
  crisisTrigger,
  DEFAULT_CRISIS_THRESHOLDS,
  epochMinute,
  evidenceQuote,
  OVERALL_SCOPE,
  platformOfScope,
  platformScope,
  scopesOf,
  windowBuckets,
  type CrisisSample,
} from '../../../lambdas/domain/sla/crisis';
import { crisisEmail, crisisSms, preBreachSms } from '../../../lambdas/domain/sla/messages';
import {
  type CrisisCounter,
  CrisisMemory,
  countNegativePost,
  recordFirstResponseTime,
  type WorkflowStarter,
} from '../../../lambdas/domain/sla/watch';
import { isGsm7, SMS_MAX_CHARS } from '../../../lambdas/domain/escalation/messages';
import { caseBrief } from '../../../lambdas/domain/escalation/flow';
import { RecordingMetrics, storedCase } from '../escalation/fakes';

describe('window math', () => {
  test('minutes, the sliding window and the aligned paging window', () => {
    const m = epochMinute(Date.parse('2026-02-10T11:03:59.999Z'));
    expect(m).toBe(Date.parse('2026-02-10T11:03:00Z') / 60_000);
    expect(windowBuckets(m, 10)).toEqual(Array.from({ length: 10 }, (_, i) => m - 9 + i));
    expect(alignedWindowStart(m, 10)).toBe(Date.parse('2026-02-10T11:00:00Z') / 60_000);
    // Every minute of one window shares its start: one name, one page.
    const starts = new Set(Array.from({ length: 10 }, (_, i) => alignedWindowStart(Date.parse('2026-02-10T11:00:00Z') / 60_000 + i, 10)));
    expect(starts.size).toBe(1);
    expect(alignedWindowStart(Date.parse('2026-02-10T11:10:00Z') / 60_000, 10)).toBe(Date.parse('2026-02-10T11:10:00Z') / 60_000);
  });

  test('scopes: overall and the platform, which no platform slug can collide with', () => {
    expect(scopesOf('facebook')).toEqual(['all', 'p-facebook']);
    expect(scopesOf('all')).toEqual(['all', 'p-all']);
    expect(platformOfScope('p-reviews')).toBe('reviews');
    expect(platformOfScope(OVERALL_SCOPE)).toBeUndefined();
  });

  test('thresholds: per platform and overall, at or above', () => {
    const t = { windowMinutes: 10, overall: 8, perPlatform: 5 };
    expect(crisisTrigger(platformScope('x'), 100, 4, t)).toBeUndefined();
    expect(crisisTrigger(platformScope('x'), 103, 5, t)).toEqual({ kind: 'crisis', scope: 'p-x', windowStart: 100, windowMinutes: 10, count: 5, threshold: 5 });
    expect(crisisTrigger(OVERALL_SCOPE, 103, 7, t)).toBeUndefined();
    expect(crisisTrigger(OVERALL_SCOPE, 103, 8, t)).toMatchObject({ scope: 'all', threshold: 8 });
    expect(DEFAULT_CRISIS_THRESHOLDS).toEqual({ windowMinutes: 10, overall: 20, perPlatform: 10 });
  });

  test('execution names are valid Step Functions names, hashed when a scope is too long', () => {
    expect(crisisExecutionName('p-facebook', 29_500_000)).toBe('crisis-p-facebook-29500000');
    const long = crisisExecutionName(platformScope('a'.repeat(64)), 29_500_000);
    expect(long).toMatch(/^crisis-h[0-9a-f]{24}-29500000$/);
    expect(long.length).toBeLessThanOrEqual(80);
  });
});

test('evidence quotes: one line, at most 100 characters, the author named nowhere', () => {
  expect(evidenceQuote('@dana_r  here.\nMy order\tnever came', { handle: 'dana_r', name: 'Dana Reyes' })).toBe('[author] here. My order never came');
  expect(evidenceQuote('Dana Reyes says hi', { name: 'Dana Reyes' })).toBe('[author] says hi');
  const long = evidenceQuote('word '.repeat(60), {});
  expect(Array.from(long).length).toBeLessThanOrEqual(100);
  expect(long.endsWith('…')).toBe(true);
});

test('CRISIS_THRESHOLDS: defaults, partial JSON, and a loud failure on nonsense', () => {
  expect(crisisThresholdsFromEnv({})).toEqual(DEFAULT_CRISIS_THRESHOLDS);
  expect(crisisThresholdsFromEnv({ CRISIS_THRESHOLDS: '{"perPlatform":5,"overall":8}' })).toEqual({ windowMinutes: 10, overall: 8, perPlatform: 5 });
  for (const bad of ['nope', '{"overall":0}', '{"windowMinutes":61}', '{"perPlatform":2.5}', '{"other":1}']) {
    expect(() => crisisThresholdsFromEnv({ CRISIS_THRESHOLDS: bad })).toThrow(/CRISIS_THRESHOLDS must be JSON/);
  }
});

// ─── The classifier's counting ─────────────────────────────────────────────────────────────────────────────────

class FakeCounter implements CrisisCounter {
  readonly buckets = new Map<string, number>();
  reads = 0;
  writes = 0;
  async add(scope: string, minute: number): Promise<number> {
    this.writes++;
    const k = `${scope}#${minute}`;
    this.buckets.set(k, (this.buckets.get(k) ?? 0) + 1);
    return this.buckets.get(k)!;
  }
  async counts(scope: string, minutes: number[]): Promise<number[]> {
    this.reads += minutes.length;
    return minutes.map((m) => this.buckets.get(`${scope}#${m}`) ?? 0);
  }
}

/** Step Functions' exactly-once start by name. */
class FakeStarter implements WorkflowStarter {
  readonly started = new Map<string, unknown>();
  calls = 0;
  async start(name: string, input: unknown): Promise<'started' | 'already'> {
    this.calls++;
    if (this.started.has(name)) return 'already';
    this.started.set(name, input);
    return 'started';
  }
}

function counting(thresholds = { windowMinutes: 10, overall: 8, perPlatform: 5 }) {
  const counter = new FakeCounter();
  const starter = new FakeStarter();
  const memory = new CrisisMemory();
  const ports = { starter, crisis: { counter, thresholds, memory } };
  const post = (platform: string, at: string, n = 1) =>
    Promise.all(Array.from({ length: n }, (_, i) => countNegativePost({ caseId: `c_${platform}${i}`, platform, redactedText: 'bad', author: {} }, new Date(at), ports)));
  return { counter, starter, memory, post };
}

describe('counting negative posts', () => {
  test('five on one platform within the window start one alert; more in the same window start none', async () => {
    const w = counting();
    for (let i = 0; i < 4; i++) await w.post('facebook', `2026-02-10T11:0${i}:30Z`);
    expect(w.starter.started.size).toBe(0);
    await w.post('facebook', '2026-02-10T11:04:30Z');
    const windowStart = Date.parse('2026-02-10T11:00:00Z') / 60_000;
    expect([...w.starter.started.keys()]).toEqual([`crisis-p-facebook-${windowStart}`]);
    expect(w.starter.started.get(`crisis-p-facebook-${windowStart}`)).toEqual({ kind: 'crisis', scope: 'p-facebook', windowStart, windowMinutes: 10, count: 5, threshold: 5 });
    // Overall reaches 8 later: its own alert is started (the step decides that the window was paged already).
    for (let i = 0; i < 5; i++) await w.post('facebook', '2026-02-10T11:06:00Z');
    expect([...w.starter.started.keys()].sort()).toEqual([`crisis-all-${windowStart}`, `crisis-p-facebook-${windowStart}`]);
    const calls = w.starter.calls;
    const writes = w.counter.writes;
    await w.post('facebook', '2026-02-10T11:07:00Z', 3);
    expect(w.starter.calls).toBe(calls); // remembered: no more starts in this window
    // Nor any more counting: a surge's later posts write no counter in this window (no hot item).
    expect(w.counter.writes).toBe(writes);
    // The next window counts again from its start.
    await w.post('facebook', '2026-02-10T11:10:30Z');
    expect(w.counter.writes).toBe(writes + 2);
  });

  test('another container (no memory of the alert) counts until it sees the alert start, then stops too', async () => {
    const w = counting();
    await w.post('facebook', '2026-02-10T11:01:00Z', 5);
    expect(w.starter.started.size).toBe(1);
    const other = { starter: w.starter, crisis: { counter: w.counter, thresholds: { windowMinutes: 10, overall: 8, perPlatform: 5 }, memory: new CrisisMemory() } };
    const post = () => countNegativePost({ caseId: 'c_other', platform: 'facebook', redactedText: 'bad', author: {} }, new Date('2026-02-10T11:02:00Z'), other);
    expect(await post()).toEqual([]); // its start answers 'already': nothing new is paged
    const writes = w.counter.writes;
    await post();
    expect(w.counter.writes).toBe(writes + 1); // the overall scope still counts (8 not reached); facebook's no more
  });

  test('the window slides: posts older than W minutes do not count', async () => {
    const w = counting();
    await w.post('x', '2026-02-10T11:00:10Z', 4);
    await w.post('x', '2026-02-10T11:10:10Z', 1); // 11:00 is out of the window 11:01–11:10
    expect(w.starter.started.size).toBe(0);
    await w.post('x', '2026-02-10T11:10:20Z', 4);
    expect([...w.starter.started.keys()]).toEqual([`crisis-p-x-${Date.parse('2026-02-10T11:10:00Z') / 60_000}`]);
  });

  test('spread over platforms, only the overall threshold fires', async () => {
    const w = counting();
    for (const p of ['facebook', 'x', 'instagram', 'reviews']) await w.post(p, '2026-02-10T11:02:00Z', 2);
    expect([...w.starter.started.keys()]).toEqual([`crisis-all-${Date.parse('2026-02-10T11:00:00Z') / 60_000}`]);
  });

  test('finished minutes are read once per container', async () => {
    const w = counting({ windowMinutes: 10, overall: 1000, perPlatform: 1000 });
    await w.post('x', '2026-02-10T11:05:00Z');
    const first = w.counter.reads;
    await w.post('x', '2026-02-10T11:05:30Z');
    // Only the previous minute (which may still get posts) is read again, per scope.
    expect(w.counter.reads - first).toBe(2);
  });
});

test('FirstResponseTime is the time from the first post, by urgency', () => {
  const metrics = new RecordingMetrics();
  recordFirstResponseTime(metrics, { receivedAt: '2026-02-10T11:00:00Z', urgency: 'high' }, '2026-02-10T11:04:00Z');
  expect(metrics.records).toEqual([{ name: 'FirstResponseTime', value: 240_000, unit: 'Milliseconds', dimensions: { urgency: 'high' } }]);
});

describe('messages', () => {
  const samples: CrisisSample[] = Array.from({ length: 5 }, (_, i) => ({
    caseId: `c_case${i}`,
    platform: 'facebook',
    quote: `Your app ate my money again 😡 ${'and again '.repeat(8)}`.slice(0, 100),
    at: '2026-02-10T11:03:00.000Z',
  }));
  const ctx = {
    count: 37,
    threshold: 20,
    windowMinutes: 10,
    byPlatform: [['facebook', 30], ['x', 5], ['a-very-long-generic-review-source-name', 2]] as [string, number][],
    samples,
    windowStart: '2026-02-10T11:00:00.000Z',
    windowEnd: '2026-02-10T11:10:00.000Z',
    contactName: 'Priya Shah',
    timezone: 'Europe/London',
  };

  test('the crisis SMS fits two GSM-7 segments and carries no case id', () => {
    for (const c of [ctx, { ...ctx, platform: 'facebook' }]) {
      const sms = crisisSms(c);
      expect(isGsm7(sms)).toBe(true);
      expect(sms.length).toBeLessThanOrEqual(SMS_MAX_CHARS);
      expect(sms).not.toMatch(/c_case/);
    }
  });

  test('the crisis email escapes everything and lists the evidence', () => {
    const mail = crisisEmail({ ...ctx, samples: [{ ...samples[0]!, quote: '<script>alert(1)</script>' }] });
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('&lt;script&gt;');
    expect(mail.text).toContain('- facebook: 30');
    expect(mail.text).toMatch(/once per 10-minute window \(this one: 10 Feb 2026, 11:00 \(Europe\/London\) – 11:10\)/);
  });

  test('the SLA warning SMS fits, whatever the post', () => {
    const brief = caseBrief(storedCase({ urgency: 'high', category: 'complaint', text: '🙃'.repeat(400) + ' long '.repeat(200) }));
    const sms = preBreachSms({ brief, dueAt: '2026-02-10T11:30:00Z', dueIn: '6 min', ackUrl: `https://care.example.com/ack/${'a'.repeat(43)}`, contactName: 'Priya Shah', timezone: 'Europe/London', businessHoursOnly: true });
    expect(isGsm7(sms)).toBe(true);
    expect(sms.length).toBeLessThanOrEqual(SMS_MAX_CHARS);
    expect(sms.split('\n').pop()).toBe(`Acknowledge: https://care.example.com/ack/${'a'.repeat(43)}`);
  });
});
