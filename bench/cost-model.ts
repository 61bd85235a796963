import { METRICS } from '../config/metrics';
import { FUNCTIONS, SLA_CHECK_SHARDS } from '../config/resources';

/**
 * What a million social events cost to run in AWS, per component: the one model behind the cost table in docs/cost.md
 * ("Deploy", "What it costs") and `npm run bench`, so the two agree. Pure arithmetic over list prices and usage
 * assumptions; nothing is measured here.
 *
 * Prices: us-east-1, on-demand list prices before free tiers, as gathered (with their sources and confidence tags)
 * in AWS's us-east-1 pricing pages, gathered 2026-11. KMS: its figures are AWS's published KMS prices
 * ($1 per key-month, $0.03 per 10,000 requests), to be checked on https://aws.amazon.com/kms/pricing/ like the rest.
 *
 * Usage: what the code does per event (read from config/resources.ts, config/escalation-flow.ts,
 * config/sla-flow.ts and the adapters; DynamoDB write units measured per path by bench/dynamo-writes.ts), with the
 * shares of events that escalate, page and get an offer as inputs.
 * Durations are assumptions for AWS (network round trips of 5–10 ms to DynamoDB, SQS and SES), not the local bench's
 * in-process timings.
 */

export const PRICES_DATE = '2026-11';
export const PRICES_SOURCE = 'AWS us-east-1 list prices (pricing pages, gathered 2026-11); KMS: aws.amazon.com/kms/pricing';

/** USD, us-east-1, first pricing tier. */
export const PRICES = {
  /** Lambda: per request, and per GB-second on arm64 (the functions' architecture). */
  lambdaRequest: 0.2 / 1e6,
  lambdaGbSecondArm: 0.0000133334,
  /** API Gateway HTTP API, per request up to 512 KB. */
  httpApiRequest: 1.0 / 1e6,
  /** SQS standard, per request (each 64 KB chunk is a request). */
  sqsRequest: 0.4 / 1e6,
  /** DynamoDB on-demand (since 2024-11-01): per write request unit (1 KB), per read request unit (4 KB strongly consistent). */
  dynamoWriteUnit: 0.625 / 1e6,
  dynamoReadUnit: 0.125 / 1e6,
  /** Step Functions Standard, per state transition. */
  sfnTransition: 0.025 / 1000,
  /** SES, per email: à la carte $0.10 per 1,000; the unverified 2026 "Essentials" plan would be $0.16. */
  sesEmail: 0.1 / 1000,
  sesEmailEssentials2026: 0.16 / 1000,
  /**
   * SMS to the US per message part, all in: AWS's base price $0.00581 plus the carriers' pass-through fees, which
   * bring it to $0.0083–0.0088 (toll-free and 10DLC differ); the midpoint here.
   */
  smsSegment: 0.00855,
  smsSegmentLow: 0.0083,
  smsSegmentHigh: 0.0088,
  /** KMS: per request (symmetric), per customer managed key-month (+$1 for each of the first two yearly rotations). */
  kmsRequest: 0.03 / 10_000,
  kmsKeyMonth: 1.0,
  /** CloudWatch Logs: ingestion per GB (Standard class; Lambda's vended logs start at the same $0.50), storage per GB-month. */
  logsIngestGb: 0.5,
  logsStorageGbMonth: 0.03,
  /** X-Ray, per trace recorded. */
  xrayTrace: 5 / 1e6,
  /** Secrets Manager: per secret-month, per API call. */
  secretMonth: 0.4,
  secretCall: 0.05 / 10_000,
  /** CloudWatch: per custom metric-month (first 10,000), per standard-resolution alarm-month, per dashboard-month (beyond the free 3). */
  metricMonth: 0.3,
  alarmMonth: 0.1,
  dashboardMonth: 3,
} as const;

export const COST_COMPONENTS = ['apiGateway', 'lambda', 'sqs', 'dynamodb', 'stepFunctions', 'ses', 'sms', 'kms', 'logs', 'xray'] as const;
export type CostComponent = (typeof COST_COMPONENTS)[number];
export type CostBreakdown = Record<CostComponent, number> & { total: number };

