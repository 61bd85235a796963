/**
 * The staff API's bounds on the local stack, over HTTP with the staff token: a page token the API did not issue (of
 * any shape) is a 400 and leaves the API healthy, and no answer grows without bound — 55 cases with 40,000-character
 * texts (and long author names) list in pages well under Lambda's 6 MB response limit, every case exactly once, with
 * the text cut short (and marked) in the list and whole on the case itself, and a case with many long posts pages its
 * timeline, every entry exactly once.
 */
import { CaseSchema } from '../../schemas/case';
import { MAX_TEXT_CHARS } from '../../schemas/social-event';
import { genericDelivery, post, xDelivery, xMention } from '../helpers/deliveries';
import { queueDepth } from '../helpers/load';
import { eventually, listedCase, staffApi, startTestStack, type TestStack, expectHealthy } from '../helpers/local-stack';

// Emulator-backed: generous limits for a loaded 2-core CI machine (waits end as soon as met).
jest.setTimeout(240_000);

let stack: TestStack;
const TOKEN = 'staff-api-bounds-test-staff-token';
const api = staffApi(() => stack.url, TOKEN);

/** Far under Lambda's 6 MB: about a 1 MB page plus one oversized item. */
const RESPONSE_BOUND_BYTES = 1_500_000;

beforeAll(async () => {
  stack = await startTestStack({ token: TOKEN });
});
afterAll(async () => {
  await stack?.cleanup();
});

/** A GET with its size in bytes as sent. */
async function get(path: string): Promise<{ status: number; bytes: number; body: any }> {
  const res = await fetch(stack.url + path, { headers: { authorization: `Bearer ${TOKEN}` } });
  const raw = Buffer.from(await res.arrayBuffer());
  return { status: res.status, bytes: raw.length, body: JSON.parse(raw.toString('utf8')) };
}

const drained = () => eventually(() => queueDepth(stack.endpoints.sqs, stack.queues.events.url), (d) => d === 0, 180_000, 100);
const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value), 'utf8').toString('base64url');

