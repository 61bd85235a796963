import type { CaseBrief, ChoiceContext, EmailContent, OfferChannel, OfferContext, PageContext } from './views';

/**
 * The messages the escalation sends, rendered from already-redacted views (./views.ts): the SMS and email that page
 * an on-call person, the one email offering an upset customer a way to continue, and the email telling a case's
 * owner what the customer chose. Pure functions: no I/O, no clock, no configuration.
 *
 * - The SMS is read on a lock screen at 3 a.m.: what, how loud, which case, and the ack link on its own last line.
 *   It never names the author (nor links the post, whose URL often carries the handle), stays in the GSM-7 alphabet
 *   so it is not sent as UCS-2, and fits in two concatenated segments (306 septets) whatever the post — unless GSM-7
 *   would lose most of the quote's letters (a Chinese, Russian, Arabic post): then it is UCS-2 with the quote kept,
 *   in at most three segments (201 characters).
 * - Emails are multipart: a plain-text part that reads well on its own and a simple HTML part with inline styles
 *   only — no scripts, no images, no external resources — where every piece of data goes through `escapeHtml` and
 *   only http(s) URLs become links.
 * - The customer's email never uses internal words (case, tier, reasons); the staff emails may carry the author's
 *   public handle and, for a phone choice, the number the customer typed.
 */

// ─── Shared helpers ─────────────────────────────────────────────────────────────────────────────────────────────


import { withoutAuthorMentions } from '../author-mentions';
import { defangLinks } from '../defang';
import { escapeHtml } from '../html';
import { isKnownPlatform, platformLabel } from '../pages/format';
import { shownBrief, shownLine, shownPhone } from './shown-text';

/** The one HTML escaper (../html.ts), re-exported for the renderers that import it from here. */
export { escapeHtml };

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const formatters = new Map<string, Intl.DateTimeFormat>();

function dateParts(date: Date, timeZone: string): Record<string, string> {
  let fmt = formatters.get(timeZone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, fmt);
  }
  const parts: Record<string, string> = {};
  for (const p of fmt.formatToParts(date)) parts[p.type] = p.value;
  return parts;
}

/** The parts of an instant in a zone, falling back to UTC when the zone is unknown; undefined for a bad instant. */
function zonedParts(iso: string, timeZone: string): { day: string; time: string; zone: string } | undefined {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return undefined;
  let zone = timeZone;
  let p: Record<string, string>;
  try {
    p = dateParts(date, zone);
  } catch {
    zone = 'UTC';
    p = dateParts(date, zone);
  }
  const month = MONTHS[Number(p.month) - 1] ?? p.month;
  return { day: `${Number(p.day)} ${month} ${p.year}`, time: `${p.hour}:${p.minute}`, zone };
}

/**
 * An ISO instant as "23 Nov 2026, 03:12 (Europe/London)" in the given IANA zone. An unknown zone falls back to UTC
 * (and says so); an unparseable instant is returned as given, so a message is never lost to a bad date.
 */
export function formatWhen(iso: string, timeZone: string): string {
  const p = zonedParts(iso, timeZone);
  return p ? `${p.day}, ${p.time} (${p.zone})` : iso;
}

/** "23 Nov 2026" in the zone (for the customer, who needs the day, not the minute). */
function formatDay(iso: string, timeZone: string): string {
  return zonedParts(iso, timeZone)?.day ?? iso;
}

/** 950 → "950", 12_400 → "12.4k", 123_456 → "123k", 2_300_000 → "2.3M" (one decimal below 100 of a unit). */
function compactCount(n: number): string {
  const units: Array<[number, string]> = [
    [1e9, 'B'],
    [1e6, 'M'],
    [1e3, 'k'],
  ];
  const rounded = Math.round(n);
  if (rounded < 1000) return String(rounded);
  for (let i = 0; i < units.length; i++) {
    const [size, suffix] = units[i]!;
    if (rounded < size) continue;
    const value = rounded / size;
    const shown = value < 100 ? Math.round(value * 10) / 10 : Math.round(value);
    // 999_960 is "1M", not "1000k".
    if (shown >= 1000 && i > 0) {
      const [bigger, biggerSuffix] = units[i - 1]!;
      return `${Math.round((rounded / bigger) * 10) / 10}${biggerSuffix}`;
    }
    return `${shown}${suffix}`;
  }
  return String(rounded);
}

/** "12.4k followers, verified", "950 followers", "verified", or undefined when neither is known. */
export function reachLabel(brief: Pick<CaseBrief, 'followers' | 'verified'>): string | undefined {
  const parts: string[] = [];
  const n = brief.followers;
  if (typeof n === 'number' && Number.isFinite(n) && n >= 0) {
    const shown = compactCount(n);
    parts.push(`${shown} ${shown === '1' ? 'follower' : 'followers'}`);
  }
  if (brief.verified) parts.push('verified');
  return parts.length ? parts.join(', ') : undefined;
}

