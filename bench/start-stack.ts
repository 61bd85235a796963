import '../local/polyfills';
import { startLocalStack } from '../local/stack';

/** Child process for the bench: how long from process start until the local stack answers /healthz. */
async function main() {
  const stack = await startLocalStack({ port: 0 });
  const res = await fetch(`${stack.url}/healthz`);
  const readyMs = performance.now(); // performance.now() counts from process start
  process.stdout.write(JSON.stringify({ readyMs, healthy: res.status === 200 }) + '\n');
  await stack.stop();
  process.exit(0);
}
void main();
