import '../local/polyfills';
import { caseIdFor } from '../lambdas/domain/cases/rules';
import { startLocalStack } from '../local/stack';
import { xDelivery, xMention } from '../test/helpers/deliveries';
import { summarise } from './stats';
import { timeDeliveries } from './timed-deliveries';

/**
 * Delivery → case visible through the staff API, on the full local stack (webhook, SQS, poller, classifier,
 * DynamoDB), one delivery at a time. The API is polled every 2 ms, which bounds the measuring error.
 * Run by bench/run.ts in its own process; prints one JSON line.
 */
async function main() {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  const iterations = Number(process.env.BENCH_E2E_ITERATIONS ?? 200);
  const token = 'bench-staff-token-0123456789';
  process.env.STAFF_API_TOKEN = token;
  const stack = await startLocalStack({ port: 0 });
  let samples: number[];
  try {
    samples = await timeDeliveries(
      stack.url,
      iterations,
      (i) => {
        const id = String(5e15 + i);
        const caseId = caseIdFor(`x:${id}`);
        return {
          delivery: xDelivery(xMention({ id, userId: `bench-${i}`, text: '@AcmeSupport my refund still has not arrived after 2 weeks' })),
          arrived: async () => {
            const got = await fetch(`${stack.url}/api/cases/${caseId}`, { headers: { authorization: `Bearer ${token}` } });
            await got.arrayBuffer();
            return got.status === 200;
          },
          what: `case ${caseId}`,
        };
      },
      { pollMs: 2 },
    );
  } finally {
    await stack.stop();
  }
  process.stdout.write(JSON.stringify(summarise(samples)) + '\n');
  process.exit(0);
}
void main();