/** How the staff are told a channel: "a phone call", "an email", "a private message on x", "no thanks". */
export function channelLabel(channel: OfferChannel, platform: string): string {
  switch (channel) {
    case 'phone':
      return 'a phone call';
    case 'email':
      return 'an email';
    case 'dm':
      return `a private message on ${oneLine(platform) || 'the platform'}`;
    case 'none':
      return 'no thanks';
  }
}

/** Collapses every run of whitespace (newlines included) to one space. */
function oneLine(text: string): string {
  return String(text).replace(/\s+/g, ' ').trim();
}

/**
 * At most `max` units (as `measure` counts them), ending in `ellipsis` when cut: at the last word boundary when one
 * is reasonably close, otherwise mid-word; never inside a surrogate pair. Trailing punctuation before the ellipsis
 * goes ("sorry, …" → "sorry…").
 */
function clip(text: string, max: number, ellipsis: string, measure: (s: string) => number = (s) => Array.from(s).length): string {
  if (measure(text) <= max) return text;
  const room = max - measure(ellipsis);
  if (room <= 0) return '';
  const chars = Array.from(text);
  let cut = '';
  let used = 0;
  for (const c of chars) {
    const w = measure(c);
    if (used + w > room) break;
    cut += c;
    used += w;
  }
  const space = cut.lastIndexOf(' ');
  if (space >= cut.length * 0.6) cut = cut.slice(0, space);
  cut = cut.replace(/[\s,;:.\-–—]+$/u, '');
  return cut ? `${cut}${ellipsis}` : '';
}

/** Only http(s) URLs become links. */
function safeHttpUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:' ? url : undefined;
  } catch {
    return undefined;
  }
}

/** Subjects are one line whatever the data. */
function subjectLine(text: string): string {
  return oneLine(text.replace(/[\u0000-\u001f\u007f]/g, ' '));
}

/** "5 minutes", "1 minute", "2.5 minutes", "30 seconds"; undefined for a non-positive or unknown duration. */
function minutesLabel(minutes: number): string | undefined {
  if (!Number.isFinite(minutes) || minutes <= 0) return undefined;
  if (minutes < 1) {
    const s = Math.max(1, Math.round(minutes * 60));
    return `${s} second${s === 1 ? '' : 's'}`;
  }
  const m = Math.round(minutes * 10) / 10;
  return `${m} minute${m === 1 ? '' : 's'}`;
}

/** "Priya Shah" → "Priya"; a single word stays; anything that does not look like a name → undefined. */
export function firstName(name: string | undefined): string | undefined {
  if (!name) return undefined;
  const n = oneLine(name);
  // Digits, '@' and the like are no part of a name to greet by; nor is a redaction label ("Call me [phone]").
  if (!n || n.length > 60 || /[@<>\d_/\\:[\]]/.test(n) || !/\p{L}/u.test(n)) return undefined;
  // A capital, then letters with at least one lower-case one ("Priya", "O'Brien", "McNeil"; not "ACME" nor "Dr.").
  const word = "\\p{Lu}(?=[\\p{L}\\p{M}'’-]*\\p{Ll})[\\p{L}\\p{M}'’-]*";
  if (new RegExp(`^${word}(?:\\s+${word})+$`, 'u').test(n)) return n.split(' ')[0];
  return n;
}

/** What people call the platform: "facebook" → "Facebook", "x" → "X"; a generic source "reviews" → "Reviews". */
function platformName(platform: string): string {
  const p = oneLine(platform);
  return p ? platformLabel(p) : 'social media';
}

/** For staff: "X mention", "Facebook comment"; "review on Reviews" where the source's name is the kind's plural. */
function platformPost(b: Pick<CaseBrief, 'platform' | 'kind'>): string {
  const platform = platformName(b.platform);
  const kind = oneLine(b.kind);
  return platform.toLowerCase().replace(/s$/, '') === kind.toLowerCase() ? `${kind} on ${platform}` : `${platform} ${kind}`;
}

/** What a customer calls what they wrote: a mention is just their post, a dm their message. */
function customerKind(kind: string): string {
  const k = oneLine(kind).toLowerCase();
  if (k === 'comment' || k === 'review') return k;
  if (k === 'dm') return 'message';
  return 'post';
}

/** The lines of a post quoted for a plain-text email ("> …"), blank lines kept short, links broken. */
function quoteText(text: string): string {
  const lines = defangLinks(text).replace(/\r\n?/g, '\n').trim().split('\n');
  return lines.map((l) => (l.trim() ? `> ${l.trimEnd()}` : '>')).join('\n');
}

/** A quoted post as HTML: escaped, its line breaks kept, its links broken (mail clients link bare URLs and host names). */
function htmlLines(text: string): string {
  return escapeHtml(defangLinks(text).replace(/\r\n?/g, '\n').trim()).replace(/\n/g, '<br>\n');
}

