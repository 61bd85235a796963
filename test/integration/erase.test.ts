/**
 * Right to erasure on the local stack: two reviewers post (one of them a critical complaint, so on-call is paged and
 * both get a customer offer), the pipeline stores cases, timelines, page claims, link codes, events, raw text,
 * conversation pointers, learned contacts, offer slots and directory entries; `npm run erase` for one of them
 * (bin/erase.ts `run`, against the local DynamoDB) leaves nothing of theirs and everything of the other's.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { ListExecutionsCommand, SFNClient } from '@aws-sdk/client-sfn';
import { run } from '../../bin/erase';
import { ENV } from '../../config/resources';
import { genericDelivery, post } from '../helpers/deliveries';
import { eventually, readOutbox, staffApi, startStackWithPolicy, type TestStack } from '../helpers/local-stack';

// Emulator-backed and timing-dependent: generous limits for a loaded 2-core CI machine (waits end as soon as met).
jest.setTimeout(120_000);

const TOKEN = 'erase-test-staff-token';
/** This file's poll interval while waiting. */
const POLL_MS = 100;

const GONE = { platform: 'reviews', id: 'rv-erase-1', name: 'Dana Reyes', email: 'dana.reyes@example.org', phone: '+447700900555' };
const KEPT = { platform: 'reviews', id: 'rv-keep-2', name: 'Lee Park', email: 'lee.park@example.org', phone: '+447700900556' };

let stack: TestStack;
let doc: DynamoDBDocumentClient;

beforeAll(async () => {
  stack = await startStackWithPolicy({
    token: TOKEN,
    // Raw text is kept (for a day), so RAW# items exist to erase.
    env: { [ENV.rawTextRetentionDays]: '1' },
    repeat: 1,
    tiers: [{ name: 'Duty lead', ackTimeoutSeconds: 1, contacts: [{ name: 'Priya Shah', phone: '+447700900101', email: 'priya@example.com' }] }],
    customers: [GONE, KEPT].map((a) => ({ platform: a.platform, authorId: a.id, name: a.name, email: a.email, phone: a.phone })),
  });
  doc = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: stack.endpoints.dynamodb, region: 'us-east-1' }));
}, 60_000);

afterAll(async () => {
  doc?.destroy();
  await stack?.cleanup();
});

const api = staffApi(() => stack.url, TOKEN);
const allCases = async () => (await api('/api/cases?status=all&limit=500')).body.items as any[];
const outbox = () => readOutbox(stack.url);

async function scanTable(): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await doc.send(new ScanCommand({ TableName: stack.tables.cases, ExclusiveStartKey: start }));
    items.push(...(out.Items ?? []));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}

const review = (author: typeof GONE, id: string, text: string) =>
  post(
    stack.url,
    genericDelivery('reviews', {
      type: 'review.created',
      data: { id, text, author: { id: author.id, name: author.name, email: author.email }, createdAt: new Date().toISOString(), rating: 1 },
    }),
  );

async function runErase(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await run(args, (s) => (out += s), (s) => (err += s));
  return { code, out, err };
}

/** Everything that identifies the erased author in stored items: ids, name, contact details, their events. */
let gone: { caseIds: string[]; markers: string[] };

