/**
 * The intake use case with its ports passed in: the failures no emulator produces on demand (the secret store or the
 * queue being down) must end in a 503 the platform will retry, never in a 200 or a thrown error.
 */
import { handleGenericWebhook, handleMetaWebhook, handleXWebhook, type IntakePorts, type WebhookRequest } from '../../lambdas/domain/intake';
import { signMeta, signStandardWebhook, signX } from '../../lambdas/domain/signatures';
import type { SocialEvent } from '../../schemas/social-event';
import { facebookComment, xMention } from '../helpers/deliveries';

const secrets = {
  metaAppSecret: 'meta-secret',
  metaVerifyToken: 'verify',
  xConsumerSecret: 'x-secret',
  webhookSecrets: { reviews: 'whsec_' + Buffer.from('0123456789abcdef0123456789abcdef').toString('base64') },
};
const NOW = new Date('2026-11-23T12:00:00.000Z');

function ports(overrides: Partial<IntakePorts> = {}): IntakePorts & { published: SocialEvent[]; parked: unknown[] } {
  const published: SocialEvent[] = [];
  const parked: { problem: string }[] = [];
  return {
    published,
    parked,
    secrets: async () => secrets,
    publish: async (events) => {
      published.push(...events);
    },
    park: async (items) => {
      parked.push(...items);
    },
    now: () => NOW,
    ...overrides,
  };
}

function request(raw: string, headers: Record<string, string>, pathParams: Record<string, string> = {}): WebhookRequest {
  return { method: 'POST', headers, query: {}, pathParams, rawBody: Buffer.from(raw) };
}

const metaRequest = (raw = JSON.stringify(facebookComment())) => request(raw, { 'x-hub-signature-256': signMeta(raw, secrets.metaAppSecret) });

describe('intake use case', () => {
  it('publishes every event before answering 200, stamped with the receive time', async () => {
    const p = ports();
    const { response, outcome } = await handleMetaWebhook(metaRequest(), p);
    expect(response.statusCode).toBe(200);
    expect(p.published).toHaveLength(1);
    expect(p.published[0]!.receivedAt).toBe(NOW.toISOString());
    expect(outcome).toMatchObject({ result: 'accepted', eventIds: [p.published[0]!.id], echoes: 0 });
  });

  it('answers 503 (so the platform retries) when the queue refuses the events', async () => {
    const p = ports({ publish: async () => Promise.reject(Object.assign(new Error('down'), { name: 'QueueDoesNotExist' })) });
    const { response, outcome } = await handleMetaWebhook(metaRequest(), p);
    expect(response.statusCode).toBe(503);
    expect(outcome).toMatchObject({ result: 'unavailable', reason: 'queue: QueueDoesNotExist' });
  });

  it.each([
    ['Meta', () => handleMetaWebhook(metaRequest(), ports({ secrets: () => Promise.reject(new Error('throttled')) }))],
    ['X', () => handleXWebhook({ method: 'GET', headers: {}, query: { crc_token: 'a' }, pathParams: {}, rawBody: Buffer.alloc(0) }, ports({ secrets: () => Promise.reject(new Error('x')) }))],
    ['generic', () => handleGenericWebhook(request('{}', {}, { source: 'reviews' }), ports({ secrets: () => Promise.reject(new Error('x')) }))],
  ])('answers 503 when the %s secrets cannot be read', async (_label, run) => {
    const { response } = await run();
    expect(response.statusCode).toBe(503);
    expect(response.body).not.toMatch(/throttled/);
  });

  it('answers 413 before checking the signature of an oversized body', async () => {
    const raw = 'x'.repeat(5 * 1024 * 1024 + 1);
    const { response } = await handleXWebhook(request(raw, { 'x-twitter-webhooks-signature': signX(raw, secrets.xConsumerSecret) }), ports());
    expect(response.statusCode).toBe(413);
  });

  it('answers 200 with nothing published for a delivery of ignored items', async () => {
    const raw = JSON.stringify({ for_user_id: '1', favorite_events: [{ id: 'f' }] });
    const p = ports();
    const { response } = await handleXWebhook(request(raw, { 'x-twitter-webhooks-signature': signX(raw, secrets.xConsumerSecret) }), p);
    expect(response.statusCode).toBe(200);
    expect(p.published).toHaveLength(0);
  });

  it('checks the generic signature against the clock port', async () => {
    const raw = JSON.stringify({ type: 'review.created', data: { id: 'r1', text: 'ok', author: { id: 'a' }, createdAt: '2026-11-23T11:00:00Z' } });
    const ts = Math.floor(NOW.getTime() / 1000);
    const headers = (t: number) => ({ 'webhook-id': 'm1', 'webhook-timestamp': String(t), 'webhook-signature': signStandardWebhook(secrets.webhookSecrets.reviews, 'm1', t, raw) });
    expect((await handleGenericWebhook(request(raw, headers(ts - 299), { source: 'reviews' }), ports())).response.statusCode).toBe(200);
    expect((await handleGenericWebhook(request(raw, headers(ts - 301), { source: 'reviews' }), ports())).response.statusCode).toBe(401);
  });

  describe('an item that fails its schema', () => {
    const mixed = () => {
      const body = facebookComment();
      const good = body.entry[0]!.changes[0]!;
      const bad = { field: 'feed', value: { ...good.value, comment_id: undefined } };
      body.entry[0]!.changes.push(bad as never);
      return JSON.stringify(body);
    };

    it('is parked while the rest of its delivery is queued, and the platform gets 200', async () => {
      const p = ports();
      const { response, outcome } = await handleMetaWebhook(metaRequest(mixed()), p);
      expect(response).toMatchObject({ statusCode: 200, body: '{"accepted":1,"parked":1}' });
      expect(p.published).toHaveLength(1);
      expect(p.parked).toEqual([
        { platform: 'meta', problem: expect.stringContaining('entry[0].changes[1].value.comment_id'), item: expect.objectContaining({ item: 'comment' }), receivedAt: NOW.toISOString() },
      ]);
      expect(outcome).toMatchObject({ parked: 1 });
    });

    it('makes the delivery a 400 when nothing in it is usable', async () => {
      const body = facebookComment();
      delete (body.entry[0]!.changes[0]!.value as Record<string, unknown>)['comment_id'];
      const p = ports();
      const { response } = await handleMetaWebhook(metaRequest(JSON.stringify(body)), p);
      expect(response.statusCode).toBe(400);
      expect(JSON.parse(response.body).error).toMatch(/comment_id/);
      expect(p.published).toHaveLength(0);
      expect(p.parked).toHaveLength(0);
    });

    it('answers 503 when it cannot be parked, so nothing is silently dropped', async () => {
      const p = ports({ park: () => Promise.reject(new Error('dlq down')) });
      expect((await handleMetaWebhook(metaRequest(mixed()), p)).response.statusCode).toBe(503);
    });
  });

  it('answers 404 for a source name that is not a slug', async () => {
    expect((await handleGenericWebhook(request('{}', {}, { source: 'Reviews!' }), ports())).response.statusCode).toBe(404);
  });

  it('never puts event text in the outcome it logs', async () => {
    const raw = JSON.stringify(xMention({ text: 'call me on 07700 900123' }));
    const { outcome } = await handleXWebhook(request(raw, { 'x-twitter-webhooks-signature': signX(raw, secrets.xConsumerSecret) }), ports());
    expect(JSON.stringify(outcome)).not.toContain('07700');
  });
});