const FONT = 'font-family:Arial,Helvetica,sans-serif;';
const STYLE = {
  body: `margin:0;padding:0;background:#ffffff;color:#1b1b1f;${FONT}font-size:16px;line-height:1.5;`,
  wrap: 'max-width:600px;margin:0 auto;padding:20px 16px;',
  p: 'margin:0 0 14px 0;',
  quote:
    'margin:0 0 16px 0;padding:12px 16px;background:#f2f3f5;border-left:4px solid #c4c6cc;color:#1b1b1f;overflow-wrap:anywhere;word-break:break-word;',
  muted: 'color:#4f5157;font-size:14px;',
  th: 'text-align:left;padding:2px 12px 2px 0;color:#4f5157;font-weight:normal;vertical-align:top;white-space:nowrap;',
  td: 'padding:2px 0;vertical-align:top;overflow-wrap:anywhere;word-break:break-word;',
  link: 'color:#0b57d0;',
  // A link written out in full is one 80-character "word": it must break anywhere, or it overflows a phone's screen.
  fallback: 'color:#4f5157;font-size:14px;margin:0 0 14px 0;overflow-wrap:anywhere;word-break:break-all;',
} as const;

function button(href: string, label: string, colour: string): string {
  return (
    `<p style="margin:20px 0;"><a href="${escapeHtml(href)}" style="display:inline-block;padding:14px 28px;background:${colour};` +
    `color:#ffffff;${FONT}font-size:18px;font-weight:bold;text-decoration:none;border-radius:6px;">${escapeHtml(label)}</a></p>`
  );
}

function link(href: string, label: string = href): string {
  return `<a href="${escapeHtml(href)}" style="${STYLE.link}">${escapeHtml(label)}</a>`;
}

function para(inner: string, style: string = STYLE.p): string {
  return `<p style="${style}">${inner}</p>`;
}

/** A table of label/value rows; values are already HTML. Rows without a value are left out. */
function facts(rows: Array<[string, string | undefined]>): string {
  const body = rows
    .filter((r): r is [string, string] => r[1] !== undefined && r[1] !== '')
    .map(([k, v]) => `<tr><th scope="row" style="${STYLE.th}">${escapeHtml(k)}</th><td style="${STYLE.td}">${v}</td></tr>`)
    .join('\n');
  return `<table role="presentation" style="border-collapse:collapse;margin:0 0 16px 0;font-size:15px;">\n${body}\n</table>`;
}

function htmlDocument(title: string, inner: string): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    '</head>',
    `<body style="${STYLE.body}">`,
    `<div style="${STYLE.wrap}">`,
    inner,
    '</div>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** Plain-text paragraphs, empty ones dropped, separated by a blank line. */
function textParagraphs(parts: Array<string | undefined | false>): string {
  return `${parts.filter((p): p is string => typeof p === 'string' && p.trim() !== '').join('\n\n')}\n`;
}

// ─── GSM-7 ──────────────────────────────────────────────────────────────────────────────────────────────────────

/** The longest SMS we send: two concatenated GSM-7 segments of 153 septets. */
export const SMS_MAX_CHARS = 306;

/**
 * The longest UCS-2 (Unicode) SMS we send: three concatenated segments of 67 characters (70 for one alone). Two, the
 * GSM-7 cap's segment count, would not hold even the head, case and ack lines of a typical page (~140 characters)
 * with a quote, so a post in another script costs one more segment; without room for its quote the SMS is GSM-7.
 */
export const SMS_MAX_UCS2_UNITS = 3 * 67;

/** GSM 03.38 basic character set (without the escape code). */
const GSM7_BASIC = new Set(
  Array.from(
    '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
  ),
);
/** The extension table: each costs two septets (escape + character). */
const GSM7_EXTENDED = new Set(Array.from('^{}\\[~]|€'));

/** True when every character of `text` can be sent in the GSM-7 alphabet (basic set or extension table). */
export function isGsm7(text: string): boolean {
  for (const c of text) if (!GSM7_BASIC.has(c) && !GSM7_EXTENDED.has(c)) return false;
  return true;
}

/** Length in septets, as the carrier counts it (extension characters take two). */
function gsm7Length(text: string): number {
  let n = 0;
  for (const c of text) n += GSM7_EXTENDED.has(c) ? 2 : 1;
  return n;
}

const TRANSLITERATIONS: Record<string, string> = {
  '\u201c': '"', // “
  '\u201d': '"', // ”
  '\u201e': '"', // „
  '\u201f': '"',
  '\u00ab': '"', // «
  '\u00bb': '"', // »
  '\u2033': '"', // ″
  '\u2018': "'", // ‘
  '\u2019': "'", // ’
  '\u201a': "'", // ‚
  '\u201b': "'",
  '\u2032': "'", // ′
  '`': "'",
  '\u00b4': "'", // ´
  '\u2010': '-',
  '\u2011': '-',
  '\u2012': '-',
  '\u2013': '-', // –
  '\u2014': '-', // —
  '\u2015': '-',
  '\u2212': '-', // −
  '\u2022': '-', // •
  '\u2026': '...', // …
  '\u00d7': 'x', // ×
  '\u00e7': 'c', // ç: GSM-7 has only the capital
};