/** What the cost table calls each component. */
export const COMPONENT_LABELS: Record<CostComponent, string> = {
  apiGateway: 'API Gateway (HTTP API)',
  lambda: 'Lambda (arm64)',
  sqs: 'SQS',
  dynamodb: 'DynamoDB (on-demand)',
  stepFunctions: 'Step Functions (Standard)',
  ses: 'SES email',
  sms: 'SNS SMS (US)',
  kms: 'KMS',
  logs: 'CloudWatch Logs',
  xray: 'X-Ray',
};

export interface CostInput {
  /** Share of events whose case pages on-call (critical cases): SMS and email per contact of each tier paged. */
  pagedShare?: number;
  /** Share of events that lead to a customer offer email (complaints and threats with a known address, once per quiet window). */
  offerShare?: number;
  /**
   * Share of events that start an escalation execution (every critical case and every complaint or threat, once
   * per case and reason, whether or not it then pages or offers). At least pagedShare + offerShare.
   */
  escalatedShare?: number;
  /** Share of events that open a case with a first-response clock (checked by the SLA sweep; no workflow). */
  slaClockShare?: number;
  /** Share of events that open a case without a clock (low urgency: praise, chatter). */
  noClockShare?: number;
  /** Share of events that are the business's own replies (echoes); the rest of the events are follow-ups. */
  replyShare?: number;
  /** Tiers paged before someone acknowledges, per paged event. */
  tiersPaged?: number;
  /** Contacts per tier: each gets an SMS and an email. */
  contactsPerTier?: number;
  /** Parts per page SMS (≤ 306 GSM-7 characters: 2). */
  smsSegments?: number;
  /** Events per webhook delivery (WhatsApp and Meta batch several). */
  eventsPerDelivery?: number;
  /** Events per classify invocation: 1 at quiet traffic (no batching window), up to 10 under load. */
  eventsPerClassifyBatch?: number;
  /**
   * Staff API calls per event: a person opens about every other case once and lists pages of up to 50; the console's
   * polling follows the team's hours, not the traffic.
   */
  staffApiCallsPerEvent?: number;
  /**
   * The stage's `tracing` (lib/stage-config.ts): `all` traces every invocation (Lambda samples the first request
   * each second and 5% of the rest: at these volumes, nearly all); `paging` (prod) only the paging path's.
   */
  tracing?: 'all' | 'paging';
  /** Days CloudWatch keeps the logs (the stage's logRetentionDays; prod: 90). */
  logRetentionDays?: number;
  /** Price of an SMS part (default the $0.010 midpoint). */
  smsSegmentPrice?: number;
  /** Price of an email (default à la carte $0.0001; PRICES.sesEmailEssentials2026 for the 2026 plan). */
  sesEmailPrice?: number;
}

