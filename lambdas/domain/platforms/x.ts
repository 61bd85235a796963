import { type AttachmentInput, type Author, type EventKind, UNKNOWN_AUTHOR_ID } from '../../../schemas/social-event';
import {
  XActivityDeliverySchema,
  XActivityDmPayloadSchema,
  XActivityFilterSchema,
  XActivityIncludesSchema,
  XDirectMessageHeadSchema,
  XDirectMessageSchema,
  XMediaSchema,
  XPostDeleteSchema,
  XPostSchema,
  XReferencedTweetSchema,
  XTweetDeleteSchema,
  XTweetSchema,
  XUserDetailsSchema,
  XV2MediaSchema,
  XWebhookSchema,
  type XPost,
  type XTweet,
  type XUserDetails,
} from '../../../schemas/x-webhook';
import { DeliveryCollector, parseOrThrow, present, toEvent, type Path } from './delivery';
import { epochToIso, isoStringToIso, xCreatedAtToIso } from './time';
import { PayloadError, type NormaliseContext, type NormalisedDelivery } from './types';

/**
 * X deliveries → SocialEvents: tweets that involve the subscribed (brand) account, its DMs, and deletions and edits of
 * tweets. Two envelopes share the endpoint (schemas/x-webhook.ts): Account Activity (`for_user_id` + `*_events` lists)
 * and the X Activity API (`{data: {event_type, filter, payload, includes}}`). Both become the same events, so a post
 * seen through either is one `x:<id>`. Every other activity (likes, follows, typing, reads, profile changes…) is
 * counted as ignored.
 */

const LABEL = 'x webhook';


/** Keys of the Account Activity envelope that are not activity lists, or that are handled. */
const HANDLED_KEYS = new Set([
  'for_user_id',
  'tweet_create_events',
  'direct_message_events',
  'tweet_delete_events',
  'users',
  'apps',
]);

/** Account Activity lists that become events: without `for_user_id` we cannot tell whose customers they are. */
const BRAND_KEYS = ['tweet_create_events', 'direct_message_events', 'tweet_delete_events'] as const;

/** Newer payloads mark paid, business and government verification here instead of `verified`. */
const VERIFIED_TYPES = new Set(['blue', 'business', 'government']);

interface Scope {
  /** The brand account this copy of the delivery is for (`for_user_id`, or the XAA filter's `user_id`). */
  brandId: string;
  /** Users by id, for DM senders (`users` map). */
  users: Record<string, unknown>;
  receivedAt: string;
  out: DeliveryCollector;
}

/** What a tweet says, whichever API rendered it (v1.1 tweet or v2 Post): one path to a SocialEvent for both. */
interface TweetFacts {
  id: string;
  text: string;
  authorId: string;
  author: Author;
  screenName?: string;
  replyToStatus?: string;
  replyToUser?: string;
  createdAt?: string;
  attachments: AttachmentInput[];
  /** The first id of the edit history, when it is not this tweet: this tweet is an edit of that one. */
  editOf?: string;
}

