import type { CheckResult, EscalationStepInput, NotifyResult, PlanResult } from '../../../schemas/escalation-step';
import type { OncallContact, OncallPolicy, OncallTier } from '../../../schemas/oncall-policy';
import { describeAttachments } from '../attachments';
import { currentEscalationId, firstEscalationId, NO_CONTACT_TIMELINE_KEY, noContactEntry, type StoredCase } from '../cases/rules';
import { MAX_ROUND } from '../../../schemas/escalation-step';
import { issueLink } from '../links/store';
import { StepFailed } from '../errors';
import { pageEmail, pageSms, offerEmail } from './messages';
import { offerDay, recipientKey } from './offer-recipient';
import { type PageClaims, pageContact } from './paging';
import { describeDays } from './policy';
import { type CustomerRef, type EscalationPorts, sourceNameOf } from './ports';
import type { CaseBrief, PageContext } from './views';

/**
 * The escalation steps, one per Task state of config/escalation-flow.ts. Each is safe to run twice (Step Functions
 * retries a failed step): pages are claimed per contact and channel before they are sent, the offer slot is claimed
 * per customer, timeline keys are derived from (escalation, round, tier), and state changes are conditional.
 *
 * A case has one escalation at a time (its `escalation`, whose `id` is the execution's name). Every step acts only
 * while its execution's escalation is the case's current one: a critical post that joins a case whose escalation
 * was acknowledged or exhausted starts a new one (cases/rules.ts foldPost), and from then on the old execution's
 * steps find the case not theirs and stop, its ack links acknowledge nothing, and the new one pages afresh:
 *
 * - its first page goes to tier 1 and, at the same moment, to whoever acknowledged the escalation before it and to
 *   the case's assignee, when the policy names them as contacts — each told it is a new critical post on a case they
 *   (or a colleague) hold, with the new post quoted and their own ack link for this escalation;
 * - then, if nobody acknowledges, tier 2 and on, rounds and exhaustion exactly as for a new critical case.
 *
 * Every page quotes the case's newest critical post (`latestCritical`, else the first post), so a critical post that
 * joins while an escalation is paging is carried by its next page; one that arrives after the last page went out
 * makes checkAck go round once more instead of ending the escalation with nobody told.
 */

const DAY_MS = 86_400_000;

export function caseBrief(c: StoredCase): CaseBrief {
  return {
    caseId: c.id,
    urgency: c.urgency,
    category: c.category,
    sentiment: c.sentiment,
    platform: c.platform,
    kind: c.kind,
    text: c.text,
    ...carried(c.attachments, c.text),
    ...(c.author.handle ? { author: `@${c.author.handle.replace(/^@/, '')}` } : c.author.name ? { author: c.author.name } : {}),
    ...(c.author.followers !== undefined ? { followers: c.author.followers } : {}),
    ...(c.author.verified !== undefined ? { verified: c.author.verified } : {}),
    ...(c.url ? { url: c.url } : {}),
    receivedAt: c.receivedAt,
    reasons: c.reasons,
  };
}

/**
 * The case as pages and the ack page show it: the newest critical post (its text, kind, time and link) when a later
 * post was critical, with the case's reasons (whose newest critical ones lead); else the case's first post.
 */
export function pageBrief(c: StoredCase): CaseBrief {
  const brief = caseBrief(c);
  const post = c.latestCritical;
  if (!post) return brief;
  const { url: _firstPostUrl, carries: _firstPostCarries, ...rest } = brief;
  return { ...rest, kind: post.kind, text: post.text, ...carried(post.attachments, post.text), receivedAt: post.at, ...(post.url ? { url: post.url } : {}) };
}

/** The one-line description of what a post carries besides words, when it carries anything. */
function carried(attachments: StoredCase['attachments'], text: string): Pick<CaseBrief, 'carries'> {
  const carries = describeAttachments(attachments, text);
  return carries ? { carries } : {};
}

export const customerOf = (c: Pick<StoredCase, 'platform' | 'author'>): CustomerRef => ({ platform: c.platform, authorId: c.author.id });