/** Usage per event (or per execution / per paged tier) that the code implies; see the notes on each. */
export const USAGE = {
  /** Function durations in AWS (ms). Intake: HMAC + SendMessageBatch; classify: ~9 sequential DynamoDB calls. */
  intakeMs: 40,
  classifyMsPerEvent: 60,
  classifyMsPerInvocation: 10,
  stepMs: 150,
  staffApiMs: 50,
  linkPageMs: 60,
  /**
   * DynamoDB write units per path, table and indexes together, measured on the local stack by bench/dynamo-writes.ts
   * (2026-12-07; `npm run bench` measures them again beside these). A new case with a clock carries the clock's whole
   * life: its first check (the business-hours due time and its timeline entry), the next check, and the end (a
   * breach, the dearest end). Before this issue the same paths wrote 12, 6, 6 and 5 (the `queue` index copied every
   * attribute, so each change of a case was written twice; the clock ran in a workflow of its own, priced below).
   */
  writeUnitsNewCaseWithClock: 16,
  writeUnitsNewCaseWithoutClock: 6,
  writeUnitsFollowUp: 6,
  writeUnitsBusinessReply: 4,
  /** Read units per event (the classifier's consistent gets: claim, conversation, case) and per staff call (a page's cases, by key). */
  dynamoReadsPerEvent: 4,
  dynamoReadsPerStaffCall: 5,
  /** Per clock check the sweep runs (about two per clock): the case read, and the clock's read-modify-write. */
  dynamoReadsPerClockCheck: 2,
  clockChecksPerClock: 2,
  /** Billed milliseconds per check: the sweep runs 16 at once in one invocation, each mostly waiting on DynamoDB. */
  sweepMsPerCheck: 25,
  /** Per escalation execution: plan timeline, offer slot, link code, case offer update + index (~6 WRU, ~3 RRU). */
  dynamoWritesPerEscalation: 6,
  dynamoReadsPerEscalation: 3,
  /** Per tier paged: a claim per contact and channel, an ack link per contact, case update + index, timeline. */
  dynamoWritesPerPagedTier: 12,
  dynamoReadsPerPagedTier: 4,
  /** Standard state transitions (config/escalation-flow.ts): Plan, the Parallel, both branches' choice and end state = 6; each tier paged adds NotifyTier, AlreadyAcknowledged, WaitForAck, CheckAck, NextStep = 5. */
  transitionsPerEscalation: 6,
  transitionsPerPagedTier: 5,
  /** Lambda invocations of the steps functions: Plan (+ SendOffer); NotifyTier + CheckAck per tier. */
  stepInvocationsPerEscalation: 1,
  stepInvocationsPerOffer: 1,
  stepInvocationsPerPagedTier: 2,
  /** /ack and /offer page loads: GET + POST per acknowledged page; 30% of offers answered (GET + POST). */
  linkCallsPerPaged: 2,
  linkCallsPerOffer: 0.6,
  /** Emails per offer: the offer, and 30% of the time the customer's choice forwarded to staff. */
  emailsPerOffer: 1.3,
  /**
   * SQS requests: SendMessageBatch per delivery (one request while ≤ 64 KB), ReceiveMessage and DeleteMessageBatch
   * per classify batch.
   */
  sqsRequestsPerDelivery: 1,
  sqsRequestsPerBatch: 2,
  /**
   * Log bytes ingested: the webhook's and classify's lines per event (START/REPORT + Powertools), each other function's
   * per invocation (steps, staff API, link pages: START/END/REPORT + one Powertools line), the API access
   * log per request, state machine history events at level ALL (entered and exited per state) per transition.
   */
  lambdaLogBytesPerEvent: 2_500,
  lambdaLogBytesPerOtherInvocation: 900,
  accessLogBytesPerRequest: 450,
  stateMachineLogBytesPerTransition: 600,
  /**
   * KMS requests per million events: the services cache data keys (SQS for the 5-minute reuse period, DynamoDB per
   * caller, CloudWatch Logs), so requests follow time, not traffic; this allowance covers secret fetches (each
   * GetSecretValue decrypts) on cold starts and cache refreshes.
   */
  kmsRequestsPerMillionEvents: 20_000,
} as const;

const DEFAULTS: Required<Omit<CostInput, 'escalatedShare'>> = {
  pagedShare: 0.01,
  offerShare: 0.03,
  slaClockShare: 0.4,
  noClockShare: 0.3,
  replyShare: 0.1,
  tiersPaged: 1,
  contactsPerTier: 2,
  smsSegments: 2,
  eventsPerDelivery: 1,
  eventsPerClassifyBatch: 1,
  staffApiCallsPerEvent: 0.5,
  tracing: 'paging',
  logRetentionDays: 90,
  smsSegmentPrice: PRICES.smsSegment,
  sesEmailPrice: PRICES.sesEmail,
};

/**
 * The cost table's two columns: a pipeline that never pages or offers (praise, questions, chatter; SLA clocks still
 * run), and one where 1% of events page on-call (one tier of two contacts) and 3% get an offer, with 8% starting
 * an escalation. Both with the prod stage's tracing (`paging`). Events: 40% open a case with a clock, 30% one
 * without, 10% are the business's replies, 20% follow-ups.
 */
