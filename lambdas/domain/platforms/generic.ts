import { GenericWebhookSchema, type GenericData } from '../../../schemas/generic-webhook';
import { EventKindSchema, PlatformSchema, type EventKind } from '../../../schemas/social-event';
import { DeliveryCollector, parseOrThrow, present, toEvent } from './delivery';
import { anyTimeToIso } from './time';
import type { NormaliseContext, NormalisedDelivery } from './types';

/**
 * Standard Webhooks deliveries (`{type, data}`) from any other source → one SocialEvent. The source name from
 * the URL is the platform, so ids, conversations and the account are all namespaced by it.
 */

const LABEL = 'generic webhook';

/**
 * @param source the `{source}` of `/webhooks/generic/{source}`, already validated by the route as a lower-case
 *   slug. It is checked again because an invalid one is a caller bug, and it is reported as a plain Error
 *   (not a PayloadError: the body is not at fault).
 */
export function normaliseGeneric(source: string, body: unknown, ctx: NormaliseContext): NormalisedDelivery {
  if (!PlatformSchema.safeParse(source).success) throw new Error('normaliseGeneric: source must be a lower-case slug');
  const { type, data } = parseOrThrow(GenericWebhookSchema, body, LABEL);
  const out = new DeliveryCollector();
  const inReplyTo = present(data.inReplyTo);
  out.add(
    toEvent(
      {
        id: `${source}:${data.id}`,
        platform: source,
        kind: genericKind(type, data),
        text: data.text,
        author: {
          id: data.author.id,
          name: present(data.author.name),
          handle: present(data.author.handle),
          followers: data.author.followers ?? undefined,
          verified: data.author.verified ?? undefined,
          email: present(data.author.email),
        },
        conversationId: `${source}:${present(data.conversationId) ?? data.id}`,
        inReplyTo: inReplyTo ? `${source}:${inReplyTo}` : undefined,
        createdAt: anyTimeToIso(data.createdAt) ?? ctx.receivedAt,
        url: present(data.url),
        rating: data.rating ?? undefined,
        isEcho: false,
        accountId: source,
      },
      ctx.receivedAt,
    ),
  );
  return out.result();
}

/**
 * `data.kind` when it is one of ours; otherwise read from the event type: anything about a review (or carrying
 * a rating) is a `review`; a type naming comments, mentions or direct messages gives that kind; the rest are
 * posts. Checked in that order, so `review.comment.created` (a reply under a review) stays a review.
 */
export function genericKind(type: string, data: Pick<GenericData, 'kind' | 'rating'>): EventKind {
  const declared = EventKindSchema.safeParse(data.kind);
  if (declared.success) return declared.data;
  const t = type.toLowerCase();
  if (t.includes('review') || (data.rating !== undefined && data.rating !== null)) return 'review';
  if (t.includes('comment') || /(^|[^a-z])repl(y|ies)([^a-z]|$)/.test(t)) return 'comment';
  if (t.includes('mention')) return 'mention';
  if (/(^|[^a-z])dms?([^a-z]|$)/.test(t) || /direct[ ._-]?message|private[ ._-]?message/.test(t)) return 'dm';
  return 'post';
}
