import { createHash } from 'node:crypto';
import type { Category, Classification, Urgency } from '../../../schemas/classification';
import { URGENCY_RANK } from '../../../schemas/classification';
import type { CaseSummary, TimelineEntry } from '../../../schemas/case';
import type { SocialEvent } from '../../../schemas/social-event';
import { redactAttachments } from '../attachments';
import { detectPii, redactAuthor } from '../classifier/pii';
import { checkNow, type SlaCheckFields } from '../sla/checks';

/**
 * The case rules, pure: how a classified post opens a case or changes the one its conversation already has, when a
 * first response is due, and when the escalation flow must run. Persistence and its races live in the use case.
 */

export interface CaseSettings {
  /** Minutes to a first response per urgency; absent = no clock (low). Defaults from docs/labels.md. */
  slaMinutes: Partial<Record<Urgency, number>>;
  /** Days the unredacted text is kept beside the case; 0 keeps none. */
  rawTextRetentionDays: number;
  /** Days an event id is remembered for dedupe (WhatsApp retries for 7 days). */
  eventMemoryDays: number;
}

export const DEFAULT_CASE_SETTINGS: CaseSettings = {
  slaMinutes: { critical: 15, high: 30, normal: 60 },
  rawTextRetentionDays: 0,
  eventMemoryDays: 30,
};

/**
 * A case as stored: the summary plus what the store needs for idempotency and optimistic locking. The case keeps no
 * list of its events (it would grow with every post towards DynamoDB's 400 KB item limit, and make every write
 * dearer): each event's own claim item (`EVENT#<id>`) is its dedupe guard, and the case names only its first post
 * and the post folded last (how a redelivery recognises a post already folded: process-event.ts).
 */
export interface StoredCase extends CaseSummary, Partial<SlaCheckFields> {
  /** The post that opened the case. */
  firstEventId: string;
  /** The post folded in last. */
  lastEventId: string;
  version: number;
}

/** Deterministic, so a redelivered first post can never open a second case. */
export function caseIdFor(eventId: string): string {
  return `c_${createHash('sha256').update(eventId).digest('base64url').slice(0, 16)}`;
}

export function slaDueAt(receivedAt: string, urgency: Urgency, settings: Pick<CaseSettings, 'slaMinutes'>): string | undefined {
  const minutes = settings.slaMinutes[urgency];
  return minutes === undefined ? undefined : new Date(Date.parse(receivedAt) + minutes * 60_000).toISOString();
}

/** Which category says more about what the team must do, when posts of one conversation disagree. */
const CATEGORY_WEIGHT: Record<Category, number> = { threat: 4, complaint: 3, question: 2, praise: 1, other: 0 };

export function newCase(caseId: string, event: SocialEvent, c: Classification, settings: CaseSettings, now: string): StoredCase {
  // The display name and handle are shown on the queue, pages and emails: stored redacted, like the text (the
  // classification already counts their PII types). The source-vouched email is never stored on the case.
  const { email: _email, ...author } = redactAuthor(event.author).author;
  const due = slaDueAt(event.receivedAt, c.urgency, settings);
  return {
    id: caseId,
    status: 'open',
    urgency: c.urgency,
    category: c.category,
    sentiment: c.sentiment,
    sentimentScore: c.sentimentScore,
    platform: event.platform,
    kind: event.kind,
    text: c.redactedText,
    ...storedAttachments(event),
    author,
    conversationId: event.conversationId,
    receivedAt: event.receivedAt,
    createdAt: now,
    updatedAt: now,
    slaDueAt: due,
    // A running clock is checked by the SLA sweep: first to set its business-hours due time (sla/sweep.ts).
    ...(due ? checkNow(now) : {}),
    pii: c.pii,
    reasons: c.reasons,
    classifiedBy: classifiedBy(c),
    eventCount: 1,
    ...(event.url ? { url: event.url } : {}),
    // A critical first post starts the case's first escalation (the flow pages from tier 1; tier 0: nobody yet).
    ...(c.urgency === 'critical' ? { escalation: { id: firstEscalationId(caseId), state: 'paging' as const, tier: 0 } } : {}),
    firstEventId: event.id,
    lastEventId: event.id,
    version: 1,
  };
}

const unique = <T>(values: T[]) => [...new Set(values)];

function classifiedBy(c: Classification): NonNullable<StoredCase['classifiedBy']> {
  return { model: c.model, confidence: c.confidence };
}

/**
 * What a post carries besides words as a case or timeline entry keeps it (captions and titles redacted, links
 * http(s) only: ../attachments.ts), or nothing when it carries nothing. The classification counted their PII types.
 */
function storedAttachments(event: SocialEvent): { attachments?: NonNullable<StoredCase['attachments']> } {
  const { attachments } = redactAttachments(event.attachments);
  return attachments.length ? { attachments } : {};
}

