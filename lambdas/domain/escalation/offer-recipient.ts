import { createHash } from 'node:crypto';

/**
 * Who an offer email goes to, as the per-address limit counts it. An attacker who names someone else's address in
 * private messages from many accounts, spelled many ways, still reaches that person once per quiet window: the
 * address is normalised — trimmed, lower-cased, a `+tag` dropped from the mailbox (one inbox for most providers) —
 * and only its hash is stored, never the address.
 */

export function normaliseAddress(address: string): string {
  const a = address.trim().toLowerCase();
  const at = a.lastIndexOf('@');
  if (at < 1) return a;
  const mailbox = a.slice(0, at);
  const plus = mailbox.indexOf('+');
  return `${plus > 0 ? mailbox.slice(0, plus) : mailbox}${a.slice(at)}`;
}

/** The key of the address's offer slot: SHA-256 of the normalised address, hex. */
export function recipientKey(address: string): string {
  return createHash('sha256').update(normaliseAddress(address)).digest('hex');
}

/** The UTC day an offer counts against the daily cap: `YYYY-MM-DD`. */
export const offerDay = (now: Date) => now.toISOString().slice(0, 10);
