import * as z from 'zod';

/**
 * X Account Activity API webhook bodies: `{for_user_id, <kind>_events: [ … ], users?, apps?}` with v1.1 objects.
 *
 * The envelope requires `for_user_id` and that the two event lists we read are arrays of objects; every other
 * key (favorite_events, follow_events, typing and read indicators, tweet_delete_events, user_event…) passes
 * through to be counted as ignored. The normaliser checks each tweet and DM against the item schemas below.
 *
 * Ids are strings only: X's numeric `id` fields exceed 2^53 and arrive already rounded by JSON.parse, so a
 * number where an id string belongs is rejected rather than turned into a wrong id.
 */

/** Non-empty, and no control or line-break characters (they would break `<platform>:<id>`). */
const IdText = z.string().regex(/^[^\p{Cc}\u2028\u2029]+$/u);
const OptText = z.string().nullish();

/**
 * Author details are decoration: a malformed count or flag is dropped (`catch`), never fatal, because the
 * rest of the tweet is still a customer talking to us.
 */
const FollowersCount = z.number().int().nonnegative().nullish().catch(undefined);
const Flag = z.boolean().nullish().catch(undefined);
const Decoration = z.string().nullish().catch(undefined);

export const XUserSchema = z.looseObject({
  id_str: IdText,
  name: Decoration,
  screen_name: Decoration,
  followers_count: FollowersCount,
  /** Legacy verification. */
  verified: Flag,
  /** `blue`, `business`, `government` or `none` on newer payloads. */
  verified_type: Decoration,
});
export type XUser = z.output<typeof XUserSchema>;

/** One entry of the DM `users` map (keyed by user id; `id` is the same id). Fully lenient: see XDirectMessageSchema. */
export const XMapUserSchema = XUserSchema.omit({ id_str: true });
export type XMapUser = z.output<typeof XMapUserSchema>;

export const XTweetSchema = z.looseObject({
  id_str: IdText,
  /** ≤140 chars when `truncated`; the full text is then in `extended_tweet.full_text`. */
  text: OptText,
  /** Some v1.1 renderings (extended mode) carry the full text at the top level instead. */
  full_text: OptText,
  extended_tweet: z.looseObject({ full_text: OptText }).nullish(),
  /** `Wed Jun 12 09:14:03 +0000 2024`. */
  created_at: z.unknown().optional(),
  /** Milliseconds, string or number. */
  timestamp_ms: z.unknown().optional(),
  in_reply_to_status_id_str: OptText,
  in_reply_to_user_id_str: OptText,
  in_reply_to_screen_name: OptText,
  /** Optional only so that minimal bodies (like the signature test vector) still pass; real deliveries have it. */
  user: XUserSchema.nullish(),
  /** Present on a pure retweet. */
  retweeted_status: z.unknown().optional(),
});
export type XTweet = z.output<typeof XTweetSchema>;

/** Enough of a DM event to see its type; only `message_create` becomes an event. */
export const XDirectMessageHeadSchema = z.looseObject({ type: OptText });

export const XDirectMessageSchema = z.looseObject({
  type: z.literal('message_create'),
  id: IdText,
  /** Milliseconds as a string. */
  created_timestamp: z.unknown().optional(),
  message_create: z.looseObject({
    target: z.looseObject({ recipient_id: IdText }),
    sender_id: IdText,
    source_app_id: OptText,
    message_data: z
      .looseObject({
        text: OptText,
        attachment: z.looseObject({ type: OptText }).nullish(),
      })
      .nullish(),
  }),
});
export type XDirectMessage = z.output<typeof XDirectMessageSchema>;

export const XWebhookSchema = z.looseObject({
  /** The subscribed (brand) account the delivery is for. */
  for_user_id: IdText,
  tweet_create_events: z.array(z.looseObject({})).optional(),
  direct_message_events: z.array(z.looseObject({})).optional(),
  /** Users named in `direct_message_events`, by id. Entries are read leniently (XMapUserSchema). */
  users: z.record(z.string(), z.unknown()).optional(),
});
export type XWebhook = z.output<typeof XWebhookSchema>;
