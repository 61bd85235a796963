/**
 * Case state against the real emulators (dynalite through the DynamoDB SDK, the local Step Functions API through
 * client-sfn): exactly-once under duplicate and concurrent deliveries, follow-ups joining and raising a case, echoes
 * recording the first response, crash recovery, the team's queue order and paging, and raw-text TTL.
 */
import { DynamoDBClient, GetItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { DescribeExecutionCommand, ListExecutionsCommand, SFNClient } from '@aws-sdk/client-sfn';
import { QUEUE_SHARDS, TABLES } from '../../config/resources';
import { CasesTable } from '../../lambdas/adapters/cases-table';
import { ConfigTable } from '../../lambdas/adapters/config-table';
import { shardOf } from '../../lambdas/adapters/shards';
import { InvalidPageTokenError } from '../../lambdas/adapters/page-tokens';
import { sfnEscalationStarter } from '../../lambdas/adapters/escalation-starter';
import { type CasesStore, processClassifiedEvent, type ProcessPorts } from '../../lambdas/domain/cases/process-event';
import { caseIdFor, criticalEscalationId, DEFAULT_CASE_SETTINGS } from '../../lambdas/domain/cases/rules';
import type { Classification } from '../../schemas/classification';
import { type SocialEvent, SocialEventSchema } from '../../schemas/social-event';
import type { Emulator } from '../../local/emulators';
import { startTtlSweeper } from '../../local/dynamodb-setup';
import type { StepFunctionsEmulator } from '../../local/step-functions';
import { type CaseEmulators, startCaseEmulators } from '../helpers/case-emulators';

let emulators: CaseEmulators;
let dynamo: Emulator;
let sfnEmulator: StepFunctionsEmulator;
let ddb: DynamoDBClient;
let sfn: SFNClient;
let table: CasesTable;
let stateMachineArn: string;
const clock = Date.parse('2026-11-23T10:00:00.000Z');

beforeAll(async () => {
  emulators = await startCaseEmulators();
  ({ dynamo, sfnEmulator, ddb, sfn, table, stateMachineArn } = emulators);
});
afterAll(async () => {
  await emulators?.stop();
});

const ports = (overrides: Partial<ProcessPorts> = {}): ProcessPorts => ({
  store: table,
  escalation: sfnEscalationStarter(sfn, stateMachineArn),
  settings: DEFAULT_CASE_SETTINGS,
  now: () => new Date(clock + seq * 1000 + 500), // always just after the latest post arrived
  ...overrides,
});

let seq = 0;
function event(overrides: Partial<SocialEvent> = {}): SocialEvent {
  seq++;
  const at = new Date(clock + seq * 1000).toISOString();
  return SocialEventSchema.parse({
    id: `x:${1000 + seq}`,
    platform: 'x',
    kind: 'mention',
    text: 'my refund has not arrived, call me on 07700 900123',
    author: { id: `u${seq}`, handle: 'lee', followers: 120 },
    conversationId: `x:thread:conv-${seq}`,
    createdAt: at,
    receivedAt: at,
    ...overrides,
  });
}

function cls(e: SocialEvent, overrides: Partial<Classification> = {}): Classification {
  return {
    id: e.id,
    category: 'complaint',
    urgency: 'high',
    sentiment: 'negative',
    sentimentScore: -0.6,
    pii: ['phone'],
    redactedText: 'my refund has not arrived, call me on [phone]',
    reasons: ['complaint: refund not arrived', 'pii: phone number posted publicly'],
    confidence: { category: 0.9, urgency: 0.8, sentiment: 0.7 },
    model: 'test-model',
    ...overrides,
  };
}

/** The author has given an email address (a DM): a complaint's customer offer then has somewhere to go. */
const withAddress = async (e: SocialEvent) => {
  await table.rememberEmail({ platform: e.platform, authorId: e.author.id }, `${e.author.id}@example.com`, 'dm', e.receivedAt);
  return e;
};

const executionsNamed = async (name: string) =>
  ((await sfn.send(new ListExecutionsCommand({ stateMachineArn }))).executions ?? []).filter((x) => x.name === name);

describe('a new post', () => {
  it('opens a case with redacted text, an SLA clock from its urgency and a timeline entry', async () => {
    const e = await withAddress(event());
    const outcome = await processClassifiedEvent(e, cls(e), ports());
    expect(outcome).toMatchObject({ result: 'created', caseId: caseIdFor(e.id), escalation: `${caseIdFor(e.id)}-complaint` });
    const c = await table.caseWithTimeline(caseIdFor(e.id));
    expect(c).toMatchObject({
      status: 'open',
      urgency: 'high',
      category: 'complaint',
      text: 'my refund has not arrived, call me on [phone]',
      eventCount: 1,
      slaDueAt: new Date(Date.parse(e.receivedAt) + 30 * 60_000).toISOString(),
      author: { id: e.author.id, handle: 'lee', followers: 120 },
    });
    expect(JSON.stringify(c)).not.toContain('07700');
    expect(c!.timeline.map((t) => t.type)).toEqual(['post', 'escalation-started']);
  });

  it('starts no offer for a complaint whose author has no known address: the case says so once, and a later complaint offers once one is known', async () => {
    const conversationId = 'x:thread:no-address-yet';
    const e = event({ conversationId });
    const caseId = caseIdFor(e.id);
    const outcome = await processClassifiedEvent(e, cls(e), ports());
    expect(outcome).toEqual({ result: 'created', eventId: e.id, caseId });
    expect(await executionsNamed(`${caseId}-complaint`)).toEqual([]);
    const skipped = (await table.caseWithTimeline(caseId))!.timeline;
    expect(skipped.map((t) => t.type)).toEqual(['post', 'offer-skipped']);
    expect(skipped[1]!.detail).toMatch(/no email address is known for the author/);

    // Another complaint from the same author, still with no address: nothing more (one entry, no flow).
    const again = event({ conversationId, author: e.author });
    expect(await processClassifiedEvent(again, cls(again), ports())).toEqual({ result: 'joined', eventId: again.id, caseId });
    expect((await table.caseWithTimeline(caseId))!.timeline.map((t) => t.type).sort()).toEqual(['offer-skipped', 'post', 'post-joined']);

    // The customer directory gains their address (an import): the next complaint starts the offer's escalation.
    await new ConfigTable(ddb, TABLES.cases.localName).importCustomers([{ platform: 'x', authorId: e.author.id, name: 'Lee', email: 'lee@example.com' }], new Date(clock));
    const third = event({ conversationId, author: e.author });
    expect(await processClassifiedEvent(third, cls(third), ports())).toEqual({ result: 'joined', eventId: third.id, caseId, escalation: `${caseId}-complaint` });
    expect(await executionsNamed(`${caseId}-complaint`)).toHaveLength(1);
  });

  it('starts the offer for a complaint whose author gives an address in it (a review site vouching for its reviewer)', async () => {
    const e = event({ author: { id: `vouched-${seq}`, handle: 'kim', email: 'kim@example.com' } });
    const caseId = caseIdFor(e.id);
    expect(await processClassifiedEvent(e, cls(e), ports())).toMatchObject({ result: 'created', escalation: `${caseId}-complaint` });
    expect(await executionsNamed(`${caseId}-complaint`)).toHaveLength(1);
  });

  it('gets no SLA clock and starts no flow when it is praise', async () => {
    const e = event({ text: 'thanks, great service' });
    const outcome = await processClassifiedEvent(e, cls(e, { category: 'praise', urgency: 'low', sentiment: 'positive', sentimentScore: 0.8, pii: [], redactedText: 'thanks, great service' }), ports());
    expect(outcome).not.toHaveProperty('escalation');
    expect((await table.caseWithTimeline(caseIdFor(e.id)))!.slaDueAt).toBeUndefined();
  });
});

describe('exactly once', () => {
  it('ignores a repeated delivery of the same event', async () => {
    const e = event();
    await processClassifiedEvent(e, cls(e), ports());
    expect(await processClassifiedEvent(e, cls(e), ports())).toEqual({ result: 'duplicate', eventId: e.id });
    const c = await table.caseWithTimeline(caseIdFor(e.id));
    expect(c!.eventCount).toBe(1);
    expect(c!.timeline.filter((t) => t.type === 'post')).toHaveLength(1);
  });

  it('makes exactly one case and one flow from five concurrent deliveries of one event', async () => {
    const e = event({ text: 'hacked account' });
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => processClassifiedEvent(e, cls(e, { urgency: 'critical' }), ports())));
    expect(results.every((r) => r.status === 'fulfilled')).toBe(true);
    const c = await table.caseWithTimeline(caseIdFor(e.id));
    expect(c!.eventCount).toBe(1);
    expect(c!.timeline.filter((t) => t.type === 'post')).toHaveLength(1);
    const executions = await sfn.send(new ListExecutionsCommand({ stateMachineArn }));
    expect(executions.executions!.filter((x) => x.name === `${caseIdFor(e.id)}-critical`)).toHaveLength(1);
  });

  it('joins two concurrent posts of one conversation into one case', async () => {
    const first = event({ conversationId: 'x:thread:race' });
    const second = event({ conversationId: 'x:thread:race' });
    await Promise.all([processClassifiedEvent(first, cls(first), ports()), processClassifiedEvent(second, cls(second), ports())]);
    const caseId = await table.openCaseOf('x:thread:race');
    const c = await table.caseWithTimeline(caseId!);
    expect(c!.eventCount).toBe(2);
    expect(c!.timeline.filter((t) => t.type.startsWith('post'))).toHaveLength(2);
  });

  it('finishes the job on redelivery after a crash half-way, without doubling anything', async () => {
    const e = event();
    let failOnce = true;
    const flaky: CasesStore = Object.create(table);
    flaky.putTimeline = async (...args) => {
      if (failOnce) {
        failOnce = false;
        throw new Error('crash after the case write');
      }
      return table.putTimeline(...args);
    };
    await expect(processClassifiedEvent(e, cls(e), ports({ store: flaky }))).rejects.toThrow('crash');
    const retry = await processClassifiedEvent(e, cls(e), ports({ store: flaky }));
    expect(retry).toMatchObject({ result: 'created', caseId: caseIdFor(e.id) });
    const c = await table.caseWithTimeline(caseIdFor(e.id));
    expect(c!.eventCount).toBe(1);
    expect(c!.timeline.filter((t) => t.type === 'post')).toHaveLength(1);
    expect(await processClassifiedEvent(e, cls(e), ports())).toMatchObject({ result: 'duplicate' });
  });
});

