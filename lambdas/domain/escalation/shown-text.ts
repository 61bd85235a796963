import { withAttachments } from '../attachments';
import { detectPii } from '../classifier/pii';
import { defangLinks } from '../defang';
import type { CaseBrief } from './views';

/**
 * What someone outside wrote, as it may be shown to staff and on the link pages: the post, a display name or handle,
 * the customer's name, what was typed into the offer form. Whoever holds an offer link or picks a display name
 * chooses these words, so before any renderer shows them (escapes them for HTML, fits them into an SMS):
 *
 * - terminal escape sequences, control characters (C0, DEL, C1) and every format character (bidi overrides, embeddings
 *   and isolates, the marks, zero-width characters, the BOM) are removed; line breaks become "\n" (or a space in a
 *   line); other whitespace a space;
 * - personal information is redacted by the one detector (`detectPii`, ../classifier/pii.ts): `[card]`, `[phone]`…
 *   (the stored post and author name are redacted at intake already; redacting again finds nothing);
 * - links are defanged (../defang.ts): `hxxps://evil[.]example`, which no mail client, phone or browser links.
 *
 * Idempotent: shown text is shown as it is. The phone number a customer typed for a callback is the one field not
 * redacted (`shownPhone`).
 */

/** ANSI escape sequences (CSI, OSC, and two-character ones): a terminal or log viewer would act on them. */
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]?|\u009b[0-?]*[ -/]*[@-~]?|\u001b\][^\u0007\u001b\u009c]*(?:\u0007|\u001b\\|\u009c)?|\u001b[@-Z\\-_]?/g;
/** Line breaks of every kind. */
const LINE_BREAK = /\r\n?|[\n\u000b\u000c\u0085\u2028\u2029]/g;
/** Controls (besides the line break) and format characters: nothing a reader sees, much that reorders or hides text. */
const INVISIBLE = /[\p{Cc}\p{Cf}]/gu;

function clean(text: string, keepLines: boolean): string {
  const lines = String(text).replace(ANSI, '').replace(LINE_BREAK, '\n').replace(/\t/g, ' ');
  const bare = keepLines ? lines.split('\n').map((l) => l.replace(INVISIBLE, '')).join('\n') : lines.replace(/\n/g, ' ').replace(INVISIBLE, '');
  return defangLinks(detectPii(bare).redactedText);
}

/** A quoted post (or any text of several lines) as staff and the pages may show it: its lines kept. */
export function shownText(text: string): string {
  return clean(text, true);
}

/** A name, a handle or a form field as staff and the pages may show it: one line, whitespace collapsed. */
export function shownLine(text: string): string {
  return clean(text, false).replace(/\s+/g, ' ').trim();
}

/**
 * The callback number as typed, minus anything invisible: not redacted (it is what staff need) nor defanged (the form
 * accepts only digits, spaces and `+().-` there, OfferChoiceFormSchema).
 */
export function shownPhone(phone: string): string {
  return String(phone).replace(ANSI, '').replace(LINE_BREAK, ' ').replace(INVISIBLE, '').replace(/\s+/g, ' ').trim();
}

/**
 * A case as staff and the pages may show it: the post, the author's name or handle as shown text. What the post
 * carries besides words (`carries`) joins the text — in its place when it is empty ("[voice note]"), on a line of its
 * own beside it when not — and is cleaned with it, so every renderer shows it and none can forget to clean it.
 */
export function shownBrief(brief: CaseBrief): CaseBrief {
  const { carries, ...rest } = brief;
  return {
    ...rest,
    text: shownText(withAttachments(brief.text, carries === undefined ? undefined : shownLine(carries))),
    ...(brief.author !== undefined ? { author: shownLine(brief.author) } : {}),
  };
}
