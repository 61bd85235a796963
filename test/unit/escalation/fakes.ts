/**
 * In-memory fakes of the escalation ports (lambdas/domain/escalation/ports.ts), for the flow and respond unit tests.
 * The store and the link-code store mirror the conditions of their DynamoDB adapters
 * (lambdas/adapters/escalation-table.ts, link-codes-table.ts); everything hands out copies, never its own objects.
 */
import type { TimelineEntry } from '../../../schemas/case';
import type { CustomerEntry } from '../../../schemas/customer-directory';
import type { OncallPolicy } from '../../../schemas/oncall-policy';
import { currentEscalationId, markedPaging, type StoredCase } from '../../../lambdas/domain/cases/rules';
import { type LinkRecord, linkStatus } from '../../../lambdas/domain/links/codes';
import type { LinkCodeStore, RedeemOutcome } from '../../../lambdas/domain/links/store';
import { parsePolicy } from '../../../lambdas/domain/escalation/policy';
import {
  type AckInfo,
  type CustomerRef,
  DEFAULT_ESCALATION_SETTINGS,
  type EmailSender,
  type EscalationPorts,
  type EscalationSettings,
  type EscalationStore,
  type Metrics,
  type SmsSender,
} from '../../../lambdas/domain/escalation/ports';
import type { CaseBrief, EmailContent, OfferChannel, PageContext } from '../../../lambdas/domain/escalation/views';
import type { PageClaim } from '../../../lambdas/domain/escalation/paging';
import { PAGE_CLAIM_LEASE_SECONDS } from '../../../lambdas/adapters/page-claims';

const clone = <T>(v: T): T => structuredClone(v);

// ─── Cases ──────────────────────────────────────────────────────────────────────────────────────────────────────

let caseCounter = 0;

/** A stored case: an open, critical threat on facebook by @dan_p, unless overridden. */
export function storedCase(over: Partial<StoredCase> = {}): StoredCase {
  caseCounter += 1;
  return {
    id: `c_case${caseCounter}`,
    status: 'open',
    urgency: 'critical',
    category: 'threat',
    sentiment: 'negative',
    sentimentScore: -0.8,
    platform: 'facebook',
    kind: 'comment',
    text: 'Hey @dan_p here: your staff ignored my allergy warning and my son ended up in hospital. Calling the paper tomorrow.',
    author: { id: 'fb-author-1', handle: 'dan_p', name: 'Dan Price', followers: 12_400, verified: true },
    conversationId: 'fb:conv-1',
    receivedAt: '2026-03-10T10:00:00.000Z',
    createdAt: '2026-03-10T10:00:01.000Z',
    updatedAt: '2026-03-10T10:00:01.000Z',
    slaDueAt: '2026-03-10T10:15:00.000Z',
    pii: [],
    reasons: ['threat: going to the press', 'safety: allergic reaction'],
    eventCount: 1,
    url: 'https://www.facebook.com/dan_p/posts/123',
    firstEventId: 'facebook:evt-1',
    lastEventId: 'facebook:evt-1',
    version: 1,
    ...over,
  };
}

// ─── Page claims ────────────────────────────────────────────────────────────────────────────────────────────────

/**
 * lambdas/adapters/page-claims.ts in memory: a claim is taken when absent (released claims are removed here), or
 * when it was claimed and never marked sent and its lease has run out.
 */
export class FakePageClaims extends Map<string, { state: 'claimed' | 'sent'; leaseUntil: number }> {
  claim(key: string, at: string): PageClaim {
    const held = this.get(key);
    if (held?.state === 'sent') return 'sent';
    if (held && held.leaseUntil >= Date.parse(at)) return 'pending';
    this.set(key, { state: 'claimed', leaseUntil: Date.parse(at) + PAGE_CLAIM_LEASE_SECONDS * 1000 });
    return 'claimed';
  }

  markSent(key: string): void {
    const held = this.get(key);
    if (held) held.state = 'sent';
  }
}

// ─── Escalation store ───────────────────────────────────────────────────────────────────────────────────────────

export interface OfferSlot {
  lastOfferAt?: string;
  caseId?: string;
  declinedUntil?: string;
  lastChoice?: { caseId: string; channel: OfferChannel; phone?: string; time?: string; at: string };
}

type CaseChange = Partial<Pick<StoredCase, 'escalation' | 'offer' | 'status'>>;

const customerKey = (c: CustomerRef) => `CUSTOMER#${c.platform}#${c.authorId}`;