describe('npm run erase', () => {
  test('the pipeline first stores everything the erasure has to find', async () => {
    expect((await review(GONE, 'rev-e1', 'The heater you sold me caught fire in my kitchen. This is dangerous and I want a refund.')).status).toBe(200);
    expect((await review(GONE, 'rev-e2', 'Still waiting for my refund after three weeks, really poor service.')).status).toBe(200);
    expect((await review(KEPT, 'rev-k1', 'Two weeks and still no refund for the broken blender. Really poor service.')).status).toBe(200);

    const cases = await eventually(allCases, (cs) => cs.filter((c) => c.author.id === GONE.id).length === 2 && cs.some((c) => c.author.id === KEPT.id), undefined, POLL_MS);
    const goneCases = cases.filter((c) => c.author.id === GONE.id);
    const critical = goneCases.find((c) => c.urgency === 'critical');
    expect(critical).toBeDefined();
    // The critical case pages the one tier, nobody acknowledges, the flow exhausts; both authors get an offer.
    await eventually(() => api(`/api/cases/${critical.id}`), (r) => r.body.escalation?.state === 'exhausted', undefined, POLL_MS);
    await eventually(outbox, (o) => [GONE.email, KEPT.email].every((e) => o.email.some((m) => m.to.includes(e))), undefined, POLL_MS);
    const sfn = new SFNClient({ endpoint: stack.endpoints.stepfunctions, region: 'us-east-1' });
    await eventually(
      () => sfn.send(new ListExecutionsCommand({ stateMachineArn: process.env[ENV.escalationStateMachineArn]! })),
      (r) => (r.executions ?? []).length >= 2 && (r.executions ?? []).every((e) => e.status !== 'RUNNING'),
      undefined,
      POLL_MS,
    );
    sfn.destroy();

    gone = {
      caseIds: goneCases.map((c) => c.id),
      markers: [GONE.id, GONE.name, GONE.email, GONE.phone, 'reviews:rev-e1', 'reviews:rev-e2', 'heater you sold me', 'after three weeks', ...goneCases.map((c) => c.id)],
    };
    const items = await scanTable();
    const pks = (prefix: string) => items.filter((i) => String(i['PK']).startsWith(prefix));
    const caseLinked = (i: Record<string, unknown>) => gone.caseIds.includes(String(i['caseId']));
    expect(pks('CASE#').filter((i) => gone.caseIds.some((id) => i['PK'] === `CASE#${id}` && String(i['SK']).startsWith('PAGE#'))).length).toBeGreaterThan(0);
    expect(pks('CODE#').filter(caseLinked).length).toBeGreaterThanOrEqual(2); // an ack link per page, an offer link
    expect(pks('EVENT#').filter(caseLinked)).toHaveLength(2);
    expect(pks('RAW#').filter(caseLinked)).toHaveLength(2);
    expect(pks('CONV#').filter(caseLinked)).toHaveLength(2);
    expect(items.filter((i) => i['PK'] === `CUSTOMER#reviews#${GONE.id}`).map((i) => i['SK']).sort()).toEqual(['CONTACT', 'OFFER', 'PROFILE']);
    expect(items.filter((i) => i['PK'] === `CUSTOMER#reviews#${KEPT.id}`).map((i) => i['SK']).sort()).toEqual(['CONTACT', 'OFFER', 'PROFILE']);
  }, 60_000);

  test('--dry-run counts what it would delete, prints no personal data and deletes nothing', async () => {
    const before = await scanTable();
    const { code, out, err } = await runErase(['--platform', 'reviews', '--author', GONE.id, '--table', stack.tables.cases, '--endpoint', stack.endpoints.dynamodb, '--dry-run']);
    expect({ code, err }).toEqual({ code: 0, err: '' });
    expect(out).toMatch(/dry run/);
    expect(out).toMatch(/^\s+2\s+cases$/m);
    expect(out).toMatch(/^\s+2\s+events seen$/m);
    expect(out).toMatch(/^\s+2\s+raw texts$/m);
    expect(out).toMatch(/^\s+2\s+conversation pointers$/m);
    expect(out).toMatch(/^\s+3\s+customer items/m);
    expect(out).toMatch(/page claims/);
    expect(out).toMatch(/link codes/);
    for (const marker of gone.markers) expect(out).not.toContain(marker);
    expect(await scanTable()).toHaveLength(before.length);
  });

  test('deletes everything about the author and nothing about anyone else', async () => {
    const before = await scanTable();
    const mentions = (i: Record<string, unknown>) => gone.markers.some((m) => JSON.stringify(i).includes(m));
    const theirs = before.filter(mentions);
    expect(theirs.length).toBeGreaterThan(10);

    const { code, out, err } = await runErase(['--platform', 'reviews', '--author', GONE.id, '--table', stack.tables.cases, '--endpoint', stack.endpoints.dynamodb]);
    expect({ code, err }).toEqual({ code: 0, err: '' });
    expect(out).toMatch(/^erase: deleted from/);
    for (const marker of gone.markers) expect(out).not.toContain(marker);

    const after = await scanTable();
    // Nothing left that names the author, their cases, their events, their posts or their contact details.
    expect(after.filter(mentions)).toEqual([]);
    // Everything else is exactly as it was: the other author's cases, items and contacts, and the configuration.
    const key = (i: Record<string, unknown>) => `${i['PK']} ${i['SK']}`;
    const afterByKey = new Map(after.map((i) => [key(i), i]));
    for (const item of before.filter((i) => !mentions(i))) expect(afterByKey.get(key(item))).toEqual(item);
    expect(after.filter((i) => String(i['PK']).startsWith('CUSTOMER#reviews#rv-keep-2'))).toHaveLength(3);
    expect(after.some((i) => i['PK'] === 'CONFIG#oncall-policy')).toBe(true);
    // What remains of the items that mentioned them: shared crisis counters, rewritten without their samples.
    const rewritten = after.filter((i) => theirs.some((t) => key(t) === key(i)));
    expect(rewritten.length).toBeGreaterThan(0);
    for (const item of rewritten) {
      expect(String(item['PK'])).toMatch(/^(CRISIS|ALERT)#/);
      expect((item['samples'] as { caseId: string }[]).map((x) => x.caseId)).toEqual(
        (theirs.find((t) => key(t) === key(item))!['samples'] as { caseId: string }[]).map((x) => x.caseId).filter((id) => !gone.caseIds.includes(id)),
      );
    }
  });

  test('the staff API lists only the other author, and a second run finds nothing', async () => {
    const cases = await allCases();
    expect(cases.length).toBeGreaterThan(0);
    expect(cases.every((c) => c.author.id === KEPT.id)).toBe(true);
    for (const id of gone.caseIds) expect((await api(`/api/cases/${id}`)).status).toBe(404);

    const again = await runErase([`--platform=reviews`, `--author=${GONE.id}`, `--table=${stack.tables.cases}`, `--endpoint=${stack.endpoints.dynamodb}`]);
    expect(again).toEqual({ code: 0, out: `erase: nothing stored about this author in ${stack.tables.cases}\n`, err: '' });
  });

  test('usage errors exit 2 without touching the table, naming the option and not the value', async () => {
    const missing = await runErase(['--platform', 'reviews', '--table', stack.tables.cases]);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/--author is required/);
    const bad = await runErase(['--platform', 'Not#Valid', '--author', 'x', '--table', 't']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--platform must be/);
    expect(bad.err).not.toContain('Not#Valid');
    const unknown = await runErase(['--platform', 'reviews', '--author', 'x', '--table', 't', '--force']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/unknown option "--force"/);
  });

  test('a missing table is a failure (exit 1) that names the table only', async () => {
    const missing = await runErase(['--platform', 'reviews', '--author', KEPT.id, '--table', 'no-such-table', '--endpoint', stack.endpoints.dynamodb]);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/table no-such-table not found/);
    expect(missing.err).not.toContain(KEPT.id);
  });
});
