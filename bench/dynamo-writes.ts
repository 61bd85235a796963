import '../local/polyfills';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type AttributeValue, DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { TABLES } from '../config/resources';
import { startLocalStack } from '../local/stack';
import { facebookComment, metaDelivery, post, xDelivery, xMention } from '../test/helpers/deliveries';

/**
 * DynamoDB write units per event, per path, measured on the local stack: every write the functions send to DynamoDB
 * passes a proxy here (the stack's `observeDynamoDb`) that reads the item before and after it, and billed as DynamoDB bills on-demand writes —
 * the table by the larger of the two images (1 KB units, a refused conditional write too), and each global secondary
 * index by its own copy: a put when the item enters it, a delete when it leaves, both when its key changes, an update
 * when a projected attribute changes, nothing otherwise. dynalite does not report index capacity, hence this count.
 *
 * Paths, each on a conversation of its own, each run until nothing more is written (first-response clocks of a few
 * seconds, so each clock runs to its end): a question (new case with a clock, to its breach), a follow-up in it, the
 * business's reply, a complaint (new case, crisis counters, the offer escalation, the pre-breach warning, the breach),
 * praise (no clock). Run by bench/run.ts in its own process; prints one JSON line.
 */

type Item = Record<string, AttributeValue>;
const { partitionKey: PK, sortKey: SK, indexes } = TABLES.cases;

function valueBytes(v: AttributeValue): number {
  if (v.S !== undefined) return Buffer.byteLength(v.S);
  if (v.N !== undefined) return Math.ceil(v.N.replace(/^-|\.|^0+/g, '').length / 2) + 1;
  if (v.BOOL !== undefined || v.NULL !== undefined) return 1;
  if (v.B !== undefined) return v.B.length;
  if (v.SS) return v.SS.reduce((n, s) => n + Buffer.byteLength(s), 0);
  if (v.NS) return v.NS.reduce((n, s) => n + s.length, 0);
  if (v.L) return 3 + v.L.reduce((n, e) => n + 1 + valueBytes(e), 0);
  if (v.M) return 3 + Object.entries(v.M).reduce((n, [k, e]) => n + 1 + Buffer.byteLength(k) + valueBytes(e), 0);
  return 0;
}
const itemBytes = (item: Item) => Object.entries(item).reduce((n, [k, v]) => n + Buffer.byteLength(k) + valueBytes(v), 0);
const units = (bytes: number) => Math.max(1, Math.ceil(bytes / 1024));

/** The index's copy of an item, or undefined when the item is not in it (sparse: a key attribute missing). */
function indexCopy(item: Item | undefined, index: { partitionKey: string; sortKey: string; projection?: 'ALL' | readonly string[] }): Item | undefined {
  if (!item || !item[index.partitionKey] || !item[index.sortKey]) return undefined;
  if (!index.projection || index.projection === 'ALL') return item;
  const keep = new Set([PK, SK, index.partitionKey, index.sortKey, ...index.projection]);
  return Object.fromEntries(Object.entries(item).filter(([k]) => keep.has(k)));
}

function indexUnits(before: Item | undefined, after: Item | undefined, index: (typeof indexes)[keyof typeof indexes]): number {
  const b = indexCopy(before, index);
  const a = indexCopy(after, index);
  if (!b && !a) return 0;
  if (!b) return units(itemBytes(a!));
  if (!a) return units(itemBytes(b));
  const key = (i: Item) => JSON.stringify([i[index.partitionKey], i[index.sortKey]]);
  if (key(a) !== key(b)) return units(itemBytes(a)) + units(itemBytes(b));
  return JSON.stringify(a) === JSON.stringify(b) ? 0 : units(Math.max(itemBytes(a), itemBytes(b)));
}

interface Tally {
  writes: number;
  table: number;
  index: Record<string, number>;
}
const newTally = (): Tally => ({ writes: 0, table: 0, index: Object.fromEntries(Object.keys(indexes).map((n) => [n, 0])) });

