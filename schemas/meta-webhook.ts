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

/** A change names its field; some of Meta's own examples of fields we do not handle (`parking`) carry no value. */
export const MetaChangeSchema = z.looseObject({ field: z.string(), value: z.unknown().optional() });

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
    /** `add`, or `edited`/`edit` when the author changed it (`remove` carries no text: FeedRemoveValueSchema). */
    verb: z.string(),
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
    /** Older deliveries (and Meta's Page examples of that time) name the author here instead of in `from`. */
    sender_id: MetaIdSchema.nullish(),
    sender_name: OptText,
    message: OptText,
    /** Media of a photo, video or share item, or the photo or video on a comment (URLs). */
    link: OptText,
    photo: OptText,
    video: OptText,
    photos: z.array(z.unknown()).nullish().catch(undefined),
    /** Unix seconds. */
    created_time: AnyTime.optional(),
  })
  .refine((v) => v.item !== 'comment' || (v.comment_id !== null && v.comment_id !== undefined), {
    path: ['comment_id'],
    message: 'is required for a comment',
  });
export type FeedAddValue = z.output<typeof FeedAddValueSchema>;

/** `verb: remove`: the post or comment was deleted; only its ids (and sometimes `from`) come. */
export const FeedRemoveValueSchema = z
  .looseObject({
    item: z.string(),
    post_id: MetaIdSchema,
    comment_id: MetaIdSchema.nullish(),
    parent_id: MetaIdSchema.nullish(),
    from: z.looseObject({ id: MetaIdSchema, name: OptText }).nullish().catch(undefined),
    sender_id: MetaIdSchema.nullish().catch(undefined),
    sender_name: OptText.catch(undefined),
    created_time: AnyTime.optional(),
  })
  .refine((v) => v.item !== 'comment' || (v.comment_id !== null && v.comment_id !== undefined), {
    path: ['comment_id'],
    message: 'is required for a comment',
  });

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
  .refine((v) => (v.post_id ?? v.comment_id) != null, { path: ['post_id'], message: 'is required (or comment_id)' });
export type PageMentionValue = z.output<typeof PageMentionValueSchema>;

// ─── Messenger and Instagram DMs (`entry[].messaging[]` / `standby[]`) ──────────────────────────────────────

/** Every messaging item is an object; only those carrying `message` or `message_edit` become events. */
export const MessagingItemHeadSchema = z.looseObject({ message: z.unknown().optional(), message_edit: z.unknown().optional() });

/** One attachment of a Messenger or Instagram message; the payload is decoration (dropped when malformed). */
export const MessagingAttachmentSchema = z.looseObject({
  type: OptText,
  payload: z.looseObject({ url: OptText, title: OptText, id: MetaIdSchema.nullish() }).nullish().catch(undefined),
  /** Older `fallback` attachments carry these beside the payload. */
  title: OptText.catch(undefined),
  url: OptText.catch(undefined),
});

export const MessagingMessageItemSchema = z.looseObject({
  /** PSID / IGSID of the customer, or the Page / IG account on an echo. */
  sender: z.looseObject({ id: MetaIdSchema }),
  recipient: z.looseObject({ id: MetaIdSchema }),
  /** Milliseconds. */
  timestamp: AnyTime.optional(),
  message: z.looseObject({
    mid: IdText,
    text: OptText,
    attachments: z.array(z.unknown()).nullish(),
    is_echo: z.boolean().nullish(),
    /** Instagram: the customer unsent a message; this notice is not a new message. */
    is_deleted: z.boolean().nullish(),
    is_unsupported: z.boolean().nullish(),
    /** A reply to an earlier message (`mid`) or, on Instagram, to the business's story (`story`). */
    reply_to: z
      .looseObject({ mid: OptText, story: z.looseObject({ id: OptText, url: OptText }).nullish().catch(undefined) })
      .nullish()
      .catch(undefined),
  }),
});
export type MessagingMessageItem = z.output<typeof MessagingMessageItemSchema>;