export const SCENARIOS = {
  withoutPaging: { pagedShare: 0, offerShare: 0, escalatedShare: 0 },
  withPaging: { pagedShare: 0.01, offerShare: 0.03, escalatedShare: 0.08 },
} as const satisfies Record<string, CostInput>;

const MILLION = 1e6;
/** Batch size of the classify event source mapping (config/resources.ts). */
const QUEUES_BATCH_SIZE = FUNCTIONS.classify.consumes.batchSize;
const GB = 1024 ** 3;
const round = (usd: number) => Math.round(usd * 100) / 100;

/**
 * USD per million events per component, and the total, rounded to cents. With no input: the `withPaging` scenario.
 * Free tiers are not deducted, and fixed monthly costs (fixedMonthlyCost) are not included.
 */
export function costPerMillion(input: CostInput = SCENARIOS.withPaging): CostBreakdown {
  const i = { ...DEFAULTS, ...input };
  const escalatedShare = Math.max(input.escalatedShare ?? i.pagedShare + i.offerShare, i.pagedShare + i.offerShare);
  const { tracing, ...numbers } = i;
  if (tracing !== 'all' && tracing !== 'paging') throw new RangeError("tracing must be 'all' or 'paging'");
  for (const [name, v] of Object.entries({ ...numbers, escalatedShare })) {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new RangeError(`${name} must be a number ≥ 0`);
  }
  for (const share of ['pagedShare', 'offerShare', 'slaClockShare', 'noClockShare', 'replyShare'] as const) {
    if (i[share] > 1) throw new RangeError(`${share} must be between 0 and 1`);
  }
  if (i.slaClockShare + i.noClockShare + i.replyShare > 1) throw new RangeError('slaClockShare + noClockShare + replyShare must be at most 1');
  if (escalatedShare > 1) throw new RangeError('escalatedShare must be between 0 and 1');
  if (i.eventsPerDelivery < 1 || i.eventsPerClassifyBatch < 1 || i.eventsPerClassifyBatch > QUEUES_BATCH_SIZE) {
    throw new RangeError(`eventsPerDelivery must be ≥ 1 and eventsPerClassifyBatch between 1 and ${QUEUES_BATCH_SIZE}`);
  }
  const u = USAGE;
  const n = MILLION;
  const deliveries = n / i.eventsPerDelivery;
  const batches = n / i.eventsPerClassifyBatch;
  const escalations = n * escalatedShare;
  const offers = n * i.offerShare;
  const pagedTiers = n * i.pagedShare * i.tiersPaged;
  const clocks = n * i.slaClockShare;
  const clockChecks = clocks * u.clockChecksPerClock;
  const followUps = n * (1 - i.slaClockShare - i.noClockShare - i.replyShare);
  const staffCalls = n * i.staffApiCallsPerEvent;
  const linkCalls = n * i.pagedShare * u.linkCallsPerPaged + offers * u.linkCallsPerOffer;

  const gbSeconds = (invocations: number, ms: number, memoryMb: number) => invocations * (ms / 1000) * (memoryMb / 1024);
  const stepInvocations = escalations * u.stepInvocationsPerEscalation + offers * u.stepInvocationsPerOffer + pagedTiers * u.stepInvocationsPerPagedTier;
  const invocations = deliveries + batches + stepInvocations + staffCalls + linkCalls;
  const lambdaGbSeconds =
    gbSeconds(deliveries, u.intakeMs, FUNCTIONS.metaWebhook.memoryMb) +
    gbSeconds(batches, u.classifyMsPerInvocation, FUNCTIONS.classify.memoryMb) +
    gbSeconds(n, u.classifyMsPerEvent, FUNCTIONS.classify.memoryMb) +
    gbSeconds(stepInvocations, u.stepMs, FUNCTIONS.escalationSteps.memoryMb) +
    // The checks share the sweep's invocations (once a minute: fixedMonthlyCost counts them).
    gbSeconds(clockChecks, u.sweepMsPerCheck, FUNCTIONS.slaSweep.memoryMb) +
    gbSeconds(staffCalls, u.staffApiMs, FUNCTIONS.staffApi.memoryMb) +
    gbSeconds(linkCalls, u.linkPageMs, FUNCTIONS.linkPages.memoryMb);

  const httpRequests = deliveries + staffCalls + linkCalls;
  const sqsRequests = deliveries * u.sqsRequestsPerDelivery + batches * u.sqsRequestsPerBatch;
  const writeUnits =
    clocks * u.writeUnitsNewCaseWithClock +
    n * i.noClockShare * u.writeUnitsNewCaseWithoutClock +
    followUps * u.writeUnitsFollowUp +
    n * i.replyShare * u.writeUnitsBusinessReply +
    escalations * u.dynamoWritesPerEscalation +
    pagedTiers * u.dynamoWritesPerPagedTier;
  const readUnits =
    n * u.dynamoReadsPerEvent + staffCalls * u.dynamoReadsPerStaffCall + clockChecks * u.dynamoReadsPerClockCheck + escalations * u.dynamoReadsPerEscalation + pagedTiers * u.dynamoReadsPerPagedTier;
  const transitions = escalations * u.transitionsPerEscalation + pagedTiers * u.transitionsPerPagedTier;
  const emails = offers * u.emailsPerOffer + pagedTiers * i.contactsPerTier;
  const smsParts = pagedTiers * i.contactsPerTier * i.smsSegments;
  const otherInvocations = stepInvocations + staffCalls + linkCalls;
  const logGb =
    (n * u.lambdaLogBytesPerEvent +
      otherInvocations * u.lambdaLogBytesPerOtherInvocation +
      httpRequests * u.accessLogBytesPerRequest +
      transitions * u.stateMachineLogBytesPerTransition) /
    GB;
  // Traced invocations and executions: the paging path always (steps, link pages, the escalation's executions);
  // the per-event functions (webhooks, classifier, staff API) only when the stage traces all.
  const traces = stepInvocations + linkCalls + escalations + (i.tracing === 'all' ? deliveries + batches + staffCalls : 0);

  const parts: Record<CostComponent, number> = {
    apiGateway: httpRequests * PRICES.httpApiRequest,
    lambda: invocations * PRICES.lambdaRequest + lambdaGbSeconds * PRICES.lambdaGbSecondArm,
    sqs: sqsRequests * PRICES.sqsRequest,
    dynamodb: writeUnits * PRICES.dynamoWriteUnit + readUnits * PRICES.dynamoReadUnit,
    stepFunctions: transitions * PRICES.sfnTransition,
    ses: emails * i.sesEmailPrice,
    sms: smsParts * i.smsSegmentPrice,
    kms: u.kmsRequestsPerMillionEvents * PRICES.kmsRequest,
    // Ingestion, plus storage for the retention period (uncompressed size: an upper bound).
    logs: logGb * (PRICES.logsIngestGb + PRICES.logsStorageGbMonth * (i.logRetentionDays / 30)),
    xray: traces * PRICES.xrayTrace,
  };
  const out = Object.fromEntries(COST_COMPONENTS.map((c) => [c, round(parts[c])])) as Record<CostComponent, number>;
  return { ...out, total: round(COST_COMPONENTS.reduce((sum, c) => sum + parts[c], 0)) };
}