/** EscalationTable's semantics, in memory. */
export class FakeEscalationStore implements EscalationStore {
  readonly cases = new Map<string, StoredCase>();
  /** caseId → timeline key → entry (a put with the same key overwrites, as a DynamoDB put does). */
  readonly timelines = new Map<string, Map<string, TimelineEntry>>();
  /** `${caseId}|${key}` → the claim (a released one is removed). */
  readonly claims = new FakePageClaims();
  readonly slots = new Map<string, OfferSlot>();
  readonly learned = new Map<string, string>();
  /** `OFFERTO#<hash>` items: the per-address slots. */
  readonly recipientSlots = new Map<string, { lastOfferAt?: string; caseId?: string }>();
  /** `OFFERS#<day>` counters. */
  readonly dailyOffers = new Map<string, number>();

  constructor(private readonly clock: () => Date = () => new Date()) {}

  addCase(c: StoredCase): StoredCase {
    this.cases.set(c.id, clone(c));
    return c;
  }

  learnEmail(customer: CustomerRef, email: string): void {
    this.learned.set(customerKey(customer), email);
  }

  slotOf(customer: CustomerRef): OfferSlot | undefined {
    const s = this.slots.get(customerKey(customer));
    return s && clone(s);
  }

  /** The case's timeline in insertion order of keys. */
  timeline(caseId: string): TimelineEntry[] {
    return [...(this.timelines.get(caseId)?.values() ?? [])].map(clone);
  }

  timelineKeys(caseId: string): string[] {
    return [...(this.timelines.get(caseId)?.keys() ?? [])];
  }

  /** Everything the store holds, for "nothing was written" comparisons. */
  snapshot(): unknown {
    return clone({
      cases: [...this.cases.entries()],
      timelines: [...this.timelines.entries()].map(([k, v]) => [k, [...v.entries()]]),
      claims: [...this.claims.entries()],
      slots: [...this.slots.entries()],
      learned: [...this.learned.entries()],
      recipientSlots: [...this.recipientSlots.entries()],
      dailyOffers: [...this.dailyOffers.entries()],
    });
  }

  async getCase(caseId: string): Promise<StoredCase | undefined> {
    const c = this.cases.get(caseId);
    return c && clone(c);
  }

  async putTimeline(caseId: string, key: string, entry: TimelineEntry): Promise<void> {
    let t = this.timelines.get(caseId);
    if (!t) this.timelines.set(caseId, (t = new Map()));
    t.set(key, clone(entry));
  }

  async putTimelineOnce(caseId: string, key: string, entry: TimelineEntry): Promise<boolean> {
    if (this.timelines.get(caseId)?.has(key)) return false;
    await this.putTimeline(caseId, key, entry);
    return true;
  }

  /** EscalationTable.mutateCase without the race: read, decide, write with a bumped version. */
  private mutateCase(caseId: string, decide: (c: StoredCase) => CaseChange | undefined): { before?: StoredCase; written: boolean } {
    const c = this.cases.get(caseId);
    if (!c) return { written: false };
    const before = clone(c);
    const change = decide(clone(c));
    if (!change) return { before, written: false };
    this.cases.set(caseId, { ...c, ...clone(change), updatedAt: this.clock().toISOString(), version: c.version + 1 });
    return { before, written: true };
  }

  async markPaging(caseId: string, escalationId: string, tier: number, round: number, at: string) {
    let ack: AckInfo | undefined;
    const { before, written } = this.mutateCase(caseId, (c) => {
      if (c.status === 'resolved' || currentEscalationId(c) !== escalationId) return undefined;
      if (c.escalation?.state === 'acknowledged') {
        ack = { by: c.escalation.acknowledgedBy ?? 'someone', at: c.escalation.acknowledgedAt ?? at };
        return undefined;
      }
      return { escalation: markedPaging(c, escalationId, tier, round, at) };
    });
    if (written) return { paging: true as const, case: clone(this.cases.get(caseId)!) };
    return before ? { paging: false as const, ...(ack ? { ack } : {}) } : { paging: false as const };
  }

  async markExhausted(caseId: string, escalationId: string, at: string): Promise<'now' | 'already' | 'no'> {
    const { before, written } = this.mutateCase(caseId, (c) =>
      c.escalation?.state === 'paging' && currentEscalationId(c) === escalationId ? { escalation: { ...c.escalation, state: 'exhausted', exhaustedAt: at } } : undefined,
    );
    if (written) return 'now';
    return before?.escalation?.state === 'exhausted' && currentEscalationId(before) === escalationId ? 'already' : 'no';
  }

