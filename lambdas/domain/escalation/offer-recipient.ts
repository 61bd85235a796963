import { createHash } from 'node:crypto';
import { domainToASCII } from 'node:url';

/**
 * Who an offer email goes to, as the per-address limit counts it. An attacker who names someone else's address in
 * private messages from many accounts, spelled many ways, still reaches that person once per quiet window: the
 * address is normalised to the inbox it reaches, and only its hash is stored, never the address.
 *
 * - NFKC (full-width `＠` and letters become the plain ones; composed and decomposed accents are one spelling), then
 *   every invisible character is removed (zero-width space and joiners, soft hyphen, bidi controls, the BOM,
 *   variation selectors and other default-ignorable code points, controls, whitespace), and the rest lower-cased.
 * - The domain loses a trailing dot (`gmail.com.`) and goes to its ASCII (punycode) form with node:url's
 *   `domainToASCII`, so `bücher.de` and `xn--bcher-kva.de` are one domain.
 * - The mailbox loses quotes that quote nothing special (`"victim.two"@…`) and a `+tag` (one inbox for most providers).
 * - Gmail: `googlemail.com` is `gmail.com`, and dots in the mailbox are ignored (`v.i.c.t.i.m@gmail.com`).
 */

/** What no reader sees in an address: controls, format and other default-ignorable code points, whitespace. */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}\p{White_Space}]/gu;
/** Google's consumer mail domains: one service, dots in the mailbox ignored. */
const GMAIL = new Set(['gmail.com', 'googlemail.com']);

export function normaliseAddress(address: string): string {
  const a = String(address).normalize('NFKC').replace(INVISIBLE, '').toLowerCase().normalize('NFKC');
  const at = a.lastIndexOf('@');
  if (at < 1) return a;
  let mailbox = a.slice(0, at);
  let domain = a.slice(at + 1).replace(/\.+$/, '');
  if (/^"[^"\\@\s]+"$/.test(mailbox)) mailbox = mailbox.slice(1, -1);
  const plus = mailbox.indexOf('+');
  if (plus > 0) mailbox = mailbox.slice(0, plus);
  // '' for what is no domain name (an IP literal in brackets, stray characters): the lower-cased form is kept.
  const ascii = domainToASCII(domain);
  if (ascii) domain = ascii.replace(/\.+$/, '');
  if (GMAIL.has(domain)) {
    domain = 'gmail.com';
    mailbox = mailbox.replace(/\./g, '');
  }
  return `${mailbox}@${domain}`;
}

/** The key of the address's offer slot: SHA-256 of the normalised address, hex. */
export function recipientKey(address: string): string {
  return createHash('sha256').update(normaliseAddress(address)).digest('hex');
}

/** The UTC day an offer counts against the daily cap: `YYYY-MM-DD`. */
export const offerDay = (now: Date) => now.toISOString().slice(0, 10);
