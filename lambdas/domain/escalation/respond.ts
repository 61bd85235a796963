import { OfferChoiceFormSchema } from '../../../schemas/escalation-step';
import type { OncallContact, OncallPolicy } from '../../../schemas/oncall-policy';
import type { LinkRecord } from '../links/codes';
import { peekLink, redeemLink } from '../links/store';
import { isKnownPlatform } from '../pages/format';
import { currentEscalationId, firstEscalationId, type StoredCase } from '../cases/rules';
import { businessHoursLabel, caseBrief, customerOf, escalationTag, pageBrief } from './flow';
import { choiceEmail, firstName } from './messages';
import { isWithinBusinessHours } from './policy';
import { type EscalationPorts, sourceNameOf } from './ports';
import type { AckPageView, CaseBrief, OfferChannel, OfferPageView } from './views';

/**
 * What happens when people follow the links: the on-call contact on /ack/{code}, the customer on /offer/{code}.
 * GET (`view…`) only reads — mail and SMS link scanners open links. POST (`acknowledge`, `chooseOffer`) uses the
 * code once. The result is a page view plus the HTTP status the handler sends.
 */

export interface PageResult<V> {
  status: number;
  view: V;
}

const DAY_MS = 86_400_000;

function contactName(record: LinkRecord | undefined): string {
  const name = record?.data?.['contact'];
  return typeof name === 'string' && name ? name : 'on-call';
}

/**
 * The escalation an ack link was issued for: a page names it; links issued before escalations had ids belong to the
 * case's first. A link acknowledges only that escalation, so once a new critical post has started a newer one, the
 * earlier pages' links — used or not, the acknowledger's or a colleague's — cannot stop its pages.
 */
function linkEscalation(record: LinkRecord): string {
  const id = record.data?.['escalation'];
  return typeof id === 'string' && id ? id : firstEscalationId(record.caseId);
}

const isStale = (record: LinkRecord, c: StoredCase) => linkEscalation(record) !== currentEscalationId(c);

/**
 * A used or expired code still says what it was for, which is safe: only the code's holder sees it. The case is
 * shown as the pages show it (its newest critical post). A link from an escalation a newer one replaced shows the
 * newer one's acknowledgement if there is one, else that it has expired ("check … your latest page").
 */
export async function viewAck(code: string, ports: EscalationPorts): Promise<PageResult<AckPageView>> {
  const now = ports.now();
  const link = await peekLink(ports.links, code, now);
  if (link.status === 'unknown' || link.record?.kind !== 'ack') return { status: 404, view: { state: 'unknown' } };
  const [c, policy] = await Promise.all([ports.store.getCase(link.record.caseId), ports.policy()]);
  if (!c) return { status: 404, view: { state: 'unknown' } };
  const brief = pageBrief(c);
  const timezone = policy.timezone;
  const ack = c.escalation?.state === 'acknowledged' && c.escalation.acknowledgedBy ? { by: c.escalation.acknowledgedBy, at: c.escalation.acknowledgedAt ?? '' } : undefined;
  if (ack) return { status: 200, view: { state: 'already-acknowledged', brief, by: ack.by, at: ack.at, timezone } };
  if (isStale(link.record, c)) return { status: 410, view: { state: 'expired', brief, timezone } };
  if (link.status === 'used') return { status: 410, view: { state: 'used', brief, ...(link.record.usedAt ? { at: link.record.usedAt } : {}), timezone } };
  if (link.status === 'expired') return { status: 410, view: { state: 'expired', brief, timezone } };
  const tier = Number(link.record.data?.['tier'] ?? 1);
  return {
    status: 200,
    view: {
      state: 'confirm',
      brief,
      contactName: contactName(link.record),
      tier,
      tierName: policy.tiers[Math.min(tier, policy.tiers.length) - 1]?.name ?? `tier ${tier}`,
      formAction: `/ack/${code}`,
      timezone,
    },
  };
}

