import type { Category, Urgency } from '../../../schemas/classification';
import type { Case, TimelineEntry } from '../../../schemas/case';
import type { StaffAction } from '../../../schemas/staff-actions';
import { detectPii, redactPiiExcept } from '../classifier/pii';
import type { Metrics } from '../escalation/ports';
import { recordFirstResponseTime } from '../sla/watch';
import { acknowledgeable, stopsPaging } from './acknowledgeable';
import { acknowledgement, type CaseSettings, type StoredCase, slaDueAt } from './rules';
import { checkNow } from '../sla/checks';

/**
 * What the care team does to a case through the staff API — acknowledge, assign, record a response, resolve,
 * reclassify — as pure rules (which transitions are allowed, what changes, what the timeline says), and the use case
 * that applies one under the case's optimistic lock (`version`, the lock the classifier's read-modify-write and the
 * escalation steps use too). The DynamoDB side is lambdas/adapters/cases-table.ts.
 *
 * Transitions (anything else is a conflict, 409):
 *
 * | action      | open                | acknowledged                           | resolved |
 * |-------------|---------------------|----------------------------------------|----------|
 * | acknowledge | → acknowledged      | only while its escalation still pages  | conflict |
 * | assign      | → acknowledged      | reassign (to somebody else)            | conflict |
 * | responded   | stays               | stays                                  | conflict |
 * | resolve     | → resolved          | → resolved                             | conflict |
 * | reclassify  | stays               | stays                                  | stays (labels may be corrected afterwards) |
 */

/** The signed-in staff member: `id` from the token's `sub`, `name` for people to read (username or email). */
export interface StaffMember {
  id: string;
  name: string;
}

/** Attributes to set and to remove on the case; the adapter adds `version` + 1 and the queue index keys. */
export interface CaseUpdate {
  set: Partial<Omit<StoredCase, 'id' | 'version' | 'firstEventId' | 'lastEventId'>>;
  remove?: (keyof StoredCase)[];
}

export interface LabelChange {
  field: 'category' | 'urgency';
  from: string;
  to: string;
}

export interface StaffActionPlan {
  update: CaseUpdate;
  /** The one timeline entry the action writes (its `at` is the action's time). */
  entry: TimelineEntry;
  /** Resolving gives the conversation back: the next post in it opens a new case. */
  releaseConversation: boolean;
  /** Labels a person overrode (reclassify), one per field: each is counted as a classifier miss. */
  overridden: LabelChange[];
}

export type StaffDecision = { ok: true; plan: StaffActionPlan } | { ok: false; conflict: string };

/**
 * Staff-typed free text (notes, reasons, the channel of a response) is kept with PII redacted, as post text is, by
 * the same detector (every type, also through invisible characters).
 */
export const redactTyped = (text: string) => detectPii(text).redactedText;

/**
 * The assignee, the one other field staff type, goes through the same detector, but keeps an email address: it
 * names a colleague (a staff id, name or work email) and must stay comparable, so a reassignment to the same person
 * is recognised. Anything else personal in it (a card number, bank details, a national id, a phone number, an
 * address pasted into the wrong box) is redacted; the redaction is deterministic, so the same typed assignee still
 * compares equal. Acknowledge takes no text; every action's text goes through one of these two.
 */
export const redactAssignee = (text: string) => redactPiiExcept(text, ['email']);

const conflict = (message: string): StaffDecision => ({ ok: false, conflict: message });

function acknowledge(c: StoredCase, staff: StaffMember, now: string): StaffDecision {
  if (c.status === 'resolved') return conflict('the case is resolved');
  if (!acknowledgeable(c)) return conflict('the case is already acknowledged');
  const stops = stopsPaging(c);
  const set: CaseUpdate['set'] = stops ? acknowledgement(c, staff.name, now) : { ...(c.status === 'open' ? { status: 'acknowledged' as const } : {}) };
  return {
    ok: true,
    plan: {
      update: { set },
      entry: {
        at: now,
        type: 'acknowledged',
        detail: `acknowledged by ${staff.name} in the staff API${stops ? '; no further pages' : ''}`,
        data: { by: staff.id, stoppedPaging: stops, ...(c.escalation ? { escalationWas: c.escalation.state } : {}) },
      },
      releaseConversation: false,
      overridden: [],
    },
  };
}

