import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { AppSecretsSchema, SECRET_FIELDS_TO_FILL } from '../schemas/app-secrets';

/**
 * `npm run secret -- template` and `npm run secret -- check <file>`: the two halves of filling the app secret after a
 * deploy (docs/deploy.md, step 4) around `aws secretsmanager put-secret-value`, which does the writing with the
 * operator's own credentials.
 *
 * - `template [--source <name>]…` prints the JSON to fill: Meta's and X's secrets empty, a random Meta verify
 *   token (ops type it into Meta's dashboard), and a fresh `whsec_` secret for each generic source named (always
 *   `smoke`, which `npm run smoke` signs with).
 * - `check <file>` reads a filled file and names every field that is missing or malformed — never a value — and
 *   exits 0 when the deployed functions will accept it, 1 when not, 2 on a usage error.
 */

const USAGE = `usage: npm run --silent secret -- template [--source <generic source>]… > secret.json
       npm run secret -- check secret.json`;

/** A new Standard Webhooks secret: whsec_ and 32 random bytes in base64 (the spec asks for 24 to 64). */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

function template(sources: string[]): string {
  const webhookSecrets: Record<string, string> = {};
  for (const source of ['smoke', ...sources]) webhookSecrets[source] = newWebhookSecret();
  const fields: Record<string, string> = Object.fromEntries(SECRET_FIELDS_TO_FILL.map((f) => [f, '']));
  // The verify token is ours to choose (it is typed into Meta's dashboard): a random one is better than a word.
  fields.metaVerifyToken = randomBytes(24).toString('base64url');
  return `${JSON.stringify({ ...fields, webhookSecrets }, null, 2)}\n`;
}

/** The problems of a filled secret, by field; never a value. */
export function secretProblems(text: string): string[] {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return ['the file is not JSON'];
  }
  const parsed = AppSecretsSchema.safeParse(raw);
  if (parsed.success) return [];
  return parsed.error.issues.map((i) => {
    const why = i.code === 'invalid_type' ? 'missing, or not a string' : i.code === 'too_small' ? 'empty or too short' : i.message;
    return `${i.path.join('.') || '(the whole secret)'}: ${why}`;
  });
}

function main(argv: string[]): number {
  const [command, ...rest] = argv;
  if (command === 'template') {
    const sources: string[] = [];
    for (let i = 0; i < rest.length; i += 2) {
      if (rest[i] !== '--source' || !/^[a-z0-9][a-z0-9_-]{0,63}$/.test(rest[i + 1] ?? '')) {
        process.stderr.write(`--source takes a generic source name (a-z, 0-9, _ and -)\n\n${USAGE}\n`);
        return 2;
      }
      sources.push(rest[i + 1]!);
    }
    process.stdout.write(template(sources));
    process.stderr.write('Fill in the empty fields (docs/deploy.md, step 4), then: npm run secret -- check <file>\n');
    return 0;
  }
  if (command === 'check' && rest.length === 1) {
    let text: string;
    try {
      text = readFileSync(rest[0]!, 'utf8');
    } catch {
      process.stderr.write(`cannot read ${rest[0]}\n`);
      return 2;
    }
    const problems = secretProblems(text);
    if (problems.length === 0) {
      process.stdout.write('✓ the secret is complete: put it with aws secretsmanager put-secret-value (docs/deploy.md, step 4)\n');
      return 0;
    }
    process.stdout.write(`✗ ${problems.length} field(s) to fix:\n${problems.map((p) => `  ${p}`).join('\n')}\n`);
    return 1;
  }
  process.stderr.write(`${USAGE}\n`);
  return command === undefined || command === '--help' ? 0 : 2;
}

process.exit(main(process.argv.slice(2)));