  async acknowledge(caseId: string, by: string, at: string, escalationId?: string) {
    let earlier: AckInfo | undefined;
    let stale = false;
    const { before, written } = this.mutateCase(caseId, (c) => {
      if (escalationId !== undefined && currentEscalationId(c) !== escalationId) {
        stale = true;
        return undefined;
      }
      if (c.escalation?.state === 'acknowledged') {
        earlier = { by: c.escalation.acknowledgedBy ?? 'someone', at: c.escalation.acknowledgedAt ?? at };
        return undefined;
      }
      return {
        escalation: { tier: 1, ...c.escalation, state: 'acknowledged', acknowledgedBy: by, acknowledgedAt: at },
        ...(c.status === 'open' ? { status: 'acknowledged' as const } : {}),
      };
    });
    if (written) return { acknowledged: 'now' as const, ack: { by, at } };
    if (!before) throw new Error(`case ${caseId} does not exist`);
    if (stale) return { acknowledged: 'stale' as const };
    return { acknowledged: 'before' as const, ack: earlier ?? { by, at } };
  }

  async claimPage(caseId: string, key: string, at: string): Promise<PageClaim> {
    return this.claims.claim(`${caseId}|${key}`, at);
  }

  async markPageSent(caseId: string, key: string): Promise<void> {
    this.claims.markSent(`${caseId}|${key}`);
  }

  async releasePage(caseId: string, key: string): Promise<void> {
    this.claims.delete(`${caseId}|${key}`);
  }

  /**
   * attribute_not_exists(pk) OR caseId = :case OR ((attribute_not_exists(lastOfferAt) OR lastOfferAt < :windowStart)
   * AND (attribute_not_exists(declinedUntil) OR declinedUntil < :now))
   */
  async claimOfferSlot(customer: CustomerRef, caseId: string, now: string, windowStart: string) {
    const key = customerKey(customer);
    const slot = this.slots.get(key);
    const ok =
      !slot ||
      slot.caseId === caseId ||
      ((slot.lastOfferAt === undefined || slot.lastOfferAt < windowStart) && (slot.declinedUntil === undefined || slot.declinedUntil < now));
    if (ok) {
      this.slots.set(key, { ...slot, lastOfferAt: now, caseId });
      return { claimed: true as const };
    }
    return {
      claimed: false as const,
      ...(slot?.lastOfferAt !== undefined ? { lastOfferAt: slot.lastOfferAt } : {}),
      ...(slot?.declinedUntil !== undefined ? { declinedUntil: slot.declinedUntil } : {}),
    };
  }

  async releaseOfferSlot(customer: CustomerRef, caseId: string): Promise<void> {
    const key = customerKey(customer);
    const slot = this.slots.get(key);
    if (slot?.caseId !== caseId) return;
    const { lastOfferAt: _l, caseId: _c, ...rest } = slot;
    this.slots.set(key, rest as typeof slot);
  }

  /** attribute_not_exists(pk) OR caseId = :case OR attribute_not_exists(lastOfferAt) OR lastOfferAt < :windowStart */
  async claimRecipientSlot(recipient: string, caseId: string, now: string, windowStart: string) {
    const slot = this.recipientSlots.get(recipient);
    if (!slot || slot.caseId === caseId || slot.lastOfferAt === undefined || slot.lastOfferAt < windowStart) {
      this.recipientSlots.set(recipient, { lastOfferAt: now, caseId });
      return { claimed: true as const };
    }
    return { claimed: false as const, lastOfferAt: slot.lastOfferAt };
  }

  async releaseRecipientSlot(recipient: string, caseId: string): Promise<void> {
    if (this.recipientSlots.get(recipient)?.caseId === caseId) this.recipientSlots.set(recipient, {});
  }

  /** ADD offers :one, if attribute_not_exists(offers) OR offers < :cap */
  async countDailyOffer(day: string, cap: number): Promise<boolean> {
    const n = this.dailyOffers.get(day) ?? 0;
    if (n >= cap) return false;
    this.dailyOffers.set(day, n + 1);
    return true;
  }

  async recordOfferSent(caseId: string, at: string): Promise<void> {
    this.mutateCase(caseId, (c) => (c.offer ? undefined : { offer: { state: 'sent', sentAt: at } }));
  }

  async recordOfferFailed(caseId: string, at: string): Promise<boolean> {
    return this.mutateCase(caseId, (c) => (c.offer ? undefined : { offer: { state: 'failed', failedAt: at } })).written;
  }

