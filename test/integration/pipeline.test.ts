/**
 * The whole local pipeline as a newcomer uses it: signed webhooks in over HTTP, the SQS poller hands them to the
 * classify Lambda, cases appear in order in the staff API, duplicates and echoes behave, the API refuses strangers.
 */
import { MODEL_VERSION } from '../../lambdas/domain/classifier/model';
import { CaseSchema } from '../../schemas/case';
import { facebookComment, genericDelivery, metaDelivery, metaJson, post, whatsappMessages, xDelivery, xMention } from '../helpers/deliveries';
import { eventually, listedCase, staffApi, startTestStack, type TestStack, expectHealthy } from '../helpers/local-stack';

// Emulator-backed and timing-dependent: generous limits for a loaded 2-core CI machine (waits end as soon as met).
jest.setTimeout(120_000);

let stack: TestStack;
const TOKEN = 'pipeline-test-staff-token';
/** This file's poll interval while waiting. */
const POLL_MS = 100;

beforeAll(async () => {
  stack = await startTestStack({ token: TOKEN });
});
afterAll(async () => {
  await stack?.cleanup();
});

const api = staffApi(() => stack.url, TOKEN);

describe('webhooks become ordered, explained cases', () => {
  it('puts a threat above a complaint above a question, each with reasons and redacted text', async () => {
    await post(stack.url, xDelivery(xMention({ id: '9001', userId: 'q1', text: '@AcmeSupport do you sell gift cards?' })));
    await post(stack.url, metaDelivery(facebookComment({ commentId: '9002', fromId: 'c1', text: 'The engineer never showed. Call me on 020 7946 0018 before 5' })));
    await post(stack.url, xDelivery(xMention({ id: '9003', userId: 't1', text: "@AcmeSupport fix this today or I'm going to the press" })));
    const list = await eventually(
      () => api('/api/cases'),
      (r) => r.status === 200 && r.body.items.length >= 3,
      undefined,
      POLL_MS,
    );
    const urgencies = list.body.items.map((c: { urgency: string }) => c.urgency);
    expect(urgencies).toEqual([...urgencies].sort((a: string, b: string) => ['critical', 'high', 'normal', 'low'].indexOf(a) - ['critical', 'high', 'normal', 'low'].indexOf(b)));
    const threat = list.body.items[0];
    expect(threat).toMatchObject({ category: 'threat', urgency: 'critical', status: 'open', platform: 'x' });
    expect(threat.reasons.length).toBeGreaterThan(0);
    // Which model gave the labels, and how sure it was, travel with the case.
    expect(threat.classifiedBy).toMatchObject({ model: MODEL_VERSION, confidence: { category: expect.any(Number), urgency: expect.any(Number), sentiment: expect.any(Number) } });
    const complaint = list.body.items.find((c: { platform: string }) => c.platform === 'facebook');
    expect(complaint.text).not.toContain('7946');
    expect(complaint.pii).toContain('phone');

    // The case is visible as soon as it is written; its escalation entry follows once the flow has started.
    const detail = await eventually(
      () => api(`/api/cases/${threat.id}`),
      (r) => r.status === 200 && r.body.timeline.some((t: { type: string }) => t.type === 'escalation-started'),
      undefined,
      POLL_MS,
    );
    const types = detail.body.timeline.map((t: { type: string }) => t.type);
    expect(types[0]).toBe('post');
    expect(types).toContain('escalation-started');
    // What the API answers is the contract's Case shape (schemas/case.ts), and every list item is its summary.
    expect(CaseSchema.safeParse(detail.body).error).toBeUndefined();
    for (const item of list.body.items) expect(CaseSchema.omit({ timeline: true }).safeParse(item).error).toBeUndefined();
  });

  it('makes one case of a delivery the platform repeats three times at once', async () => {
    const d = genericDelivery('reviews', {
      type: 'review.created',
      data: { id: 'rev-77', text: 'Waited an hour for a cold pizza. Never again.', author: { id: 'r77', name: 'Sam' }, createdAt: new Date().toISOString(), rating: 1 },
    });
    const statuses = await Promise.all([post(stack.url, d), post(stack.url, d), post(stack.url, d)]);
    expect(statuses.map((s) => s.status)).toEqual([200, 200, 200]);
    const list = await eventually(
      () => api('/api/cases?status=all&limit=500'),
      (r) => r.body.items.some((c: { platform: string }) => c.platform === 'reviews'),
      undefined,
      POLL_MS,
    );
    await new Promise((r) => setTimeout(r, 500));
    const again = await api('/api/cases?status=all&limit=500');
    expect(again.body.items.filter((c: { platform: string }) => c.platform === 'reviews')).toHaveLength(1);
    expect(list.status).toBe(200);
  });

  it('records the business reply on the case and opens no case for it', async () => {
    await post(stack.url, xDelivery(xMention({ id: '9101', userId: 'cust-9', text: '@AcmeSupport my bill is wrong again' })));
    const caseOf = async () => (await api('/api/cases?limit=500')).body.items.find((c: { author: { id: string } }) => c.author.id === 'cust-9');
    const before = await eventually(caseOf, (c) => c !== undefined, undefined, POLL_MS);
    const reply = xMention({ id: '9102', userId: '1700000000000000001', text: '@leepark sorry, we are on it' });
    (reply.tweet_create_events[0] as Record<string, unknown>)['in_reply_to_user_id_str'] = 'cust-9';
    (reply.tweet_create_events[0] as Record<string, unknown>)['in_reply_to_status_id_str'] = '9101';
    await post(stack.url, xDelivery(reply));
    const after = await eventually(caseOf, (c) => c.firstResponseAt !== undefined, undefined, POLL_MS);
    expect(after.id).toBe(before.id);
    expect(after.eventCount).toBe(1);
  });
});

