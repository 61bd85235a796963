/**
 * In-memory ports of the SLA steps (lambdas/domain/sla/): SlaTable's semantics over the escalation fake's cases, and
 * a world with them wired in. Shared by the steps' tests (flow.test.ts) and the sweep's (sweep.test.ts).
 */
import type { SlaRecord } from '../../../schemas/case';
import type { StoredCase } from '../../../lambdas/domain/cases/rules';
import type { CrisisSample } from '../../../lambdas/domain/sla/crisis';
import type { CrisisAlertRecord, CrisisAlertStore, CrisisWindow, SlaPorts, SlaStore } from '../../../lambdas/domain/sla/ports';
import type { PageClaim } from '../../../lambdas/domain/escalation/paging';
import { type FakeEscalationStore, FakePageClaims, MINUTE, storedCase, type testPolicy, world, type World } from '../escalation/fakes';

/** SlaTable's semantics, in memory, over the escalation fake's cases. */
export class FakeSlaStore implements SlaStore, CrisisAlertStore {
  readonly alerts = new Map<string, CrisisAlertRecord>();
  readonly windows = new Map<number, string>();
  readonly windowsPagedAt = new Map<number, string>();
  readonly claims = new FakePageClaims();
  /** scope → minute → bucket */
  readonly buckets = new Map<string, Map<number, { count: number; byPlatform: Record<string, number>; samples: CrisisSample[] }>>();

  constructor(private readonly cases: FakeEscalationStore) {}

  async updateClock(caseId: string, decide: (c: StoredCase) => SlaRecord | undefined) {
    const c = this.cases.cases.get(caseId);
    if (!c) return { written: false };
    const before = structuredClone(c);
    const sla = decide(structuredClone(c));
    if (!sla) return { before, written: false };
    this.cases.cases.set(caseId, { ...c, sla: structuredClone(sla), slaDueAt: sla.dueAt, version: c.version + 1 });
    return { before, written: true, sla };
  }

  addPosts(scope: string, minute: number, platform: string, n: number, samples: CrisisSample[] = []): void {
    let s = this.buckets.get(scope);
    if (!s) this.buckets.set(scope, (s = new Map()));
    const b = s.get(minute) ?? { count: 0, byPlatform: {}, samples: [] };
    b.count += n;
    b.byPlatform[platform] = (b.byPlatform[platform] ?? 0) + n;
    b.samples.push(...samples);
    s.set(minute, b);
  }

  async readWindow(scope: string, minutes: number[]): Promise<CrisisWindow> {
    const byPlatform: Record<string, number> = {};
    const samples: CrisisSample[] = [];
    const counts = minutes.map((m) => {
      const b = this.buckets.get(scope)?.get(m);
      if (!b) return 0;
      for (const [p, n] of Object.entries(b.byPlatform)) byPlatform[p] = (byPlatform[p] ?? 0) + n;
      samples.push(...b.samples);
      return b.count;
    });
    return { counts, byPlatform, samples };
  }

  async putAlert(record: CrisisAlertRecord): Promise<void> {
    this.alerts.set(`${record.scope}#${record.windowStart}`, structuredClone(record));
  }

  async claimWindow(windowStart: number, scope: string, at: string) {
    const holder = this.windows.get(windowStart);
    if (holder === undefined || holder === scope) {
      this.windows.set(windowStart, scope);
      this.windowsPagedAt.set(windowStart, at);
      return { claimed: true as const };
    }
    return { claimed: false as const, by: holder };
  }

  async windowPagedAt(windowStart: number): Promise<string | undefined> {
    return this.windowsPagedAt.get(windowStart);
  }

  async claimPage(windowStart: number, key: string, at: string): Promise<PageClaim> {
    return this.claims.claim(`${windowStart}|${key}`, at);
  }

  async markPageSent(windowStart: number, key: string): Promise<void> {
    this.claims.markSent(`${windowStart}|${key}`);
  }

  async releasePage(windowStart: number, key: string): Promise<void> {
    this.claims.delete(`${windowStart}|${key}`);
  }
}

export interface SlaWorld extends World {
  sla: FakeSlaStore;
  slaPorts: SlaPorts;
}

export function slaWorld(opts: { slaMinutes?: Record<string, number>; policy?: ReturnType<typeof testPolicy>; start?: string } = {}): SlaWorld {
  const w = world({ start: opts.start ?? '2026-02-10T11:00:00.000Z', ...(opts.policy ? { policy: opts.policy } : {}) });
  const sla = new FakeSlaStore(w.store);
  return { ...w, sla, slaPorts: { ...w.ports, sla, crisis: sla, slaMinutes: opts.slaMinutes ?? { critical: 15, high: 30, normal: 60 } } };
}

/** A high complaint received now, with the classifier's plain due time. */
export function highCase(w: SlaWorld, over: Partial<StoredCase> = {}): StoredCase {
  const receivedAt = w.clock.now().toISOString();
  return w.store.addCase(
    storedCase({
      urgency: 'high',
      category: 'complaint',
      receivedAt,
      slaDueAt: new Date(Date.parse(receivedAt) + 30 * MINUTE).toISOString(),
      author: { id: 'x-1', handle: 'dana_r', name: 'Dana Reyes' },
      text: 'Still waiting on my refund @dana_r here, three weeks now',
      ...over,
    }),
  );
}

