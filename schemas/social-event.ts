import * as z from 'zod';
import { clip, displayText, idText, LIMITS, optionalEmail, optionalHttpUrl, optionalReference } from './bounded';

/**
 * The one shape every webhook delivery becomes, whatever the platform. The intake Lambdas produce it,
 * SQS carries it (one event per message) and the classifier reads it. `id` is `<platform>:<platform id>`,
 * stable across the platform's retries, so downstream writes can be made idempotent on it.
 */

/** Where a post came from. Generic Standard Webhooks sources use their own (lower-case) source name. */
export const PlatformSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'platform must be a lower-case slug');
export type Platform = z.infer<typeof PlatformSchema>;

export const EventKindSchema = z.enum(['post', 'comment', 'mention', 'dm', 'review']);
export type EventKind = z.infer<typeof EventKindSchema>;

/**
 * Author id of an item whose platform does not say who wrote it (Instagram `mentions` are ids only; Facebook items
 * without `from`; a removal without an author). Never a real id, never the account's own (not an echo), and never
 * matched to a customer or taken as the author of an edit.
 */
export const UNKNOWN_AUTHOR_ID = 'unknown';

/** Every field bounded (schemas/bounded.ts): display fields are shortened, the id is refused when over-long. */
export const AuthorSchema = z.object({
  id: idText(),
  /**
   * Other ids the platform gave for the same person in this event (WhatsApp: the business-scoped user id, and its
   * portfolio-wide parent, beside the phone number). The classifier links them, so a customer known by phone today and
   * by a business-scoped id tomorrow stays one customer (lambdas/domain/cases/identities.ts).
   */
  otherIds: z.array(idText()).max(4).optional(),
  handle: displayText(LIMITS.handleChars).optional(),
  name: displayText(LIMITS.nameChars).optional(),
  followers: z.number().int().nonnegative().optional(),
  verified: z.boolean().optional(),
  /** An address the source itself vouches for (a review site's reviewer email, a CRM contact). */
  email: optionalEmail,
});
export type Author = z.infer<typeof AuthorSchema>;

/** An attachment's type as kept: lower case, letters, digits, `_` and `-` only, at most 40 (also for stored lists). */
export function attachmentType(type: unknown): string {
  return String(type ?? '').toLowerCase().replace(/[^a-z0-9_-]+/g, '_').slice(0, 40) || 'unknown';
}

/**
 * One thing a post carries besides words: a photo, voice note, sticker, location, shared post, order, story mention…
 * `type` is the platform's own name for it, lower-cased (unknown types are kept as they come, never refused), so a
 * card can say "voice note" instead of showing nothing. Every field is bounded and optional but the type.
 */
export const AttachmentSchema = z.object({
  type: z.string().transform(attachmentType),
  /** The caption the customer wrote on it (also in `text` when the post has no other words). */
  caption: displayText(LIMITS.captionChars).optional(),
  /** What it is called: a file name, a place's name and address, an order's summary, a shared post's title. */
  title: displayText(LIMITS.captionChars).optional(),
  /** The platform's media id, for staff to fetch it through the platform's API (WhatsApp media ids). */
  mediaId: optionalReference(),
  /** Where staff can see it (the media, a map, the shared post): http(s) only, dropped otherwise. */
  url: optionalHttpUrl,
  /** The post, story, ad or product it refers to: a URL or the platform's id. */
  refersTo: optionalReference(LIMITS.urlChars),
});
export type Attachment = z.infer<typeof AttachmentSchema>;
export type AttachmentInput = z.input<typeof AttachmentSchema>;

/**
 * Bytes (as JSON on the queue) of a list of attachments beyond which items are shortened, then kept as their type alone. One event
 * must fit one SQS message (256 KiB) beside a text of MAX_TEXT_CHARS (up to 240 KB once astral characters are escaped
 * for the queue), and a case keeps its first post's list and its newest critical post's within DynamoDB's 400 KB:
 * 20 items of 1,000-character captions and 2 KB links would be 120 KB.
 */
export const ATTACHMENTS_BYTES = 8_000;
/** Characters of a caption or title, and of a link, an item keeps when it does not fit the budget whole. */
const SHORT_TEXT_CHARS = 200;
const SHORT_LINK_CHARS = 512;

/**
 * The list within ATTACHMENTS_BYTES: each item whole while it fits, else shortened (captions and titles cut, long
 * links dropped), else its type alone; every item keeps its place and type, so a card still says "3 photos".
 */
