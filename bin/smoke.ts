import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { CasesTable } from '../lambdas/adapters/cases-table';
import { parseAppSecrets } from '../lambdas/adapters/app-secrets';
import { GenericSourceNameSchema } from '../schemas/app-secrets';
import { applyStaffAction } from '../lambdas/domain/cases/staff-actions';
import { caseIdFor } from '../lambdas/domain/cases/rules';
import { signStandardWebhook } from '../lambdas/domain/signatures';
import { boundedText, printable } from './bounded-answer';
import { dynamoDbClientFor } from './policy';

/**
 * `npm run smoke -- --url <ApiUrl> --table <CasesTableName> (--secret-arn <AppSecretsArn> | SMOKE_WEBHOOK_SECRET=…)`
 * after a deploy (docs/deploy.md, step 9): one signed Standard Webhooks delivery to the deployed webhook, and the
 * case it became read back from the table — so the API, the function, the secret, the queue, the classifier and
 * the table are all shown to work together. The post is a friendly hello, so it pages nobody and offers nothing;
 * the case is then resolved (as "smoke test") so it leaves the team's queue. Prints what it did and how long each
 * step took; exit 0 when the case appeared, 1 when something failed (with what to check), 2 on a usage error.
 *
 * The signing secret is the one of `--source` (default `smoke`) in the app secret's `webhookSecrets`, read from
 * Secrets Manager with the caller's credentials, or given in SMOKE_WEBHOOK_SECRET (never as an argument: arguments
 * land in shell history and process lists). It is never printed.
 */

const USAGE = `usage: npm run smoke -- --url <ApiUrl> --table <CasesTableName> [--secret-arn <AppSecretsArn>] [--source smoke]
                      [--endpoint <DynamoDB endpoint>] [--timeout-seconds 60]

Sends one signed delivery to <ApiUrl>webhooks/generic/<source> and waits for its case in the table, then resolves it.
The source's whsec_ secret comes from the app secret (--secret-arn) or from SMOKE_WEBHOOK_SECRET.`;

/** Each HTTP request and DynamoDB call gets this long: the whole run is bounded by --timeout-seconds plus one of them. */
const REQUEST_TIMEOUT_MS = 15_000;

const SMOKE_TEXT = 'Hello from the ops team: this is a deploy smoke test. Thank you, nothing to do here.';

interface Options {
  url: URL;
  table: string;
  source: string;
  endpoint?: string;
  timeoutMs: number;
  secretArn?: string;
}

class UsageError extends Error {}

function options(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      url: { type: 'string' },
      table: { type: 'string' },
      'secret-arn': { type: 'string' },
      source: { type: 'string', default: 'smoke' },
      endpoint: { type: 'string' },
      'timeout-seconds': { type: 'string', default: '60' },
      help: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.help) throw new UsageError('');
  if (!values.url || !values.table) throw new UsageError('--url and --table are required (the stack outputs ApiUrl and CasesTableName)');
  let url: URL;
  try {
    url = new URL(values.url.endsWith('/') ? values.url : `${values.url}/`);
  } catch {
    throw new UsageError('--url is not a URL');
  }
  const timeoutSeconds = Number(values['timeout-seconds']);
  if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) throw new UsageError('--timeout-seconds must be a positive number');
  if (!GenericSourceNameSchema.safeParse(values.source).success) throw new UsageError('--source must be a generic source name (a-z, 0-9, _ and -)');
  return { url, table: values.table, source: values.source, endpoint: values.endpoint, timeoutMs: timeoutSeconds * 1000, secretArn: values['secret-arn'] };
}

async function signingSecret(o: Options): Promise<string> {
  const fromEnvironment = process.env.SMOKE_WEBHOOK_SECRET;
  if (fromEnvironment) return fromEnvironment;
  if (!o.secretArn) throw new UsageError('give --secret-arn (the AppSecretsArn output) or set SMOKE_WEBHOOK_SECRET');
  const answer = await new SecretsManagerClient({ requestHandler: { requestTimeout: REQUEST_TIMEOUT_MS, connectionTimeout: 5_000 } }).send(new GetSecretValueCommand({ SecretId: o.secretArn }));
  const secrets = parseAppSecrets(JSON.parse(answer.SecretString ?? '{}'));
  const secret = Object.hasOwn(secrets.webhookSecrets, o.source) ? secrets.webhookSecrets[o.source] : undefined;
  if (!secret) throw new Error(`the app secret has no webhookSecrets.${o.source}: add one (docs/deploy.md, step 4) or pass --source`);
  return secret;
}

