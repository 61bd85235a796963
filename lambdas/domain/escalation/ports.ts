import type { TimelineEntry } from '../../../schemas/case';
import type { CustomerEntry } from '../../../schemas/customer-directory';
import type { OncallPolicy } from '../../../schemas/oncall-policy';
import type { StoredCase } from '../cases/rules';
import type { LinkCodeStore } from '../links/store';
import type { PageClaim } from './paging';
import type { EmailContent, OfferChannel } from './views';

/**
 * The ports of the escalation use cases (flow.ts, respond.ts). Adapters: lambdas/adapters/escalation-table.ts,
 * config-table.ts, link-codes-table.ts, notifications.ts.
 */

export interface AckInfo {
  by: string;
  at: string;
}

export interface EscalationStore {
  getCase(caseId: string): Promise<StoredCase | undefined>;
  /** Idempotent by `key`. */
  putTimeline(caseId: string, key: string, entry: TimelineEntry): Promise<void>;
  /** Writes the entry unless one with this key exists; true when this call wrote it. */
  putTimelineOnce(caseId: string, key: string, entry: TimelineEntry): Promise<boolean>;
  /**
   * Records that `tier` of `round` of escalation `escalationId` is being paged, and which critical post the pages
   * quote (`pagedEventId`: the case's newest), unless the case was resolved, acknowledged (then returns that
   * acknowledgement) or has a newer escalation meanwhile, changing nothing then. Returns the case as written.
   */
  markPaging(caseId: string, escalationId: string, tier: number, round: number, at: string): Promise<{ paging: true; case: StoredCase } | { paging: false; ack?: AckInfo }>;
  /**
   * Paging → exhausted, for the case's current escalation `escalationId`: `now` when this call marked it, `already`
   * when that escalation is exhausted (a retry after a crash), `no` when it was acknowledged or replaced.
   */
  markExhausted(caseId: string, escalationId: string, at: string): Promise<'now' | 'already' | 'no'>;
  /**
   * Acknowledges the case's escalation (and moves an open case to `acknowledged`), once: returns the acknowledgement
   * that stands — this one, or the earlier one that won. With `escalationId` (an ack link's), only that escalation:
   * `stale` when the case has a newer one, which an earlier page's link must not stop.
   */
  acknowledge(caseId: string, by: string, at: string, escalationId?: string): Promise<{ acknowledged: 'now' | 'before'; ack: AckInfo } | { acknowledged: 'stale' }>;
  /** Claims one page (case, round, tier, contact, channel) before building and sending it, so a retried step never sends twice. */
  claimPage(caseId: string, key: string, at: string): Promise<PageClaim>;
  /** Marks a claimed page sent: no attempt takes it again. */
  markPageSent(caseId: string, key: string, at: string): Promise<void>;
  /** Gives a claim back after its page could not be built or sent, so the retry sends it. */
  releasePage(caseId: string, key: string): Promise<void>;
  /**
   * One offer per customer per quiet window: claims the customer's offer slot for `caseId` unless an offer was sent
   * after `windowStart` for another case, or the customer declined offers until after `now`.
   */
  claimOfferSlot(customer: CustomerRef, caseId: string, now: string, windowStart: string): Promise<{ claimed: true } | { claimed: false; lastOfferAt?: string; declinedUntil?: string }>;
  /** Gives back a slot this case claimed (its email could not be sent); a slot held by another case is left alone. */
  releaseOfferSlot(customer: CustomerRef, caseId: string): Promise<void>;
  /**
   * One offer per recipient address per quiet window, whoever's case names it: claims the slot of `recipient` (the
   * hash of the normalised address, offer-recipient.ts — never the address) for `caseId` unless an offer went to it
   * after `windowStart` for another case. The slot expires by itself at `expiresAtEpoch`.
   */
  claimRecipientSlot(recipient: string, caseId: string, now: string, windowStart: string, expiresAtEpoch: number): Promise<{ claimed: true } | { claimed: false; lastOfferAt?: string }>;
  /** Gives back an address's slot this case claimed; one held by another case is left alone. */
  releaseRecipientSlot(recipient: string, caseId: string): Promise<void>;
  /** Counts one offer against `day`'s cap, atomically; false, counting nothing, once `cap` were counted that day. */
  countDailyOffer(day: string, cap: number, expiresAtEpoch: number): Promise<boolean>;
  /** Sets the case's offer to `sent` (only if it has none). */
  recordOfferSent(caseId: string, at: string): Promise<void>;
  /** Sets the case's offer to `failed` (only if it has none); false when it had one. */
  recordOfferFailed(caseId: string, at: string): Promise<boolean>;
  /**
   * Sets the case's offer to the customer's choice (`chosen`, or `none` for "no thanks") if it is still `sent`, in
   * one conditional write: of simultaneous choices exactly one returns true.
   */
  recordOfferChoice(caseId: string, channel: OfferChannel, at: string): Promise<boolean>;
  /** Keeps the customer's answer (and callback number) beside their offer slot, not on the case. */
  recordCustomerChoice(customer: CustomerRef, choice: { caseId: string; channel: OfferChannel; phone?: string; time?: string; at: string; declinedUntil?: string }): Promise<void>;
  /** An email address learned from the author (a DM, or a source that vouches for it), if any. */
  learnedEmail(customer: CustomerRef): Promise<string | undefined>;
}

