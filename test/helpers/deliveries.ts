import { randomUUID } from 'node:crypto';
import { signMeta, signStandardWebhook, signX } from '../../lambdas/domain/signatures';

/**
 * Signed deliveries as each platform sends them, for integration tests and the bench. Secrets default to the local
 * stack's development values, so these work against `npm start` unchanged.
 */
export const DEV = {
  metaAppSecret: 'dev-meta-app-secret',
  metaVerifyToken: 'dev-meta-verify-token',
  xConsumerSecret: 'dev-x-consumer-secret',
  reviewsSecret: 'whsec_ZGV2LXJldmlld3Mtc2VjcmV0LTMyLWJ5dGVzLWxvbmchIQ==',
};

export interface Delivery {
  path: string;
  headers: Record<string, string>;
  body: string | Buffer;
}

/**
 * JSON as Meta writes it: every non-ASCII character escaped (`\ud83d\udc4d` for 👍, `\u00e9` for é) and `/` as
 * `\/`. The signature covers these bytes, not the decoded text.
 */
export function metaJson(body: unknown): string {
  return JSON.stringify(body)
    .replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replaceAll('/', '\\/');
}

export function metaDelivery(body: unknown, secret = DEV.metaAppSecret): Delivery {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  return {
    path: '/webhooks/meta',
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': signMeta(raw, secret) },
    body: raw,
  };
}

export function xDelivery(body: unknown, secret = DEV.xConsumerSecret): Delivery {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  return {
    path: '/webhooks/x',
    headers: { 'content-type': 'application/json', 'x-twitter-webhooks-signature': signX(raw, secret) },
    body: raw,
  };
}

export function genericDelivery(
  source: string,
  body: unknown,
  options: { secret?: string; id?: string; timestamp?: number } = {},
): Delivery {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  const id = options.id ?? `msg_${randomUUID()}`;
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  return {
    path: `/webhooks/generic/${source}`,
    headers: {
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': signStandardWebhook(options.secret ?? DEV.reviewsSecret, id, timestamp, raw),
    },
    body: raw,
  };
}

export async function post(baseUrl: string, d: Delivery): Promise<{ status: number; body: string }> {
  const res = await fetch(baseUrl + d.path, { method: 'POST', headers: d.headers, body: d.body });
  return { status: res.status, body: await res.text() };
}

const PAGE_ID = '104857600000001';

/** One Page `feed` change: a comment on the Page's post, in the documented shape. */
function feedComment(pageId: string, c: { commentId: string; fromId: string; fromName: string; text: string }) {
  const postId = `${pageId}_900000000000002`;
  return {
    field: 'feed',
    value: {
      item: 'comment',
      verb: 'add',
      post_id: postId,
      comment_id: `${postId}_${c.commentId}`,
      parent_id: postId,
      from: { id: c.fromId, name: c.fromName },
      message: c.text,
      created_time: 1717999990,
    },
  };
}

const pageDelivery = <C>(pageId: string, changes: C[]) => ({ object: 'page', entry: [{ id: pageId, time: 1718000000, changes }] });

/** A Facebook Page comment in the documented shape. */
export function facebookComment(opts: { commentId?: string; text?: string; fromId?: string; pageId?: string } = {}) {
  const pageId = opts.pageId ?? PAGE_ID;
  return pageDelivery(pageId, [
    feedComment(pageId, {
      commentId: opts.commentId ?? '800000000000003',
      fromId: opts.fromId ?? '6000000000000004',
      fromName: 'Dana Reyes',
      text: opts.text ?? 'My order #4411 arrived damaged',
    }),
  ]);
}

/**
 * One Page feed delivery carrying `count` comments (Meta batches changes for busy Pages; the 5 MiB body limit holds
 * about 17,000 of these), each by its own author on its own thread. `prefix` keeps ids apart between calls.
 */
export function facebookCommentBatch(count: number, prefix = 'b', text = (i: number) => `Still waiting on order ${i}`) {
  return pageDelivery(
    PAGE_ID,
    Array.from({ length: count }, (_, i) => feedComment(PAGE_ID, { commentId: `${prefix}${i}`, fromId: `${prefix}u${i}`, fromName: 'Sam', text: text(i) })),
  );
}

/** A WhatsApp Cloud API `messages` change from one customer (`waId`, profile `name`) carrying text `messages`. */
export function whatsappDelivery(waId: string, name: string, messages: { id: string; text: string; timestamp?: string }[]) {
  return whatsappMessagesOf(
    waId,
    name,
    messages.map((m) => ({ id: m.id, timestamp: m.timestamp ?? '1718000400', type: 'text', text: { body: m.text } })),
  );
}

/** A WhatsApp Cloud API `messages` change from one customer carrying messages of any type (`from` filled in). */
export function whatsappMessagesOf<M extends Record<string, unknown>>(waId: string, name: string, messages: M[]) {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '102290000000001',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '15550001111', phone_number_id: '106540000000002' },
              contacts: [{ profile: { name }, wa_id: waId }],
              messages: messages.map((m): M & { from: string } => ({ from: waId, ...m })),
            },
          },
        ],
      },
    ],
  };
}

/** WhatsApp Cloud API messages; `count` customer messages in one change. */
export function whatsappMessages(count: number, text = 'Order 8812 not delivered') {
  return whatsappDelivery(
    '919800000001',
    'Ravi Menon',
    Array.from({ length: count }, (_, i) => ({ id: `wamid.TEST${String(i).padStart(6, '0')}`, text: `${text} (${i})` })),
  );
}

/** An X mention in the Account Activity shape. */
export function xMention(opts: { id?: string; text?: string; userId?: string; followers?: number; forUserId?: string } = {}) {
  return {
    for_user_id: opts.forUserId ?? '1700000000000000001',
    tweet_create_events: [
      {
        created_at: 'Wed Jun 12 09:14:03 +0000 2024',
        id_str: opts.id ?? '1800000000000000002',
        text: opts.text ?? "@AcmeSupport my refund hasn't arrived",
        timestamp_ms: '1718183643000',
        user: {
          id_str: opts.userId ?? '1600000000000000003',
          name: 'Lee Park',
          screen_name: 'leepark',
          followers_count: opts.followers ?? 2310,
          verified: false,
        },
      },
    ],
  };
}
