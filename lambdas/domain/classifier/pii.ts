import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { PiiType } from '../../../schemas/classification';

/**
 * Personal information in a post (docs/labels.md, label `pii`): e-mail addresses, phone numbers, payment card
 * numbers, street addresses, bank details (an IBAN, or an account number with its sort code or routing number) and
 * national ids (US Social Security number, UK National Insurance number). Order numbers, booking references,
 * flight and tracking numbers are not PII. The same detector runs on an author's display name and handle
 * (`redactAuthor`) and on what staff type into notes.
 *
 * `detectPii` returns the types found (unique, in the order email, phone, card, address, bank, national_id), the
 * matched spans (UTF-16 offsets into the input, sorted, never overlapping: overlapping detections are merged and
 * take the type of the strongest one, card > bank > national_id > email > phone > address) and a readable
 * redacted copy in which each span is replaced by `[email]`, `[phone]`, `[card]`, `[address]`, `[bank]` or
 * `[national_id]`. The labels contain no digit and no '@', so redacting a redacted text finds nothing.
 *
 * Order of work: invisible characters (zero-width space, soft hyphen...) are set aside, with a map back to the
 * input. Text without a digit and without '@' returns at once (most posts). Otherwise the scan runs on a copy in
 * which other scripts' digits are ASCII, every Unicode space (and tab) a space, line separators a newline, every dash
 * '-' and the full-width separators ASCII, one code unit for one, so offsets stay the input's. E-mails are found
 * first, then bank details and national ids, then card numbers (Luhn) and phone numbers on a copy in which e-mails,
 * URLs, dates, times, prices and what was already found are blanked out (IBAN-like codes too, for phone numbers),
 * then street addresses; a post with PII is scanned once more after redaction. Every regex is linear (no nested
 * unbounded repetition) and none is built from the input.
 *
 * Speed (Node 20, warm, one thread on a loaded 2-core host): ~110-220k posts/s on the dev posts (2/3 hold a digit
 * or '@'), ~50-90k posts/s on the PII-heavy test fixtures, i.e. 30,000 posts in 0.15-0.65 s. Bank details,
 * national ids and the invisible-character pass cost about 13% on the fixtures, measured side by side with the
 * detector before them; each new scan is behind a quick filter. The second review's changes (Unicode e-mail
 * boundaries, every card separator, glued card numbers) cost about 10% more again, measured the same way. The
 * first call on each path compiles its regexes (~10 ms). `npm run bench` reports the current figure (PII detector
 * row).
 *
 * Known limits: addresses without a house number or street type ("Flat 4", "House 14, Road 7, Dhanmondi"),
 * CJK street addresses, phone numbers spelled with letters ("1-800-FLOWERS") or words ("oh seven seven..."),
 * 7-8 digit local numbers without a contact word ("555-0199"); digits written as keycap emoji or circled numbers;
 * and an order or booking number that happens to pass Luhn with a card issuer's prefix and length (about 1 in 10 of
 * those shapes) is taken for a card, whatever its label or the word glued to it, as is a list of 3-6 digit numbers
 * with one separator whose 13-19 digits happen to read as a card.
 */

export type { PiiType } from '../../../schemas/classification';

export interface PiiMatch {
  type: PiiType;
  /** UTF-16 offsets into the input: text.slice(start, end) is the personal information. */
  start: number;
  end: number;
}

export interface PiiResult {
  types: PiiType[];
  matches: PiiMatch[];
  redactedText: string;
}

const TYPE_ORDER: readonly PiiType[] = ['email', 'phone', 'card', 'address', 'bank', 'national_id'];
/** Which type names a merged span when detections overlap. */
const PRIORITY: Record<PiiType, number> = { card: 6, bank: 5, national_id: 4, email: 3, phone: 2, address: 1 };

// ---------------------------------------------------------------------------------------------------------------
// Normalisation: other scripts' digits and full-width forms become ASCII, every kind of space a plain space, line
// and paragraph separators a newline, dashes '-', and the full-width and typographic forms of the other
// separators ('/', ',', '_', '.') their ASCII selves, one code unit for one code unit, so every offset found on the
// normalised copy is an offset into the input (all of these are single UTF-16 code units).

const DIGIT_ZEROS = [0x0660, 0x06f0, 0x07c0, 0x0966, 0x09e6, 0x0a66, 0x0ae6, 0x0b66, 0x0be6, 0x0c66, 0x0ce6, 0x0d66, 0x0de6, 0x0e50, 0x0ed0, 0x0f20, 0x1040, 0x17e0, 0x1810, 0xff10];
const FORMS_CLASS =
  '[\u0660-\u0669\u06f0-\u06f9\u07c0-\u07c9\u0966-\u096f\u09e6-\u09ef\u0a66-\u0a6f\u0ae6-\u0aef\u0b66-\u0b6f\u0be6-\u0bef\u0c66-\u0c6f\u0ce6-\u0cef\u0d66-\u0d6f\u0de6-\u0def\u0e50-\u0e59\u0ed0-\u0ed9\u0f20-\u0f29\u1040-\u1049\u17e0-\u17e9\u1810-\u1819\uff10-\uff19' +
  '\uff0b\uff0d\uff08\uff09\uff20\uff0e\uff0c\uff0f\uff3f' + // full-width + - ( ) @ . , / _
  '\t\v\f\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000' + // tab and the other spaces (Unicode Zs)
  '\u2028\u2029' + // line and paragraph separators
  '\u2010-\u2015\u2212\ufe58\ufe63' + // hyphens, dashes, minus sign
  '\u2044\u2215\u00b7\u2024\u2027]'; // fraction and division slashes, middle dot, one-dot leader, hyphenation point
const FORM = new RegExp(FORMS_CLASS);
const FORMS = new RegExp(FORMS_CLASS, 'g');

function normaliseChar(ch: string): string {
  const cp = ch.charCodeAt(0);
  for (const zero of DIGIT_ZEROS) if (cp >= zero && cp <= zero + 9) return String(cp - zero);
  switch (cp) {
    case 0xff0b: return '+';
    case 0xff08: return '(';
    case 0xff09: return ')';
    case 0xff20: return '@';
    case 0xff0e: case 0x00b7: case 0x2024: case 0x2027: return '.';
    case 0xff0c: return ',';
    case 0xff0f: case 0x2044: case 0x2215: return '/';
    case 0xff3f: return '_';
    case 0x2028: case 0x2029: return '\n';
    case 0xff0d: case 0x2212: case 0xfe58: case 0xfe63: return '-';
    default:
      return cp >= 0x2010 && cp <= 0x2015 ? '-' : ' '; // hyphens and dashes; every other one is a space
  }
}

/** Digits in any script, '@' (also full-width) or a bracketed "at": anything PII needs at least one of these. */
const MAY_HOLD_PII = /[\p{Nd}@\uff20]|[[(]\s?at\s?[\])]|\sdot\s/iu;

// ---------------------------------------------------------------------------------------------------------------
// E-mail: RFC 5322 "dot-atom" local part, internationalised (RFC 6531: letters, marks and digits of any script, so
// "jörg@bücher.de" and "иван@пример.рф" are addresses), dotted domain with a TLD of letters (IDN domains and
// TLDs, or their xn-- form). `@handle` has no local part and `name@` no domain, so neither matches.
// Where an address starts is decided on letters of any script: a local part never starts right after a letter,
// digit or mark of its own kind, so "jörg@..." is found whole and never as "rg@...". Scripts written without spaces
// (Chinese, Japanese, Thai, ...) run straight into an address in another script ("メールはtaro@example.jpです"),
// so a local part is either in such a script or in none of them, never both.
// Also the common obfuscations "name [at] example [dot] com" and "name at example dot com"; the spoken form
// needs a usual top-level domain after the last "dot" (it also takes "look at acme dot com", which is rare in
// care posts and cheap to over-redact).

const NO_SPACE_SCRIPTS = ['Han', 'Hiragana', 'Katakana', 'Hangul', 'Thai', 'Lao', 'Khmer', 'Myanmar'].map((s) => `\\p{Script_Extensions=${s}}`).join('');
/** A letter, mark or digit of a script written with spaces (Latin, Cyrillic, Greek, Arabic, Devanagari, ...). */
const SPACED_CHAR = `(?![${NO_SPACE_SCRIPTS}])[\\p{L}\\p{M}\\p{N}]`;
/** A letter or mark of a script written without spaces. */
const UNSPACED_CHAR = `(?=[\\p{L}\\p{M}])[${NO_SPACE_SCRIPTS}]`;
const LOCAL_SPACED = `(?<!${SPACED_CHAR}|[._%+\\-'])(?:${SPACED_CHAR}|[_%])(?:(?:${SPACED_CHAR}|[._%+\\-']){0,63}(?:${SPACED_CHAR}|[_%+\\-']))?`;
const LOCAL_UNSPACED = `(?<!${UNSPACED_CHAR}|[._%+\\-'])${UNSPACED_CHAR}(?:(?:${UNSPACED_CHAR}|\\p{N}|[._%+\\-']){0,63}(?:${UNSPACED_CHAR}|\\p{N}|[_%+\\-']))?`;
const DOMAIN_LABEL = '[\\p{L}\\p{N}](?:[\\p{L}\\p{M}\\p{N}-]{0,61}[\\p{L}\\p{M}\\p{N}])?';
/** ASCII TLDs end at the first non-ASCII letter ("example.jpです"); an IDN TLD is letters and marks, none ASCII. */
const TLD =
  '(?:[A-Za-z]{2,24}(?![A-Za-z0-9_-])|xn--[A-Za-z0-9-]{2,59}(?![A-Za-z0-9_-])|(?:(?![A-Za-z])[\\p{L}\\p{M}]){2,24}(?![\\p{L}\\p{M}\\p{N}_-]))(?!\\.[\\p{L}\\p{N}])';

