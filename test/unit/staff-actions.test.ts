/**
 * The staff actions' rules (lambdas/domain/cases/staff-actions.ts) and their body schemas (schemas/staff-actions.ts):
 * which transitions are allowed, what each action changes on the case, what its timeline entry says, and the use
 * case applying one under the optimistic lock, against an in-memory store with the adapter's semantics.
 */
import {
  applyStaffAction,
  type CaseUpdate,
  decideStaffAction,
  RECLASSIFIED_METRIC,
  type StaffActionPlan,
  type StaffActionStore,
  type StaffMember,
} from '../../lambdas/domain/cases/staff-actions';
import { DEFAULT_CASE_SETTINGS, type StoredCase } from '../../lambdas/domain/cases/rules';
import type { Case, TimelineEntry } from '../../schemas/case';
import { parseStaffAction, type StaffAction, type StaffActionName } from '../../schemas/staff-actions';
import { storedCase } from './escalation/fakes';

const staff: StaffMember = { id: 'sub-123', name: 'priya' };
const now = '2026-03-10T10:05:00.000Z';
const settings = DEFAULT_CASE_SETTINGS;

function plan(c: StoredCase, action: StaffAction): StaffActionPlan {
  const d = decideStaffAction(c, action, staff, now, settings);
  if (!d.ok) throw new Error(`expected the action to be allowed, got: ${d.conflict}`);
  return d.plan;
}
const conflictOf = (c: StoredCase, action: StaffAction) => {
  const d = decideStaffAction(c, action, staff, now, settings);
  return d.ok ? undefined : d.conflict;
};

describe('acknowledge', () => {
  it('moves an open case to acknowledged and stops a paging escalation, naming who', () => {
    const c = storedCase({ escalation: { state: 'paging', tier: 2, round: 1, pagedAt: '2026-03-10T10:01:00.000Z' } });
    const p = plan(c, { type: 'acknowledge' });
    expect(p.update.set).toEqual({
      status: 'acknowledged',
      escalation: { state: 'acknowledged', tier: 2, round: 1, pagedAt: '2026-03-10T10:01:00.000Z', acknowledgedBy: 'priya', acknowledgedAt: now },
    });
    expect(p.entry).toMatchObject({ at: now, type: 'acknowledged', data: { by: 'sub-123', stoppedPaging: true, escalationWas: 'paging' } });
    expect(p.entry.detail).toBe('acknowledged by priya in the staff API; no further pages');
    expect(p.update.set).not.toHaveProperty('firstResponseAt'); // acknowledging is not a response
    expect(p.releaseConversation).toBe(false);
  });

  it('marks a critical case acknowledged before its flow has paged, so the first NotifyTier sends nothing', () => {
    const p = plan(storedCase({ urgency: 'critical' }), { type: 'acknowledge' });
    expect(p.update.set.escalation).toEqual({ state: 'acknowledged', tier: 0, acknowledgedBy: 'priya', acknowledgedAt: now });
  });

  it('leaves a case without paging without an escalation', () => {
    const p = plan(storedCase({ urgency: 'high', category: 'complaint' }), { type: 'acknowledge' });
    expect(p.update.set).toEqual({ status: 'acknowledged' });
    expect(p.entry.detail).toBe('acknowledged by priya in the staff API');
  });

  it('stops the pages of a case already acknowledged by assignment', () => {
    const c = storedCase({ status: 'acknowledged', escalation: { state: 'paging', tier: 1 } });
    expect(plan(c, { type: 'acknowledge' }).update.set).toEqual({ escalation: expect.objectContaining({ state: 'acknowledged' }) });
  });

  it('refuses a resolved case and one already acknowledged', () => {
    expect(conflictOf(storedCase({ status: 'resolved' }), { type: 'acknowledge' })).toBe('the case is resolved');
    expect(conflictOf(storedCase({ status: 'acknowledged', escalation: { state: 'acknowledged', tier: 1 } }), { type: 'acknowledge' })).toBe('the case is already acknowledged');
    expect(conflictOf(storedCase({ status: 'acknowledged', urgency: 'normal' }), { type: 'acknowledge' })).toBe('the case is already acknowledged');
  });
});

