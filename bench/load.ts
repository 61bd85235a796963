import { loadDelivery } from '../test/helpers/load';
import { loadBench, outcomeOf } from './load-bench';
import { fireFromThread } from './load-sender';

/**
 * Sustained throughput of the whole local pipeline: N distinct signed deliveries (Meta, X, Standard Webhooks) sent
 * through the HTTP front with 50 in flight (autocannon, in a thread of its own: bench/load-sender.ts), timed from the
 * first request until the staff API lists every accepted one as a case. events/s = N / that time; lost = accepted −
 * cases (must be 0). Run by bench/run.ts in its own process (bench/load-bench.ts); prints one JSON line.
 */
loadBench(
  'load',
  (i) => loadDelivery(i, 9_000_000),
  async (stack, token) => {
    const n = Number(process.env.BENCH_LOAD_DELIVERIES ?? 3000);
    const connections = Number(process.env.BENCH_LOAD_CONNECTIONS ?? 50);
    const startedMs = performance.now();
    const fired = await fireFromThread(stack.url, n, 'load', connections);
    const outcome = await outcomeOf(stack, token, { n, connections, fired, startedMs, timeoutMs: 180_000 });
    return {
      ...outcome,
      intake_s: Math.round(fired.durationMs) / 1000,
      intake_per_s: Math.round((n / fired.durationMs) * 1000),
      intake_latency_ms: fired.latency,
    };
  },
);