const MAY_HOLD_EMAIL = /@|[[(]\s?at\s?[\])]|\sdot\s/i;
const SPOKEN_LABEL = `${SPACED_CHAR}(?:${SPACED_CHAR}|-){0,62}`;
const EMAIL_SPOKEN = new RegExp(
  `(?<!${SPACED_CHAR}|[._%+\\-])(?:${SPACED_CHAR}|[_%])(?:${SPACED_CHAR}|[._%+\\-]){0,63}\\s+(?:at|AT)\\s+${SPOKEN_LABEL}(?:\\s+(?:dot|DOT)\\s+${SPOKEN_LABEL})*` +
    '\\s+(?:dot|DOT)\\s+(?:com|net|org|edu|gov|info|biz|io|co|uk|ie|de|fr|es|it|nl|be|ch|at|au|nz|ca|us|in|jp|cn|ru|br|mx|za|ng|ke|sg|hk|me)(?![\\p{L}\\p{M}\\p{N}])',
  'gu',
);
const EMAIL = new RegExp(
  `(?:${LOCAL_SPACED}|${LOCAL_UNSPACED})(?:@|\\s?[[(]\\s?at\\s?[\\])]\\s?)(?:${DOMAIN_LABEL}(?:\\.|\\s?[[(]\\s?dot\\s?[\\])]\\s?))+${TLD}`,
  'giu',
);

// ---------------------------------------------------------------------------------------------------------------
// Things that contain digits but are not contact details; blanked out (same length) before looking for phones
// and cards so that their digits can neither match nor join a neighbouring run.

/**
 * IBAN-like bank identifiers (two letters, two check digits, 11-30 alphanumerics in groups of four) that are not
 * valid IBANs: blanked for the phone scan only, since a card number glued to two capitals ("CC4111111111111111")
 * reads like one and is still a card.
 */
const IBAN_LIKE = /\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,3})?\b/gu;

const BLANK_PATTERNS: RegExp[] = [
  // URLs (order pages, tracking links)
  /\b(?:https?:\/\/|www\.)[^\s<>"'）)]+/giu,
  // numeric dates d/m/y, m/d/y, y-m-d (optionally with a time)
  /(?<![\d.\/-])(?:\d{1,2}[.\/-]\d{1,2}[.\/-](?:\d{4}|\d{2})|\d{4}[.\/-]\d{1,2}[.\/-]\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2})?)?(?![\d]|[.\/-]\d)/gu,
  // times 10:30, 10:30:15, 10.30pm, 10am, 9 p.m.
  /(?<![\d.:])\d{1,2}:\d{2}(?::\d{2})?(?:\s?[ap]\.?m\.?)?(?!\d)/giu,
  /(?<![\d.])\d{1,2}(?:\.\d{2})?\s?[ap]\.?m\b\.?/giu,
  // prices: currency sign or code then an amount (£250, $1,299.99, Rs. 12,500, EUR 40)
  /(?:[£$€¥₹₩₽₺₦₱]|\b(?:Rs\.?|INR|USD|EUR|GBP|AUD|CAD|NZD|CHF|JPY|ZAR|SGD|R\$|A\$|C\$|US\$|NZ\$))\s?\d[\d,.']*\d(?:\s?(?:k|m|bn)\b)?|[£$€¥₹]\d/giu,
];

