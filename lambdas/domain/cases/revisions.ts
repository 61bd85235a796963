import type { Classification } from '../../../schemas/classification';
import type { TimelineEntry } from '../../../schemas/case';
import type { SocialEvent } from '../../../schemas/social-event';
import { redactAttachments } from '../attachments';
import { type CaseSettings, foldPost, type PostFold, type StoredCase } from './rules';

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
  return { ...fold, ...same, ...(ofFirst ? { text: c.redactedText, textState: 'edited' as const, ...editedAttachments(event) } : {}) };
}

/** An edited photo keeps its attachment with the new caption (redacted like every stored caption). */
function editedAttachments(event: SocialEvent): Pick<PostFold, 'attachments'> {
  const { attachments } = redactAttachments(event.attachments);
  return attachments.length > 0 ? { attachments } : {};
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
