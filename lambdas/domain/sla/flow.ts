import type { SlaRecord } from '../../../schemas/case';
import type { OncallPolicy } from '../../../schemas/oncall-policy';
import type { SlaStepInput, SlaWatchState } from '../../../schemas/sla-step';
import { currentEscalationId, type StoredCase } from '../cases/rules';
import { pageBrief } from '../escalation/flow';
import { formatWhen } from '../escalation/messages';
import { type PageClaims, pageContact } from '../escalation/paging';
import { issueLink } from '../links/store';
import { StepFailed } from '../errors';
import { clockStart, dueTimes, durationLabel, targetMs } from './clock';
import { epochMinute, OVERALL_SCOPE, platformOfScope, windowBuckets } from './crisis';
import { crisisEmail, crisisSms, preBreachEmail, preBreachSms } from './messages';
import type { CrisisAlertRecord, SlaPorts } from './ports';

/**
 * The SLA steps — the clock checks the SLA sweep runs (sweep.ts) and the crisis page the SLA state machine runs
 * (config/sla-flow.ts) — each safe to run twice (a check fails and runs again at the next sweep; Step Functions retries a
 * failed step): the clock is written under the case's lock, the warning is claimed per contact and channel before it
 * is sent and marked on the case, the breach is recorded once, and a crisis window pages once whichever scope fires.
 */

type Step<A extends SlaStepInput['action']> = Extract<SlaStepInput, { action: A }>;

const done = (caseId: string): SlaWatchState => ({ caseId, stage: 'done' });

/** The clock has stopped: a first response, or the case is closed. */
function clockStopped(c: StoredCase): boolean {
  return !!c.firstResponseAt || c.status === 'resolved';
}

/** High cases, and critical ones nobody has acknowledged, warn tier 1 before their due time. */
function warnsBeforeBreach(c: StoredCase): boolean {
  if (c.urgency === 'high') return true;
  return c.urgency === 'critical' && c.status !== 'acknowledged' && c.escalation?.state !== 'acknowledged';
}

/** The next stage for a clock, at `now`. */
function route(c: StoredCase, sla: SlaRecord, now: Date): SlaWatchState {
  if (sla.breachedAt) return done(c.id);
  const before = now.getTime() < Date.parse(sla.dueAt);
  if (before && !sla.preBreachCheckedAt && (c.urgency === 'high' || c.urgency === 'critical')) {
    return { caseId: c.id, stage: 'pre', dueAt: sla.dueAt, preBreachAt: sla.preBreachAt };
  }
  return { caseId: c.id, stage: 'due', dueAt: sla.dueAt };
}

/** The clock for the case's current urgency: its own when it was computed for that urgency, else a new one. */
function clockFor(c: StoredCase, policy: OncallPolicy, ports: SlaPorts): SlaRecord | undefined {
  if (c.sla && c.sla.urgency === c.urgency) return c.sla;
  // A changed urgency keeps the clock's start (the first post); the first computation derives it from the
  // classifier's plain due time (start + target).
  const start = c.sla?.startedAt ?? (c.slaDueAt ? clockStart(c.slaDueAt, c.urgency, ports.slaMinutes)?.toISOString() : undefined) ?? c.receivedAt;
  const times = dueTimes(new Date(start), c.urgency, ports.slaMinutes, policy);
  if (!times) return undefined;
  return {
    ...(c.sla?.preBreachCheckedAt ? { preBreachCheckedAt: c.sla.preBreachCheckedAt } : {}),
    ...(c.sla?.preBreachPagedAt ? { preBreachPagedAt: c.sla.preBreachPagedAt } : {}),
    urgency: c.urgency,
    startedAt: new Date(start).toISOString(),
    dueAt: times.dueAt,
    preBreachAt: times.preBreachAt,
    businessHoursOnly: times.businessHoursOnly,
  };
}

/**
 * Brings the case's clock up to date (first run, or its urgency changed) and returns the case with it; undefined
 * when the clock has stopped or the case has no target (any more).
 */