/**
 * What the stack itself has whatever the traffic: its CloudWatch alarms and its one dashboard (counted from the
 * synthesized template by test/infra/observability.test.ts, which fails when these drift), and the custom metrics the
 * handlers emit: one billed metric per dimension value (config/metrics.ts), an open set (the platforms and generic
 * sources) counted as `openDimensionValues`.
 */
export const FIXED_USAGE = {
  alarms: 25,
  dashboards: 1,
  openDimensionValues: 7,
} as const;

/** Custom metrics billed per month: each metric once per value of its dimension (once when it has none). */
export function customMetricCount(openDimensionValues: number = FIXED_USAGE.openDimensionValues): number {
  return Object.values(METRICS).reduce((sum, m) => {
    const dimension = (m as { dimension?: { values: readonly string[] | 'open' } }).dimension;
    return sum + (dimension === undefined ? 1 : dimension.values === 'open' ? openDimensionValues : dimension.values.length);
  }, 0);
}

export interface FixedMonthlyCost {
  kmsKey: number;
  secret: number;
  sqsIdlePolling: number;
  /** The SLA sweep's runs, once a minute whatever the traffic: requests, idle duration, a log line, a trace. */
  slaSweep: number;
  customMetrics: { count: number; usd: number };
  alarms: { count: number; usd: number };
  dashboard: number;
  total: number;
}

