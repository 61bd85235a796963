import type { Classification } from '../../../schemas/classification';
import type { TimelineEntry } from '../../../schemas/case';
import type { SocialEvent } from '../../../schemas/social-event';
import {
  type CaseSettings,
  caseIdFor,
  contactEmailOf,
  escalationReason,
  escalationToStart,
  foldPost,
  newCase,
  NO_CONTACT_TIMELINE_KEY,
  noContactEntry,
  type PostFold,
  postEntry,
  type StoredCase,
  withFold,
} from './rules';
import { foldRevision, revisionEntry, revisionTarget } from './revisions';
import { type CustomerIdentities, fileUnderCanonicalId, recordCustomerChange } from './identities';
import { LOCK_ATTEMPTS, tooManyConcurrentUpdates, waitBeforeRetry } from './lock-retry';
import type { Metrics } from '../escalation/ports';
import { recordFirstResponseTime, type SlaWatchPorts, watchCase } from '../sla/watch';

/**
 * Turns one classified event into case state, exactly once, with conditional writes only (no transactions):
 *
 * 1. claim the event id (conditional put, state `pending`); an id already `done` is a duplicate and stops here;
 * 2. find the conversation's open case, or claim the conversation for a new one (conditional put: of two posts
 *    racing, one opens the case and the other joins it); a resolved case takes no posts: the next one opens a new case;
 * 3. create the case (conditional: a post that just claimed the conversation tries at once, without reading it), or
 *    fold the event into it: one UpdateItem of the attributes the post changes, under the optimistic lock on
 *    `version`, retried after a jittered, growing wait when the race is lost;
 * 4. write the timeline entry under a key derived from the event, start the escalation flow under a name derived from
 *    the case and the post (rules.ts escalationToStart: a critical post's own escalation, `<case>-critical` for the
 *    first post and `<case>-critical-<hash of the event id>` for a later one; or the offer, `<case>-<category>`, when
 *    an address is known to send it to),
 *    count a negative post towards a crisis alert, and mark the event `done`. (A running first-response clock needs
 *    no start: the case carries its next check, which the SLA sweep runs: ../sla/sweep.ts.)
 *
 * Every step after the claim is idempotent, so a crash anywhere leaves the event `pending` and the redelivery finishes
 * the job without doubling anything.
 *
 * How a redelivery knows its post is already in the case, without the case listing its posts: the case names the
 * post folded last (`lastEventId`), and whoever folds the next post over it first records the case on that post's
 * claim (`recordEventCase`) unless the claim is already done. So when a post is not the case's last, its claim says
 * whether it was folded: read the case first, then the claim (consistently), and one of the two tells.
 */

export type ClaimState = 'new' | 'pending' | 'done';

export interface CasesStore {
  claimEvent(eventId: string, at: string, expiresAtEpoch: number): Promise<ClaimState>;
  /** Marks the event done, naming its case and (for a post) its author, whom an edit or deletion must be by. */
  markEventDone(eventId: string, caseId: string | undefined, authorId?: string): Promise<void>;
  /** What a done event's claim records: its case and author (absent for events done before authors were kept). */
  eventRecord(eventId: string): Promise<{ caseId?: string; authorId?: string }>;
  openCaseOf(conversationId: string): Promise<string | undefined>;
  /**
   * Claims the conversation for `caseId` (free when never claimed or released); returns the case id that holds it
   * (ours or the winner's).
   */
  claimConversation(conversationId: string, caseId: string): Promise<string>;
  /** Gives the conversation back (its case was resolved), if `caseId` still holds it. */
  releaseConversation(conversationId: string, caseId: string): Promise<void>;
  getCase(caseId: string): Promise<StoredCase | undefined>;
  /** Conditional create; false when the case already exists. */
  createCase(c: StoredCase): Promise<boolean>;
  /**
   * Folds a post into the case as it was read (`c`): writes only `fold`'s attributes, with version `c.version` + 1,
   * if the stored version is still `c.version`; false when another write came first.
   */
  foldIntoCase(c: StoredCase, fold: PostFold): Promise<boolean>;
  /** The case an event's claim names (set once the event is folded and superseded, or done); a consistent read. */
  caseOfEvent(eventId: string): Promise<string | undefined>;
  /** Records on the event's claim, unless it is done (or gone), that the event is in `caseId`. */
  recordEventCase(eventId: string, caseId: string): Promise<void>;
  /** Idempotent by `key`. */
  putTimeline(caseId: string, key: string, entry: TimelineEntry): Promise<void>;
  /** Records the business's first reply; later replies leave firstResponseAt alone. */
  recordFirstResponse(caseId: string, at: string): Promise<void>;
  putRawText(eventId: string, caseId: string, text: string, expiresAtEpoch: number): Promise<void>;
  /** Deletes a post's unredacted text, if any is kept (the customer deleted the post). */
  forgetRawText(eventId: string): Promise<void>;
  /** Whether an offer could reach the customer: an email address in the customer directory, or one they gave. */
  knowsEmailOf(customer: { platform: string; authorId: string }): Promise<boolean>;
  /** Keeps an email address the author gave (in a DM, or vouched for by the source) for the customer offer. */
  rememberEmail(customer: { platform: string; authorId: string }, email: string, source: 'dm' | 'source', at: string): Promise<void>;
}