/** The escalation a step belongs to (executions started before escalations had ids: the case's first). */
export const escalationOf = (input: { caseId: string; escalationId?: string | undefined }): string => input.escalationId ?? firstEscalationId(input.caseId);

/**
 * What tells a case's escalations apart in page-claim and timeline keys: nothing for the first (its keys stay what
 * they always were) and the hash of the post for a later one.
 */
export function escalationTag(caseId: string, escalationId: string): string {
  const first = firstEscalationId(caseId);
  return escalationId.startsWith(`${first}-`) ? escalationId.slice(first.length + 1) : '';
}

/** Closed cases, escalations replaced by a newer one and acknowledged escalations need no more pages. */
function pagingOver(c: StoredCase | undefined, escalationId: string): boolean {
  return !c || c.status === 'resolved' || currentEscalationId(c) !== escalationId || c.escalation?.state === 'acknowledged';
}

/** The newest critical post arrived after this escalation's last page: nobody has been told about it yet. */
function newPostUnpaged(c: StoredCase): boolean {
  const paged = c.escalation?.pagedEventId;
  return !!c.latestCritical && !!paged && c.latestCritical.eventId !== paged;
}

/**
 * The line a page of a later escalation leads with, for `contactName`: that it is a new critical post, and on whose
 * case. Plain ASCII (the SMS is GSM-7).
 */
export function newPostNote(c: StoredCase, contactName: string): string {
  const before = c.escalation?.follows;
  if (before?.state === 'acknowledged' && before.by) {
    return before.by === contactName ? 'New critical post in a case you acknowledged' : `New critical post in a case ${before.by} acknowledged`;
  }
  if (c.assignee) return c.assignee === contactName ? 'New critical post in a case assigned to you' : `New critical post in a case assigned to ${c.assignee}`;
  if (before?.state === 'exhausted') return 'New critical post - nobody acknowledged the earlier pages';
  return 'New critical post in this case';
}

/**
 * Who holds the case and is told with tier 1 when a later escalation starts: whoever acknowledged the escalation
 * before, and the assignee — those of them the policy names as contacts (a staff member who acknowledged in the
 * staff API, under a name the policy does not know, is reached through tier 1).
 */
function holders(c: StoredCase, policy: OncallPolicy): OncallContact[] {
  const names = [c.escalation?.follows?.state === 'acknowledged' ? c.escalation.follows.by : undefined, c.assignee].filter((n): n is string => !!n);
  const out: OncallContact[] = [];
  for (const name of new Set(names)) {
    const contact = policy.tiers.flatMap((t) => t.contacts).find((k) => k.name === name);
    if (contact) out.push(contact);
  }
  return out;
}

export function businessHoursLabel(policy: OncallPolicy): string | undefined {
  const h = policy.businessHours;
  return h ? `${describeDays(h.days)} ${h.start}–${h.end} (${policy.timezone})` : undefined;
}

const offerable = (c: Pick<StoredCase, 'category'>) => c.category === 'complaint' || c.category === 'threat';

/**
 * Pages when the execution's escalation is the case's current one and still to be paged (a staff acknowledgement
 * that came first, or a newer escalation, leaves nothing to page); offers when the case is a complaint or threat
 * with no offer yet.
 */
export async function plan(input: Extract<EscalationStepInput, { action: 'plan' }>, ports: EscalationPorts): Promise<PlanResult> {
  const escalationId = escalationOf(input);
  const c = await ports.store.getCase(input.caseId);
  const page =
    !!c &&
    c.status !== 'resolved' &&
    input.reason === 'critical' &&
    c.urgency === 'critical' &&
    currentEscalationId(c) === escalationId &&
    (c.escalation === undefined || c.escalation.state === 'paging');
  const offer = !!c && c.status !== 'resolved' && offerable(c) && !c.offer;
  if (c) {
    const what = [page ? 'page on-call' : undefined, offer ? 'offer the customer a way to continue' : undefined].filter(Boolean);
    const tag = escalationTag(c.id, escalationId);
    await ports.store.putTimeline(c.id, `escalation#plan#${tag ? `${tag}#` : ''}${input.reason}`, {
      at: ports.now().toISOString(),
      type: 'escalation-planned',
      detail: what.length ? `escalation (${input.reason}): ${what.join(' and ')}` : `escalation (${input.reason}): nothing to do`,
      data: { reason: input.reason, page, offer, escalation: escalationId },
    });
  }
  return { caseId: input.caseId, escalationId, reason: input.reason, page, offer, cursor: { round: 1, tier: 1, outcome: 'page' } };
}

