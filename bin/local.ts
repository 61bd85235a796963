import '../local/polyfills';
import path from 'node:path';
import { describePolicy } from '../lambdas/domain/escalation/policy';
import { explainStartFailure, lockDataDir } from '../local/data-dir-lock';
import { LOCAL_SECRET_DEFAULTS } from '../local/secret-defaults';
import { installReadableLogs } from '../local/readable-logs';
import { LOCAL_ESCALATION_DEFAULTS, startLocalStack } from '../local/stack';

/**
 * `npm start`: the whole pipeline on this machine, on AWS-API emulators bound to 127.0.0.1.
 * PORT (default 3000) and LOCAL_DATA_DIR (default .local/) are read here; secrets come from the contract's
 * variables, and the development default of each unset one is printed so test deliveries can be signed.
 */
const port = Number(process.env.PORT ?? 3000);
const dataDir = path.resolve(process.env.LOCAL_DATA_DIR ?? '.local');

async function main(): Promise<void> {
  if (process.env.LOG_FORMAT !== 'json') {
    installReadableLogs(process.stdout);
    installReadableLogs(process.stderr);
  }
  const release = lockDataDir(dataDir);
  process.on('exit', release);
  const out = (line: string) => process.stdout.write(`${line}\n`);
  // Which secrets the developer set, before the stack fills the others with their development values.
  const fromEnvironment = new Set(Object.keys(LOCAL_SECRET_DEFAULTS).filter((name) => process.env[name]));
  out(`Starting the local social-care stack (data in ${dataDir})`);
  const stack = await startLocalStack({
    port,
    dataDir: path.join(dataDir, 'dynamodb'),
    onProgress: (step, ms) => out(`  ✓ ${step}  (${ms.toFixed(0)} ms)`),
    // The handlers' readable lines' time format (local/readable-logs.ts), so the two kinds of line read as one log.
    onRequest: process.env.LOG_REQUESTS === '0' ? undefined : (line) => out(`${new Date().toISOString().slice(11, 23)} http        ${line}`),
  });

  out('\nReady.');
  out(`  start page    ${stack.url}/   (open it in a browser: where everything is)`);
  out(`  console       ${stack.url}/console/   (the team's queue in a browser: sign in with STAFF_API_TOKEN, below)`);
  out(`  health        ${stack.url}/healthz`);
  out(`  Meta          ${stack.url}/webhooks/meta`);
  out(`  X             ${stack.url}/webhooks/x`);
  out(`  generic       ${stack.url}/webhooks/generic/{source}`);
  out(`  outbox        ${stack.url}/_local/outbox   (SMS and email that would have been sent)`);
  out(`  pages         ${stack.url}/ack/{code} · ${stack.url}/offer/{code}   (links arrive in the outbox)`);
  out(`  SES inbox UI  ${stack.endpoints.ses}/`);
  out(`  AWS endpoints DynamoDB ${stack.endpoints.dynamodb} · SQS/SNS ${stack.endpoints.sqs}`);
  out('\nEscalation (set these variables to override):');
  out(`  ONCALL_FILE              ${stack.configFiles.oncall}${process.env.ONCALL_FILE ? '' : ' (default)'}`);
  out(`                           ${describePolicy(stack.policy)}`);
  out(`  CUSTOMERS_FILE           ${stack.configFiles.customers}${process.env.CUSTOMERS_FILE ? '' : ' (default)'} — ${stack.configFiles.customersImported} customers`);
  out(`  PUBLIC_BASE_URL          ${process.env.PUBLIC_BASE_URL}`);
  for (const name of Object.keys(LOCAL_ESCALATION_DEFAULTS)) out(`  ${name.padEnd(24)} ${process.env[name]}`);
  out('\nSecrets (set these variables to override; unset ones use the development defaults):');
  for (const [name, value] of Object.entries(LOCAL_SECRET_DEFAULTS)) {
    out(`  ${name.padEnd(24)} ${fromEnvironment.has(name) ? '(from your environment)' : value}`);
  }
  const extra = Object.keys(process.env).filter((k) => k.startsWith('WEBHOOK_SECRET_') && k !== 'WEBHOOK_SECRET_REVIEWS');
  for (const name of extra) out(`  ${name.padEnd(24)} (from your environment)`);
  out('\nCtrl-C stops it; DynamoDB data stays in the data dir, queued messages do not (docs/local.md).');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    out(`\n${signal}: stopping…`);
    await stack.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err: unknown) => {
  const known = explainStartFailure(err, { port, dataDir });
  process.stderr.write(known ? `local stack cannot start: ${known}\n` : `local stack failed to start: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