/** Messenger `message_edits`: the customer changed an earlier message (`num_edit` counts the edits). */
export const MessagingEditItemSchema = z.looseObject({
  sender: z.looseObject({ id: MetaIdSchema }),
  recipient: z.looseObject({ id: MetaIdSchema }),
  timestamp: AnyTime.optional(),
  message_edit: z.looseObject({ mid: IdText, text: OptText, num_edit: z.number().int().nonnegative().nullish().catch(undefined) }),
});
export type MessagingEditItem = z.output<typeof MessagingEditItemSchema>;

// ─── Instagram (`object: instagram`) ─────────────────────────────────────────────────────────────────────────

/** `comments` / `live_comments`. The comment id is `id`, or `comment_id` on one of Meta's example pages. */
export const InstagramCommentValueSchema = z
  .looseObject({
    id: MetaIdSchema.nullish(),
    comment_id: MetaIdSchema.nullish(),
    /** Absent in some of Meta's examples (and when the commenter's account is gone): the author is then unknown. */
    from: z.looseObject({ id: MetaIdSchema, username: OptText, self_ig_scoped_id: MetaIdSchema.nullish().catch(undefined) }).nullish(),
    text: OptText,
    media: z.looseObject({ id: MetaIdSchema.nullish(), media_product_type: OptText }).nullish(),
    /** Present on replies: the comment replied to. */
    parent_id: MetaIdSchema.nullish(),
  })
  .refine((v) => (v.id ?? v.comment_id) != null, { path: ['id'], message: 'is required (or comment_id)' });
export type InstagramCommentValue = z.output<typeof InstagramCommentValueSchema>;

/** `mentions`: thin, only ids; the text must be fetched from the Graph API with a stored token. */
export const InstagramMentionValueSchema = z.looseObject({
  /** The post or comment the account was mentioned in. */
  media_id: MetaIdSchema,
  comment_id: MetaIdSchema.nullish(),
});
export type InstagramMentionValue = z.output<typeof InstagramMentionValueSchema>;

// ─── WhatsApp Cloud API (`object: whatsapp_business_account`) ────────────────────────────────────────────────

/**
 * What a message carries besides words is decoration for the agent: a malformed part is dropped (`catch`), never
 * fatal, because the message is still a customer talking to us.
 */
const decoration = <S extends z.ZodType>(schema: S) => schema.nullish().catch(undefined);

/** Image, video, audio, document and sticker objects: the media id (to fetch it) and what the customer wrote on it. */
const WhatsAppMedia = decoration(
  z.looseObject({
    id: OptText,
    caption: OptText,
    filename: OptText,
    mime_type: OptText,
    /** Audio recorded in the app (a voice note) rather than a sent file. */
    voice: z.boolean().nullish(),
  }),
);

/**
 * What a message says, whichever type it is; shared by inbound messages, edits and Business-app echoes. Types follow
 * the Cloud API's messages webhook reference (developers.facebook.com/documentation/business-messaging/whatsapp/
 * webhooks/reference/messages); a type it does not list is still a message (its type is kept, never refused).
 */
export const WhatsAppContentSchema = z.looseObject({
  /** `wamid.…`. */
  id: IdText,
  /** Unix seconds as a string. */
  timestamp: AnyTime.optional(),
  type: OptText,
  text: decoration(z.looseObject({ body: OptText })),
  interactive: decoration(
    z.looseObject({
      type: OptText,
      button_reply: decoration(z.looseObject({ title: OptText })),
      list_reply: decoration(z.looseObject({ title: OptText, description: OptText })),
      /** A WhatsApp Flow's reply: `body` is WhatsApp's own "Sent", `name` the flow. */
      nfm_reply: decoration(z.looseObject({ name: OptText, body: OptText })),
    }),
  ),
  /** Quick-reply button of a template. */
  button: decoration(z.looseObject({ text: OptText })),
  image: WhatsAppMedia,
  video: WhatsAppMedia,
  audio: WhatsAppMedia,
  document: WhatsAppMedia,
  sticker: WhatsAppMedia,
  location: decoration(
    z.looseObject({ latitude: z.number().nullish(), longitude: z.number().nullish(), name: OptText, address: OptText, url: OptText }),
  ),
  contacts: decoration(z.array(z.looseObject({ name: decoration(z.looseObject({ formatted_name: OptText })) }))),
  order: decoration(z.looseObject({ catalog_id: OptText, text: OptText, product_items: decoration(z.array(z.unknown())) })),
  /** The customer came from a click-to-WhatsApp ad or post. */
  referral: decoration(z.looseObject({ source_url: OptText, source_id: OptText, source_type: OptText, headline: OptText })),
  /** Set when the customer replies to a specific message. */
  context: decoration(z.looseObject({ id: OptText })),
});
export type WhatsAppContent = z.output<typeof WhatsAppContentSchema>;

