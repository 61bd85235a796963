import { writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ConfigTable } from '../lambdas/adapters/config-table';
import { ConfigFileError, countContacts, describePolicy, loadPolicyFile, type OncallPolicy } from '../lambdas/domain/escalation/policy';
import { loadDirectoryFile, type CustomerDirectory } from '../lambdas/domain/escalation/directory';
import { isFictionalTestNumber, POLICY_BOUNDS } from '../schemas/oncall-policy';

/**
 * `npm run policy -- <command> …` (or `npx tsx bin/policy.ts …`): checks an escalation policy (`ONCALL_FILE`) or
 * customer directory (`CUSTOMERS_FILE`), and loads either into the cases table in DynamoDB (and back out). Exit 0
 * on success, 1 when a file is not valid (the problems listed on stderr) or DynamoDB fails, 2 on a usage error.
 * Output names fields and counts only, never contact details; only `export` / `export-customers` write the data,
 * which is what they are for.
 */

const USAGE = `usage: npm run policy -- <command> [<file>] [options]

commands:
  validate <file>             check an escalation policy (ONCALL_FILE), e.g. config/examples/oncall.example.json
  validate-customers <file>   check a customer directory (CUSTOMERS_FILE), e.g. config/examples/customers.example.json
  import <file> --table <name> [--min-ack-timeout <seconds>]
                              check a policy, then store it in the cases table (replacing the one there); acknowledgement
                              timeouts must be at least 30 s unless --min-ack-timeout lowers that (test stages only)
  export --table <name> [--out <file>]
                              print the stored policy as JSON (or write it to <file>)
  import-customers <file> --table <name>
                              check a customer directory, then add or update its customers in the cases table
                              (customers missing from the file are not deleted)
  export-customers --table <name> [--out <file>]
                              print every stored customer as a directory file (or write it to <file>); scans the table

options:
  --table <name>              the cases table (its physical name in AWS; social-care-cases locally)
  --endpoint <url>            a DynamoDB endpoint other than AWS's, e.g. the local stack's; AWS_ENDPOINT_URL_DYNAMODB
                              works too. Region and credentials come from the usual AWS environment and profiles.
`;

/** The one place the CLI's DynamoDB client is made: the SDK's standard configuration, plus `--endpoint`. */
export function dynamoDbClientFor(endpoint?: string, options: { requestTimeoutMs?: number } = {}): DynamoDBClient {
  // A request that hangs is given up after the timeout (and retried), not waited on forever.
  const timeouts = options.requestTimeoutMs ? { requestHandler: { requestTimeout: options.requestTimeoutMs, connectionTimeout: 5_000 } } : {};
  if (!endpoint) return new DynamoDBClient({ maxAttempts: 5, ...timeouts });
  // A local endpoint does not care about the region, but the SDK needs one to sign with.
  return new DynamoDBClient({ maxAttempts: 5, endpoint, ...timeouts, ...(process.env.AWS_REGION ? {} : { region: 'us-east-1' }) });
}

type TableCommand = 'import' | 'export' | 'import-customers' | 'export-customers';

const TABLE_COMMANDS: Record<TableCommand, { file: boolean; options: readonly string[] }> = {
  import: { file: true, options: ['table', 'endpoint', 'min-ack-timeout'] },
  export: { file: false, options: ['table', 'endpoint', 'out'] },
  'import-customers': { file: true, options: ['table', 'endpoint'] },
  'export-customers': { file: false, options: ['table', 'endpoint', 'out'] },
};

const isTableCommand = (c: string | undefined): c is TableCommand => c !== undefined && Object.hasOwn(TABLE_COMMANDS, c);

class UsageError extends Error {}

interface TableArgs {
  file?: string;
  table: string;
  endpoint?: string;
  out?: string;
  minAckTimeoutSeconds?: number;
}

function parseTableArgs(command: TableCommand, args: string[]): TableArgs {
  const spec = TABLE_COMMANDS[command];
  const positionals: string[] = [];
  const options = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith('--')) {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    if (!spec.options.includes(name)) throw new UsageError(`unknown option "--${name}" for ${command}`);
    if (options.has(name)) throw new UsageError(`--${name} is given twice`);
    const value = eq === -1 ? args[++i] : arg.slice(eq + 1);
    if (value === undefined || value === '' || (eq === -1 && value.startsWith('--'))) throw new UsageError(`--${name} needs a value`);
    options.set(name, value);
  }
  if (spec.file && positionals.length === 0) throw new UsageError(`${command} needs a file`);
  if (positionals.length > (spec.file ? 1 : 0)) throw new UsageError(`unexpected argument "${positionals[spec.file ? 1 : 0]}"`);
  const table = options.get('table');
  if (!table) throw new UsageError(`${command} needs --table <name>`);
  const parsed: TableArgs = { table, file: positionals[0], endpoint: options.get('endpoint'), out: options.get('out') };
  const minAck = options.get('min-ack-timeout');
  if (minAck !== undefined) {
    const n = Number(minAck);
    if (!/^\d+$/.test(minAck) || n < 1 || n > POLICY_BOUNDS.minAckTimeoutSeconds) {
      throw new UsageError(`--min-ack-timeout must be a whole number of seconds from 1 to ${POLICY_BOUNDS.minAckTimeoutSeconds}`);
    }
    parsed.minAckTimeoutSeconds = n;
  }
  return parsed;
}

