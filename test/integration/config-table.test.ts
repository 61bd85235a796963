/**
 * The escalation policy and customer directory in the cases table, against dynalite through the real SDK: the
 * adapter (round trips, corrupt items, batching, export shape, the policy cache) and `bin/policy.ts`'s table commands.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient, PutItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TABLES } from '../../config/resources';
import { cachedPolicy, ConfigTable, NO_POLICY_MESSAGE } from '../../lambdas/adapters/config-table';
import { type CustomerEntry, parseDirectory } from '../../lambdas/domain/escalation/directory';
import { parsePolicy, PolicyError } from '../../lambdas/domain/escalation/policy';
import { type Emulator, startDynamoDb } from '../../local/emulators';
import { ensureTable } from '../../local/dynamodb-setup';
import { run } from '../../bin/policy';

process.env.AWS_REGION = 'us-east-1';
process.env.AWS_ACCESS_KEY_ID = 'local';
process.env.AWS_SECRET_ACCESS_KEY = 'local';

const root = join(__dirname, '../..');
const EXAMPLE_POLICY = join(root, 'config/examples/oncall.example.json');
const EXAMPLE_CUSTOMERS = join(root, 'config/examples/customers.example.json');
const dir = mkdtempSync(join(tmpdir(), 'config-table-'));
const at = new Date('2026-11-23T10:00:00.000Z');

let dynamo: Emulator;
let ddb: DynamoDBClient;

/** Each describe block gets a table of its own, so "nothing was written" can be checked by a scan. */
async function newTable(name: string): Promise<ConfigTable> {
  await ensureTable(ddb, { ...TABLES.cases, localName: name });
  return new ConfigTable(ddb, name);
}

async function itemCount(tableName: string): Promise<number> {
  const out = await ddb.send(new ScanCommand({ TableName: tableName, Select: 'COUNT' }));
  return out.Count ?? 0;
}

beforeAll(async () => {
  dynamo = await startDynamoDb();
  ddb = new DynamoDBClient({ endpoint: dynamo.url, region: 'us-east-1' });
});
afterAll(async () => {
  ddb?.destroy();
  await dynamo?.stop();
});

const policyJson = (ackTimeoutSeconds = 300, name = 'Duty lead') => ({
  timezone: 'Europe/London',
  businessHours: { days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '17:30' },
  tiers: [
    { name, ackTimeoutSeconds, contacts: [{ name: 'Priya Shah', phone: '+447700900101', email: 'priya.shah@example.com' }] },
    { name: 'Manager', ackTimeoutSeconds: 600, contacts: [{ name: 'Hannah Lewis', phone: '+447700900201', email: 'hannah.lewis@example.com' }] },
  ],
});

