/**
 * The staff API's actions on the local stack, as the care team uses them: signed posts in, cases in the queue, then
 * acknowledge (which stops the pages of a critical case), assign, record a response, resolve (the next post in the
 * conversation opens a new case) and reclassify (the queue order follows) over HTTP with the staff bearer token.
 * Ack timeouts are 1–2 s so the silence after an acknowledgement is cheap to wait for.
 */
import { CaseSchema } from '../../schemas/case';
import { post, xDelivery, xMention } from '../helpers/deliveries';
import { eventually, listedCase, readOutbox, smsFor, staffApi, startStackWithPolicy, type TestStack, expectHealthy } from '../helpers/local-stack';

// Emulator-backed and timing-dependent: generous limits for a loaded 2-core CI machine (waits end as soon as met).
jest.setTimeout(120_000);

let stack: TestStack;
const TOKEN = 'staff-actions-test-staff-token';

const TIER1 = [{ name: 'Priya Shah', phone: '+447700900301', email: 'priya@example.com' }];
const TIER2 = [{ name: 'Hannah Lewis', phone: '+447700900302', email: 'hannah@example.com' }];

beforeAll(async () => {
  stack = await startStackWithPolicy({
    token: TOKEN,
    repeat: 1,
    tiers: [
      { name: 'Duty lead', ackTimeoutSeconds: 2, contacts: TIER1 },
      { name: 'Care manager', ackTimeoutSeconds: 1, contacts: TIER2 },
    ],
  });
});
afterAll(async () => {
  await stack?.cleanup();
});

const api = staffApi(() => stack.url, TOKEN);

/** POSTs an action; `body` is sent as JSON unless it is a string (then as is, with `contentType`). */
async function act(caseId: string, action: string, body?: unknown, opts: { contentType?: string; token?: string | null } = {}) {
  const headers: Record<string, string> = {};
  if (opts.token !== null) headers['authorization'] = `Bearer ${opts.token ?? TOKEN}`;
  let payload: string | undefined;
  if (body !== undefined) {
    payload = typeof body === 'string' ? body : JSON.stringify(body);
    headers['content-type'] = opts.contentType ?? 'application/json';
  }
  const res = await fetch(`${stack.url}/api/cases/${caseId}/${action}`, { method: 'POST', headers, ...(payload !== undefined ? { body: payload } : {}) });
  return { status: res.status, body: (await res.json()) as any };
}

const outbox = () => readOutbox(stack.url);
const caseById = async (id: string) => (await api(`/api/cases/${id}`)).body;
const types = (c: { timeline: { type: string }[] }) => c.timeline.map((t) => t.type);
/** The latest timeline entry of a type (the escalation flow writes its own entries meanwhile, in time order). */
const lastOf = (c: { timeline: { type: string }[] }, type: string) => c.timeline.filter((t) => t.type === type).at(-1) as any;
const openQueue = async () => (await api('/api/cases?status=open&limit=500')).body.items.map((c: { id: string }) => c.id) as string[];

/** Delivers an X mention and waits for the case it opens or joins; returns the case id. */
async function caseFrom(opts: { id: string; userId: string; text: string }): Promise<string> {
  await post(stack.url, xDelivery(xMention(opts)));
  return (await listedCase(api, (c) => c.author.id === opts.userId && c.status !== 'resolved')).id;
}