describe('text as people write it', () => {
  // Emoji sit outside the Basic Multilingual Plane (the local SQS emulator refused them); U+FFFE/U+FFFF are characters
  // real SQS refuses outright. Meta escapes every non-ASCII character in its JSON; X and others send raw UTF-8.
  const facebook = 'Still no refund 😡😡 after 3 weeks 👎 ça suffit';
  const x = '@AcmeSupport thanks so much 🙏🏽❤️ sorted in minutes';
  const review = 'Broken on arrival \ufffe\uffff 𝕨𝕙𝕪';
  it.each([
    ['Meta-escaped emoji (Facebook)', facebook, () => metaDelivery(metaJson(facebookComment({ commentId: '9301', fromId: 'e1', text: facebook })))],
    ['raw UTF-8 emoji (X)', x, () => xDelivery(xMention({ id: '9302', userId: 'e2', text: x }))],
    [
      'noncharacters U+FFFE and U+FFFF and an emoji name (review)',
      review,
      () => genericDelivery('reviews', { type: 'review.created', data: { id: 'nc-1', text: review, author: { id: 'e3', name: 'Zoë 🌻' }, createdAt: new Date().toISOString() } }),
    ],
  ] as const)('%s: accepted with 200 and becomes a case with its text intact', async (_label, text, delivery) => {
    expect((await post(stack.url, delivery())).status).toBe(200);
    const listed = await eventually(
      () => api('/api/cases?status=all&limit=500'),
      (r) => r.status === 200 && r.body.items.some((c: { text: string }) => c.text === text),
      undefined,
      POLL_MS,
    );
    const item = listed.body.items.find((c: { text: string }) => c.text === text);
    if (text === review) expect(item.author.name).toBe('Zoë 🌻');
  });
});