describe('a busy conversation', () => {
  it('folds 20 concurrent posts of one conversation into one case, each once', async () => {
    const conversationId = 'x:thread:busy';
    const posts = Array.from({ length: 20 }, () => event({ conversationId }));
    const results = await Promise.allSettled(posts.map((e) => processClassifiedEvent(e, cls(e), ports())));
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    const caseId = await table.openCaseOf(conversationId);
    const c = await table.caseWithTimeline(caseId!);
    expect(c!.eventCount).toBe(20);
    expect(c!.timeline.filter((t) => t.type.startsWith('post')).map((t) => t.data!['eventId']).sort()).toEqual(posts.map((p) => p.id).sort());
    // Redelivered, every one is recognised.
    for (const e of posts) expect(await processClassifiedEvent(e, cls(e), ports())).toMatchObject({ result: 'duplicate' });
  });

  it('recognises a redelivered post after later posts joined the case (a crash between its case write and done)', async () => {
    const conversationId = 'x:thread:crash-then-busy';
    const first = await withAddress(event({ conversationId }));
    await processClassifiedEvent(first, cls(first), ports());
    const crashed = event({ conversationId });
    const flaky: CasesStore = Object.create(table);
    flaky.putTimeline = async () => {
      throw new Error('crash after the case write');
    };
    await expect(processClassifiedEvent(crashed, cls(crashed), ports({ store: flaky }))).rejects.toThrow('crash');
    const later = Array.from({ length: 3 }, () => event({ conversationId }));
    for (const e of later) await processClassifiedEvent(e, cls(e), ports());
    const caseId = caseIdFor(first.id);
    expect((await table.getCase(caseId))!.eventCount).toBe(5);
    expect(await processClassifiedEvent(crashed, cls(crashed), ports())).toEqual({ result: 'joined', eventId: crashed.id, caseId, escalation: `${caseId}-complaint` });
    const c = await table.caseWithTimeline(caseId);
    expect(c!.eventCount).toBe(5);
    expect(c!.timeline.filter((t) => t.data?.['eventId'] === crashed.id)).toHaveLength(1);
    expect(await processClassifiedEvent(crashed, cls(crashed), ports())).toMatchObject({ result: 'duplicate' });
  });

  it('counts a follow-up once when its duplicates race other posts of the conversation', async () => {
    const conversationId = 'x:thread:duplicates-in-a-crowd';
    const first = event({ conversationId });
    await processClassifiedEvent(first, cls(first), ports());
    const repeated = event({ conversationId });
    const others = Array.from({ length: 6 }, () => event({ conversationId }));
    const deliveries = [...others.slice(0, 3), repeated, repeated, repeated, ...others.slice(3), repeated, repeated];
    const results = await Promise.allSettled(deliveries.map((e) => processClassifiedEvent(e, cls(e), ports())));
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    const c = await table.caseWithTimeline(caseIdFor(first.id));
    expect(c!.eventCount).toBe(1 + 1 + others.length);
    expect(c!.timeline.filter((t) => t.type.startsWith('post'))).toHaveLength(1 + 1 + others.length);
  });

  it('keeps the case item the same size however many posts join it', async () => {
    const conversationId = 'x:thread:growing';
    const caseKey = (caseId: string) => ({ PK: { S: `CASE#${caseId}` }, SK: { S: 'META' } });
    const size = async (caseId: string) => {
      const raw = await ddb.send(new GetItemCommand({ TableName: TABLES.cases.localName, Key: caseKey(caseId), ConsistentRead: true }));
      return { bytes: JSON.stringify(raw.Item).length, lists: Object.values(raw.Item!).filter((v) => v.L || v.SS).length, eventCount: raw.Item!['eventCount']?.N };
    };
    const first = event({ conversationId });
    await processClassifiedEvent(first, cls(first), ports());
    const caseId = caseIdFor(first.id);
    const followUps = async (n: number) => {
      for (let i = 0; i < n; i++) {
        const e = event({ conversationId });
        await processClassifiedEvent(e, cls(e), ports());
      }
    };
    await followUps(9);
    const at10 = await size(caseId);
    await followUps(80);
    const at90 = await size(caseId);
    expect([at10.eventCount, at90.eventCount]).toEqual(['10', '90']);
    // Same digits in the count and the version: exactly the same size, and no list grows with the posts.
    expect(at90.bytes).toBe(at10.bytes);
    expect(at90.lists).toBe(at10.lists);
  });

  it('writes a follow-up with one conditional UpdateItem of the attributes it changes, not a whole-item put', async () => {
    const sent: { command: string; input: Record<string, any> }[] = [];
    const counted = new DynamoDBClient({ endpoint: dynamo.url, region: 'us-east-1' });
    counted.middlewareStack.add((next, context) => async (args) => {
      sent.push({ command: String(context.commandName), input: args.input as Record<string, any> });
      return next(args);
    }, { step: 'initialize', name: 'recordCommands' });
    try {
      const countedTable = new CasesTable(counted, TABLES.cases.localName);
      const first = event({ conversationId: 'x:thread:counted' });
      await processClassifiedEvent(first, cls(first), ports({ store: countedTable }));
      const caseId = caseIdFor(first.id);
      sent.length = 0;
      const second = event({ conversationId: 'x:thread:counted' });
      await processClassifiedEvent(second, cls(second), ports({ store: countedTable }));
      // The middleware sees the document client's input (plain values) under the low-level command's name.
      const isWrite = (s: { command: string }) => /^(Put|Update|Delete)/.test(s.command);
      const key = (s: { input: Record<string, any> }) => s.input['Key'] ?? s.input['Item'];
      const caseWrites = sent.filter((s) => isWrite(s) && key(s)?.['PK'] === `CASE#${caseId}` && key(s)?.['SK'] === 'META');
      expect(caseWrites.map((w) => w.command)).toEqual(['UpdateItemCommand']);
      const written = Object.values(caseWrites[0]!.input['ExpressionAttributeNames'] as Record<string, string>);
      expect(written).toEqual(expect.arrayContaining(['eventCount', 'updatedAt', 'version']));
      for (const unchanged of ['text', 'author', 'category', 'urgency', 'pii', 'reasons', 'receivedAt', 'conversationId']) expect(written).not.toContain(unchanged);
      expect(caseWrites[0]!.input['ConditionExpression']).toMatch(/=/);
      const writes = sent.filter(isWrite);
      // The event's claim and done mark, the case, the timeline entry.
      expect(writes).toHaveLength(4);
    } finally {
      counted.destroy();
    }
  });
});

