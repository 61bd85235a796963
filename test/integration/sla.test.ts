/**
 * First-response clocks and crisis alerts on the local stack, as the on-call people meet them: signed posts in, the
 * SLA sweep (lambdas/sla/sweep.ts) run by the local schedule every 300 ms instead of every minute, reading the
 * `slaChecks` index of the DynamoDB emulator; crisis alerts through the deployed SLA state machine
 * (config/sla-flow.ts) run by the local interpreter; SMS through the SNS emulator. Targets are seconds (SLA_MINUTES
 * set before the stack starts, as the handlers read it at import) and the policy has no business hours, so every
 * clock runs now.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { checkShardOf } from '../../lambdas/adapters/sla-checks-table';
import { SLA_STATE_MACHINE } from '../../config/sla-flow';
import type { Outbox } from '../../local/stack';
import { CaseSchema } from '../../schemas/case';
import { facebookComment, metaDelivery, post, xDelivery, xMention } from '../helpers/deliveries';
import { eventually, listedCase, readOutbox, staffApi, startStackWithPolicy, type TestStack } from '../helpers/local-stack';

// Emulator-backed and timing-dependent: generous limits for a loaded 2-core CI machine (waits end as soon as met).
jest.setTimeout(120_000);

let stack: TestStack;
const TOKEN = 'sla-test-staff-token';

const TIER1 = [
  { name: 'Priya Shah', phone: '+447700900111', email: 'priya.sla@example.com' },
  { name: 'Tom Okafor', phone: '+447700900112', email: 'tom.sla@example.com' },
];
const TIER2 = [{ name: 'Hannah Lewis', phone: '+447700900211', email: 'hannah.sla@example.com' }];
/**
 * High: 12 s to a first response, warned 6 s before (half the target: tiny targets warn proportionally), which leaves
 * room for a busy machine between the warning and the due time.
 */
const HIGH_TARGET_MS = 12_000;
const WINDOW_MINUTES = 10;

beforeAll(async () => {
  stack = await startStackWithPolicy({
    token: TOKEN,
    env: {
      SLA_MINUTES: JSON.stringify({ critical: 0.05, high: HIGH_TARGET_MS / 60_000, normal: 0.15 }),
      CRISIS_THRESHOLDS: JSON.stringify({ windowMinutes: WINDOW_MINUTES, perPlatform: 5, overall: 8 }),
    },
    repeat: 1,
    tiers: [
      { name: 'Duty lead', ackTimeoutSeconds: 30, contacts: TIER1 },
      { name: 'Care manager', ackTimeoutSeconds: 30, contacts: TIER2 },
    ],
    scheduleIntervalMs: 300,
  });
  db = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: stack.endpoints.dynamodb, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }));
});
afterAll(async () => {
  db?.destroy();
  await stack?.cleanup();
});

let db: DynamoDBDocumentClient;
/** The case's filed clock check, read from its item (never shown by the API). */
const filedCheck = async (caseId: string) =>
  (await db.send(new GetCommand({ TableName: stack.tables.cases, Key: { PK: `CASE#${caseId}`, SK: 'META' }, ProjectionExpression: 'slaCheck, slaCheckAt, slaShard' }))).Item ?? {};
/** The case ids the slaChecks index lists in the case's shard, due by the end of time. */
const indexedInShardOf = async (caseId: string) =>
  ((
    await db.send(
      new QueryCommand({
        TableName: stack.tables.cases,
        IndexName: 'slaChecks',
        KeyConditionExpression: 'slaShard = :s AND slaCheckAt <= :end',
        ExpressionAttributeValues: { ':s': `SLA#${checkShardOf(caseId)}`, ':end': '9999' },
      }),
    )
  ).Items ?? []).map((i) => String(i['PK']).replace('CASE#', ''));

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const api = staffApi(() => stack.url, TOKEN);
const outbox = () => readOutbox(stack.url);
const warningsFor = (o: Outbox, caseId: string) => o.sms.filter((m) => m.body.startsWith('SLA ') && m.body.includes(caseId));
const crisisSms = (o: Outbox) => o.sms.filter((m) => m.body.startsWith('CRISIS'));
const caseById = async (id: string) => (await api(`/api/cases/${id}`)).body;

async function caseFrom(deliver: () => Promise<unknown>, match: (c: any) => boolean): Promise<any> {
  await deliver();
  return listedCase(api, match);
}