function blank(text: string, pattern: RegExp, into: string[]): void {
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
    for (let i = m.index; i < m.index + m[0].length; i++) into[i] = 'x';
    if (m[0].length === 0) pattern.lastIndex++;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Context. An identifier keyword followed only by filler ("order no.", "booking ref:", "account number is")
// right before a digit run makes it an identifier, not a phone or card. A contact cue ("call me on",
// "my number is", "mob", "tel", "WhatsApp") lets weaker phone shapes through; no digit and no redaction label
// ("[phone]") may sit between cue and number, so that redacting a redacted text finds nothing new.

const ID_KEYWORDS = [
  'order', 'ord', 'ref', 'reference', 'booking', 'reservation', 'confirmation', 'conf', 'tracking', 'track', 'trace',
  'parcel', 'package', 'consignment', 'shipment', 'waybill', 'awb', 'flight', 'flt', 'invoice', 'inv', 'receipt',
  'account', 'acct', 'acc', 'a/c', 'customer', 'cust', 'member', 'membership', 'loyalty', 'policy', 'claim', 'case',
  'ticket', 'incident', 'complaint', 'transaction', 'txn', 'serial', 'imei', 'iban', 'swift', 'bic', 'sort code',
  'routing', 'sku', 'item', 'product', 'model', 'part', 'barcode', 'ean', 'upc', 'isbn', 'voucher', 'coupon',
  'promo', 'contract', 'meter', 'mpan', 'mprn', 'nhs', 'ssn', 'passport', 'licence', 'license', 'registration',
  'vin', 'pnr', 'pin', 'otp', 'batch', 'lot', 'request', 'job', 'quote', 'application', 'subscriber',
  // a few other languages
  'commande', 'réservation', 'référence', 'suivi', 'facture', 'bestellung', 'bestellnummer', 'auftrag', 'sendung',
  'rechnung', 'buchung', 'kundennummer', 'pedido', 'reserva', 'factura', 'seguimiento', 'ordine', 'prenotazione',
  'fattura', 'bestelling', 'заказ', 'заказа', 'заказе', 'счёт', 'счет', 'трек',
];
/** Scripts without spaces: the keyword sits right against the text before it ("の注文番号12345678"). */
const ID_KEYWORDS_CJK = ['注文番号', '注文', '予約番号', '予約', '追跡番号', '伝票番号', '订单号', '订单', '单号', '快递单号', '预订号', '주문번호', '주문', '예약번호', '송장번호', 'رقم الطلب', 'الطلب', 'طلب'];
const ID_FILLER = `(?:[\\s:#.\\-№：]|(?:n[o°º]|nos|nr|num|numbers?|ids?|code|ref|reference|is|was|are|details|номер|رقم|は|是)(?![\\p{L}\\p{N}]))*$`;
const ID_CONTEXT = new RegExp(
  `(?:(?<![\\p{L}\\p{N}])(?:${ID_KEYWORDS.map(escapeRe).join('|')})(?:e?s)?|${ID_KEYWORDS_CJK.join('|')})${ID_FILLER}`,
  'iu',
);
const CONTACT_CUE =
  /(?<![\p{L}\p{N}[])(?:call(?:ing)?|ring|phone|tel|tele?phone|mob|mobile|cell|cellphone|(?:my|our|his|her|their|your|new|old|home|work|direct|contact|phone|mobile|cell)\s+(?:number|no\.?|nr|num)|whats ?app|text(?:ed)?\s+(?:me|us|him|her)|txt|sms|contact|reach\s+(?:me|us|him|her)|landline|fax|hotline|helpline|dial|t[ée]l[ée]phone|t[ée]l|portable|handy|telefon|tel[ée]fono|n[úu]mero|m[óo]vil|celular|telefone|телефон|номер|電話|携帯|手机|电话|फ़ोन|फोन|هاتف|رقم)(?![\p{L}])[^\d\n[\]]{0,28}$/iu;

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

function followsIdKeyword(text: string, start: number): boolean {
  return ID_CONTEXT.test(text.slice(Math.max(0, start - 40), start));
}

// ---------------------------------------------------------------------------------------------------------------
// Payment cards: 13-19 digits passing the Luhn check, with an issuer prefix and a length that issuer uses (below),
// written whole or in groups of 3-6 digits.
//
// Where it stands does not matter. No context word makes such a number anything else: "account 4539 1488 0343 6467"
// and "ref: 4111-1111-1111-1111" are cards, since people paste card numbers after whatever word comes to mind, and a
// leaked card costs more than an over-redacted reference. Nor does a word glued to it ("account4111111111111111",
// "card4111...", "no.4111...", "x4111...end"): letters on either side do not make a card a reference. What keeps
// order, booking and tracking numbers out is the number itself: 9 in 10 fail Luhn, many start with an issuer-less
// digit (0, 1, 7-9), are shorter than 13 digits ("order12345678") or longer than 19 (USPS), or have a length no card
// of that issuer has (an IMEI is 15 digits and Luhn-valid, but starts 35/86/01/49, where cards are 16-19 digits or
// none at all; timestamps and snowflake ids start with 1). One thing a label still does: a labelled long number
// ("tracking 9261 4111 1111 1111 1111 2") is one identifier, so only a card that starts where the labelled number
// starts counts, not a card-shaped stretch inside it. A number after '+' is a phone number, and one right after a
// digit and a '.' or ',' is the rest of a decimal.
//
// Separators between groups (on the normalised copy, where every Unicode space is a space, every dash '-', and the
// full-width forms ASCII): whitespace (1-3 of space, tab, newline), or one of - . _ / , with at most one space on
// either side ("4111 - 1111"). Two styles: whitespace with or without a newline, and each punctuation mark. One
// style throughout, the groups may be any 3-6 digits ("4111/1111/1111/1111", "3782,822463,10005"). Mixed styles
// ("4111 1111-1111.1111", "4111\t1111 1111\n1111") count only on a layout cards are printed in: fours with a
// shorter last group (4-4-4-4, 4-4-4-4-3, 4-4-4-1) or 4-6-5 / 4-6-4 (Amex, Diners). That keeps lists apart:
// "415 555 0128, 415 555 0175" or one phone number a line would otherwise join into a 13-19 digit window that
// passes Luhn one time in ten.

/**
 * Letters that make a digit run part of a token for phone numbers ("EZY8723", "1Z999AA1...", "4G"): those of
 * alphabets written with spaces. Chinese, Japanese, Thai, Arabic... put digits right next to words, so their
 * letters do not count.
 */
const TOKEN_LETTER = '\\p{Script=Latin}\\p{Script=Cyrillic}\\p{Script=Greek}';
const GLUED_AFTER_OR_PERCENT = new RegExp(`[${TOKEN_LETTER}_%]`, 'u');

const CARD_SEP = '(?:[ \\r\\n]{1,3}|[ ]?[-._\\/,][ ]?)';
const DIGIT_RUN = new RegExp(`(?<![\\p{N}+]|\\d[.,])\\d+(?:${CARD_SEP}\\d+)*`, 'gu');

function luhn(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/**
 * Whether an issuer uses this prefix with this many digits (13-19 already checked). Hand-written rather than taken
 * from a card-type package: it is a dozen published IIN ranges, and such packages also carry brand names, CVV sizes
 * and gap rules this check has no use for. Maestro (50, 56-69) and the other 6-series schemes (Discover, UnionPay,
 * RuPay) issue every length from 13 to 19 between them, so those prefixes take any length.
 */
function issuerLength(digits: string): boolean {
  const n = digits.length;
  const p2 = Number(digits.slice(0, 2));
  const p3 = Number(digits.slice(0, 3));
  const p4 = Number(digits.slice(0, 4));
  switch (digits.charCodeAt(0)) {
    case 52: // 4: Visa
      return n === 13 || n === 16 || n === 19;
    case 51: // 3
      if (p2 === 34 || p2 === 37) return n === 15; // American Express
      if (p4 >= 3528 && p4 <= 3589) return n >= 16; // JCB
      if ((p3 >= 300 && p3 <= 305) || p4 === 3095 || p2 === 36 || p2 === 38 || p2 === 39) return n >= 14; // Diners Club
      return false;
    case 50: // 2
      if (p4 >= 2221 && p4 <= 2720) return n === 16; // Mastercard 2-series
      if (p4 >= 2200 && p4 <= 2204) return n >= 16; // Mir
      return false;
    case 53: // 5
      return p2 >= 51 && p2 <= 55 ? n === 16 : true; // Mastercard; else Maestro
    case 54: // 6
      return true;
    default:
      return false;
  }
}

interface Group {
  start: number;
  end: number;
  digits: string;
}

function groupsOf(text: string, from: number, to: number): Group[] {
  const groups: Group[] = [];
  let i = from;
  while (i < to) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      let j = i + 1;
      while (j < to && text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57) j++;
      groups.push({ start: i, end: j, digits: text.slice(i, j) });
      i = j;
    } else i++;
  }
  return groups;
}

function findCards(scan: string): Array<[number, number]> {
  const found: Array<[number, number]> = [];
  DIGIT_RUN.lastIndex = 0;
  for (let m = DIGIT_RUN.exec(scan); m !== null; m = DIGIT_RUN.exec(scan)) {
    const runEnd = m.index + m[0].length;
    const groups = groupsOf(scan, m.index, runEnd);
    let total = 0;
    for (const g of groups) total += g.digits.length;
    if (total < 13) continue;
    const labelled = followsIdKeyword(scan, m.index);
    // longest window of whole groups, earliest first, that is a plausible card
    let i = 0;
    while (i < groups.length && !(labelled && i > 0)) {
      let hit = -1;
      let digits = groups[i]!.digits;
      let last = i;
      while (last + 1 < groups.length && digits.length + groups[last + 1]!.digits.length <= 19) digits += groups[++last]!.digits;
      for (let j = last; j >= i; j--) {
        const n = digits.length;
        if (n >= 13 && n <= 19 && isCardWindow(scan, groups, i, j, digits)) {
          hit = j;
          break;
        }
        digits = digits.slice(0, n - groups[j]!.digits.length);
        if (digits.length < 13) break;
      }
      if (hit >= 0) {
        found.push([groups[i]!.start, groups[hit]!.end]);
        i = hit + 1;
      } else i++;
    }
  }
  return found;
}

/** The style of the separator between two groups: the punctuation mark in it, else whether it breaks the line. */
function separatorStyle(scan: string, from: number, to: number): string {
  for (let k = from; k < to; k++) {
    const c = scan.charAt(k);
    if (c !== ' ' && c !== '\n' && c !== '\r') return c;
  }
  return scan.slice(from, to).includes('\n') || scan.slice(from, to).includes('\r') ? 'newline' : 'space';
}

/** Group sizes cards are printed in: fours with a shorter (1-4 digit) last group, or 4-6-5 and 4-6-4. */
function printedLayout(groups: Group[], i: number, j: number): boolean {
  const size = (k: number) => groups[k]!.digits.length;
  if (j - i === 2 && size(i) === 4 && size(i + 1) === 6 && (size(j) === 5 || size(j) === 4)) return true;
  for (let k = i; k < j; k++) if (size(k) !== 4) return false;
  return size(j) <= 4;
}

function isCardWindow(scan: string, groups: Group[], i: number, j: number, digits: string): boolean {
  if (!issuerLength(digits)) return false;
  if (j > i) {
    // grouped: groups of 3-6 digits, as printed on cards (4-4-4-4, 4-6-5, 4-4-4-4-3)
    for (let k = i; k <= j; k++) {
      const n = groups[k]!.digits.length;
      if (n < 3 || n > 6) return false;
    }
    // one separator style throughout, or a mix on a printed card layout
    const first = separatorStyle(scan, groups[i]!.end, groups[i + 1]!.start);
    for (let k = i + 1; k < j; k++) {
      if (separatorStyle(scan, groups[k]!.end, groups[k + 1]!.start) !== first) {
        if (!printedLayout(groups, i, j)) return false;
        break;
      }
    }
  }
  return luhn(digits);
}

// ---------------------------------------------------------------------------------------------------------------
// Bank details: an IBAN (ISO 13616: country, two check digits, the country's fixed number of letters and digits,
// mod-97 = 1), or an account number given with what routes money to it: a UK sort code or a US routing number
// (ABA checksum). An account number alone is not enough to move money and reads like any other account reference,
// and a sort code or routing number alone names a branch, so each counts only with the other within a sentence or
// two; both are then redacted.
//
// Hand-written rather than taken from an IBAN package: the check is a country-length table and a ten-line
// remainder, and the part that needs care, finding IBANs in free text (spaced in fours or not, any case), is ours
// whichever package validates them.

/** Length of an IBAN per country, from the SWIFT IBAN Registry. */
const IBAN_LENGTH: Readonly<Record<string, number>> = {
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BI: 27, BR: 29, BY: 28, CH: 21, CR: 22,
  CY: 28, CZ: 24, DE: 22, DJ: 27, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18, FK: 18, FO: 18, FR: 27, GB: 22,
  GE: 22, GI: 23, GL: 18, GR: 27, GT: 28, HN: 28, HR: 21, HU: 28, IE: 22, IL: 23, IQ: 23, IS: 26, IT: 27, JO: 30,
  KW: 30, KZ: 20, LB: 28, LC: 32, LI: 21, LT: 20, LU: 20, LV: 21, LY: 25, MC: 27, MD: 24, ME: 22, MK: 19, MN: 20,
  MR: 27, MT: 31, MU: 30, NI: 28, NL: 18, NO: 15, OM: 23, PK: 24, PL: 28, PS: 29, QA: 29, RO: 24, RS: 22, RU: 33,
  SA: 24, SC: 31, SD: 18, SE: 24, SI: 19, SK: 24, SM: 27, SO: 23, ST: 25, SV: 28, TL: 23, TN: 24, TR: 26, UA: 29,
  VA: 22, VG: 24, XK: 20, YE: 30,
};
/** Letters may come right before ("ibanGB82..."): only two letters right before two digits can start one. */
const IBAN_START = /(?<!\p{N})[A-Za-z]{2}\d{2}/gu;

/** ISO 7064 mod 97-10 over the IBAN moved round (country and check digits last), letters as 10-35. */
function ibanChecksumOk(iban: string): boolean {
  const moved = iban.slice(4) + iban.slice(0, 4);
  let rest = 0;
  for (let i = 0; i < moved.length; i++) {
    const c = moved.charCodeAt(i);
    rest = c <= 57 ? (rest * 10 + (c - 48)) % 97 : (rest * 100 + (c - 55)) % 97;
  }
  return rest === 1;
}

const isAlnum = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

/** Separators between an IBAN's groups of four (on the normalised copy: every space ' ', every dash '-'). */
const isIbanSeparator = (c: number) => c === 32 || c === 45 || c === 46; // space - .

/**
 * IBANs written whole ("GB29NWBK60161331926819") or in the printed groups of four, any case, the groups apart by a
 * space, a dash or a dot ("GB82-WEST-1234-5698-7654-32"). The country's length and the mod-97 check decide, wherever
 * it stands: letters glued before ("ibanGB82...") or after ("...7654 32X") do not make a valid IBAN anything else.
 */
function findIbans(text: string): Array<[number, number]> {
  const found: Array<[number, number]> = [];
  IBAN_START.lastIndex = 0;
  for (let m = IBAN_START.exec(text); m !== null; m = IBAN_START.exec(text)) {
    const length = IBAN_LENGTH[m[0].slice(0, 2).toUpperCase()];
    if (length === undefined) continue;
    let compact = m[0].toUpperCase();
    let i = m.index + 4;
    while (compact.length < length && i < text.length) {
      // one separator is allowed only between groups of four
      if (isIbanSeparator(text.charCodeAt(i)) && compact.length % 4 === 0 && isAlnum(text.charCodeAt(i + 1))) i++;
      if (!isAlnum(text.charCodeAt(i))) break;
      compact += text.charAt(i).toUpperCase();
      i++;
    }
    if (compact.length === length && ibanChecksumOk(compact)) {
      found.push([m.index, i]);
      IBAN_START.lastIndex = i;
    }
  }
  return found;
}

/** Words (and filler) that introduce a number: "account no.", "sort code:", "routing # is". */
const NUMBER_FILLER = '(?:\\s*(?:number|num|nr|no\\.?|#|is|was|:|-))*\\s*';
const SORT_CODE = new RegExp(`(?<![\\p{L}\\p{N}])(?:sort[ -]?code|s\\/c)${NUMBER_FILLER}(?<n>\\d{2}(?<sep>[- ]?)\\d{2}\\k<sep>\\d{2})(?!\\p{N}|[- ]\\d)`, 'dgiu');
const ROUTING = new RegExp(`(?<![\\p{L}\\p{N}])(?:routing|rtn|aba|transit)${NUMBER_FILLER}(?<n>\\d{9})(?!\\p{N}|[- ]\\d)`, 'dgiu');
const ACCOUNT = new RegExp(`(?<![\\p{L}\\p{N}])(?:account|acct|acc|a\\/c)${NUMBER_FILLER}(?<n>\\d{4} \\d{4}|\\d{4,17})(?!\\p{N}|[- .,]\\d)`, 'dgiu');
/** How far apart (characters between them) an account number and its sort code or routing number may be. */
const BANK_PAIR_GAP = 60;

/**
 * ABA routing number: 3-7-1 weighted sum divisible by 10, and a first two digits the Federal Reserve uses (00-12
 * banks, 21-32 thrifts, 61-72 electronic, 80 travellers' cheques).
 */
function abaOk(n: string): boolean {
  const d = (i: number) => n.charCodeAt(i) - 48;
  const sum = 3 * (d(0) + d(3) + d(6)) + 7 * (d(1) + d(4) + d(7)) + d(2) + d(5) + d(8);
  const district = d(0) * 10 + d(1);
  return sum % 10 === 0 && (district <= 12 || (district >= 21 && district <= 32) || (district >= 61 && district <= 72) || district === 80);
}

function numbersAfter(re: RegExp, text: string, keep: (digits: string) => boolean): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const [s, e] = m.indices!.groups!['n']!;
    if (keep(m.groups!['n']!.replace(/\D/g, ''))) out.push([s, e]);
  }
  return out;
}