function earliest(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Date.parse(a) <= Date.parse(b) ? a : b;
}

/** What folding a post into a case writes: the attributes it changed, its count, and itself as the last post. */
export type PostFold = Partial<
  Pick<
    StoredCase,
    'urgency' | 'category' | 'sentiment' | 'sentimentScore' | 'slaDueAt' | 'pii' | 'reasons' | 'escalation' | 'latestCritical' | 'text' | 'textState' | 'textEditedAt' | 'attachments' | 'classifiedBy' | 'slaCheck' | 'slaCheckAt'
  >
> &
  Pick<StoredCase, 'eventCount' | 'lastEventId' | 'updatedAt'>;

/** How many reasons a case keeps (each post brings up to five). */
export const MAX_CASE_REASONS = 12;
/** How much of the newest critical post the case keeps for the pages to quote; the whole post is on the timeline. */
export const CRITICAL_QUOTE_CHARS = 1000;

type Escalation = NonNullable<StoredCase['escalation']>;
type CriticalPost = NonNullable<StoredCase['latestCritical']>;

function criticalPost(event: SocialEvent, c: Classification): CriticalPost {
  return { eventId: event.id, at: event.receivedAt, kind: event.kind, text: criticalQuote(c.redactedText), reasons: c.reasons, ...(event.url ? { url: event.url } : {}), ...storedAttachments(event) };
}

/** What pages quote of a critical post: its redacted text, cut to CRITICAL_QUOTE_CHARS (the whole post is on the timeline). */
export function criticalQuote(redactedText: string): string {
  return redactedText.length > CRITICAL_QUOTE_CHARS ? `${redactedText.slice(0, CRITICAL_QUOTE_CHARS - 1)}…` : redactedText;
}

/**
 * The escalation a critical post starts in a case whose escalation is not paging — acknowledged, exhausted, or none
 * (the case was low, normal or high until now, or a person raised it to critical) — and how the one before ended.
 * It starts as `paging`, tier 0: its flow pages tier 1 (and whoever acknowledged the one before) at once.
 */
function escalationStartedBy(existing: StoredCase, event: SocialEvent): Escalation {
  const before = existing.escalation;
  const follows: Escalation['follows'] =
    before?.state === 'acknowledged'
      ? { state: 'acknowledged', ...(before.acknowledgedBy ? { by: before.acknowledgedBy } : {}), ...(before.acknowledgedAt ? { at: before.acknowledgedAt } : {}) }
      : before?.state === 'exhausted'
        ? { state: 'exhausted', ...(before.exhaustedAt ? { at: before.exhaustedAt } : {}) }
        : undefined;
  return {
    id: criticalEscalationId(existing.id, event.id, existing.firstEventId),
    eventId: event.id,
    state: 'paging',
    tier: 0,
    ...(follows ? { follows } : {}),
  };
}

const same = (a: unknown, b: unknown) => a === b || JSON.stringify(a) === JSON.stringify(b);

/**
 * Folds a follow-up post into an open case: urgency and category only rise (a calm follow-up never lowers a
 * critical case), the SLA due time moves earlier if the new urgency demands it, and reasons accumulate. Returns only
 * what changes, so the store writes those attributes and nothing else.
 *
 * A critical post is news whatever the case's state, so its fold also decides, under the same lock as the post
 * itself (and as acknowledgements), what it means for paging:
 * - it becomes the case's `latestCritical`, the post the next pages quote, and its reasons lead the case's (they are
 *   kept even when the case already has MAX_CASE_REASONS);
 * - if the case's escalation is paging, that escalation covers it (its next page quotes it; a post that arrives after
 *   the last page makes it go round once more: escalation/flow.ts checkAck);
 * - otherwise — acknowledged, exhausted, or never started — it starts a new escalation of its own
 *   (escalationStartedBy), which the classifier then runs under the post's own execution name.
 */