describe('a high case nobody answers', () => {
  it('warns each tier-1 contact once before the due time, then records the breach on the case', async () => {
    const c = await caseFrom(
      () => post(stack.url, xDelivery(xMention({ id: '8101', userId: 'sla-1', text: '@AcmeSupport my bill is wrong again and nobody answers, this is terrible' }))),
      (x) => x.author.id === 'sla-1',
    );
    expect(c.urgency).toBe('high');

    // The sweep rewrites the due time (whole seconds) and keeps its clock on the case; the case waits in the index.
    const watched = await eventually(() => caseById(c.id), (x) => x.sla !== undefined);
    expect(watched.slaCheck).toBeUndefined(); // the API shows the clock, not the index's bookkeeping
    const filed = await eventually(() => filedCheck(c.id), (f) => f.slaCheck?.stage === 'pre' || f.slaCheck?.stage === 'due');
    expect(filed.slaShard).toBe(`SLA#${checkShardOf(c.id)}`);
    expect(await indexedInShardOf(c.id)).toContain(c.id);
    expect(watched.sla).toMatchObject({ urgency: 'high', businessHoursOnly: false, startedAt: c.receivedAt });
    expect(watched.slaDueAt).toBe(watched.sla.dueAt);
    expect(Date.parse(watched.sla.dueAt) - Date.parse(c.receivedAt)).toBeGreaterThanOrEqual(HIGH_TARGET_MS);
    expect(Date.parse(watched.sla.dueAt) - Date.parse(c.receivedAt)).toBeLessThan(HIGH_TARGET_MS + 1_000);

    // Each contact's SMS and email are two sends: wait for all four (a read between them saw only some).
    const warned = await eventually(
      outbox,
      (o) => warningsFor(o, c.id).length >= 2 && o.email.filter((e) => e.subject.startsWith('[SLA]') && e.subject.includes(c.id)).length >= TIER1.length,
    );
    const warnings = warningsFor(warned, c.id);
    expect(warnings.map((m) => m.to).sort()).toEqual(TIER1.map((t) => t.phone).sort());
    for (const sms of warnings) {
      expect(sms.body).toMatch(/^SLA HIGH complaint - x mention\nFirst response due in \d+ s \(\d\d:\d\d\), nobody has responded/);
      expect(sms.body).toMatch(/\/ack\/[A-Za-z0-9_-]{43}$/);
      expect(sms.body).not.toContain('leepark');
      // Warned before the due time, not after.
      expect(Date.parse(sms.at)).toBeLessThan(Date.parse(watched.sla.dueAt));
    }
    expect(warned.email.filter((e) => e.subject.startsWith('[SLA]') && e.subject.includes(c.id)).flatMap((e) => e.to).sort()).toEqual(TIER1.map((t) => t.email).sort());

    // The breach is two writes, the clock then its timeline entry: wait for both (a read between them saw only the first).
    const breached = await eventually(
      () => caseById(c.id),
      (x) => x.sla?.breachedAt !== undefined && x.timeline.some((t: { type: string }) => t.type === 'sla-breached'),
    );
    expect(Date.parse(breached.sla.breachedAt)).toBeGreaterThanOrEqual(Date.parse(breached.sla.dueAt));
    const types = breached.timeline.map((t: { type: string }) => t.type);
    expect(types).toEqual(expect.arrayContaining(['sla-clock', 'sla-warning', 'sla-breached']));
    expect(types.filter((t: string) => t === 'sla-breached')).toHaveLength(1);
    expect(breached.sla.preBreachPagedAt).toBeDefined();
    expect(CaseSchema.safeParse(breached).error).toBeUndefined();

    // The clock is done: the case has left the index, no workflow ever ran for it, and ONE warning per contact
    // stands whatever happens next.
    await eventually(() => filedCheck(c.id), (f) => f.slaCheckAt === undefined && f.slaShard === undefined && f.slaCheck === undefined);
    expect(await indexedInShardOf(c.id)).not.toContain(c.id);
    await sleep(1_500);
    expect(warningsFor(await outbox(), c.id)).toHaveLength(2);
    expect(stack.stepFunctions.executions().filter((e) => e.stateMachineArn.endsWith(`:${SLA_STATE_MACHINE.localName}`))).toEqual([]);
  }, 60_000);
});