async function main() {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  const dir = mkdtempSync(path.join(tmpdir(), 'dynamo-writes-'));
  const oncallFile = path.join(dir, 'oncall.json');
  // No business hours: every clock runs now, and runs out in seconds.
  writeFileSync(oncallFile, JSON.stringify({ timezone: 'Europe/London', repeat: 1, tiers: [{ name: 'Duty', ackTimeoutSeconds: 30, contacts: [{ name: 'Priya', phone: '+447700900111', email: 'priya@example.com' }] }] }));
  process.env.SLA_MINUTES = JSON.stringify({ critical: 0.1, high: 0.1, normal: 0.1 });
  process.env.STAFF_API_TOKEN = 'bench-writes-staff-token-0123456789';
  let tally = newTally();
  let lastWrite = Date.now();
  // A proxy between the functions (in the stack's functions thread) and DynamoDB: each write is billed from the item
  // before and after it, read straight from the emulator.
  let raw: DynamoDBClient | undefined;
  let proxy: Server | undefined;
  const get = async (Key: Item) => (await raw!.send(new GetItemCommand({ TableName: TABLES.cases.localName, Key, ConsistentRead: true }))).Item;
  const observeDynamoDb = async (emulatorUrl: string) => {
    raw = new DynamoDBClient({ endpoint: emulatorUrl, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    proxy = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const body = Buffer.concat(chunks);
      const op = String(req.headers['x-amz-target'] ?? '').split('.')[1] ?? '';
      const write = /^(PutItem|UpdateItem|DeleteItem)$/.test(op) ? (JSON.parse(body.toString('utf8')) as { Key?: Item; Item?: Item }) : undefined;
      const key = write ? (write.Key ?? (write.Item ? { [PK]: write.Item[PK]!, [SK]: write.Item[SK]! } : undefined)) : undefined;
      const t = tally;
      const before = key ? await get(key) : undefined;
      const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => k !== 'host' && k !== 'content-length' && k !== 'connection')) as Record<string, string>;
      const answer = await fetch(emulatorUrl, { method: req.method ?? 'POST', headers, body });
      const text = await answer.text();
      if (write) {
        const after = key ? await get(key) : undefined;
        t.writes++;
        t.table += units(Math.max(before ? itemBytes(before) : 0, after ? itemBytes(after) : 0));
        for (const [name, index] of Object.entries(indexes)) t.index[name]! += indexUnits(before, after, index);
        lastWrite = Date.now();
      }
      res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/x-amz-json-1.0' });
      res.end(text);
    });
    await new Promise<void>((resolve) => proxy!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  };
  const stack = await startLocalStack({ port: 0, oncallFile, scheduleIntervalMs: 250, observeDynamoDb });

  /** Runs a path and waits until nothing has been written for `quietMs` (clocks included). */
  const measure = async (send: () => Promise<{ status: number }>, quietMs: number): Promise<Tally> => {
    tally = newTally();
    const mine = tally;
    lastWrite = Date.now();
    const answer = (await send()) as { status: number };
    if (answer.status !== 200) throw new Error(`a delivery was answered ${answer.status}`);
    while (Date.now() - lastWrite < quietMs) await new Promise((r) => setTimeout(r, 200));
    return mine;
  };
  const quiet = 9_000; // past a 6 s clock's breach check, with room for the sweep or the state machine's wait
  const n = Date.now() % 1_000_000;
  const results: Record<string, Tally> = {};
  try {
    const question = '@AcmeSupport what time do you open on Sundays?';
    results.new_case_question_with_clock = await measure(() => post(stack.url, xDelivery(xMention({ id: `${n}01`, userId: `w-q-${n}`, text: question }))), quiet);
    const followUp = xMention({ id: `${n}02`, userId: `w-q-${n}`, text: '@AcmeSupport any news on that?' });
    (followUp.tweet_create_events[0] as Record<string, unknown>)['in_reply_to_status_id_str'] = `${n}01`;
    results.follow_up = await measure(() => post(stack.url, xDelivery(followUp)), 3_000);
    const reply = xMention({ id: `${n}03`, userId: '1700000000000000001', text: '@leepark we open at 10' });
    (reply.tweet_create_events[0] as Record<string, unknown>)['in_reply_to_user_id_str'] = `w-q-${n}`;
    (reply.tweet_create_events[0] as Record<string, unknown>)['in_reply_to_status_id_str'] = `${n}01`;
    results.business_reply = await measure(() => post(stack.url, xDelivery(reply)), 3_000);
    const complaint = 'Worst service ever, my order never arrived and nobody answers. Awful.';
    results.new_case_complaint_negative = await measure(
      () => post(stack.url, metaDelivery(facebookComment({ commentId: `${n}04`, fromId: `w-c-${n}`, text: complaint }))),
      quiet,
    );
    results.new_case_praise_no_clock = await measure(
      () => post(stack.url, metaDelivery(facebookComment({ commentId: `${n}05`, fromId: `w-p-${n}`, text: 'Lovely staff and quick delivery, thank you!' }))),
      3_000,
    );
  } finally {
    await stack.stop();
    raw?.destroy();
    proxy?.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const summary = Object.fromEntries(
    Object.entries(results).map(([name, t]) => [
      name,
      { writes: t.writes, table_wcu: t.table, index_wcu: t.index, total_wcu: t.table + Object.values(t.index).reduce((a, b) => a + b, 0) },
    ]),
  );
  process.stdout.write(JSON.stringify(summary) + '\n');
  process.exit(0);
}
main().catch((err) => {
  console.error(err);
  process.exit(1);
});