/** The note `validate` and `import` print when a policy pages fictional numbers. */
function fictionalNumbersNote(policy: OncallPolicy): string | undefined {
  const people = new Map<string, boolean>();
  for (const t of policy.tiers) for (const c of t.contacts) people.set(`${c.phone}|${c.email.toLowerCase()}`, isFictionalTestNumber(c.phone));
  const fictional = [...people.values()].filter(Boolean).length;
  if (fictional === 0) return undefined;
  return `note: ${fictional} of ${countContacts(policy)} contacts use Ofcom drama numbers (+447700900xxx), which reach no one: fine for local development, not for production\n`;
}

/** `6 customers (6 with an email or phone) on 5 platforms: x 2, facebook 1, …`: counts only. */
function describeDirectory(entries: CustomerDirectory): string {
  const byPlatform = new Map<string, number>();
  for (const e of entries) byPlatform.set(e.platform, (byPlatform.get(e.platform) ?? 0) + 1);
  const platforms = [...byPlatform.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const reachable = entries.filter((e) => e.email || e.phone).length;
  return (
    `${entries.length} customer${entries.length === 1 ? '' : 's'} (${reachable} with an email or phone) on ${platforms.length} platform${platforms.length === 1 ? '' : 's'}` +
    (platforms.length ? `: ${platforms.map(([p, n]) => `${p} ${n}`).join(', ')}` : '')
  );
}

/** One customer a line, like config/examples/customers.example.json. */
const directoryJson = (entries: CustomerDirectory) => (entries.length ? `[\n${entries.map((e) => `  ${JSON.stringify(e)}`).join(',\n')}\n]\n` : '[]\n');

/** Exported files hold contact details: readable by their owner only. */
const writePrivateFile = (path: string, text: string) => writeFile(path, text, { encoding: 'utf8', mode: 0o600 });

async function runTableCommand(command: TableCommand, a: TableArgs, out: (s: string) => void, err: (s: string) => void): Promise<number> {
  // Files are read and checked before any client exists: an invalid file never reaches the table.
  const policy = command === 'import' ? await loadPolicyFile(a.file!, { minAckTimeoutSeconds: a.minAckTimeoutSeconds }) : undefined;
  const entries = command === 'import-customers' ? await loadDirectoryFile(a.file!) : undefined;

  const client = dynamoDbClientFor(a.endpoint);
  const table = new ConfigTable(client, a.table);
  try {
    switch (command) {
      case 'import': {
        await table.putPolicy(policy!, basename(a.file!), new Date());
        out(`policy imported into ${a.table}: ${describePolicy(policy!)}\n`);
        const note = fictionalNumbersNote(policy!);
        if (note) err(note);
        return 0;
      }
      case 'export': {
        const stored = await table.getPolicy();
        if (!stored) {
          err(`no escalation policy in ${a.table}: run npm run policy -- import <file> --table ${a.table}\n`);
          return 1;
        }
        const json = `${JSON.stringify(stored.policy, null, 2)}\n`;
        if (!a.out) {
          out(json);
          return 0;
        }
        await writePrivateFile(a.out, json);
        out(`policy exported from ${a.table} to ${a.out}: ${describePolicy(stored.policy)} (imported ${stored.importedAt} from ${stored.source})\n`);
        return 0;
      }
      case 'import-customers': {
        const { written } = await table.importCustomers(entries!, new Date());
        out(`customers imported into ${a.table}: ${describeDirectory(entries!)}${written === entries!.length ? '' : ` (${written} written)`}\n`);
        return 0;
      }
      case 'export-customers': {
        const all = await table.exportCustomers();
        if (!a.out) {
          out(directoryJson(all));
          return 0;
        }
        await writePrivateFile(a.out, directoryJson(all));
        out(`customers exported from ${a.table} to ${a.out}: ${describeDirectory(all)}\n`);
        return 0;
      }
    }
  } catch (e) {
    if (e instanceof ConfigFileError) throw e;
    // SDK and file-system errors name the table, the request or the path, never the data.
    const error = e as Error & { code?: string };
    const why = error.name === 'ResourceNotFoundException' ? `table ${a.table} not found` : `${error.name}: ${error.message || error.code || 'failed'}`;
    err(`policy ${command}: ${why}${a.endpoint ? ` (endpoint ${a.endpoint})` : ''}\n`);
    return 1;
  } finally {
    client.destroy();
  }
}

export async function run(args: string[], out: (s: string) => void, err: (s: string) => void): Promise<number> {
  const [command, file, ...rest] = args;
  if (command === 'help' || command === '--help' || command === '-h') {
    out(USAGE);
    return 0;
  }
  try {
    if (isTableCommand(command)) {
      let parsed: TableArgs;
      try {
        parsed = parseTableArgs(command, args.slice(1));
      } catch (e) {
        if (!(e instanceof UsageError)) throw e;
        err(`policy ${command}: ${e.message}\n\n${USAGE}`);
        return 2;
      }
      return await runTableCommand(command, parsed, out, err);
    }
    if ((command !== 'validate' && command !== 'validate-customers') || !file || rest.length > 0) {
      err(command && command !== 'validate' && command !== 'validate-customers' ? `unknown command "${command}"\n\n${USAGE}` : USAGE);
      return 2;
    }
    if (command === 'validate') {
      const policy = await loadPolicyFile(file);
      out(`policy OK: ${describePolicy(policy)}\n`);
      const note = fictionalNumbersNote(policy);
      if (note) err(note);
    } else {
      const entries = await loadDirectoryFile(file);
      out(`customer directory OK: ${describeDirectory(entries)}\n`);
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