async function currentClock(caseId: string, policy: OncallPolicy, ports: SlaPorts): Promise<{ c: StoredCase; sla: SlaRecord } | undefined> {
  let computed: SlaRecord | undefined;
  const { before, written, sla } = await ports.sla.updateClock(caseId, (c) => {
    if (clockStopped(c) || targetMs(c.urgency, ports.slaMinutes) === undefined) return undefined;
    const next = clockFor(c, policy, ports);
    if (!next || next === c.sla) return undefined;
    computed = next;
    return next;
  });
  if (!before || clockStopped(before) || targetMs(before.urgency, ports.slaMinutes) === undefined) return undefined;
  const current = written ? sla ?? computed : before.sla;
  if (!current) return undefined;
  if (written) {
    const target = targetMs(current.urgency, ports.slaMinutes)! / 60_000;
    await ports.store.putTimeline(caseId, `sla#clock#${current.urgency}#${current.startedAt}`, {
      at: ports.now().toISOString(),
      type: 'sla-clock',
      detail: `first response due ${formatWhen(current.dueAt, policy.timezone)} (${current.urgency}: ${target} min${current.businessHoursOnly ? ' of business hours' : ''})`,
      data: { urgency: current.urgency, dueAt: current.dueAt, preBreachAt: current.preBreachAt, businessHoursOnly: current.businessHoursOnly },
    });
  }
  return { c: { ...before, sla: current, slaDueAt: current.dueAt }, sla: current };
}

/** ComputeDue: the business-hours-aware due time, written to the case, and the first wait. */
export async function computeDue(input: Step<'due'>, ports: SlaPorts): Promise<SlaWatchState> {
  const policy = await ports.policy();
  const clock = await currentClock(input.caseId, policy, ports);
  return clock ? route(clock.c, clock.sla, ports.now()) : done(input.caseId);
}

/** CheckPreBreach: nobody has responded and the due time is near: warn tier 1 once (high, or critical unacknowledged). */
export async function checkPreBreach(input: Step<'pre-breach'>, ports: SlaPorts): Promise<SlaWatchState> {
  const policy = await ports.policy();
  const clock = await currentClock(input.caseId, policy, ports);
  if (!clock) return done(input.caseId);
  const { c, sla } = clock;
  const now = ports.now();
  // The due time moved (a changed urgency) and its warning is not due yet: wait again.
  if (sla.dueAt !== input.dueAt && now.getTime() < Date.parse(sla.preBreachAt)) return route(c, sla, now);
  if (sla.preBreachCheckedAt || now.getTime() >= Date.parse(sla.dueAt)) return route(c, { ...sla, preBreachCheckedAt: sla.preBreachCheckedAt ?? now.toISOString() }, now);

  const at = now.toISOString();
  if (warnsBeforeBreach(c)) await warnTier1(c, sla, policy, ports, now);
  await ports.sla.updateClock(c.id, (cur) => (cur.sla && !cur.sla.preBreachCheckedAt ? { ...cur.sla, preBreachCheckedAt: at } : undefined));
  return { caseId: c.id, stage: 'due', dueAt: sla.dueAt };
}