/**
 * Text made sendable as GSM-7: smart quotes, dashes and the ellipsis become ASCII, accented letters lose accents
 * GSM-7 lacks (á → a), any whitespace becomes a space, and what is left outside the alphabet (emoji, CJK, …) goes.
 */
function toGsm7(text: string): string {
  let out = '';
  for (const c of String(text)) {
    if (/\s/u.test(c)) out += ' ';
    else if (GSM7_BASIC.has(c) || GSM7_EXTENDED.has(c)) out += c;
    else if (TRANSLITERATIONS[c] !== undefined) out += TRANSLITERATIONS[c];
    else {
      const bare = c.normalize('NFD').replace(/\p{M}/gu, '');
      if (bare && bare !== c && isGsm7(bare)) out += bare;
    }
  }
  return oneLine(out);
}

/** How an SMS quoting a post is encoded and measured. */
interface SmsQuoting {
  /** The quote, in the encoding's alphabet, one line. */
  quote: string;
  measure: (s: string) => number;
  max: number;
  ellipsis: string;
}

const GSM7_QUOTING = (text: string): SmsQuoting => ({ quote: toGsm7(text), measure: gsm7Length, max: SMS_MAX_CHARS, ellipsis: '...' });
const UCS2_QUOTING = (text: string): SmsQuoting => ({ quote: toUcs2(text), measure: (s) => s.length, max: SMS_MAX_UCS2_UNITS, ellipsis: '…' });

/** Text made sendable as UCS-2: one line, without characters outside the Basic Multilingual Plane (emoji). */
function toUcs2(text: string): string {
  return oneLine(String(text).replace(/[\ud800-\udfff]/g, ''));
}

/** Letters of the words of a quote: links (defanged ones too) and labels such as "[author]" or "[phone]" left out. */
const letterCount = (text: string) => (text.replace(/[\x21-\x7e]*(?::\/\/|\[\.\])[\x21-\x7e]*/g, ' ').replace(/\[[a-z_]+\]/g, ' ').match(/\p{L}/gu) ?? []).length;

/**
 * The encodings to try for an SMS quoting `text`, best first: GSM-7 (two segments, 306 septets) when it keeps at
 * least half the quote's letters; otherwise UCS-2 first (a Chinese, Russian or Arabic post keeps its words: three
 * segments), then GSM-7 for when the UCS-2 SMS has no room for a quote.
 */
function smsQuotings(text: string): SmsQuoting[] {
  const gsm7 = GSM7_QUOTING(text);
  const letters = letterCount(text);
  return letters > 0 && letterCount(gsm7.quote) * 2 < letters ? [UCS2_QUOTING(text), gsm7] : [gsm7];
}

/**
 * The post as an SMS may quote it: any mention of the author's own handle or name replaced, so it names nobody, and
 * its links broken (phones link URLs in texts too).
 */
function quotableInSms(text: string, author: string | undefined): string {
  return defangLinks(withoutAuthorMentions(text, [author]));
}

/** One line of a post for a list (the crisis evidence): shown text (./shown-text.ts), whitespace collapsed, links broken. */
function quoteLine(text: string): string {
  return shownLine(text);
}

// ─── Paging ─────────────────────────────────────────────────────────────────────────────────────────────────────

/** The ideal length of the SMS summary of the post, in septets (quotes excluded). */
const SMS_SUMMARY_CHARS = 80;
/** Below this a summary says too little to be worth its line. */
const SMS_SUMMARY_MIN = 16;

/** "No ack from tier 1 - you're tier 2"; undefined for the first tier of the first round. ASCII only. */
function smsTierNote(ctx: PageContext): string | undefined {
  const { tier, round } = ctx;
  if (round > 1) return `No ack in ${round - 1 === 1 ? 'round 1' : `rounds 1-${round - 1}`} - you're tier ${tier}, round ${round}`;
  if (tier > 1) return `No ack from ${tier === 2 ? 'tier 1' : `tiers 1-${tier - 1}`} - you're tier ${tier}`;
  return undefined;
}

/**
 * The SMS that pages one on-call person, e.g.
 *
 *     CRITICAL threat - facebook comment
 *     Reach: 12.4k followers, verified
 *     "My son had a reaction to your burger, I'm calling the papers tomorrow..."
 *     Case c_abc
 *     No ack from tier 1 - you're tier 2
 *     Acknowledge: https://care.example.com/ack/k3Jd…
 *
 * No author, no post link, nothing personal beyond the redacted text. GSM-7 (unless the ack URL itself is not) and
 * at most `SMS_MAX_CHARS` septets: the summary shrinks first, then the optional lines go; the link is never cut. A
 * post in another script is quoted in UCS-2 within `SMS_MAX_UCS2_UNITS` instead (see `smsWithQuote`).
 */