/** What a refused delivery most likely means, for the person running this after a deploy. */
function explainStatus(status: number): string {
  if (status === 401) return 'the signature was refused: the secret used here is not the one the deployed function reads (wait secretsMaxAgeSeconds after changing it)';
  if (status === 404) return 'no such source: the app secret has no webhookSecrets entry for it, or the URL is not the ApiUrl output';
  if (status === 503) return 'the function could not read a complete secret or reach the queue: its log group names the missing fields';
  if (status === 403) return 'refused before the function ran (a WAF, a resource policy, or the wrong URL)';
  return 'see the webhook function\'s log group';
}

async function main(): Promise<number> {
  const o = options(process.argv.slice(2));
  const secret = await signingSecret(o);
  const out = (line: string) => process.stdout.write(`${line}\n`);
  const postId = `smoke-${new Date().toISOString().replace(/[-:.]/g, '')}-${randomUUID().slice(0, 8)}`;
  const body = JSON.stringify({
    type: 'post.created',
    data: { id: postId, kind: 'post', text: SMOKE_TEXT, author: { id: 'smoke-test', name: 'Deploy smoke test' }, createdAt: new Date().toISOString() },
  });
  const messageId = `msg_${randomUUID()}`;
  const timestamp = Math.floor(Date.now() / 1000);
  const target = new URL(`webhooks/generic/${o.source}`, o.url);
  const started = Date.now();
  const res = await fetch(target, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'webhook-id': messageId,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': signStandardWebhook(secret, messageId, timestamp, body),
    },
    body,
    redirect: 'manual',
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const answer = await boundedText(res, 64 * 1024, 'the webhook\'s answer');
  if (res.status !== 200) {
    out(`✗ POST ${target.pathname} answered ${res.status} ${printable(answer, 200)}`);
    out(`  ${explainStatus(res.status)}`);
    return 1;
  }
  out(`✓ POST ${target.pathname} answered 200 ${printable(answer, 100)} in ${Date.now() - started} ms`);

  const table = new CasesTable(dynamoDbClientFor(o.endpoint, { requestTimeoutMs: REQUEST_TIMEOUT_MS }), o.table);
  const eventId = `${o.source}:${postId}`;
  const caseId = caseIdFor(eventId);
  const deadline = started + o.timeoutMs;
  let found = await table.caseWithTimeline(caseId, { consistent: true });
  while (!found && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 500));
    found = await table.caseWithTimeline(caseId, { consistent: true });
  }
  if (!found) {
    out(`✗ no case ${caseId} in ${o.table} after ${o.timeoutMs / 1000} s`);
    out('  check the events queue (EventsQueueUrl: messages waiting?), the DLQ, and the classify function\'s log group and errors');
    return 1;
  }
  const labels = [found.category, found.urgency, found.sentiment].map((l) => printable(String(l), 20)).join(', ');
  out(`✓ case ${printable(found.id, 40)} in ${Date.now() - started} ms: ${labels} (model ${printable(found.classifiedBy?.model ?? '?', 20)})`);

  const resolved = await applyStaffAction(
    caseId,
    { type: 'resolve', note: 'deploy smoke test' },
    { id: 'smoke-test', name: 'smoke test' },
    { store: table, metrics: { record: () => undefined }, settings: { slaMinutes: {} }, now: () => new Date() },
  );
  out(resolved.status === 200 ? `✓ case resolved, off the queue` : `! the case could not be resolved (${resolved.error}): resolve ${caseId} in the staff API`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof UsageError) {
      process.stderr.write(`${err.message ? `${err.message}\n\n` : ''}${USAGE}\n`);
      process.exit(err.message ? 2 : 0);
    }
    // Names only: an SDK error's message can quote a resource; the stack is of no use to the person running this.
    const name = err instanceof Error ? err.name : 'Error';
    const timedOut = name === 'TimeoutError' || name === 'AbortError';
    const message = timedOut ? `: no answer within ${REQUEST_TIMEOUT_MS / 1000} s (the URL, the table endpoint, or the network)` : err instanceof Error && !err.name.endsWith('Exception') ? `: ${printable(err.message, 200)}` : '';
    process.stderr.write(`smoke test failed: ${name}${message}\n`);
    process.exit(1);
  },
);