export interface EscalationStarter {
  /**
   * Starts the flow under `name` (which its steps know as `escalationId`); resolves 'already' if an execution of
   * that name exists (one still running with the same input answers 'started', as Step Functions does).
   */
  start(name: string, input: { caseId: string; reason: string; escalationId: string }): Promise<'started' | 'already'>;
}

export interface ProcessPorts {
  store: CasesStore;
  escalation: EscalationStarter;
  settings: CaseSettings;
  now(): Date;
  /** The crisis counters and alerts (../sla/watch.ts); absent: no crisis counting. */
  slaWatch?: SlaWatchPorts;
  /** For FirstResponseTime, when an echo gives a case its first response; absent: no metric. */
  metrics?: Metrics;
  /** Links a customer's ids (WhatsApp number, business-scoped ids); absent: every id is its own customer. */
  identities?: CustomerIdentities;
}

export type ProcessOutcome =
  | { result: 'duplicate'; eventId: string }
  | { result: 'echo'; eventId: string; caseId?: string }
  /** A deletion of a post this system never saw (or no longer remembers): nothing to change. */
  | { result: 'revision-of-unknown'; eventId: string }
  | { result: 'customer-change'; eventId: string; caseId?: string }
  | { result: 'created' | 'joined' | 'revised'; eventId: string; caseId: string; escalation?: string };

const DAY_SECONDS = 86_400;