describe('a follow-up in the same conversation', () => {
  it('joins the open case, raises its urgency, moves the SLA earlier and starts the paging flow', async () => {
    const first = event({ conversationId: 'x:thread:escalating' });
    await processClassifiedEvent(first, cls(first, { category: 'question', urgency: 'normal', sentiment: 'neutral', sentimentScore: 0 }), ports());
    const second = event({ conversationId: 'x:thread:escalating', text: 'the charger caught fire' });
    const outcome = await processClassifiedEvent(second, cls(second, { urgency: 'critical', reasons: ['safety: fire'] }), ports());
    const caseId = caseIdFor(first.id);
    // Not the case's first post: its own escalation, named by the post.
    const escalation = criticalEscalationId(caseId, second.id, first.id);
    expect(escalation).toMatch(new RegExp(`^${caseId}-critical-[A-Za-z0-9_-]{12}$`));
    expect(outcome).toEqual({ result: 'joined', eventId: second.id, caseId, escalation });
    const c = await table.caseWithTimeline(caseId);
    expect(c).toMatchObject({ urgency: 'critical', category: 'complaint', eventCount: 2 });
    expect(c!.slaDueAt).toBe(new Date(Date.parse(second.receivedAt) + 15 * 60_000).toISOString());
    expect(c!.reasons).toContain('safety: fire');
    await sfnEmulator.settle();
    const d = await sfn.send(new DescribeExecutionCommand({ executionArn: `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${escalation}` }));
    expect(d.status).toBe('SUCCEEDED');
    expect(JSON.parse(d.input!)).toEqual({ caseId, reason: 'critical', escalationId: escalation });
    expect(c!.escalation).toMatchObject({ id: escalation, eventId: second.id });
  });

  it('never lowers a case: a calm follow-up leaves a critical case critical', async () => {
    const first = event({ conversationId: 'x:thread:calm' });
    await processClassifiedEvent(first, cls(first, { urgency: 'critical' }), ports());
    const second = event({ conversationId: 'x:thread:calm' });
    await processClassifiedEvent(second, cls(second, { category: 'praise', urgency: 'low', sentiment: 'positive', sentimentScore: 0.9 }), ports());
    expect(await table.caseWithTimeline(caseIdFor(first.id))).toMatchObject({ urgency: 'critical', category: 'complaint' });
  });
});

