import * as z from 'zod';

/**
 * Bounds for fields that come from people and platforms we do not control. A post must never be lost over its
 * author's 20,000-character display name, so display fields are shortened; ids cannot be shortened without becoming
 * other ids, so an over-long id is refused (the item is parked, its siblings go on). Every bound also keeps one event
 * inside one SQS message and every DynamoDB key far below its 1–2 KB limit.
 */

export const LIMITS = {
  /** Platform ids seen in the wild are under 100 characters (a WhatsApp wamid is the longest, ~60–90). */
  idChars: 256,
  nameChars: 200,
  handleChars: 100,
  /** Browsers and CDNs cap URLs near 2 KB; a cut URL is a broken one, so a longer one is dropped. */
  urlChars: 2048,
  /** RFC 5321's longest path. */
  emailChars: 254,
  attachments: 20,
  attachmentChars: 100,
  /** A caption or a title on an attachment; the post's own words are in `text`. */
  captionChars: 1000,
} as const;

/**
 * Cuts `text` to at most `max` UTF-16 units, ending in "…" when cut, and never inside a surrogate pair (an emoji).
 */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}…`;
}

/** A display string shortened to `max` (names, handles): kept, never refused. */
export const displayText = (max: number) => z.string().transform((s) => clip(s, max));

/** An id: non-empty and at most `max` characters, refused otherwise (shortening an id would make it another id). */
export const idText = (max: number = LIMITS.idChars) => z.string().min(1).max(max);

/**
 * An optional reference (a reply-to id, the business account): one too long to be real is dropped rather than
 * refused, so the post it rides on is still kept.
 */
export const optionalReference = (max: number = LIMITS.idChars) =>
  z
    .string()
    .transform((s) => (s.length > 0 && s.length <= max ? s : undefined))
    .optional();

/**
 * A link staff may open: http or https only (a `javascript:` or `data:` link in a page or email is an attack, not a
 * post), with no user name or password before the host (`https://bank.com@evil.example/` is a disguise), at most
 * `LIMITS.urlChars`; anything else is dropped.
 */
export const optionalHttpUrl = z.string().transform(httpLink).optional();

/** `s` when it is a link staff may open (see optionalHttpUrl), else undefined; also for values read back from storage. */
export function httpLink(s: unknown): string | undefined {
  return typeof s === 'string' && s.length <= LIMITS.urlChars && /^https?:\/\/[^\s]+$/i.test(s) && !/^https?:\/\/[^/?#]*@/i.test(s) ? s : undefined;
}

/** An address a source vouches for; one longer than any deliverable address is dropped. */
export const optionalEmail = z
  .string()
  .transform((s) => (s.length <= LIMITS.emailChars ? s : undefined))
  .optional();