function customers(n: number): CustomerEntry[] {
  const platforms = ['x', 'facebook', 'reviews'];
  return parseDirectory(
    Array.from({ length: n }, (_, i) => ({
      platform: platforms[i % 3],
      authorId: `author-${String(i).padStart(3, '0')}#${i}`, // a `#` in the id must not confuse the key
      ...(i % 2 === 0 ? { handle: `h${i}` } : {}),
      ...(i % 3 === 0 ? { name: `Customer ${i}` } : {}),
      ...(i % 4 !== 1 ? { email: `c${i}@example.com` } : {}),
      ...(i % 5 === 0 ? { phone: `+4477009004${String(i % 100).padStart(2, '0')}` } : {}),
    })),
  );
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
/** The export's order: platform, then author id, by code unit. */
const byKey = (a: CustomerEntry, b: CustomerEntry) => cmp(a.platform, b.platform) || cmp(a.authorId, b.authorId);

describe('ConfigTable: the policy', () => {
  let table: ConfigTable;
  const name = 'config-policy';
  beforeAll(async () => {
    table = await newTable(name);
  });

  it('is undefined before any import', async () => {
    expect(await table.getPolicy()).toBeUndefined();
  });

  it('round-trips with its provenance', async () => {
    const policy = parsePolicy(policyJson());
    await table.putPolicy(policy, 'oncall.json', at);
    expect(await table.getPolicy()).toEqual({ policy, importedAt: at.toISOString(), source: 'oncall.json' });
    const raw = await ddb.send(new ScanCommand({ TableName: name }));
    expect(raw.Items).toHaveLength(1);
    expect(raw.Items![0]).toMatchObject({ PK: { S: 'CONFIG#oncall-policy' }, SK: { S: 'CURRENT' }, itemType: { S: 'oncall-policy' } });
    expect(JSON.parse(raw.Items![0]!['policy']!.S!)).toEqual(policy);
  });

  it('reads back a short-timeout policy imported for a test stage', async () => {
    const policy = parsePolicy(policyJson(2), { minAckTimeoutSeconds: 1 });
    await table.putPolicy(policy, 'local.json', at);
    expect((await table.getPolicy())?.policy.tiers[0]!.ackTimeoutSeconds).toBe(2);
  });

  it('throws PolicyError when the stored item is corrupt', async () => {
    const put = (policy: string) =>
      ddb.send(new PutItemCommand({ TableName: name, Item: { PK: { S: 'CONFIG#oncall-policy' }, SK: { S: 'CURRENT' }, itemType: { S: 'oncall-policy' }, policy: { S: policy } } }));
    await put('{"timezone": "Europe/London", "tiers": [');
    await expect(table.getPolicy()).rejects.toThrow(PolicyError);
    await put(JSON.stringify({ ...policyJson(), timezone: 'Mars/Olympus' }));
    const e = await table.getPolicy().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(PolicyError);
    expect((e as PolicyError).message).toContain('escalation policy in DynamoDB is not valid');
    expect((e as PolicyError).problems).toEqual(['timezone: must be an IANA time zone like Europe/London or America/New_York']);
    await ddb.send(new PutItemCommand({ TableName: name, Item: { PK: { S: 'CONFIG#oncall-policy' }, SK: { S: 'CURRENT' } } }));
    await expect(table.getPolicy()).rejects.toThrow(PolicyError);
  });
});

describe('ConfigTable: customers', () => {
  let table: ConfigTable;
  const name = 'config-customers';
  beforeAll(async () => {
    table = await newTable(name);
  });

  it('imports 60 customers in 3 batches, looks one up and exports them all in the file shape', async () => {
    const entries = customers(60);
    const send = jest.spyOn(DynamoDBDocumentClient.prototype, 'send');
    try {
      expect(await table.importCustomers(entries, at)).toEqual({ written: 60 });
      const batches = send.mock.calls.filter(([c]) => c instanceof BatchWriteCommand);
      expect(batches).toHaveLength(3);
    } finally {
      send.mockRestore();
    }
    expect(await itemCount(name)).toBe(60);

    const e7 = entries.find((e) => e.authorId.endsWith('#7'))!;
    expect(await table.getCustomer(e7.platform, e7.authorId)).toEqual(e7);
    expect(await table.getCustomer('x', 'nobody')).toBeUndefined();
    expect(await table.getCustomer(e7.platform === 'x' ? 'facebook' : 'x', e7.authorId)).toBeUndefined();

    const exported = await table.exportCustomers();
    expect(exported).toEqual([...entries].sort(byKey));
    // Exactly the schema's fields: it validates as a directory file, and nothing internal leaks.
    expect(parseDirectory(exported)).toEqual(exported);
    for (const e of exported) for (const k of Object.keys(e)) expect(['platform', 'authorId', 'handle', 'name', 'email', 'phone']).toContain(k);
    expect(exported.map((e) => e.platform)).toEqual([...exported.map((e) => e.platform)].sort());
  });

  it('exports customers only, not the policy or cases', async () => {
    await table.putPolicy(parsePolicy(policyJson()), 'oncall.json', at);
    await ddb.send(new PutItemCommand({ TableName: name, Item: { PK: { S: 'CASE#c1' }, SK: { S: 'META' }, itemType: { S: 'case' } } }));
    expect(await table.exportCustomers()).toHaveLength(60);
  });

  it('overwrites an entry on re-import, dropping fields the new entry no longer has', async () => {
    await table.importCustomers(parseDirectory([{ platform: 'x', authorId: 'author-000#0', email: 'new@example.com' }]), at);
    expect(await table.getCustomer('x', 'author-000#0')).toEqual({ platform: 'x', authorId: 'author-000#0', email: 'new@example.com' });
  });

  it('retries unprocessed items with backoff, and gives up after bounded attempts', async () => {
    const entries = customers(30);
    type Requests = { PutRequest: { Item: Record<string, string> } }[];
    const proto = DynamoDBDocumentClient.prototype as unknown as { send: (c: unknown) => Promise<unknown> };
    const realSend = proto.send;
    // Each batch's first attempt leaves its first two items unprocessed.
    const seen = new Set<string>();
    const send = jest.spyOn(proto, 'send').mockImplementation(async function (this: DynamoDBDocumentClient, command: unknown) {
      const out = (await realSend.call(this, command)) as Record<string, unknown>;
      if (!(command instanceof BatchWriteCommand)) return out;
      const requests = command.input.RequestItems![name] as Requests;
      const first = requests[0]!.PutRequest.Item['PK']!;
      if (seen.has(first)) return out;
      seen.add(first);
      return { ...out, UnprocessedItems: { [name]: requests.slice(0, 2) } };
    });
    const sleeps: number[] = [];
    const retrying = new ConfigTable(ddb, name, { sleep: async (ms) => void sleeps.push(ms) });
    try {
      expect(await retrying.importCustomers(entries, at)).toEqual({ written: 30 });
      expect(sleeps).toHaveLength(2); // one retry for each of the 2 batches
      expect(send.mock.calls.filter(([c]) => c instanceof BatchWriteCommand)).toHaveLength(4);
    } finally {
      send.mockRestore();
    }
    expect(await retrying.getCustomer(entries[0]!.platform, entries[0]!.authorId)).toEqual(entries[0]);

    const stuck = jest.spyOn(proto, 'send').mockImplementation(async (command: unknown) => ({
      UnprocessedItems: { [name]: (command as BatchWriteCommand).input.RequestItems![name] },
    }));
    try {
      const giving = new ConfigTable(ddb, name, { maxBatchAttempts: 3, sleep: async () => undefined });
      await expect(giving.importCustomers(entries.slice(0, 5), at)).rejects.toThrow(/5 of 5 items still unprocessed after 3 attempts/);
      expect(stuck).toHaveBeenCalledTimes(3);
    } finally {
      stuck.mockRestore();
    }
  });

  it('keeps at most 4 batches in flight', async () => {
    const proto = DynamoDBDocumentClient.prototype as unknown as { send: (c: unknown) => Promise<unknown> };
    const realSend = proto.send;
    let inFlight = 0;
    let peak = 0;
    const send = jest.spyOn(proto, 'send').mockImplementation(async function (this: DynamoDBDocumentClient, command: unknown) {
      inFlight++;
      peak = Math.max(peak, inFlight);
      try {
        await new Promise((r) => setTimeout(r, 5));
        return await realSend.call(this, command);
      } finally {
        inFlight--;
      }
    });
    try {
      expect(await table.importCustomers(customers(250), at)).toEqual({ written: 250 });
      expect(send).toHaveBeenCalledTimes(10);
    } finally {
      send.mockRestore();
    }
    expect(peak).toBe(4);
  });
});

describe('cachedPolicy', () => {
  let table: ConfigTable;
  beforeAll(async () => {
    table = await newTable('config-cache');
  });

  it('says how to import a policy when there is none, and does not cache the absence', async () => {
    let t = 0;
    const get = cachedPolicy(table, 60_000, () => t);
    await expect(get()).rejects.toThrow(NO_POLICY_MESSAGE);
    expect(NO_POLICY_MESSAGE).toBe('no escalation policy has been imported: run npm run policy -- import <file> --table <name>');
    const policy = parsePolicy(policyJson(300, 'First'));
    await table.putPolicy(policy, 'a.json', at);
    t = 1;
    expect(await get()).toEqual(policy);
  });

  it('serves the cached policy for maxAge, then reads again', async () => {
    let t = 1_000_000;
    const read = jest.spyOn(table, 'getPolicy');
    const first = parsePolicy(policyJson(300, 'First'));
    const second = parsePolicy(policyJson(300, 'Second'));
    await table.putPolicy(first, 'a.json', at);
    const get = cachedPolicy(table, 60_000, () => t);
    try {
      const [a, b] = await Promise.all([get(), get()]);
      expect(a.tiers[0]!.name).toBe('First');
      expect(b).toBe(a);
      expect(read).toHaveBeenCalledTimes(1); // concurrent callers share one read

      await table.putPolicy(second, 'b.json', at);
      t += 59_999;
      expect((await get()).tiers[0]!.name).toBe('First');
      expect(read).toHaveBeenCalledTimes(1);

      t += 1;
      expect((await get()).tiers[0]!.name).toBe('Second');
      expect(read).toHaveBeenCalledTimes(2);
    } finally {
      read.mockRestore();
    }
  });
});

describe('bin/policy.ts against the table', () => {
  const name = 'config-cli';
  let table: ConfigTable;
  let url: string;
  beforeAll(async () => {
    table = await newTable(name);
    url = dynamo.url;
  });

  async function cli(...args: string[]) {
    let stdout = '';
    let stderr = '';
    const code = await run(args, (s) => void (stdout += s), (s) => void (stderr += s));
    return { code, stdout, stderr };
  }
  function file(fileName: string, json: unknown) {
    const p = join(dir, fileName);
    writeFileSync(p, typeof json === 'string' ? json : JSON.stringify(json, null, 2));
    return p;
  }

  it('import of an invalid file exits 1 and writes nothing', async () => {
    const r = await cli('import', file('bad.json', { ...policyJson(), timezone: 'Europe/Londn' }), '--table', name, '--endpoint', url);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('escalation policy in bad.json is not valid:\n  - timezone: must be an IANA time zone like Europe/London or America/New_York\n');
    expect(await itemCount(name)).toBe(0);
    const e = await cli('export', '--table', name, '--endpoint', url);
    expect(e.code).toBe(1);
    expect(e.stderr).toBe(`no escalation policy in ${name}: run npm run policy -- import <file> --table ${name}\n`);
  });

  it('import then export round-trips the policy, printing no contact details', async () => {
    const r = await cli('import', EXAMPLE_POLICY, '--table', name, '--endpoint', url);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`policy imported into ${name}: 3 tiers, 5 contacts, business hours Mon–Fri 09:00–17:30 Europe/London\n`);
    expect(r.stderr).toContain('5 of 5 contacts use Ofcom drama numbers');
    expect(`${r.stdout}${r.stderr}`).not.toMatch(/\+447700900\d|@example\.com|Priya/);
    expect((await table.getPolicy())?.source).toBe('oncall.example.json');

    const example = parsePolicy(JSON.parse(readFileSync(EXAMPLE_POLICY, 'utf8')));
    const e = await cli('export', '--table', name, '--endpoint', url);
    expect(e.code).toBe(0);
    expect(JSON.parse(e.stdout)).toEqual(example);

    const outFile = join(dir, 'exported.json');
    const o = await cli('export', '--table', name, '--endpoint', url, '--out', outFile);
    expect(o.code).toBe(0);
    expect(o.stdout).toMatch(new RegExp(`^policy exported from ${name} to .*exported\\.json: 3 tiers, 5 contacts, .* from oncall\\.example\\.json\\)\\n$`));
    expect(JSON.parse(readFileSync(outFile, 'utf8'))).toEqual(example);
    // The export is a valid policy file, and an import of it changes nothing.
    expect((await cli('import', outFile, '--table', name, '--endpoint', url)).code).toBe(0);
    expect((await table.getPolicy())?.policy).toEqual(example);
  });

  it('an invalid import leaves the stored policy as it was', async () => {
    const before = await table.getPolicy();
    const r = await cli('import', file('bad2.json', '{ "timezone": '), '--table', name, '--endpoint', url);
    expect(r.code).toBe(1);
    expect(await table.getPolicy()).toEqual(before);
  });

  it('refuses a 5 s acknowledgement timeout unless --min-ack-timeout lowers the bound', async () => {
    const p = file('short.json', policyJson(5));
    const refused = await cli('import', p, '--table', name, '--endpoint', url);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('tiers[0].ackTimeoutSeconds: must be a whole number from 30 to 86400');
    expect((await table.getPolicy())?.source).toBe('exported.json');

    const accepted = await cli('import', p, '--table', name, '--endpoint', url, '--min-ack-timeout', '1');
    expect(accepted.code).toBe(0);
    expect(accepted.stdout).toBe(`policy imported into ${name}: 2 tiers, 2 contacts, business hours Mon–Fri 09:00–17:30 Europe/London\n`);
    expect((await table.getPolicy())?.policy.tiers[0]!.ackTimeoutSeconds).toBe(5);
    const e = await cli('export', '--table', name, '--endpoint', url);
    expect(JSON.parse(e.stdout).tiers[0].ackTimeoutSeconds).toBe(5);
  });

  it('import-customers then export-customers round-trips the directory, printing counts only', async () => {
    const r = await cli('import-customers', EXAMPLE_CUSTOMERS, '--table', name, '--endpoint', url);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`customers imported into ${name}: 6 customers (6 with an email or phone) on 5 platforms: x 2, facebook 1, instagram 1, reviews 1, whatsapp 1\n`);
    expect(r.stdout).not.toMatch(/@|\+44|Sarah/);

    const example = parseDirectory(JSON.parse(readFileSync(EXAMPLE_CUSTOMERS, 'utf8')));
    const e = await cli('export-customers', '--table', name, '--endpoint', url);
    expect(e.code).toBe(0);
    expect(JSON.parse(e.stdout)).toEqual([...example].sort(byKey));

    const outFile = join(dir, 'customers-out.json');
    const o = await cli('export-customers', '--table', name, `--endpoint=${url}`, '--out', outFile);
    expect(o.code).toBe(0);
    expect(o.stdout).toBe(`customers exported from ${name} to ${outFile}: 6 customers (6 with an email or phone) on 5 platforms: x 2, facebook 1, instagram 1, reviews 1, whatsapp 1\n`);
    expect((await cli('validate-customers', outFile)).code).toBe(0);

    const bad = await cli('import-customers', file('dupes.json', [{ platform: 'x', authorId: '1' }, { platform: 'x', authorId: '1' }]), '--table', name, '--endpoint', url);
    expect(bad.code).toBe(1);
    expect(await table.exportCustomers()).toHaveLength(6);
  });

  it('exits 2 on usage errors, before touching the table', async () => {
    const missingTable = await cli('import', EXAMPLE_POLICY, '--endpoint', url);
    expect(missingTable.code).toBe(2);
    expect(missingTable.stderr).toMatch(/^policy import: import needs --table <name>\n\nusage:/);
    expect((await cli('export', '--endpoint', url)).code).toBe(2);
    expect((await cli('import-customers', EXAMPLE_CUSTOMERS)).code).toBe(2);
    expect((await cli('export-customers')).code).toBe(2);
    expect((await cli('import', '--table', name)).stderr).toContain('import needs a file');
    expect((await cli('export', 'extra.json', '--table', name)).stderr).toContain('unexpected argument "extra.json"');
    expect((await cli('export', '--table')).stderr).toContain('--table needs a value');
    expect((await cli('export', '--table', name, '--min-ack-timeout', '1')).stderr).toContain('unknown option "--min-ack-timeout" for export');
    for (const bad of ['0', '31', '2.5', 'ten']) {
      const r = await cli('import', EXAMPLE_POLICY, '--table', name, '--min-ack-timeout', bad);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('--min-ack-timeout must be a whole number of seconds from 1 to 30');
    }
  });

  it('exits 1 with a short message when the table does not exist', async () => {
    const r = await cli('export', '--table', 'no-such-table', '--endpoint', url);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`policy export: table no-such-table not found (endpoint ${url})\n`);
  });
});