describe('assign', () => {
  it('sets the assignee and takes an open case', () => {
    const p = plan(storedCase({ urgency: 'high' }), { type: 'assign', assignee: 'tom' });
    expect(p.update.set).toEqual({ assignee: 'tom', assignedAt: now, assignedBy: 'priya', status: 'acknowledged' });
    expect(p.entry).toMatchObject({ type: 'assigned', detail: 'assigned to tom by priya', data: { by: 'sub-123', assignee: 'tom' } });
  });

  it('reassigns an acknowledged case without touching its status, and says who had it', () => {
    const p = plan(storedCase({ status: 'acknowledged', assignee: 'tom' }), { type: 'assign', assignee: 'hannah' });
    expect(p.update.set).toEqual({ assignee: 'hannah', assignedAt: now, assignedBy: 'priya' });
    expect(p.entry.detail).toBe('assigned to hannah by priya (was tom)');
  });

  it('refuses a resolved case and the same assignee again', () => {
    expect(conflictOf(storedCase({ status: 'resolved' }), { type: 'assign', assignee: 'tom' })).toBe('the case is resolved');
    expect(conflictOf(storedCase({ assignee: 'tom' }), { type: 'assign', assignee: 'tom' })).toMatch(/already assigned/);
  });
});

describe('responded', () => {
  it('records the first response once (the SLA clock stops) and every later one as respondedAt', () => {
    const first = plan(storedCase({ slaDueAt: '2026-03-10T10:15:00.000Z' }), { type: 'responded', channel: 'x reply' });
    expect(first.update.set).toEqual({ respondedAt: now, firstResponseAt: now });
    expect(first.entry).toMatchObject({ type: 'responded', data: { by: 'sub-123', first: true, withinSla: true, channel: 'x reply' } });
    expect(first.entry.detail).toBe('priya recorded a response by x reply: first response, within the SLA');

    const later = plan(storedCase({ firstResponseAt: '2026-03-10T10:02:00.000Z' }), { type: 'responded' });
    expect(later.update.set).toEqual({ respondedAt: now });
    expect(later.entry.data).toEqual({ by: 'sub-123', first: false });
  });

  it('says when the first response came after the due time', () => {
    const p = plan(storedCase({ slaDueAt: '2026-03-10T10:04:00.000Z' }), { type: 'responded' });
    expect(p.entry.data).toMatchObject({ withinSla: false });
    expect(p.entry.detail).toMatch(/after the SLA was due/);
  });

  it('keeps the note with personal data redacted, and never in the detail', () => {
    const p = plan(storedCase(), { type: 'responded', note: 'called her back on 07700 900123, all sorted' });
    expect(p.entry.data?.['note']).toBe('called her back on [phone], all sorted');
    expect(JSON.stringify(p.entry)).not.toContain('900123');
    expect(p.entry.detail).not.toContain('called');
  });

  it('refuses a resolved case', () => {
    expect(conflictOf(storedCase({ status: 'resolved' }), { type: 'responded' })).toBe('the case is resolved');
  });
});

