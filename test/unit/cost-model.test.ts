/**
 * The cost model (bench/cost-model.ts) that both docs/cost.md's table and `npm run bench` use: prices as in
 * AWS's us-east-1 pricing pages (gathered 2026-11), per-component arithmetic that follows the code's usage, and docs/cost.md carrying
 * exactly the table the model produces.
 */
import { readFileSync } from 'node:fs';
import { METRICS } from '../../config/metrics';
import path from 'node:path';
import {
  COST_COMPONENTS,
  costPerMillion,
  costTableMarkdown,
  customMetricCount,
  FIXED_USAGE,
  fixedMonthlyCost,
  PRICES,
  SCENARIOS,
  SWEEP_RUNS_PER_MONTH,
  USAGE,
} from '../../bench/cost-model';

const sum = (b: ReturnType<typeof costPerMillion>) => COST_COMPONENTS.reduce((s, c) => s + b[c], 0);

test('prices are the figures of AWS us-east-1 pricing pages (gathered 2026-11, first tier)', () => {
  expect(PRICES.lambdaRequest * 1e6).toBeCloseTo(0.2);
  expect(PRICES.lambdaGbSecondArm).toBe(0.0000133334);
  expect(PRICES.httpApiRequest * 1e6).toBeCloseTo(1.0);
  expect(PRICES.sqsRequest * 1e6).toBeCloseTo(0.4);
  expect(PRICES.dynamoWriteUnit * 1e6).toBeCloseTo(0.625);
  expect(PRICES.dynamoReadUnit * 1e6).toBeCloseTo(0.125);
  expect(PRICES.sfnTransition * 1000).toBeCloseTo(0.025);
  expect(PRICES.sesEmail * 1000).toBeCloseTo(0.1);
  // US SMS all in: $0.00581 base plus carrier fees, $0.0083–0.0088 per part.
  expect([PRICES.smsSegmentLow, PRICES.smsSegment, PRICES.smsSegmentHigh]).toEqual([0.0083, 0.00855, 0.0088]);
  expect([PRICES.metricMonth, PRICES.alarmMonth, PRICES.dashboardMonth]).toEqual([0.3, 0.1, 3]);
  expect(PRICES.logsIngestGb).toBe(0.5);
  expect(PRICES.xrayTrace * 1e6).toBeCloseTo(5);
});

test('with no input it prices the with-paging scenario; the total is the sum of the components', () => {
  const b = costPerMillion();
  expect(b).toEqual(costPerMillion(SCENARIOS.withPaging));
  expect(b.total).toBeCloseTo(sum(b), 1);
  for (const c of COST_COMPONENTS) expect(b[c]).toBeGreaterThanOrEqual(0);
});

test('without paging: no SMS, no email, no workflow at all (clocks are swept), X-Ray off the per-event path; within $15', () => {
  const b = costPerMillion(SCENARIOS.withoutPaging);
  expect(b.sms).toBe(0);
  expect(b.ses).toBe(0);
  expect(b.stepFunctions).toBe(0);
  expect(b.xray).toBe(0);
  expect(b.total).toBeLessThanOrEqual(15);
  expect(b.total).toBeLessThan(costPerMillion(SCENARIOS.withPaging).total);
  // The ceilings with paging too: Step Functions runs only the escalations, X-Ray traces the paging path only.
  const paging = costPerMillion(SCENARIOS.withPaging);
  expect(paging.stepFunctions).toBeCloseTo(1e6 * (0.08 * USAGE.transitionsPerEscalation + 0.01 * USAGE.transitionsPerPagedTier) * PRICES.sfnTransition, 2);
  expect(paging.xray).toBeLessThanOrEqual(1.5);
});

test('DynamoDB writes follow the measured paths: the clock share and the follow-ups move them', () => {
  const base = costPerMillion(SCENARIOS.withoutPaging);
  const u = USAGE;
  const writes = 1e6 * (0.4 * u.writeUnitsNewCaseWithClock + 0.3 * u.writeUnitsNewCaseWithoutClock + 0.2 * u.writeUnitsFollowUp + 0.1 * u.writeUnitsBusinessReply);
  const reads = 1e6 * (u.dynamoReadsPerEvent + 0.5 * u.dynamoReadsPerStaffCall + 0.4 * u.clockChecksPerClock * u.dynamoReadsPerClockCheck);
  expect(base.dynamodb).toBeCloseTo(writes * PRICES.dynamoWriteUnit + reads * PRICES.dynamoReadUnit, 2);
  expect(costPerMillion({ ...SCENARIOS.withoutPaging, slaClockShare: 0.6, noClockShare: 0.1 }).dynamodb).toBeGreaterThan(base.dynamodb);
  expect(() => costPerMillion({ slaClockShare: 0.7, noClockShare: 0.3, replyShare: 0.1 })).toThrow(RangeError);
});

test('tracing `all` traces every delivery, classify batch and staff call; `paging` none of them', () => {
  const quiet = costPerMillion({ ...SCENARIOS.withoutPaging, tracing: 'all' });
  expect(quiet.xray).toBeCloseTo((1e6 + 1e6 + 0.5e6) * PRICES.xrayTrace, 2);
  expect(costPerMillion({ ...SCENARIOS.withoutPaging, tracing: 'paging' }).xray).toBe(0);
});