  async recordOfferChoice(caseId: string, channel: OfferChannel, at: string): Promise<boolean> {
    return this.mutateCase(caseId, (c) => (c.offer?.state === 'sent' ? { offer: { ...c.offer, state: channel === 'none' ? 'none' : 'chosen', channel, chosenAt: at } } : undefined)).written;
  }

  async recordCustomerChoice(
    customer: CustomerRef,
    choice: { caseId: string; channel: OfferChannel; phone?: string; time?: string; at: string; declinedUntil?: string },
  ): Promise<void> {
    const { declinedUntil, ...lastChoice } = choice;
    const key = customerKey(customer);
    this.slots.set(key, { ...this.slots.get(key), lastChoice: clone(lastChoice), ...(declinedUntil ? { declinedUntil } : {}) });
  }

  async learnedEmail(customer: CustomerRef): Promise<string | undefined> {
    return this.learned.get(customerKey(customer));
  }
}

// ─── Link codes ─────────────────────────────────────────────────────────────────────────────────────────────────

/** LinkCodesTable's semantics, in memory: keyed by hash, put never overwrites, one conditional redeem. */
export class FakeLinkCodeStore implements LinkCodeStore {
  readonly records = new Map<string, LinkRecord>();
  /** How many of the next puts fail, as a throttled DynamoDB write does once the SDK's retries are spent. */
  failNextPuts = 0;

  async put(hash: string, record: LinkRecord): Promise<void> {
    if (this.failNextPuts > 0) {
      this.failNextPuts -= 1;
      throw Object.assign(new Error('Rate of requests exceeds the allowed throughput.'), { name: 'ProvisionedThroughputExceededException' });
    }
    const expires = Date.parse(record.expiresAt);
    if (!Number.isFinite(expires)) throw new RangeError(`expiresAt is not a date: ${record.expiresAt}`);
    if (this.records.has(hash)) throw new Error('a link code with this hash already exists');
    this.records.set(hash, clone({ ...record, expiresAt: new Date(expires).toISOString() }));
  }

  async get(hash: string): Promise<LinkRecord | undefined> {
    const r = this.records.get(hash);
    return r && clone(r);
  }

  async redeem(hash: string, at: string, by: string): Promise<RedeemOutcome> {
    const atIso = new Date(at).toISOString();
    const r = this.records.get(hash);
    // attribute_exists(pk) AND attribute_not_exists(usedAt) AND expiresAtIso > :at
    if (r && r.usedAt === undefined && r.expiresAt > atIso) {
      r.usedAt = atIso;
      r.usedBy = by;
      return 'redeemed';
    }
    const status = linkStatus(r && clone(r), new Date(atIso));
    return status === 'valid' ? 'unknown' : status;
  }

  all(): LinkRecord[] {
    return [...this.records.values()].map(clone);
  }

  snapshot(): unknown {
    return clone([...this.records.entries()]);
  }
}

// ─── Senders, metrics, clock ────────────────────────────────────────────────────────────────────────────────────

export class RecordingSms implements SmsSender {
  readonly sent: { to: string; body: string }[] = [];
  readonly attempts: { to: string; body: string }[] = [];
  /** Numbers whose sends fail (until removed). */
  readonly failFor = new Set<string>();

  async send(to: string, body: string): Promise<void> {
    this.attempts.push({ to, body });
    if (this.failFor.has(to)) throw new Error(`SMS to ${to} failed`);
    this.sent.push({ to, body });
  }

  to(number: string) {
    return this.sent.filter((s) => s.to === number);
  }
}

export class RecordingEmail implements EmailSender {
  readonly sent: { to: string[]; content: EmailContent }[] = [];
  readonly attempts: { to: string[]; content: EmailContent }[] = [];
  /** Addresses whose sends fail (until removed). */
  readonly failFor = new Set<string>();

  async send(to: string[], content: EmailContent): Promise<void> {
    this.attempts.push({ to: [...to], content });
    if (to.some((t) => this.failFor.has(t))) throw new Error(`email to ${to.join(', ')} failed`);
    this.sent.push({ to: [...to], content });
  }

  to(address: string) {
    return this.sent.filter((s) => s.to.includes(address));
  }
}

export class RecordingMetrics implements Metrics {
  readonly records: { name: string; value: number; unit?: 'Count' | 'Milliseconds'; dimensions?: Record<string, string> }[] = [];