describe('page tokens', () => {
  let issued: string;
  let issuedTimeline: string | undefined;

  beforeAll(async () => {
    for (let i = 0; i < 3; i++) await post(stack.url, xDelivery(xMention({ id: `93000${i}`, userId: `tok-${i}`, text: '@AcmeSupport where is my refund?' })));
    await listedCase(api, (c) => c.author.id === 'tok-2');
    await drained();
    const page = await get('/api/cases?status=open&limit=1');
    expect(page.status).toBe(200);
    issued = page.body.nextToken;
    expect(typeof issued).toBe('string');
  });

  const tampered = (): [string, string][] => {
    const decoded = JSON.parse(Buffer.from(issued, 'base64url').toString('utf8'));
    const key = (decoded.k ?? decoded.key ?? {}) as Record<string, unknown>;
    return [
      ['not base64 or JSON', '%%%not-a-token%%%'],
      ['JSON null', b64('null')],
      ['a JSON array', b64([])],
      ['a JSON string', b64('"s"')],
      ['a status index of the wrong type', b64({ s: '0' })],
      ['a fractional status index', b64({ s: 0.5 })],
      ['a status index out of range', b64({ s: 7 })],
      ['a key with only the index partition', b64({ s: 0, k: { GSI1PK: 'QUEUE#open' } })],
      ['a key with a nested object', b64({ s: 0, k: { PK: 'CASE#c_x', SK: 'META', GSI1PK: 'QUEUE#open', GSI1SK: { S: 'x' } } })],
      ['a key with numbers for strings', b64({ s: 0, k: { PK: 1, SK: 2, GSI1PK: 'QUEUE#open', GSI1SK: 3 } })],
      ['a key with an extra attribute', b64({ ...decoded, k: { ...key, status: 'open' } })],
      ['a key of another partition', b64({ ...decoded, k: { ...key, GSI1PK: 'QUEUE#resolved' } })],
      ['a key longer than DynamoDB allows', b64({ s: 0, k: { PK: 'CASE#c_x', SK: 'META', GSI1PK: 'QUEUE#open', GSI1SK: `1#${'9'.repeat(1400)}#c_x` } })],
      ['a key as an array', b64({ s: 0, k: [] })],
      ['the issued token with a character changed', issued.slice(0, -3) + (issued.at(-3) === 'A' ? 'B' : 'A') + issued.slice(-2)],
      ['the issued token cut short', issued.slice(0, Math.floor(issued.length / 2))],
    ];
  };

  it('answers 400, never 500, to a list token of any shape the API did not issue', async () => {
    const answers: Record<string, number> = {};
    for (const [what, token] of tampered()) answers[what] = (await get(`/api/cases?status=open&limit=1&nextToken=${encodeURIComponent(token)}`)).status;
    expect(answers).toEqual(Object.fromEntries(tampered().map(([what]) => [what, 400])));
    // An issued token for one status is not a token for another.
    expect((await get(`/api/cases?status=resolved&limit=1&nextToken=${encodeURIComponent(issued)}`)).status).toBe(400);
  });

  it('answers 400 to a timeline token it did not issue', async () => {
    const listed = await listedCase(api, (c) => c.author.id === 'tok-0');
    const first = await get(`/api/cases/${listed.id}?timelineLimit=1`);
    expect(first.status).toBe(200);
    issuedTimeline = first.body.timelineNextToken;
    expect(typeof issuedTimeline).toBe('string');
    const bad = ['%%%', b64('null'), b64({ sk: 'META' }), b64({ sk: 'PAGE#1#1#x#sms' }), b64({ sk: 5 }), b64({ sk: `T#${'x'.repeat(1400)}` }), issued];
    for (const token of bad) expect([token, (await get(`/api/cases/${listed.id}?timelineNextToken=${encodeURIComponent(token)}`)).status]).toEqual([token, 400]);
    for (const limit of ['0', '501', 'x', '1.5']) expect((await get(`/api/cases/${listed.id}?timelineLimit=${limit}`)).status).toBe(400);
  });

  it('still answers issued tokens and stays healthy', async () => {
    const next = await get(`/api/cases?status=open&limit=1&nextToken=${encodeURIComponent(issued)}`);
    expect(next.status).toBe(200);
    expect(next.body.items).toHaveLength(1);
    const listed = await listedCase(api, (c) => c.author.id === 'tok-0');
    expect((await get(`/api/cases/${listed.id}?timelineNextToken=${encodeURIComponent(issuedTimeline!)}`)).status).toBe(200);
    await expectHealthy(stack.url);
  });
});