export async function processClassifiedEvent(received: SocialEvent, c: Classification, ports: ProcessPorts): Promise<ProcessOutcome> {
  const { store, settings } = ports;
  const now = ports.now();
  const nowIso = now.toISOString();
  const epoch = Math.floor(now.getTime() / 1000);

  const claim = await store.claimEvent(received.id, nowIso, epoch + settings.eventMemoryDays * DAY_SECONDS);
  if (claim === 'done') return { result: 'duplicate', eventId: received.id };

  // The customer under the id they were first known by (WhatsApp number, business-scoped id, a changed number).
  const event = ports.identities ? await fileUnderCanonicalId(received, ports.identities, nowIso) : received;

  if (event.customerChange) return recordChange(event, ports, nowIso);

  // An edit or deletion belongs to the case of the post it changes (revisions.ts revisionTarget); a deletion of a post
  // never seen opens nothing and keeps that post from opening anything should it arrive late; an edit of one is the
  // customer's words all the same and goes on as a post. The business's own are not news.
  let revised: string | undefined;
  // The revised post's case as just read: the fold below starts from it instead of reading it again.
  let revisedCase: StoredCase | undefined;
  if (event.revision && !event.isEcho) {
    const original = await store.eventRecord(event.revision.of);
    const target = original.caseId ? await store.getCase(original.caseId) : undefined;
    revised = revisionTarget(event, original.authorId, target);
    if (revised !== undefined) revisedCase = target;
    if (revised === undefined && event.revision.action === 'deleted') {
      // A tombstone: the deleted post, delivered after its deletion, is then taken for a redelivery and dropped.
      if (!original.caseId && (await store.claimEvent(event.revision.of, nowIso, epoch + settings.eventMemoryDays * DAY_SECONDS)) === 'new') {
        await store.markEventDone(event.revision.of, undefined, event.author.id);
      }
      await store.markEventDone(event.id, undefined);
      return { result: 'revision-of-unknown', eventId: event.id };
    }
  }

  if (event.isEcho && event.revision) {
    await store.markEventDone(event.id, undefined);
    return { result: 'echo', eventId: event.id };
  }

  if (event.isEcho) {
    const caseId = await store.openCaseOf(event.conversationId);
    if (caseId) {
      const before = ports.metrics ? await store.getCase(caseId) : undefined;
      await store.recordFirstResponse(caseId, event.createdAt);
      if (ports.metrics && before && !before.firstResponseAt) recordFirstResponseTime(ports.metrics, before, event.createdAt);
      await store.putTimeline(caseId, `${event.receivedAt}#reply#${event.id}`, {
        at: event.receivedAt,
        type: 'business-replied',
        detail: `the business replied on ${event.platform}`,
        data: { eventId: event.id, text: c.redactedText },
      });
    }
    await store.markEventDone(event.id, caseId);
    return { result: 'echo', eventId: event.id, ...(caseId ? { caseId } : {}) };
  }

  const candidate = caseIdFor(event.id);
  // Whether this post just claimed the conversation for a case of its own, which then cannot exist yet but for a
  // redelivery of this very post: the conditional create tells, without reading the case first.
  let claimedAfresh = false;
  const openOrClaim = async () => {
    const open = await store.openCaseOf(event.conversationId);
    if (open) return open;
    const holder = await store.claimConversation(event.conversationId, candidate);
    claimedAfresh = holder === candidate;
    return holder;
  };
  let caseId = revised ?? (await openOrClaim());

  let stored: StoredCase | undefined;
  // The case as it was before this post, when the post changed it (undefined for a new case or a redelivery).
  let before: StoredCase | undefined;
  let joined = false;
  let lostRaces = 0;
  for (let attempt = 0; ; attempt++) {
    if (attempt >= LOCK_ATTEMPTS) throw tooManyConcurrentUpdates(caseId);
    const existing = attempt === 0 && revisedCase ? revisedCase : attempt === 0 && claimedAfresh ? undefined : await store.getCase(caseId);
    if (!existing) {
      const created = newCase(caseId, event, c, settings, nowIso);
      if (await store.createCase(created)) {
        stored = created;
        break;
      }
      continue; // someone created it meanwhile: fold into theirs
    }
    const previous = existing.lastEventId;
    // A redelivery (after a crash between the case write and `done`, or a duplicate message running alongside): the
    // post is the case's last, or its claim, read after the case, names the case. Checked whatever the claim said: a
    // duplicate that claimed second may have folded the post before this one got here.
    const [holder] = await Promise.all([
      previous === event.id ? caseId : store.caseOfEvent(event.id),
      // The post about to be superseded as the case's last: its claim must say where it is before it stops being last.
      previous === event.id ? undefined : store.recordEventCase(previous, caseId),
    ]);
    if (holder !== undefined) {
      stored = holder === caseId ? existing : await store.getCase(holder);
      if (holder !== caseId) caseId = holder;
      if (!stored) throw new Error(`event ${event.id}: its case ${holder} is missing`);
      joined = stored.firstEventId !== event.id;
      break;
    }
    if (existing.status === 'resolved' && revised === undefined) {
      // A resolved case takes no new posts. Its resolve gives the conversation back; this post read the pointer just
      // before that, or the resolve stopped between its two writes: finish the release and open a new case.
      await store.releaseConversation(event.conversationId, caseId);
      caseId = await openOrClaim();
      continue;
    }
    const fold = revised !== undefined ? foldRevision(existing, event, c, settings, nowIso) : foldPost(existing, event, c, settings, nowIso);
    if (await store.foldIntoCase(existing, fold)) {
      before = existing;
      stored = withFold(existing, fold);
      joined = true;
      break;
    }
    await waitBeforeRetry(lostRaces++);
  }

  await store.putTimeline(caseId, `${event.receivedAt}#post#${event.id}`, revised !== undefined ? revisionEntry(event, c) : postEntry(event, c, joined));
  if (event.revision?.action === 'deleted') {
    // The customer took the post back: its unredacted text goes too, and nothing more is started for it.
    await store.forgetRawText(event.revision.of);
    await store.markEventDone(event.id, caseId);
    return { result: 'revised', eventId: event.id, caseId };
  }
  if (settings.rawTextRetentionDays > 0) {
    await store.putRawText(event.id, caseId, event.text, epoch + settings.rawTextRetentionDays * DAY_SECONDS);
  }

  // Before the flow starts, so its offer step can use an address given in this very message.
  const learned = contactEmailOf(event);
  if (learned) await store.rememberEmail({ platform: event.platform, authorId: event.author.id }, learned.email, learned.source, nowIso);

  const next = escalationToStart(stored, event.id, c);
  let start = next.start;
  // An offer's escalation (a complaint or threat that pages nobody) only emails the customer: when no address is known
  // for them, the flow would only find that out — an execution and two steps, most of a complaint's cost in a surge.
  // The case says so instead, once: when it first has the reason (a later post's author gives no new address).
  if (start && start.reason !== 'critical') {
    const customer = { platform: stored.platform, authorId: stored.author.id };
    const givenNow = learned !== undefined && event.platform === customer.platform && event.author.id === customer.authorId;
    if (!givenNow && !(await store.knowsEmailOf(customer))) {
      if (!before || escalationReason(before) !== start.reason) await store.putTimeline(caseId, NO_CONTACT_TIMELINE_KEY, noContactEntry(nowIso));
      start = undefined;
    }
  }
  let escalation: string | undefined;
  if (start) {
    const { name, reason } = start;
    escalation = name;
    const started = await ports.escalation.start(name, { caseId, reason, escalationId: name });
    if (started === 'started') {
      const later = reason === 'critical' && stored.escalation?.eventId === event.id;
      await store.putTimeline(caseId, `${event.receivedAt}#escalation#${name}`, {
        at: nowIso,
        type: 'escalation-started',
        detail:
          reason !== 'critical'
            ? `escalation flow started: ${reason} (customer offer)`
            : later
              ? `escalation flow started: a new critical post (${escalationBefore(stored)})`
              : 'escalation flow started: critical case',
        data: { execution: name, reason, ...(later ? { eventId: event.id } : {}) },
      });
    }
  } else if (next.covered) {
    await store.putTimeline(caseId, `${event.receivedAt}#escalation-covered#${event.id}`, {
      at: nowIso,
      type: 'escalation-covered',
      detail: 'a new critical post joined the escalation that is paging now: its next page quotes it',
      data: { execution: next.covered, eventId: event.id },
    });
  }
  // The crisis count of a negative post.
  if (ports.slaWatch) await watchCase(stored, event, c, now, ports.slaWatch);
  await store.markEventDone(event.id, caseId, event.revision ? undefined : event.author.id);
  const result = revised !== undefined ? 'revised' : joined ? 'joined' : 'created';
  return { result, eventId: event.id, caseId, ...(escalation ? { escalation } : {}) };
}