function tierOf(policy: OncallPolicy, tier: number): OncallTier {
  // A policy shortened during an escalation: page its last tier rather than fail.
  return policy.tiers[Math.min(tier, policy.tiers.length) - 1]!;
}

export async function notifyTier(input: Extract<EscalationStepInput, { action: 'notify' }>, ports: EscalationPorts): Promise<NotifyResult> {
  const { store, settings } = ports;
  const escalationId = escalationOf(input);
  const [read, policy] = await Promise.all([store.getCase(input.caseId), ports.policy()]);
  if (pagingOver(read, escalationId)) return { acknowledged: true, waitSeconds: 0 };
  const now = ports.now();
  const at = now.toISOString();
  const marked = await store.markPaging(read!.id, escalationId, input.tier, input.round, at);
  if (!marked.paging) return { acknowledged: true, waitSeconds: 0 };
  // The case as marked: the pages quote the post markPaging recorded as quoted (pagedEventId).
  const c = marked.case;

  const tier = tierOf(policy, input.tier);
  const tag = escalationTag(c.id, escalationId);
  const keyPrefix = tag ? `${tag}#` : '';
  const later = escalationId !== firstEscalationId(c.id);
  const brief = pageBrief(c);
  // Who is paged: the tier; with the first page of a later escalation, also whoever holds the case.
  const recipients = tier.contacts.map((contact, index) => ({ contact, key: `page#${keyPrefix}${input.round}#${input.tier}#${index}`, holder: false }));
  if (later && input.round === 1 && input.tier === 1) {
    holders(c, policy)
      .filter((h) => !tier.contacts.some((k) => k.name === h.name))
      .forEach((contact, index) => recipients.push({ contact, key: `page#${keyPrefix}1#1#holder${index}`, holder: true }));
  }
  // A pass beyond the policy's rounds happens only for a post that arrived after the last page (checkAck).
  const extraRound = input.round > policy.repeat;
  const sent: { name: string; channels: string[] }[] = [];
  const failures: string[] = [];
  const errors = new Set<string>();
  // A page already sent by an earlier attempt of this step means someone was paged (and timed) then.
  let retried = false;
  // An earlier attempt holds claims it may still be sending.
  let pending = false;
  const claims: PageClaims = {
    claim: (key) => store.claimPage(c.id, key, at),
    sent: (key) => store.markPageSent(c.id, key, at),
    release: (key) => store.releasePage(c.id, key),
  };
  await Promise.all(
    recipients.map(async ({ contact, key }) => {
      const page = await pageContact(ports, claims, key, contact, async () => {
        const link = await issueLink(ports.links, 'ack', c.id, settings.ackLinkTtlSeconds, now, {
          tier: input.tier,
          round: input.round,
          contact: contact.name,
          escalation: escalationId,
        });
        const ctx: PageContext = {
          brief,
          ackUrl: `${settings.publicBaseUrl}/ack/${link.code}`,
          contactName: contact.name,
          tier: input.tier,
          tierName: tier.name,
          tierCount: policy.tiers.length,
          round: input.round,
          ackWithinMinutes: tier.ackTimeoutSeconds / 60,
          timezone: policy.timezone,
          ...(later && input.round === 1 && input.tier === 1 ? { alert: newPostNote(c, contact.name) } : extraRound ? { alert: 'New critical post since the last page' } : {}),
        };
        return { sms: pageSms(ctx), email: pageEmail(ctx) };
      });
      if (page.retried) retried = true;
      if (page.pending) pending = true;
      failures.push(...page.failed);
      for (const e of page.errors) errors.add(e);
      if (page.sent.length) sent.push({ name: contact.name, channels: [...page.sent].sort() });
    }),
  );

  if (sent.length) {
    const who = sent.map((s) => `${s.name} (${s.channels.join(' and ')})`).join(', ');
    await store.putTimeline(c.id, `escalation#page#${keyPrefix}${input.round}#${input.tier}#${at}`, {
      at,
      type: 'page-sent',
      detail: `paged tier ${input.tier}${policy.tiers.length > 1 ? ` of ${policy.tiers.length}` : ''} (${tier.name})${input.round > 1 ? `, round ${input.round}` : ''}${later ? ' about a new critical post' : ''}: ${who}`,
      data: { round: input.round, tier: input.tier, contacts: sent.map((s) => s.name), escalation: escalationId },
    });
    ports.metrics.record('PagesSent', sent.length);
    if (input.round === 1 && input.tier === 1 && !retried) {
      const from = later ? (c.latestCritical?.at ?? c.receivedAt) : c.receivedAt;
      ports.metrics.record('TimeToPage', now.getTime() - Date.parse(from), 'Milliseconds');
    }
  }
  const nobodyReached = sent.length === 0 && !retried;
  if (failures.length) {
    // The SDK has already retried each send; what still fails is usually the number or address itself.
    await store.putTimeline(c.id, `escalation#page-failed#${keyPrefix}${input.round}#${input.tier}#${at}`, {
      at,
      type: 'page-failed',
      detail: nobodyReached
        ? `could not reach anyone in tier ${input.tier} (${failures.join(', ')}); retrying`
        : `could not reach ${failures.join(', ')}; the rest of tier ${input.tier} was paged`,
      data: { round: input.round, tier: input.tier },
    });
    ports.metrics.record('PageFailures', failures.length);
    // Nobody reached: the state machine retries the step (what was sent stays claimed), and after its retries moves
    // on to the next tier. One unreachable contact must not hold up the others, so a partial failure does not throw.
    if (nobodyReached) throw new StepFailed(`no page of tier ${input.tier} could be sent (${[...errors].join(', ')})`);
  }
  // Retried once that attempt is surely over; after the retries the next tier is paged.
  if (nobodyReached && pending) throw new StepFailed(`the pages of tier ${input.tier} are still being sent by an earlier attempt`);
  return { acknowledged: false, waitSeconds: tier.ackTimeoutSeconds };
}

