/**
 * The classifier's SLA and crisis hooks in processClassifiedEvent (lambdas/domain/cases/process-event.ts), on an
 * in-memory store: a new case with a due time starts its watch once by name, a negative post is counted (a repeat
 * or an echo is not), and an echo that first answers a case records FirstResponseTime once.
 */
import { type CasesStore, type ClaimState, processClassifiedEvent, type ProcessPorts } from '../../../lambdas/domain/cases/process-event';
import { DEFAULT_CASE_SETTINGS, type PostFold, type StoredCase, withFold } from '../../../lambdas/domain/cases/rules';
import { CrisisMemory, type CrisisCounter, type WorkflowStarter } from '../../../lambdas/domain/sla/watch';
import type { TimelineEntry } from '../../../schemas/case';
import type { Classification } from '../../../schemas/classification';
import { type SocialEvent, SocialEventSchema } from '../../../schemas/social-event';
import { RecordingMetrics } from '../escalation/fakes';

class MemoryStore implements CasesStore {
  readonly events = new Map<string, ClaimState>();
  readonly conversations = new Map<string, string>();
  readonly cases = new Map<string, StoredCase>();
  readonly timeline: [string, string, TimelineEntry][] = [];
  async claimEvent(id: string): Promise<ClaimState> {
    const s = this.events.get(id);
    if (!s) this.events.set(id, 'pending');
    return s ?? 'new';
  }
  async markEventDone(id: string) {
    this.events.set(id, 'done');
  }
  async eventRecord() {
    return {};
  }
  async openCaseOf(conv: string) {
    return this.conversations.get(conv);
  }
  async claimConversation(conv: string, caseId: string) {
    if (!this.conversations.has(conv)) this.conversations.set(conv, caseId);
    return this.conversations.get(conv)!;
  }
  async releaseConversation(conv: string, caseId: string) {
    if (this.conversations.get(conv) === caseId) this.conversations.delete(conv);
  }
  async getCase(id: string) {
    const c = this.cases.get(id);
    return c && structuredClone(c);
  }
  async createCase(c: StoredCase) {
    if (this.cases.has(c.id)) return false;
    this.cases.set(c.id, structuredClone(c));
    return true;
  }
  async foldIntoCase(c: StoredCase, fold: PostFold) {
    if (this.cases.get(c.id)?.version !== c.version) return false;
    this.cases.set(c.id, withFold(structuredClone(c), structuredClone(fold)));
    return true;
  }
  async caseOfEvent() {
    return undefined;
  }
  async recordEventCase() {}
  async putTimeline(caseId: string, key: string, entry: TimelineEntry) {
    this.timeline.push([caseId, key, entry]);
  }
  async recordFirstResponse(caseId: string, at: string) {
    const c = this.cases.get(caseId);
    if (c && !c.firstResponseAt) this.cases.set(caseId, { ...c, firstResponseAt: at, version: c.version + 1 });
  }
  async putRawText() {}
  async forgetRawText() {}
  async rememberEmail() {}
  // Every author has an address here: the offer's escalation starts as it did before the classifier checked.
  async knowsEmailOf() {
    return true;
  }
}

const starts: [string, unknown][] = [];
const starter: WorkflowStarter = {
  async start(name, input) {
    if (starts.some(([n]) => n === name)) return 'already';
    starts.push([name, input]);
    return 'started';
  },
};
const added: string[] = [];
const counter: CrisisCounter = {
  async add(scope) {
    added.push(scope);
    return added.filter((s) => s === scope).length;
  },
  async counts(_scope, minutes) {
    return minutes.map(() => 0);
  },
};

function event(over: Partial<SocialEvent> = {}): SocialEvent {
  return SocialEventSchema.parse({
    id: 'x:501',
    platform: 'x',
    kind: 'mention',
    text: 'my refund has not arrived',
    author: { id: 'u1', handle: 'lee' },
    conversationId: 'x:thread:u1',
    createdAt: '2026-02-10T11:00:00.000Z',
    receivedAt: '2026-02-10T11:00:00.000Z',
    ...over,
  });
}
const cls = (e: SocialEvent, over: Partial<Classification> = {}): Classification => ({
  id: e.id,
  category: 'complaint',
  urgency: 'high',
  sentiment: 'negative',
  sentimentScore: -0.6,
  pii: [],
  redactedText: e.text,
  reasons: [],
  confidence: { category: 0.9, urgency: 0.8, sentiment: 0.7 },
  model: 'test-model',
  ...over,
});

test('clock check, crisis count and FirstResponseTime from the classifier', async () => {
  const store = new MemoryStore();
  const metrics = new RecordingMetrics();
  const ports: ProcessPorts = {
    store,
    escalation: { start: async () => 'started' },
    settings: DEFAULT_CASE_SETTINGS,
    now: () => new Date('2026-02-10T11:00:01.000Z'),
    slaWatch: { starter, crisis: { counter, thresholds: { windowMinutes: 10, overall: 20, perPlatform: 10 }, memory: new CrisisMemory() } },
    metrics,
  };
  const post = event();
  const out = await processClassifiedEvent(post, cls(post), ports);
  expect(out).toMatchObject({ result: 'created' });
  const caseId = (out as { caseId: string }).caseId;
  // The clock starts no workflow: the case carries its first check, due now, for the SLA sweep.
  expect(starts).toEqual([]);
  expect(store.cases.get(caseId)).toMatchObject({ slaCheck: { stage: 'start' }, slaCheckAt: '2026-02-10T11:00:01.000Z' });
  expect(added.sort()).toEqual(['all', 'p-x']);

  // A repeat delivery counts nothing and starts nothing.
  await processClassifiedEvent(post, cls(post), ports);
  expect(added).toHaveLength(2);
  expect(starts).toEqual([]);

  // A neutral follow-up joins, is not counted, and leaves the clock's check where it was.
  const follow = event({ id: 'x:502', text: 'any news?', receivedAt: '2026-02-10T11:00:30.000Z', createdAt: '2026-02-10T11:00:30.000Z' });
  await processClassifiedEvent(follow, cls(follow, { sentiment: 'neutral', category: 'question', urgency: 'normal' }), ports);
  expect(added).toHaveLength(2);
  expect(starts).toEqual([]);
  expect(store.cases.get(caseId)).toMatchObject({ slaCheck: { stage: 'start' }, slaCheckAt: '2026-02-10T11:00:01.000Z', eventCount: 2 });

  // The business replies twice: one FirstResponseTime, and no crisis count for an echo.
  for (const [id, at] of [['x:503', '2026-02-10T11:04:00.000Z'], ['x:504', '2026-02-10T11:09:00.000Z']] as const) {
    const reply = event({ id, isEcho: true, text: 'sorry, DM us', author: { id: 'brand' }, createdAt: at, receivedAt: at });
    await processClassifiedEvent(reply, cls(reply), ports);
  }
  expect(metrics.named('FirstResponseTime')).toEqual([{ name: 'FirstResponseTime', value: 240_000, unit: 'Milliseconds', dimensions: { urgency: 'high' } }]);
  expect(added).toHaveLength(2);
  expect(store.cases.get(caseId)!.firstResponseAt).toBe('2026-02-10T11:04:00.000Z');
});
