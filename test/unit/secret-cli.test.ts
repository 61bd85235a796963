/**
 * `npm run secret` (bin/secret.ts), as ops run it after a deploy: the template to fill, and the check that names
 * what is missing without ever printing a value.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseAppSecrets } from '../../lambdas/adapters/app-secrets';
import { decodeStandardWebhookSecret } from '../../lambdas/domain/signatures';

const ROOT = path.resolve(__dirname, '../..');
const dir = mkdtempSync(path.join(tmpdir(), 'secret-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(args: string[]): { code: number; stdout: string; stderr: string } {
  try {
    const stdout = execFileSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bin/secret.ts'), ...args], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return { code: 0, stdout, stderr: '' };
  } catch (err) {
    const e = err as { status: number; stdout: string; stderr: string };
    return { code: e.status, stdout: e.stdout, stderr: e.stderr };
  }
}

it('prints a template whose generated parts are valid, and the check names the two fields still to fill', () => {
  const out = cli(['template', '--source', 'reviews']);
  expect(out.code).toBe(0);
  const secret = JSON.parse(out.stdout);
  expect(Object.keys(secret.webhookSecrets)).toEqual(['smoke', 'reviews']);
  for (const value of Object.values(secret.webhookSecrets)) expect(decodeStandardWebhookSecret(value as string)?.length).toBe(32);
  expect(secret.metaVerifyToken).toMatch(/^[A-Za-z0-9_-]{32}$/);
  // Fresh each time: two templates share no secret.
  expect(JSON.parse(cli(['template']).stdout).webhookSecrets.smoke).not.toBe(secret.webhookSecrets.smoke);

  const file = path.join(dir, 'secret.json');
  writeFileSync(file, out.stdout);
  const check = cli(['check', file]);
  expect(check.code).toBe(1);
  expect(check.stdout).toContain('✗ 2 field(s) to fix');
  expect(check.stdout).toContain('metaAppSecret: empty or too short');
  expect(check.stdout).toContain('xConsumerSecret: empty or too short');
  expect(check.stdout).not.toContain(secret.webhookSecrets.smoke);
  expect(check.stdout).not.toContain(secret.metaVerifyToken);

  writeFileSync(file, JSON.stringify({ ...secret, metaAppSecret: 'a1b2c3d4e5f6', xConsumerSecret: 'consumer-secret-from-x' }));
  const filled = cli(['check', file]);
  expect(filled).toMatchObject({ code: 0 });
  expect(filled.stdout).toContain('✓ the secret is complete');
  // What the check accepts, the deployed functions accept.
  expect(() => parseAppSecrets(JSON.parse(JSON.stringify({ ...secret, metaAppSecret: 'a1b2c3d4e5f6', xConsumerSecret: 'x' })))).not.toThrow();
});

it('names a malformed source secret by its path, and a file that is not JSON, without echoing either', () => {
  const file = path.join(dir, 'bad.json');
  writeFileSync(file, JSON.stringify({ metaAppSecret: 'm', metaVerifyToken: 'v', xConsumerSecret: 'x', webhookSecrets: { reviews: 'not-a-whsec-secret-value' } }));
  const bad = cli(['check', file]);
  expect(bad.code).toBe(1);
  expect(bad.stdout).toContain('webhookSecrets.reviews: a Standard Webhooks secret is whsec_ followed by base64');
  expect(bad.stdout).not.toContain('not-a-whsec-secret-value');
  writeFileSync(file, '{"metaAppSecret": "s3cr3t-value",');
  const notJson = cli(['check', file]);
  expect(notJson).toMatchObject({ code: 1 });
  expect(notJson.stdout).toContain('the file is not JSON');
  expect(notJson.stdout).not.toContain('s3cr3t-value');
});

it('refuses a usage it does not know with exit 2', () => {
  expect(cli(['check']).code).toBe(2);
  expect(cli(['template', '--source', 'Bad Name']).code).toBe(2);
  expect(cli(['check', path.join(dir, 'missing.json')]).code).toBe(2);
});

it('never prints a secret pasted where a name belongs, and flags pasted spaces, newlines and misspelt fields', () => {
  const file = path.join(dir, 'swapped.json');
  const secret = 'whsec_Geaw7iyFVXp/VnOp9rQf7fmBYa/upPrO54XOUhu6Zjg=';
  writeFileSync(file, JSON.stringify({ metaAppSecret: 'm', metaVerifyToken: 'v', xConsumerSecret: 'x', webhookSecrets: { [secret]: 'reviews', '\u001b[2J✓ ok': 'whsec_AAAAAAAAAAAAAAAAAAAAAA==' } }));
  const swapped = cli(['check', file]);
  expect(swapped.code).toBe(1);
  expect(swapped.stdout).toContain('webhookSecrets (a key that is not a source name: a secret in its place?): not a source name');
  expect(swapped.stdout).not.toContain('Geaw7iy');
  expect(swapped.stdout).not.toMatch(/\u001b/);
  writeFileSync(file, JSON.stringify({ metaAppSecret: 'app-secret\n', metaVerifyToken: ' v', xConsumerSecret: 'x', metaAppSecret2: 'y', webhookSecrets: {} }));
  const pasted = cli(['check', file]);
  expect(pasted.code).toBe(1);
  expect(pasted.stdout).toContain('metaAppSecret: has spaces at an end, or control characters');
  expect(pasted.stdout).toContain('metaVerifyToken: has spaces at an end');
  expect(pasted.stdout).toContain('1 field(s) the functions do not read (misspelt?)');
  expect(pasted.stdout).not.toContain('app-secret');
});

it('reads only a regular file within 64 KB', () => {
  const big = path.join(dir, 'big.json');
  writeFileSync(big, ' '.repeat(70_000));
  expect(cli(['check', big])).toMatchObject({ code: 2 });
  expect(cli(['check', dir]).stderr).toContain('give a regular file of at most 64 KB');
});
