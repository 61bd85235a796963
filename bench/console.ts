import '../local/polyfills';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { buildConsole } from '../console/build';
import { startLocalStack } from '../local/stack';
import { launchChromium } from '../test/helpers/browser';
import { fireDeliveries, waitForCases } from '../test/helpers/load';
import { summarise } from './stats';

/**
 * The care console as a phone on 4G gets it: what it downloads (the build, raw, gzip and brotli), and in headless
 * Chromium throttled to Lighthouse's "slow 4G" (150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up) with a CPU 4×
 * slower than this machine's, from an empty cache each time: the page to its sign-in form, and signing in to the
 * first 50 cases of a 500-case queue on screen. Run by bench/run.ts in its own process; prints one JSON line.
 */
const RUNS = Number(process.env.BENCH_CONSOLE_RUNS ?? 5);
const CASES = Number(process.env.BENCH_CONSOLE_CASES ?? 500);
const TOKEN = 'bench-console-token';

async function main() {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  process.env.STAFF_API_TOKEN = TOKEN;
  const build = buildConsole();
  const bodies = [...build.files.entries()].filter(([name]) => name !== 'icon.svg').map(([, f]) => f.body);
  const bytes = (f: (b: Buffer) => Buffer) => bodies.reduce((n, b) => n + f(b).length, 0);
  const download = { raw: bytes((b) => b), gzip: bytes(gzipSync), brotli: bytes((b) => brotliCompressSync(b)) };

  const stack = await startLocalStack({ port: 0 });
  const browser = await launchChromium();
  const toSignIn: number[] = [];
  const toQueue: number[] = [];
  try {
    const fired = await fireDeliveries(stack.url, CASES, { connections: 20 });
    const outcome = await waitForCases(stack, TOKEN, fired.accepted, { timeoutMs: 120_000 });
    if (outcome.missing.length > 0) throw new Error(`${outcome.missing.length} cases missing`);
    for (let i = 0; i < RUNS; i++) {
      const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
      await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8 });
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
      const t0 = performance.now();
      await page.goto(`${stack.url}/console/`);
      await page.getByLabel('Staff token').waitFor();
      toSignIn.push(performance.now() - t0);
      await page.getByLabel('Staff token').fill(TOKEN);
      const t1 = performance.now();
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.locator('.queue .row').nth(49).waitFor({ timeout: 60_000 });
      toQueue.push(performance.now() - t1);
      await context.close();
    }
  } finally {
    await browser.close();
    await stack.stop();
  }
  process.stdout.write(
    JSON.stringify({
      download_bytes: download,
      files: [...build.files.keys()],
      slow_4g_cpu4x: { page_to_sign_in_form_ms: summarise(toSignIn), sign_in_to_50_of_500_cases_ms: summarise(toQueue) },
    }) + '\n',
  );
  process.exit(0);
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
