/**
 * What the handlers tell ops, checked on the whole local pipeline with logs and metrics captured: log lines carry
 * the correlation keys (the delivery's event ids, then per record `eventId`, `caseId` and `messageId`; per escalation
 * step `caseId` and `action`; on the link pages the route key, never the code) and no post text; and every metric
 * line (Powertools EMF) has exactly the name, namespace and dimensions that config/metrics.ts declares and the
 * dashboard and alarms read (lib/observability.ts).
 */
import { METRICS, METRICS_NAMESPACE, type MetricSpec } from '../../config/metrics';
import { customMetric } from '../../lib/observability';
import { facebookComment, metaDelivery, post, xDelivery, xMention } from '../helpers/deliveries';
import { eventually, linkCode, listedCase, readOutbox, staffApi, startStackWithPolicy, type TestStack } from '../helpers/local-stack';
import { captureConsole } from '../helpers/console-capture';

// Emulator-backed and timing-dependent: generous limits for a loaded 2-core CI machine (waits end as soon as met).
jest.setTimeout(120_000);

const TOKEN = 'observability-test-staff-token';
const TIER1 = [{ name: 'Priya Shah', phone: '+447700900101', email: 'priya@example.com' }];
const POST_TEXT = '@AcmeSupport my charger melted and nearly set fire to my desk, call me on 07700 900987';

const captured: string[] = [];
const restore: (() => void)[] = [];
let stack: TestStack;

interface LogItem {
  level: string;
  message: string;
  service: string;
  [key: string]: unknown;
}
interface EmfItem {
  _aws: { CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string; Unit: string }[] }[] };
  [key: string]: unknown;
}

/** Every captured chunk that is a JSON object (Powertools writes one per call, pretty-printed in dev mode). */
function items(): Record<string, unknown>[] {
  return captured.flatMap((chunk) => {
    try {
      const v = JSON.parse(chunk) as unknown;
      return v && typeof v === 'object' && !Array.isArray(v) ? [v as Record<string, unknown>] : [];
    } catch {
      return [];
    }
  });
}
const logs = () => items().filter((i): i is LogItem => typeof i.message === 'string' && typeof i.service === 'string');
const emf = () => items().filter((i): i is EmfItem => typeof i._aws === 'object');

beforeAll(async () => {
  // Metrics on, so their EMF lines can be read (the local stack leaves them off unless asked).
  process.env.POWERTOOLS_METRICS_DISABLED = 'false';
  restore.push(captureConsole(captured, { logLevel: 'INFO' }));
  stack = await startStackWithPolicy({ token: TOKEN, tiers: [{ name: 'Duty lead', ackTimeoutSeconds: 60, contacts: TIER1 }] });
});

afterAll(async () => {
  await stack?.cleanup();
  for (const undo of restore.splice(0)) undo();
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
});

const api = staffApi(() => stack.url, TOKEN);
const outbox = () => readOutbox(stack.url);

/** The dimensions of an EMF line's metric `name` as `{dimension: value}`, one per line that has it. */
function emitted(name: string): { dimensions: Record<string, string>; value: unknown; namespace: string; unit: string }[] {
  return emf().flatMap((line) =>
    line._aws.CloudWatchMetrics.flatMap((cw) =>
      cw.Metrics.filter((m) => m.Name === name).flatMap((m) =>
        cw.Dimensions.map((set) => ({
          dimensions: Object.fromEntries(set.map((d) => [d, String(line[d])])),
          value: line[name],
          namespace: cw.Namespace,
          unit: m.Unit,
        })),
      ),
    ),
  );
}

/** The dimensions the dashboard's metric for `spec` (and that value of its extra dimension) asks CloudWatch for. */
const dashboardDimensions = (spec: MetricSpec, value?: string) => customMetric(spec, 'Sum', value).dimensions;

