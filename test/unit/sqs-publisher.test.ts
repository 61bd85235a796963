import type { SQSClient } from '@aws-sdk/client-sqs';
import fc from 'fast-check';
import { BULK_DELIVERY_EVENTS, BUNDLE_BYTES, createEventPublisher, EVENTS_PER_BUNDLE, parkable, PublishError, toBatches, toBundles, toQueueJson } from '../../lambdas/adapters/sqs-publisher';
import { SocialEventSchema, type SocialEvent } from '../../schemas/social-event';

const event = (i: number, text = 'hello'): SocialEvent =>
  SocialEventSchema.parse({
    id: `x:${i}`,
    platform: 'x',
    kind: 'mention',
    text,
    author: { id: 'u' },
    conversationId: 'x:thread:u',
    createdAt: '2026-11-23T12:00:00.000Z',
    receivedAt: '2026-11-23T12:00:00.000Z',
  });

/**
 * A stand-in SQS client recording SendMessageBatch calls and failing chosen entries. aws-sdk-client-mock is not
 * used: the publisher takes the client as a parameter, and the emulator cannot fail single entries on demand.
 */
function fakeSqs(failFor: (id: string, attempt: number) => { Code: string; SenderFault: boolean } | undefined) {
  const calls: { QueueUrl: string; Entries: { Id: string; MessageBody: string }[] }[] = [];
  const client = {
    send: async (command: { input: { QueueUrl: string; Entries: { Id: string; MessageBody: string }[] } }) => {
      calls.push(command.input);
      const attempt = calls.length;
      const Failed = command.input.Entries.flatMap((e) => {
        const f = failFor(e.Id, attempt);
        return f ? [{ Id: e.Id, ...f }] : [];
      });
      return { Successful: [], Failed };
    },
  } as unknown as SQSClient;
  return { client, calls };
}

describe('SQS event publisher', () => {
  it('sends ten entries per batch', () => {
    const batches = toBatches(Array.from({ length: 23 }, (_, i) => ({ Id: String(i), MessageBody: '{}' })));
    expect(batches.map((b) => b.length)).toEqual([10, 10, 3]);
  });

  it('starts a new batch before the 256 KiB batch limit', () => {
    const big = 'x'.repeat(100 * 1024);
    const batches = toBatches(Array.from({ length: 5 }, (_, i) => ({ Id: String(i), MessageBody: big })));
    expect(batches.map((b) => b.length)).toEqual([2, 2, 1]);
  });

  it('keeps a full-size 40,000-character event of emoji (escaped for the queue) to a batch that fits', () => {
    const batches = toBatches([event(1, '😀'.repeat(20_000))].map((e, i) => ({ Id: String(i), MessageBody: toQueueJson(e) })));
    expect(batches).toHaveLength(1);
    expect(Buffer.byteLength(batches[0]![0]!.MessageBody!)).toBeLessThan(250 * 1024);
  });

  it('retries the entries SQS reports as failed, and only those', async () => {
    const { client, calls } = fakeSqs((id, attempt) => (id === '3' && attempt === 1 ? { Code: 'ThrottlingException', SenderFault: false } : undefined));
    await createEventPublisher(client, { queueUrl: 'q', bulkQueueUrl: 'bulk', retryDelayMs: 0 })(Array.from({ length: 5 }, (_, i) => event(i)));
    expect(calls.map((c) => c.Entries.map((e) => e.Id))).toEqual([['0', '1', '2', '3', '4'], ['3']]);
  });

  it('fails when an entry keeps failing, so the webhook is not acknowledged', async () => {
    const { client } = fakeSqs((id) => (id === '0' ? { Code: 'InternalError', SenderFault: false } : undefined));
    await expect(createEventPublisher(client, { queueUrl: 'q', bulkQueueUrl: 'bulk', retryDelayMs: 0 })([event(1)])).rejects.toThrow(PublishError);
  });

  it('does not retry a sender fault', async () => {
    const { client, calls } = fakeSqs(() => ({ Code: 'InvalidMessageContents', SenderFault: true }));
    await expect(createEventPublisher(client, { queueUrl: 'q', bulkQueueUrl: 'bulk', retryDelayMs: 0 })([event(1)])).rejects.toThrow('InvalidMessageContents');
    expect(calls).toHaveLength(1);
  });
});