describe('staff-typed text is redacted with the full PII detector', () => {
  const TYPED: [string, string][] = [
    ['refunded to IBAN GB29 NWBK 6016 1331 9268 19 today', 'refunded to IBAN [bank] today'],
    ['paid to sort code 20-00-00 account 31926819', 'paid to sort code [bank] account [bank]'],
    ['customer read out SSN 512-48-3377 on the call', 'customer read out SSN [national_id] on the call'],
    ['NI number AB 12 34 56 C checked', 'NI number [national_id] checked'],
    ['ref: 4111-1111-1111-1111 refunded', 'ref: [card] refunded'],
    ['card 4111.1111.1111.1111 blocked', 'card [card] blocked'],
    ['mailed jane\u200b.doe@example.com the form', 'mailed [email] the form'],
    ['texted 07700\u00ad900123 and 7 Mill Road, Norwich NR3 4EX', 'texted [phone] and [address]'],
    // what the second outside review typed into a response note
    ['card 4111\t1111\t1111\t1111 iban GB82-WEST-1234-5698-7654-32 ni JG-10-37-42-B', 'card [card] iban [bank] ni [national_id]'],
    ['card 4111\u20091111\u20091111\u20091111, 4111/1111/1111/1111 and 4111 1111-1111.1111', 'card [card], [card] and [card]'],
    ['took card4111111111111111 and JG.10.37.42.B over the phone', 'took card[card] and [national_id] over the phone'],
    ['emailed jörg@bücher.de the form', 'emailed [email] the form'],
  ];
  /** What people typed ends up in the detail and these data fields; the entry's own time has digits, so not all of it. */
  const leaked = (entry: TimelineEntry) => /\d{4}|@/.test(JSON.stringify([entry.detail, entry.data?.['note'], entry.data?.['reason'], entry.data?.['channel']]));

  it.each(TYPED)('a response note: %j', (typed, stored) => {
    const p = plan(storedCase(), { type: 'responded', note: typed });
    expect(p.entry.data?.['note']).toBe(stored);
    expect(leaked(p.entry)).toBe(false);
  });

  it.each(TYPED)('a resolve note: %j', (typed, stored) => {
    const p = plan(storedCase(), { type: 'resolve', note: typed });
    expect(p.entry.data?.['note']).toBe(stored);
    expect(leaked(p.entry)).toBe(false);
  });

  it.each(TYPED)('a reclassify reason: %j', (typed, stored) => {
    const p = plan(storedCase({ urgency: 'high' }), { type: 'reclassify', urgency: 'critical', reason: typed });
    expect(p.entry.data?.['reason']).toBe(stored);
    expect(leaked(p.entry)).toBe(false);
  });

  it('the assignee: card numbers, bank details, national ids, phone numbers and addresses redacted; a work email kept', () => {
    const typed: [string, string][] = [
      ['bob 4111\u20091111\u20091111\u20091111', 'bob [card]'],
      ['bob GB82-WEST-1234-5698-7654-32', 'bob [bank]'],
      ['bob JG-10-37-42-B', 'bob [national_id]'],
      ['bob 07700 900123', 'bob [phone]'],
      ['priya@example.com', 'priya@example.com'], // a colleague's work address names them
      ['sub-123', 'sub-123'],
    ];
    for (const [assignee, stored] of typed) {
      const p = plan(storedCase(), { type: 'assign', assignee });
      expect(p.update.set.assignee).toBe(stored);
      expect(p.entry.data?.['assignee']).toBe(stored);
      expect(p.entry.detail).toBe(`assigned to ${stored} by priya`);
    }
    // comparable: the same typed assignee twice is a reassignment to the same person
    expect(conflictOf(storedCase({ status: 'acknowledged', assignee: 'bob [card]' }), { type: 'assign', assignee: 'bob 4111 1111 1111 1111' })).toBe(
      'the case is already assigned to bob [card]',
    );
  });

  it('the channel of a response, which is free text too and shown in the detail', () => {
    const p = plan(storedCase(), { type: 'responded', channel: 'phone 07700 900123' });
    expect(p.entry.data?.['channel']).toBe('phone [phone]');
    expect(p.entry.detail).toBe('priya recorded a response by phone [phone]: first response, within the SLA');
    expect(JSON.stringify(p.entry)).not.toContain('900123');
    expect(plan(storedCase(), { type: 'responded', channel: 'x reply' }).entry.data?.['channel']).toBe('x reply');
  });
});

describe('resolve', () => {
  it('resolves an open or acknowledged case and gives the conversation back', () => {
    for (const status of ['open', 'acknowledged'] as const) {
      const p = plan(storedCase({ status, firstResponseAt: now }), { type: 'resolve', note: 'refund sent' });
      expect(p.update.set).toEqual({ status: 'resolved', resolvedAt: now, resolvedBy: 'priya' });
      expect(p.releaseConversation).toBe(true);
      expect(p.entry).toMatchObject({ type: 'resolved', detail: 'resolved by priya', data: { by: 'sub-123', note: 'refund sent' } });
    }
  });

  it('says when a case is closed without a recorded response', () => {
    expect(plan(storedCase(), { type: 'resolve' }).entry.detail).toBe('resolved by priya without a recorded response');
  });

  it('refuses a resolved case', () => {
    expect(conflictOf(storedCase({ status: 'resolved' }), { type: 'resolve' })).toBe('the case is already resolved');
  });
});

