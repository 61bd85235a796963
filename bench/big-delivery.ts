import '../local/polyfills';
import { caseIdFor } from '../lambdas/domain/cases/rules';
import { startLocalStack } from '../local/stack';
import { facebookCommentBatch, metaDelivery, post } from '../test/helpers/deliveries';

/**
 * Big deliveries on the full local stack (run by bench/run.ts in its own process; prints one JSON line):
 * - how long the webhook takes to accept a 5 MiB Meta batch of 16,000 comments (they go to the bulk queue in bundles);
 * - delivery → first on-call SMS for a critical comment that is the LAST of a 3,000-comment delivery, beside the same
 *   for a critical comment sent alone: the bundles' first look finds it, so the ratio shows what the batch costs it.
 */
const CRITICAL = 'My heater exploded and set the house on fire, calling my lawyer';

async function firstSms(stack: Awaited<ReturnType<typeof startLocalStack>>, caseId: string, started: number, limitMs = 180_000): Promise<number> {
  for (;;) {
    if (stack.outbox().sms.some((m) => m.body.includes(caseId))) return Math.round(performance.now() - started);
    if (performance.now() - started > limitMs) throw new Error(`no SMS for ${caseId} within ${limitMs} ms`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function main() {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  const stack = await startLocalStack({ port: 0 });
  try {
    // A critical comment alone, for the baseline.
    const alone = facebookCommentBatch(1, 'alone', () => CRITICAL);
    let started = performance.now();
    if ((await post(stack.url, metaDelivery(alone))).status !== 200) throw new Error('refused');
    const aloneMs = await firstSms(stack, caseIdFor('facebook:104857600000001_900000000000002_alone0'), started);

    // The same, last of 3,000 comments.
    const n = 3_000;
    const big = facebookCommentBatch(n, 'last', (i) => (i === n - 1 ? CRITICAL : `nice weather today ${i}`));
    started = performance.now();
    if ((await post(stack.url, metaDelivery(big))).status !== 200) throw new Error('refused');
    const lastMs = await firstSms(stack, caseIdFor(`facebook:104857600000001_900000000000002_last${n - 1}`), started);

    // Accepting 5 MiB: 16,000 comments.
    const huge = metaDelivery(facebookCommentBatch(16_000, 'huge'));
    started = performance.now();
    const res = await post(stack.url, huge);
    const acceptMs = Math.round(performance.now() - started);
    if (res.status !== 200) throw new Error(`5 MiB delivery refused: ${res.status}`);

    process.stdout.write(
      JSON.stringify({
        critical_alone_first_sms_ms: aloneMs,
        critical_last_of_3000_first_sms_ms: lastMs,
        ratio: Math.round((lastMs / aloneMs) * 10) / 10,
        accept_5mib_16000_comments_ms: acceptMs,
        body_bytes: Buffer.byteLength(huge.body),
      }) + '\n',
    );
  } finally {
    await stack.stop();
  }
  process.exit(0);
}
void main();
