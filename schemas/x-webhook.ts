import * as z from 'zod';

/**
 * X webhook bodies. Two envelopes arrive on the same URL (both are registered through the v2 Webhooks API and signed
 * alike, docs.x.com/x-api/webhooks/introduction):
 *
 * - Account Activity API (AAA): `{for_user_id, <kind>_events: [ … ], users?, apps?}` with v1.1 objects
 *   (docs.x.com/x-api/account-activity/introduction, "Payload examples"). `user_event` (app access revoked) comes
 *   without `for_user_id`.
 * - X Activity API (XAA): one event per delivery, `{data: {event_uuid, filter, event_type, tag?, payload, includes?}}`
 *   with v2 objects (docs.x.com/x-api/activity/event-payloads; xdevplatform/docs x-api/activity/event-payloads.mdx).
 *
 * Each envelope schema checks only what routes the delivery; the normaliser checks each tweet, post and DM against the
 * item schemas below, so one broken item is parked and its siblings go on.
 *
 * Ids are strings only: X's numeric `id` fields exceed 2^53 and arrive already rounded by JSON.parse, so a
 * number where an id string belongs is rejected rather than turned into a wrong id.
 */

/** Non-empty, and no control or line-break characters (they would break `<platform>:<id>`). */
const IdText = z.string().regex(/^[^\p{Cc}\u2028\u2029]+$/u);
const OptText = z.string().nullish();

/**
 * Author details, media and references are decoration: a malformed one is dropped (`catch`), never fatal, because the
 * rest of the tweet is still a customer talking to us.
 */
const FollowersCount = z.number().int().nonnegative().nullish().catch(undefined);
const Flag = z.boolean().nullish().catch(undefined);
const Decoration = z.string().nullish().catch(undefined);
const OptionalId = IdText.nullish().catch(undefined);
/** A list whose items are checked one by one (a bad item is skipped, not the list). */
const LenientList = z.array(z.unknown()).nullish().catch(undefined);

/**
 * A user as v1.1 (`screen_name`, `followers_count`) or v2 (`username`, `public_metrics.followers_count`) renders it; XAA
 * deliveries carry v2 users, sometimes wrapped as `{data: {…}}` (event-payloads.mdx, post.delete and dm.received).
 */
const userDetails = {
  name: Decoration,
  screen_name: Decoration,
  username: Decoration,
  followers_count: FollowersCount,
  public_metrics: z.looseObject({ followers_count: FollowersCount }).nullish().catch(undefined),
  /** Legacy verification. */
  verified: Flag,
  /** `blue`, `business`, `government` or `none` on newer payloads. */
  verified_type: Decoration,
};

export const XUserSchema = z.looseObject({ id_str: IdText, ...userDetails });
export type XUser = z.output<typeof XUserSchema>;

/** One entry of a `users` map or `includes.users` list, either rendering. Fully lenient: it only decorates an author. */
export const XUserDetailsSchema = z.looseObject({ id: Decoration, id_str: Decoration, ...userDetails });
export type XUserDetails = z.output<typeof XUserDetailsSchema>;

/**
 * One v1.1 media object (`entities.media[]`, `extended_entities.media[]`, a DM's `attachment.media`):
 * `type` is `photo`, `video` or `animated_gif` (xdevplatform/docs x-api/enterprise-gnip-2.0/fundamentals/data-dictionary.mdx,
 * "Extended entities"; DM media URLs need an OAuth-signed request, same page).
 */
export const XMediaSchema = z.looseObject({ type: Decoration, media_url_https: Decoration });

const XEntitiesSchema = z.looseObject({ media: LenientList }).nullish().catch(undefined);

export const XTweetSchema = z.looseObject({
  id_str: IdText,
  /** ≤140 chars when `truncated`; the full text is then in `extended_tweet.full_text`. */
  text: OptText,
  /** Some v1.1 renderings (extended mode) carry the full text at the top level instead. */
  full_text: OptText,
  /** Long posts: full text and the entities (media included) of all of it (account-activity/introduction.mdx, "longform"). */
  extended_tweet: z
    .looseObject({ full_text: OptText, entities: XEntitiesSchema, extended_entities: XEntitiesSchema })
    .nullish(),
  /** `entities.media` holds only the first photo and calls every type `photo`; `extended_entities` is exact. */
  entities: XEntitiesSchema,
  extended_entities: XEntitiesSchema,
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
  /** A quote tweet names the tweet it quotes (data-dictionary.mdx, "Quote Tweets"). */
  quoted_status_id_str: OptionalId,
  quoted_status: z.looseObject({ id_str: OptionalId }).nullish().catch(undefined),
  /** `{initial_tweet_id, edit_tweet_ids: [oldest … this one]}` (x-api/enterprise-gnip-2.0/fundamentals/edit-tweets.mdx). */
  edit_history: z.looseObject({ edit_tweet_ids: LenientList }).nullish().catch(undefined),
  /** The v2 spelling of the same list, accepted here too. */
  edit_history_tweet_ids: LenientList,
});
export type XTweet = z.output<typeof XTweetSchema>;