export function pageSms(ctx: PageContext): string {
  const b = shownBrief(ctx.brief);
  const cap = (s: string, n: number) => clip(toGsm7(s), n, '...', gsm7Length);
  const category = b.category === 'threat' || b.category === 'complaint' || b.category === 'question' ? ` ${b.category}` : '';
  const head = `${cap(b.urgency.toUpperCase(), 12)}${category} - ${cap(b.platform, 24) || 'post'} ${cap(b.kind, 16)}`.trimEnd();
  const reach = reachLabel(b);
  const reachLine = reach ? `Reach: ${reach}` : undefined;
  const caseLine = `Case ${cap(b.caseId, 70)}`;
  const tierLine = smsTierNote(ctx);
  const ackLine = `Acknowledge: ${oneLine(ctx.ackUrl)}`;
  // A new critical post on a case someone holds: said right under the head, and kept as long as anything optional.
  const alertLine = ctx.alert ? cap(ctx.alert, 80) || undefined : undefined;
  const compose = (lines: Array<string | undefined>) => lines.filter((l): l is string => !!l).join('\n');
  return smsWithQuote(
    quotableInSms(b.text, b.author),
    (summaryLine) => [
      compose([head, alertLine, reachLine, summaryLine, caseLine, tierLine, ackLine]),
      compose([head, alertLine, reachLine, caseLine, tierLine, ackLine]),
      compose([head, alertLine, caseLine, tierLine, ackLine]),
      compose([head, alertLine, caseLine, ackLine]),
      compose([head, caseLine, ackLine]),
      compose([head, ackLine]),
    ],
    compose([b.urgency.toUpperCase(), ackLine]),
  );
}

/**
 * An SMS built by `candidates` (best first; the first holds the quote line) around a one-line quote of `text`:
 * GSM-7 within SMS_MAX_CHARS, or — for a post whose letters GSM-7 would mostly lose — UCS-2 within SMS_MAX_UCS2_UNITS
 * with the quote kept. The quote gets whatever room the other lines leave, up to SMS_SUMMARY_CHARS; a UCS-2 SMS with
 * no room for its quote is not worth its cost, and the GSM-7 one is sent. `last` when nothing else fits.
 */
function smsWithQuote(text: string, candidates: (summaryLine: string | undefined) => string[], last: string, ideal: number = SMS_SUMMARY_CHARS): string {
  const quotings = smsQuotings(text);
  for (const [i, q] of quotings.entries()) {
    const fits = (sms: string) => q.measure(sms) <= q.max;
    const others = candidates(undefined)[0]!;
    const room = Math.min(ideal, q.max - q.measure(others) - 3); // two quotes and a newline
    const summary = room >= SMS_SUMMARY_MIN ? clip(q.quote || '(no text)', room, q.ellipsis, q.measure) : '';
    if (!summary && i < quotings.length - 1) continue;
    const found = candidates(summary ? `"${summary}"` : undefined).find(fits);
    if (found !== undefined && (found.includes('\n"') || i === quotings.length - 1)) return found;
  }
  return last;
}

/** "If nobody acknowledges within 15 minutes, the next tier (tier 2 of 3) is paged." */
function escalationNote(ctx: PageContext): string {
  const within = minutesLabel(ctx.ackWithinMinutes);
  const ifNobody = within ? `If nobody acknowledges within ${within}` : 'If nobody acknowledges';
  if (ctx.tier < ctx.tierCount) return `${ifNobody}, the next tier (tier ${ctx.tier + 1} of ${ctx.tierCount}) is paged.`;
  return `This is the last tier (tier ${ctx.tier} of ${ctx.tierCount}): ${ifNobody.charAt(0).toLowerCase()}${ifNobody.slice(1)}, nobody else is paged in this round.`;
}

/** "You're being paged as tier 2 (Customer care manager), round 2." */
function pagedAs(ctx: PageContext): string {
  const name = oneLine(ctx.tierName);
  return `You're being paged as tier ${ctx.tier}${name ? ` (${name})` : ''}${ctx.round > 1 ? `, round ${ctx.round}` : ''}.`;
}

/** Why this person is paged and not someone before them; undefined on the first tier of the first round. */
function noAckYet(ctx: PageContext): string | undefined {
  if (ctx.round > 1) return `Nobody acknowledged it in ${ctx.round === 2 ? 'round 1' : `rounds 1–${ctx.round - 1}`}, so the pages have started again.`;
  if (ctx.tier > 1) return `Nobody at ${ctx.tier === 2 ? 'tier 1' : `tiers 1–${ctx.tier - 1}`} has acknowledged it.`;
  return undefined;
}

/** "a CRITICAL threat" / "a HIGH complaint" / "an urgent post" in a sentence. */
function whatItIs(b: CaseBrief): string {
  const urgency = b.urgency.toUpperCase();
  const noun = b.category === 'other' ? 'post' : b.category;
  return `${/^[AEIOU]/.test(urgency) ? 'an' : 'a'} ${urgency} ${noun}`;
}

