import * as z from 'zod';

/**
 * Body of a Standard Webhooks delivery from any other source (review sites, blogs, CRMs), posted to
 * `/webhooks/generic/{source}`: `{type, timestamp?, data: {id, text, author, createdAt, …}}`.
 *
 * This is our own published contract, so the documented fields are checked by type (a rating must fit the
 * SocialEvent's 0–10); unknown fields pass through untouched, and optional ones may be `null`.
 */

/** Non-empty, and no control or line-break characters (they would break `<source>:<id>`). */
const IdText = z.string().regex(/^[^\p{Cc}\u2028\u2029]+$/u);

/** Many systems number their records: accept an integer id and keep it as a string. */
export const GenericIdSchema = z
  .union([IdText, z.number().int()])
  .transform((id) => String(id));

export const GenericAuthorSchema = z.looseObject({
  id: GenericIdSchema,
  name: z.string().nullish(),
  handle: z.string().nullish(),
  followers: z.number().int().nonnegative().nullish(),
  verified: z.boolean().nullish(),
  /** An address the source vouches for (a reviewer's email); lets the offer reach the customer. */
  email: z.string().nullish(),
});

export const GenericDataSchema = z.looseObject({
  id: GenericIdSchema,
  text: z.string(),
  author: GenericAuthorSchema,
  /** ISO 8601 string, or unix seconds / milliseconds (number or digit string). Unreadable → delivery time. */
  createdAt: z.union([z.string(), z.number()]),
  url: z.string().nullish(),
  /** Star rating, 0–10 (most sources use 1–5). */
  rating: z.number().min(0).max(10).nullish(),
  /** The thread this item continues, in the source's own ids. */
  conversationId: GenericIdSchema.nullish(),
  inReplyTo: GenericIdSchema.nullish(),
  /** post | comment | mention | dm | review; anything else is inferred from `type` instead. */
  kind: z.string().nullish(),
});
export type GenericData = z.output<typeof GenericDataSchema>;

export const GenericWebhookSchema = z.looseObject({
  /** The sender's event type, e.g. `review.created`, `comment.created`. */
  type: z.string(),
  timestamp: z.unknown().optional(),
  data: GenericDataSchema,
});
export type GenericWebhook = z.output<typeof GenericWebhookSchema>;
