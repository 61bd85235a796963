/**
 * The intake routes driven from outside, over HTTP, against the local stack: real handler modules, the fauxqs SQS
 * emulator through the real SDK. Every status of the contract is exercised, and every rejected delivery is checked to
 * have queued nothing.
 */
import fc from 'fast-check';
import { request as httpRequest } from 'node:http';
import { SocialEventSchema } from '../../schemas/social-event';
import { type LocalStack, startLocalStack } from '../../local/stack';
import {
  DEV,
  facebookComment,
  facebookCommentBatch,
  genericDelivery,
  metaDelivery,
  post,
  whatsappMessages,
  xDelivery,
  xMention,
} from '../helpers/deliveries';
import { drainQueue } from '../helpers/queues';
import { expectHealthy } from '../helpers/local-stack';

let stack: LocalStack;
const queued = (waitForAtLeast = 0) => drainQueue(stack.endpoints.sqs, stack.queues.events.url, { waitForAtLeast, timeoutMs: 2000 });

beforeAll(async () => {
  process.env.WEBHOOK_SECRET_BLOG_PLATFORM = 'whsec_' + Buffer.from('blog-platform-secret-of-32-bytes').toString('base64');
  stack = await startLocalStack({ port: 0, consumers: false });
});
afterAll(async () => {
  delete process.env.WEBHOOK_SECRET_BLOG_PLATFORM;
  await stack?.stop();
});
afterEach(async () => {
  await queued();
});

