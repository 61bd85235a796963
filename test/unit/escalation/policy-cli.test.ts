import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '../../..');
const dir = mkdtempSync(join(tmpdir(), 'policy-cli-'));

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'bin/policy.ts', ...args], { cwd: root, encoding: 'utf8', timeout: 30_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
function file(name: string, json: unknown) {
  const p = join(dir, name);
  writeFileSync(p, typeof json === 'string' ? json : JSON.stringify(json, null, 2));
  return p;
}

describe('bin/policy.ts', () => {
  it('validate: the example policy is OK', () => {
    const r = cli('validate', 'config/examples/oncall.example.json');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('policy OK: 3 tiers, 5 contacts, business hours Mon–Fri 09:00–17:30 Europe/London\n');
    expect(r.stderr).toContain('5 of 5 contacts use Ofcom drama numbers');
  });

  it('validate: lists the problems and exits 1', () => {
    const p = file('bad.json', {
      timezone: 'Europe/Londn',
      tiers: [{ name: 'Lead', ackTimeoutSeconds: 10, contacts: [{ name: 'A', phone: '07700 900123', email: 'a@example.com' }] }],
    });
    const r = cli('validate', p);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'escalation policy in bad.json is not valid:\n' +
        '  - timezone: must be an IANA time zone like Europe/London or America/New_York\n' +
        '  - tiers[0].ackTimeoutSeconds: must be a whole number from 30 to 86400 (how long to wait for an acknowledgement before paging the next tier)\n' +
        '  - tiers[0].contacts[0].phone: must be an E.164 number like +447700900123\n',
    );
  });

  it('validate: broken JSON and missing files exit 1', () => {
    const r = cli('validate', file('broken.json', '{\n  "timezone": "UTC"\n  "tiers": []\n}'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/broken\.json: not valid JSON at line 3, column 3/);
    const m = cli('validate', join(dir, 'missing.json'));
    expect(m.code).toBe(1);
    expect(m.stderr).toMatch(/no such file/);
  });

  it('validate-customers: the example directory is OK', () => {
    const r = cli('validate-customers', 'config/examples/customers.example.json');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^customer directory OK: 6 customers \(6 with an email or phone\) on 5 platforms: x 2, /);
  });

  it('validate-customers: names the duplicate by index, not by data', () => {
    const p = file('dupes.json', [
      { platform: 'x', authorId: '99', email: 'secret.person@example.com' },
      { platform: 'x', authorId: '99', phone: '+447700900999' },
    ]);
    const r = cli('validate-customers', p);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('customer directory in dupes.json is not valid:\n  - [1]: has the same platform and authorId as entry [0]\n');
  });

  it('import/export need --table; usage errors exit 2', () => {
    const i = cli('import', 'config/examples/oncall.example.json');
    expect(i.code).toBe(2);
    expect(i.stdout).toBe('');
    expect(i.stderr).toMatch(/^policy import: import needs --table <name>\n\nusage:/);
    expect(cli('export').stderr).toContain('export needs --table <name>');
    expect(cli('import-customers', 'config/examples/customers.example.json').code).toBe(2);
    expect(cli('export-customers', '--out').stderr).toContain('--out needs a value');
    expect(cli('import', 'config/examples/oncall.example.json', '--table', 't', '--min-ack-timeout', '0').code).toBe(2);
    expect(cli().code).toBe(2);
    expect(cli('validate').code).toBe(2);
    expect(cli('validate', 'config/examples/oncall.example.json', '--table', 't').code).toBe(2);
    expect(cli('frobnicate', 'x').stderr).toContain('unknown command "frobnicate"');
    const h = cli('--help');
    expect(h.code).toBe(0);
    expect(h.stdout).toContain('validate-customers <file>');
    for (const c of ['import <file> --table <name> [--min-ack-timeout <seconds>]', 'export --table <name> [--out <file>]', 'import-customers <file> --table <name>', 'export-customers --table <name> [--out <file>]', '--endpoint <url>']) {
      expect(h.stdout).toContain(c);
    }
  });

  it('import checks the file before reaching DynamoDB', () => {
    // No endpoint is running at this port: an invalid file is refused before any request is made.
    const p = file('short.json', { timezone: 'UTC', tiers: [{ name: 'Lead', ackTimeoutSeconds: 5, contacts: [{ name: 'A', phone: '+447700900123', email: 'a@example.com' }] }] });
    const r = cli('import', p, '--table', 'cases', '--endpoint', 'http://127.0.0.1:9');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'escalation policy in short.json is not valid:\n' +
        '  - tiers[0].ackTimeoutSeconds: must be a whole number from 30 to 86400 (how long to wait for an acknowledgement before paging the next tier)\n',
    );
  });
});