/** The pager email: everything the on-call person needs to decide, and one big Acknowledge link. */
export function pageEmail(ctx: PageContext): EmailContent {
  const b = shownBrief(ctx.brief);
  const platform = platformName(b.platform);
  const kind = oneLine(b.kind);
  const alert = ctx.alert ? oneLine(ctx.alert) : '';
  const subject = subjectLine(
    `[${b.urgency.toUpperCase()}]${alert ? ' New post:' : ''} ${platform} ${kind} — case ${b.caseId} (tier ${ctx.tier}${ctx.round > 1 ? `, round ${ctx.round}` : ''})`,
  );
  const hello = firstName(ctx.contactName);
  const greeting = hello ? `Hi ${hello},` : 'Hello,';
  const intro = `${alert ? `${alert}. ` : ''}${whatItIs(b).replace(/^a/, 'A')} on ${platform} needs someone now. ${pagedAs(ctx)}`;
  const noAck = noAckYet(ctx);
  const reach = reachLabel(b);
  const received = formatWhen(b.receivedAt, ctx.timezone);
  const postUrl = safeHttpUrl(b.url);
  const reasons = b.reasons.map(oneLine).filter(Boolean);
  const escalation = escalationNote(ctx);
  const ack = oneLine(ctx.ackUrl);
  const ackHref = safeHttpUrl(ack);

  const text = textParagraphs([
    greeting,
    [intro, noAck].filter(Boolean).join(' '),
    `Acknowledge (this stops the pages): ${ack}`,
    `${alert ? 'The new post' : 'The post'} (redacted):\n${quoteText(b.text)}`,
    [
      `Platform: ${platform} ${kind}`,
      b.author ? `Author: ${oneLine(b.author)}` : undefined,
      reach ? `Reach: ${reach}` : undefined,
      `Received: ${received}`,
      postUrl ? `Post: ${postUrl}` : undefined,
      `Case: ${b.caseId}`,
    ]
      .filter(Boolean)
      .join('\n'),
    reasons.length ? `Why it was flagged:\n${reasons.map((r) => `- ${r}`).join('\n')}` : undefined,
    escalation,
  ]);

  const html = htmlDocument(
    subject,
    [
      para(escapeHtml(greeting)),
      para(`<strong>${escapeHtml(intro)}</strong>${noAck ? ` ${escapeHtml(noAck)}` : ''}`),
      ackHref ? button(ackHref, 'Acknowledge', '#b3261e') : para(`Acknowledge: ${escapeHtml(ack)}`),
      ackHref ? para(`Acknowledging stops the pages. If the button does not work, open ${link(ackHref)}`, STYLE.fallback) : '',
      `<blockquote style="${STYLE.quote}">${htmlLines(b.text)}</blockquote>`,
      facts([
        ['Platform', escapeHtml(`${platform} ${kind}`)],
        ['Author', b.author ? escapeHtml(oneLine(b.author)) : undefined],
        ['Reach', reach ? escapeHtml(reach) : undefined],
        ['Received', escapeHtml(received)],
        ['Post', postUrl ? link(postUrl, 'Open the post') : undefined],
        ['Case', escapeHtml(b.caseId)],
      ]),
      reasons.length
        ? `${para('<strong>Why it was flagged</strong>', 'margin:0 0 6px 0;')}\n<ul style="margin:0 0 16px 0;padding-left:20px;">\n${reasons
            .map((r) => `<li>${escapeHtml(r)}</li>`)
            .join('\n')}\n</ul>`
        : '',
      para(escapeHtml(escalation)),
    ]
      .filter(Boolean)
      .join('\n'),
  );
  return { subject, text, html };
}

// ─── The offer to the customer ──────────────────────────────────────────────────────────────────────────────────

/** The customer-facing quote of their post. */
const OFFER_QUOTE_CHARS = 120;

/** An IANA zone named in business hours such as "Mon–Fri 09:00–17:30 (Europe/London)", for showing dates. */
function zoneFromHours(businessHours: string | undefined): string {
  const m = businessHours?.match(/\b([A-Z][A-Za-z_]+(?:\/[A-Za-z0-9_+-]+)+)\b/);
  if (!m) return 'UTC';
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: m[1] });
    return m[1]!;
  } catch {
    return 'UTC';
  }
}

/** The apology and the why, in the customer's terms; no admission of fault. */
function offerOpening(b: CaseBrief, sourceName: string | undefined): { subject: string; sorry: string } {
  // "your comment on Facebook", "your review on Trustpilot"; a generic source's id ("reviews", "blog-platform") is not a
  // name to show a customer, so a source without a configured name is not named.
  const where = isKnownPlatform(b.platform) ? `${customerKind(b.kind)} on ${platformName(b.platform)}` : sourceName ? `${customerKind(b.kind)} on ${sourceName}` : customerKind(b.kind);
  if (b.category === 'threat') {
    return {
      subject: `About your ${where} — can we talk it through?`,
      sorry: "We're sorry things have come to this. We'd much rather sort it out with you directly, and we'd like to hear the whole story.",
    };
  }
  if (b.category === 'complaint') {
    return {
      subject: `About your ${where} — how would you like us to help?`,
      sorry: "We're sorry you've had this experience, and we'd like to help put it right.",
    };
  }
  return {
    subject: `About your ${where} — how would you like us to help?`,
    sorry: "Thanks for getting in touch. We'd like to help, in whatever way suits you.",
  };
}

