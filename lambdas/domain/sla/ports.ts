import type { Urgency } from '../../../schemas/classification';
import type { SlaRecord } from '../../../schemas/case';
import type { StoredCase } from '../cases/rules';
import type { PageClaim } from '../escalation/paging';
import type { EscalationPorts } from '../escalation/ports';
import type { CrisisSample } from './crisis';

/**
 * The ports of the SLA steps (flow.ts): the escalation ports (cases, policy, link codes, SMS, email, metrics) plus the
 * case's clock and the crisis alerts. Adapter: lambdas/adapters/sla-table.ts.
 */

export interface SlaStore {
  /**
   * Reads the case, asks `decide` for its clock, writes `sla` (and `slaDueAt` = its due time) under the case's
   * optimistic lock; on a lost race reads again. `decide` returning undefined writes nothing.
   */
  updateClock(caseId: string, decide: (c: StoredCase) => SlaRecord | undefined): Promise<{ before?: StoredCase; written: boolean; sla?: SlaRecord }>;
}

/** What a scope's minute buckets hold over a window. */
export interface CrisisWindow {
  /** Negative posts per minute bucket, in the order asked. */
  counts: number[];
  /** Negative posts per platform over the buckets (for a platform scope: that platform only). */
  byPlatform: Record<string, number>;
  /** The posts kept as evidence, oldest first. */
  samples: CrisisSample[];
}

export interface CrisisAlertRecord {
  scope: string;
  windowStart: number;
  windowMinutes: number;
  threshold: number;
  count: number;
  byPlatform: Record<string, number>;
  samples: CrisisSample[];
  at: string;
  state: 'paging' | 'paged' | 'covered';
  /** Who was paged (names, never numbers). */
  paged?: string[];
  /** When another alert already paged for this surge: that scope, or the previous window's alert. */
  coveredBy?: string;
}

export interface CrisisAlertStore {
  readWindow(scope: string, minutes: number[]): Promise<CrisisWindow>;
  /** Keeps the alert's evidence (`ALERT#crisis#<scope>#<window>`), overwriting an earlier version of it. */
  putAlert(record: CrisisAlertRecord): Promise<void>;
  /**
   * One page per window, whichever scope fires first: claims the window for `scope`. A claim already held by the same
   * scope is this alert's own (a retried step) and counts as claimed.
   */
  claimWindow(windowStart: number, scope: string, at: string): Promise<{ claimed: true } | { claimed: false; by: string }>;
  /** When the window's alert claimed it to page (undefined: nothing paged for that window). */
  windowPagedAt(windowStart: number): Promise<string | undefined>;
  /** Claims one page (contact, channel) of the window's alert before building and sending it. */
  claimPage(windowStart: number, key: string, at: string): Promise<PageClaim>;
  markPageSent(windowStart: number, key: string, at: string): Promise<void>;
  releasePage(windowStart: number, key: string): Promise<void>;
}

export interface SlaPorts extends EscalationPorts {
  sla: SlaStore;
  crisis: CrisisAlertStore;
  /** First-response targets (SLA_MINUTES). */
  slaMinutes: Partial<Record<Urgency, number>>;
}