/**
 * Who wrote: the phone number (`from`) unless the customer adopted a username, and the business-scoped ids (2026).
 * Either may be missing where the value's `contacts` (or a system notice's `previous_user_id`) names the customer, so
 * the normaliser, which sees both, decides whether a message has an author (whatsapp.ts authorOf).
 */
export const WhatsAppMessageSchema = WhatsAppContentSchema.extend({
  /** The customer's phone number (wa_id); omitted for a user with a username whose number is not shared. */
  from: MetaIdSchema.nullish(),
  /** The business-scoped user id (BSUID), e.g. `US.13491208655302741918`. */
  from_user_id: IdText.nullish(),
  /** The portfolio-wide parent BSUID, when the business has one (`US.ENT.…`). */
  from_parent_user_id: IdText.nullish(),
  /** `type: edit`: the original's id and its new content (Business-app "coexistence" numbers). */
  edit: z.looseObject({ original_message_id: IdText, message: z.unknown().optional() }).nullish(),
  /** `type: revoke`: the customer deleted an earlier message. */
  revoke: z.looseObject({ original_message_id: IdText }).nullish(),
  /** `type: system`: the customer's number or business-scoped id changed. */
  system: z
    .looseObject({
      type: OptText,
      wa_id: MetaIdSchema.nullish(),
      new_wa_id: MetaIdSchema.nullish(),
      user_id: IdText.nullish(),
      parent_user_id: IdText.nullish(),
      /** Since 2026-08 both notices name the ids before the change (the customer the notice is about). */
      previous_user_id: IdText.nullish(),
      previous_parent_user_id: IdText.nullish(),
    })
    .nullish(),
});
export type WhatsAppMessage = z.output<typeof WhatsAppMessageSchema>;

const WhatsAppMetadataSchema = z.looseObject({
  /** The business number the message reached; routing key. */
  phone_number_id: MetaIdSchema,
  display_phone_number: OptText,
});

/** One `contacts[]` entry: names and ids of a message's author. Decoration only: a broken entry is skipped. */
export const WhatsAppContactSchema = z.looseObject({
  wa_id: MetaIdSchema.nullish(),
  user_id: IdText.nullish(),
  parent_user_id: IdText.nullish(),
  profile: decoration(z.looseObject({ name: OptText, username: OptText })),
});
export type WhatsAppContact = z.output<typeof WhatsAppContactSchema>;

/** `messages` field. `statuses` (outbound delivery receipts) stay unchecked: they are only counted. */
export const WhatsAppMessagesValueSchema = z.looseObject({
  metadata: WhatsAppMetadataSchema,
  contacts: z.array(z.unknown()).nullish(),
  /** Checked one by one by the normaliser, so one bad message does not hold back its siblings. */
  messages: z.array(z.unknown()).nullish(),
  statuses: z.array(z.unknown()).nullish(),
});
export type WhatsAppMessagesValue = z.output<typeof WhatsAppMessagesValueSchema>;

/** One `message_echoes[]` item: what the business sent from the WhatsApp Business app (coexistence). */
export const WhatsAppEchoSchema = WhatsAppContentSchema.extend({
  /** The business number. */
  from: MetaIdSchema,
  /** The customer's number, or for a customer with a username only the business-scoped id. */
  to: MetaIdSchema.nullish(),
  to_user_id: IdText.nullish(),
}).refine((m) => (m.to ?? m.to_user_id) != null, { path: ['to'], message: 'is required (or to_user_id)' });
export type WhatsAppEcho = z.output<typeof WhatsAppEchoSchema>;

/** `smb_message_echoes`: checked one by one like `messages`. */
export const WhatsAppEchoesValueSchema = z.looseObject({
  metadata: WhatsAppMetadataSchema,
  message_echoes: z.array(z.unknown()),
});