describe('reclassify', () => {
  it('sets the new labels, keeps the classifier’s on the first override, counts overrides, moves the due time and files a clock check now', () => {
    const c = storedCase({ urgency: 'high', category: 'complaint', receivedAt: '2026-03-10T10:00:00.000Z', slaDueAt: '2026-03-10T10:30:00.000Z' });
    const p = plan(c, { type: 'reclassify', urgency: 'critical', reason: 'customer is a journalist' });
    expect(p.update.set).toEqual({
      category: 'complaint',
      urgency: 'critical',
      classifiedAs: { category: 'complaint', urgency: 'high' },
      overrides: 1,
      slaDueAt: '2026-03-10T10:15:00.000Z',
      // The SLA sweep recomputes the clock for the new urgency (business hours, warning time) at its next run.
      slaCheck: { stage: 'start' },
      slaCheckAt: '2026-03-10T10:05:00.000Z',
    });
    expect(p.overridden).toEqual([{ field: 'urgency', from: 'high', to: 'critical' }]);
    expect(p.entry).toMatchObject({
      type: 'reclassified',
      detail: 'reclassified by priya: urgency high → critical',
      data: { by: 'sub-123', before: { category: 'complaint', urgency: 'high' }, after: { category: 'complaint', urgency: 'critical' }, reason: 'customer is a journalist' },
    });
  });

  it('never replaces the classifier’s labels on a second override', () => {
    const c = storedCase({ urgency: 'critical', category: 'complaint', classifiedAs: { category: 'complaint', urgency: 'high' }, overrides: 1 });
    const p = plan(c, { type: 'reclassify', category: 'question', urgency: 'normal' });
    expect(p.update.set).toMatchObject({ classifiedAs: { category: 'complaint', urgency: 'high' }, overrides: 2 });
    expect(p.overridden.map((o) => o.field)).toEqual(['category', 'urgency']);
    expect(p.entry.detail).toBe('reclassified by priya: category complaint → question, urgency critical → normal');
  });

  it('removes the due time when the new urgency has no clock, and keeps it once the team has responded', () => {
    const low = plan(storedCase({ urgency: 'normal' }), { type: 'reclassify', urgency: 'low' });
    expect(low.update.remove).toEqual(['slaDueAt']);
    expect(low.update.set).not.toHaveProperty('slaDueAt');
    const responded = plan(storedCase({ urgency: 'normal', firstResponseAt: now }), { type: 'reclassify', urgency: 'critical' });
    expect(responded.update.set).not.toHaveProperty('slaDueAt');
    expect(responded.update.remove).toBeUndefined();
  });

  it('leaves the due time alone when only the category changes', () => {
    const p = plan(storedCase({ category: 'complaint' }), { type: 'reclassify', category: 'threat' });
    expect(p.update.set).not.toHaveProperty('slaDueAt');
    expect(p.overridden).toEqual([{ field: 'category', from: 'complaint', to: 'threat' }]);
  });

  it('may correct a resolved case, and refuses labels the case already has', () => {
    expect(conflictOf(storedCase({ status: 'resolved', urgency: 'high' }), { type: 'reclassify', urgency: 'low' })).toBeUndefined();
    expect(conflictOf(storedCase({ urgency: 'high', category: 'complaint' }), { type: 'reclassify', urgency: 'high', category: 'complaint' })).toBe('the case already has these labels');
  });
});

