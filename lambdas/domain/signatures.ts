import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Webhook signature checks, one per scheme, over the raw bytes exactly as received (re-serialising JSON changes
 * Meta's escaped unicode and breaks the HMAC). Every comparison is constant-time on equal-length buffers.
 *
 * Hand-written rather than taken from the `standardwebhooks` package: that package computes SHA-256 in JavaScript
 * (fast-sha256), where node:crypto's native HMAC is several times faster on multi-megabyte bodies, and the three
 * schemes here differ only in encoding and signed content — about forty lines in all.
 */

function hmac(key: string | Buffer, data: Buffer | string, encoding: 'hex' | 'base64'): string {
  return createHmac('sha256', key).update(data).digest(encoding);
}

/** Constant-time string equality; unequal lengths return false without comparing. */
export function safeEqual(expected: string, received: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(received, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Meta `X-Hub-Signature-256: sha256=<lowercase hex>` keyed with the App Secret. */
export function verifyMetaSignature(rawBody: Buffer, header: string | undefined, appSecret: string): boolean {
  if (!header || !appSecret || !header.startsWith('sha256=')) return false;
  const received = header.slice('sha256='.length).trim().toLowerCase();
  return safeEqual(hmac(appSecret, rawBody, 'hex'), received);
}

/** Meta's GET handshake: echo `hub.challenge` only for mode `subscribe` and the configured verify token. */
export function metaHandshakeChallenge(
  query: Record<string, string | undefined>,
  verifyToken: string,
): string | undefined {
  const token = query['hub.verify_token'];
  const challenge = query['hub.challenge'];
  if (!verifyToken || query['hub.mode'] !== 'subscribe' || token === undefined || challenge === undefined) {
    return undefined;
  }
  return safeEqual(verifyToken, token) ? challenge : undefined;
}

/**
 * The crc_token shapes X sends: a UUID (older docs and samples) or base64url of one (logged from live CRC requests,
 * which also carry a `nonce`), so letters, digits, `-`, `_` and base64 padding, well under 128 characters.
 *
 * The CRC answer is the same HMAC, with the same key, as the `x-twitter-webhooks-signature` of a POST whose body equals
 * the token: answering any string would sign any delivery. No JSON object — the only body the X route accepts — can
 * be written in this alphabet, so a token of this shape can never double as a delivery.
 */
export const X_CRC_TOKEN = /^[A-Za-z0-9_-]{1,128}={0,2}$/;

export class CrcTokenRefused extends Error {
  override readonly name = 'CrcTokenRefused';
}

/**
 * X CRC answer: `sha256=` + base64 HMAC of the crc_token, keyed with the consumer secret. Refuses (throws) any token
 * not of X's shape, so no caller can turn the consumer secret into a signing oracle.
 */
export function xCrcResponseToken(crcToken: string, consumerSecret: string): string {
  if (!X_CRC_TOKEN.test(crcToken)) throw new CrcTokenRefused('crc_token is not of the shape X sends');
  return `sha256=${hmac(consumerSecret, crcToken, 'base64')}`;
}

/** X `x-twitter-webhooks-signature: sha256=<base64>` over the raw body. */
export function verifyXSignature(rawBody: Buffer, header: string | undefined, consumerSecret: string): boolean {
  if (!header || !consumerSecret || !header.startsWith('sha256=')) return false;
  return safeEqual(hmac(consumerSecret, rawBody, 'base64'), header.slice('sha256='.length).trim());
}

export type StandardWebhookVerdict =
  | { ok: true }
  | { ok: false; reason: 'missing-headers' | 'bad-timestamp' | 'stale-timestamp' | 'bad-signature' | 'bad-secret' };

export interface StandardWebhookInput {
  rawBody: Buffer;
  id: string | undefined;
  timestamp: string | undefined;
  signatureHeader: string | undefined;
  /** `whsec_` + base64; the HMAC key is the decoded bytes, not the string. */
  secret: string;
  nowSeconds: number;
  toleranceSeconds: number;
}

/** Decodes a `whsec_…` secret to its key bytes; undefined when it is not valid base64 of at least 16 bytes. */
export function decodeStandardWebhookSecret(secret: string): Buffer | undefined {
  const encoded = secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret;
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded)) return undefined;
  const key = Buffer.from(encoded, 'base64');
  return key.length >= 16 ? key : undefined;
}

/**
 * Standard Webhooks v1: HMAC-SHA256 over `${id}.${timestamp}.${body}`; the header may list several
 * space-separated `version,signature` pairs (key rotation) and any `v1` match is enough. Timestamps outside
 * the tolerance either way are refused, which bounds replays.
 */
export function verifyStandardWebhook(input: StandardWebhookInput): StandardWebhookVerdict {
  const { id, timestamp, signatureHeader } = input;
  if (!id || !timestamp || !signatureHeader) return { ok: false, reason: 'missing-headers' };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'bad-timestamp' };
  if (Math.abs(input.nowSeconds - Number(timestamp)) > input.toleranceSeconds) {
    return { ok: false, reason: 'stale-timestamp' };
  }
  const key = decodeStandardWebhookSecret(input.secret);
  if (!key) return { ok: false, reason: 'bad-secret' };
  const signedContent = Buffer.concat([Buffer.from(`${id}.${timestamp}.`, 'utf8'), input.rawBody]);
  const expected = hmac(key, signedContent, 'base64');
  // Check every v1 entry (no early exit), so timing does not reveal which entry matched.
  let matched = false;
  for (const entry of signatureHeader.split(' ')) {
    const comma = entry.indexOf(',');
    if (comma < 0 || entry.slice(0, comma) !== 'v1') continue;
    if (safeEqual(expected, entry.slice(comma + 1))) matched = true;
  }
  return matched ? { ok: true } : { ok: false, reason: 'bad-signature' };
}

/** Signs like a Standard Webhooks sender; used by tests, the bench and anyone wiring a new source. */
export function signStandardWebhook(secret: string, id: string, timestamp: number, rawBody: Buffer | string): string {
  const key = decodeStandardWebhookSecret(secret);
  if (!key) throw new Error('secret must be whsec_ followed by base64 of at least 16 bytes');
  return `v1,${hmac(key, Buffer.concat([Buffer.from(`${id}.${timestamp}.`), Buffer.from(rawBody)]), 'base64')}`;
}

/** Signs like Meta (tests, bench, local tools). */
export function signMeta(rawBody: Buffer | string, appSecret: string): string {
  return `sha256=${hmac(appSecret, Buffer.from(rawBody), 'hex')}`;
}

/** Signs like X (tests, bench, local tools). */
export function signX(rawBody: Buffer | string, consumerSecret: string): string {
  return `sha256=${hmac(consumerSecret, Buffer.from(rawBody), 'base64')}`;
}