async function warnTier1(c: StoredCase, sla: SlaRecord, policy: OncallPolicy, ports: SlaPorts, now: Date): Promise<void> {
  const { store, settings } = ports;
  const at = now.toISOString();
  const tier = policy.tiers[0]!;
  const brief = pageBrief(c);
  const dueIn = durationLabel(Date.parse(sla.dueAt) - now.getTime());
  const sent: string[] = [];
  const failures: string[] = [];
  let retried = false;
  let pending = false;
  const claims: PageClaims = {
    claim: (key) => store.claimPage(c.id, key, at),
    sent: (key) => store.markPageSent(c.id, key, at),
    release: (key) => store.releasePage(c.id, key),
  };
  await Promise.all(
    tier.contacts.map(async (contact, index) => {
      const page = await pageContact(ports, claims, `sla#pre#${index}`, contact, async () => {
        // The case's current escalation: the warning's link acknowledges that one (escalation/respond.ts).
        const link = await issueLink(ports.links, 'ack', c.id, settings.ackLinkTtlSeconds, now, { tier: 1, round: 1, contact: contact.name, escalation: currentEscalationId(c) });
        const ctx = {
          brief,
          dueAt: sla.dueAt,
          dueIn,
          ackUrl: `${settings.publicBaseUrl}/ack/${link.code}`,
          contactName: contact.name,
          timezone: policy.timezone,
          businessHoursOnly: sla.businessHoursOnly,
        };
        return { sms: preBreachSms(ctx), email: preBreachEmail(ctx) };
      });
      if (page.retried) retried = true;
      if (page.pending) pending = true;
      failures.push(...page.failed);
      if (page.sent.length) sent.push(contact.name);
    }),
  );
  if (sent.length) {
    await ports.sla.updateClock(c.id, (cur) => (cur.sla && !cur.sla.preBreachPagedAt ? { ...cur.sla, preBreachPagedAt: at } : undefined));
    await store.putTimeline(c.id, 'sla#pre-breach', {
      at,
      type: 'sla-warning',
      detail: `first response due in ${dueIn} and nobody has responded: warned tier 1 (${tier.name}): ${sent.join(', ')}`,
      data: { dueAt: sla.dueAt, contacts: sent },
    });
    ports.metrics.record('SlaWarnings', 1, 'Count', { urgency: c.urgency });
  }
  // Retried by the state machine; after its retries the watch goes on to the due time.
  if (sent.length === 0 && !retried && failures.length) throw new StepFailed('no SLA warning to tier 1 could be sent');
  if (sent.length === 0 && !retried && pending) throw new StepFailed('the SLA warnings to tier 1 are still being sent by an earlier attempt');
}

/** CheckBreach: the due time has come; no response in time → the breach is recorded on the case, once. */
export async function checkBreach(input: Step<'breach'>, ports: SlaPorts): Promise<SlaWatchState> {
  const policy = await ports.policy();
  const read = await ports.store.getCase(input.caseId);
  if (!read) return done(input.caseId);
  let c = read;
  let sla = read.sla;
  if (clockStopped(read)) {
    // A response (or the case closed) by the due time ends the watch; one after it still misses the target.
    const stoppedAt = read.firstResponseAt ?? read.resolvedAt;
    if (!stoppedAt || Date.parse(stoppedAt) <= Date.parse(sla?.dueAt ?? input.dueAt)) return done(read.id);
  } else {
    const clock = await currentClock(input.caseId, policy, ports);
    if (!clock) return done(input.caseId);
    ({ c, sla } = clock);
  }
  if (!sla) return done(c.id);
  const now = ports.now();
  // The due time moved later (a lower urgency): wait again.
  if (now.getTime() < Date.parse(sla.dueAt)) return route(c, sla, now);
  if (sla.breachedAt) return done(c.id);

  const at = now.toISOString();
  const { written } = await ports.sla.updateClock(c.id, (cur) => (cur.sla && !cur.sla.breachedAt ? { ...cur.sla, breachedAt: at } : undefined));
  if (written) {
    await ports.store.putTimeline(c.id, 'sla#breached', {
      at,
      type: 'sla-breached',
      detail: `no first response by ${formatWhen(sla.dueAt, policy.timezone)}: the ${sla.urgency} first-response target was missed`,
      data: { urgency: sla.urgency, dueAt: sla.dueAt, ...(c.firstResponseAt ? { firstResponseAt: c.firstResponseAt } : {}) },
    });
    ports.metrics.record('SlaBreaches', 1, 'Count', { urgency: sla.urgency });
  }
  return done(c.id);
}