describe('a case answered in time', () => {
  it('gets no warning and no breach when the business replies (an echo) before the due time', async () => {
    const c = await caseFrom(
      () => post(stack.url, xDelivery(xMention({ id: '8201', userId: 'sla-2', text: '@AcmeSupport my parcel is three days late and the tracking page is broken, really annoyed' }))),
      (x) => x.author.id === 'sla-2',
    );
    const reply = xMention({ id: '8202', userId: '1700000000000000001', text: '@leepark sorry about that, we are on it now' });
    (reply.tweet_create_events[0] as Record<string, unknown>)['in_reply_to_user_id_str'] = 'sla-2';
    (reply.tweet_create_events[0] as Record<string, unknown>)['in_reply_to_status_id_str'] = '8201';
    await post(stack.url, xDelivery(reply));
    const answered = await eventually(() => caseById(c.id), (x) => x.firstResponseAt !== undefined);
    expect(Date.parse(answered.firstResponseAt)).toBeLessThanOrEqual(Date.parse(answered.slaDueAt));

    // The clock's next check (the warning time) finds it stopped and takes the case out of the index. Past the due
    // time, all is quiet.
    await eventually(() => filedCheck(c.id), (f) => f.slaCheckAt === undefined, HIGH_TARGET_MS + 15_000);
    await sleep(Math.max(0, Date.parse(answered.slaDueAt) - Date.now()) + 1_000);
    const after = await caseById(c.id);
    expect(after.sla?.breachedAt).toBeUndefined();
    expect(after.timeline.map((t: { type: string }) => t.type)).not.toContain('sla-breached');
    expect(warningsFor(await outbox(), c.id)).toEqual([]);
  }, 60_000);
});

describe('a crisis', () => {
  /** Negative Facebook comments, each its own conversation (and case). */
  const negative = (n: number, from: number) =>
    post(
      stack.url,
      metaDelivery({
        object: 'page',
        entry: Array.from({ length: n }, (_, i) => ({
          ...facebookComment({ commentId: String(900_000 + from + i), fromId: `crisis-${from + i}`, text: 'Worst service ever, my order never arrived and nobody answers. Awful.' }).entry[0]!,
        })),
      }),
    );

  it('pages each tier-1 contact once for a surge of negative posts on one platform, and not again in the same window', async () => {
    // The alert belongs to a 10-minute window aligned to the clock: stay clear of a window's end.
    const msIntoWindow = Date.now() % (WINDOW_MINUTES * 60_000);
    if (WINDOW_MINUTES * 60_000 - msIntoWindow < 20_000) await sleep(WINDOW_MINUTES * 60_000 - msIntoWindow + 500);
    const windowStart = Math.floor(Date.now() / (WINDOW_MINUTES * 60_000)) * WINDOW_MINUTES;

    await negative(10, 0);
    const paged = await eventually(outbox, (o) => crisisSms(o).length >= TIER1.length && o.email.filter((e) => e.subject.startsWith('[CRISIS]')).length >= TIER1.length);
    const pages = crisisSms(paged);
    expect(pages.map((m) => m.to).sort()).toEqual(TIER1.map((t) => t.phone).sort());
    for (const sms of pages) {
      expect(sms.body).toMatch(/^CRISIS - \d+ negative posts in 10 min/);
      expect(sms.body).not.toMatch(/c_[A-Za-z0-9_-]{16}/); // case ids go by email only
      expect(sms.body).not.toContain('Dana Reyes');
    }
    const mails = paged.email.filter((e) => e.subject.startsWith('[CRISIS]'));
    expect(mails.flatMap((e) => e.to).sort()).toEqual(TIER1.map((t) => t.email).sort());
    expect(mails[0]!.text).toMatch(/- c_[A-Za-z0-9_-]{16} \(facebook\): "Worst service ever/);
    expect(mails[0]!.text).not.toContain('Dana Reyes');

    // More negative posts in the same window page nobody again (the platform's nor the overall alert).
    await negative(4, 100);
    await eventually(
      () => api('/api/cases?status=all&limit=500'),
      (r) => r.body.items.filter((c: { author: { id: string } }) => c.author.id.startsWith('crisis-')).length === 14,
    );
    await sleep(1_500);
    expect(crisisSms(await outbox())).toHaveLength(TIER1.length);
    const crisisRuns = stack.stepFunctions.executions().filter((e) => e.name.startsWith('crisis-'));
    expect(crisisRuns.length).toBeGreaterThanOrEqual(1);
    expect(new Set(crisisRuns.map((e) => e.name)).size).toBe(crisisRuns.length);
    for (const run of crisisRuns) expect(run.name).toMatch(new RegExp(`^crisis-(all|p-facebook)-${windowStart}$`));
    // Nothing about the crisis is written to any case.
    const one = (await api('/api/cases?status=all&limit=500')).body.items.find((c: { author: { id: string } }) => c.author.id === 'crisis-0');
    expect((await caseById(one.id)).timeline.map((t: { type: string }) => t.type)).not.toContain('crisis');
  }, 60_000);
});