export async function checkAck(input: Extract<EscalationStepInput, { action: 'check' }>, ports: EscalationPorts): Promise<CheckResult> {
  const escalationId = escalationOf(input);
  const [c, policy] = await Promise.all([ports.store.getCase(input.caseId), ports.policy()]);
  if (pagingOver(c, escalationId)) return { outcome: 'acknowledged', round: input.round, tier: input.tier };
  const tiers = policy.tiers.length;
  let next: CheckResult =
    input.tier < tiers
      ? { outcome: 'page', round: input.round, tier: input.tier + 1 }
      : input.round < policy.repeat
        ? { outcome: 'page', round: input.round + 1, tier: 1 }
        : { outcome: 'exhausted', round: input.round, tier: input.tier };
  // Every tier was paged, but a critical post joined after the last page: nobody has been told about it. Go round
  // once more from tier 1 (a post that keeps arriving keeps it going, up to MAX_ROUND) rather than end.
  const untold = next.outcome === 'exhausted' && newPostUnpaged(c!) && input.round < MAX_ROUND;
  if (untold) next = { outcome: 'page', round: input.round + 1, tier: 1 };
  const current = tierOf(policy, input.tier);
  const waited = current.ackTimeoutSeconds;
  const waitedText = waited % 60 === 0 ? `${waited / 60} min` : `${waited} s`;
  const tag = escalationTag(c!.id, escalationId);
  await ports.store.putTimeline(c!.id, `escalation#no-ack#${tag ? `${tag}#` : ''}${input.round}#${input.tier}`, {
    at: ports.now().toISOString(),
    type: 'no-acknowledgement',
    detail:
      next.outcome === 'page'
        ? `no acknowledgement from tier ${input.tier} (${current.name}) within ${waitedText}: paging ${next.round > input.round ? `tier 1 again (round ${next.round})${untold ? ', as a new critical post arrived after the last page' : ''}` : `tier ${next.tier} (${tierOf(policy, next.tier).name})`}`
        : `no acknowledgement from tier ${input.tier} (${current.name}) within ${waitedText}: every tier has been paged`,
    data: { round: input.round, tier: input.tier, next: next.outcome, escalation: escalationId },
  });
  return next;
}

