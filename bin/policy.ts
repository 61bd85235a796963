import { ConfigFileError, countContacts, describePolicy, loadPolicyFile } from '../lambdas/domain/escalation/policy';
import { loadDirectoryFile } from '../lambdas/domain/escalation/directory';
import { isFictionalTestNumber } from '../schemas/oncall-policy';

/**
 * `npm run policy -- <command> <file>` (or `npx tsx bin/policy.ts …`): checks an escalation policy (`ONCALL_FILE`)
 * or customer directory (`CUSTOMERS_FILE`) before it is used. Exit 0 when valid, 1 with the problems listed on
 * stderr when not, 2 on a usage error. Output names fields and counts only, never contact details.
 */

const USAGE = `usage: npm run policy -- <command> <file>

commands:
  validate <file>             check an escalation policy (ONCALL_FILE), e.g. config/examples/oncall.example.json
  validate-customers <file>   check a customer directory (CUSTOMERS_FILE), e.g. config/examples/customers.example.json

not yet available:
  import / export             loading a policy or directory into DynamoDB (and back) comes with the table adapter;
                              until then the local stack reads ONCALL_FILE and CUSTOMERS_FILE directly.
`;

export async function run(args: string[], out: (s: string) => void, err: (s: string) => void): Promise<number> {
  const [command, file, ...rest] = args;
  if (command === 'help' || command === '--help' || command === '-h') {
    out(USAGE);
    return 0;
  }
  if (command === 'import' || command === 'export' || command === 'import-customers' || command === 'export-customers') {
    err(`policy ${command}: not available yet — import/export to DynamoDB comes with the table adapter.\n\n${USAGE}`);
    return 2;
  }
  if ((command !== 'validate' && command !== 'validate-customers') || !file || rest.length > 0) {
    err(command && command !== 'validate' && command !== 'validate-customers' ? `unknown command "${command}"\n\n${USAGE}` : USAGE);
    return 2;
  }
  try {
    if (command === 'validate') {
      const policy = await loadPolicyFile(file);
      out(`policy OK: ${describePolicy(policy)}\n`);
      const people = new Map<string, boolean>();
      for (const t of policy.tiers) for (const c of t.contacts) people.set(`${c.phone}|${c.email.toLowerCase()}`, isFictionalTestNumber(c.phone));
      const fictional = [...people.values()].filter(Boolean).length;
      if (fictional > 0) {
        err(
          `note: ${fictional} of ${countContacts(policy)} contacts use Ofcom drama numbers (+447700900xxx), which reach no one: fine for local development, not for production\n`,
        );
      }
    } else {
      const entries = await loadDirectoryFile(file);
      const byPlatform = new Map<string, number>();
      for (const e of entries) byPlatform.set(e.platform, (byPlatform.get(e.platform) ?? 0) + 1);
      const platforms = [...byPlatform.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
      const reachable = entries.filter((e) => e.email || e.phone).length;
      out(
        `customer directory OK: ${entries.length} customer${entries.length === 1 ? '' : 's'} (${reachable} with an email or phone) on ${platforms.length} platform${platforms.length === 1 ? '' : 's'}` +
          (platforms.length ? `: ${platforms.map(([p, n]) => `${p} ${n}`).join(', ')}` : '') +
          '\n',
      );
    }
    return 0;
  } catch (e) {
    if (e instanceof ConfigFileError) {
      err(`${e.message}\n`);
      return 1;
    }
    throw e;
  }
}

if (require.main === module) {
  run(process.argv.slice(2), (s) => process.stdout.write(s), (s) => process.stderr.write(s)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`policy: ${(e as Error).stack ?? String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
