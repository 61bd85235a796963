import { createHash } from 'node:crypto';
import {
  FeedAddValueSchema,
  FeedRemoveValueSchema,
  FeedValueHeadSchema,
  InstagramCommentValueSchema,
  InstagramMentionValueSchema,
  MessagingAttachmentSchema,
  MessagingEditItemSchema,
  MessagingItemHeadSchema,
  MessagingMessageItemSchema,
  MetaChangeSchema,
  MetaEntrySchema,
  MetaWebhookSchema,
  PageMentionValueSchema,
  type FeedAddValue,
  type MessagingMessageItem,
} from '../../../schemas/meta-webhook';
import { type AttachmentInput, type EventKind, UNKNOWN_AUTHOR_ID } from '../../../schemas/social-event';
import { compact, DeliveryCollector, parseOrThrow, present, toEvent, type EventDraft, type Path } from './delivery';
import { handleWhatsAppEchoes, handleWhatsAppMessages } from './whatsapp';
import { epochToIso } from './time';
import type { NormaliseContext, NormalisedDelivery } from './types';

/**
 * Meta webhooks → SocialEvents. One POST carries `entry[]` for one `object` type (Page, Instagram or WhatsApp),
 * possibly for several accounts at once; each entry holds `changes[]` (feed, mentions, IG comments, WhatsApp)
 * and/or `messaging[]`/`standby[]` (Messenger and IG DMs). Everything is walked; what is not a customer-visible
 * post, comment, mention or message is counted as ignored.
 */

const LABEL = 'meta webhook';

/** Feed items that are something someone wrote; reactions, likes, events and the rest are skipped. */
const FEED_ITEMS = new Set(['comment', 'post', 'status', 'photo', 'video', 'share']);
/** Feed items that are media: the item type is kept as an attachment even when there is a caption. */
const MEDIA_ITEMS = new Set(['photo', 'video', 'share']);

/** What handlers need besides the item: the entry's account and time, and where results go. */
interface EntryScope {
  /** Page, IG account or WABA id (`entry.id`). */
  accountId: string;
  /** `entry.time`: when Meta sent the notification; a better guess than receivedAt when an item has no time. */
  entryTime: string | undefined;
  receivedAt: string;
  out: DeliveryCollector;
}

type ChangeHandler = (value: unknown, at: Path, scope: EntryScope) => void;

export function normaliseMeta(body: unknown, ctx: NormaliseContext): NormalisedDelivery {
  const payload = parseOrThrow(MetaWebhookSchema, body, LABEL);
  const out = new DeliveryCollector();
  const changeHandlers = CHANGE_HANDLERS.get(payload.object);
  const dmPlatform = DM_PLATFORMS.get(payload.object);

  // Each entry, and each change in it, is checked on its own: a broken one is parked for a person while the rest of
  // the delivery still becomes events (Meta would otherwise retry the whole POST for 36 hours, then drop it).
  payload.entry.forEach((rawEntry, i) => {
    const at: Path = ['entry', i];
    out.attempt(rawEntry, () => {
      const entry = parseOrThrow(MetaEntrySchema, rawEntry, LABEL, at);
      const scope: EntryScope = {
        accountId: entry.id,
        entryTime: epochToIso(entry.time),
        receivedAt: ctx.receivedAt,
        out,
      };
      const handleChange = (field: string, value: unknown, valueAt: Path) => {
        const handle = changeHandlers?.get(field);
        if (handle) out.attempt(value, () => handle(value, valueAt, scope));
        else out.ignore();
      };
      (entry.changes ?? []).forEach((rawChange, j) => {
        const changeAt: Path = [...at, 'changes', j];
        out.attempt(rawChange, () => {
          const change = parseOrThrow(MetaChangeSchema, rawChange, LABEL, changeAt);
          handleChange(change.field, change.value, [...changeAt, 'value']);
        });
      });
      // The flat `{field, value}` that Instagram-Login deliveries put on the entry itself.
      if (entry.field !== undefined) handleChange(entry.field, entry.value, [...at, 'value']);
      for (const list of ['messaging', 'standby'] as const) {
        entry[list]?.forEach((item, j) => {
          if (dmPlatform) out.attempt(item, () => handleMessagingItem(item, [...at, list, j], dmPlatform, scope));
          else out.ignore();
        });
      }
    });
  });
  return out.result();
}