export async function markExhausted(input: Extract<EscalationStepInput, { action: 'exhausted' }>, ports: EscalationPorts): Promise<void> {
  const at = ports.now().toISOString();
  const escalationId = escalationOf(input);
  const policy = await ports.policy();
  // Acknowledged at the last moment, or replaced by a newer escalation: nothing to mark. Already exhausted: a retry
  // of this step after it died between its writes, which finishes the entry and the metric (the alarm) it may lack.
  if ((await ports.store.markExhausted(input.caseId, escalationId, at)) === 'no') return;
  const tag = escalationTag(input.caseId, escalationId);
  const first = await ports.store.putTimelineOnce(input.caseId, `escalation#exhausted${tag ? `#${tag}` : ''}`, {
    at,
    type: 'escalation-exhausted',
    detail: `nobody acknowledged: ${policy.tiers.length} tier${policy.tiers.length === 1 ? '' : 's'} paged${input.round > 1 ? ` ${input.round} times over` : ''}; the case stays open at the top of the queue`,
    data: { rounds: input.round, tiers: policy.tiers.length, escalation: escalationId },
  });
  // Counted with the entry, so once per escalation however often the step runs.
  if (first) ports.metrics.record('EscalationsExhausted', 1);
}

/**
 * SendOffer: one email offering the customer a way to continue, within three limits, each checked before anything
 * is sent and given back when nothing was: one offer per customer per quiet window (or longer after "no thanks"),
 * one per recipient address per quiet window whoever's case names it, and OFFER_DAILY_CAP a day in all (counted per
 * attempt, so a failing provider cannot lift it). Only an address from the customer directory gets the warm email
 * that greets by name and quotes the post; any other address — typed in a DM, passed on by a source — may be anyone
 * an attacker named, so its email names nobody and quotes nothing the author wrote.
 */