describe('toQueueJson', () => {
  it('fits the largest event a platform can make into one SQS message: a text of emoji and 20 attachments of the longest fields', () => {
    const emoji = '😡'.repeat(30_000); // cut to MAX_TEXT_CHARS by the normalisers; here the schema's own bound
    const longest = {
      type: 'image',
      caption: '🙂'.repeat(1_000),
      title: '🙂'.repeat(1_000),
      mediaId: 'm'.repeat(256),
      url: `https://example.com/${'a'.repeat(2_000)}`,
      refersTo: `https://example.com/${'b'.repeat(2_000)}`,
    };
    const event = SocialEventSchema.parse({
      id: `whatsapp:${'w'.repeat(240)}`,
      platform: 'whatsapp',
      kind: 'dm',
      text: emoji.slice(0, 40_000),
      author: { id: 'a'.repeat(256), name: '🙂'.repeat(500), handle: '🙂'.repeat(500), otherIds: ['b'.repeat(256), 'c'.repeat(256)] },
      conversationId: `whatsapp:dm:${'a'.repeat(256)}`,
      createdAt: '2026-12-07T00:00:00.000Z',
      receivedAt: '2026-12-07T00:00:00.000Z',
      url: `https://example.com/${'u'.repeat(2_000)}`,
      inReplyTo: `whatsapp:${'r'.repeat(250)}`,
      attachments: Array.from({ length: 25 }, () => longest),
      revision: { action: 'edited', of: `whatsapp:${'o'.repeat(250)}` },
    });
    expect(event.attachments).toHaveLength(20);
    expect(Buffer.byteLength(toQueueJson(event), 'utf8')).toBeLessThan(256 * 1024);
  });

  // What SQS accepts in a message body (its documented character set); the local emulator also refuses U+10000 and up.
  const SQS_ALLOWED = /^[\t\n\r\u0020-\ud7ff\ue000-\ufffd]*$/;

  it('reads back as the same value, whatever the text, and uses only characters SQS and its emulator accept', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), fc.string({ unit: 'grapheme', maxLength: 50 }), (text, name) => {
        const value = { text, author: { name } };
        const body = toQueueJson(value);
        expect(body).toMatch(SQS_ALLOWED);
        expect(JSON.parse(body)).toEqual(value);
      }),
    );
  });

  it('escapes emoji and the noncharacters, and leaves accented and CJK text as it is', () => {
    expect(toQueueJson({ t: '👍' })).toBe('{"t":"\\ud83d\\udc4d"}');
    expect(toQueueJson({ t: 'a\ufffeb\uffff' })).toBe('{"t":"a\\ufffeb\\uffff"}');
    expect(toQueueJson({ t: 'ça 日本' })).toBe('{"t":"ça 日本"}');
  });
});

