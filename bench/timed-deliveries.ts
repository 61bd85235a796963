import type { Delivery } from '../test/helpers/deliveries';

/**
 * The loop of the end-to-end benches (e2e.ts, page.ts): one delivery at a time, timed from the POST until `arrived`
 * says its effect is visible (polled every `pollMs`, which bounds the measuring error). Throws when a delivery is
 * refused or its effect does not show within `limitMs`.
 */
export async function timeDeliveries(
  baseUrl: string,
  iterations: number,
  next: (i: number) => { delivery: Delivery; arrived: () => boolean | Promise<boolean>; what: string },
  opts: { pollMs: number; limitMs?: number },
): Promise<number[]> {
  const limitMs = opts.limitMs ?? 10_000;
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const { delivery, arrived, what } = next(i);
    const started = performance.now();
    const res = await fetch(baseUrl + delivery.path, { method: 'POST', headers: delivery.headers, body: delivery.body });
    if (res.status !== 200) throw new Error(`delivery refused: ${res.status}`);
    while (!(await arrived())) {
      if (performance.now() - started > limitMs) throw new Error(`${what} did not show within ${limitMs} ms`);
      await new Promise((r) => setTimeout(r, opts.pollMs));
    }
    samples.push(performance.now() - started);
  }
  return samples;
}