export async function sendOffer(input: Extract<EscalationStepInput, { action: 'offer' }>, ports: EscalationPorts): Promise<void> {
  const { store, settings } = ports;
  const c = await store.getCase(input.caseId);
  if (!c || c.status === 'resolved' || c.offer || !offerable(c)) return;
  const now = ports.now();
  const at = now.toISOString();
  const customer = customerOf(c);
  const [entry, policy] = await Promise.all([ports.customers.get(customer.platform, customer.authorId), ports.policy()]);
  const fromDirectory = !!entry?.email;
  const email = entry?.email ?? (await store.learnedEmail(customer));
  if (!email) {
    await store.putTimeline(c.id, NO_CONTACT_TIMELINE_KEY, noContactEntry(at));
    return;
  }
  const skip = async (key: string, why: string, detail: string) => {
    await store.putTimeline(c.id, `escalation#offer#${key}`, { at, type: 'offer-skipped', detail });
    ports.metrics.record('OffersSkipped', 1, 'Count', { why });
  };
  const windowStart = new Date(now.getTime() - settings.offerQuietDays * DAY_MS).toISOString();
  const slot = await store.claimOfferSlot(customer, c.id, at, windowStart);
  if (!slot.claimed) {
    const declined = slot.declinedUntil && slot.declinedUntil > at;
    await skip(
      'quiet',
      declined ? 'declined' : 'quiet-window',
      declined
        ? `no offer sent: the customer said "no thanks" to an earlier offer (respected until ${slot.declinedUntil!.slice(0, 10)})`
        : `no offer sent: the customer was offered a channel on ${slot.lastOfferAt?.slice(0, 10) ?? 'a recent day'} (one offer per ${settings.offerQuietDays} days)`,
    );
    return;
  }
  const recipient = recipientKey(email);
  // The address's slot outlives its window by a day, then expires (the table keeps no trace of who was mailed).
  const slotExpiry = Math.ceil(now.getTime() / 1000) + (settings.offerQuietDays + 1) * 86_400;
  const toAddress = await store.claimRecipientSlot(recipient, c.id, at, windowStart, slotExpiry);
  if (!toAddress.claimed) {
    await store.releaseOfferSlot(customer, c.id);
    await skip(
      'recipient-quiet',
      'recipient-quiet-window',
      `no offer sent: this email address was offered a channel on ${toAddress.lastOfferAt?.slice(0, 10) ?? 'a recent day'}, for this or another author (one offer per address per ${settings.offerQuietDays} days)`,
    );
    return;
  }
  const giveBack = () => Promise.all([store.releaseOfferSlot(customer, c.id), store.releaseRecipientSlot(recipient, c.id)]);
  const day = offerDay(now);
  if (!(await store.countDailyOffer(day, settings.offerDailyCap, Date.parse(`${day}T00:00:00.000Z`) / 1000 + 2 * 86_400))) {
    await giveBack();
    await skip('daily-cap', 'daily-cap', `no offer sent: the daily limit of ${settings.offerDailyCap} offers was reached (OFFER_DAILY_CAP)`);
    return;
  }
  const customerName = entry?.name ?? c.author.name;
  try {
    // The link remembers where the address came from, so its page quotes and names no more than the email did.
    const link = await issueLink(ports.links, 'offer', c.id, settings.offerLinkTtlSeconds, now, { to: fromDirectory ? 'directory' : 'elsewhere' });
    await ports.email.send(
      [email],
      offerEmail({
        brief: caseBrief(c),
        addressFrom: fromDirectory ? 'directory' : 'elsewhere',
        ...(fromDirectory && customerName ? { customerName } : {}),
        offerUrl: `${settings.publicBaseUrl}/offer/${link.code}`,
        businessName: settings.businessName,
        ...sourceNameOf(settings, c.platform),
        ...(businessHoursLabel(policy) ? { businessHours: businessHoursLabel(policy) } : {}),
        expiresAt: link.expiresAt,
      }),
    );
  } catch (err) {
    // Nothing reached the customer: give the slots back so the retry (or a later case) may offer.
    await giveBack();
    throw err;
  }
  await store.recordOfferSent(c.id, at);
  await store.putTimeline(c.id, 'escalation#offer#sent', {
    at,
    type: 'offer-sent',
    detail: fromDirectory
      ? 'offered the customer a way to continue (phone, email, private message or no thanks) by email from the customer directory'
      : 'offered a way to continue (phone, email, private message or no thanks) by email to an address the author gave; the email quotes nothing and names nobody, as nobody verified the address',
    data: { source: fromDirectory ? 'directory' : 'learned' },
  });
  ports.metrics.record('OffersSent', 1);
}

/**
 * OfferFailed: SendOffer failed even after its retries (SES refused the address, the account is in the sandbox, a
 * timeout). The case says so — for the team, who may reach the customer another way — and the metric counts it; the
 * pages, in the other branch, go on. `error` is the failure's name, never its message.
 */
export async function recordOfferFailure(input: Extract<EscalationStepInput, { action: 'offer-failed' }>, ports: EscalationPorts): Promise<void> {
  const at = ports.now().toISOString();
  // An offer already on the case was sent (only what came after failed) or answered: nothing to record.
  if (!(await ports.store.recordOfferFailed(input.caseId, at))) return;
  await ports.store.putTimeline(input.caseId, 'escalation#offer#failed', {
    at,
    type: 'offer-failed',
    detail: `the offer to the customer could not be sent (${input.error}), even after retries; paging is not affected`,
    data: { error: input.error },
  });
  ports.metrics.record('OfferFailures', 1);
}

/** Runs one step; the steps function's handler is this plus validation. */
export async function runEscalationStep(input: EscalationStepInput, ports: EscalationPorts): Promise<unknown> {
  switch (input.action) {
    case 'plan':
      return plan(input, ports);
    case 'offer':
      await sendOffer(input, ports);
      return {};
    case 'offer-failed':
      await recordOfferFailure(input, ports);
      return {};
    case 'notify':
      return notifyTier(input, ports);
    case 'check':
      return checkAck(input, ports);
    case 'exhausted':
      await markExhausted(input, ports);
      return {};
  }
}
