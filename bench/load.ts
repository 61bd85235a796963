import '../local/polyfills';
import { startLocalStack } from '../local/stack';
import { fireDeliveries, loadDelivery, queueDepth, waitForCases } from '../test/helpers/load';

/**
 * Sustained throughput of the whole local pipeline: N distinct signed deliveries (Meta, X, Standard Webhooks) sent
 * through the HTTP front with 50 in flight (autocannon), timed from the first request until the staff API lists every
 * accepted one as a case. events/s = N / that time; lost = accepted − cases (must be 0). Run by bench/run.ts in its
 * own process (the local stack starts once per process); prints one JSON line.
 */
async function main() {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  const n = Number(process.env.BENCH_LOAD_DELIVERIES ?? 3000);
  const connections = Number(process.env.BENCH_LOAD_CONNECTIONS ?? 50);
  const token = 'bench-load-staff-token-0123456789';
  process.env.STAFF_API_TOKEN = token;
  const stack = await startLocalStack({ port: 0 });
  try {
    // A few deliveries first, so module and connection warm-up is not part of the figure; then a clean table count.
    const warm = await fireDeliveries(stack.url, 20, { connections: 10, make: (i) => loadDelivery(i, 9_000_000) });
    await waitForCases(stack, token, warm.accepted, { timeoutMs: 30_000 });

    const started = performance.now();
    const fired = await fireDeliveries(stack.url, n, { connections });
    const outcome = await waitForCases(stack, token, fired.accepted, { timeoutMs: 180_000 });
    const elapsedMs = performance.now() - started;
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
      intake_s: Math.round(fired.durationMs) / 1000,
      intake_per_s: Math.round((n / fired.durationMs) * 1000),
      intake_latency_ms: fired.latency,
      elapsed_s: Math.round(elapsedMs) / 1000,
      events_per_s: Math.round((n / elapsedMs) * 1000),
    };
    process.stdout.write(JSON.stringify(result) + '\n');
    // Throughput means nothing if deliveries were refused or lost: fail the bench rather than report a figure.
    if (result.accepted !== n || result.lost !== 0 || result.dlq !== 0 || !result.healthy) {
      console.error(`sustained load lost work: ${JSON.stringify(result)}`);
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