/**
 * The one email offering an upset customer a way to continue offline: who we are answering, a plain apology, the
 * four choices (phone, email, private message, no thanks) behind one link, and when the link stops working. Nothing
 * internal: no case id, no classifier reasons, no tracking.
 */
export function offerEmail(ctx: OfferContext): EmailContent {
  const b = shownBrief(ctx.brief);
  const zone = zoneFromHours(ctx.businessHours);
  const platform = platformName(b.platform);
  // A social platform is named, and offers a private message; a generic source (a review site, a blog) is named only
  // by the name configured for it (never by its id, "reviews") and has no private messages to answer on.
  const social = isKnownPlatform(b.platform);
  const sourceName = social || !ctx.sourceName ? undefined : oneLine(ctx.sourceName);
  const onPlatform = social ? ` on ${platform}` : sourceName ? ` on ${sourceName}` : '';
  const known = ctx.addressFrom === 'directory';
  const { subject: rawSubject, sorry: knownSorry } = offerOpening(b, sourceName);
  const subject = subjectLine(rawSubject);
  const name = known && ctx.customerName ? firstName(shownLine(ctx.customerName)) : undefined;
  const greeting = name ? `Hi ${name},` : 'Hello,';
  // Only the directory's customers see their words again (redacted, links broken): anyone else may be whoever an
  // attacker named, and would be reading the attacker's text from the brand's own address.
  const quote = known ? clip(oneLine(defangLinks(b.text)), OFFER_QUOTE_CHARS, '…') : '';
  const day = formatDay(b.receivedAt, zone);
  const wrote = known
    ? `You wrote${onPlatform} on ${day}${quote ? ':' : '.'}`
    : `We received a ${customerKind(b.kind)}${onPlatform} on ${day} that gave this email address for a reply.`;
  const sorry = known ? knownSorry : "If it was you: we're sorry about your experience, and we'd like to help put it right. If it wasn't, please ignore this email — we won't write again about it.";
  const choices = [
    'a phone call (leave a number and a good time, if you like)',
    'an email',
    ...(social ? [`a private message on ${platform}`] : []),
    "no thanks, I'm fine",
  ];
  const inPrivate = customerKind(b.kind) === 'message' || ['whatsapp', 'messenger'].includes(oneLine(b.platform).toLowerCase());
  const ask = inPrivate
    ? "If it would help to talk this through properly, tell us how you'd like us to get in touch:"
    : "If it's easier to talk this through away from the public thread, tell us how you'd like us to get in touch:";
  const choose = 'Choose how we get in touch';
  const url = oneLine(ctx.offerUrl);
  const href = safeHttpUrl(url);
  const hours = ctx.businessHours ? oneLine(ctx.businessHours) : undefined;
  const hoursLine = hours ? `Our team is around ${hours}, so a call or reply will come in those hours.` : undefined;
  const expiry = `The link works until ${formatWhen(ctx.expiresAt, zone)}. If you'd rather leave it, that's fine too — we won't chase you.`;
  const business = oneLine(ctx.businessName);
  const signOff = `Thank you for telling us,\n${business}`;

  const text = textParagraphs([
    greeting,
    quote ? `${wrote}\n"${quote}"` : wrote,
    sorry,
    `${ask}\n${choices.map((c) => `- ${c}`).join('\n')}`,
    `It takes a moment: ${url}`,
    hoursLine,
    expiry,
    signOff,
  ]);

  const html = htmlDocument(
    subject,
    [
      para(escapeHtml(greeting)),
      para(escapeHtml(wrote)),
      quote ? `<blockquote style="${STYLE.quote}">${escapeHtml(quote)}</blockquote>` : '',
      para(escapeHtml(sorry)),
      para(escapeHtml(ask), 'margin:0 0 6px 0;'),
      `<ul style="margin:0 0 16px 0;padding-left:20px;">\n${choices.map((c) => `<li>${escapeHtml(c)}</li>`).join('\n')}\n</ul>`,
      href ? button(href, choose, '#0b57d0') : para(escapeHtml(url)),
      href ? para(`If the button does not work, open ${link(href)}`, STYLE.fallback) : '',
      hoursLine ? para(escapeHtml(hoursLine)) : '',
      para(escapeHtml(expiry)),
      para(`Thank you for telling us,<br>\n${escapeHtml(business)}`),
    ]
      .filter(Boolean)
      .join('\n'),
  );
  return { subject, text, html };
}

// ─── The customer's choice, told to staff ───────────────────────────────────────────────────────────────────────