test('worked components: API Gateway, SQS and SMS follow the usage', () => {
  const b = costPerMillion({ pagedShare: 0.01, offerShare: 0, escalatedShare: 0.01, staffApiCallsPerEvent: 0, eventsPerClassifyBatch: 10 });
  // One request per delivery (no staff calls) plus a GET and a POST per acknowledged page.
  expect(b.apiGateway).toBeCloseTo((1e6 + 1e4 * USAGE.linkCallsPerPaged) * PRICES.httpApiRequest, 2);
  // SendMessageBatch per delivery, ReceiveMessage + DeleteMessageBatch per batch of 10.
  expect(b.sqs).toBeCloseTo((1e6 + 2e5) * PRICES.sqsRequest, 2);
  // 10,000 paged events × 1 tier × 2 contacts × 2 parts × $0.00855.
  expect(b.sms).toBe(342);
});

test('SMS is linear in the paged share and the SMS price; SES follows the email price', () => {
  const base = costPerMillion({ ...SCENARIOS.withPaging });
  expect(costPerMillion({ ...SCENARIOS.withPaging, pagedShare: 0.02, escalatedShare: 0.09 }).sms).toBeCloseTo(2 * base.sms, 2);
  expect(costPerMillion({ ...SCENARIOS.withPaging, smsSegmentPrice: PRICES.smsSegmentHigh }).sms).toBeCloseTo((base.sms * 0.0088) / 0.00855, 1);
  expect(costPerMillion({ ...SCENARIOS.withPaging, sesEmailPrice: PRICES.sesEmailEssentials2026 }).ses).toBeCloseTo(base.ses * 1.6, 2);
});

test('batching and multi-event deliveries make Lambda and SQS cheaper', () => {
  const quiet = costPerMillion(SCENARIOS.withoutPaging);
  const busy = costPerMillion({ ...SCENARIOS.withoutPaging, eventsPerClassifyBatch: 10, eventsPerDelivery: 5 });
  expect(busy.sqs).toBeLessThan(quiet.sqs);
  expect(busy.lambda).toBeLessThan(quiet.lambda);
  expect(busy.apiGateway).toBeLessThan(quiet.apiGateway);
});

test('the escalated share is at least the paged plus the offered share', () => {
  const low = costPerMillion({ pagedShare: 0.02, offerShare: 0.03, escalatedShare: 0 });
  const explicit = costPerMillion({ pagedShare: 0.02, offerShare: 0.03, escalatedShare: 0.05 });
  expect(low).toEqual(explicit);
});

test('refuses shares outside 0..1 and nonsense batch sizes', () => {
  expect(() => costPerMillion({ pagedShare: 1.5 })).toThrow(RangeError);
  expect(() => costPerMillion({ offerShare: -0.1 })).toThrow(RangeError);
  expect(() => costPerMillion({ eventsPerClassifyBatch: 0 })).toThrow(RangeError);
  expect(() => costPerMillion({ eventsPerClassifyBatch: 11 })).toThrow(RangeError);
  expect(() => costPerMillion({ tiersPaged: Number.NaN })).toThrow(RangeError);
});

test('fixed monthly costs: the KMS key, the secret, idle polling, the sweep each minute, custom metrics, alarms and the dashboard', () => {
  const fixed = fixedMonthlyCost();
  expect(fixed).toMatchObject({ kmsKey: 1, secret: 0.4, sqsIdlePolling: 0.2, dashboard: 3 });
  // 43,200 runs a month: requests alone are $0.0086, a trace each $0.22; under a dollar in all.
  expect(SWEEP_RUNS_PER_MONTH).toBe(43_200);
  expect(fixed.slaSweep).toBeGreaterThan(0.2);
  expect(fixed.slaSweep).toBeLessThan(1);
  expect(fixed.alarms).toEqual({ count: FIXED_USAGE.alarms, usd: Math.round(FIXED_USAGE.alarms * 0.1 * 100) / 100 });
  expect(fixed.customMetrics.usd).toBeCloseTo(fixed.customMetrics.count * 0.3, 2);
  expect(fixed.total).toBeCloseTo(1 + 0.4 + 0.2 + fixed.slaSweep + 3 + fixed.alarms.usd + fixed.customMetrics.usd, 2);
});

test('custom metrics are billed once per dimension value: an open set (platforms, sources) adds one per value', () => {
  const open = Object.values(METRICS).filter((m) => (m as { dimension?: { values: unknown } }).dimension?.values === 'open').length;
  expect(open).toBeGreaterThan(0);
  expect(customMetricCount(8) - customMetricCount(7)).toBe(open);
  // Between the ≈ 35–45 an outside count made and the handlers' own list, with 7 platforms and sources.
  expect(customMetricCount()).toBeGreaterThanOrEqual(Object.keys(METRICS).length);
});

test("docs/cost.md's table is exactly the model's", () => {
  const doc = readFileSync(path.join(__dirname, '../../docs/cost.md'), 'utf8');
  expect(doc).toContain(costTableMarkdown());
  // And the fixed monthly figures its text quotes.
  const fixed = fixedMonthlyCost();
  expect(doc).toContain(`USD ${fixed.total.toFixed(2)}`);
  expect(doc).toContain(`${fixed.customMetrics.count} custom metrics\n$${fixed.customMetrics.usd.toFixed(2)}`);
  expect(doc).toContain(`${fixed.alarms.count} alarms $${fixed.alarms.usd.toFixed(2)}`);
});

test("the README quotes the model's totals", () => {
  const readme = readFileSync(path.join(__dirname, '../../README.md'), 'utf8').replace(/\s+/g, ' ');
  expect(readme).toContain(`USD ${costPerMillion(SCENARIOS.withoutPaging).total.toFixed(2)} without paging`);
  expect(readme).toContain(`and ${Math.round(costPerMillion(SCENARIOS.withPaging).total)} with 1% of events paging`);
  expect(readme).toContain(`USD ${fixedMonthlyCost().total.toFixed(2)} a month is fixed`);
});