/** The customer's own time for the item, else when Meta sent it, else when it reached us. */
function timeOf(itemTime: unknown, scope: EntryScope): string {
  return epochToIso(itemTime) ?? scope.entryTime ?? scope.receivedAt;
}

function emit(draft: EventDraft, scope: EntryScope): void {
  scope.out.add(toEvent(draft, scope.receivedAt));
}

// ─── Facebook Page ───────────────────────────────────────────────────────────────────────────────────────────

/**
 * Page `feed`: new posts and comments (including the Page's own, which are echoes), their edits (`edited`, the new
 * words) and removals (`remove`). Likes, reactions, hides and the rest are counted as ignored.
 */
function handleFeed(value: unknown, at: Path, scope: EntryScope): void {
  const head = parseOrThrow(FeedValueHeadSchema, value, LABEL, at);
  if (!FEED_ITEMS.has(head.item ?? '')) return scope.out.ignore();
  if (head.verb === 'remove') return handleFeedRemoval(value, at, scope);
  if (head.verb !== 'add' && head.verb !== 'edited' && head.verb !== 'edit') return scope.out.ignore();
  const v = parseOrThrow(FeedAddValueSchema, value, LABEL, at);

  const isComment = v.item === 'comment';
  const ownId = isComment ? v.comment_id! : v.post_id;
  const parentId = present(v.parent_id);
  const text = v.message ?? '';
  const edited = v.verb !== 'add';
  // No `from`: Meta withheld the author (see FeedAddValueSchema). Unknown authors are never the Page itself.
  const from = feedAuthor(v);
  emit(
    {
      // An edit is an event of its own (the comment keeps its id through edits): one per distinct new text.
      id: edited ? `facebook:${ownId}:edited:${shortHash(text)}` : `facebook:${ownId}`,
      platform: 'facebook',
      kind: isComment ? 'comment' : 'post',
      text,
      author: from ? { id: from.id, name: present(from.name) } : { id: UNKNOWN_AUTHOR_ID },
      conversationId: `facebook:thread:${feedThreadRoot(isComment, ownId, v.post_id, parentId)}`,
      inReplyTo: parentId && !edited ? `facebook:${parentId}` : undefined,
      createdAt: timeOf(v.created_time, scope),
      url: `https://www.facebook.com/${v.post_id}`,
      isEcho: from !== undefined && from.id === scope.accountId,
      accountId: scope.accountId,
      attachments: feedAttachments(v, text),
      ...(edited ? { revision: { action: 'edited' as const, of: `facebook:${ownId}` } } : {}),
    },
    scope,
  );
}

/** `verb: remove`: the post or comment is gone. Recorded on its case; never a case of its own. */
function handleFeedRemoval(value: unknown, at: Path, scope: EntryScope): void {
  const v = parseOrThrow(FeedRemoveValueSchema, value, LABEL, at);
  const isComment = v.item === 'comment';
  const ownId = isComment ? v.comment_id! : v.post_id;
  const from = feedAuthor(v);
  emit(
    {
      id: `facebook:${ownId}:deleted`,
      platform: 'facebook',
      kind: isComment ? 'comment' : 'post',
      text: '',
      author: from ? { id: from.id, name: present(from.name) } : { id: UNKNOWN_AUTHOR_ID },
      conversationId: `facebook:thread:${feedThreadRoot(isComment, ownId, v.post_id, present(v.parent_id))}`,
      createdAt: timeOf(v.created_time, scope),
      isEcho: from !== undefined && from.id === scope.accountId,
      accountId: scope.accountId,
      revision: { action: 'deleted', of: `facebook:${ownId}` },
    },
    scope,
  );
}