describe('big deliveries', () => {
  const publisher = (client: SQSClient, deadlineMs?: number) => createEventPublisher(client, { queueUrl: 'q', bulkQueueUrl: 'bulk', retryDelayMs: 0, deadlineMs });

  it(`queues a delivery of up to ${BULK_DELIVERY_EVENTS} events one message each on the events queue`, async () => {
    const { client, calls } = fakeSqs(() => undefined);
    await publisher(client)(Array.from({ length: BULK_DELIVERY_EVENTS }, (_, i) => event(i)));
    expect(new Set(calls.map((c) => c.QueueUrl))).toEqual(new Set(['q']));
    expect(calls.flatMap((c) => c.Entries)).toHaveLength(BULK_DELIVERY_EVENTS);
  });

  it('packs a bigger delivery into bundles on the bulk queue: every event once, in order, few calls', async () => {
    const { client, calls } = fakeSqs(() => undefined);
    const events = Array.from({ length: 35_000 }, (_, i) => event(i, `comment number ${i} about the outage 😡`));
    await publisher(client)(events);
    expect(new Set(calls.map((c) => c.QueueUrl))).toEqual(new Set(['bulk']));
    const bundles = calls.flatMap((c) => c.Entries).map((e) => JSON.parse(e.MessageBody) as { bundle: SocialEvent[] });
    expect(bundles.flatMap((b) => b.bundle.map((e) => e.id))).toEqual(events.map((e) => e.id));
    for (const b of bundles) expect(b.bundle.length).toBeLessThanOrEqual(EVENTS_PER_BUNDLE);
    expect(calls.length).toBeLessThanOrEqual(Math.ceil(35_000 / EVENTS_PER_BUNDLE / 10) + 5);
  });

  it('keeps bundles under their byte bound, an over-size event alone', () => {
    const events = [event(1, 'a'.repeat(30_000)), event(2), event(3, 'b'.repeat(10_000)), event(4, 'c'.repeat(10_000)), event(5, 'd'.repeat(10_000))];
    const bundles = toBundles(events).map((b) => ({ bytes: Buffer.byteLength(b), ids: (JSON.parse(b) as { bundle: SocialEvent[] }).bundle.map((e) => e.id) }));
    expect(bundles[0]!.ids).toEqual(['x:1']);
    for (const b of bundles.slice(1)) expect(b.bytes).toBeLessThanOrEqual(BUNDLE_BYTES + 20);
    expect(bundles.flatMap((b) => b.ids)).toEqual(events.map((e) => e.id));
  });

  it('gives up at its deadline rather than let the function time out (the webhook answers 503, the platform retries)', async () => {
    const aborted: string[] = [];
    const client = {
      send: (_command: unknown, options?: { abortSignal?: AbortSignal }) =>
        new Promise((_resolve, reject) => {
          options?.abortSignal?.addEventListener('abort', () => {
            aborted.push('call');
            reject(Object.assign(new Error('aborted'), { name: 'AbortError' }));
          });
        }),
    } as unknown as SQSClient;
    await expect(publisher(client, 50)([event(1), event(2)])).rejects.toThrow(PublishError);
    expect(aborted.length).toBeGreaterThan(0);
  });
});

describe('parkable', () => {
  it('keeps an ordinary item as it is', () => {
    expect(parkable({ a: [1, { b: 'ç😀' }] })).toEqual({ a: [1, { b: 'ç😀' }] });
  });

  it('bounds an item nested 5,000 deep (serialising it would overflow the stack), marking what it cut', () => {
    let deep: unknown = 'bottom';
    for (let i = 0; i < 5_000; i++) deep = [deep];
    expect(() => JSON.stringify({ deep })).toThrow(RangeError);
    const parked = JSON.stringify(parkable({ deep }));
    expect(parked).toContain('[nested deeper than 64 levels]');
  });

  it('cuts an item whose escaped message would be too big for SQS, keeping the start of its JSON', () => {
    const item = { message: '😀'.repeat(150_000) };
    const parked = parkable(item) as { truncatedJson: string };
    expect(parked.truncatedJson.startsWith('{"message":"😀')).toBe(true);
    expect(Buffer.byteLength(toQueueJson({ kind: 'invalid-item', item: parked }))).toBeLessThan(250 * 1024);
  });

  it('copies a __proto__ key as data, never as a prototype', () => {
    const item = JSON.parse('{"__proto__": {"polluted": true}, "x": 1}') as object;
    const parked = parkable(item) as Record<string, unknown>;
    expect(Object.getPrototypeOf(parked)).toBe(Object.prototype);
    expect(JSON.parse(JSON.stringify(parked))).toEqual(JSON.parse('{"__proto__": {"polluted": true}, "x": 1}'));
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});