describe('response sizes', () => {
  // Three bytes a character in UTF-8: 40,000 characters are 120 KB of JSON.
  const sentence = '注文した商品がまだ届きません。返金してください。';
  const longText = (n: number) => `${n} ${sentence.repeat(Math.ceil(MAX_TEXT_CHARS / sentence.length))}`.slice(0, MAX_TEXT_CHARS);
  const longName = (n: number) => `${n} ${'山田太郎'.repeat(2_500)}`;
  const review = (id: string, n: number, conversationId?: string) =>
    genericDelivery('reviews', {
      type: 'review.created',
      data: { id, text: longText(n), author: { id: `long-${conversationId ?? id}`, name: longName(n) }, createdAt: new Date().toISOString(), rating: 1, ...(conversationId ? { conversationId } : {}) },
    });
  const CASES = 55;
  const POSTS_IN_THREAD = 16;

  beforeAll(async () => {
    for (let n = 0; n < CASES; n++) expect((await post(stack.url, review(`long-${n}`, n))).status).toBe(200);
    for (let n = 0; n < POSTS_IN_THREAD; n++) expect((await post(stack.url, review(`thread-${n}`, n, 'long-thread'))).status).toBe(200);
    await drained();
  });

  it('lists 55 long cases in pages under the bound, every case exactly once, text cut short and marked', async () => {
    const seen: string[] = [];
    const sizes: number[] = [];
    let nextToken: string | undefined;
    do {
      const page = await get(`/api/cases?status=all&limit=500${nextToken ? `&nextToken=${encodeURIComponent(nextToken)}` : ''}`);
      expect(page.status).toBe(200);
      sizes.push(page.bytes);
      for (const item of page.body.items) {
        seen.push(item.id);
        expect(CaseSchema.omit({ timeline: true }).strict().safeParse(item).error).toBeUndefined();
      }
      nextToken = page.body.nextToken;
    } while (nextToken);
    expect(sizes.every((s) => s < RESPONSE_BOUND_BYTES)).toBe(true);
    // Names are shortened at intake (200 characters) and list texts cut to 500, so these 56 fit one page now; the page's
    // byte budget itself is exercised on the adapter (cases-store.test.ts), where items can be made any size.
    expect(sizes.reduce((a, b) => a + b, 0)).toBeLessThan(RESPONSE_BOUND_BYTES);
    expect(new Set(seen).size).toBe(seen.length);
    const long = await listedCaseIds((c) => String(c.author.id).startsWith('long-'));
    expect(long.size).toBe(CASES + 1);
    for (const id of long) expect(seen).toContain(id);
  });

  /** Ids of listed cases that `match`, read page by page (small pages, so each is cheap). */
  async function listedCaseIds(match: (c: any) => boolean): Promise<Set<string>> {
    const ids = new Set<string>();
    let nextToken: string | undefined;
    do {
      const page = await get(`/api/cases?status=all&limit=20${nextToken ? `&nextToken=${encodeURIComponent(nextToken)}` : ''}`);
      expect(page.status).toBe(200);
      expect(page.bytes).toBeLessThan(RESPONSE_BOUND_BYTES);
      for (const item of page.body.items) {
        if (!match(item)) continue;
        expect(item.text.length).toBeLessThan(1_000);
        expect(item.textTruncated).toBe(true);
        ids.add(item.id);
      }
      nextToken = page.body.nextToken;
    } while (nextToken);
    return ids;
  }

  it('shows a case whole on its own route, under the bound', async () => {
    const listed = await listedCase(api, (c) => c.author.id === 'long-long-7');
    const shown = await get(`/api/cases/${listed.id}`);
    expect(shown.status).toBe(200);
    expect(shown.bytes).toBeLessThan(RESPONSE_BOUND_BYTES);
    expect(shown.body.text).toBe(longText(7));
    expect(shown.body).not.toHaveProperty('textTruncated');
    expect(shown.body).not.toHaveProperty('timelineNextToken');
    expect(CaseSchema.safeParse(shown.body).error).toBeUndefined();
  });

  it('pages the timeline of a case with many long posts, every entry exactly once, each page under the bound', async () => {
    const listed = await listedCase(api, (c) => c.conversationId === 'reviews:long-thread');
    const entries: { at: string; type: string; data?: { eventId?: string } }[] = [];
    const sizes: number[] = [];
    let token: string | undefined;
    do {
      const page = await get(`/api/cases/${listed.id}${token ? `?timelineNextToken=${encodeURIComponent(token)}` : ''}`);
      expect(page.status).toBe(200);
      expect(page.body).toMatchObject({ id: listed.id, eventCount: POSTS_IN_THREAD });
      sizes.push(page.bytes);
      entries.push(...page.body.timeline);
      token = page.body.timelineNextToken;
    } while (token);
    expect(sizes.every((s) => s < RESPONSE_BOUND_BYTES)).toBe(true);
    expect(sizes.length).toBeGreaterThan(1);
    const posts = entries.filter((e) => e.type.startsWith('post')).map((e) => e.data?.eventId);
    expect(posts).toHaveLength(POSTS_IN_THREAD);
    expect(new Set(posts).size).toBe(POSTS_IN_THREAD);
    const keys = entries.map((e) => JSON.stringify(e));
    expect(new Set(keys).size).toBe(keys.length);
    // The first page is the latest activity; later pages go back in time.
    const firstPost = entries.findIndex((e) => e.type === 'post');
    expect(firstPost).toBeGreaterThan(entries.findIndex((e) => e.type === 'post-joined'));
  });

  it('the stack stays healthy', async () => {
    await expectHealthy(stack.url);
  });
});