/** The SLA sweep's runs a month (every minute of 30 days) and what one costs with no check to run. */
export const SWEEP_RUNS_PER_MONTH = (30 * 24 * 60) / FUNCTIONS.slaSweep.schedule.everyMinutes;
const SWEEP_IDLE_MS = 60;
const SWEEP_LOG_BYTES = 700;

/**
 * What the stack costs per month whatever the traffic (USD): the KMS key (and up to $2 more once it has rotated
 * twice), the app secret, the long polls of the classify event source mapping on an idle queue (~0.5M requests), the
 * SLA sweep's runs each minute (its index queries are a few read units each), the custom metrics, the alarms and the
 * dashboard (free when it is among an account's first three).
 */
export function fixedMonthlyCost(): FixedMonthlyCost {
  const metrics = customMetricCount();
  const runs = SWEEP_RUNS_PER_MONTH;
  const sweep =
    runs * PRICES.lambdaRequest +
    runs * (SWEEP_IDLE_MS / 1000) * (FUNCTIONS.slaSweep.memoryMb / 1024) * PRICES.lambdaGbSecondArm +
    runs * SLA_CHECK_SHARDS * PRICES.dynamoReadUnit +
    ((runs * SWEEP_LOG_BYTES) / GB) * PRICES.logsIngestGb +
    runs * PRICES.xrayTrace;
  const parts = {
    kmsKey: PRICES.kmsKeyMonth,
    secret: PRICES.secretMonth,
    sqsIdlePolling: round(500_000 * PRICES.sqsRequest),
    slaSweep: round(sweep),
    customMetrics: { count: metrics, usd: round(metrics * PRICES.metricMonth) },
    alarms: { count: FIXED_USAGE.alarms, usd: round(FIXED_USAGE.alarms * PRICES.alarmMonth) },
    dashboard: round(FIXED_USAGE.dashboards * PRICES.dashboardMonth),
  };
  const total = parts.kmsKey + parts.secret + parts.sqsIdlePolling + parts.slaSweep + parts.customMetrics.usd + parts.alarms.usd + parts.dashboard;
  return { ...parts, total: round(total) };
}

const usd = (v: number) => v.toFixed(2);

/**
 * The cost table of docs/cost.md: USD per million events per component for the two SCENARIOS.
 * test/unit/cost-model.test.ts checks that docs/cost.md carries exactly this table, so the doc and the bench agree.
 */
export function costTableMarkdown(): string {
  const without = costPerMillion(SCENARIOS.withoutPaging);
  const withPaging = costPerMillion(SCENARIOS.withPaging);
  const p = SCENARIOS.withPaging;
  const pct = (share: number) => `${Math.round(share * 100)}%`;
  return [
    `| USD per million events (${PRICES_DATE}) | without paging | with paging (${pct(p.pagedShare)} paged, ${pct(p.offerShare)} offered) |`,
    '|---|---:|---:|',
    ...COST_COMPONENTS.map((c) => `| ${COMPONENT_LABELS[c]} | ${usd(without[c])} | ${usd(withPaging[c])} |`),
    `| **total** | **${usd(without.total)}** | **${usd(withPaging.total)}** |`,
  ].join('\n');
}
