import '../local/polyfills';
import { type LocalStack, startLocalStack } from '../local/stack';
import { type FireResult, type LoadDelivery, fireDeliveries, queueDepth, waitForCases } from '../test/helpers/load';

/**
 * What the two load benches (bench/load.ts, bench/burst.ts) share: a local stack of their own (it starts once per
 * process), a warm-up so module and connection warm-up is not part of the figure, the count of what was accepted,
 * made into cases and lost, and one JSON line — failing the bench when work was lost, since speed then means nothing.
 */

export interface LoadOutcome {
  n: number;
  connections: number;
  accepted: number;
  refused: number;
  unanswered: number;
  cases: number;
  lost: number;
  dlq: number;
  healthy: boolean;
  elapsed_s: number;
  events_per_s: number;
}

/** Waits until the staff API lists every accepted delivery as a case, and counts what was lost. */
export async function outcomeOf(
  stack: LocalStack,
  token: string,
  run: { n: number; connections: number; fired: FireResult; startedMs: number; timeoutMs: number },
): Promise<LoadOutcome> {
  const { n, connections, fired } = run;
  const waited = await waitForCases(stack, token, fired.accepted, { timeoutMs: run.timeoutMs });
  const elapsedMs = performance.now() - run.startedMs;
  const dlq = await queueDepth(stack.endpoints.sqs, stack.queues.events.dlqUrl);
  const health = await stack.health();
  return {
    n,
    connections,
    accepted: fired.accepted.length,
    refused: fired.refused.length,
    unanswered: fired.errors,
    cases: waited.cases,
    lost: fired.accepted.length - waited.cases,
    dlq,
    healthy: health.ok,
    elapsed_s: Math.round(elapsedMs) / 1000,
    events_per_s: Math.round((n / elapsedMs) * 1000),
  };
}

const lostWork = (r: LoadOutcome) => r.accepted !== r.n || r.lost !== 0 || r.dlq !== 0 || !r.healthy;

/**
 * Runs a load bench in this process and exits: `measure` gets a warmed-up stack and returns its figures (a LoadOutcome
 * and more); `failed` adds what else makes the run worthless.
 */
export function loadBench<R extends LoadOutcome>(
  name: string,
  warmUp: (i: number) => LoadDelivery,
  measure: (stack: LocalStack, token: string) => Promise<R>,
  failed: (r: R) => boolean = () => false,
): void {
  const main = async () => {
    process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
    const token = `bench-${name}-staff-token-0123456789`;
    process.env.STAFF_API_TOKEN = token;
    const stack = await startLocalStack({ port: 0 });
    try {
      const warm = await fireDeliveries(stack.url, 20, { connections: 10, make: warmUp });
      await waitForCases(stack, token, warm.accepted, { timeoutMs: 30_000 });
      const result = await measure(stack, token);
      process.stdout.write(JSON.stringify(result) + '\n');
      if (lostWork(result) || failed(result)) {
        console.error(`${name} lost work: ${JSON.stringify(result)}`);
        process.exitCode = 1;
      }
    } finally {
      await stack.stop();
    }
    process.exit(process.exitCode ?? 0);
  };
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
