import {
  WhatsAppContactSchema,
  WhatsAppContentSchema,
  WhatsAppEchoesValueSchema,
  WhatsAppEchoSchema,
  WhatsAppMessageSchema,
  WhatsAppMessagesValueSchema,
  type WhatsAppContact,
  type WhatsAppContent,
  type WhatsAppMessage,
} from '../../../schemas/meta-webhook';
import type { AttachmentInput, Author } from '../../../schemas/social-event';
import { compact, type DeliveryCollector, type EventDraft, formatPath, parseOrThrow, present, toEvent, type Path } from './delivery';
import { PayloadError } from './types';
import { epochToIso } from './time';

/**
 * WhatsApp Cloud API `messages` and `smb_message_echoes` values → SocialEvents (reference: developers.facebook.com/
 * documentation/business-messaging/whatsapp/webhooks/reference/messages and …/business-scoped-user-ids).
 *
 * Who wrote: since 2026 Meta sends a business-scoped user id (BSUID, `from_user_id`, contacts `user_id`) beside the
 * phone number, and only the BSUID for a user who adopted a username. The author id is the phone number while there
 * is one (the customer directory and every earlier case know the customer by it), else the BSUID; the other ids ride
 * along in `author.otherIds`, and the classifier links them so the customer stays one (cases/identities.ts).
 */

const LABEL = 'meta webhook';

export interface WhatsAppScope {
  entryTime: string | undefined;
  receivedAt: string;
  out: DeliveryCollector;
}

/** Message types whose words are all there is: no attachment is recorded for them. */
const WORD_TYPES = new Set(['text', 'button']);
/** Types whose media object sits under the key of the same name. */
const MEDIA_TYPES = ['image', 'video', 'audio', 'document', 'sticker'] as const;

/** `messages`: customers' messages (and edits, deletions, system notices); receipts and reactions are only counted. */
export function handleWhatsAppMessages(value: unknown, at: Path, scope: WhatsAppScope): void {
  const v = parseOrThrow(WhatsAppMessagesValueSchema, value, LABEL, at);
  const accountId = v.metadata.phone_number_id;
  const contacts = (v.contacts ?? []).flatMap((raw) => {
    const parsed = WhatsAppContactSchema.safeParse(raw);
    return parsed.success ? [parsed.data] : [];
  });

  const messages = v.messages ?? [];
  const statuses = v.statuses ?? [];
  scope.out.ignore(statuses.length);
  if (messages.length === 0 && statuses.length === 0) scope.out.ignore(); // errors-only or an empty value

  messages.forEach((raw, i) =>
    scope.out.attempt(raw, () => {
      const where: Path = [...at, 'messages', i];
      const m = parseOrThrow(WhatsAppMessageSchema, raw, LABEL, where);
      if (m.type === 'reaction') return scope.out.ignore();
      const author = authorOf(m, contacts);
      // A notice naming only the new ids (Meta's example of `user_changed_user_id` before 2026-08) links nothing.
      if (!author && m.type === 'system') return scope.out.ignore();
      if (!author) throw new PayloadError(`${LABEL}: ${formatPath([...where, 'from'])} is required (or from_user_id)`);
      const base = {
        platform: 'whatsapp',
        kind: 'dm' as const,
        author,
        conversationId: `whatsapp:dm:${author.id}`,
        createdAt: epochToIso(m.timestamp) ?? scope.entryTime ?? scope.receivedAt,
        isEcho: false,
        accountId,
      };
      emit({ id: `whatsapp:${m.id}`, ...base, ...messageMeaning(m) }, scope);
    }),
  );
}

/** What one inbound message is: words and attachments, an edit or deletion of an earlier one, or a notice. */
function messageMeaning(m: WhatsAppMessage): Pick<EventDraft, 'text' | 'attachments' | 'inReplyTo' | 'revision' | 'customerChange'> {
  if (m.type === 'system') {
    const s = m.system;
    const newIds = [present(s?.wa_id ?? undefined) ?? present(s?.new_wa_id ?? undefined), present(s?.user_id), present(s?.parent_user_id)];
    // The notice's body ("User A changed from <number> to <number>") is not the customer's words and holds numbers.
    return { text: '', customerChange: { type: present(s?.type) ?? 'system', newIds: newIds.filter((x): x is string => x !== undefined) } };
  }
  if (m.type === 'revoke' && m.revoke) {
    return { text: '', revision: { action: 'deleted', of: `whatsapp:${m.revoke.original_message_id}` } };
  }
  if (m.type === 'edit' && m.edit) {
    // The new content has the shape of a message without id; an unreadable one still records that there was an edit.
    const content = WhatsAppContentSchema.safeParse({ id: m.id, ...(isObject(m.edit.message) ? m.edit.message : {}) });
    const body = content.success ? contentOf(content.data) : { text: '', attachments: undefined };
    return { ...body, revision: { action: 'edited', of: `whatsapp:${m.edit.original_message_id}` } };
  }
  return { ...contentOf(m), inReplyTo: replyTarget(m) };
}

/** `smb_message_echoes`: sends from the WhatsApp Business app; the customer is `to` (or `to_user_id`). */
export function handleWhatsAppEchoes(value: unknown, at: Path, scope: WhatsAppScope): void {
  const v = parseOrThrow(WhatsAppEchoesValueSchema, value, LABEL, at);
  const accountId = v.metadata.phone_number_id;
  v.message_echoes.forEach((raw, i) =>
    scope.out.attempt(raw, () => {
      const m = parseOrThrow(WhatsAppEchoSchema, raw, LABEL, [...at, 'message_echoes', i]);
      // The business editing or deleting its own message changes nothing a care agent must answer.
      if (m.type === 'edit' || m.type === 'revoke' || m.type === 'reaction') return scope.out.ignore();
      const customer = (present(m.to) ?? present(m.to_user_id))!;
      emit(
        {
          id: `whatsapp:${m.id}`,
          platform: 'whatsapp',
          kind: 'dm',
          ...contentOf(m),
          author: { id: m.from },
          conversationId: `whatsapp:dm:${customer}`,
          inReplyTo: replyTarget(m),
          createdAt: epochToIso(m.timestamp) ?? scope.entryTime ?? scope.receivedAt,
          isEcho: true,
          accountId,
        },
        scope,
      );
    }),
  );
}