/** What to do next for each channel. */
function nextStep(ctx: ChoiceContext): string {
  switch (ctx.channel) {
    case 'phone':
      return ctx.phone ? 'Please call them on the number above.' : 'They did not leave a number: use the one we have for them, or ask in a private message.';
    case 'email':
      return 'Please write to them at the email address the offer went to.';
    case 'dm':
      return `Please send them a private message on ${oneLine(ctx.brief.platform) || 'the platform'}.`;
    case 'none':
      return "They'd rather not be contacted about this; please don't reach out again about it. A public reply on the thread, if it still needs one, is fine.";
  }
}

/**
 * The email telling the case's owner (or tier 1, when nobody has acknowledged the case) what the customer chose:
 * the choice in the subject, the phone number and time for a call, the post, and whether it waits for the morning.
 */
export function choiceEmail(ctx: ChoiceContext): EmailContent {
  const b = shownBrief(ctx.brief);
  const label = channelLabel(ctx.channel, b.platform);
  const subject = subjectLine(
    ctx.channel === 'none' ? `Customer said no thanks — case ${b.caseId}` : `Customer chose ${label} — case ${b.caseId}`,
  );
  const owner = firstName(ctx.ownerName);
  const greeting = owner ? `Hi ${owner},` : 'Hello,';
  const who = (ctx.customerName && shownLine(ctx.customerName)) || 'The customer';
  const post = platformPost(b);
  const chose =
    ctx.channel === 'none'
      ? `${who} said no thanks to our offer to continue offline, about their ${post}.`
      : `${who} chose ${label}, answering our offer to continue offline about their ${post}.`;
  const unowned = ctx.unowned ? `Nobody has acknowledged case ${b.caseId} yet, so this comes to you as tier 1.` : undefined;
  // What the customer typed into the form: the number as digits only, the time as shown text (redacted, defanged).
  const phone = (ctx.channel === 'phone' && ctx.phone && shownPhone(ctx.phone)) || undefined;
  const time = (ctx.channel === 'phone' && ctx.time && shownLine(ctx.time)) || undefined;
  const telHref = phone ? `tel:${phone.replace(/[^+\d]/g, '')}` : undefined;
  const next = nextStep(ctx);
  const hours = ctx.businessHours ? oneLine(ctx.businessHours) : undefined;
  const outside =
    !ctx.withinBusinessHours && ctx.channel !== 'none'
      ? `It's outside business hours${hours ? ` (${hours})` : ''}; this is in the morning queue unless you pick it up now.`
      : undefined;
  const received = formatWhen(b.receivedAt, ctx.timezone);
  const chosenAt = formatWhen(ctx.chosenAt, ctx.timezone);
  const postUrl = safeHttpUrl(b.url);

  const text = textParagraphs([
    greeting,
    unowned,
    chose,
    [phone ? `Phone: ${phone}` : undefined, time ? `Preferred time: ${time}` : undefined].filter(Boolean).join('\n'),
    next,
    outside,
    `The post (redacted):\n${quoteText(b.text)}`,
    [
      `Platform: ${post}`,
      b.author ? `Author: ${oneLine(b.author)}` : undefined,
      `Received: ${received}`,
      `Chose: ${chosenAt}`,
      postUrl ? `Post: ${postUrl}` : undefined,
      `Case: ${b.caseId} (${b.urgency} ${b.category})`,
    ]
      .filter(Boolean)
      .join('\n'),
  ]);

  const html = htmlDocument(
    subject,
    [
      para(escapeHtml(greeting)),
      unowned ? para(`<strong>${escapeHtml(unowned)}</strong>`) : '',
      para(escapeHtml(chose)),
      phone || time
        ? facts([
            ['Phone', phone && telHref ? link(telHref, phone) : undefined],
            ['Preferred time', time ? escapeHtml(time) : undefined],
          ])
        : '',
      para(escapeHtml(next)),
      outside ? para(`<strong>${escapeHtml(outside)}</strong>`) : '',
      `<blockquote style="${STYLE.quote}">${htmlLines(b.text)}</blockquote>`,
      facts([
        ['Platform', escapeHtml(post)],
        ['Author', b.author ? escapeHtml(oneLine(b.author)) : undefined],
        ['Received', escapeHtml(received)],
        ['Chose', escapeHtml(chosenAt)],
        ['Post', postUrl ? link(postUrl, 'Open the post') : undefined],
        ['Case', escapeHtml(`${b.caseId} (${b.urgency} ${b.category})`)],
      ]),
    ]
      .filter(Boolean)
      .join('\n'),
  );
  return { subject, text, html };
}

/** The building blocks, for the other pager messages in the same style (SLA warnings and crisis alerts, ../sla/messages.ts). */
export const pagerStyle = {
  oneLine,
  clip,
  toGsm7,
  gsm7Length,
  quotableInSms,
  smsWithQuote,
  quoteLine,
  subjectLine,
  platformName,
  quoteText,
  htmlLines,
  htmlDocument,
  textParagraphs,
  para,
  facts,
  button,
  link,
  safeHttpUrl,
  firstName,
  STYLE,
  SMS_MAX_CHARS,
} as const;
