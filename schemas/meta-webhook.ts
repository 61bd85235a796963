import * as z from 'zod';

/**
 * Meta (Graph API) webhook bodies: Facebook Page feed and mentions, Messenger, Instagram and WhatsApp Cloud API.
 *
 * Two levels, on purpose. The envelope (`MetaWebhookSchema`) is strict enough to turn garbage away (400), but
 * leaves each change's `value` and each messaging item unchecked: Meta sends many fields and item types we
 * skip (reactions, statuses, read receipts), and their shape must never fail a delivery. The normaliser then
 * checks only the items it turns into events against the item schemas below, which require exactly what an
 * event needs (ids, author) and let every other field through (`looseObject`, optional extras).
 */

/** A platform id as text: non-empty, and no control or line-break characters (they would break `<platform>:<id>`). */
const IdText = z.string().regex(/^[^\p{Cc}\u2028\u2029]+$/u);

/**
 * Graph ids are strings on the wire, but some of Meta's own examples show numbers: accept both, keep a string.
 * BigInt renders large integers in full (String(1e21) would give `1e+21`).
 */
export const MetaIdSchema = z
  .union([IdText, z.number().nonnegative().refine(Number.isInteger, { message: 'must be a whole number' })])
  .transform((id) => (typeof id === 'number' ? BigInt(id).toString() : id));

/** Optional text: Graph sends `null` for absent values as readily as it omits them. */
const OptText = z.string().nullish();

/** Times stay unchecked here: an unreadable time falls back to another time instead of failing the body. */
const AnyTime = z.unknown();

// ─── Envelope ────────────────────────────────────────────────────────────────────────────────────────────────

export const MetaChangeSchema = z.looseObject({ field: z.string(), value: z.unknown() });

export const MetaEntrySchema = z.looseObject({
  /** Page, Instagram professional account or WABA id: the account the events were addressed to. */
  id: MetaIdSchema,
  /** When Meta sent the notification: seconds in Graph examples, milliseconds in Messenger ones. */
  time: AnyTime.optional(),
  /** Checked one by one (MetaChangeSchema): a broken change is parked, its siblings still become events. */
  changes: z.array(z.unknown()).nullish(),
  /** Messenger and Instagram DMs; items are checked one by one (see MessagingItemHeadSchema). */
  messaging: z.array(z.unknown()).nullish(),
  /** The same items while another app owns the thread (handover protocol). */
  standby: z.array(z.unknown()).nullish(),
  /** Instagram-Login examples put one change's `field`/`value` directly on the entry. */
  field: z.string().optional(),
  value: z.unknown().optional(),
});
export type MetaEntry = z.output<typeof MetaEntrySchema>;

export const MetaWebhookSchema = z.looseObject({
  /** `page`, `instagram` or `whatsapp_business_account`; others are accepted and ignored. */
  object: z.string(),
  /** Entries are checked one by one (MetaEntrySchema): one broken entry is parked, not the whole delivery. */
  entry: z.array(z.unknown()),
});
export type MetaWebhook = z.output<typeof MetaWebhookSchema>;

// ─── Facebook Page (`object: page`) ───────────────────────────────────────────────────────────────────────────

/** Enough of a `feed` value to decide whether it becomes an event (verb `add` of a post or comment). */
export const FeedValueHeadSchema = z.looseObject({ item: OptText, verb: OptText });

export const FeedAddValueSchema = z
  .looseObject({
    item: z.string(),
    verb: z.literal('add'),
    /** `<pageid>_<postid>`. */
    post_id: MetaIdSchema,
    comment_id: MetaIdSchema.nullish(),
    /** The post id for a top-level comment, the parent comment id for a reply. */
    parent_id: MetaIdSchema.nullish(),
    /**
     * Meta leaves `from` out on items by people who are not Page roles when the app lacks some permissions: the
     * item is still a customer talking to us (author unknown). When present it must name an id.
     */
    from: z.looseObject({ id: MetaIdSchema, name: OptText }).nullish(),
    message: OptText,
    /** Unix seconds. */
    created_time: AnyTime.optional(),
  })
  .refine((v) => v.item !== 'comment' || (v.comment_id !== null && v.comment_id !== undefined), {
    path: ['comment_id'],
    message: 'is required for a comment',
  });
export type FeedAddValue = z.output<typeof FeedAddValueSchema>;

/** Page `mention` (the Page tagged in someone else's post or comment). Older payloads used `from`; both work. */
export const PageMentionValueSchema = z
  .looseObject({
    verb: OptText,
    item: OptText,
    post_id: MetaIdSchema.nullish(),
    comment_id: MetaIdSchema.nullish(),
    sender_id: MetaIdSchema.nullish(),
    sender_name: OptText,
    from: z.looseObject({ id: MetaIdSchema, name: OptText }).nullish(),
    message: OptText,
    created_time: AnyTime.optional(),
  })
  .refine((v) => (v.post_id ?? v.comment_id) != null, { path: ['post_id'], message: 'is required (or comment_id)' })
  .refine((v) => (v.sender_id ?? v.from?.id) != null, { path: ['sender_id'], message: 'is required (or from.id)' });
