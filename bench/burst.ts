import '../local/polyfills';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { caseIdFor } from '../lambdas/domain/cases/rules';
import { startLocalStack } from '../local/stack';
import { burstDelivery, fireDeliveries, queueDepth, waitForCases } from '../test/helpers/load';
import { summarise } from './stats';

/**
 * A burst on the local stack (a bad day): N signed deliveries, mostly complaints and one in twenty critical (each
 * pages on-call by SMS), sent through the HTTP front with 50 in flight. Measured: events/s from the first request until
 * the staff API lists every accepted one as a case, how fast the front accepts (autocannon's latency), and delivery →
 * first SMS of each critical one while the burst is on (send time → the SMS outbox's `at`). Run by bench/run.ts in its
 * own process (the local stack starts once per process); prints one JSON line.
 */
async function main() {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  const n = Number(process.env.BENCH_BURST_DELIVERIES ?? 2000);
  const connections = Number(process.env.BENCH_BURST_CONNECTIONS ?? 50);
  const token = 'bench-burst-staff-token-0123456789';
  process.env.STAFF_API_TOKEN = token;
  const stack = await startLocalStack({ port: 0 });
  try {
    // A few deliveries first, so module and connection warm-up is not part of the figure.
    const warm = await fireDeliveries(stack.url, 20, { connections: 10, make: (i) => burstDelivery(i, 9_000_000) });
    await waitForCases(stack, token, warm.accepted, { timeoutMs: 30_000 });
    const smsBefore = stack.outbox().sms.length;

    // When each critical delivery was sent (as autocannon builds it), by the case id its page names.
    const sentAt = new Map<string, number>();
    // How long the main thread (the HTTP front's) was held up at a time while the burst was being accepted.
    const loopDelay = monitorEventLoopDelay({ resolution: 10 });
    loopDelay.enable();
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    const fired = await fireDeliveries(stack.url, n, {
      connections,
      make: (i) => {
        const d = burstDelivery(i);
        if (d.critical) sentAt.set(caseIdFor(d.eventId), Date.now());
        return d;
      },
    });
    loopDelay.disable();
    const outcome = await waitForCases(stack, token, fired.accepted, { timeoutMs: 300_000 });
    const elapsedMs = performance.now() - started;
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
    const dlq = await queueDepth(stack.endpoints.sqs, stack.queues.events.dlqUrl);
    const health = await stack.health();
    const result = {
      n,
      connections,
      accepted: fired.accepted.length,
      refused: fired.refused.length,
      unanswered: fired.errors,
      cases: outcome.cases,
      lost: fired.accepted.length - outcome.cases,
      dlq,
      healthy: health.ok,
      elapsed_s: Math.round(elapsedMs) / 1000,
      events_per_s: Math.round((n / elapsedMs) * 1000),
      cpu_ms_per_event: Math.round(((cpu.user + cpu.system) / 1000 / n) * 10) / 10,
      intake_s: Math.round(fired.durationMs) / 1000,
      accept_latency_ms: { p50: fired.latency.p50, p99: fired.latency.p99, max: fired.latency.max },
      main_loop_delay_ms: { p99: Math.round(loopDelay.percentile(99) / 1e6), max: Math.round(loopDelay.max / 1e6) },
      critical: sentAt.size,
      paged: firstSms.size,
      delivery_to_first_sms_ms: { p50: toSms.p50, p99: toSms.p99, max: toSms.max },
    };
    process.stdout.write(JSON.stringify(result) + '\n');
    // Speed means nothing if deliveries were refused or lost, or a critical one never paged: fail the bench.
    if (result.accepted !== n || result.lost !== 0 || result.dlq !== 0 || result.paged !== result.critical || !result.healthy) {
      console.error(`burst lost work: ${JSON.stringify(result)}`);
      process.exitCode = 1;
    }
  } finally {
    await stack.stop();
  }
  process.exit(process.exitCode ?? 0);
}
main().catch((err) => {
  console.error(err);
  process.exit(1);
});