function assign(c: StoredCase, assignee: string, staff: StaffMember, now: string): StaffDecision {
  if (c.status === 'resolved') return conflict('the case is resolved');
  if (c.assignee === assignee) return conflict(`the case is already assigned to ${assignee}`);
  return {
    ok: true,
    plan: {
      update: {
        set: { assignee, assignedAt: now, assignedBy: staff.name, ...(c.status === 'open' ? { status: 'acknowledged' as const } : {}) },
      },
      entry: {
        at: now,
        type: 'assigned',
        detail: `assigned to ${assignee} by ${staff.name}${c.assignee ? ` (was ${c.assignee})` : ''}`,
        data: { by: staff.id, assignee, ...(c.assignee ? { previous: c.assignee } : {}) },
      },
      releaseConversation: false,
      overridden: [],
    },
  };
}

function responded(c: StoredCase, action: { channel?: string; note?: string }, staff: StaffMember, now: string): StaffDecision {
  if (c.status === 'resolved') return conflict('the case is resolved');
  // "phone 07700 900123" fits the channel's pattern: it is free text as much as the note.
  const channel = action.channel === undefined ? undefined : redactTyped(action.channel);
  const first = c.firstResponseAt === undefined;
  const withinSla = first && c.slaDueAt !== undefined ? Date.parse(now) <= Date.parse(c.slaDueAt) : undefined;
  return {
    ok: true,
    plan: {
      // Only the first response stops the SLA clock; later ones only move respondedAt.
      update: { set: { respondedAt: now, ...(first ? { firstResponseAt: now } : {}) } },
      entry: {
        at: now,
        type: 'responded',
        detail: `${staff.name} recorded a response${channel ? ` by ${channel}` : ''}${first ? `: first response${withinSla === undefined ? '' : withinSla ? ', within the SLA' : ', after the SLA was due'}` : ''}`,
        data: {
          by: staff.id,
          first,
          ...(withinSla !== undefined ? { withinSla } : {}),
          ...(channel ? { channel } : {}),
          ...(action.note ? { note: redactTyped(action.note) } : {}),
        },
      },
      releaseConversation: false,
      overridden: [],
    },
  };
}

function resolve(c: StoredCase, action: { note?: string }, staff: StaffMember, now: string): StaffDecision {
  if (c.status === 'resolved') return conflict('the case is already resolved');
  return {
    ok: true,
    plan: {
      update: { set: { status: 'resolved', resolvedAt: now, resolvedBy: staff.name } },
      entry: {
        at: now,
        type: 'resolved',
        detail: `resolved by ${staff.name}${c.firstResponseAt ? '' : ' without a recorded response'}`,
        data: { by: staff.id, ...(action.note ? { note: redactTyped(action.note) } : {}) },
      },
      releaseConversation: true,
      overridden: [],
    },
  };
}

function reclassify(
  c: StoredCase,
  action: { category?: Category; urgency?: Urgency; reason?: string },
  staff: StaffMember,
  now: string,
  settings: Pick<CaseSettings, 'slaMinutes'>,
): StaffDecision {
  const overridden: LabelChange[] = [];
  if (action.category !== undefined && action.category !== c.category) overridden.push({ field: 'category', from: c.category, to: action.category });
  if (action.urgency !== undefined && action.urgency !== c.urgency) overridden.push({ field: 'urgency', from: c.urgency, to: action.urgency });
  if (overridden.length === 0) return conflict('the case already has these labels');

  const category = action.category ?? c.category;
  const urgency = action.urgency ?? c.urgency;
  const set: CaseUpdate['set'] = {
    category,
    urgency,
    // The classifier's labels, kept once: later overrides never replace them with a person's.
    classifiedAs: c.classifiedAs ?? { category: c.category, urgency: c.urgency },
    overrides: (c.overrides ?? 0) + 1,
  };
  const remove: CaseUpdate['remove'] = [];
  // A new urgency brings its own first-response target, counted from the first post, unless the clock has stopped
  // (a response) or breached (the miss stands, with the due time it was missed against). The SLA sweep then recomputes
  // the clock for the new urgency with business hours, within a minute.
  if (urgency !== c.urgency && c.firstResponseAt === undefined && !c.sla?.breachedAt) {
    const due = slaDueAt(c.receivedAt, urgency, settings);
    if (due) Object.assign(set, { slaDueAt: due, ...checkNow(now) });
    else remove.push('slaDueAt');
  }
  // Raising a case to critical here does not start paging: the escalation flow is started by the classifier only.
  // The person overriding is looking at the case, and the queue puts it first.
  const before = { category: c.category, urgency: c.urgency };
  const after = { category, urgency };
  return {
    ok: true,
    plan: {
      update: { set, ...(remove.length ? { remove } : {}) },
      entry: {
        at: now,
        type: 'reclassified',
        detail: `reclassified by ${staff.name}: ${overridden.map((o) => `${o.field} ${o.from} → ${o.to}`).join(', ')}`,
        data: { by: staff.id, before, after, ...(action.reason ? { reason: redactTyped(action.reason) } : {}) },
      },
      releaseConversation: false,
      overridden,
    },
  };
}