describe('the business replying (an echo)', () => {
  it('records the first response on the open case and opens nothing', async () => {
    const post = event({ conversationId: 'x:thread:reply' });
    await processClassifiedEvent(post, cls(post), ports());
    const reply = event({ conversationId: 'x:thread:reply', isEcho: true, text: 'sorry, DM us' });
    const later = event({ conversationId: 'x:thread:reply', isEcho: true, text: 'all sorted?' });
    expect(await processClassifiedEvent(reply, cls(reply, { category: 'other', urgency: 'low' }), ports())).toMatchObject({ result: 'echo', caseId: caseIdFor(post.id) });
    await processClassifiedEvent(later, cls(later, { category: 'other', urgency: 'low' }), ports());
    const c = await table.caseWithTimeline(caseIdFor(post.id));
    expect(c!.firstResponseAt).toBe(reply.createdAt);
    expect(c!.eventCount).toBe(1);
    expect(c!.timeline.filter((t) => t.type === 'business-replied')).toHaveLength(2);
    expect(await table.caseWithTimeline(caseIdFor(reply.id))).toBeUndefined();
  });

  it('opens no case for a reply in a conversation without one', async () => {
    const reply = event({ isEcho: true });
    expect(await processClassifiedEvent(reply, cls(reply), ports())).toEqual({ result: 'echo', eventId: reply.id });
    expect(await table.caseWithTimeline(caseIdFor(reply.id))).toBeUndefined();
  });
});