/** `tweet_delete_events[]`: `{status: {id, user_id}, timestamp_ms}` (account-activity/introduction.mdx). */
export const XTweetDeleteSchema = z.looseObject({
  status: z.looseObject({ id: IdText, user_id: IdText }),
  timestamp_ms: z.unknown().optional(),
});

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
        /** `{type: 'media', media: {…media object}}`; a malformed one is dropped, the words are kept. */
        attachment: z
          .looseObject({ type: Decoration, media: XMediaSchema.nullish().catch(undefined) })
          .nullish()
          .catch(undefined),
      })
      .nullish(),
  }),
});
export type XDirectMessage = z.output<typeof XDirectMessageSchema>;

/** The Account Activity envelope. */
export const XWebhookSchema = z.looseObject({
  /**
   * The subscribed (brand) account the delivery is for. Optional here only because `user_event` comes without it; the
   * normaliser still requires it of any body that carries tweets, DMs or deletions.
   */
  for_user_id: IdText.optional(),
  tweet_create_events: z.array(z.looseObject({})).optional(),
  direct_message_events: z.array(z.looseObject({})).optional(),
  tweet_delete_events: z.array(z.looseObject({})).optional(),
  /** Users named in `direct_message_events`, by id. Entries are read leniently (XUserDetailsSchema). */
  users: z.record(z.string(), z.unknown()).optional(),
});
export type XWebhook = z.output<typeof XWebhookSchema>;

// ─── X Activity API ──────────────────────────────────────────────────────────────────────────────────────────

/**
 * The X Activity API envelope. Only `event_type` is checked here: every type we do not turn into events (likes,
 * follows, profile updates, chat, news, Spaces, `oauth.revoke` with its empty filter…) is counted as ignored whatever
 * the rest looks like.
 */
export const XActivityDeliverySchema = z.looseObject({
  data: z.looseObject({
    event_type: z.string(),
    filter: z.unknown().optional(),
    payload: z.unknown().optional(),
    includes: z.unknown().optional(),
  }),
});

/** The subscription filter of a post or DM event: the subscribed (brand) account. */
export const XActivityFilterSchema = z.looseObject({ user_id: IdText });

/** `includes`: expanded users, tweets and media, each list read item by item. */
export const XActivityIncludesSchema = z
  .looseObject({ users: LenientList, media: LenientList })
  .nullish()
  .catch(undefined);

/**
 * A v2 Post (`post.create`, `post.mention.create`, `post.reply.create`, `post.quote.create` payloads;
 * x-api/fundamentals/data-dictionary.mdx).
 */
export const XPostSchema = z.looseObject({
  id: IdText,
  text: OptText,
  /** Long-form posts (>280 characters) carry the whole text here. */
  note_tweet: z.looseObject({ text: OptText }).nullish().catch(undefined),
  author_id: IdText,
  /** ISO 8601. */
  created_at: z.unknown().optional(),
  in_reply_to_user_id: OptionalId,
  in_reply_to_tweet_id: OptionalId,
  /** `[{type: 'replied_to' | 'quoted' | 'retweeted', id}]`. */
  referenced_tweets: LenientList,
  attachments: z.looseObject({ media_keys: LenientList }).nullish().catch(undefined),
  /** Oldest first; one id when never edited. */
  edit_history_tweet_ids: LenientList,
});
export type XPost = z.output<typeof XPostSchema>;

export const XReferencedTweetSchema = z.looseObject({ type: Decoration, id: IdText });

/** An `includes.media` item: `url` for photos, `preview_image_url` for videos and GIFs. */
export const XV2MediaSchema = z.looseObject({ media_key: IdText, type: Decoration, url: Decoration, preview_image_url: Decoration });

/** `post.delete` payload: `{id, author_id}`. */
export const XPostDeleteSchema = z.looseObject({ id: IdText, author_id: IdText });

/** `dm.sent` / `dm.received` payload: the Account Activity DM list and a users map of `{data: v2 user}`. */
export const XActivityDmPayloadSchema = z.looseObject({
  direct_message_events: z.array(z.looseObject({})),
  users: z.record(z.string(), z.unknown()).optional().catch(undefined),
});
