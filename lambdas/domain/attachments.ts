import { clip, httpLink, LIMITS } from '../../schemas/bounded';
import type { PiiType } from '../../schemas/classification';
import { type Attachment, attachmentsWithinBudget, attachmentType } from '../../schemas/social-event';
import { kindOf } from './attachment-kinds';
import { withoutHidingCharacters } from './hiding-characters';
import { detectPii, mergePiiTypes } from './classifier/pii';

/**
 * What a post carries besides its words (schemas/social-event.ts `attachments`), made safe to keep and easy to read.
 * Pure.
 *
 * - `redactAttachments`: the list as a case and its timeline keep it. Captions and titles are the customer's words
 *   (a photo's caption, a file's name, a shared location's address), so they are PII-redacted by the one detector
 *   (`detectPii`, as the post's text is) and their PII types returned for the classification to count. The type is
 *   kept as a slug, a media id only when it looks like an id, a url only when it is http(s), a reference only when it
 *   is an http(s) url or an id (never `javascript:`, `data:`…). At most LIMITS.attachments items, within
 *   ATTACHMENTS_BYTES (schemas/social-event.ts; redaction can lengthen an item, so the budget is applied again).
 * - `describeAttachments`: one short line for people ("voice note", `3 photos: "caption…"`, "location: Café Central,
 *   Vienna", "order (3 items)", "document invoice.pdf", "unknown type foo"), shown wherever the post's text is shown:
 *   instead of it when it is empty, beside it when not. Built from the types and the (already redacted) captions and
 *   titles only: never a url or an id.
 * - `attachmentWords`: the captions and titles the classifier reads beside the text.
 * - `attachmentReason`: a reason for the card ("voice note: listen to it"), from the types alone.
 */

/** Characters of a caption or title a description quotes. */
const QUOTE_CHARS = 60;
/** Kinds of attachment a description names before "and N more". */
const MAX_GROUPS = 4;
/** Titles (files, places) a description names per kind. */
const MAX_TITLES = 3;
/** The longest description (a line on a card, in an SMS). */
export const DESCRIPTION_CHARS = 200;


/** A platform's id: letters, digits and a few separators (WhatsApp media ids, `x:123`, story ids). */
const ID_SHAPE = /^[A-Za-z0-9][A-Za-z0-9_.:=+\-]{0,255}$/;
/** Schemes that run or embed something when opened: never a reference, whatever else they look like. */
const UNSAFE_SCHEME = /^\s*(?:javascript|vbscript|data|file|blob|about|mailto|tel|sms|intent|filesystem)\s*:/i;

const id = (s: unknown, max: number = LIMITS.idChars): string | undefined =>
  typeof s === 'string' && s.length <= max && ID_SHAPE.test(s) && !UNSAFE_SCHEME.test(s) ? s : undefined;

export interface RedactedAttachments {
  attachments: Attachment[];
  /** PII types found in the captions and titles. */
  types: PiiType[];
  /** The personal information found (for the reasons' guard; never stored). */
  values: string[];
}

/** The list as it is stored: captions and titles redacted, links http(s) only, ids id-shaped. */
export function redactAttachments(list: readonly Partial<Attachment>[] | undefined): RedactedAttachments {
  const attachments: Attachment[] = [];
  const types: PiiType[][] = [];
  const values: string[] = [];
  for (const a of (list ?? []).slice(0, LIMITS.attachments)) {
    if (!a || typeof a !== 'object') continue;
    const out: Attachment = { type: attachmentType(a.type) };
    for (const key of ['caption', 'title'] as const) {
      const text = a[key];
      if (typeof text !== 'string') continue;
      // Direction overrides and zero-width characters make "invoice‮fdp.exe" read as a PDF: never kept.
      const plain = withoutHidingCharacters(text).replace(/\p{Cc}+/gu, ' ');
      if (plain.trim() === '') continue;
      const r = detectPii(plain);
      types.push(r.types);
      for (const m of r.matches) values.push(plain.slice(m.start, m.end));
      out[key] = clip(r.redactedText, LIMITS.captionChars);
    }
    const mediaId = id(a.mediaId);
    if (mediaId) out.mediaId = mediaId;
    const url = httpLink(a.url);
    if (url) out.url = url;
    const refersTo = httpLink(a.refersTo) ?? id(a.refersTo, LIMITS.urlChars);
    if (refersTo) out.refersTo = refersTo;
    attachments.push(out);
  }
  return { attachments: attachmentsWithinBudget(attachments), types: mergePiiTypes(...types), values };
}

/** One line: controls and format characters gone, whitespace collapsed. */
function oneLine(text: string): string {
  return text.replace(/[\p{Cc}\p{Cf}]/gu, ' ').replace(/\s+/g, ' ').trim();
}