describe('the queue', () => {
  it('lists open cases by urgency, then arrival, from the index, with paging and filters', async () => {
    const listed = async (q: Parameters<CasesTable['listCases']>[0]) => table.listCases(q);
    const all: { id: string; urgency: string; receivedAt: string }[] = [];
    let token: string | undefined;
    do {
      const page = await listed({ status: 'open', limit: 3, nextToken: token });
      expect(page.items.length).toBeLessThanOrEqual(3);
      all.push(...page.items);
      token = page.nextToken;
    } while (token);
    const rank = { critical: 0, high: 1, normal: 2, low: 3 } as Record<string, number>;
    const sorted = [...all].sort((a, b) => rank[a.urgency]! - rank[b.urgency]! || a.receivedAt.localeCompare(b.receivedAt));
    expect(all).toEqual(sorted);
    expect(all.length).toBeGreaterThan(5);
    // The open queue is spread over the index's shards, and the pages merge them: every case once, in one order.
    const ids = all.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(ids.map((id) => shardOf(id, QUEUE_SHARDS))).size).toBeGreaterThan(1);
    expect((await listed({ status: 'open', limit: 500 })).items.map((c) => c.id)).toEqual(ids);
    const critical = await listed({ status: 'open', limit: 500, urgency: 'critical' });
    expect(critical.items.length).toBeGreaterThan(0);
    expect(critical.items.every((c) => c.urgency === 'critical')).toBe(true);
    expect((await listed({ status: 'resolved', limit: 50 })).items).toEqual([]);
    expect((await listed({ status: 'all', limit: 500 })).items).toHaveLength(all.length);
    expect(all[0]).not.toHaveProperty('eventIds');
    // The index's and the clock's bookkeeping stay inside.
    for (const key of ['GSI1PK', 'GSI1SK', 'slaCheck', 'slaCheckAt', 'slaShard', 'version']) expect(all.some((c) => key in c)).toBe(false);
  });

  it('stops a page at its byte budget and resumes right after its last case: every case once, in order', async () => {
    const budgetBytes = 1_500;
    for (let i = 0; i < 8; i++) {
      const e = event();
      await processClassifiedEvent(e, cls(e), ports());
    }
    const whole = await table.listCases({ status: 'all', limit: 500 });
    const wholeBytes = JSON.stringify(whole.items).length;
    expect(wholeBytes).toBeGreaterThan(3 * budgetBytes);
    expect(whole.nextToken).toBeUndefined();
    const paged: string[] = [];
    let pages = 0;
    let nextToken: string | undefined;
    do {
      const page = await table.listCases({ status: 'all', limit: 500, nextToken }, { budgetBytes });
      expect(page.items.length).toBeGreaterThan(0);
      expect(JSON.stringify(page.items).length <= budgetBytes || page.items.length === 1).toBe(true);
      paged.push(...page.items.map((c) => c.id));
      nextToken = page.nextToken;
      pages++;
    } while (nextToken);
    expect(pages).toBeGreaterThanOrEqual(Math.ceil(wholeBytes / budgetBytes));
    expect(paged).toEqual(whole.items.map((c) => c.id));
  });

  it('refuses a page token it did not issue', async () => {
    await expect(table.listCases({ status: 'open', limit: 5, nextToken: 'bm9wZQ' })).rejects.toThrow(InvalidPageTokenError);
    const forged = Buffer.from(JSON.stringify({ s: 0, k: { GSI1PK: 'QUEUE#resolved' } })).toString('base64url');
    await expect(table.listCases({ status: 'open', limit: 5, nextToken: forged })).rejects.toThrow(InvalidPageTokenError);
  });
});