/** `from`, or the older `sender_id`/`sender_name`; undefined when Meta withheld the author. */
function feedAuthor(v: {
  from?: { id: string; name?: string | null | undefined } | null | undefined;
  sender_id?: string | null | undefined;
  sender_name?: string | null | undefined;
}): { id: string; name?: string | null | undefined } | undefined {
  if (v.from) return v.from;
  const id = present(v.sender_id ?? undefined);
  return id ? { id, name: v.sender_name } : undefined;
}

/** 12 characters of a SHA-256: tells distinct edits of one item apart, and a redelivered edit from a new one. */
function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('base64url').slice(0, 12);
}

/**
 * A comment thread is the unit a care agent answers: a top-level comment (parent = the post) starts its own
 * thread, a reply joins its parent's. Facebook nests replies one level only, so the parent of a reply is
 * always the top-level comment. A post is its own thread.
 */
function feedThreadRoot(isComment: boolean, ownId: string, postId: string, parentId: string | undefined): string {
  if (!isComment) return postId;
  return parentId === undefined || parentId === postId ? ownId : parentId;
}

/**
 * Media items keep their type and link (a `status` with several photos lists each); a comment with a photo or video
 * says so; an item without words and without media names itself, so the card is never blank.
 */
function feedAttachments(v: FeedAddValue, text: string): AttachmentInput[] | undefined {
  const found: AttachmentInput[] = [];
  const photos = (v.photos ?? []).filter((p): p is string => typeof p === 'string');
  if (MEDIA_ITEMS.has(v.item)) found.push({ type: v.item, url: present(v.link) ?? present(v.photo) ?? present(v.video) });
  else if (photos.length > 0) found.push(...photos.map((url) => ({ type: 'photo', url })));
  if (v.item === 'comment') {
    if (present(v.photo)) found.push({ type: 'photo', url: v.photo! });
    if (present(v.video)) found.push({ type: 'video', url: v.video! });
  }
  if (found.length === 0 && text === '') found.push({ type: v.item });
  return found.length > 0 ? found.map(compact) : undefined;
}

/** Page `mention`: the Page tagged in a post or comment elsewhere; new mentions, their edits and removals. */
function handlePageMention(value: unknown, at: Path, scope: EntryScope): void {
  const head = parseOrThrow(FeedValueHeadSchema, value, LABEL, at);
  const action = head.verb === 'add' ? undefined : head.verb === 'edited' || head.verb === 'edit' ? 'edited' : head.verb === 'remove' ? 'deleted' : null;
  if (action === null) return scope.out.ignore();
  const v = parseOrThrow(PageMentionValueSchema, value, LABEL, at);

  const postId = present(v.post_id);
  const ownId = (present(v.comment_id) ?? postId)!;
  // Meta's own examples of a mention in a comment name no sender: the author is then unknown, never the Page.
  const authorId = present(v.sender_id ?? undefined) ?? v.from?.id ?? UNKNOWN_AUTHOR_ID;
  const text = action === 'deleted' ? '' : (v.message ?? '');
  emit(
    {
      id: action === undefined ? `facebook:${ownId}` : action === 'edited' ? `facebook:${ownId}:edited:${shortHash(text)}` : `facebook:${ownId}:deleted`,
      platform: 'facebook',
      kind: 'mention',
      text,
      author: { id: authorId, name: present(v.sender_name) ?? present(v.from?.name) },
      // The thread is the tagging comment (or post): the agent answers there.
      conversationId: `facebook:thread:${ownId}`,
      createdAt: timeOf(v.created_time, scope),
      url: postId ? `https://www.facebook.com/${postId}` : undefined,
      isEcho: authorId === scope.accountId,
      accountId: scope.accountId,
      ...(action ? { revision: { action, of: `facebook:${ownId}` } } : {}),
    },
    scope,
  );
}

// ─── Messenger and Instagram DMs ─────────────────────────────────────────────────────────────────────────────

