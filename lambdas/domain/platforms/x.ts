import type { Author, EventKind } from '../../../schemas/social-event';
import {
  XDirectMessageHeadSchema,
  XDirectMessageSchema,
  XMapUserSchema,
  XTweetSchema,
  XWebhookSchema,
  type XMapUser,
  type XTweet,
} from '../../../schemas/x-webhook';
import { DeliveryCollector, parseOrThrow, present, toEvent, type Path } from './delivery';
import { epochToIso, xCreatedAtToIso } from './time';
import type { NormaliseContext, NormalisedDelivery } from './types';

/**
 * X Account Activity deliveries → SocialEvents: tweets that involve the subscribed (brand) account and its
 * DMs. Every other activity list (likes, follows, typing, reads, deletions…) is counted as ignored.
 */

const LABEL = 'x webhook';

/** Author id when a tweet comes without its `user` object (never seen in real deliveries; minimal test bodies). */
export const UNKNOWN_AUTHOR_ID = 'unknown';

/** Keys of the envelope that are not activity lists. */
const HANDLED_KEYS = new Set(['for_user_id', 'tweet_create_events', 'direct_message_events', 'users', 'apps']);

/** Newer payloads mark paid, business and government verification here instead of `verified`. */
const VERIFIED_TYPES = new Set(['blue', 'business', 'government']);

interface Scope {
  /** `for_user_id`: the brand account this copy of the delivery is for. */
  brandId: string;
  users: Record<string, unknown>;
  receivedAt: string;
  out: DeliveryCollector;
}

export function normaliseX(body: unknown, ctx: NormaliseContext): NormalisedDelivery {
  const payload = parseOrThrow(XWebhookSchema, body, LABEL);
  const out = new DeliveryCollector();
  const scope: Scope = { brandId: payload.for_user_id, users: payload.users ?? {}, receivedAt: ctx.receivedAt, out };

  payload.tweet_create_events?.forEach((t, i) => out.attempt(t, () => handleTweet(t, ['tweet_create_events', i], scope)));
  payload.direct_message_events?.forEach((d, i) => out.attempt(d, () => handleDirectMessage(d, ['direct_message_events', i], scope)));
  out.ignore(countOtherActivity(payload));
  return out.result();
}

/** Each item of any other `*_events` list, plus a `user_event` (access revoked), counts as one ignored item. */
function countOtherActivity(payload: Record<string, unknown>): number {
  let count = 0;
  for (const [key, value] of Object.entries(payload)) {
    if (HANDLED_KEYS.has(key)) continue;
    if (key.endsWith('_events') && Array.isArray(value)) count += value.length;
    else if (key === 'user_event' && value !== null && typeof value === 'object') count += 1;
  }
  return count;
}

// ─── Tweets ──────────────────────────────────────────────────────────────────────────────────────────────────

function handleTweet(item: unknown, at: Path, scope: Scope): void {
  const t = parseOrThrow(XTweetSchema, item, LABEL, at);
  // A pure retweet repeats someone else's words; quotes (which add words) are kept.
  if (t.retweeted_status !== undefined && t.retweeted_status !== null) return scope.out.ignore();

  const authorId = t.user?.id_str ?? UNKNOWN_AUTHOR_ID;
  const isEcho = authorId === scope.brandId;
  const replyToStatus = present(t.in_reply_to_status_id_str);
  const screenName = present(t.user?.screen_name ?? undefined);
  scope.out.add(
    toEvent(
      {
        id: `x:${t.id_str}`,
        platform: 'x',
        kind: tweetKind(t, isEcho, scope.brandId),
        text: t.extended_tweet?.full_text ?? t.full_text ?? t.text ?? '',
        author: t.user ? tweetAuthor(t.user) : { id: UNKNOWN_AUTHOR_ID },
        conversationId: `x:thread:${tweetThreadKey(t, isEcho, scope.brandId)}`,
        inReplyTo: replyToStatus ? `x:${replyToStatus}` : undefined,
        createdAt: epochToIso(t.timestamp_ms) ?? xCreatedAtToIso(t.created_at) ?? scope.receivedAt,
        url: screenName ? `https://x.com/${screenName}/status/${t.id_str}` : `https://x.com/i/web/status/${t.id_str}`,
        isEcho,
        accountId: scope.brandId,
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
function tweetKind(t: XTweet, isEcho: boolean, brandId: string): EventKind {
  const isReply = present(t.in_reply_to_status_id_str) !== undefined;
  if (isEcho) return isReply ? 'comment' : 'post';
  return isReply && t.in_reply_to_user_id_str === brandId ? 'comment' : 'mention';
}

/**
 * Public tweets are grouped per customer: everything a customer and the brand say to each other in public is
 * one conversation, `x:thread:<customer id>`. On the brand's reply the customer is the user replied to. A
 * tweet with no customer (the brand's own top-level post or self-thread, or no `user`) is its own thread.
 */
function tweetThreadKey(t: XTweet, isEcho: boolean, brandId: string): string {
  const customerId = isEcho ? present(t.in_reply_to_user_id_str) : t.user?.id_str;
  return customerId !== undefined && customerId !== brandId ? customerId : t.id_str;
}

function tweetAuthor(user: NonNullable<XTweet['user']>): Author {
  return {
    id: user.id_str,
    handle: present(user.screen_name),
    name: present(user.name),
    followers: user.followers_count ?? undefined,
    verified: isVerified(user),
  };
}

function isVerified(user: XMapUser): boolean {
  return user.verified === true || VERIFIED_TYPES.has(user.verified_type ?? '');
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
  const attachment = data?.attachment ? [{ type: present(data.attachment.type) ?? 'media' }] : undefined;
  scope.out.add(
    toEvent(
      {
        id: `x:${d.id}`,
        platform: 'x',
        kind: 'dm',
        text: data?.text ?? '',
        author: dmAuthor(senderId, scope.users),
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

/**
 * Looks the sender up in the delivery's `users` map. The map only decorates the author, so a missing or
 * malformed entry leaves a bare `{id}` instead of failing the delivery.
 */
function dmAuthor(senderId: string, users: Record<string, unknown>): Author {
  // Own keys only: a sender id such as "constructor" must not find Object.prototype members.
  const entry = Object.hasOwn(users, senderId) ? XMapUserSchema.safeParse(users[senderId]) : undefined;
  if (!entry?.success) return { id: senderId };
  const user = entry.data;
  return {
    id: senderId,
    handle: present(user.screen_name),
    name: present(user.name),
    followers: user.followers_count ?? undefined,
    verified: isVerified(user),
  };
}
