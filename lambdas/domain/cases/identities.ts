import type { SocialEvent } from '../../../schemas/social-event';

/**
 * One customer, whichever of their ids a platform uses today. WhatsApp knows a customer by phone number and, since
 * 2026, by a business-scoped user id (BSUID); a customer who adopts a username stops sending the number, and one who
 * changes numbers gets a new number and a new BSUID. Every time an event names several ids of one person (the number
 * beside the BSUID, or a `system` notice naming the new ids), they are linked to the id the customer was first known
 * by (the canonical id); every later event by any linked id is filed under the canonical one, so it joins the same
 * conversation, case, customer-directory entry and offer history.
 */

export interface CustomerIdentities {
  /** For each of `ids` linked to another id, that canonical id (ids not linked are absent). */
  canonicalOf(platform: string, ids: readonly string[]): Promise<Map<string, string>>;
  /** Links each of `ids` to `canonicalId` (overwriting an older link); `why` is kept for people reading the table. */
  link(platform: string, ids: readonly string[], canonicalId: string, at: string, why: string): Promise<void>;
}

/**
 * Platforms whose customers change ids (a WhatsApp number, a new business-scoped id): their events are always looked
 * up. Elsewhere an id never changes, so only an event that itself names other ids costs a read.
 */
const CHANGING_ID_PLATFORMS = new Set(['whatsapp']);

/**
 * A WhatsApp business-scoped user id: a two-letter country code, a period, then letters and digits (a portfolio-wide
 * parent id has `ENT.` after the country): `US.13491208655302741918`, `US.ENT.11815799212886844830`.
 */
const BUSINESS_SCOPED_ID = /^[A-Z]{2}\.(?:ENT\.)?[A-Za-z0-9]{1,128}$/;

/** The id part of a `<platform>:dm:<customer>` conversation: where direct-message platforms name the customer. */
const DM_CONVERSATION = /^([a-z0-9][a-z0-9_-]{0,63}):dm:(.+)$/;

/**
 * The event as filed under the customer's canonical id, after linking whatever new ids it names. Only direct-message
 * conversations are rewritten (a public thread belongs to its post, not to its author); an event naming no other ids
 * and linked to nothing costs one read and is returned unchanged.
 */
export async function fileUnderCanonicalId(event: SocialEvent, identities: CustomerIdentities, at: string): Promise<SocialEvent> {
  const dm = DM_CONVERSATION.exec(event.conversationId);
  if (!dm || dm[1] !== event.platform) return event;
  if (!CHANGING_ID_PLATFORMS.has(event.platform) && !event.author.otherIds?.length) return event;
  const customerId = dm[2]!;
  // Only business-scoped ids ride along to be linked: a phone number in `from_user_id` is not one, and linking it would
  // let one message claim another customer's number.
  const alongside = event.isEcho ? [] : (event.author.otherIds ?? []).filter((id) => id !== customerId && BUSINESS_SCOPED_ID.test(id));
  const linked = await identities.canonicalOf(event.platform, [customerId, ...alongside]);
  // The id the message is from decides; the ids beside it never re-point it (nor anyone else's).
  const canonical = linked.get(customerId) ?? customerId;
  const unlinked = alongside.filter((id) => !linked.has(id) && id !== canonical);
  if (unlinked.length > 0) await identities.link(event.platform, unlinked, canonical, at, `named together in ${event.id}`);
  if (canonical === customerId) return event;
  return {
    ...event,
    conversationId: `${event.platform}:dm:${canonical}`,
    ...(event.isEcho ? {} : { author: { ...event.author, id: canonical, otherIds: withoutId([customerId, ...(event.author.otherIds ?? [])], canonical) } }),
  };
}

/**
 * A notice that the customer's ids changed (WhatsApp `system`): the new ids are linked to the customer's canonical
 * id, so their next message joins what they wrote before. Returns the ids linked.
 */
export async function recordCustomerChange(
  event: SocialEvent,
  identities: CustomerIdentities,
  at: string,
  isKnownCustomer: (id: string) => Promise<boolean>,
): Promise<string[]> {
  const change = event.customerChange!;
  const candidates = [...new Set(change.newIds.filter((id) => id !== event.author.id))];
  const linked = await identities.canonicalOf(event.platform, candidates);
  // A "changed to" id is new to the business by definition: one already linked, or with a conversation of its own, is
  // someone this business knows, and a notice must not hand their history to the sender.
  const fresh: string[] = [];
  for (const id of candidates) if (!linked.has(id) && !(await isKnownCustomer(id))) fresh.push(id);
  if (fresh.length > 0) await identities.link(event.platform, fresh, event.author.id, at, `${change.type} in ${event.id}`);
  return fresh;
}

function withoutId(ids: string[], id: string): string[] | undefined {
  const rest = [...new Set(ids.filter((x) => x !== id))];
  return rest.length > 0 ? rest : undefined;
}