describe('acknowledge', () => {
  it('stops the pages of a critical case: tier 1 paged, acknowledged in the API, tier 2 never paged', async () => {
    const caseId = await caseFrom({ id: '8101', userId: 'ack-1', text: "@AcmeSupport fix my account today or I'm going to the press and my lawyer" });
    await eventually(outbox, (o) => smsFor(o, caseId).length >= 1);
    expect((await caseById(caseId)).escalation).toMatchObject({ state: 'paging', tier: 1 });

    const acked = await act(caseId, 'acknowledge');
    expect(acked.status).toBe(200);
    expect(acked.body).toMatchObject({
      id: caseId,
      status: 'acknowledged',
      escalation: { state: 'acknowledged', acknowledgedBy: 'local-staff' },
    });
    expect(acked.body.escalation.acknowledgedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(acked.body).not.toHaveProperty('firstResponseAt'); // acknowledging is not a response
    expect(CaseSchema.safeParse(acked.body).error).toBeUndefined();
    // The answer is the case as GET shows it (no internal attributes such as the version or the index keys).
    const shown = await caseById(caseId);
    expect(Object.keys(acked.body).sort()).toEqual(Object.keys(shown).sort());
    expect(acked.body).not.toHaveProperty('version');
    const entry = acked.body.timeline.find((t: { type: string }) => t.type === 'acknowledged');
    expect(entry.detail).toBe('acknowledged by local-staff in the staff API; no further pages');
    expect(entry.data).toMatchObject({ by: 'local-staff', stoppedPaging: true });

    // Longer than tier 1's 2 s timeout and tier 2's 1 s together: nobody else is paged.
    await new Promise((r) => setTimeout(r, 3_500));
    const sms = smsFor(await outbox(), caseId);
    expect(sms.map((m) => m.to)).toEqual(TIER1.map((c) => c.phone));
    expect(sms.map((m) => m.to)).not.toContain(TIER2[0]!.phone);
    const after = await caseById(caseId);
    expect(after.escalation.state).toBe('acknowledged');
    expect(types(after)).not.toContain('escalation-exhausted');

    expect(after).toMatchObject({ id: caseId, status: 'acknowledged', escalation: acked.body.escalation });
    expect((await act(caseId, 'acknowledge')).status).toBe(409);
  });
});

describe('assign, respond, resolve', () => {
  it('assigns a case to a person and takes it off the open queue', async () => {
    const caseId = await caseFrom({ id: '8201', userId: 'assign-1', text: "@AcmeSupport my refund hasn't arrived" });
    expect(await openQueue()).toContain(caseId);
    const assigned = await act(caseId, 'assign', { assignee: 'tom.okafor' });
    expect(assigned.status).toBe(200);
    expect(assigned.body).toMatchObject({ status: 'acknowledged', assignee: 'tom.okafor', assignedBy: 'local-staff' });
    expect(lastOf(assigned.body, 'assigned')).toMatchObject({ type: 'assigned', detail: 'assigned to tom.okafor by local-staff' });
    expect(await openQueue()).not.toContain(caseId);
    const acknowledged = (await api('/api/cases?status=acknowledged&limit=500')).body.items.map((c: { id: string }) => c.id);
    expect(acknowledged).toContain(caseId);
    // Reassigning is fine; the same person again is a conflict.
    expect((await act(caseId, 'assign', { assignee: 'hannah' })).body.assignee).toBe('hannah');
    expect((await act(caseId, 'assign', { assignee: 'hannah' })).status).toBe(409);
  });

  it('lists the cases assigned to a person, and to the caller as `assignee=me`; says who the caller is', async () => {
    expect(await api('/api/me')).toEqual({ status: 200, body: { id: 'local-staff', name: 'local-staff' } });
    expect((await api('/api/me', 'not-the-token')).status).toBe(401);
    const mine = await caseFrom({ id: '8251', userId: 'assign-me-1', text: "@AcmeSupport the app logs me out every time I pay" });
    const theirs = await caseFrom({ id: '8252', userId: 'assign-me-2', text: "@AcmeSupport my parcel went to the wrong town" });
    expect((await act(mine, 'assign', { assignee: 'local-staff' })).status).toBe(200);
    expect((await act(theirs, 'assign', { assignee: 'priya' })).status).toBe(200);
    const ids = async (q: string) => (await api(`/api/cases?status=all&limit=500&${q}`)).body.items.map((c: { id: string }) => c.id) as string[];
    const toMe = await ids('assignee=me');
    expect(toMe).toContain(mine);
    expect(toMe).not.toContain(theirs);
    // Assigning acknowledges: "open or acknowledged" (status=active) lists it, open alone does not.
    expect((await api('/api/cases?assignee=me&status=active&limit=500')).body.items.map((c: { id: string }) => c.id)).toContain(mine);
    expect((await api('/api/cases?assignee=me&status=open&limit=500')).body.items.map((c: { id: string }) => c.id)).not.toContain(mine);
    const toPriya = await ids('assignee=priya');
    expect(toPriya).toContain(theirs);
    expect(toPriya).not.toContain(mine);
    expect(await api('/api/cases?assignee=')).toEqual({ status: 400, body: { error: 'assignee: must not be empty' } });
    expect((await api(`/api/cases?assignee=${'x'.repeat(121)}`)).status).toBe(400);
  });

  it('records the first response once: the SLA clock stops, later responses only move respondedAt', async () => {
    const caseId = await caseFrom({ id: '8301', userId: 'respond-1', text: "@AcmeSupport my refund hasn't arrived" });
    const first = await act(caseId, 'responded', { channel: 'x reply', note: 'asked for the order number, or call 07700 900123' });
    expect(first.status).toBe(200);
    expect(first.body.firstResponseAt).toBeDefined();
    expect(first.body.respondedAt).toBe(first.body.firstResponseAt);
    const entry = lastOf(first.body, 'responded');
    expect(entry).toMatchObject({ type: 'responded', data: { first: true, channel: 'x reply' } });
    expect(JSON.stringify(first.body)).not.toContain('900123'); // the note is kept redacted
    await new Promise((r) => setTimeout(r, 20));
    const second = await act(caseId, 'responded');
    expect(second.status).toBe(200);
    expect(second.body.firstResponseAt).toBe(first.body.firstResponseAt);
    expect(second.body.respondedAt > first.body.respondedAt).toBe(true);
    expect(types(second.body).filter((t) => t === 'responded')).toHaveLength(2);
  });

  it('resolves a case; the next post in the same conversation opens a new case', async () => {
    const caseId = await caseFrom({ id: '8401', userId: 'resolve-1', text: "@AcmeSupport my refund hasn't arrived" });
    const resolved = await act(caseId, 'resolve', { note: 'refund confirmed' });
    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({ status: 'resolved', resolvedBy: 'local-staff' });
    expect(lastOf(resolved.body, 'resolved')).toMatchObject({ type: 'resolved', data: { note: 'refund confirmed' } });
    expect(await openQueue()).not.toContain(caseId);

    const next = await caseFrom({ id: '8402', userId: 'resolve-1', text: '@AcmeSupport and now the replacement is broken too' });
    expect(next).not.toBe(caseId);
    const nextCase = await caseById(next);
    expect(nextCase).toMatchObject({ status: 'open', conversationId: resolved.body.conversationId, eventCount: 1 });
    expect(await caseById(caseId)).toMatchObject({ status: 'resolved', eventCount: 1 });

    // Nothing more happens to a resolved case.
    expect(await act(caseId, 'resolve')).toEqual({ status: 409, body: { error: 'the case is already resolved' } });
    expect(await act(caseId, 'acknowledge')).toEqual({ status: 409, body: { error: 'the case is resolved' } });
    expect((await act(caseId, 'assign', { assignee: 'tom' })).status).toBe(409);
  });
});

describe('reclassify', () => {
  it('moves the case in the queue and keeps the classifier’s labels, the override count and a timeline entry', async () => {
    const complaint = await caseFrom({ id: '8501', userId: 'reclass-1', text: "@AcmeSupport my refund hasn't arrived" });
    const question = await caseFrom({ id: '8502', userId: 'reclass-2', text: '@AcmeSupport do you sell gift cards?' });
    const before = await caseById(complaint);
    expect((await caseById(question)).urgency).not.toBe('low');
    expect(before.urgency).not.toBe('low');
    let queue = await openQueue();
    expect(queue.indexOf(complaint)).toBeLessThan(queue.indexOf(question));

    const lowered = await act(complaint, 'reclassify', { urgency: 'low', reason: 'a joke between regulars' });
    expect(lowered.status).toBe(200);
    expect(lowered.body).toMatchObject({ urgency: 'low', classifiedAs: { category: before.category, urgency: before.urgency }, overrides: 1 });
    expect(lowered.body.slaDueAt).toBeUndefined(); // low has no clock
    const entry = lastOf(lowered.body, 'reclassified');
    expect(entry).toMatchObject({
      type: 'reclassified',
      detail: `reclassified by local-staff: urgency ${before.urgency} → low`,
      data: { by: 'local-staff', before: { urgency: before.urgency }, after: { urgency: 'low' }, reason: 'a joke between regulars' },
    });
    queue = await openQueue();
    expect(queue.indexOf(complaint)).toBeGreaterThan(queue.indexOf(question));

    const again = await act(complaint, 'reclassify', { category: 'praise' });
    expect(again.body).toMatchObject({ category: 'praise', classifiedAs: { category: before.category, urgency: before.urgency }, overrides: 2 });
    expect(types(again.body).filter((t) => t === 'reclassified')).toHaveLength(2);
    expect((await act(complaint, 'reclassify', { category: 'praise' })).status).toBe(409);

    // Raised to critical by a person: it moves to the top of the queue, and (by design) no paging starts here.
    const raised = await act(question, 'reclassify', { urgency: 'critical', category: 'threat' });
    expect(raised.body.slaDueAt).toBe(new Date(Date.parse(raised.body.receivedAt) + 15 * 60_000).toISOString());
    queue = await openQueue();
    expect(queue.indexOf(question)).toBeLessThan(queue.indexOf(complaint));
    expect(smsFor(await outbox(), question)).toEqual([]);
  });
});

describe('refusals', () => {
  let caseId: string;
  beforeAll(async () => {
    caseId = await caseFrom({ id: '8601', userId: 'refuse-1', text: "@AcmeSupport my refund hasn't arrived" });
  });

  it('401 without the staff token or with a wrong one', async () => {
    expect((await act(caseId, 'acknowledge', undefined, { token: null })).status).toBe(401);
    expect((await act(caseId, 'resolve', {}, { token: 'not-the-token' })).status).toBe(401);
    expect((await caseById(caseId)).status).toBe('open');
  });

  it('404 for a case that does not exist', async () => {
    expect(await act('c_doesnotexist000', 'acknowledge')).toEqual({ status: 404, body: { error: 'no such case' } });
    expect((await act('not-a-case-id', 'resolve')).status).toBe(404);
  });

  it('400 with the field named for a bad body', async () => {
    expect(await act(caseId, 'assign')).toMatchObject({ status: 400, body: { error: expect.stringMatching(/^assignee: /) } });
    expect(await act(caseId, 'assign', { assignee: '' })).toEqual({ status: 400, body: { error: 'assignee: must not be empty' } });
    expect(await act(caseId, 'reclassify', {})).toEqual({ status: 400, body: { error: 'body: give a category or an urgency (or both)' } });
    expect(await act(caseId, 'reclassify', { urgency: 'urgent' })).toMatchObject({ status: 400, body: { error: expect.stringMatching(/^urgency: /) } });
    expect(await act(caseId, 'responded', { note: 'x'.repeat(501) })).toEqual({ status: 400, body: { error: 'note: must be at most 500 characters' } });
    expect(await act(caseId, 'acknowledge', { by: 'someone else' })).toMatchObject({ status: 400 });
    expect(await act(caseId, 'resolve', '{"note": ')).toEqual({ status: 400, body: { error: 'the body is not valid JSON' } });
  });

  it('415 for a body that is not JSON, 413 for a body over 4 KB', async () => {
    expect(await act(caseId, 'resolve', 'note=done', { contentType: 'application/x-www-form-urlencoded' })).toEqual({
      status: 415,
      body: { error: 'send the body as application/json' },
    });
    expect((await act(caseId, 'resolve', '{}', { contentType: 'text/plain' })).status).toBe(415);
    expect((await act(caseId, 'responded', { note: 'y'.repeat(5_000) })).status).toBe(413);
  });

  it('changed nothing while refusing', async () => {
    const c = await caseById(caseId);
    expect(c.status).toBe('open');
    expect(types(c).filter((t) => ['acknowledged', 'assigned', 'responded', 'resolved', 'reclassified'].includes(t))).toEqual([]);
  });
});

it('the stack stays healthy', async () => {
  await expectHealthy(stack.url);
});