export function foldPost(existing: StoredCase, event: SocialEvent, c: Classification, settings: CaseSettings, now: string): PostFold {
  const critical = c.urgency === 'critical';
  const raised = URGENCY_RANK[c.urgency] < URGENCY_RANK[existing.urgency];
  const urgency = raised ? c.urgency : existing.urgency;
  const categoryRaised = CATEGORY_WEIGHT[c.category] > CATEGORY_WEIGHT[existing.category];
  const merged: Omit<PostFold, 'eventCount' | 'lastEventId' | 'updatedAt'> = {
    urgency,
    category: categoryRaised ? c.category : existing.category,
    // The labels the case shows came from this post: so does the record of who gave them, and how sure it was.
    ...(raised || categoryRaised ? { classifiedBy: classifiedBy(c) } : {}),
    sentiment: c.sentimentScore < existing.sentimentScore ? c.sentiment : existing.sentiment,
    sentimentScore: Math.min(existing.sentimentScore, c.sentimentScore),
    // Once the business has responded the clock has stopped; before that, a raised urgency (or a first target) may
    // bring the due time forward. A follow-up of the same urgency leaves it alone: the SLA sweep may have moved it
    // for business hours (lambdas/domain/sla/flow.ts).
    slaDueAt:
      existing.firstResponseAt || (!raised && existing.slaDueAt)
        ? existing.slaDueAt
        : earliest(existing.slaDueAt, slaDueAt(event.receivedAt, urgency, settings)),
    pii: unique([...existing.pii, ...c.pii]),
    // Newest critical grounds first (what the pages list); any other post's are added while there is room.
    reasons: (critical ? unique([...c.reasons, ...existing.reasons]) : unique([...existing.reasons, ...c.reasons])).slice(0, MAX_CASE_REASONS),
    ...(critical ? { latestCritical: criticalPost(event, c) } : {}),
    ...(critical && existing.escalation?.state !== 'paging' ? { escalation: escalationStartedBy(existing, event) } : {}),
  };
  const changed = Object.fromEntries(
    Object.entries(merged).filter(([k, v]) => v !== undefined && !same(v, existing[k as keyof StoredCase])),
  ) as Partial<PostFold>;
  // A raised urgency (or a first target) moves the clock: the SLA sweep checks it now rather than at its old time. A
  // clock that already breached stays breached: the target was missed, and a second breach would count it twice.
  const clockMoved = !existing.sla?.breachedAt && (changed.slaDueAt !== undefined || (raised && merged.slaDueAt !== undefined && !existing.firstResponseAt));
  return { ...changed, ...(clockMoved ? checkNow(now) : {}), eventCount: existing.eventCount + 1, lastEventId: event.id, updatedAt: now };
}

/** The case as folding `fold` into `existing` leaves it. */
export function withFold(existing: StoredCase, fold: PostFold): StoredCase {
  return { ...existing, ...fold, version: existing.version + 1 };
}

/**
 * What acknowledging changes on a case, whoever acknowledges (the paging link or a staff action): the escalation stops
 * paging, and an open case becomes someone's; a resolved case stays resolved.
 */
export function acknowledgement(c: Pick<StoredCase, 'escalation' | 'status'>, by: string, at: string): Pick<StoredCase, 'escalation'> & Partial<Pick<StoredCase, 'status'>> {
  return {
    escalation: { ...c.escalation, tier: c.escalation?.tier ?? 0, state: 'acknowledged', acknowledgedBy: by, acknowledgedAt: at },
    ...(c.status === 'open' ? { status: 'acknowledged' as const } : {}),
  };
}

/**
 * The escalation as paging `tier` of `round` leaves it: its id, the post that started it and how the one before ended
 * kept, and the post the page quotes (the newest critical one) recorded, so checkAck can tell a post that joined
 * after the last page.
 */
export function markedPaging(c: StoredCase, escalationId: string, tier: number, round: number, at: string): Escalation {
  return { ...c.escalation, id: escalationId, state: 'paging', tier, round, pagedAt: at, pagedEventId: c.latestCritical?.eventId ?? c.firstEventId };
}

export type EscalationReason = 'critical' | 'complaint' | 'threat';

/**
 * Every critical case pages; complaints and threats get the customer offer. One execution per (case, reason), named
 * deterministically, so a redelivered message never starts a second one; critical posts after the first get their
 * own (escalationToStart).
 */
export function escalationReason(c: Pick<StoredCase, 'urgency' | 'category'>): EscalationReason | undefined {
  if (c.urgency === 'critical') return 'critical';
  if (c.category === 'complaint' || c.category === 'threat') return c.category;
  return undefined;
}

export function executionName(caseId: string, reason: EscalationReason): string {
  return `${caseId}-${reason}`;
}

/** The escalation the case's first post starts when it is critical (and the name every escalation once had). */
export function firstEscalationId(caseId: string): string {
  return executionName(caseId, 'critical');
}

/**
 * The escalation (and execution name) a critical post starts: the first post's is `<case>-critical`; a later one's
 * `<case>-critical-<12 characters of the SHA-256 of its event id>` (36 + 12 = 40, within Step Functions' 80). A
 * function of the post alone, so a redelivered post names the same execution and Step Functions refuses a second.
 */
export function criticalEscalationId(caseId: string, eventId: string, firstEventId: string): string {
  if (eventId === firstEventId) return firstEscalationId(caseId);
  return `${firstEscalationId(caseId)}-${createHash('sha256').update(eventId).digest('base64url').slice(0, 12)}`;
}