describe('action bodies', () => {
  const error = (name: StaffActionName, body: unknown) => {
    const r = parseStaffAction(name, body);
    return r.ok ? undefined : r.error;
  };

  it('accepts what each action needs, with no body where nothing is needed', () => {
    expect(parseStaffAction('acknowledge', undefined)).toEqual({ ok: true, action: { type: 'acknowledge' } });
    expect(parseStaffAction('assign', { assignee: '  tom  ' })).toEqual({ ok: true, action: { type: 'assign', assignee: 'tom' } });
    expect(parseStaffAction('responded', undefined)).toEqual({ ok: true, action: { type: 'responded' } });
    expect(parseStaffAction('resolve', { note: 'done' })).toEqual({ ok: true, action: { type: 'resolve', note: 'done' } });
    expect(parseStaffAction('reclassify', { urgency: 'low' })).toEqual({ ok: true, action: { type: 'reclassify', urgency: 'low' } });
  });

  it('names the field that is wrong', () => {
    expect(error('assign', undefined)).toMatch(/^assignee: /);
    expect(error('assign', { assignee: '' })).toBe('assignee: must not be empty');
    expect(error('assign', { assignee: 'a\nb' })).toMatch(/^assignee: /);
    expect(error('responded', { note: 'x'.repeat(501) })).toBe('note: must be at most 500 characters');
    expect(error('responded', { channel: 'x<script>' })).toMatch(/^channel: /);
    expect(error('reclassify', {})).toBe('body: give a category or an urgency (or both)');
    expect(error('reclassify', { urgency: 'urgent' })).toMatch(/^urgency: /);
    expect(error('reclassify', { category: 'praise', reason: 'y'.repeat(301) })).toBe('reason: must be at most 300 characters');
    expect(error('acknowledge', { by: 'me' })).toMatch(/^body: .*by/);
    expect(error('resolve', [])).toMatch(/^body: /);
    expect(error('resolve', 'done')).toMatch(/^body: /);
  });

  it('never echoes a value in the error', () => {
    expect(error('reclassify', { urgency: 'call 07700 900123' })).not.toContain('07700');
  });
});

// ─── The use case ──────────────────────────────────────────────────────────────────────────────────────────────

/** CasesTable's semantics for the staff actions, in memory: version lock, timeline by key, conditional release. */
class FakeStore implements StaffActionStore {
  readonly cases = new Map<string, StoredCase>();
  readonly timelines = new Map<string, Map<string, TimelineEntry>>();
  /** conversation → case holding it. */
  readonly conversations = new Map<string, string>();
  /** Runs before each write: lets a test change the case between the read and the write (a lost race). */
  beforeWrite?: (caseId: string) => void;

  add(c: StoredCase) {
    this.cases.set(c.id, structuredClone(c));
    this.conversations.set(c.conversationId, c.id);
    return c;
  }

  async updateCase(caseId: string, decide: (c: StoredCase) => CaseUpdate | undefined) {
    for (let attempt = 0; attempt < 8; attempt++) {
      const c = this.cases.get(caseId);
      if (!c) return { written: false };
      const read = structuredClone(c);
      const update = decide(read);
      if (!update) return { before: read, written: false };
      this.beforeWrite?.(caseId);
      if (this.cases.get(caseId)!.version !== read.version) continue;
      const after = { ...read, ...structuredClone(update.set), version: read.version + 1 } as StoredCase;
      for (const k of update.remove ?? []) delete (after as unknown as Record<string, unknown>)[k];
      this.cases.set(caseId, after);
      return { before: read, after: structuredClone(after), written: true };
    }
    throw new Error('too many concurrent updates');
  }

  async putTimeline(caseId: string, key: string, entry: TimelineEntry) {
    if (!this.timelines.has(caseId)) this.timelines.set(caseId, new Map());
    this.timelines.get(caseId)!.set(key, structuredClone(entry));
  }

  async releaseConversation(conversationId: string, caseId: string) {
    if (this.conversations.get(conversationId) === caseId) this.conversations.delete(conversationId);
  }

  async caseWithTimeline(caseId: string): Promise<Case | undefined> {
    const c = this.cases.get(caseId);
    if (!c) return undefined;
    const { firstEventId: _f, lastEventId: _l, version: _v, ...summary } = structuredClone(c);
    return { ...summary, timeline: [...(this.timelines.get(caseId)?.values() ?? [])] };
  }
}

function ports(store: FakeStore) {
  const recorded: { name: string; value: number; dimensions?: Record<string, string> }[] = [];
  return {
    recorded,
    ports: {
      store,
      metrics: { record: (name: string, value: number, _unit?: 'Count' | 'Milliseconds', dimensions?: Record<string, string>) => void recorded.push({ name, value, ...(dimensions ? { dimensions } : {}) }) },
      settings,
      now: () => new Date(now),
    },
  };
}