/** The rules: whether `action` may be applied to `c` now, and if so what it changes and records. */
export function decideStaffAction(
  c: StoredCase,
  action: StaffAction,
  staff: StaffMember,
  now: string,
  settings: Pick<CaseSettings, 'slaMinutes'>,
): StaffDecision {
  switch (action.type) {
    case 'acknowledge':
      return acknowledge(c, staff, now);
    case 'assign':
      return assign(c, redactAssignee(action.assignee), staff, now);
    case 'responded':
      return responded(c, action, staff, now);
    case 'resolve':
      return resolve(c, action, staff, now);
    case 'reclassify':
      return reclassify(c, action, staff, now, settings);
  }
}

// ─── The use case ──────────────────────────────────────────────────────────────────────────────────────────────

export interface StaffActionStore {
  /**
   * Reads the case, asks `decide` for an update, writes it (with `version` + 1 and the queue keys) if the version is
   * unchanged, and on a lost race reads again. `decide` returning undefined writes nothing. `after` is the case as
   * written.
   */
  updateCase(caseId: string, decide: (c: StoredCase) => CaseUpdate | undefined): Promise<{ before?: StoredCase; after?: StoredCase; written: boolean }>;
  /** Idempotent by `key`. */
  putTimeline(caseId: string, key: string, entry: TimelineEntry): Promise<void>;
  /** Gives the conversation's open-case pointer back, if `caseId` still holds it. */
  releaseConversation(conversationId: string, caseId: string): Promise<void>;
  /** The case as GET /api/cases/{id} returns it, read after the write. */
  caseWithTimeline(caseId: string, options?: { consistent?: boolean }): Promise<Case | undefined>;
}

export interface StaffActionPorts {
  store: StaffActionStore;
  metrics: Metrics;
  settings: Pick<CaseSettings, 'slaMinutes'>;
  now(): Date;
}

export type StaffActionResult = { status: 200; case: Case } | { status: 404; error: string } | { status: 409; error: string };

/** A person overrode the classifier: counted per field (`field` = category | urgency), so misses show as data. */
export const RECLASSIFIED_METRIC = 'Reclassified';

export async function applyStaffAction(caseId: string, action: StaffAction, staff: StaffMember, ports: StaffActionPorts): Promise<StaffActionResult> {
  const now = ports.now().toISOString();
  let decision: StaffDecision | undefined;
  const { before, after, written } = await ports.store.updateCase(caseId, (c) => {
    decision = decideStaffAction(c, action, staff, now, ports.settings);
    return decision.ok ? { ...decision.plan.update, set: { ...decision.plan.update.set, updatedAt: now } } : undefined;
  });
  if (!before) return { status: 404, error: 'no such case' };
  if (!written || !after || !decision?.ok) {
    // Resolving a resolved case: finish a release an earlier resolve may not have got to (the write is conditional).
    if (action.type === 'resolve' && before.status === 'resolved') await ports.store.releaseConversation(before.conversationId, caseId);
    return { status: 409, error: decision && !decision.ok ? decision.conflict : 'the case changed meanwhile; try again' };
  }
  const { plan } = decision;
  // Keyed by the version the action wrote, so a retried write of this very change overwrites rather than doubles.
  await ports.store.putTimeline(caseId, `${now}#staff#${action.type}#v${after.version}`, plan.entry);
  if (plan.releaseConversation) await ports.store.releaseConversation(after.conversationId, caseId);
  for (const o of plan.overridden) ports.metrics.record(RECLASSIFIED_METRIC, 1, 'Count', { field: o.field });
  // A staff member's response is a first response too: the same metric an echo records.
  if (action.type === 'responded' && before.firstResponseAt === undefined) recordFirstResponseTime(ports.metrics, before, now);
  const updated = await ports.store.caseWithTimeline(caseId, { consistent: true });
  if (!updated) throw new Error(`case ${caseId} vanished after a staff action`);
  return { status: 200, case: updated };
}