/**
 * One `messaging`/`standby` item. Messages and Messenger `message_edits` become events; delivery and read receipts,
 * postbacks, reactions and referrals are skipped. An Instagram "unsent" notice (`is_deleted`) is a deletion of the
 * message it names. The conversation is keyed by the customer: the sender, or on an echo (the business's own send)
 * the recipient.
 */
function handleMessagingItem(item: unknown, at: Path, platform: 'facebook' | 'instagram', scope: EntryScope): void {
  const head = parseOrThrow(MessagingItemHeadSchema, item, LABEL, at);
  if (head.message_edit !== undefined && head.message_edit !== null && (head.message === undefined || head.message === null)) {
    return handleMessageEdit(item, at, platform, scope);
  }
  if (head.message === undefined || head.message === null) return scope.out.ignore();
  const m = parseOrThrow(MessagingMessageItemSchema, item, LABEL, at);

  // `sender == entry.id` also marks our own send, should a payload ever lack `is_echo`.
  const isEcho = m.message.is_echo === true || m.sender.id === scope.accountId;
  const customerId = isEcho ? m.recipient.id : m.sender.id;
  const common = {
    platform,
    author: { id: m.sender.id },
    conversationId: `${platform}:dm:${customerId}`,
    createdAt: timeOf(m.timestamp, scope),
    isEcho,
    accountId: scope.accountId,
  };
  if (m.message.is_deleted === true) {
    emit({ ...common, id: `${platform}:${m.message.mid}:deleted`, kind: 'dm', text: '', revision: { action: 'deleted', of: `${platform}:${m.message.mid}` } }, scope);
    return;
  }
  const attachments = messageAttachments(m);
  const replyTo = present(m.message.reply_to?.mid);
  emit(
    {
      ...common,
      id: `${platform}:${m.message.mid}`,
      kind: messageKind(attachments),
      text: m.message.text ?? '',
      inReplyTo: replyTo ? `${platform}:${replyTo}` : undefined,
      attachments,
    },
    scope,
  );
}

/** An Instagram story that @-mentions the business arrives as a DM with a `story_mention`: it is a mention. */
function messageKind(attachments: AttachmentInput[] | undefined): EventKind {
  return attachments?.some((a) => a.type === 'story_mention') ? 'mention' : 'dm';
}

/** Messenger `message_edits`: the new words of an earlier message, one event per edit (`num_edit`). */
function handleMessageEdit(item: unknown, at: Path, platform: 'facebook' | 'instagram', scope: EntryScope): void {
  const e = parseOrThrow(MessagingEditItemSchema, item, LABEL, at);
  const isEcho = e.sender.id === scope.accountId;
  const text = e.message_edit.text ?? '';
  const nth = e.message_edit.num_edit ?? shortHash(text);
  emit(
    {
      id: `${platform}:${e.message_edit.mid}:edited:${nth}`,
      platform,
      kind: 'dm',
      text,
      author: { id: e.sender.id },
      conversationId: `${platform}:dm:${isEcho ? e.recipient.id : e.sender.id}`,
      createdAt: timeOf(e.timestamp, scope),
      isEcho,
      accountId: scope.accountId,
      revision: { action: 'edited', of: `${platform}:${e.message_edit.mid}` },
    },
    scope,
  );
}

/** One attachment per item (type, link, title), the story a reply answers, and a flag for what Meta cannot show. */
function messageAttachments(m: MessagingMessageItem): AttachmentInput[] | undefined {
  const found: AttachmentInput[] = [];
  for (const raw of m.message.attachments ?? []) {
    const parsed = MessagingAttachmentSchema.safeParse(raw);
    if (!parsed.success) {
      found.push({ type: 'file' });
      continue;
    }
    const a = parsed.data;
    found.push({
      type: present(a.type) ?? 'file',
      url: present(a.payload?.url) ?? present(a.url),
      title: present(a.payload?.title) ?? present(a.title),
      refersTo: present(a.payload?.id ?? undefined),
    });
  }
  const story = m.message.reply_to?.story;
  if (story) found.push({ type: 'story_reply', url: present(story.url), refersTo: present(story.id) });
  if (m.message.is_unsupported === true) found.push({ type: 'unsupported' });
  return found.length > 0 ? found.map(compact) : undefined;
}