export function normaliseX(body: unknown, ctx: NormaliseContext): NormalisedDelivery {
  // An XAA delivery is `{data: …}`; an Account Activity body never has `data` (and always names for_user_id when it
  // carries anything we turn into events).
  if (isRecord(body) && Object.hasOwn(body, 'data') && !Object.hasOwn(body, 'for_user_id')) {
    return normaliseActivityApi(body, ctx);
  }
  return normaliseAccountActivity(body, ctx);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// ─── Account Activity API ────────────────────────────────────────────────────────────────────────────────────

function normaliseAccountActivity(body: unknown, ctx: NormaliseContext): NormalisedDelivery {
  const payload = parseOrThrow(XWebhookSchema, body, LABEL);
  const brandId = payload.for_user_id;
  if (brandId === undefined) {
    // `user_event` (access revoked) is documented without for_user_id: accepted, nothing queued. A body that is only
    // other activity is as harmless. Tweets, DMs or deletions without it cannot be filed under a brand, and a body with
    // no activity at all is not an X delivery.
    const brandless = BRAND_KEYS.some((key) => payload[key] !== undefined);
    if (brandless || !hasOtherActivity(payload)) throw new PayloadError(`${LABEL}: for_user_id is required`);
    return { events: [], ignored: countOtherActivity(payload), invalid: [] };
  }

  const out = new DeliveryCollector();
  const scope: Scope = { brandId, users: payload.users ?? {}, receivedAt: ctx.receivedAt, out };
  payload.tweet_create_events?.forEach((t, i) => out.attempt(t, () => handleTweet(t, ['tweet_create_events', i], scope)));
  payload.direct_message_events?.forEach((d, i) => out.attempt(d, () => handleDirectMessage(d, ['direct_message_events', i], scope)));
  payload.tweet_delete_events?.forEach((d, i) => out.attempt(d, () => handleTweetDelete(d, ['tweet_delete_events', i], scope)));
  out.ignore(countOtherActivity(payload));
  return out.result();
}

/** Any other `*_events` list or a `user_event` object. */
function isOtherActivity(key: string, value: unknown): boolean {
  if (HANDLED_KEYS.has(key)) return false;
  return (key.endsWith('_events') && Array.isArray(value)) || (key === 'user_event' && isRecord(value));
}

function hasOtherActivity(payload: Record<string, unknown>): boolean {
  return Object.entries(payload).some(([key, value]) => isOtherActivity(key, value));
}

/** Each item of any other `*_events` list, plus a `user_event` (access revoked), counts as one ignored item. */
function countOtherActivity(payload: Record<string, unknown>): number {
  let count = 0;
  for (const [key, value] of Object.entries(payload)) {
    if (!isOtherActivity(key, value)) continue;
    count += Array.isArray(value) ? value.length : 1;
  }
  return count;
}

function handleTweet(item: unknown, at: Path, scope: Scope): void {
  const t = parseOrThrow(XTweetSchema, item, LABEL, at);
  // A pure retweet repeats someone else's words; quotes (which add words) are kept.
  if (t.retweeted_status !== undefined && t.retweeted_status !== null) return scope.out.ignore();

  const quoted = t.quoted_status_id_str ?? t.quoted_status?.id_str ?? undefined;
  addTweet(
    {
      id: t.id_str,
      text: t.extended_tweet?.full_text ?? t.full_text ?? t.text ?? '',
      authorId: t.user?.id_str ?? UNKNOWN_AUTHOR_ID,
      author: t.user ? authorFrom(t.user.id_str, t.user) : { id: UNKNOWN_AUTHOR_ID },
      screenName: present(t.user?.screen_name),
      replyToStatus: present(t.in_reply_to_status_id_str),
      replyToUser: present(t.in_reply_to_user_id_str),
      createdAt: epochToIso(t.timestamp_ms) ?? xCreatedAtToIso(t.created_at),
      attachments: [...tweetMedia(t), ...(quoted ? [quoteAttachment(quoted)] : [])],
      editOf: earlierVersion(t.id_str, t.edit_history?.edit_tweet_ids ?? t.edit_history_tweet_ids),
    },
    scope,
  );
}

/**
 * Native media, one attachment per item. `extended_entities` lists every photo with its real type; `entities.media`
 * only the first photo, typed `photo` even for a video (data-dictionary.mdx, "Extended entities"), so it is the
 * fallback. A long tweet keeps them in `extended_tweet` (account-activity/introduction.mdx, "longform").
 */
function tweetMedia(t: XTweet): AttachmentInput[] {
  const list =
    t.extended_tweet?.extended_entities?.media ??
    t.extended_entities?.media ??
    t.extended_tweet?.entities?.media ??
    t.entities?.media ??
    [];
  return list.flatMap((item) => {
    const media = XMediaSchema.safeParse(item);
    return media.success ? [mediaAttachment(media.data.type, media.data.media_url_https)] : [];
  });
}

function mediaAttachment(type: string | null | undefined, url: string | null | undefined): AttachmentInput {
  const attachment: AttachmentInput = { type: present(type) ?? 'media' };
  const link = present(url);
  if (link) attachment.url = link;
  return attachment;
}

function quoteAttachment(quotedId: string): AttachmentInput {
  return { type: 'quote', refersTo: `x:${quotedId}` };
}

/**
 * An edit history lists every version, oldest first (edit-tweets.mdx; x-api/fundamentals/edit-posts). When its first
 * id is another tweet, this tweet edits that one: the revision points at the original, whose event the case holds.
 */
function earlierVersion(id: string, history: readonly unknown[] | null | undefined): string | undefined {
  const first = history?.[0];
  return typeof first === 'string' && first !== '' && first !== id && !/[\p{Cc}\u2028\u2029]/u.test(first) ? first : undefined;
}

function addTweet(f: TweetFacts, scope: Scope): void {
  const isEcho = f.authorId === scope.brandId;
  scope.out.add(
    toEvent(
      {
        id: `x:${f.id}`,
        platform: 'x',
        kind: tweetKind(f, isEcho, scope.brandId),
        text: f.text,
        author: f.author,
        conversationId: `x:thread:${tweetThreadKey(f, isEcho, scope.brandId)}`,
        inReplyTo: f.replyToStatus ? `x:${f.replyToStatus}` : undefined,
        createdAt: f.createdAt ?? scope.receivedAt,
        url: f.screenName ? `https://x.com/${f.screenName}/status/${f.id}` : `https://x.com/i/web/status/${f.id}`,
        isEcho,
        accountId: scope.brandId,
        attachments: f.attachments.length > 0 ? f.attachments : undefined,
        revision: f.editOf ? { action: 'edited', of: `x:${f.editOf}` } : undefined,
      },
      scope.receivedAt,
    ),
  );
}

/**
 * - A customer's reply to one of the brand's tweets is a `comment` (it continues the brand's thread).
 * - Any other customer tweet delivered here names the brand: an @mention, a quote, or a reply elsewhere
 *   that tags the brand; all are `mention`.
 * - The brand's own tweets (echoes): a reply is a `comment`, anything else a `post`.
 */
function tweetKind(f: TweetFacts, isEcho: boolean, brandId: string): EventKind {
  const isReply = f.replyToStatus !== undefined;
  if (isEcho) return isReply ? 'comment' : 'post';
  return isReply && f.replyToUser === brandId ? 'comment' : 'mention';
}

/**
 * Public tweets are grouped per customer: everything a customer and the brand say to each other in public is
 * one conversation, `x:thread:<customer id>`. On the brand's reply the customer is the user replied to. A
 * tweet with no customer (the brand's own top-level post or self-thread, or no `user`) is its own thread.
 */
function tweetThreadKey(f: TweetFacts, isEcho: boolean, brandId: string): string {
  const customerId = isEcho ? f.replyToUser : f.authorId === UNKNOWN_AUTHOR_ID ? undefined : f.authorId;
  return customerId !== undefined && customerId !== brandId ? customerId : f.id;
}

/**
 * A deleted tweet: only its id and author are known, so the event says which post went (`revision`) and nothing else.
 * The kind of the original is unknown here; `mention` is the neutral choice, and a deletion never opens a case.
 */
function addDeletion(tweetId: string, userId: string, createdAt: string | undefined, scope: Scope): void {
  scope.out.add(
    toEvent(
      {
        id: `x:${tweetId}:deleted`,
        platform: 'x',
        kind: 'mention',
        text: '',
        author: { id: userId },
        conversationId: `x:thread:${userId}`,
        createdAt: createdAt ?? scope.receivedAt,
        isEcho: userId === scope.brandId,
        accountId: scope.brandId,
        revision: { action: 'deleted', of: `x:${tweetId}` },
      },
      scope.receivedAt,
    ),
  );
}

function handleTweetDelete(item: unknown, at: Path, scope: Scope): void {
  const d = parseOrThrow(XTweetDeleteSchema, item, LABEL, at);
  addDeletion(d.status.id, d.status.user_id, epochToIso(d.timestamp_ms), scope);
}

// ─── Users ───────────────────────────────────────────────────────────────────────────────────────────────────

/** Author details from a v1.1 or v2 user (or a `{data: user}` wrapper); the id is ours, the rest decoration. */
function authorFrom(id: string, user: XUserDetails): Author {
  return {
    id,
    handle: present(user.screen_name) ?? present(user.username),
    name: present(user.name),
    followers: user.followers_count ?? user.public_metrics?.followers_count ?? undefined,
    verified: user.verified === true || VERIFIED_TYPES.has(user.verified_type ?? ''),
  };
}

/** Reads one users entry leniently; XAA wraps some of them as `{data: user}`. */
function userDetails(entry: unknown): XUserDetails | undefined {
  const inner = isRecord(entry) && isRecord(entry['data']) ? entry['data'] : entry;
  const parsed = XUserDetailsSchema.safeParse(inner);
  return parsed.success ? parsed.data : undefined;
}

/**
 * Looks the sender up in the delivery's `users` map. The map only decorates the author, so a missing or
 * malformed entry leaves a bare `{id}` instead of failing the delivery.
 */
function mapAuthor(userId: string, users: Record<string, unknown>): Author {
  // Own keys only: a sender id such as "constructor" must not find Object.prototype members.
  const user = Object.hasOwn(users, userId) ? userDetails(users[userId]) : undefined;
  return user ? authorFrom(userId, user) : { id: userId };
}

// ─── Direct messages ─────────────────────────────────────────────────────────────────────────────────────────

/** `message_create` DMs, both the customer's and the brand's own (echo). Other DM event types are skipped. */
function handleDirectMessage(item: unknown, at: Path, scope: Scope): void {
  const head = parseOrThrow(XDirectMessageHeadSchema, item, LABEL, at);
  if (head.type !== 'message_create') return scope.out.ignore();
  const d = parseOrThrow(XDirectMessageSchema, item, LABEL, at);

  const senderId = d.message_create.sender_id;
  const isEcho = senderId === scope.brandId;
  const customerId = isEcho ? d.message_create.target.recipient_id : senderId;
  const data = d.message_create.message_data;
  const attachment = data?.attachment
    ? [mediaAttachment(data.attachment.media?.type ?? data.attachment.type, data.attachment.media?.media_url_https)]
    : undefined;
  scope.out.add(
    toEvent(
      {
        id: `x:${d.id}`,
        platform: 'x',
        kind: 'dm',
        text: data?.text ?? '',
        author: mapAuthor(senderId, scope.users),
        conversationId: `x:dm:${customerId}`,
        createdAt: epochToIso(d.created_timestamp) ?? scope.receivedAt,
        isEcho,
        accountId: scope.brandId,
        attachments: attachment,
      },
      scope.receivedAt,
    ),
  );
}

// ─── X Activity API ──────────────────────────────────────────────────────────────────────────────────────────

type ActivityHandler = (payload: unknown, includes: Includes, scope: Scope) => void;

interface Includes {
  users: readonly unknown[];
  media: readonly unknown[];
}

const AT_PAYLOAD: Path = ['data', 'payload'];

/**
 * The event types that carry posts, deletions and DMs (x-api/activity/event-payloads.mdx). Everything else — likes,
 * follows, profile updates, encrypted X Chat (`chat.*`, ciphertext only), news, Spaces, broadcasts, mutes, blocks,
 * `oauth.revoke`, and types added later — is counted as ignored.
 */
const ACTIVITY_HANDLERS = new Map<string, ActivityHandler>([
  // The brand's own posts (echoes), mentions of it, direct replies to it, quotes of it.
  ['post.create', handlePost],
  ['post.mention.create', handlePost],
  ['post.reply.create', handlePost],
  ['post.quote.create', handlePost],
  // A repost repeats the brand's words: nothing new to answer.
  ['post.repost.create', (_payload, _includes, scope) => scope.out.ignore()],
  ['post.delete', handlePostDelete],
  ['dm.sent', handleActivityDms],
  ['dm.received', handleActivityDms],
]);

function normaliseActivityApi(body: unknown, ctx: NormaliseContext): NormalisedDelivery {
  const { data } = parseOrThrow(XActivityDeliverySchema, body, LABEL);
  const out = new DeliveryCollector();
  const handler = ACTIVITY_HANDLERS.get(data.event_type);
  if (!handler) {
    out.ignore();
    return out.result();
  }
  // Post and DM events are about the filtered (subscribed) user: that is the brand these customers talk to.
  const filter = parseOrThrow(XActivityFilterSchema, data.filter, LABEL, ['data', 'filter']);
  const parsedIncludes = XActivityIncludesSchema.parse(data.includes);
  const includes: Includes = { users: parsedIncludes?.users ?? [], media: parsedIncludes?.media ?? [] };
  const scope: Scope = { brandId: filter.user_id, users: {}, receivedAt: ctx.receivedAt, out };
  out.attempt(data.payload, () => handler(data.payload, includes, scope));
  return out.result();
}

function handlePost(payload: unknown, includes: Includes, scope: Scope): void {
  const p = parseOrThrow(XPostSchema, payload, LABEL, AT_PAYLOAD);
  const refs = (p.referenced_tweets ?? []).flatMap((r) => {
    const ref = XReferencedTweetSchema.safeParse(r);
    return ref.success ? [ref.data] : [];
  });
  // post.create also fires for the brand's own reposts.
  if (refs.some((r) => r.type === 'retweeted')) return scope.out.ignore();

  const user = includes.users.map(userDetails).find((u) => u !== undefined && (u.id ?? u.id_str) === p.author_id);
  const quoted = refs.find((r) => r.type === 'quoted')?.id;
  const author = user ? authorFrom(p.author_id, user) : { id: p.author_id };
  addTweet(
    {
      id: p.id,
      text: p.note_tweet?.text ?? p.text ?? '',
      authorId: p.author_id,
      author,
      screenName: author.handle,
      replyToStatus: p.in_reply_to_tweet_id ?? refs.find((r) => r.type === 'replied_to')?.id,
      replyToUser: p.in_reply_to_user_id ?? undefined,
      createdAt: isoStringToIso(p.created_at),
      attachments: [...postMedia(p, includes), ...(quoted ? [quoteAttachment(quoted)] : [])],
      editOf: earlierVersion(p.id, p.edit_history_tweet_ids),
    },
    scope,
  );
}

/** v2 media: the post names media keys, `includes.media` describes them (x-api/fundamentals/data-dictionary.mdx). */
function postMedia(p: XPost, includes: Includes): AttachmentInput[] {
  const byKey = new Map<string, { type?: string | null; url?: string | null; preview_image_url?: string | null }>();
  for (const item of includes.media) {
    const media = XV2MediaSchema.safeParse(item);
    if (media.success) byKey.set(media.data.media_key, media.data);
  }
  return (p.attachments?.media_keys ?? []).flatMap((key) => {
    if (typeof key !== 'string') return [];
    const media = byKey.get(key);
    // A key without its expansion is still a photo or video the customer sent: kept, untyped.
    return [mediaAttachment(media?.type, media?.url ?? media?.preview_image_url)];
  });
}

function handlePostDelete(payload: unknown, _includes: Includes, scope: Scope): void {
  const d = parseOrThrow(XPostDeleteSchema, payload, LABEL, AT_PAYLOAD);
  addDeletion(d.id, d.author_id, undefined, scope);
}

/** `dm.sent` / `dm.received` carry the Account Activity DM list itself, with a users map of v2 users. */
function handleActivityDms(payload: unknown, _includes: Includes, scope: Scope): void {
  const p = parseOrThrow(XActivityDmPayloadSchema, payload, LABEL, AT_PAYLOAD);
  const dmScope: Scope = { ...scope, users: p.users ?? {} };
  p.direct_message_events.forEach((d, i) =>
    scope.out.attempt(d, () => handleDirectMessage(d, [...AT_PAYLOAD, 'direct_message_events', i], dmScope)),
  );
}