function emit(draft: EventDraft, scope: WhatsAppScope): void {
  scope.out.add(toEvent(draft, scope.receivedAt));
}

/**
 * The author: phone number first (see the module comment), the business-scoped ids as other ids, the name and
 * username from the matching `contacts[]` entry (matched by phone or by BSUID: either may be missing; a value with a
 * single contact names the author of its messages even when the message itself does not). A system notice without
 * a sender is about the customer it names as before the change. Undefined when nothing names anyone.
 */
function authorOf(m: WhatsAppMessage, contacts: WhatsAppContact[]): Author | undefined {
  const before = m.type === 'system' ? m.system : undefined;
  const phone = present(m.from ?? undefined);
  const ownBsuid = present(m.from_user_id) ?? present(before?.previous_user_id);
  const contact =
    contacts.find((c) => (phone !== undefined && present(c.wa_id ?? undefined) === phone) || (ownBsuid !== undefined && c.user_id === ownBsuid)) ??
    (phone === undefined && ownBsuid === undefined && contacts.length === 1 ? contacts[0] : undefined);
  const number = phone ?? (phone === undefined && ownBsuid === undefined ? present(contact?.wa_id ?? undefined) : undefined);
  const bsuid = ownBsuid ?? present(contact?.user_id);
  const parent = present(m.from_parent_user_id) ?? present(before?.previous_parent_user_id) ?? present(contact?.parent_user_id);
  const id = number ?? bsuid;
  if (id === undefined) return undefined;
  const otherIds = [...new Set([bsuid, parent].filter((x): x is string => x !== undefined && x !== id))];
  return {
    id,
    ...(otherIds.length > 0 ? { otherIds } : {}),
    name: present(contact?.profile?.name),
    handle: present(contact?.profile?.username),
  };
}

/** The words of a message (body, tapped button or row title, caption, order note) and what it carries besides. */
function contentOf(m: WhatsAppContent): { text: string; attachments: AttachmentInput[] | undefined } {
  const type = present(m.type) ?? 'unknown';
  const attachments: AttachmentInput[] = [];
  let text = m.text?.body ?? m.button?.text ?? '';

  const mediaType = MEDIA_TYPES.find((t) => t === type);
  if (mediaType) {
    const media = m[mediaType];
    text ||= media?.caption ?? '';
    attachments.push({
      type: mediaType === 'audio' && media?.voice === true ? 'voice' : mediaType,
      mediaId: present(media?.id),
      caption: present(media?.caption),
      title: present(media?.filename),
    });
  } else if (type === 'interactive') {
    const i = m.interactive;
    text ||= i?.button_reply?.title ?? i?.list_reply?.title ?? '';
    // A Flow's reply is a filled-in form: its answers are in `response_json`, its body only says "Sent".
    if (i?.nfm_reply || i?.type === 'nfm_reply') attachments.push({ type: 'flow_reply', title: present(i?.nfm_reply?.name) });
    else if (!i?.button_reply && !i?.list_reply) attachments.push({ type: present(i?.type) ?? 'interactive' });
  } else if (type === 'location') {
    attachments.push(locationAttachment(m.location));
  } else if (type === 'contacts') {
    const names = (m.contacts ?? []).map((c) => present(c.name?.formatted_name)).filter((n): n is string => n !== undefined);
    attachments.push({ type: 'contacts', title: names.length > 0 ? names.join(', ') : undefined });
  } else if (type === 'order') {
    const count = m.order?.product_items?.length;
    text ||= m.order?.text ?? '';
    attachments.push({
      type: 'order',
      title: count === undefined ? undefined : `${count} item${count === 1 ? '' : 's'}`,
      refersTo: present(m.order?.catalog_id),
    });
  } else if (!WORD_TYPES.has(type)) {
    // `unsupported`, `unknown`, and any type added after this was written: kept by name, never refused.
    attachments.push({ type });
  }

  if (m.referral) {
    // The ad or post the customer tapped to start the chat (Meta calls it the message's `referral`).
    attachments.push({
      type: 'referral',
      title: present(m.referral.headline),
      url: present(m.referral.source_url),
      refersTo: present(m.referral.source_url) ?? present(m.referral.source_id),
    });
  }
  return { text, attachments: attachments.length > 0 ? attachments.map(compact) : undefined };
}

function locationAttachment(location: WhatsAppContent['location']): AttachmentInput {
  const lat = location?.latitude;
  const lon = location?.longitude;
  const place = [present(location?.name), present(location?.address)].filter((x): x is string => x !== undefined).join(', ');
  const hasPoint = typeof lat === 'number' && typeof lon === 'number' && Math.abs(lat) <= 90 && Math.abs(lon) <= 180;
  return {
    type: 'location',
    title: place || (hasPoint ? `${lat}, ${lon}` : undefined),
    // A map staff can open; the coordinates are the customer's own and go no further than the case.
    url: present(location?.url) ?? (hasPoint ? `https://www.openstreetmap.org/?mlat=${lat}&mlon=${lon}#map=17/${lat}/${lon}` : undefined),
  };
}

function replyTarget(m: WhatsAppContent): string | undefined {
  const id = present(m.context?.id);
  return id ? `whatsapp:${id}` : undefined;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