export async function acknowledge(code: string, ports: EscalationPorts): Promise<PageResult<AckPageView>> {
  const now = ports.now();
  const redeemed = await redeemLink(ports.links, code, now, contactName, 'ack');
  if (redeemed.status !== 'redeemed' && redeemed.status !== 'used') return viewAck(code, ports);
  const record = redeemed.record!;
  const by = contactName(record);
  const [c, policy] = await Promise.all([ports.store.getCase(record.caseId), ports.policy()]);
  if (!c) return { status: 404, view: { state: 'unknown' } };
  // An earlier escalation's link acknowledges nothing (the code is spent either way); the page explains.
  if (isStale(record, c)) return viewAck(code, ports);
  // A used code whose acknowledgement never reached the case (the write after the redeem failed, the person saw an
  // error and tapped again) completes it; any other used code just explains.
  if (redeemed.status === 'used' && (c.escalation?.state === 'acknowledged' || c.status === 'resolved')) return viewAck(code, ports);
  const at = redeemed.status === 'used' ? (record.usedAt ?? now.toISOString()) : now.toISOString();
  const escalationId = linkEscalation(record);
  const result = await ports.store.acknowledge(c.id, by, at, escalationId);
  // A newer escalation started between the read and the write.
  if (result.acknowledged === 'stale') return viewAck(code, ports);
  const brief = pageBrief(c);
  if (result.acknowledged === 'before') {
    return { status: 200, view: { state: 'already-acknowledged', brief, by: result.ack.by, at: result.ack.at, timezone: policy.timezone } };
  }
  const tier = record.data?.['tier'];
  const tag = escalationTag(c.id, escalationId);
  // One entry per escalation: a later escalation's acknowledgement does not overwrite the first one's.
  await ports.store.putTimeline(c.id, `escalation#acknowledged${tag ? `#${tag}` : ''}`, {
    at,
    type: 'acknowledged',
    detail: `acknowledged by ${by}${tier !== undefined ? ` (tier ${tier})` : ''} from the paging link${tag ? ' (the escalation of a new critical post)' : ''}; no further pages`,
    data: { by, ...(tier !== undefined ? { tier } : {}), escalation: escalationId },
  });
  // From the post that started this escalation: the first post's time, or the newest critical post's for a later one.
  const from = tag ? (c.latestCritical?.at ?? c.receivedAt) : c.receivedAt;
  ports.metrics.record('TimeToAck', now.getTime() - Date.parse(from), 'Milliseconds');
  return { status: 200, view: { state: 'acknowledged', brief, contactName: by, at, timezone: policy.timezone } };
}

export async function viewOffer(code: string, ports: EscalationPorts, form?: { error: string; values: Record<string, string> }): Promise<PageResult<OfferPageView>> {
  const businessName = ports.settings.businessName;
  const now = ports.now();
  const link = await peekLink(ports.links, code, now);
  if (link.status === 'unknown' || link.record?.kind !== 'offer') return { status: 404, view: { state: 'unknown', businessName } };
  const c = await ports.store.getCase(link.record.caseId);
  if (!c) return { status: 404, view: { state: 'unknown', businessName } };
  if (link.status === 'used') return { status: 410, view: { state: 'used', businessName, ...(c.offer?.channel ? { channel: c.offer.channel } : {}) } };
  if (link.status === 'expired') return { status: 410, view: { state: 'expired', businessName } };
  const [entry, policy] = await Promise.all([ports.customers.get(c.platform, c.author.id), ports.policy()]);
  const anonymous = offeredOutsideDirectory(link.record);
  const customerName = anonymous ? undefined : firstName(entry?.name ?? c.author.name);
  const hours = businessHoursLabel(policy);
  const brief = caseBrief(c);
  return {
    status: form ? 400 : 200,
    view: {
      state: 'choose',
      // Whoever holds a link mailed to an unverified address sees no more than its email showed: nothing the author wrote.
      ...(anonymous ? { brief: withoutAuthorsWords(brief), anonymous: true } : { brief }),
      ...(customerName ? { customerName } : {}),
      businessName,
      ...sourceNameOf(ports.settings, c.platform),
      ...(hours ? { businessHours: hours } : {}),
      formAction: `/offer/${code}`,
      ...(form ? { error: form.error, values: form.values } : {}),
    },
  };
}

/** A brief that carries only where and what kind of post it was: no text, author, link or reasons. */
function withoutAuthorsWords(brief: CaseBrief): CaseBrief {
  const { author: _author, url: _url, followers: _followers, verified: _verified, carries: _carries, ...rest } = brief;
  return { ...rest, text: '', reasons: [] };
}

/** Whether an offer link was mailed to an address from outside the customer directory (links from before this was recorded count as outside). */
function offeredOutsideDirectory(record: LinkRecord): boolean {
  return record.data?.['to'] !== 'directory';
}

/** Who hears the customer's choice: whoever acknowledged the case, else tier 1. */
function ownersOf(policy: OncallPolicy, acknowledgedBy: string | undefined): { contacts: OncallContact[]; unowned: boolean } {
  if (acknowledgedBy) {
    for (const tier of policy.tiers) {
      const contact = tier.contacts.find((k) => k.name === acknowledgedBy);
      if (contact) return { contacts: [contact], unowned: false };
    }
  }
  return { contacts: policy.tiers[0]!.contacts, unowned: true };
}