/** The case's current escalation's id (records written before escalations had ids belong to the first). */
export function currentEscalationId(c: Pick<StoredCase, 'id' | 'escalation'>): string {
  return c.escalation?.id ?? firstEscalationId(c.id);
}

/**
 * What the classifier starts for a post now in case `c` (the case as its fold left it, or as a redelivery finds it):
 * - a critical post whose escalation is the case's current one: that escalation's flow, under its id. A redelivery
 *   names the same execution (refused, or answered as the running one), and a post whose escalation has since been
 *   replaced by a newer one starts nothing: it was paged, or acknowledged, in its time;
 * - a critical post a paging escalation covers: nothing (`covered` names that escalation, for the timeline);
 * - in a case that is not critical, a complaint or threat: the customer offer, `<case>-<category>`.
 */
export function escalationToStart(
  c: StoredCase,
  eventId: string,
  post: Pick<Classification, 'urgency'>,
): { start?: { name: string; reason: EscalationReason }; covered?: string } {
  if (c.urgency === 'critical') {
    if (post.urgency !== 'critical') return {};
    const own = criticalEscalationId(c.id, eventId, c.firstEventId);
    const current = currentEscalationId(c);
    if (own === current) return { start: { name: own, reason: 'critical' } };
    return eventId !== c.firstEventId && c.escalation?.state === 'paging' ? { covered: current } : {};
  }
  const reason = escalationReason(c);
  return reason ? { start: { name: executionName(c.id, reason), reason } } : {};
}

/**
 * The timeline entry of a customer offer that nobody can be sent: no email address is known for the case's author (in
 * the customer directory, or given in a private message). Written by the classifier instead of starting an offer's
 * escalation that could only find this out (most authors of public posts have no address on file), and by the offer
 * step should the address be gone by the time it runs; one key, so the two never show it twice.
 */
export const NO_CONTACT_TIMELINE_KEY = 'escalation#offer#no-contact';
export const noContactEntry = (at: string): TimelineEntry => ({
  at,
  type: 'offer-skipped',
  detail: 'no offer sent: no email address is known for the author (customer directory or a private message)',
});

/** Timeline entry for a post, keyed by the event so a retry overwrites rather than duplicates it. */
export function postEntry(event: SocialEvent, c: Classification, joined: boolean): TimelineEntry {
  return {
    at: event.receivedAt,
    type: joined ? 'post-joined' : 'post',
    detail: `${event.kind} on ${event.platform}: ${c.category}, ${c.urgency}${c.reasons.length ? ` (${c.reasons.slice(0, 3).join('; ')})` : ''}`,
    data: { eventId: event.id, category: c.category, urgency: c.urgency, sentiment: c.sentiment, text: c.redactedText, ...storedAttachments(event) },
  };
}

const EMAIL_SHAPE = /^[^\s@<>]{1,64}@[^\s@<>]{1,253}\.[^\s@<>]{2,63}$/;

/**
 * An email address to offer the customer a channel by: one the source vouches for (a review site's reviewer, a
 * CRM contact), or the first one the author wrote in a private message. Addresses in public posts are not used:
 * they may be anybody's, and the post is flagged for PII instead.
 */
export function contactEmailOf(event: SocialEvent): { email: string; source: 'dm' | 'source' } | undefined {
  const vouched = event.author.email?.trim();
  if (vouched && EMAIL_SHAPE.test(vouched)) return { email: vouched, source: 'source' };
  if (event.kind !== 'dm' || event.isEcho) return undefined;
  const match = detectPii(event.text).matches.find((m) => m.type === 'email');
  if (!match || !standsAlone(event.text, match.start, match.end)) return undefined;
  const email = event.text.slice(match.start, match.end).trim();
  return EMAIL_SHAPE.test(email) ? { email, source: 'dm' } : undefined;
}

/** What may sit inside an address's mailbox or domain: a span glued to one of these is a piece of a longer word. */
const ADDRESS_CHAR = /[\p{L}\p{M}\p{N}._%+\-'!#$&*/=?^`{|}~@]/u;

/**
 * Whether `text.slice(start, end)` is a whole address rather than a piece cut out of one ("rg@bücher.de" out of
 * "jörg@bücher.de", when a matcher's word boundary is ASCII-only): nothing address-like right before it, and nothing
 * but sentence punctuation right after. Mailing a cut-off address would reach a stranger, so no address is better.
 */
function standsAlone(text: string, start: number, end: number): boolean {
  const before = Array.from(text.slice(Math.max(0, start - 2), start)).at(-1) ?? '';
  const after = String.fromCodePoint(text.codePointAt(end) ?? 32);
  return !(before && ADDRESS_CHAR.test(before)) && !/[\p{L}\p{M}\p{N}_\-@]/u.test(after);
}