export type PageMentionValue = z.output<typeof PageMentionValueSchema>;

// ─── Messenger and Instagram DMs (`entry[].messaging[]` / `standby[]`) ──────────────────────────────────────

/** Every messaging item is an object; only those carrying `message` become events (not delivery/read/postback). */
export const MessagingItemHeadSchema = z.looseObject({ message: z.unknown().optional() });

export const MessagingMessageItemSchema = z.looseObject({
  /** PSID / IGSID of the customer, or the Page / IG account on an echo. */
  sender: z.looseObject({ id: MetaIdSchema }),
  recipient: z.looseObject({ id: MetaIdSchema }),
  /** Milliseconds. */
  timestamp: AnyTime.optional(),
  message: z.looseObject({
    mid: IdText,
    text: OptText,
    attachments: z.array(z.looseObject({ type: OptText })).nullish(),
    is_echo: z.boolean().nullish(),
    /** Instagram: the customer unsent a message; this notice is not a new message. */
    is_deleted: z.boolean().nullish(),
    is_unsupported: z.boolean().nullish(),
    reply_to: z.looseObject({ mid: OptText }).nullish(),
  }),
});
export type MessagingMessageItem = z.output<typeof MessagingMessageItemSchema>;

// ─── Instagram (`object: instagram`) ─────────────────────────────────────────────────────────────────────────

/** `comments` / `live_comments`. The comment id is `id`, or `comment_id` on one of Meta's example pages. */
export const InstagramCommentValueSchema = z
  .looseObject({
    id: MetaIdSchema.nullish(),
    comment_id: MetaIdSchema.nullish(),
    from: z.looseObject({ id: MetaIdSchema, username: OptText }),
    text: OptText,
    media: z.looseObject({ id: MetaIdSchema.nullish(), media_product_type: OptText }).nullish(),
    /** Present on replies: the comment replied to. */
    parent_id: MetaIdSchema.nullish(),
  })
  .refine((v) => (v.id ?? v.comment_id) != null, { path: ['id'], message: 'is required (or comment_id)' });
export type InstagramCommentValue = z.output<typeof InstagramCommentValueSchema>;

/** `mentions`: thin, only ids; the text must be fetched from the Graph API with a stored token. */
export const InstagramMentionValueSchema = z.looseObject({
  media_id: MetaIdSchema,
  comment_id: MetaIdSchema.nullish(),
});
export type InstagramMentionValue = z.output<typeof InstagramMentionValueSchema>;

// ─── WhatsApp Cloud API (`object: whatsapp_business_account`) ────────────────────────────────────────────────

const Caption = z.looseObject({ caption: OptText }).nullish();

/** What a message says, whichever type it is; shared by inbound messages and Business-app echoes. */
export const WhatsAppContentSchema = z.looseObject({
  /** `wamid.…`. */
  id: IdText,
  /** Unix seconds as a string. */
  timestamp: AnyTime.optional(),
  type: OptText,
  text: z.looseObject({ body: OptText }).nullish(),
  interactive: z
    .looseObject({
      button_reply: z.looseObject({ title: OptText }).nullish(),
      list_reply: z.looseObject({ title: OptText }).nullish(),
    })
    .nullish(),
  /** Quick-reply button of a template. */
  button: z.looseObject({ text: OptText }).nullish(),
  image: Caption,
  video: Caption,
  document: Caption,
  /** Set when the customer replies to a specific message. */
  context: z.looseObject({ id: OptText }).nullish(),
});
export type WhatsAppContent = z.output<typeof WhatsAppContentSchema>;

export const WhatsAppMessageSchema = WhatsAppContentSchema.extend({
  /** The customer's number (wa_id). */
  from: MetaIdSchema,
});
export type WhatsAppMessage = z.output<typeof WhatsAppMessageSchema>;

const WhatsAppMetadataSchema = z.looseObject({
  /** The business number the message reached; routing key. */
  phone_number_id: MetaIdSchema,
  display_phone_number: OptText,
});

/** `messages` field. `statuses` (outbound delivery receipts) stay unchecked: they are only counted. */
export const WhatsAppMessagesValueSchema = z.looseObject({
  metadata: WhatsAppMetadataSchema,
  contacts: z
    .array(z.looseObject({ wa_id: MetaIdSchema.nullish(), profile: z.looseObject({ name: OptText }).nullish() }))
    .nullish(),
  /** Checked one by one by the normaliser, so one bad message does not hold back its siblings. */
  messages: z.array(z.unknown()).nullish(),
  statuses: z.array(z.unknown()).nullish(),
});
export type WhatsAppMessagesValue = z.output<typeof WhatsAppMessagesValueSchema>;

/** `smb_message_echoes`: what the business sent from the WhatsApp Business app (coexistence). */
export const WhatsAppEchoesValueSchema = z.looseObject({
  metadata: WhatsAppMetadataSchema,
  message_echoes: z.array(
    WhatsAppContentSchema.extend({
      /** The business number. */
      from: MetaIdSchema,
      /** The customer's number. */
      to: MetaIdSchema,
    }),
  ),
});
export type WhatsAppEchoesValue = z.output<typeof WhatsAppEchoesValueSchema>;