describe('fields of any length', () => {
  const review = (id: string, data: Record<string, unknown> = {}, author: Record<string, unknown> = {}) => ({
    type: 'review.created',
    data: { id, text: 'Arrived broken, nobody answers the phone', author: { id: `a-${id}`, name: 'Kim', ...author }, createdAt: new Date().toISOString(), ...data },
  });

  it('keeps a post whose author name, handle and url are enormous: display fields shortened, a bad link dropped', async () => {
    const d = genericDelivery('reviews', review('long-1', { url: `https://reviews.example/${'p'.repeat(5000)}` }, { name: `Kim ${'🌻'.repeat(10_000)}`, handle: 'h'.repeat(50_000) }));
    expect((await post(stack.url, d)).status).toBe(200);
    const item = await listedCase(api, (c) => c.conversationId === 'reviews:long-1');
    expect(item.author.name.length).toBeLessThanOrEqual(200);
    expect(item.author.name.startsWith('Kim 🌻')).toBe(true);
    expect(item.author.name.endsWith('…')).toBe(true);
    expect(item.author.handle.length).toBeLessThanOrEqual(100);
    const detail = await api(`/api/cases/${item.id}`);
    expect(detail.body.url).toBeUndefined();
  });

  it('keeps a post whose text is a megabyte of emoji: the text is cut and marked, and the message fits the queue', async () => {
    const d = genericDelivery('reviews', review('long-2', { text: `Refund please ${'😡'.repeat(300_000)}` }, { name: 'n'.repeat(1_000_000) }));
    expect((await post(stack.url, d)).status).toBe(200);
    const item = await listedCase(api, (c) => c.conversationId === 'reviews:long-2');
    expect(item.text.startsWith('Refund please 😡')).toBe(true);
    expect(item.author.name.length).toBeLessThanOrEqual(200);
  });

  it('drops links that are not http(s)', async () => {
    expect((await post(stack.url, genericDelivery('reviews', review('link-1', { url: 'javascript:alert(document.cookie)' })))).status).toBe(200);
    const item = await listedCase(api, (c) => c.conversationId === 'reviews:link-1');
    expect((await api(`/api/cases/${item.id}`)).body.url).toBeUndefined();
  });

  it('refuses an id too long to store: alone a 400, beside a good item it is parked and the good one kept', async () => {
    const alone = await post(stack.url, genericDelivery('reviews', review('x'.repeat(10_000))));
    expect(alone.status).toBe(400);
    expect(alone.body).toContain('too long');
    expect(alone.body).not.toContain('xxxx');
    const pair = whatsappMessages(2, 'Where is my parcel');
    (pair.entry[0]!.changes[0]!.value.messages[1] as { id: string }).id = `wamid.${'A'.repeat(5000)}`;
    const res = await post(stack.url, metaDelivery(pair));
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ accepted: 1, parked: 1 });
    await expectHealthy(stack.url);
  });
});

describe('the staff API', () => {
  it('refuses a missing or wrong token with 401', async () => {
    expect((await fetch(`${stack.url}/api/cases`)).status).toBe(401);
    expect((await api('/api/cases', 'wrong')).status).toBe(401);
  });

  it('answers 400 to bad query parameters and tokens, and 404 to unknown cases', async () => {
    expect((await api('/api/cases?limit=501')).status).toBe(400);
    expect((await api('/api/cases?limit=0')).status).toBe(400);
    expect((await api('/api/cases?status=closed')).status).toBe(400);
    expect((await api('/api/cases?nextToken=garbage')).status).toBe(400);
    expect((await api('/api/cases/c_doesnotexist00000')).status).toBe(404);
    expect((await api('/api/cases/..%2F..%2Fetc')).status).toBe(404);
  });

  it('pages with nextToken', async () => {
    const first = await api('/api/cases?status=all&limit=1');
    expect(first.body.items).toHaveLength(1);
    expect(first.body.nextToken).toEqual(expect.any(String));
    const second = await api(`/api/cases?status=all&limit=1&nextToken=${encodeURIComponent(first.body.nextToken)}`);
    expect(second.body.items[0].id).not.toBe(first.body.items[0].id);
  });
});
