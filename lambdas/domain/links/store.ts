import { hashCode, isWellFormedCode, type LinkKind, type LinkRecord, linkStatus, type LinkStatus, mintCode } from './codes';

/**
 * The link-code use cases and their port. The store only ever sees the hash of a code; the plain code leaves
 * `issueLink` once, to be put in the message, and is never kept.
 *
 * GET (`peekLink`) never writes, so link scanners in mail and SMS clients that open links cannot use them up.
 * POST (`redeemLink`) uses a code exactly once, atomically in the store.
 */

export type RedeemOutcome = 'redeemed' | 'used' | 'expired' | 'unknown';

export interface LinkCodeStore {
  /** Stores a new code's record under its hash; never overwrites an existing one. */
  put(hash: string, record: LinkRecord): Promise<void>;
  get(hash: string): Promise<LinkRecord | undefined>;
  /**
   * Marks the code used at `at` (ISO) by `by`, atomically: only if it exists, is unused and `at` is before its
   * expiry. Of concurrent calls exactly one gets 'redeemed'.
   */
  redeem(hash: string, at: string, by: string): Promise<RedeemOutcome>;
}

export interface IssuedLink {
  /** The plain code for the link. Returned only here; it is not stored anywhere. */
  code: string;
  expiresAt: string;
}

export async function issueLink(
  store: LinkCodeStore,
  kind: LinkKind,
  caseId: string,
  ttlSeconds: number,
  now: Date,
  data?: Record<string, string | number>,
): Promise<IssuedLink> {
  if (!Number.isFinite(ttlSeconds) || ttlSeconds <= 0) throw new RangeError(`ttlSeconds must be a positive number, got ${ttlSeconds}`);
  if (!caseId) throw new RangeError('caseId is required');
  const code = mintCode();
  const expiresAt = new Date(now.getTime() + ttlSeconds * 1000).toISOString();
  await store.put(hashCode(code), { kind, caseId, expiresAt, ...(data ? { data: { ...data } } : {}) });
  return { code, expiresAt };
}

export interface LinkView {
  status: LinkStatus;
  /** Present whenever the code is known (also when used or expired, so the page can say what it was for). */
  record?: LinkRecord;
}

/** For GET: where the code stands. Never writes. A malformed code is 'unknown' without a lookup. */
export async function peekLink(store: LinkCodeStore, code: string, now: Date): Promise<LinkView> {
  if (!isWellFormedCode(code)) return { status: 'unknown' };
  const record = await store.get(hashCode(code));
  return record ? { status: linkStatus(record, now), record } : { status: 'unknown' };
}

export interface RedeemResult {
  status: RedeemOutcome;
  /**
   * The code's record whenever the code is known, for the handler to act on (`caseId`, `data`). On 'redeemed' it
   * carries this call's `usedAt`/`usedBy`; on a lost race it is the record as read before the write.
   */
  record?: LinkRecord;
}

/**
 * For POST: uses the code once. `expectedKind`, when given, makes a code of another kind 'unknown' without using it
 * up (an ack code posted to `/offer/...` does nothing). The store's conditional write decides the race; the read
 * before it only supplies the record and saves a write for codes already used, expired or unknown. `by` may be
 * derived from that record (the ack page names the contact the code was issued to), so callers need no read of their own.
 */
export async function redeemLink(
  store: LinkCodeStore,
  code: string,
  now: Date,
  by: string | ((record: LinkRecord) => string),
  expectedKind?: LinkKind,
): Promise<RedeemResult> {
  if (!isWellFormedCode(code)) return { status: 'unknown' };
  const hash = hashCode(code);
  const record = await store.get(hash);
  if (!record || (expectedKind !== undefined && record.kind !== expectedKind)) return { status: 'unknown' };
  const before = linkStatus(record, now);
  if (before !== 'valid') return { status: before, record };
  const at = now.toISOString();
  const usedBy = typeof by === 'function' ? by(record) : by;
  const status = await store.redeem(hash, at, usedBy);
  return { status, record: status === 'redeemed' ? { ...record, usedAt: at, usedBy } : record };
}
