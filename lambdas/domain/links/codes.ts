import { createHash, randomBytes } from 'node:crypto';

/**
 * Link codes, pure: the secret in `/ack/{code}` and `/offer/{code}` links sent by SMS and email.
 *
 * - A code is 32 random bytes (256 bits, well over the 128 the standards ask for) as base64url without padding: 43
 *   characters, safe in a URL path and an SMS.
 * - Only `hashCode(code)` (hex SHA-256) is ever stored, so a database read never yields a usable link. A plain hash is
 *   enough (no salt or slow KDF): the input is 256 random bits, not a password, so it cannot be guessed.
 * - Anything that is not exactly 43 base64url characters is rejected before any lookup.
 */

export type LinkKind = 'ack' | 'offer';

export interface LinkRecord {
  kind: LinkKind;
  caseId: string;
  /** When the code stops working (ISO 8601, UTC, as `Date#toISOString` writes it). */
  expiresAt: string;
  /** When it was redeemed (ISO); a code is redeemed at most once. */
  usedAt?: string;
  /** Who redeemed it (a staff id, or a role like `customer`). */
  usedBy?: string;
  /** Small non-personal context for the page, e.g. `{ tier: 2, round: 1 }`. Never PII. */
  data?: Record<string, string | number>;
}

export type LinkStatus = 'valid' | 'used' | 'expired' | 'unknown';

export const CODE_BYTES = 32;
export const CODE_LENGTH = 43;
const CODE_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function mintCode(random: (size: number) => Buffer = randomBytes): string {
  const bytes = random(CODE_BYTES);
  if (bytes.length !== CODE_BYTES) throw new Error(`random source returned ${bytes.length} bytes, expected ${CODE_BYTES}`);
  return bytes.toString('base64url');
}

export function hashCode(code: string): string {
  return createHash('sha256').update(code, 'utf8').digest('hex');
}

/** Exactly 43 base64url characters (no padding, no `+` or `/`, nothing else). */
export function isWellFormedCode(code: unknown): code is string {
  return typeof code === 'string' && CODE_PATTERN.test(code);
}

/**
 * Where a code stands at `now`. A used code stays `used` after its expiry (the page can say "already done"); a code
 * whose expiry cannot be read is treated as expired (fail closed). Expiry is exclusive: at `expiresAt` it is expired.
 */
export function linkStatus(record: LinkRecord | undefined, now: Date): LinkStatus {
  if (!record) return 'unknown';
  if (record.usedAt !== undefined) return 'used';
  const expires = Date.parse(record.expiresAt);
  if (!Number.isFinite(expires) || now.getTime() >= expires) return 'expired';
  return 'valid';
}