export interface CustomerRef {
  platform: string;
  authorId: string;
}

export interface SmsSender {
  /** `to` is E.164. Resolves once the provider accepted the message. */
  send(to: string, body: string): Promise<void>;
}

export interface EmailSender {
  send(to: string[], content: EmailContent): Promise<void>;
}

export interface Metrics {
  /** A count (or a duration in ms when `unit` is 'Milliseconds'), with optional low-cardinality dimensions. */
  record(name: string, value: number, unit?: 'Count' | 'Milliseconds', dimensions?: Record<string, string>): void;
}

export interface EscalationSettings {
  /** Base of links in messages, e.g. https://care.example.com (no trailing slash). */
  publicBaseUrl: string;
  /** Who signs customer emails, e.g. "Acme Support". */
  businessName: string;
  /** What customers call each generic source ("reviews" → "Trustpilot"); a source without one is not named to them. */
  sourceNames: Readonly<Record<string, string>>;
  ackLinkTtlSeconds: number;
  offerLinkTtlSeconds: number;
  /** One offer per customer per this many days. */
  offerQuietDays: number;
  /** After "no thanks", no offer for this many days. */
  offerDeclinedQuietDays: number;
  /** At most this many offers a day (UTC) in all, whatever the traffic: a bound on what an attacker can make the brand send. */
  offerDailyCap: number;
}

export const DEFAULT_ESCALATION_SETTINGS: Omit<EscalationSettings, 'publicBaseUrl'> = {
  businessName: 'Customer Care',
  sourceNames: {},
  ackLinkTtlSeconds: 24 * 3600,
  offerLinkTtlSeconds: 7 * 86_400,
  offerQuietDays: 7,
  offerDeclinedQuietDays: 90,
  offerDailyCap: 500,
};

export interface EscalationPorts {
  store: EscalationStore;
  policy(): Promise<OncallPolicy>;
  customers: { get(platform: string, authorId: string): Promise<CustomerEntry | undefined> };
  links: LinkCodeStore;
  sms: SmsSender;
  email: EmailSender;
  metrics: Metrics;
  settings: EscalationSettings;
  now(): Date;
}

/**
 * What customers call the case's source, as a view or context field: `{sourceName}` for a generic source with a
 * configured name, else nothing (a social platform names itself; an unnamed source is not named).
 */
export function sourceNameOf(settings: Pick<EscalationSettings, 'sourceNames'>, platform: string): { sourceName?: string } {
  return Object.hasOwn(settings.sourceNames, platform) ? { sourceName: settings.sourceNames[platform]! } : {};
}