describe('a resolved case gives its conversation back', () => {
  const resolve = (caseId: string) =>
    table.updateCase(caseId, (c) => (c.status === 'resolved' ? undefined : { set: { status: 'resolved', resolvedAt: new Date(clock).toISOString() } }));

  it('release removes the pointer’s caseId with an update (no DeleteItem), only for the case that holds it', async () => {
    await table.claimConversation('x:thread:release', 'c_holder');
    await table.releaseConversation('x:thread:release', 'c_someone_else');
    expect(await table.openCaseOf('x:thread:release')).toBe('c_holder');
    await table.releaseConversation('x:thread:release', 'c_holder');
    expect(await table.openCaseOf('x:thread:release')).toBeUndefined();
    const item = await ddb.send(new GetItemCommand({ TableName: TABLES.cases.localName, Key: { PK: { S: 'CONV#x:thread:release' }, SK: { S: 'OPEN' } } }));
    expect(item.Item).toBeDefined(); // the item stays, without caseId
    expect(item.Item?.['caseId']).toBeUndefined();
    await table.releaseConversation('x:thread:release', 'c_holder'); // twice is harmless
    // A released conversation can be claimed again, and then only once.
    expect(await table.claimConversation('x:thread:release', 'c_next')).toBe('c_next');
    expect(await table.claimConversation('x:thread:release', 'c_other')).toBe('c_next');
  });

  it('the next post in the conversation opens a new case', async () => {
    const first = event({ conversationId: 'x:thread:resolved' });
    await processClassifiedEvent(first, cls(first), ports());
    const caseId = caseIdFor(first.id);
    expect((await resolve(caseId)).written).toBe(true);
    await table.releaseConversation(first.conversationId, caseId);
    const next = event({ conversationId: 'x:thread:resolved' });
    expect(await processClassifiedEvent(next, cls(next), ports())).toMatchObject({ result: 'created', caseId: caseIdFor(next.id) });
    expect(await table.openCaseOf('x:thread:resolved')).toBe(caseIdFor(next.id));
    expect(await table.caseWithTimeline(caseId)).toMatchObject({ status: 'resolved', eventCount: 1 });
  });

  it('a post that still finds the pointer of a resolved case (a resolve stopped half-way) opens a new case too', async () => {
    const first = event({ conversationId: 'x:thread:half-resolved' });
    await processClassifiedEvent(first, cls(first), ports());
    const caseId = caseIdFor(first.id);
    await resolve(caseId); // and no release
    const next = event({ conversationId: 'x:thread:half-resolved' });
    expect(await processClassifiedEvent(next, cls(next), ports())).toMatchObject({ result: 'created', caseId: caseIdFor(next.id) });
    expect(await table.openCaseOf('x:thread:half-resolved')).toBe(caseIdFor(next.id));
    expect(await table.caseWithTimeline(caseId)).toMatchObject({ status: 'resolved', eventCount: 1 });
  });
});