/** Quick filters (most posts have none of these), so the full patterns run only where they can match. */
const MAY_HOLD_IBAN = /[A-Za-z]{2}\d{2}/;
const MAY_HOLD_BANK_PAIR = /sort|s\/c|routing|rtn|aba|transit/i;

function findBankAccounts(text: string): Array<[number, number]> {
  const found = MAY_HOLD_IBAN.test(text) ? findIbans(text) : [];
  if (!MAY_HOLD_BANK_PAIR.test(text)) return found;
  const sortCodes = numbersAfter(SORT_CODE, text, () => true);
  const routings = numbersAfter(ROUTING, text, abaOk);
  if (sortCodes.length === 0 && routings.length === 0) return found;
  const accounts = numbersAfter(ACCOUNT, text, () => true);
  const near = (a: [number, number], b: [number, number]) => {
    const gap = a[1] <= b[0] ? text.slice(a[1], b[0]) : text.slice(b[1], a[0]);
    return gap.length <= BANK_PAIR_GAP && !gap.includes('\n');
  };
  const keys = new Set<string>();
  for (const account of accounts) {
    const digits = text.slice(account[0], account[1]).replace(/\D/g, '').length;
    const partners = [
      ...(digits >= 6 && digits <= 10 ? sortCodes.filter((s) => near(account, s)) : []), // UK accounts: 8 digits, some 6-10
      ...routings.filter((r) => near(account, r)), // US accounts: 4-17 digits
    ];
    for (const span of partners.length ? [account, ...partners] : []) {
      if (!keys.has(`${span[0]}`)) found.push(span);
      keys.add(`${span[0]}`);
    }
  }
  return found;
}

// ---------------------------------------------------------------------------------------------------------------
// National ids. US Social Security numbers: AAA-GG-SSSS with dashes or spaces (the same both times), or nine bare
// digits after an SSN word; never issued, so never counted: area 000, 666 or 900-999, group 00, serial 0000. UK
// National Insurance numbers: two prefix letters (HMRC: neither D F I Q U V, the second not O, and not BG GB NK KN
// TN NT ZZ), six digits, suffix A-D, spaced or not, or apart by dashes or dots ("JG-10-37-42-B", "JG.10.37.42.B").
// A number labelled as something else ("order 512-48-3377", "model AB123456C") is not one unless an SSN or NI word
// sits right before it.

const SSN_GROUPED = /(?<![\p{L}\p{N}_]|\p{N}[- ])(?<a>\d{3})(?<sep>[- ])(?<g>\d{2})\k<sep>(?<s>\d{4})(?![\p{L}\p{N}_]|[- ]\p{N})/gu;
const SSN_CUE_WORDS = '(?:ssn|ss#|ss no\\.?|social security(?:\\s+(?:number|no\\.?|num|#))?|social sec(?:\\.|urity)? #?)';
const SSN_BARE = new RegExp(`(?<![\\p{L}\\p{N}])${SSN_CUE_WORDS}${NUMBER_FILLER}(?<a>\\d{3})(?<g>\\d{2})(?<s>\\d{4})(?![\\p{L}\\p{N}_])`, 'dgiu');
const SSN_CUE = new RegExp(`(?<![\\p{L}\\p{N}])${SSN_CUE_WORDS}${NUMBER_FILLER}$`, 'iu');
const NINO = /(?<![\p{L}\p{N}_])(?<p>[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z])[ .\-]?\d{2}[ .\-]?\d{2}[ .\-]?\d{2}[ .\-]?[A-D](?![\p{L}\p{N}_])/giu;
const NINO_NEVER = new Set(['BG', 'GB', 'NK', 'KN', 'TN', 'NT', 'ZZ']);
const NINO_CUE = new RegExp(`(?<![\\p{L}\\p{N}])(?:national insurance|n\\.?i\\.?|nino|nin)${NUMBER_FILLER}$`, 'iu');

function ssnIssued(g: Record<string, string>): boolean {
  const area = Number(g['a']);
  return area !== 0 && area !== 666 && area < 900 && g['g'] !== '00' && g['s'] !== '0000';
}

/** Not after an identifier word, unless the id's own word is right before it. */
function unlabelledOrCued(text: string, start: number, cue: RegExp): boolean {
  const before = text.slice(Math.max(0, start - 40), start);
  return cue.test(before) || !ID_CONTEXT.test(before);
}

/** Quick filters, as for bank details. */
const MAY_HOLD_SSN = /\d{3}[- ]\d{2}[- ]\d{4}/;
const MAY_HOLD_SSN_CUE = /ss|social/i;
const MAY_HOLD_NINO = /\d{2}[ .-]?\d{2}[ .-]?\d{2}[ .-]?[A-Da-d]/;

