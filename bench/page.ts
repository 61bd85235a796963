import '../local/polyfills';
import { caseIdFor } from '../lambdas/domain/cases/rules';
import { startLocalStack } from '../local/stack';
import { xDelivery, xMention } from '../test/helpers/deliveries';
import { summarise } from './stats';
import { timeDeliveries } from './timed-deliveries';

/**
 * Delivery → first on-call SMS, on the full local stack: webhook, SQS, poller, classifier, DynamoDB, StartExecution,
 * the escalation state machine's Plan and NotifyTier steps, and SNS Publish (the emulator's SMS outbox). One
 * critical post at a time; the outbox is read in-process every millisecond. Run by bench/run.ts in its own process;
 * prints one JSON line. The default example policy is used (tier 1 waits 5 minutes, so no later tier interferes).
 */
async function main() {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  const iterations = Number(process.env.BENCH_PAGE_ITERATIONS ?? 50);
  const stack = await startLocalStack({ port: 0 });
  let samples: number[];
  try {
    samples = await timeDeliveries(
      stack.url,
      iterations,
      (i) => {
        const id = String(6e15 + i);
        const caseId = caseIdFor(`x:${id}`);
        return {
          delivery: xDelivery(
            xMention({ id, userId: `page-bench-${i}`, text: `@AcmeSupport your heater caught fire in my flat last night, my daughter burned her hand (${i})` }),
          ),
          arrived: () => stack.outbox().sms.some((m) => m.body.includes(caseId)),
          what: `the SMS for ${caseId}`,
        };
      },
      { pollMs: 1 },
    );
  } finally {
    await stack.stop();
  }
  process.stdout.write(JSON.stringify(summarise(samples)) + '\n');
  process.exit(0);
}
void main();