describe('case updates under the version lock', () => {
  it('bumps the version, moves the queue keys with status and urgency, and removes attributes', async () => {
    const e = event();
    await processClassifiedEvent(e, cls(e), ports());
    const caseId = caseIdFor(e.id);
    const result = await table.updateCase(caseId, () => ({ set: { urgency: 'low', status: 'acknowledged' }, remove: ['slaDueAt'] }));
    expect(result).toMatchObject({ written: true, before: { version: 1 }, after: { version: 2, urgency: 'low', status: 'acknowledged' } });
    const raw = await ddb.send(new GetItemCommand({ TableName: TABLES.cases.localName, Key: { PK: { S: `CASE#${caseId}` }, SK: { S: 'META' } } }));
    expect(raw.Item?.['GSI1PK']?.S).toBe(`QUEUE#acknowledged#${shardOf(caseId, QUEUE_SHARDS)}`);
    expect(raw.Item?.['GSI1SK']?.S).toBe(`3#${e.receivedAt}#${caseId}`);
    expect(raw.Item?.['slaDueAt']).toBeUndefined();
    expect(raw.Item?.['version']?.N).toBe('2');
  });

  it('never overwrites a concurrent change: the loser reads again and decides on the new state', async () => {
    const e = event();
    await processClassifiedEvent(e, cls(e), ports());
    const caseId = caseIdFor(e.id);
    const seen: number[] = [];
    const results = await Promise.all(
      ['tom', 'hannah', 'priya'].map((assignee) =>
        table.updateCase(caseId, (c) => {
          seen.push(c.version);
          return { set: { assignee, overrides: (c.overrides ?? 0) + 1 } };
        }),
      ),
    );
    expect(results.every((r) => r.written)).toBe(true);
    const stored = await table.getCase(caseId);
    expect(stored).toMatchObject({ version: 4, overrides: 3 });
  });

  it('refuses to change keys or the lock itself', async () => {
    const e = event();
    await processClassifiedEvent(e, cls(e), ports());
    await expect(table.updateCase(caseIdFor(e.id), () => ({ set: { id: 'c_other' } as never }))).rejects.toThrow(/may not change 'id'/);
  });
});

describe('raw text retention', () => {
  it('keeps the unredacted text only for the configured days, then the TTL sweep deletes it', async () => {
    const e = event();
    await processClassifiedEvent(e, cls(e), ports({ settings: { ...DEFAULT_CASE_SETTINGS, rawTextRetentionDays: 2 } }));
    const key = { PK: { S: `RAW#${e.id}` }, SK: { S: 'RAW' } };
    expect((await ddb.send(new GetItemCommand({ TableName: TABLES.cases.localName, Key: key }))).Item?.['text']?.S).toBe(e.text);
    const sweeper = startTtlSweeper(ddb, TABLES.cases, 3_600_000);
    try {
      const nowEpoch = Math.floor(clock / 1000);
      await sweeper.sweep(nowEpoch + 86_400);
      expect((await ddb.send(new GetItemCommand({ TableName: TABLES.cases.localName, Key: key }))).Item).toBeDefined();
      expect(await sweeper.sweep(nowEpoch + 3 * 86_400)).toBeGreaterThan(0);
      expect((await ddb.send(new GetItemCommand({ TableName: TABLES.cases.localName, Key: key }))).Item).toBeUndefined();
    } finally {
      sweeper.stop();
    }
  });

  it('stores no raw text by default', async () => {
    const e = event();
    await processClassifiedEvent(e, cls(e), ports());
    const key = { PK: { S: `RAW#${e.id}` }, SK: { S: 'RAW' } };
    expect((await ddb.send(new GetItemCommand({ TableName: TABLES.cases.localName, Key: key }))).Item).toBeUndefined();
  });
});