/** Cut to `max` characters (graphemes), never inside an emoji, "…" when cut. */
function short(text: string, max: number): string {
  const chars = Array.from(new Intl.Segmenter('en', { granularity: 'grapheme' }).segment(text), (g) => g.segment);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('').trimEnd()}…`;
}

const unique = <T>(values: T[]) => [...new Set(values)];

/**
 * One short line saying what the post carries: `voice note`, `3 photos: "caption…"`, `location: Café Central,
 * Vienna`, `sticker`, `order (3 items)`, `document invoice.pdf`, `unknown type foo`; several kinds joined by ", ".
 * A caption that is the post's text already (`text`) is not repeated. Undefined when there is nothing to say.
 */
export function describeAttachments(list: readonly Partial<Attachment>[] | undefined, text = ''): string | undefined {
  if (!list?.length) return undefined;
  const words = oneLine(text);
  const groups = new Map<string, Partial<Attachment>[]>();
  for (const a of list) {
    if (!a || typeof a !== 'object') continue;
    const type = attachmentType(a.type);
    groups.set(type, [...(groups.get(type) ?? []), a]);
  }
  const parts: string[] = [];
  for (const [type, items] of [...groups].slice(0, MAX_GROUPS)) {
    const kind = kindOf(type);
    const head = items.length === 1 ? kind.one : `${items.length} ${kind.many}`;
    const titles = unique(items.map((a) => (typeof a.title === 'string' ? oneLine(a.title) : '')).filter(Boolean));
    const captions = unique(items.map((a) => (typeof a.caption === 'string' ? oneLine(a.caption) : '')).filter((c) => c && c !== words && !titles.includes(c)));
    let part = head;
    if (titles.length) {
      const shown = titles.slice(0, MAX_TITLES).map((t) => short(t, QUOTE_CHARS)).join(', ') + (titles.length > MAX_TITLES ? ', …' : '');
      const style = kind.titles ?? 'colon';
      part = style === 'paren' ? `${head} (${shown})` : style === 'space' ? `${head} ${shown}` : `${head}: ${shown}`;
    }
    if (captions.length) part += `${titles.length ? ' ' : ': '}"${short(captions[0]!, QUOTE_CHARS)}"${captions.length > 1 ? ' …' : ''}`;
    parts.push(part);
  }
  if (parts.length === 0) return undefined;
  const more = groups.size - MAX_GROUPS;
  return short(parts.join(', ') + (more > 0 ? `, and ${more} more kind${more === 1 ? '' : 's'}` : ''), DESCRIPTION_CHARS);
}

/**
 * The post's text as people see it: the text, and on a line of its own beside it, in brackets, what the post
 * carries (`[voice note]` alone when there are no words). Shown text then cleans it (escalation/shown-text.ts).
 */
export function withAttachments(text: string, description: string | undefined): string {
  if (!description) return text;
  return text.trim() === '' ? `[${description}]` : `${text}\n[${description}]`;
}

/** The captions and titles the classifier reads beside the text (one per line; a caption equal to the text left out). */
export function attachmentWords(list: readonly Partial<Attachment>[] | undefined, text = ''): string {
  const words = text.trim();
  const out: string[] = [];
  for (const a of list ?? []) {
    for (const key of ['caption', 'title'] as const) {
      const v = a?.[key];
      if (typeof v === 'string' && v.trim() && v.trim() !== words && !out.includes(v.trim())) out.push(v.trim());
    }
  }
  return out.join('\n');
}

/**
 * The reason a card gives for what a post carries, from its types alone (never its captions): "voice note: listen to
 * it", "3 photos: look at them", "photo and location: open them"; undefined without attachments.
 */
export function attachmentReason(list: readonly Partial<Attachment>[] | undefined): string | undefined {
  if (!list?.length) return undefined;
  const counts = new Map<string, number>();
  for (const a of list) if (a && typeof a === 'object') counts.set(attachmentType(a.type), (counts.get(attachmentType(a.type)) ?? 0) + 1);
  if (counts.size === 0) return undefined;
  const names = [...counts].map(([type, n]) => (n === 1 ? kindOf(type).one : `${n} ${kindOf(type).many}`));
  if (counts.size === 1) {
    const [[type, n]] = [...counts] as [[string, number]];
    const act = kindOf(type).act;
    return `${names[0]}: ${n > 1 ? act.replace(/\bit\b/, 'them') : act}`;
  }
  const listed = names.length > 3 ? `${names.slice(0, 3).join(', ')} and more` : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
  return short(`${listed}: open them`, 100);
}