describe('health', () => {
  it('is 200 once every component answers', async () => {
    const res = await fetch(`${stack.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', components: { dynamodb: 'ok', sqs: 'ok', ses: 'ok' } });
  });

  it('answers / with a small page of where to go: health, outbox, the SES inbox, the staff API, the docs', async () => {
    const res = await fetch(`${stack.url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await res.text();
    for (const href of [`${stack.url}/healthz`, `${stack.url}/_local/outbox`, `${stack.endpoints.ses}/`]) expect(html).toContain(`href="${href}"`);
    expect(html).toContain('/api/cases');
    expect(html).toContain('README.md');
    expect(html).toContain('docs/local.md');
    expect(html).not.toMatch(/<script/i);
    // The start page and the outbox (live ack and offer links) take the link pages' rules: no script, no framing.
    for (const page of [res, await fetch(`${stack.url}/_local/outbox`, { headers: { accept: 'text/html' } })]) {
      expect(page.headers.get('content-security-policy')).toBe("default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
      expect(page.headers.get('x-frame-options')).toBe('DENY');
      expect(page.headers.get('x-content-type-options')).toBe('nosniff');
      expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    }
  });

  it('shows the outbox as a page to a browser, and as JSON to a script', async () => {
    const page = await fetch(`${stack.url}/_local/outbox`, { headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } });
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await page.text()).toMatch(/<title>Outbox: \d+ SMS, \d+ emails<\/title>/);
    const json = await fetch(`${stack.url}/_local/outbox`);
    expect(json.headers.get('content-type')).toBe('application/json');
    expect(await json.json()).toEqual({ sms: expect.any(Array), email: expect.any(Array) });
  });

  it('answers 404 for routes API Gateway would not have', async () => {
    expect((await fetch(`${stack.url}/webhooks/tiktok`, { method: 'POST', body: '{}' })).status).toBe(404);
    expect((await fetch(`${stack.url}/webhooks/generic/reviews`)).status).toBe(404); // GET is not a route
  });
});

describe('Meta', () => {
  it('answers the verification handshake with the bare challenge', async () => {
    const q = new URLSearchParams({ 'hub.mode': 'subscribe', 'hub.challenge': '1158201444', 'hub.verify_token': DEV.metaVerifyToken });
    const res = await fetch(`${stack.url}/webhooks/meta?${q}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await res.text()).toBe('1158201444');
  });

  it('refuses the handshake with 403 for a wrong token', async () => {
    const q = new URLSearchParams({ 'hub.mode': 'subscribe', 'hub.challenge': '42', 'hub.verify_token': 'guess' });
    const res = await fetch(`${stack.url}/webhooks/meta?${q}`);
    expect(res.status).toBe(403);
    expect(await res.text()).not.toContain('42');
  });

  it('queues a signed Page comment as one SocialEvent and answers 200', async () => {
    const res = await post(stack.url, metaDelivery(facebookComment()));
    expect(res).toEqual({ status: 200, body: JSON.stringify({ accepted: 1 }) });
    const [message] = await queued(1);
    const event = SocialEventSchema.parse(message!.body);
    expect(event).toMatchObject({
      id: 'facebook:104857600000001_900000000000002_800000000000003',
      platform: 'facebook',
      kind: 'comment',
      text: 'My order #4411 arrived damaged',
      isEcho: false,
      author: { id: '6000000000000004', name: 'Dana Reyes' },
    });
    expect(message!.attributes).toEqual({ eventId: event.id, platform: 'facebook' });
    expect(Date.parse(event.receivedAt)).toBeGreaterThan(Date.now() - 10_000);
  });

  it('verifies escaped unicode over the raw bytes and keeps the decoded text', async () => {
    const raw = JSON.stringify(facebookComment({ text: 'caf\u00e9 was cold' })).replace('café', 'caf\\u00e9');
    expect(raw).toContain('caf\\u00e9');
    expect((await post(stack.url, metaDelivery(raw))).status).toBe(200);
    const [message] = await queued(1);
    expect((message!.body as { text: string }).text).toBe('café was cold');
  });

  it('marks the Page replying on its own post as an echo', async () => {
    const body = facebookComment({ fromId: '104857600000001', text: 'Sorry to hear that, we have sent you a DM' });
    expect((await post(stack.url, metaDelivery(body))).status).toBe(200);
    const [message] = await queued(1);
    expect(message!.body).toMatchObject({ isEcho: true });
  });

  it('splits a WhatsApp batch into one queued message per customer message', async () => {
    const res = await post(stack.url, metaDelivery(whatsappMessages(37)));
    expect(res.status).toBe(200);
    const messages = await queued(37);
    expect(messages).toHaveLength(37);
    expect(new Set(messages.map((m) => (m.body as { id: string }).id)).size).toBe(37);
  });

  it('queues a 5 MiB delivery of 16,000 comments in bundles on the bulk queue, each comment once, and answers 200', async () => {
    const res = await post(stack.url, metaDelivery(facebookCommentBatch(16_000, 'big')));
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ accepted: 16_000 });
    expect(await queued()).toHaveLength(0);
    const bundles = await drainQueue(stack.endpoints.sqs, stack.queues.bulk.url, { waitForAtLeast: 160, timeoutMs: 10_000 });
    const ids = bundles.flatMap((m) => (m.body as { bundle: { id: string }[] }).bundle.map((e) => e.id));
    expect(ids).toHaveLength(16_000);
    expect(new Set(ids).size).toBe(16_000);
    await expectHealthy(stack.url);
  });

  it('answers 200 and queues nothing for WhatsApp delivery statuses', async () => {
    const body = whatsappMessages(0);
    const value = body.entry[0]!.changes[0]!.value as Record<string, unknown>;
    delete value['messages'];
    value['statuses'] = [{ id: 'wamid.X', status: 'delivered', timestamp: '1718000500', recipient_id: '919800000001' }];
    expect(await post(stack.url, metaDelivery(body))).toEqual({ status: 200, body: '{"accepted":0}' });
    expect(await queued()).toHaveLength(0);
  });

  it.each([
    ['no signature', (d: ReturnType<typeof metaDelivery>) => delete d.headers['x-hub-signature-256']],
    ['a signature made with another secret', (d: ReturnType<typeof metaDelivery>) => (d.headers['x-hub-signature-256'] = metaDelivery(d.body, 'wrong').headers['x-hub-signature-256']!)],
    ['a body changed after signing', (d: ReturnType<typeof metaDelivery>) => (d.body = String(d.body).replace('damaged', 'fine'))],
  ])('answers 401 and queues nothing for %s', async (_label, tamper) => {
    const d = metaDelivery(facebookComment());
    tamper(d);
    const res = await post(stack.url, d);
    expect(res.status).toBe(401);
    expect(JSON.parse(res.body)).toEqual({ error: expect.stringContaining('X-Hub-Signature-256') });
    expect(await queued()).toHaveLength(0);
  });

  it.each([
    ['malformed JSON', '{"object":"page","entry":[{'],
    ['JSON that is not a Meta envelope', '{"hello":"world"}'],
    ['an entry list that is not a list', '{"object":"page","entry":"nope"}'],
  ])('answers 400 and queues nothing for a signed body with %s', async (_label, raw) => {
    const res = await post(stack.url, metaDelivery(raw));
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toHaveProperty('error');
    expect(res.body).not.toMatch(/at .*\.ts:\d+/); // no stack trace
    expect(await queued()).toHaveLength(0);
  });

  it('queues the good items of a batch and parks an invalid one on the DLQ for a person', async () => {
    const body = facebookComment({ commentId: '111' });
    const bad = structuredClone(body.entry[0]!.changes[0]!);
    delete (bad.value as Record<string, unknown>)['comment_id'];
    body.entry[0]!.changes.push(bad);
    const res = await post(stack.url, metaDelivery(body));
    expect(res).toEqual({ status: 200, body: '{"accepted":1,"parked":1}' });
    expect(await queued(1)).toHaveLength(1);
    const [parked] = await drainQueue(stack.endpoints.sqs, stack.queues.events.dlqUrl, { waitForAtLeast: 1 });
    expect(parked!.attributes).toEqual({ kind: 'invalid-item', platform: 'meta' });
    expect(parked!.body).toMatchObject({ kind: 'invalid-item', problem: expect.stringMatching(/comment_id is required/), item: { item: 'comment', verb: 'add' } });
  });

  it('parks an invalid item nested 5,000 deep (too deep to serialise as it is) and still answers 200', async () => {
    const good = JSON.stringify(facebookComment({ commentId: '112' }).entry[0]!.changes[0]);
    const deep = `${'['.repeat(5_000)}${']'.repeat(5_000)}`;
    const bad = `{"field":"feed","value":{"item":"comment","verb":"add","post_id":"1_2","comment_id":"1_2_3","parent_id":"1_2","from":{"id":"d1","name":"D"},"message":5,"created_time":1,"extra":${deep}}}`;
    const raw = `{"object":"page","entry":[{"id":"104857600000001","time":1718000000,"changes":[${good},${bad}]}]}`;
    expect(await post(stack.url, metaDelivery(raw))).toEqual({ status: 200, body: '{"accepted":1,"parked":1}' });
    expect(await queued(1)).toHaveLength(1);
    const [parked] = await drainQueue(stack.endpoints.sqs, stack.queues.events.dlqUrl, { waitForAtLeast: 1 });
    expect(JSON.stringify(parked!.body)).toContain('nested deeper than 64 levels');
  });

  it('parks a broken entry and queues the comment in the entry beside it', async () => {
    const body = facebookComment({ commentId: '113' }) as { entry: unknown[] };
    body.entry.push({ time: 1718000000, changes: null }, 'not an entry');
    expect(await post(stack.url, metaDelivery(body))).toEqual({ status: 200, body: '{"accepted":1,"parked":2}' });
    expect(await queued(1)).toHaveLength(1);
    expect(await drainQueue(stack.endpoints.sqs, stack.queues.events.dlqUrl, { waitForAtLeast: 2 })).toHaveLength(2);
  });

  it('answers 413 for a body over 5 MiB, and stays healthy', async () => {
    const huge = JSON.stringify({ object: 'page', entry: [], pad: 'x'.repeat(5 * 1024 * 1024) });
    const res = await post(stack.url, metaDelivery(huge));
    expect(res.status).toBe(413);
    expect(await queued()).toHaveLength(0);
    await expectHealthy(stack.url);
  });

  it('accepts a 3 MB WhatsApp-sized body', async () => {
    const body = whatsappMessages(1, 'long message '.repeat(1));
    (body as Record<string, unknown>)['pad'] = 'x'.repeat(3 * 1024 * 1024);
    expect((await post(stack.url, metaDelivery(body))).status).toBe(200);
    expect(await queued(1)).toHaveLength(1);
  });
});

describe('X', () => {
  it('answers the CRC with an HMAC of the token', async () => {
    const res = await fetch(`${stack.url}/webhooks/x?crc_token=abc123`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const { createHmac } = await import('node:crypto');
    const expected = 'sha256=' + createHmac('sha256', DEV.xConsumerSecret).update('abc123').digest('base64');
    expect(await res.json()).toEqual({ response_token: expected });
  });

  it('answers 400 to a CRC without a token', async () => {
    expect((await fetch(`${stack.url}/webhooks/x`)).status).toBe(400);
  });

  it('answers the token shape X sends today (base64url of a UUID, with a nonce beside it)', async () => {
    // As logged from a real X CRC request: crc_token=M2RkODJk…&nonce=MTc2…
    const res = await fetch(`${stack.url}/webhooks/x?crc_token=M2RkODJkZmMtYjlkYi00NmQ4LTk0MGUtM2JjYzkwM2Q4MjQ0&nonce=MTc2OTUxODI5MjkxNA`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { response_token: string }).response_token).toMatch(/^sha256=[A-Za-z0-9+/]{43}=$/);
  });

  it('is no signing oracle: a CRC answer for a delivery body cannot be replayed as its signature', async () => {
    // The attack: ask the CRC endpoint to "answer" a token equal to a forged delivery, then POST that delivery with
    // the answer as its x-twitter-webhooks-signature.
    const forged = JSON.stringify(xMention({ followers: 250_000, text: 'charger caught fire, calling my lawyer' }));
    const crc = await fetch(`${stack.url}/webhooks/x?crc_token=${encodeURIComponent(forged)}`);
    expect(crc.status).toBe(400);
    const body = await crc.text();
    expect(body).not.toContain('sha256=');
    const token = /"response_token":"([^"]+)"/.exec(body)?.[1] ?? 'sha256=none';
    const res = await fetch(`${stack.url}/webhooks/x`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-twitter-webhooks-signature': token },
      body: forged,
    });
    expect(res.status).toBe(401);
    expect(await queued()).toHaveLength(0);
  });

  it.each([
    ['JSON', '{"for_user_id":"1"}'],
    ['a JSON string', '"abc"'],
    ['spaces', 'a b c'],
    ['an over-long token', 'a'.repeat(129)],
    ['a non-ASCII token', 'tökén'],
  ])('refuses a CRC token that is %s with 400 and no HMAC', async (_label, token) => {
    const res = await fetch(`${stack.url}/webhooks/x?crc_token=${encodeURIComponent(token)}`);
    expect(res.status).toBe(400);
    expect(await res.text()).not.toContain('sha256=');
  });

  it('queues a signed mention with the author reach', async () => {
    expect((await post(stack.url, xDelivery(xMention({ followers: 254000 })))).status).toBe(200);
    const [message] = await queued(1);
    expect(message!.body).toMatchObject({
      id: 'x:1800000000000000002',
      platform: 'x',
      author: { id: '1600000000000000003', handle: 'leepark', followers: 254000 },
      isEcho: false,
    });
  });

  it("marks the brand's own tweet as an echo", async () => {
    const body = xMention({ userId: '1700000000000000001', text: '@leepark we are on it' });
    expect((await post(stack.url, xDelivery(body))).status).toBe(200);
    expect((await queued(1))[0]!.body).toMatchObject({ isEcho: true });
  });

  it('answers 401 for a bad signature and queues nothing', async () => {
    const d = xDelivery(xMention(), 'not-the-secret');
    expect((await post(stack.url, d)).status).toBe(401);
    expect(await queued()).toHaveLength(0);
  });

  it('answers 400 for a signed body that is not an Account Activity envelope', async () => {
    expect((await post(stack.url, xDelivery({ tweet_create_events: 'x' }))).status).toBe(400);
  });
});

describe('Standard Webhooks sources', () => {
  const review = (id = 'r-1001') => ({
    type: 'review.created',
    data: {
      id,
      text: 'Waited 40 minutes and the food was cold.',
      author: { id: 'u-77', name: 'Sam K' },
      createdAt: '2026-11-20T10:00:00Z',
      rating: 1,
      url: 'https://reviews.example/r-1001',
    },
  });

  it('queues a review from a source configured by its environment secret', async () => {
    const secret = process.env.WEBHOOK_SECRET_BLOG_PLATFORM!;
    expect((await post(stack.url, genericDelivery('blog-platform', review(), { secret }))).status).toBe(200);
    expect((await queued(1))[0]!.body).toMatchObject({ id: 'blog-platform:r-1001', platform: 'blog-platform', kind: 'review', rating: 1 });
  });

  it('queues a review from the default reviews source', async () => {
    expect((await post(stack.url, genericDelivery('reviews', review('r-2')))).status).toBe(200);
    expect((await queued(1))[0]!.body).toMatchObject({ id: 'reviews:r-2' });
  });

  it('answers 404 for a source with no secret, before looking at the signature', async () => {
    const res = await post(stack.url, genericDelivery('unknown-site', review()));
    expect(res.status).toBe(404);
    expect((await post(stack.url, { ...genericDelivery('../etc', review()), path: '/webhooks/generic/..%2Fetc' })).status).toBe(404);
  });

  it.each(['constructor', 'tostring', 'hasownproperty', 'valueof', 'isprototypeof', 'propertyisenumerable', 'tolocalestring'])(
    'answers 404 for a source named like an Object.prototype member (%s), and stays healthy',
    async (name) => {
      const res = await post(stack.url, genericDelivery(name, review()));
      expect(res.status).toBe(404);
      expect(await queued()).toHaveLength(0);
      await expectHealthy(stack.url);
    },
  );

  it('accepts when one of several signatures matches (key rotation)', async () => {
    const d = genericDelivery('reviews', review('r-3'));
    d.headers['webhook-signature'] = `v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA= ${d.headers['webhook-signature']}`;
    expect((await post(stack.url, d)).status).toBe(200);
    expect(await queued(1)).toHaveLength(1);
  });

  it.each([
    ['a timestamp 6 minutes old', { timestamp: Math.floor(Date.now() / 1000) - 360 }, /tolerance/],
    ['a timestamp 6 minutes ahead', { timestamp: Math.floor(Date.now() / 1000) + 360 }, /tolerance/],
    ['another source’s secret', { secret: 'whsec_' + Buffer.from('some-other-secret-32-bytes-long!').toString('base64') }, /signature/],
  ])('answers 401 for %s and queues nothing', async (_label, options, message) => {
    const res = await post(stack.url, genericDelivery('reviews', review(), options));
    expect(res.status).toBe(401);
    expect(JSON.parse(res.body).error).toMatch(message);
    expect(await queued()).toHaveLength(0);
  });

  it('answers 401 when the webhook-id header is missing', async () => {
    const d = genericDelivery('reviews', review());
    delete d.headers['webhook-id'];
    expect((await post(stack.url, d)).status).toBe(401);
  });

  it('answers 400 for a signed body that fails the schema', async () => {
    expect((await post(stack.url, genericDelivery('reviews', { type: 'review.created', data: { text: 'no id' } }))).status).toBe(400);
    expect((await post(stack.url, genericDelivery('reviews', 'not json'))).status).toBe(400);
    expect(await queued()).toHaveLength(0);
  });
});

describe('robustness', () => {
  it('never answers 5xx to any signed JSON body, and the stack stays healthy', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.json(), fc.string()), fc.constantFrom('meta', 'x', 'reviews'), async (raw, route) => {
        const d = route === 'meta' ? metaDelivery(raw) : route === 'x' ? xDelivery(raw) : genericDelivery('reviews', raw);
        const res = await post(stack.url, d);
        expect([200, 400]).toContain(res.status);
      }),
      { numRuns: 60 },
    );
    await expectHealthy(stack.url);
  });
});

describe('the local front', () => {
  /** A GET with a Host header of the caller's choosing (fetch will not let a page set one; a rebinding DNS name does). */
  const getWithHost = (path: string, host: string) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const { port } = new URL(stack.url);
      const req = httpRequest({ host: '127.0.0.1', port, path, headers: { host } }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString('utf8')));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      req.end();
    });

  it.each(['evil.example', 'evil.example:3000', '127.0.0.1.evil.example', 'localhost.evil.example'])(
    'refuses a request whose Host is %s (DNS rebinding could read the outbox and its link codes)',
    async (host) => {
      for (const path of ['/_local/outbox', '/healthz', '/api/cases', '/']) {
        const res = await getWithHost(path, host);
        expect(res.status).toBe(421);
        expect(res.body).not.toContain('"sms"');
      }
    },
  );

  it.each(['127.0.0.1', 'localhost', '[::1]'])('serves loopback hosts (%s, any port)', async (name) => {
    const { port } = new URL(stack.url);
    expect((await getWithHost('/_local/outbox', `${name}:${port}`)).status).toBe(200);
    expect((await getWithHost('/healthz', name)).status).toBe(200);
  });

  it.each(['/ack/%ZZ', '/offer/%E0%A4%A', '/api/cases/%'])('answers 400 for a malformed escape in the path (%s), and stays healthy', async (path) => {
    const res = await fetch(`${stack.url}${path}`);
    expect(res.status).toBe(400);
    await expectHealthy(stack.url);
  });
});