/**
 * A notice that the customer's ids changed: linked on the customer (identities.ts) and, when they have a case open,
 * noted on its timeline for the agent. Never a case of its own.
 */
async function recordChange(event: SocialEvent, ports: ProcessPorts, nowIso: string): Promise<ProcessOutcome> {
  const { store } = ports;
  if (ports.identities) {
    const hasConversation = async (id: string) => (await store.openCaseOf(`${event.platform}:dm:${id}`)) !== undefined;
    await recordCustomerChange(event, ports.identities, nowIso, hasConversation);
  }
  const caseId = await store.openCaseOf(event.conversationId);
  if (caseId) {
    await store.putTimeline(caseId, `${event.receivedAt}#customer#${event.id}`, {
      at: event.receivedAt,
      type: 'customer-changed',
      detail: `the customer's ${event.platform} account changed (${event.customerChange!.type}): later messages from the new one join this case`,
      data: { eventId: event.id, change: event.customerChange!.type },
    });
  }
  await store.markEventDone(event.id, caseId);
  return { result: 'customer-change', eventId: event.id, ...(caseId ? { caseId } : {}) };
}

/** How the case's escalation before this post's ended, for the timeline. */
function escalationBefore(c: StoredCase): string {
  const f = c.escalation?.follows;
  if (f?.state === 'acknowledged') return `the earlier escalation was acknowledged${f.by ? ` by ${f.by}` : ''}; this one needs its own acknowledgement`;
  if (f?.state === 'exhausted') return 'the earlier escalation ended with nobody acknowledging';
  return 'the case was not critical before, or nobody was paging for it';
}
