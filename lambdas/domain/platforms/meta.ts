import {
  FeedAddValueSchema,
  FeedValueHeadSchema,
  InstagramCommentValueSchema,
  InstagramMentionValueSchema,
  MessagingItemHeadSchema,
  MessagingMessageItemSchema,
  MetaChangeSchema,
  MetaEntrySchema,
  MetaWebhookSchema,
  PageMentionValueSchema,
  WhatsAppEchoesValueSchema,
  WhatsAppMessageSchema,
  WhatsAppMessagesValueSchema,
  type FeedAddValue,
  type WhatsAppContent,
} from '../../../schemas/meta-webhook';
import { DeliveryCollector, parseOrThrow, present, toEvent, type EventDraft, type Path } from './delivery';
import { epochToIso } from './time';
import type { NormaliseContext, NormalisedDelivery } from './types';

/**
 * Meta webhooks → SocialEvents. One POST carries `entry[]` for one `object` type (Page, Instagram or WhatsApp),
 * possibly for several accounts at once; each entry holds `changes[]` (feed, mentions, IG comments, WhatsApp)
 * and/or `messaging[]`/`standby[]` (Messenger and IG DMs). Everything is walked; what is not a customer-visible
 * post, comment, mention or message is counted as ignored.
 */

const LABEL = 'meta webhook';

/**
 * Author id when the webhook does not say who wrote the item (Instagram `mentions` are ids only; Facebook feed
 * items without `from`). Never a real id, and never taken as the account's own (not an echo).
 */
export const UNKNOWN_AUTHOR_ID = 'unknown';

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