export function attachmentsWithinBudget(list: Attachment[]): Attachment[] {
  // Counted as the queue carries it: astral characters (emoji) travel escaped, 6 bytes per UTF-16 unit.
  const bytes = (v: unknown) => Buffer.byteLength(JSON.stringify(v).replace(/[\ud800-\udfff\ufffe\uffff]/g, '\\u0000'), 'utf8');
  // Room for every item's type is set aside first, so the items after a big one keep theirs.
  let left = ATTACHMENTS_BYTES - bytes(list.map((a) => ({ type: a.type })));
  return list.map((a) => {
    for (const candidate of [a, shortened(a)]) {
      const extra = bytes(candidate) - bytes({ type: a.type });
      if (extra <= left) {
        left -= extra;
        return candidate;
      }
    }
    return { type: a.type };
  });
}

function shortened(a: Attachment): Attachment {
  const out: Attachment = { type: a.type };
  if (a.caption) out.caption = clip(a.caption, SHORT_TEXT_CHARS);
  if (a.title) out.title = clip(a.title, SHORT_TEXT_CHARS);
  if (a.mediaId) out.mediaId = a.mediaId;
  if (a.url && a.url.length <= SHORT_LINK_CHARS) out.url = a.url;
  if (a.refersTo && a.refersTo.length <= SHORT_LINK_CHARS) out.refersTo = a.refersTo;
  return out;
}

/** Longest text we carry. Larger texts are cut (and marked) so one event always fits one SQS message. */
export const MAX_TEXT_CHARS = 40_000;

const isoTime = z.iso.datetime({ offset: true });

export const SocialEventSchema = z.object({
  id: idText().regex(/^[a-z0-9][a-z0-9_-]{0,63}:.+$/, 'id must be <platform>:<platform id>'),
  platform: PlatformSchema,
  kind: EventKindSchema,
  text: z.string().max(MAX_TEXT_CHARS),
  author: AuthorSchema,
  /** Groups follow-ups with the post they continue (a comment thread, a DM conversation). */
  conversationId: idText(LIMITS.idChars + 64),
  createdAt: isoTime,
  receivedAt: isoTime,
  /** A link to the post for staff: http(s) only, dropped when it is anything else or over-long. */
  url: optionalHttpUrl,
  inReplyTo: optionalReference(LIMITS.idChars + 64),
  /** The business's own post or reply (Messenger `is_echo`, the Page commenting, the brand's own tweet). */
  isEcho: z.boolean().default(false),
  /** The business account the event was addressed to: Page, IG account, WABA, X user, or generic source. */
  accountId: optionalReference(),
  /** Star rating of a review, when the source gives one. */
  rating: z.number().min(0).max(10).optional(),
  /** True when `text` was cut to MAX_TEXT_CHARS. */
  truncated: z.boolean().optional(),
  /**
   * What the post holds besides its words, one item each (three photos are three items): what a card shows when the
   * text is empty, and what staff open. Cut to LIMITS.attachments.
   */
  attachments: z
    .array(AttachmentSchema)
    .transform((list) => attachmentsWithinBudget(list.slice(0, LIMITS.attachments)))
    .optional(),
  /**
   * Set when this event changes an earlier post instead of being a new one: an edit (`text` is the new text) or a
   * deletion. It never opens a case of its own when the post it changes is known (lambdas/domain/cases/revise.ts).
   */
  revision: z
    .object({
      action: z.enum(['edited', 'deleted']),
      /** The event id of the post it changes (`<platform>:<platform id>`). */
      of: idText(LIMITS.idChars + 64),
    })
    .optional(),
  /**
   * A notice about the customer rather than a message from them (WhatsApp `system` messages: the number or the
   * business-scoped id changed). Recorded on the customer, never a case.
   */
  customerChange: z
    .object({
      /** The platform's own type, e.g. `user_changed_number`, `user_changed_user_id`. */
      type: displayText(LIMITS.attachmentChars),
      /** The customer's ids after the change (a new phone number, a new business-scoped id). */
      newIds: z.array(idText()).max(4),
    })
    .optional(),
});
export type SocialEvent = z.infer<typeof SocialEventSchema>;
/** What a normaliser builds; defaults (isEcho) are filled in by the schema. */
export type SocialEventInput = z.input<typeof SocialEventSchema>;