  record(name: string, value: number, unit?: 'Count' | 'Milliseconds', dimensions?: Record<string, string>): void {
    this.records.push({ name, value, ...(unit ? { unit } : {}), ...(dimensions ? { dimensions } : {}) });
  }

  named(name: string) {
    return this.records.filter((r) => r.name === name);
  }
}

export class Clock {
  private t: number;
  constructor(start: string | number = '2026-03-10T10:02:00.000Z') {
    this.t = typeof start === 'number' ? start : Date.parse(start);
  }
  now = (): Date => new Date(this.t);
  advance(ms: number): Date {
    this.t += ms;
    return this.now();
  }
  set(iso: string): void {
    this.t = Date.parse(iso);
  }
}

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const DAY = 86_400_000;

// ─── Policy, directory, ports ───────────────────────────────────────────────────────────────────────────────────

export const PRIYA = { name: 'Priya Shah', phone: '+447700900101', email: 'priya@example.com' };
export const SAM = { name: 'Sam Lee', phone: '+447700900102', email: 'sam@example.com' };
export const ALEX = { name: 'Alex Morgan', phone: '+447700900201', email: 'alex@example.com' };

/** Two tiers (two contacts, then one), repeated twice, paging at any time. */
export function testPolicy(over: Record<string, unknown> = {}): OncallPolicy {
  return parsePolicy(
    {
      timezone: 'Europe/London',
      repeat: 2,
      tiers: [
        { name: 'Duty lead', ackTimeoutSeconds: 90, contacts: [PRIYA, SAM] },
        { name: 'Care manager', ackTimeoutSeconds: 300, contacts: [ALEX] },
      ],
      ...over,
    },
    { minAckTimeoutSeconds: 1 },
  );
}

export class FakeDirectory {
  readonly entries = new Map<string, CustomerEntry>();
  add(entry: CustomerEntry): void {
    this.entries.set(`${entry.platform}\u0000${entry.authorId}`, clone(entry));
  }
  get = async (platform: string, authorId: string): Promise<CustomerEntry | undefined> => {
    const e = this.entries.get(`${platform}\u0000${authorId}`);
    return e && clone(e);
  };
}

export const BASE_URL = 'https://care.example.com';

export interface World {
  ports: EscalationPorts;
  store: FakeEscalationStore;
  links: FakeLinkCodeStore;
  sms: RecordingSms;
  email: RecordingEmail;
  metrics: RecordingMetrics;
  clock: Clock;
  directory: FakeDirectory;
  /** Replace to change the policy the ports return. */
  policy: OncallPolicy;
}

export function world(opts: { policy?: OncallPolicy; settings?: Partial<EscalationSettings>; start?: string } = {}): World {
  const clock = new Clock(opts.start);
  const store = new FakeEscalationStore(clock.now);
  const links = new FakeLinkCodeStore();
  const sms = new RecordingSms();
  const email = new RecordingEmail();
  const metrics = new RecordingMetrics();
  const directory = new FakeDirectory();
  const w: World = {
    store,
    links,
    sms,
    email,
    metrics,
    clock,
    directory,
    policy: opts.policy ?? testPolicy(),
    ports: undefined as unknown as EscalationPorts,
  };
  w.ports = {
    store,
    policy: async () => w.policy,
    customers: { get: directory.get },
    links,
    sms,
    email,
    metrics,
    settings: { ...DEFAULT_ESCALATION_SETTINGS, publicBaseUrl: BASE_URL, businessName: 'Acme Support', ...opts.settings },
    now: clock.now,
  };
  return w;
}

/** The link codes in messages, in order: `/ack/<code>` or `/offer/<code>` under the base URL. */
export function codesIn(text: string, kind: 'ack' | 'offer'): string[] {
  const re = new RegExp(`${BASE_URL.replace(/[.]/g, '\\.')}/${kind}/([A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])`, 'g');
  return [...text.matchAll(re)].map((m) => m[1]!);
}

/** What a page is built from for `brief`: tier 1 of 3 ("Customer care lead"), round 1, Priya, London time. */
export function pageContext(brief: CaseBrief, over: Partial<PageContext> = {}): PageContext {
  return {
    brief,
    ackUrl: 'https://care.example.com/ack/AbCdEf123',
    contactName: 'Priya Shah',
    tier: 1,
    tierName: 'Customer care lead',
    tierCount: 3,
    round: 1,
    ackWithinMinutes: 15,
    timezone: 'Europe/London',
    ...over,
  };
}