describe('timeline entries written once', () => {
  it('putTimelineOnce writes a new key and refuses it the second time, leaving the first entry', async () => {
    const caseId = `c_once${seq++}`;
    const entry = { at: '2026-12-07T15:00:00.000Z', type: 'escalation-exhausted', detail: 'first' };
    expect(await table.putTimelineOnce(caseId, 'escalation#exhausted', entry)).toBe(true);
    expect(await table.putTimelineOnce(caseId, 'escalation#exhausted', { ...entry, detail: 'second' })).toBe(false);
    const out = await ddb.send(new QueryCommand({ TableName: TABLES.cases.localName, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': { S: `CASE#${caseId}` } } }));
    expect(out.Items?.map((i) => i.detail?.S)).toEqual(['first']);
  });
});

describe('case retention (caseRetentionDays)', () => {
  const ttlOf = async (pk: string, sk: string) =>
    Number((await ddb.send(new GetItemCommand({ TableName: TABLES.cases.localName, Key: { PK: { S: pk }, SK: { S: sk } }, ConsistentRead: true }))).Item?.['expiresAt']?.N ?? NaN);

  it('stamps the case and each timeline entry with a TTL of the retention from each write, and never shows it', async () => {
    // The table's own clock, set by the test: each write's TTL is exact, and a later write needs no waiting.
    let writtenAt = Date.parse('2026-12-01T09:00:00.000Z');
    const kept = new CasesTable(ddb, TABLES.cases.localName, { retentionDays: 30, now: () => writtenAt });
    const first = event({ conversationId: 'x:thread:retention' });
    await processClassifiedEvent(first, cls(first), ports({ store: kept }));
    const caseId = caseIdFor(first.id);
    const created = await ttlOf(`CASE#${caseId}`, 'META');
    expect(created).toBeGreaterThanOrEqual(writtenAt / 1000 + 30 * 86_400);
    expect(created).toBeLessThanOrEqual(writtenAt / 1000 + 30 * 86_400);
    const entries = (await ddb.send(new QueryCommand({ TableName: TABLES.cases.localName, KeyConditionExpression: 'PK = :pk AND begins_with(SK, :t)', ExpressionAttributeValues: { ':pk': { S: `CASE#${caseId}` }, ':t': { S: 'T#' } } }))).Items ?? [];
    expect(entries.length).toBeGreaterThan(0);
    for (const e of entries) expect(Number(e['expiresAt']?.N)).toBeGreaterThanOrEqual(writtenAt / 1000 + 30 * 86_400);
    // A later write (a follow-up folded in, a day on) moves the case's TTL on: a case being worked never ages out.
    writtenAt += 86_400_000;
    const follow = event({ conversationId: 'x:thread:retention' });
    await processClassifiedEvent(follow, cls(follow), ports({ store: kept }));
    expect(await ttlOf(`CASE#${caseId}`, 'META')).toBeGreaterThan(created);
    expect(await ttlOf(`CASE#${caseId}`, 'META')).toBe(created + 86_400);
    // The API shows the case, not the table's bookkeeping.
    expect(await kept.caseWithTimeline(caseId)).not.toHaveProperty('expiresAt');
    expect((await kept.listCases({ status: 'open', limit: 500 })).items.find((c) => c.id === caseId)).not.toHaveProperty('expiresAt');
  });

  it('without a retention, cases and their entries carry no TTL', async () => {
    const e = event({ conversationId: 'x:thread:no-retention' });
    await processClassifiedEvent(e, cls(e), ports());
    expect(await ttlOf(`CASE#${caseIdFor(e.id)}`, 'META')).toBeNaN();
  });
});