function findNationalIds(text: string): Array<[number, number]> {
  const found: Array<[number, number]> = [];
  if (MAY_HOLD_SSN.test(text)) {
    SSN_GROUPED.lastIndex = 0;
    for (let m = SSN_GROUPED.exec(text); m !== null; m = SSN_GROUPED.exec(text)) {
      if (ssnIssued(m.groups!) && unlabelledOrCued(text, m.index, SSN_CUE)) found.push([m.index, m.index + m[0].length]);
    }
  }
  if (MAY_HOLD_SSN_CUE.test(text)) {
    SSN_BARE.lastIndex = 0;
    for (let m = SSN_BARE.exec(text); m !== null; m = SSN_BARE.exec(text)) {
      if (ssnIssued(m.groups!)) found.push([m.indices!.groups!['a']![0], m.index + m[0].length]);
    }
  }
  if (MAY_HOLD_NINO.test(text)) {
    NINO.lastIndex = 0;
    for (let m = NINO.exec(text); m !== null; m = NINO.exec(text)) {
      if (!NINO_NEVER.has(m.groups!['p']!.toUpperCase()) && unlabelledOrCued(text, m.index, NINO_CUE)) found.push([m.index, m.index + m[0].length]);
    }
  }
  return found;
}

// ---------------------------------------------------------------------------------------------------------------
// Phone numbers.
//
// Why not libphonenumber-js's findPhoneNumbersInText/searchPhoneNumbersInText for the scanning: measured on this
// product's posts, (1) its candidate spans depend on the default country and run across ", " lists
// ("(415) 555-0132, 415" with GB), (2) it cannot see context words, so "order no. 100234567" comes back as a
// possible number, (3) at POSSIBLE leniency it accepts nearly any digit run, at VALID it drops the reserved
// fiction ranges people use in examples (07700 900xxx, 0491 570 xxx, +1 555 ...) and (4) one pass costs ~65 µs
// per default country. So runs of digit groups are found here (linear regex, below), split into windows of
// whole groups, and each window is judged by libphonenumber-js's parser and metadata (isValid / isPossible)
// for the countries its shape allows.

const PHONE_RUN = new RegExp(
  `(?<![${TOKEN_LETTER}\\p{N}_#£$€¥₹%@+\\/\\\\])(?<!\\d[.,\\-])(?:\\+[ ]?|\\([ ]?\\+?)?\\d+(?:(?:[ ]{1,2}\\(?|[ ]?[-.\\/][ ]?\\(?|\\)[ ]?-?[ ]?|\\()\\d+)*\\)?`,
  'gu',
);

/**
 * Countries whose national numbers start with a trunk '0' (or keep a leading 0). Any one of them saying "valid"
 * is enough, so the most permissive numbering plans go first (fewer parses per number).
 */
const TRUNK_ZERO: CountryCode[] = ['DE', 'GB', 'IN', 'AU', 'IE', 'FR', 'NZ', 'ZA', 'NL', 'BE', 'IT', 'JP', 'NG', 'KE', 'PH', 'AE', 'PK', 'MY', 'AT', 'CH', 'TR', 'BR', 'AR', 'KR', 'TH', 'ID'];
/** 10-digit national numbers without a trunk 0: NANP, Indian mobiles, Italian mobiles, Mexico. */
const TEN_DIGIT: CountryCode[] = ['US', 'CA', 'IN', 'IT', 'MX'];
const TEN_DIGIT_SHAPES = new Set(['10', '3-3-4', '3-7', '5-5', '4-3-3', '3-3-2-2', '2-4-4', '4-6', '6-4']);
const NANP_ELEVEN_SHAPES = new Set(['1-3-3-4', '1-10', '1-3-7']);
const CN_MOBILE_SHAPES = new Set(['11', '3-4-4', '3-8']);
/** Brazilian mobiles written with the area code: (11) 91234-5678. */
const BR_SHAPES = new Set(['2-5-4', '2-9']);
/** 9-digit numbers without a trunk 0 (Spain, Portugal, Poland, ...) count when grouped like a phone. */
const NINE_DIGIT: CountryCode[] = ['ES', 'PT', 'PL', 'GR'];
const NINE_DIGIT_SHAPES = new Set(['3-3-3', '3-2-2-2', '2-3-2-2']);
/** With a contact cue, any shape possible in one of these counts. */
const CUE_COUNTRIES: CountryCode[] = ['US', 'GB', 'AU', 'IN', 'SG', 'HK', 'MX', 'BR', 'CN', 'DK', 'NO', 'SE', 'ES', 'DE'];

function phoneAt(raw: string, country?: CountryCode) {
  try {
    return parsePhoneNumberFromString(raw, country);
  } catch {
    return undefined;
  }
}

function validIn(raw: string, countries: readonly CountryCode[]): boolean {
  for (const c of countries) if (phoneAt(raw, c)?.isValid()) return true;
  return false;
}

function possibleIn(raw: string, countries: readonly CountryCode[]): boolean {
  for (const c of countries) if (phoneAt(raw, c)?.isPossible()) return true;
  return false;
}

function international(e164ish: string, strongCue: boolean): boolean {
  const pn = phoneAt(e164ish);
  if (!pn) return false;
  if (pn.isValid()) return true;
  // reserved example ranges (+44 7700 900xxx, +1 555 ...) are "possible" but never "valid"
  return pn.isPossible() && (pn.nationalNumber.length >= 8 || strongCue);
}