/** CrisisPage: a surge of negative posts pages tier 1 with the evidence, once per window; writes nothing to any case. */
export async function crisisPage(input: Step<'crisis'>, ports: SlaPorts): Promise<void> {
  const now = ports.now();
  const at = now.toISOString();
  const { scope, windowStart, windowMinutes, threshold } = input;
  const minutes = windowBuckets(Math.max(epochMinute(now.getTime()), windowStart), windowMinutes);
  const [policy, evidence] = await Promise.all([ports.policy(), ports.crisis.readWindow(scope, minutes)]);
  const count = Math.max(input.count, evidence.counts.reduce((a, b) => a + b, 0));
  const platform = platformOfScope(scope);
  const byPlatform = Object.entries(platform ? { [platform]: count } : evidence.byPlatform)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const samples = evidence.samples.slice(-5);
  const record: CrisisAlertRecord = { scope, windowStart, windowMinutes, threshold, count, byPlatform: Object.fromEntries(byPlatform), samples, at, state: 'paging' };
  await ports.crisis.putAlert(record);

  // One page per surge. The count slides over the last W minutes while alerts are per aligned window, so a surge that
  // runs past a window's end would page again at once, and one post early in the next window would page again for
  // posts already paged for: within W minutes of the previous window's page, that page covers this one.
  const previousWindow = windowStart - windowMinutes;
  const previousPage = await ports.crisis.windowPagedAt(previousWindow);
  if (previousPage && now.getTime() - Date.parse(previousPage) < windowMinutes * 60_000) {
    await ports.crisis.putAlert({ ...record, state: 'covered', coveredBy: `window ${previousWindow}` });
    return;
  }

  const claim = await ports.crisis.claimWindow(windowStart, scope, at);
  if (!claim.claimed) {
    // Another scope's alert already paged this window (a surge on one platform is a surge overall too).
    await ports.crisis.putAlert({ ...record, state: 'covered', coveredBy: claim.by });
    return;
  }
  const tier = policy.tiers[0]!;
  const windowEnd = new Date((windowStart + windowMinutes) * 60_000).toISOString();
  const sent: string[] = [];
  const failures: string[] = [];
  let retried = false;
  let pending = false;
  const claims: PageClaims = {
    claim: (key) => ports.crisis.claimPage(windowStart, key, at),
    sent: (key) => ports.crisis.markPageSent(windowStart, key, at),
    release: (key) => ports.crisis.releasePage(windowStart, key),
  };
  await Promise.all(
    tier.contacts.map(async (contact, index) => {
      const page = await pageContact(ports, claims, String(index), contact, async () => {
        const ctx = {
          ...(platform ? { platform } : {}),
          count,
          threshold,
          windowMinutes,
          byPlatform,
          samples,
          windowStart: new Date(windowStart * 60_000).toISOString(),
          windowEnd,
          contactName: contact.name,
          timezone: policy.timezone,
        };
        return { sms: crisisSms(ctx), email: crisisEmail(ctx) };
      });
      if (page.retried) retried = true;
      if (page.pending) pending = true;
      failures.push(...page.failed);
      // Paged now, or by an earlier attempt of this step.
      if (page.sent.length || page.alreadyPaged) sent.push(contact.name);
    }),
  );
  if (failures.length && sent.length === 0 && !retried) throw new StepFailed('no crisis page to tier 1 could be sent');
  if (pending && sent.length === 0 && !retried) throw new StepFailed('the crisis pages to tier 1 are still being sent by an earlier attempt');
  await ports.crisis.putAlert({ ...record, state: 'paged', paged: sent });
  if (sent.length && !retried) ports.metrics.record('CrisisAlerts', 1, 'Count', { scope: scope === OVERALL_SCOPE ? 'overall' : 'platform' });
}

/** Runs one step; the steps function's handler is this plus validation. */
export async function runSlaStep(input: SlaStepInput, ports: SlaPorts): Promise<unknown> {
  switch (input.action) {
    case 'due':
      return computeDue(input, ports);
    case 'pre-breach':
      return checkPreBreach(input, ports);
    case 'breach':
      return checkBreach(input, ports);
    case 'crisis':
      await crisisPage(input, ports);
      return {};
  }
}