export async function chooseOffer(code: string, form: Record<string, string>, ports: EscalationPorts): Promise<PageResult<OfferPageView>> {
  const parsed = OfferChoiceFormSchema.safeParse(form);
  if (!parsed.success) {
    // Nothing is used up by a form the customer can correct.
    const values = Object.fromEntries(['channel', 'phone', 'time'].filter((k) => typeof form[k] === 'string').map((k) => [k, form[k]!.slice(0, 120)]));
    return viewOffer(code, ports, { error: parsed.error.issues[0]?.message ?? 'Please check the form.', values });
  }
  const choice: { channel: OfferChannel; phone?: string; time?: string } = parsed.data.channel === 'phone' ? parsed.data : { channel: parsed.data.channel };
  // The page offers a private message only where the post's source has them (a review site or a blog has none); a
  // form that asks for one anyway is answered like any other mistake, and the code is not used up.
  if (choice.channel === 'dm') {
    const link = await peekLink(ports.links, code, ports.now());
    const c = link.record?.kind === 'offer' ? await ports.store.getCase(link.record.caseId) : undefined;
    if (c && !isKnownPlatform(c.platform)) return viewOffer(code, ports, { error: 'We cannot send a private message there: please choose another way.', values: { channel: 'dm' } });
  }
  const now = ports.now();
  const businessName = ports.settings.businessName;
  const redeemed = await redeemLink(ports.links, code, now, 'customer', 'offer');
  if (redeemed.status !== 'redeemed' && redeemed.status !== 'used') return viewOffer(code, ports);
  const [c, policy] = await Promise.all([ports.store.getCase(redeemed.record!.caseId), ports.policy()]);
  if (!c) return { status: 404, view: { state: 'unknown', businessName } };
  // A used code whose choice never reached the case (the write after the redeem failed) takes this answer; once a
  // choice is on the case, the code only explains.
  if (redeemed.status === 'used' && c.offer?.state !== 'sent') return viewOffer(code, ports);
  const at = now.toISOString();
  const channel: OfferChannel = choice.channel;
  // Exactly one choice wins, by the case's conditional write; only the winner records, counts and tells anyone. The
  // others (a double tap, simultaneous posts of the form) get the page that says what was chosen.
  if (!(await ports.store.recordOfferChoice(c.id, channel, at))) return viewOffer(code, ports);
  await ports.store.recordCustomerChoice(customerOf(c), {
    caseId: c.id,
    channel,
    ...(choice.phone ? { phone: choice.phone } : {}),
    ...(choice.time ? { time: choice.time } : {}),
    at,
    ...(channel === 'none' ? { declinedUntil: new Date(now.getTime() + ports.settings.offerDeclinedQuietDays * DAY_MS).toISOString() } : {}),
  });
  const said =
    channel === 'phone'
      ? `a phone call${choice.phone ? ', number given' : ''}${choice.time ? ', preferred time given' : ''}`
      : channel === 'email'
        ? 'an email'
        : channel === 'dm'
          ? `a private message on ${c.platform}`
          : 'no thanks';
  await ports.store.putTimeline(c.id, 'escalation#offer#chosen', {
    at,
    type: 'offer-chosen',
    detail: `the customer chose ${said}`,
    data: { channel },
  });
  ports.metrics.record('OffersChosen', 1, 'Count', { channel });

  const owners = ownersOf(policy, c.escalation?.state === 'acknowledged' ? c.escalation.acknowledgedBy : undefined);
  const entry = await ports.customers.get(c.platform, c.author.id);
  const customerName = entry?.name ?? c.author.name;
  const within = isWithinBusinessHours(policy, now);
  const hours = businessHoursLabel(policy);
  const brief = caseBrief(c);
  const results = await Promise.allSettled(
    owners.contacts.map((owner) =>
      ports.email.send(
        [owner.email],
        choiceEmail({
          brief,
          channel,
          ...(choice.phone ? { phone: choice.phone } : {}),
          ...(choice.time ? { time: choice.time } : {}),
          ...(customerName ? { customerName } : {}),
          ownerName: owner.name,
          unowned: owners.unowned,
          withinBusinessHours: within,
          ...(hours ? { businessHours: hours } : {}),
          timezone: policy.timezone,
          chosenAt: at,
        }),
      ),
    ),
  );
  const told = owners.contacts.filter((_, i) => results[i]!.status === 'fulfilled').map((o) => o.name);
  // The customer's choice is recorded whatever happens to this email; the timeline says who was told.
  await ports.store.putTimeline(c.id, 'escalation#offer#owner-told', {
    at,
    type: told.length ? 'offer-choice-forwarded' : 'offer-choice-not-forwarded',
    detail: told.length ? `told ${told.join(', ')} by email` : 'could not email the choice to anyone: check the queue',
    data: { told },
  });
  return {
    status: 200,
    view: {
      state: 'chosen',
      channel,
      ...(choice.phone ? { phone: choice.phone } : {}),
      ...(choice.time ? { time: choice.time } : {}),
      ...(firstName(customerName) && !offeredOutsideDirectory(redeemed.record!) ? { customerName: firstName(customerName) } : {}),
      businessName,
      ...(hours ? { businessHours: hours } : {}),
      withinBusinessHours: within,
    },
  };
}
