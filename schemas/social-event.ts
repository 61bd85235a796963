import * as z from 'zod';
import { displayText, idText, LIMITS, optionalEmail, optionalHttpUrl, optionalReference } from './bounded';

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

/** Every field bounded (schemas/bounded.ts): display fields are shortened, the id is refused when over-long. */
export const AuthorSchema = z.object({
  id: idText(),
  handle: displayText(LIMITS.handleChars).optional(),
  name: displayText(LIMITS.nameChars).optional(),
  followers: z.number().int().nonnegative().optional(),
  verified: z.boolean().optional(),
  /** An address the source itself vouches for (a review site's reviewer email, a CRM contact). */
  email: optionalEmail,
});
export type Author = z.infer<typeof AuthorSchema>;

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
  /** What the text holds besides words (an attachment type), or why there is no text (a thin mention). */
  attachments: z
    .array(displayText(LIMITS.attachmentChars))
    .transform((list) => list.slice(0, LIMITS.attachments))
    .optional(),
});
export type SocialEvent = z.infer<typeof SocialEventSchema>;
/** What a normaliser builds; defaults (isEcho) are filled in by the schema. */
export type SocialEventInput = z.input<typeof SocialEventSchema>;
