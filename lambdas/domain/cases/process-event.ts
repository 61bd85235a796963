import type { Classification } from '../../../schemas/classification';
import type { TimelineEntry } from '../../../schemas/case';
import type { SocialEvent } from '../../../schemas/social-event';
import {
  type CaseSettings,
  caseIdFor,
  contactEmailOf,
  escalationReason,
  executionName,
  mergeIntoCase,
  newCase,
  postEntry,
  type StoredCase,
} from './rules';
import type { Metrics } from '../escalation/ports';
import { recordFirstResponseTime, type SlaWatchPorts, watchCase } from '../sla/watch';

/**
 * Turns one classified event into case state, exactly once, with conditional writes only (no transactions):
 *
 * 1. claim the event id (conditional put, state `pending`); an id already `done` is a duplicate and stops here;
 * 2. find the conversation's open case, or claim the conversation for a new one (conditional put: of two posts
 *    racing, one opens the case and the other joins it); a resolved case takes no posts: the next one opens a new case;
 * 3. create the case (conditional), or fold the event into it (optimistic lock on `version`, and the case's own
 *    `eventIds` as a second guard), retrying on a lost race;
 * 4. write the timeline entry under a key derived from the event, start the escalation flow under a name derived from
 *    the case and reason, start the case's SLA watch (`<case id>-sla`), count a negative post towards a crisis alert,
 *    and mark the event `done`.
 *
 * Every step after the claim is idempotent, so a crash anywhere leaves the event `pending` and the redelivery finishes
 * the job without doubling anything.
 */

export type ClaimState = 'new' | 'pending' | 'done';

export interface CasesStore {
  claimEvent(eventId: string, at: string, expiresAtEpoch: number): Promise<ClaimState>;
  markEventDone(eventId: string, caseId: string | undefined): Promise<void>;
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
  /** Conditional replace: only if the stored version is `expectedVersion`; false otherwise. */
  replaceCase(c: StoredCase, expectedVersion: number): Promise<boolean>;
  /** Idempotent by `key`. */
  putTimeline(caseId: string, key: string, entry: TimelineEntry): Promise<void>;
  /** Records the business's first reply; later replies leave firstResponseAt alone. */
  recordFirstResponse(caseId: string, at: string): Promise<void>;
  putRawText(eventId: string, caseId: string, text: string, expiresAtEpoch: number): Promise<void>;
  /** Keeps an email address the author gave (in a DM, or vouched for by the source) for the customer offer. */
  rememberEmail(customer: { platform: string; authorId: string }, email: string, source: 'dm' | 'source', at: string): Promise<void>;
}

export interface EscalationStarter {
  /** Starts the flow under `name`; resolves 'already' if an execution of that name exists. */
  start(name: string, input: { caseId: string; reason: string }): Promise<'started' | 'already'>;
}

export interface ProcessPorts {
  store: CasesStore;
  escalation: EscalationStarter;
  settings: CaseSettings;
  now(): Date;
  /** The SLA watch (one per case with a due time) and the crisis counters (../sla/watch.ts); absent: neither. */
  slaWatch?: SlaWatchPorts;
  /** For FirstResponseTime, when an echo gives a case its first response; absent: no metric. */
  metrics?: Metrics;
}

export type ProcessOutcome =
  | { result: 'duplicate'; eventId: string }
  | { result: 'echo'; eventId: string; caseId?: string }
  | { result: 'created' | 'joined'; eventId: string; caseId: string; escalation?: string };

const MAX_LOCK_RETRIES = 8;
const DAY_SECONDS = 86_400;

export async function processClassifiedEvent(event: SocialEvent, c: Classification, ports: ProcessPorts): Promise<ProcessOutcome> {
  const { store, settings } = ports;
  const now = ports.now();
  const nowIso = now.toISOString();
  const epoch = Math.floor(now.getTime() / 1000);

  const claim = await store.claimEvent(event.id, nowIso, epoch + settings.eventMemoryDays * DAY_SECONDS);
  if (claim === 'done') return { result: 'duplicate', eventId: event.id };

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
  const openOrClaim = async () => (await store.openCaseOf(event.conversationId)) ?? (await store.claimConversation(event.conversationId, candidate));
  let caseId = await openOrClaim();

  let stored: StoredCase | undefined;
  let joined = false;
  for (let attempt = 0; ; attempt++) {
    if (attempt >= MAX_LOCK_RETRIES) throw new Error(`case ${caseId}: too many concurrent updates`);
    const existing = await store.getCase(caseId);
    if (!existing) {
      const created = newCase(caseId, event, c, settings, nowIso);
      if (await store.createCase(created)) {
        stored = created;
        break;
      }
      continue; // someone created it meanwhile: fold into theirs
    }
    if (existing.eventIds.includes(event.id)) {
      // A retry after the case write but before `done`: the case already has it.
      stored = existing;
      joined = existing.eventIds[0] !== event.id;
      break;
    }
    if (existing.status === 'resolved') {
      // A resolved case takes no new posts. Its resolve gives the conversation back; this post read the pointer just
      // before that, or the resolve stopped between its two writes: finish the release and open a new case.
      await store.releaseConversation(event.conversationId, caseId);
      caseId = await openOrClaim();
      continue;
    }
    const merged = mergeIntoCase(existing, event, c, settings, nowIso);
    if (await store.replaceCase(merged, existing.version)) {
      stored = merged;
      joined = true;
      break;
    }
  }

  await store.putTimeline(caseId, `${event.receivedAt}#post#${event.id}`, postEntry(event, c, joined));
  if (settings.rawTextRetentionDays > 0) {
    await store.putRawText(event.id, caseId, event.text, epoch + settings.rawTextRetentionDays * DAY_SECONDS);
  }

  // Before the flow starts, so its offer step can use an address given in this very message.
  const learned = contactEmailOf(event);
  if (learned) await store.rememberEmail({ platform: event.platform, authorId: event.author.id }, learned.email, learned.source, nowIso);

  const reason = escalationReason(stored);
  let escalation: string | undefined;
  if (reason) {
    escalation = executionName(caseId, reason);
    const started = await ports.escalation.start(escalation, { caseId, reason });
    if (started === 'started') {
      await store.putTimeline(caseId, `${event.receivedAt}#escalation#${escalation}`, {
        at: nowIso,
        type: 'escalation-started',
        detail: reason === 'critical' ? 'escalation flow started: critical case' : `escalation flow started: ${reason} (customer offer)`,
        data: { execution: escalation, reason },
      });
    }
  }
  // The case's first-response watch, and the crisis count of a negative post.
  if (ports.slaWatch) await watchCase(stored, event, c, now, ports.slaWatch);
  await store.markEventDone(event.id, caseId);
  return { result: joined ? 'joined' : 'created', eventId: event.id, caseId, ...(escalation ? { escalation } : {}) };
}