function isPhone(scan: string, groups: Group[], i: number, j: number, cue: boolean): boolean {
  const start = groups[i]!.start;
  let digits = '';
  const shape: number[] = [];
  for (let k = i; k <= j; k++) {
    digits += groups[k]!.digits;
    shape.push(groups[k]!.digits.length);
  }
  const n = digits.length;
  // written phone numbers have few groups and hardly any single digits ("+1", "1-800", FR "+33 6 ...")
  if (shape.length > 7 || shape.filter((g) => g === 1).length > 2) return false;
  const plus = /\+[ ]?\(?$|\(\+$/.test(scan.slice(Math.max(0, start - 3), start));
  if (plus) return n >= 7 && n <= 15 && international(`+${scan.slice(start, groups[j]!.end)}`, cue);
  if (n < 7 || n > 17) return false;
  if (digits.startsWith('00')) return n >= 9 && international(`+${digits.slice(2)}`, cue);
  if (digits.startsWith('011') && n >= 12 && international(`+${digits.slice(3)}`, cue)) return true;
  const key = shape.join('-');
  if (digits.charCodeAt(0) === 48) {
    // trunk-prefixed national number (UK, IE, AU, NZ, FR, DE, IN landlines, JP, ZA, ...)
    if (n < (cue ? 8 : 9) || n > 13) return false;
    return validIn(digits, TRUNK_ZERO) || (cue && possibleIn(digits, TRUNK_ZERO));
  }
  if (n === 10 && (TEN_DIGIT_SHAPES.has(key) || cue)) {
    if (validIn(digits, TEN_DIGIT)) return true;
  }
  if (n === 11 && digits.charCodeAt(0) === 49) {
    if (NANP_ELEVEN_SHAPES.has(key) && phoneAt(`+${digits}`)?.isValid()) return true;
    if (CN_MOBILE_SHAPES.has(key) && phoneAt(digits, 'CN')?.isValid()) return true;
  }
  if (n === 11 && BR_SHAPES.has(key) && phoneAt(digits, 'BR')?.isValid()) return true;
  if (n === 9 && NINE_DIGIT_SHAPES.has(key) && validIn(digits, NINE_DIGIT)) return true;
  // anything else only next to a contact cue, only if it is at least possible somewhere, and not written like
  // a quantity with thousands separators ("1 234 567", "12.345.678")
  if (!cue || n > 13 || (shape.length === 1 && n > 11)) return false;
  const thousands = shape.length > 1 && shape[0]! <= 3 && shape.slice(1).every((g) => g === 3);
  if (thousands && !scan.slice(start, groups[j]!.end).includes('-')) return false;
  return possibleIn(digits, CUE_COUNTRIES);
}

function findPhones(scan: string): Array<[number, number]> {
  const found: Array<[number, number]> = [];
  PHONE_RUN.lastIndex = 0;
  for (let m = PHONE_RUN.exec(scan); m !== null; m = PHONE_RUN.exec(scan)) {
    const runEnd = m.index + m[0].length;
    const groups = groupsOf(scan, m.index, runEnd);
    // a last group glued to letters or a percent sign is a quantity ("5G", "10am", "20%"), not part of a number
    const after = scan.charAt(groups[groups.length - 1]!.end);
    if (GLUED_AFTER_OR_PERCENT.test(after)) groups.pop();
    let i = 0;
    while (i < groups.length) {
      let hit = -1;
      const start = groups[i]!.start;
      if (!followsIdKeyword(scan, start)) {
        const cue = CONTACT_CUE.test(scan.slice(Math.max(0, start - 40), start));
        // longest window of whole groups first (at most 17 digits: 00 + country code + 15)
        let last = i;
        let total = groups[i]!.digits.length;
        while (last + 1 < groups.length && total + groups[last + 1]!.digits.length <= 17) total += groups[++last]!.digits.length;
        for (let j = last; j >= i && hit < 0; j--) if (isPhone(scan, groups, i, j, cue)) hit = j;
      }
      if (hit >= 0) {
        found.push(phoneSpan(scan, groups[i]!.start, groups[hit]!.end));
        i = hit + 1;
      } else i++;
    }
  }
  return found;
}

/**
 * Widen a digit span over a leading '+' and over an opening bracket whose closing bracket is inside the number
 * ("(020) 7946 0018", "(+44) 7700 900123"); brackets around the whole number stay in the text.
 */
function phoneSpan(scan: string, start: number, end: number): [number, number] {
  let s = start;
  if (scan[s - 1] === '(' && scan.slice(s, end).includes(')')) s--;
  if (scan[s - 1] === '+') s--;
  else if (scan[s - 1] === ' ' && scan[s - 2] === '+') s -= 2;
  if (scan[s - 1] === '(' && scan[s] === '+' && scan.slice(s, end).includes(')')) s--;
  return [s, end];
}

// ---------------------------------------------------------------------------------------------------------------
// Street addresses: a house number, a street name and a street type ("7 Mill Road", "221B Baker St",
// "Flat 2, 14 Park Lane", "1600 Pennsylvania Ave NW"), or the continental forms ("12 rue de Rivoli",
// "Calle Mayor 12", "Via Roma 10", "Hauptstraße 5", "Kerkstraat 12"), optionally followed by unit, town, region
// and postcode ("Norwich NR3 4EX", "New York, NY 10001", "Sydney NSW 2000", "75001 Paris", "D02 X285").
// A bare town, "123 Main" (no street type) or "Flat 4" alone are not addresses.

const STREET_TYPES = [
  'Road', 'Rd', 'Street', 'St', 'Avenue', 'Ave', 'Av', 'Lane', 'Ln', 'Drive', 'Dr', 'Drv', 'Close', 'Cl', 'Way',
  'Crescent', 'Cres', 'Court', 'Ct', 'Place', 'Pl', 'Boulevard', 'Blvd', 'Terrace', 'Terr', 'Tce', 'Grove', 'Gr',
  'Gardens', 'Gdns', 'Square', 'Sq', 'Hill', 'Parade', 'Pde', 'Mews', 'Row', 'Walk', 'Rise', 'Highway', 'Hwy',
  'Parkway', 'Pkwy', 'Circle', 'Cir', 'Trail', 'Wharf', 'Quay', 'Esplanade', 'Promenade', 'Vale', 'Heights', 'Wynd',
  'Plaza', 'Alley', 'Loop', 'Pike', 'Expressway', 'Freeway', 'Crossing', 'Causeway', 'Embankment', 'Marg', 'Nagar',
  'Salai', 'Approach', 'Meadows',
];
/** Street types in any case ("Road", "road", "ROAD"); checked in code, which keeps the regexes small. */
const STREET_TYPE_SET = new Set(STREET_TYPES.map((t) => t.toLowerCase()));
const caseVariants = (w: string): string => `${w}|${w.toLowerCase()}|${w.toUpperCase()}`;
const W = "[\\p{L}\\p{M}'’.\\-]*"; // rest of a word
const END = '(?![\\p{L}\\p{N}])';
const UNIT_WORDS = ['Flat', 'Apartment', 'Apt', 'Unit', 'Suite', 'Ste', 'Room', 'Floor', 'Block'].map(caseVariants).join('|');
const HOUSE_NUMBER = '\\d{1,5}[A-Za-z]?(?:[\\-\\/]\\d{1,5}[A-Za-z]?)?';
/** A house number, optionally after a flat or unit ("Flat 2, 14", "Apt 4B 350", "Unit 3/45"). */
const HOUSE =
  `(?:(?<![\\p{L}\\p{N}])(?:${UNIT_WORDS})\\.?\\s?#?\\s?[A-Za-z0-9\\-]{1,5}(?:,\\s*|\\s+|\\/)${HOUSE_NUMBER}` +
  `|(?<![\\p{L}\\p{N}_#£$€.,:\\/\\-])${HOUSE_NUMBER})`;
const NAME_WORD = `(?:\\p{L}${W}|\\d{1,3}(?:st|nd|rd|th))`;

/** English-style core: a house number and up to five words; code finds the street type among the words. */
const ADDRESS_EN = new RegExp(`${HOUSE},?\\s+(${NAME_WORD}(?:\\s+${NAME_WORD}){0,4})`, 'gu');
const WORD_IN_NAME = new RegExp(NAME_WORD, 'gu');
/** Single-word streets that need no type: "1619 Broadway", "10 The Strand". */
const ADDRESS_BARE = new RegExp(`${HOUSE},?\\s+(?:Broadway|The Strand|The Green|Piccadilly|Whitehall)${END}`, 'gu');
const FR_TYPES = ['rue', 'avenue', 'av.', 'boulevard', 'bd', 'chemin', 'allée', 'impasse', 'place', 'quai', 'cours', 'route', 'rte', 'rua'];
const ADDRESS_FR = new RegExp(
  `${HOUSE}(?:\\s?(?:bis|ter))?,?\\s+(?:${FR_TYPES.map((t) => caseVariants(escapeRe(t))).join('|')})\\s+` +
    `(?:(?:de la|de|du|des|la|le|les|d'|l'|d’|l’)\\s*)*\\p{Lu}${W}` +
    `(?:\\s+(?:(?:de la|de|du|des|la|le|les|d'|l'|d’|l’|et|sur|en)\\s*)*\\p{Lu}${W}){0,3}`,
  'gu',
);
/** "Via Twitter 2 days ago" is not an address. */
const NOT_UNIT = '(?!\\s+(?:days?|hours?|hrs?|weeks?|months?|years?|times?|mins?|minutes?|seconds?|secs?|am|pm|x|items?|people)(?![\\p{L}]))';
const NAME_FIRST_TYPES = ['Calle', 'C/', 'Avenida', 'Avda.', 'Avda', 'Paseo', 'Plaza', 'Carrer', 'Camino', 'Via', 'Viale', 'Piazza', 'Corso', 'Largo', 'Vicolo', 'Rua', 'Travessa', 'Praça', 'Alameda', 'Estrada', 'Ulica', 'ul.'];
const ADDRESS_NAME_FIRST = new RegExp(
  `(?<![\\p{L}\\p{N}])(?:${NAME_FIRST_TYPES.map(escapeRe).join('|')})\\s+` +
    `(?:(?:de la|de|del|la|las|los|di|della|delle|dei|do|da|dos|das|d'|dell'|dell’)\\s*)*[\\p{Lu}\\d]${W}` +
    `(?:\\s+(?:(?:de la|de|del|la|di|della|dei|do|da|dos|das|e|y)\\s+)*\\p{Lu}${W}){0,3}` +
    `,?\\s*(?:n[º°o]\\.?\\s*|#\\s*)?\\d{1,4}[A-Za-z]?${END}${NOT_UNIT}`,
  'gu',
);
const FUSED_SUFFIXES = ['straße', 'strasse', 'str.', 'weg', 'gasse', 'allee', 'platz', 'damm', 'ufer', 'straat', 'laan', 'gracht', 'plein', 'steeg', 'kade', 'singel', 'gatan', 'vägen', 'veien', 'gata'];
const ADDRESS_FUSED = new RegExp(
  `(?<![\\p{L}\\p{N}])\\p{Lu}[\\p{L}\\p{M}\\-]*?(?:${FUSED_SUFFIXES.map(escapeRe).join('|')})\\s*\\d{1,4}\\s?[a-zA-Z]?${END}` +
    `|(?<![\\p{L}\\p{N}])\\p{Lu}[\\p{L}\\p{M}\\-]*\\s+(?:Straße|Strasse|Str\\.|Weg|Allee|Platz|Gasse|Ring|Damm|Ufer|Chaussee|Markt)\\s+\\d{1,4}[a-zA-Z]?${END}`,
  'gu',
);

// What may follow a street: a direction and a unit ("Ave NW", "St, Apt 4B"), then up to five segments of
// town, region and postcode, each matched by one sticky regex from where the last one ended.
const AFTER_STREET = new RegExp(
  `(?:\\s+(?:N|S|E|W|NE|NW|SE|SW)${END})?(?:,?\\s*(?:${UNIT_WORDS}|#)\\.?\\s?#?\\s?[A-Za-z0-9\\-]{1,6}${END})?`,
  'uy',
);
const STOP_TOWN = '(?:Thanks|Thank|Please|Pls|But|And|Also|Can|Could|Would|Will|I|It|The|This|That|My|We|You|Not|Or|So|If|When|Why|How|Cheers|Regards|Sent|Any|Is|Are|Was|Has|Have|Just|Still|Now|Then|Today|Tomorrow|Yesterday|Hi|Hello|Ok|Okay)' + END;
const TOWN_WORD = `(?!${STOP_TOWN})\\p{Lu}[\\p{L}\\p{M}'’\\-]*(?![\\p{L}\\p{M}\\p{N}])`;
const TOWN = `(?:(?:St|Ste|Mt|Ft)\\.?\\s+)?${TOWN_WORD}(?:[ \\-]${TOWN_WORD}){0,2}(?:\\s\\d{1,2}${END})?`;
const LOOSE_WORD = `\\p{L}[\\p{L}\\p{M}'’\\-]*(?![\\p{L}\\p{M}\\p{N}])`;
const LOOSE_TOWN = `${LOOSE_WORD}(?:[ \\-]${LOOSE_WORD}){0,2}`;
/** A numeric postcode must not be the first group of a phone number ("14 Park Lane, 0207 946 0018"). */
const NUM_END = '(?![\\p{L}\\p{N}]|[ .\\-]\\d)';
const POSTAL =
  '(?:[A-Za-z]{1,2}\\d[A-Za-z\\d]?\\s?\\d[A-Za-z]{2}' + // UK
  `|[A-Z]{2,3}\\s+\\d{4,5}(?:-\\d{4})?${NUM_END}` + // US state + ZIP, AU state + postcode
  '|(?:[A-Z]{2}\\s+)?[A-Za-z]\\d[A-Za-z]\\s?\\d[A-Za-z]\\d' + // Canada
  '|(?:[AC-FHKNPRTV-Y]\\d{2}|D6W)\\s?[AC-FHKNPRTV-Y0-9]{4}' + // Eircode
  '|\\d{4}\\s?[A-Z]{2}' + // Netherlands
  `|\\d{4,6}(?:-\\d{3,4})?${NUM_END}` + // numeric postcodes, ZIP, PIN
  `|(?:\\d{2}-\\d{3}|\\d{3} \\d{2})(?=\\s+\\p{Lu})` + // Poland 00-590, Sweden 111 51, before a town
  ')(?![\\p{L}\\p{N}])';
const TAIL_SEGMENT = new RegExp(
  `\\.?(?:(${'(?:,\\s*|\\s+)'}${POSTAL})|,\\s*${TOWN}|(?<=\\d|\\b[A-Z]{2})\\s+${TOWN}|(?:,\\s*|\\s+)${LOOSE_TOWN}(?=,?\\s+${POSTAL}))`,
  'uy',
);

/** End of the address that starts with a street ending at `end`; `postal` says whether a postcode was seen. */
function extendAddress(text: string, end: number): { end: number; postal: boolean } {
  AFTER_STREET.lastIndex = end;
  let e = AFTER_STREET.exec(text) ? AFTER_STREET.lastIndex : end;
  let postal = false;
  for (let k = 0; k < 5; k++) {
    TAIL_SEGMENT.lastIndex = e;
    const m = TAIL_SEGMENT.exec(text);
    if (!m) break;
    if (m[1] !== undefined) postal = true;
    e = TAIL_SEGMENT.lastIndex;
  }
  return { end: e, postal };
}

/** Quick filter: at least one street word somewhere before the address regexes run. */
const STREET_HINT = new RegExp(
  `(?<![\\p{L}])(?:${[...STREET_TYPES, 'Broadway', 'Strand', 'Green', 'Piccadilly', 'Whitehall', ...FR_TYPES, ...NAME_FIRST_TYPES].map(escapeRe).join('|')})(?![\\p{L}])` +
    `|(?:${FUSED_SUFFIXES.map(escapeRe).join('|')})\\s*\\d|(?<![\\p{L}])(?:Ring|Damm|Markt|Chaussee)\\s+\\d`,
  'iu',
);

/** Lower-case name words that make "5 minutes down the road" a phrase, not an address. */
const NAME_STOP = new Set([
  'a', 'an', 'the', 'my', 'your', 'our', 'their', 'his', 'her', 'its', 'this', 'that', 'these', 'those', 'and', 'or',
  'of', 'on', 'in', 'at', 'to', 'from', 'by', 'for', 'with', 'down', 'up', 'along', 'across', 'over', 'off', 'into',
  'more', 'other', 'different', 'same', 'new', 'old', 'minutes', 'mins', 'minute', 'hours', 'hrs', 'hour', 'days',
  'day', 'weeks', 'week', 'months', 'month', 'years', 'year', 'times', 'time', 'people', 'items', 'things', 'whole',
  'entire', 'long', 'short', 'way', 'is', 'was', 'are', 'were', 'be', 'been', 'it', 'i', 'we', 'you', 'they',
  'lines', 'cars', 'bags', 'boxes', 'blocks', 'doors', 'houses', 'floors', 'stops', 'miles', 'km', 'metres', 'meters',
]);
/** Name words that turn a street type into something else: "2 Google Drive accounts", "3 High Court cases". */
const TYPE_BLOCK: Record<string, ReadonlySet<string>> = {
  street: new Set(['quality', 'coronation', 'sesame', 'wall', 'jump', 'easy', 'civvy']),
  lane: new Set(['memory', 'fast', 'slow', 'bus', 'cycle', 'express', 'priority', 'checkout', 'overtaking']),
  road: new Set(['silk', 'open', 'toll', 'long']),
  drive: new Set(['google', 'hard', 'test', 'usb', 'flash', 'external', 'thumb', 'cloud', 'disk', 'ssd', 'wheel', 'network', 'shared', 'pen', 'state', 'one', 'cd', 'dvd', 'optical']),
  dr: new Set(['the']),
  court: new Set(['supreme', 'high', 'crown', 'food', 'tennis', 'basketball', 'county', 'district', 'magistrates', "magistrates'", 'family', 'claims', 'federal', 'appeals']),
  way: new Set(['milky', 'no', 'one', 'two', 'any', 'some', 'every', 'same', 'other', 'best', 'only', 'right', 'wrong', 'easy', 'hard']),
  place: new Set(['first', 'second', 'third', '1st', '2nd', '3rd', 'market', 'happy', 'safe', 'right', 'wrong', 'same', 'other', 'work']),
  row: new Set(['front', 'back', 'death', 'first', 'second', 'third']),
  walk: new Set(['moon', 'cake', 'space', 'sponsored', 'charity']),
  loop: new Set(['feedback', 'endless', 'the']),
  circle: new Set(['full', 'inner', 'vicious', 'arctic', 'family']),
  plaza: new Set(['the']),
};
const ADDRESS_CUE =
  /(?<![\p{L}[])(?:address|addr|deliver(?:ed|y|ing)?|send|sent|ship(?:ped|ping)?|post(?:ed)?|mail(?:ed)?|live|lives|living|moved|move|located|reside|residing|drop(?:ped)? off|collect(?:ed)? from|come to|at home)(?![\p{L}])[^\n[\]]{0,40}$/iu;

function isCapitalised(word: string): boolean {
  const c = word.charAt(0);
  return (c >= '0' && c <= '9') || c !== c.toLowerCase();
}

/**
 * The street in an English-style match: the longest run of name words that ends in a street type, with at least
 * one name word before the type. Lower-case names ("7 mill road") need an address cue or a postcode.
 */
function englishStreetEnd(m: RegExpExecArray): number {
  const wordsStart = m.index + m[0].length - m[1]!.length;
  const words: Array<{ word: string; end: number }> = [];
  WORD_IN_NAME.lastIndex = 0;
  for (let w = WORD_IN_NAME.exec(m[1]!); w !== null; w = WORD_IN_NAME.exec(m[1]!)) {
    const word = w[0].replace(/\.+$/, '');
    words.push({ word, end: wordsStart + w.index + word.length });
  }
  for (let k = words.length - 1; k >= 1; k--) {
    const type = words[k]!.word.toLowerCase();
    if (!STREET_TYPE_SET.has(type)) continue;
    const names = words.slice(0, k).map((w) => w.word);
    if (TYPE_BLOCK[type]?.has(names[names.length - 1]!.toLowerCase())) continue;
    const loose = names.some((w) => !isCapitalised(w));
    if (loose && names.some((w) => !isCapitalised(w) && NAME_STOP.has(w.toLowerCase()))) continue;
    return words[k]!.end;
  }
  return -1;
}

function findAddresses(text: string): Array<[number, number]> {
  if (!STREET_HINT.test(text)) return [];
  const found: Array<[number, number]> = [];
  ADDRESS_EN.lastIndex = 0;
  for (let m = ADDRESS_EN.exec(text); m !== null; m = ADDRESS_EN.exec(text)) {
    const streetEnd = englishStreetEnd(m);
    if (streetEnd < 0) {
      ADDRESS_EN.lastIndex = m.index + 1; // a house number further on may start a street
      continue;
    }
    const { end, postal } = extendAddress(text, streetEnd);
    const names = m[1]!.slice(0, streetEnd - (m.index + m[0].length - m[1]!.length));
    const loose = names.split(/\s+/).slice(0, -1).some((w) => !isCapitalised(w));
    if (!loose || postal || ADDRESS_CUE.test(text.slice(Math.max(0, m.index - 60), m.index))) {
      found.push([m.index, end]);
      ADDRESS_EN.lastIndex = end;
    } else ADDRESS_EN.lastIndex = m.index + 1;
  }
  for (const re of [ADDRESS_BARE, ADDRESS_FR, ADDRESS_NAME_FIRST, ADDRESS_FUSED]) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      const { end } = extendAddress(text, m.index + m[0].length);
      found.push([m.index, end]);
      re.lastIndex = end;
    }
  }
  return found;
}

// ---------------------------------------------------------------------------------------------------------------

function trimSpan(text: string, start: number, end: number): [number, number] {
  let s = start;
  let e = end;
  while (s < e && /[\s,]/.test(text[s]!)) s++;
  while (e > s && /[\s,]/.test(text[e - 1]!)) e--;
  return [s, e];
}

// Invisible characters. Unicode's default-ignorable code points (zero-width space and joiners, word joiner, BOM,
// soft hyphen, bidi marks, variation selectors, fillers) render as nothing, so "jane\u200b.doe@example.com" reads
// as an address and "07700\u200b900123" as a number, yet neither matches a pattern. The scan runs on a copy without
// them, and each span found there is mapped back to the original, where it covers the invisible characters inside
// it: the whole span is redacted.
const INVISIBLE = /\p{Default_Ignorable_Code_Point}/u;
const INVISIBLE_RUNS = /\p{Default_Ignorable_Code_Point}+/gu;

/** One detection pass: merged, sorted, non-overlapping matches (offsets into `text`). */
function detectOnce(text: string): PiiMatch[] {
  if (!INVISIBLE.test(text)) return detectVisible(text);
  const at: number[] = []; // at[i]: offset in `text` of code unit i of the visible copy
  const parts: string[] = [];
  let from = 0;
  const keep = (to: number) => {
    for (let i = from; i < to; i++) at.push(i);
    parts.push(text.slice(from, to));
  };
  INVISIBLE_RUNS.lastIndex = 0;
  for (let m = INVISIBLE_RUNS.exec(text); m !== null; m = INVISIBLE_RUNS.exec(text)) {
    keep(m.index);
    from = m.index + m[0].length;
  }
  keep(text.length);
  return detectVisible(parts.join('')).map((m) => ({ type: m.type, start: at[m.start]!, end: at[m.end - 1]! + 1 }));
}

/** detectOnce on text without invisible characters. */
function detectVisible(text: string): PiiMatch[] {
  if (text.length === 0 || !MAY_HOLD_PII.test(text)) return [];

  const norm = FORM.test(text) ? text.replace(FORMS, normaliseChar) : text;
  const raw: PiiMatch[] = [];

  let emails = false;
  const scanChars = norm.split('');
  if (MAY_HOLD_EMAIL.test(norm)) {
    for (const re of [EMAIL, EMAIL_SPOKEN]) {
      re.lastIndex = 0;
      for (let m = re.exec(norm); m !== null; m = re.exec(norm)) {
        emails = true;
        raw.push({ type: 'email', start: m.index, end: m.index + m[0].length });
        for (let i = m.index; i < m.index + m[0].length; i++) scanChars[i] = 'x';
      }
    }
  }

  if (/\d/.test(norm)) {
    // Bank details and national ids first, on the text before dates are blanked (a sort code reads like one);
    // their digits are then out of reach of the card and phone scans.
    const emailless = emails ? scanChars.join('') : norm;
    const ids: PiiMatch[] = [
      ...findBankAccounts(emailless).map(([start, end]) => ({ type: 'bank' as const, start, end })),
      ...findNationalIds(emailless).map(([start, end]) => ({ type: 'national_id' as const, start, end })),
    ];
    const blanked = scanChars.slice();
    for (const re of BLANK_PATTERNS) blank(norm, re, blanked);
    for (const m of ids) {
      raw.push(m);
      for (let i = m.start; i < m.end; i++) blanked[i] = 'x';
    }
    const cards = findCards(blanked.join(''));
    for (const [s, e] of cards) {
      raw.push({ type: 'card', start: s, end: e });
      for (let i = s; i < e; i++) blanked[i] = 'x';
    }
    blank(norm, IBAN_LIKE, blanked);
    for (const [s, e] of findPhones(blanked.join(''))) raw.push({ type: 'phone', start: s, end: e });
    for (const [s0, e0] of findAddresses(norm)) {
      const [s, e] = trimSpan(norm, s0, e0);
      if (e > s) raw.push({ type: 'address', start: s, end: e });
    }
  }
  return merge(raw);
}

/** Merge overlapping detections; the strongest type names the merged span. */
function merge(raw: PiiMatch[]): PiiMatch[] {
  raw.sort((a, b) => a.start - b.start || b.end - a.end);
  const matches: PiiMatch[] = [];
  for (const m of raw) {
    const prev = matches[matches.length - 1];
    if (prev && m.start < prev.end) {
      prev.end = Math.max(prev.end, m.end);
      if (PRIORITY[m.type] > PRIORITY[prev.type]) prev.type = m.type;
    } else matches.push({ ...m });
  }
  return matches;
}

function redact(text: string, matches: readonly PiiMatch[]): string {
  let out = '';
  let at = 0;
  for (const m of matches) {
    out += `${text.slice(at, m.start)}[${m.type}]`;
    at = m.end;
  }
  return out + text.slice(at);
}

/** Map a span found in the redacted text back to the original: a label stands for the whole match it replaced. */
function toOriginal(span: PiiMatch, matches: readonly PiiMatch[]): PiiMatch {
  let shift = 0; // original offset minus redacted offset, before the current point
  let start = -1;
  let end = -1;
  for (const m of matches) {
    const labelStart = m.start - shift;
    const labelEnd = labelStart + m.type.length + 2;
    if (start < 0 && span.start < labelEnd) start = span.start < labelStart ? span.start + shift : m.start;
    if (end < 0 && span.end <= labelEnd) end = span.end <= labelStart ? span.end + shift : m.end;
    shift += m.end - m.start - (labelEnd - labelStart);
  }
  return { type: span.type, start: start < 0 ? span.start + shift : start, end: end < 0 ? span.end + shift : end };
}

export function detectPii(text: string): PiiResult {
  let matches = detectOnce(text);
  if (matches.length === 0) return { types: [], matches: [], redactedText: text };

  // Redaction can change a neighbour's context (a label shorter than the number it replaced brings a contact word
  // closer; a long match may have swallowed an "order"/"IMEI" keyword). Re-scan the redacted text until nothing
  // new turns up, so that redacting redactedText again always finds nothing. Costs one extra pass on PII posts.
  let redactedText = redact(text, matches);
  for (let pass = 0; pass < 3; pass++) {
    const extra = detectOnce(redactedText);
    if (extra.length === 0) break;
    matches = merge([...matches, ...extra.map((m) => toOriginal(m, matches))]);
    redactedText = redact(text, matches);
  }

  const present = new Set(matches.map((m) => m.type));
  return { types: TYPE_ORDER.filter((t) => present.has(t)), matches, redactedText };
}

/**
 * `text` with its personal information redacted as in `detectPii`, except the types in `keep`, which stay as they
 * were (a colleague's work email address in an assignee field).
 */
export function redactPiiExcept(text: string, keep: readonly PiiType[]): string {
  const r = detectPii(text);
  if (r.matches.every((m) => !keep.includes(m.type))) return r.redactedText;
  return redact(text, r.matches.filter((m) => !keep.includes(m.type)));
}

/** Types in label order, each once: those of the post and those of its author together. */
export function mergePiiTypes(...lists: ReadonlyArray<readonly PiiType[]>): PiiType[] {
  const present = new Set(lists.flat());
  return TYPE_ORDER.filter((t) => present.has(t));
}

/** The author's fields that are shown as text: the display name and the handle. */
export interface AuthorText {
  name?: string;
  handle?: string;
}

/**
 * The author's display name and handle scanned like a post ("Call me 07700 900123" → "Call me [phone]", a handle
 * "jane.doe@example.com" → "[email]"): they are stored on the case, shown on pages and put in emails, so they are
 * redacted as the text is. Every other field (the platform's author id, which is an id and never shown as a
 * name; follower count, flags) comes back as it was. `types` are those found in either; `values` the personal
 * data itself, for checks that nothing quotes it.
 */
export function redactAuthor<A extends AuthorText>(author: A): { author: A; types: PiiType[]; values: string[] } {
  let out = author;
  const types: PiiType[][] = [];
  const values: string[] = [];
  for (const key of ['name', 'handle'] as const) {
    const text = author[key];
    if (typeof text !== 'string') continue;
    const r = detectPii(text);
    if (r.matches.length === 0) continue;
    out = { ...out, [key]: r.redactedText };
    types.push(r.types);
    for (const m of r.matches) values.push(text.slice(m.start, m.end));
  }
  return { author: out, types: mergePiiTypes(...types), values };
}
