import { randomBytes } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { AppSecretsSchema, GenericSourceNameSchema, SECRET_FIELDS_TO_FILL, secretFieldPath } from '../schemas/app-secrets';

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
  if (!parsed.success) {
    return parsed.error.issues.map((i) => {
      const why =
        i.code === 'invalid_type' ? 'missing, or not a string' : i.code === 'too_small' ? 'empty or too short' : i.code === 'invalid_key' ? 'not a source name' : i.message;
      return `${secretFieldPath(i.path)}: ${why}`;
    });
  }
  // What the functions would accept but that cannot be meant: a pasted newline or space makes every signature fail.
  const values: [string, string][] = [
    ...SECRET_FIELDS_TO_FILL.map((f): [string, string] => [f, parsed.data[f]]),
    ...Object.entries(parsed.data.webhookSecrets).map(([source, v]): [string, string] => [`webhookSecrets.${source}`, v]),
  ];
  const problems = values.filter(([, v]) => v !== v.trim() || /[\p{Cc}\p{Cf}]/u.test(v)).map(([field]) => `${field}: has spaces at an end, or control characters (pasted with a newline?)`);
  const known = new Set(Object.keys(AppSecretsSchema.shape));
  const unknown = typeof raw === 'object' && raw !== null ? Object.keys(raw).filter((k) => !known.has(k)).length : 0;
  if (unknown > 0) problems.push(`${unknown} field(s) the functions do not read (misspelt?): the fields are ${[...known].join(', ')}`);
  return problems;
}

/** The secret's file, if it is one: a regular file within Secrets Manager's 64 KB. */
function readSecretFile(file: string): string | undefined {
  try {
    const stat = statSync(file);
    if (!stat.isFile() || stat.size > 65_536) return undefined;
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function main(argv: string[]): number {
  const [command, ...rest] = argv;
  if (command === 'template') {
    let sources: string[];
    try {
      sources = parseArgs({ args: rest, options: { source: { type: 'string', multiple: true, default: [] } }, strict: true }).values.source;
    } catch {
      sources = [''];
    }
    if (!sources.every((s) => GenericSourceNameSchema.safeParse(s).success)) {
      process.stderr.write(`--source takes a generic source name (a-z, 0-9, _ and -)\n\n${USAGE}\n`);
      return 2;
    }
    process.stdout.write(template(sources));
    process.stderr.write('Fill in the empty fields (docs/deploy.md, step 4), then: npm run secret -- check <file>\n');
    return 0;
  }
  if (command === 'check' && rest.length === 1) {
    const text = readSecretFile(rest[0]!);
    if (text === undefined) {
      process.stderr.write('cannot read that file: give a regular file of at most 64 KB (Secrets Manager\'s limit)\n');
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
