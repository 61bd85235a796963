import type { Classification } from '../../../schemas/classification';
import type { TimelineEntry } from '../../../schemas/case';
import { type SocialEvent, UNKNOWN_AUTHOR_ID } from '../../../schemas/social-event';
import { redactAttachments } from '../attachments';
import { type CaseSettings, criticalQuote, foldPost, type PostFold, type StoredCase } from './rules';

/**
 * The case rules for a post's edit or deletion (`event.revision`), pure like rules.ts. A revision is not a new post:
 * the case's post count stays, but it is folded under the same lock and recorded as the case's last event, so a
 * redelivered revision is recognised like a redelivered post (process-event.ts).
 *
 * - An edit is classified afresh: like a follow-up, it can raise the case's urgency and category (never lower them:
 *   a calmer edit does not unsay what the team may already be acting on) and, when it becomes critical, start its own
 *   escalation. An edit of the case's first post replaces the case's text, marked `textState: 'edited'`.
 * - A deletion changes no label; a deletion of the first post marks the text `deleted` (the redacted text stays for
 *   the team's record; the unredacted copy, if kept, is removed).
 */
export function foldRevision(existing: StoredCase, event: SocialEvent, c: Classification, settings: CaseSettings, now: string): PostFold {
  const ofFirst = event.revision?.of === existing.firstEventId;
  const same = { eventCount: existing.eventCount, lastEventId: event.id, updatedAt: now };
  if (event.revision?.action === 'deleted') return { ...same, ...(ofFirst ? { textState: 'deleted' as const } : {}) };
  const fold = foldPost(existing, event, c, settings, now);
  // Edits can arrive out of order (Messenger's second edit before its first): the latest by the platform's time wins.
  const newest = !existing.textEditedAt || Date.parse(event.createdAt) >= Date.parse(existing.textEditedAt);
  if (!ofFirst || !newest) return { ...fold, ...same };
  return {
    ...fold,
    ...same,
    text: c.redactedText,
    textState: 'edited',
    textEditedAt: event.createdAt,
    ...editedAttachments(event),
    ...keptCriticalWords(existing, c),
  };
}

/**
 * A critical first post edited into something calm stays critical (an edit never lowers a case), and the pages must
 * still quote the words that made it critical, not "sorry, all fine": they become the case's latestCritical (what
 * pages quote), unless a later critical post already is.
 */
function keptCriticalWords(existing: StoredCase, c: Classification): Pick<PostFold, 'latestCritical'> {
  if (existing.urgency !== 'critical' || c.urgency === 'critical' || existing.latestCritical) return {};
  return {
    latestCritical: {
      eventId: existing.firstEventId,
      at: existing.receivedAt,
      kind: existing.kind,
      text: criticalQuote(existing.text),
      reasons: existing.reasons,
      ...(existing.url ? { url: existing.url } : {}),
      ...(existing.attachments?.length ? { attachments: existing.attachments } : {}),
    },
  };
}

/** An edited photo keeps its attachment with the new caption (redacted like every stored caption). */
function editedAttachments(event: SocialEvent): Pick<PostFold, 'attachments'> {
  const { attachments } = redactAttachments(event.attachments);
  return attachments.length > 0 ? { attachments } : {};
}

/**
 * The case an edit or deletion changes, or undefined when it changes none:
 * - the post must be known, in a case of the revision's own conversation, and by the revision's author (when both are
 *   known): platforms let people change only their own posts, and this keeps a buggy or hostile source from
 *   rewriting someone else's case by naming their post;
 * - an edit of a post whose case was resolved is a new post (it opens a new case, and pages if it is critical, as any
 *   post after a resolve does); a deletion is still recorded on the resolved case.
 */
export function revisionTarget(event: SocialEvent, originalAuthorId: string | undefined, target: StoredCase | undefined): string | undefined {
  if (!target || target.conversationId !== event.conversationId) return undefined;
  const authorKnown = originalAuthorId !== undefined && event.author.id !== UNKNOWN_AUTHOR_ID;
  if (authorKnown && originalAuthorId !== event.author.id) return undefined;
  if (target.status === 'resolved' && event.revision?.action === 'edited') return undefined;
  return target.id;
}

/** Timeline entry for an edit (its new, redacted words and labels) or a deletion, keyed like a post's. */
export function revisionEntry(event: SocialEvent, c: Classification): TimelineEntry {
  const revision = event.revision!;
  if (revision.action === 'deleted') {
    return {
      at: event.receivedAt,
      type: 'post-deleted',
      detail: `the customer deleted a ${event.kind} on ${event.platform}`,
      data: { eventId: revision.of, revisionId: event.id },
    };
  }
  return {
    at: event.receivedAt,
    type: 'post-edited',
    detail: `the customer edited a ${event.kind} on ${event.platform}: now ${c.category}, ${c.urgency}${c.reasons.length ? ` (${c.reasons.slice(0, 3).join('; ')})` : ''}`,
    data: {
      eventId: revision.of,
      revisionId: event.id,
      category: c.category,
      urgency: c.urgency,
      sentiment: c.sentiment,
      text: c.redactedText,
      ...(event.attachments?.length ? { attachments: redactAttachments(event.attachments).attachments } : {}),
    },
  };
}