describe('applying an action', () => {
  it('writes the change with a new version, one timeline entry, and answers with the case as GET shows it', async () => {
    const store = new FakeStore();
    const c = store.add(storedCase({ escalation: { state: 'paging', tier: 1 } }));
    const { ports: p } = ports(store);
    const result = await applyStaffAction(c.id, { type: 'acknowledge' }, staff, p);
    expect(result.status).toBe(200);
    if (result.status !== 200) return;
    expect(result.case).toMatchObject({ id: c.id, status: 'acknowledged', updatedAt: now, escalation: { state: 'acknowledged', acknowledgedBy: 'priya' } });
    expect(result.case.timeline.map((t) => t.type)).toEqual(['acknowledged']);
    expect(result.case).not.toHaveProperty('version');
    expect(store.cases.get(c.id)!.version).toBe(c.version + 1);
  });

  it('a first response recorded by staff is timed like an echo (FirstResponseTime by urgency); a later one is not', async () => {
    const store = new FakeStore();
    const c = store.add(storedCase({ receivedAt: new Date(Date.parse(now) - 120_000).toISOString() }));
    const { ports: p, recorded } = ports(store);
    expect((await applyStaffAction(c.id, { type: 'responded' }, staff, p)).status).toBe(200);
    expect(recorded.filter((m) => m.name === 'FirstResponseTime')).toEqual([{ name: 'FirstResponseTime', value: 120_000, dimensions: { urgency: c.urgency } }]);
    expect((await applyStaffAction(c.id, { type: 'responded' }, staff, p)).status).toBe(200);
    expect(recorded.filter((m) => m.name === 'FirstResponseTime')).toHaveLength(1);
  });

  it('answers 404 for an unknown case and 409 for a transition the case does not allow, writing nothing', async () => {
    const store = new FakeStore();
    const c = store.add(storedCase({ status: 'resolved' }));
    const { ports: p } = ports(store);
    expect(await applyStaffAction('c_nope', { type: 'acknowledge' }, staff, p)).toEqual({ status: 404, error: 'no such case' });
    expect(await applyStaffAction(c.id, { type: 'acknowledge' }, staff, p)).toEqual({ status: 409, error: 'the case is resolved' });
    expect(store.cases.get(c.id)!.version).toBe(c.version);
    expect(store.timelines.get(c.id)).toBeUndefined();
  });

  it('decides again on the case as it is after a lost race', async () => {
    const store = new FakeStore();
    const c = store.add(storedCase({ urgency: 'high', category: 'complaint' }));
    let raced = false;
    store.beforeWrite = (id) => {
      if (raced) return;
      raced = true;
      // Someone resolved it between our read and our write.
      const current = store.cases.get(id)!;
      store.cases.set(id, { ...current, status: 'resolved', version: current.version + 1 });
    };
    const { ports: p } = ports(store);
    expect(await applyStaffAction(c.id, { type: 'assign', assignee: 'tom' }, staff, p)).toEqual({ status: 409, error: 'the case is resolved' });
    expect(store.cases.get(c.id)!.assignee).toBeUndefined();
  });

  it('resolving gives the conversation back; resolving again is a conflict that still finishes the release', async () => {
    const store = new FakeStore();
    const c = store.add(storedCase());
    const { ports: p } = ports(store);
    expect((await applyStaffAction(c.id, { type: 'resolve' }, staff, p)).status).toBe(200);
    expect(store.conversations.has(c.conversationId)).toBe(false);
    store.conversations.set(c.conversationId, c.id); // as if the release had not happened
    expect(await applyStaffAction(c.id, { type: 'resolve' }, staff, p)).toEqual({ status: 409, error: 'the case is already resolved' });
    expect(store.conversations.has(c.conversationId)).toBe(false);
  });

  it('counts each overridden label as Reclassified with its field', async () => {
    const store = new FakeStore();
    const c = store.add(storedCase({ urgency: 'high', category: 'complaint' }));
    const { ports: p, recorded } = ports(store);
    await applyStaffAction(c.id, { type: 'reclassify', urgency: 'low', category: 'question' }, staff, p);
    expect(recorded).toEqual([
      { name: RECLASSIFIED_METRIC, value: 1, dimensions: { field: 'category' } },
      { name: RECLASSIFIED_METRIC, value: 1, dimensions: { field: 'urgency' } },
    ]);
    expect(store.cases.get(c.id)).toMatchObject({ urgency: 'low', category: 'question', classifiedAs: { category: 'complaint', urgency: 'high' }, overrides: 1 });
    expect(store.cases.get(c.id)).not.toHaveProperty('slaDueAt');
  });
});