describe('one critical post, repeated, paged and acknowledged', () => {
  let caseId: string;
  let ackCode: string;

  beforeAll(async () => {
    const delivery = xDelivery(xMention({ id: '9101', userId: 'obs-1', text: POST_TEXT }));
    expect((await post(stack.url, delivery)).status).toBe(200);
    expect((await post(stack.url, metaDelivery(facebookComment({ commentId: '1_2_9102', text: 'Lovely service today, thanks' })))).status).toBe(200);
    caseId = (await listedCase(api, (c) => c.author.id === 'obs-1')).id;
    // The same delivery again once the first is done: the classifier sees a duplicate.
    expect((await post(stack.url, delivery)).status).toBe(200);
    const sms = await eventually(outbox, (o) => o.sms.some((m) => m.body.includes(caseId)));
    ackCode = linkCode(sms.sms.find((m) => m.body.includes(caseId))!.body, 'ack')!;
    expect((await fetch(`${stack.url}/ack/${ackCode}`, { method: 'POST' })).status).toBe(200);
    await eventually(() => emitted(METRICS.duplicateDeliveries.name), (e) => e.length > 0);
    await eventually(() => emitted(METRICS.timeToAck.name), (e) => e.length > 0);
  });

  test('intake logs the delivery\'s event ids, never its text', () => {
    const webhook = logs().filter((l) => l.service === 'intake' && l.message === 'webhook');
    expect(webhook.some((l) => (l.eventIds as string[] | undefined)?.includes('x:9101'))).toBe(true);
    expect(webhook.some((l) => (l.eventIds as string[] | undefined)?.some((id) => id.startsWith('facebook:')))).toBe(true);
  });

  test('classify lines carry the record\'s messageId, eventId and caseId', () => {
    const processed = logs().filter((l) => l.service === 'classify' && l.message === 'event processed' && l.eventId === 'x:9101');
    expect(processed.length).toBeGreaterThanOrEqual(2);
    for (const line of processed) expect(typeof line.messageId).toBe('string');
    expect(processed.some((l) => l.caseId === caseId && l.result === 'created')).toBe(true);
    expect(processed.some((l) => l.result === 'duplicate')).toBe(true);
  });

  test('escalation step lines carry caseId and action', () => {
    const steps = logs().filter((l) => l.service === 'escalation' && l.caseId === caseId);
    expect(steps.length).toBeGreaterThan(0);
    for (const line of steps) expect(typeof line.action).toBe('string');
    expect(new Set(steps.map((l) => l.action)).size).toBeGreaterThan(1);
  });

  test('link page lines carry the route key and never the code', () => {
    const pages = logs().filter((l) => l.service === 'link-pages');
    expect(pages.some((l) => l.route === 'POST /ack/{code}' && l.status === 200)).toBe(true);
    expect(captured.join('\n')).not.toContain(ackCode);
  });

  test('no log line carries the post\'s text or the phone number in it', () => {
    const text = captured.join('\n');
    expect(text).not.toContain('melted');
    expect(text).not.toContain('900987');
  });

  test('EventsReceived per event platform, with exactly the dashboard\'s dimensions', () => {
    const lines = emitted(METRICS.eventsReceived.name);
    expect(lines.map((l) => l.dimensions)).toEqual(
      expect.arrayContaining([
        { service: 'intake', platform: 'x' },
        { service: 'intake', platform: 'facebook' },
      ]),
    );
    for (const l of lines) {
      expect(Object.keys(l.dimensions).sort()).toEqual(['platform', 'service']);
      expect(l.dimensions).toEqual(dashboardDimensions(METRICS.eventsReceived, l.dimensions.platform));
      expect([l.namespace, l.unit]).toEqual([METRICS_NAMESPACE, 'Count']);
    }
  });

  test('CasesCreated by urgency, DuplicateDeliveries, TimeToPage and TimeToAck, with exactly the dashboard\'s dimensions', () => {
    const created = emitted(METRICS.casesCreated.name);
    expect(created.map((l) => l.dimensions)).toEqual(expect.arrayContaining([dashboardDimensions(METRICS.casesCreated, 'critical')]));
    for (const l of created) expect(l.dimensions).toEqual(dashboardDimensions(METRICS.casesCreated, l.dimensions.urgency));
    for (const spec of [METRICS.duplicateDeliveries, METRICS.timeToPage, METRICS.timeToAck, METRICS.pagesSent] as MetricSpec[]) {
      const lines = emitted(spec.name);
      expect({ name: spec.name, emitted: lines.length > 0 }).toEqual({ name: spec.name, emitted: true });
      for (const l of lines) {
        expect(l.dimensions).toEqual(dashboardDimensions(spec));
        expect([l.namespace, l.unit]).toEqual([METRICS_NAMESPACE, spec.unit]);
      }
    }
  });
});
