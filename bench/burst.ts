import { monitorEventLoopDelay } from 'node:perf_hooks';
import { burstDelivery } from '../test/helpers/load';
import { loadBench, outcomeOf } from './load-bench';
import { fireFromThread } from './load-sender';
import { summarise } from './stats';

/**
 * A burst on the local stack (a bad day): N signed deliveries, mostly complaints and one in twenty critical (each
 * pages on-call by SMS), sent through the HTTP front with 50 in flight. Measured: events/s from the first request until
 * the staff API lists every accepted one as a case, how fast the front accepts (autocannon's latency), and delivery →
 * first SMS of each critical one while the burst is on (send time → the SMS outbox's `at`). The sender runs in a thread
 * of its own (bench/load-sender.ts). Run by bench/run.ts in its own process (bench/load-bench.ts); prints one JSON
 * line, and fails when a critical one never paged.
 */
loadBench(
  'burst',
  (i) => burstDelivery(i, 9_000_000),
  async (stack, token) => {
    const n = Number(process.env.BENCH_BURST_DELIVERIES ?? 2000);
    const connections = Number(process.env.BENCH_BURST_CONNECTIONS ?? 50);
    const smsBefore = stack.outbox().sms.length;
    // How long the main thread (the HTTP front's) was held up at a time while the burst was being accepted.
    const loopDelay = monitorEventLoopDelay({ resolution: 10 });
    loopDelay.enable();
    const cpuBefore = process.cpuUsage();
    const startedMs = performance.now();
    const fired = await fireFromThread(stack.url, n, 'burst', connections);
    loopDelay.disable();
    // When each critical delivery was sent, by the case id its page names.
    const sentAt = new Map(fired.criticalSentAt);
    const outcome = await outcomeOf(stack, token, { n, connections, fired, startedMs, timeoutMs: 300_000 });
    // CPU of the whole process (every thread) per delivery: what a busy, shared machine changes least.
    const cpu = process.cpuUsage(cpuBefore);

    // Each critical case's first SMS (it may come a little after its case is listed).
    const firstSms = new Map<string, number>();
    const deadline = Date.now() + 30_000;
    while (firstSms.size < sentAt.size && Date.now() < deadline) {
      for (const m of stack.outbox().sms.slice(smsBefore)) {
        for (const caseId of sentAt.keys()) {
          if (!firstSms.has(caseId) && m.body.includes(caseId)) firstSms.set(caseId, Date.parse(m.at));
        }
      }
      if (firstSms.size < sentAt.size) await new Promise((r) => setTimeout(r, 250));
    }
    const toSms = summarise([...firstSms].map(([caseId, at]) => at - sentAt.get(caseId)!));
    return {
      ...outcome,
      cpu_ms_per_event: Math.round(((cpu.user + cpu.system) / 1000 / n) * 10) / 10,
      intake_s: Math.round(fired.durationMs) / 1000,
      accept_latency_ms: { p50: fired.latency.p50, p99: fired.latency.p99, max: fired.latency.max },
      main_loop_delay_ms: { p99: Math.round(loopDelay.percentile(99) / 1e6), max: Math.round(loopDelay.max / 1e6) },
      critical: sentAt.size,
      paged: firstSms.size,
      delivery_to_first_sms_ms: { p50: toSms.p50, p99: toSms.p99, max: toSms.max },
    };
  },
  (r) => r.paged !== r.critical,
);