// ─── Instagram comments and mentions ─────────────────────────────────────────────────────────────────────────

/**
 * `comments` / `live_comments`. No time in the value: `entry.time` (when Meta sent it) stands in. The business's
 * own comments and replies are echoes: `from.id` is the account, or (Instagram Login webhooks) `from` carries
 * `self_ig_scoped_id`, which Meta adds only when the professional account itself commented.
 */
function handleInstagramComment(value: unknown, at: Path, scope: EntryScope): void {
  const v = parseOrThrow(InstagramCommentValueSchema, value, LABEL, at);
  const ownId = (v.id ?? v.comment_id)!;
  const parentId = present(v.parent_id);
  const mediaId = present(v.media?.id ?? undefined);
  emit(
    {
      id: `instagram:${ownId}`,
      platform: 'instagram',
      kind: 'comment',
      text: v.text ?? '',
      author: v.from ? { id: v.from.id, handle: present(v.from.username) } : { id: UNKNOWN_AUTHOR_ID },
      conversationId: `instagram:thread:${parentId ?? ownId}`,
      inReplyTo: parentId ? `instagram:${parentId}` : undefined,
      createdAt: scope.entryTime ?? scope.receivedAt,
      isEcho: v.from !== null && v.from !== undefined && (v.from.id === scope.accountId || present(v.from.self_ig_scoped_id ?? undefined) !== undefined),
      accountId: scope.accountId,
      attachments: (v.text ?? '') === '' ? [compact({ type: 'comment', refersTo: mediaId })] : undefined,
    },
    scope,
  );
}

/**
 * `mentions`: the account was @-mentioned in a caption (media_id only) or a comment (plus comment_id). The
 * webhook names neither the text nor the author; both need a Graph API fetch with a stored token. The event
 * still goes out so nothing is lost: text '' with attachment `mention-without-text` (naming the media) tells staff
 * to look it up, and the author is the placeholder UNKNOWN_AUTHOR_ID (never a real IGSID, so it cannot collide
 * with a customer; no customer-directory lookup will match it).
 */
function handleInstagramMention(value: unknown, at: Path, scope: EntryScope): void {
  const v = parseOrThrow(InstagramMentionValueSchema, value, LABEL, at);
  const ownId = present(v.comment_id) ?? v.media_id;
  emit(
    {
      id: `instagram:${ownId}`,
      platform: 'instagram',
      kind: 'mention',
      text: '',
      author: { id: UNKNOWN_AUTHOR_ID },
      conversationId: `instagram:thread:${ownId}`,
      createdAt: scope.entryTime ?? scope.receivedAt,
      isEcho: false,
      accountId: scope.accountId,
      attachments: [{ type: 'mention-without-text', refersTo: v.media_id }],
    },
    scope,
  );
}


// ─── Routing tables ──────────────────────────────────────────────────────────────────────────────────────────

/** Maps, not object literals: `object` and `field` come from the body, and `"constructor"` must not find anything. */
const CHANGE_HANDLERS = new Map<string, Map<string, ChangeHandler>>([
  [
    'page',
    new Map([
      ['feed', handleFeed],
      ['mention', handlePageMention],
    ]),
  ],
  [
    'instagram',
    new Map([
      ['comments', handleInstagramComment],
      ['live_comments', handleInstagramComment],
      ['mentions', handleInstagramMention],
    ]),
  ],
  [
    'whatsapp_business_account',
    new Map([
      ['messages', handleWhatsAppMessages],
      ['smb_message_echoes', handleWhatsAppEchoes],
    ]),
  ],
]);

const DM_PLATFORMS = new Map<string, 'facebook' | 'instagram'>([
  ['page', 'facebook'],
  ['instagram', 'instagram'],
]);