/** Page `feed`: new posts and comments (including the Page's own, which are echoes). Edits and removals are skipped. */
function handleFeed(value: unknown, at: Path, scope: EntryScope): void {
  const head = parseOrThrow(FeedValueHeadSchema, value, LABEL, at);
  if (head.verb !== 'add' || !FEED_ITEMS.has(head.item ?? '')) return scope.out.ignore();
  const v = parseOrThrow(FeedAddValueSchema, value, LABEL, at);

  const isComment = v.item === 'comment';
  const ownId = isComment ? v.comment_id! : v.post_id;
  const parentId = present(v.parent_id);
  const text = v.message ?? '';
  // No `from`: Meta withheld the author (see FeedAddValueSchema). Unknown authors are never the Page itself.
  const from = v.from ?? undefined;
  emit(
    {
      id: `facebook:${ownId}`,
      platform: 'facebook',
      kind: isComment ? 'comment' : 'post',
      text,
      author: from ? { id: from.id, name: present(from.name) } : { id: UNKNOWN_AUTHOR_ID },
      conversationId: `facebook:thread:${feedThreadRoot(isComment, ownId, v.post_id, parentId)}`,
      inReplyTo: parentId ? `facebook:${parentId}` : undefined,
      createdAt: timeOf(v.created_time, scope),
      url: `https://www.facebook.com/${v.post_id}`,
      isEcho: from !== undefined && from.id === scope.accountId,
      accountId: scope.accountId,
      attachments: feedAttachments(v, text)?.map((type) => ({ type })),
    },
    scope,
  );
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

/** Media items keep their type; a comment with a photo or video says so; an item without words names itself. */
function feedAttachments(v: FeedAddValue, text: string): string[] | undefined {
  const found: string[] = [];
  if (MEDIA_ITEMS.has(v.item)) found.push(v.item);
  if (v.item === 'comment') {
    if (v['photo'] !== undefined && v['photo'] !== null) found.push('photo');
    if (v['video'] !== undefined && v['video'] !== null) found.push('video');
  }
  if (found.length === 0 && text === '') found.push(v.item);
  return found.length > 0 ? found : undefined;
}

/** Page `mention`: the Page tagged in a post or comment elsewhere. Only new mentions (verb add) count. */
function handlePageMention(value: unknown, at: Path, scope: EntryScope): void {
  const head = parseOrThrow(FeedValueHeadSchema, value, LABEL, at);
  if (head.verb !== 'add') return scope.out.ignore();
  const v = parseOrThrow(PageMentionValueSchema, value, LABEL, at);

  const postId = present(v.post_id);
  const ownId = (present(v.comment_id) ?? postId)!;
  const authorId = (v.sender_id ?? v.from?.id)!;
  emit(
    {
      id: `facebook:${ownId}`,
      platform: 'facebook',
      kind: 'mention',
      text: v.message ?? '',
      author: { id: authorId, name: present(v.sender_name) ?? present(v.from?.name) },
      // The thread is the tagging comment (or post): the agent answers there.
      conversationId: `facebook:thread:${ownId}`,
      createdAt: timeOf(v.created_time, scope),
      url: postId ? `https://www.facebook.com/${postId}` : undefined,
      isEcho: authorId === scope.accountId,
      accountId: scope.accountId,
    },
    scope,
  );
}

// ─── Messenger and Instagram DMs ─────────────────────────────────────────────────────────────────────────────

/**
 * One `messaging`/`standby` item. Only items with a `message` are messages; delivery and read receipts,
 * postbacks, reactions and referrals are skipped, and so are Instagram "unsent" notices (`is_deleted`).
 * The conversation is keyed by the customer: the sender, or on an echo (the business's own send) the recipient.
 */
function handleMessagingItem(item: unknown, at: Path, platform: 'facebook' | 'instagram', scope: EntryScope): void {
  const head = parseOrThrow(MessagingItemHeadSchema, item, LABEL, at);
  if (head.message === undefined || head.message === null) return scope.out.ignore();
  const m = parseOrThrow(MessagingMessageItemSchema, item, LABEL, at);
  if (m.message.is_deleted === true) return scope.out.ignore();

  // `sender == entry.id` also marks our own send, should a payload ever lack `is_echo`.
  const isEcho = m.message.is_echo === true || m.sender.id === scope.accountId;
  const customerId = isEcho ? m.recipient.id : m.sender.id;
  const replyTo = present(m.message.reply_to?.mid);
  emit(
    {
      id: `${platform}:${m.message.mid}`,
      platform,
      kind: 'dm',
      text: m.message.text ?? '',
      author: { id: m.sender.id },
      conversationId: `${platform}:dm:${customerId}`,
      inReplyTo: replyTo ? `${platform}:${replyTo}` : undefined,
      createdAt: timeOf(m.timestamp, scope),
      isEcho,
      accountId: scope.accountId,
      attachments: messageAttachments(m.message.attachments, m.message.is_unsupported === true)?.map((type) => ({ type })),
    },
    scope,
  );
}

function messageAttachments(
  attachments: { type?: string | null | undefined }[] | null | undefined,
  unsupported: boolean,
): string[] | undefined {
  const types = (attachments ?? []).map((a) => present(a.type) ?? 'file');
  if (unsupported) types.push('unsupported');
  return types.length > 0 ? types : undefined;
}

// ─── Instagram comments and mentions ─────────────────────────────────────────────────────────────────────────

/** `comments` / `live_comments`. No time in the value: `entry.time` (when Meta sent it) stands in. */
function handleInstagramComment(value: unknown, at: Path, scope: EntryScope): void {
  const v = parseOrThrow(InstagramCommentValueSchema, value, LABEL, at);
  const ownId = (v.id ?? v.comment_id)!;
  const parentId = present(v.parent_id);
  emit(
    {
      id: `instagram:${ownId}`,
      platform: 'instagram',
      kind: 'comment',
      text: v.text ?? '',
      author: { id: v.from.id, handle: present(v.from.username) },
      conversationId: `instagram:thread:${parentId ?? ownId}`,
      inReplyTo: parentId ? `instagram:${parentId}` : undefined,
      createdAt: scope.entryTime ?? scope.receivedAt,
      isEcho: v.from.id === scope.accountId,
      accountId: scope.accountId,
    },
    scope,
  );
}

/**
 * `mentions`: the account was @-mentioned in a caption (media_id only) or a comment (plus comment_id). The
 * webhook names neither the text nor the author; both need a Graph API fetch with a stored token. The event
 * still goes out so nothing is lost: text '' with attachment `mention-without-text` tells later stages to
 * enrich it, and the author is the placeholder UNKNOWN_AUTHOR_ID (never a real IGSID, so it cannot collide
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
      attachments: [{ type: 'mention-without-text' }],
    },
    scope,
  );
}

// ─── WhatsApp ────────────────────────────────────────────────────────────────────────────────────────────────

/** Message types that are words (possibly a tapped button's title); all others are kept as an attachment type. */
const WHATSAPP_WORD_TYPES = new Set(['text', 'interactive', 'button']);

/**
 * `messages`: customers' messages become DMs; `statuses` (receipts of our own sends) are counted only. Reactions
 * (an emoji on an earlier message) are skipped like Facebook reactions: they carry no request to answer.
 */
function handleWhatsAppMessages(value: unknown, at: Path, scope: EntryScope): void {
  const v = parseOrThrow(WhatsAppMessagesValueSchema, value, LABEL, at);
  const accountId = v.metadata.phone_number_id;
  const names = new Map<string, string>();
  for (const c of v.contacts ?? []) {
    const name = present(c.profile?.name);
    if (c.wa_id && name) names.set(c.wa_id, name);
  }

  const messages = v.messages ?? [];
  const statuses = v.statuses ?? [];
  scope.out.ignore(statuses.length);
  if (messages.length === 0 && statuses.length === 0) scope.out.ignore(); // errors-only or an empty value

  messages.forEach((raw, i) =>
    scope.out.attempt(raw, () => {
      const m = parseOrThrow(WhatsAppMessageSchema, raw, LABEL, [...at, 'messages', i]);
      if (m.type === 'reaction') {
        scope.out.ignore();
        return;
      }
      emit(
      {
        id: `whatsapp:${m.id}`,
        platform: 'whatsapp',
        kind: 'dm',
        ...whatsAppBody(m),
        author: { id: m.from, name: names.get(m.from) },
        conversationId: `whatsapp:dm:${m.from}`,
        inReplyTo: replyTarget(m),
        createdAt: timeOf(m.timestamp, scope),
        isEcho: false,
        accountId,
      },
      scope,
    );
    }),
  );
}

/** `smb_message_echoes`: sends from the WhatsApp Business app; the customer is the `to` number. */
function handleWhatsAppEchoes(value: unknown, at: Path, scope: EntryScope): void {
  const v = parseOrThrow(WhatsAppEchoesValueSchema, value, LABEL, at);
  const accountId = v.metadata.phone_number_id;
  for (const m of v.message_echoes) {
    emit(
      {
        id: `whatsapp:${m.id}`,
        platform: 'whatsapp',
        kind: 'dm',
        ...whatsAppBody(m),
        author: { id: m.from },
        conversationId: `whatsapp:dm:${m.to}`,
        inReplyTo: replyTarget(m),
        createdAt: timeOf(m.timestamp, scope),
        isEcho: true,
        accountId,
      },
      scope,
    );
  }
}

/** The words of a message (body, tapped button title, or media caption) and, for non-text types, the type. */
function whatsAppBody(m: WhatsAppContent): { text: string; attachments: { type: string }[] | undefined } {
  const type = present(m.type) ?? 'unknown';
  const text =
    m.text?.body ??
    m.interactive?.button_reply?.title ??
    m.interactive?.list_reply?.title ??
    m.button?.text ??
    m.image?.caption ??
    m.video?.caption ??
    m.document?.caption ??
    '';
  return { text, attachments: WHATSAPP_WORD_TYPES.has(type) ? undefined : [{ type }] };
}

function replyTarget(m: WhatsAppContent): string | undefined {
  const id = present(m.context?.id);
  return id ? `whatsapp:${id}` : undefined;
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
