import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type * as z from 'zod';
import { type LocalStack, type LocalStackOptions, type Outbox, startLocalStack } from '../../local/stack';
import type { CustomerEntrySchema } from '../../schemas/customer-directory';
import type { OncallPolicySchema } from '../../schemas/oncall-policy';

/**
 * The local stack as the integration and browser tests drive it: started with a staff token (and, for the flows, an
 * on-call policy and a customer directory written to temporary ONCALL_FILE / CUSTOMERS_FILE), then read over HTTP
 * the way people and tools meet it: the staff API with the bearer token, the emulators' outbox, the link codes in
 * the SMS and emails.
 */

/**
 * Reads until `ok` holds and returns that value; throws with the last value once `timeoutMs` has passed. Waits end as
 * soon as they are met, so the limit can be generous for a loaded CI machine.
 */
export async function eventually<T>(read: () => Promise<T> | T, ok: (v: T) => boolean, timeoutMs = 30_000, intervalMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not met: ${JSON.stringify(value).slice(0, 800)}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** A GET on the staff API: the status and the parsed JSON body (loosely typed: tests assert its shape). */
export type StaffApi = (path: string, token?: string) => Promise<{ status: number; body: any }>;

/**
 * The staff API of the stack at `baseUrl()` (read at each call, so it can be made before the stack starts), called
 * with `token` as the bearer unless a call names another.
 */
export function staffApi(baseUrl: () => string, token: string): StaffApi {
  return async (p, asToken = token) => {
    const res = await fetch(baseUrl() + p, { headers: { authorization: `Bearer ${asToken}` } });
    return { status: res.status, body: (await res.json()) as any };
  };
}

/**
 * Waits until the staff API lists (any status) a case that `match`es, and returns that list item. Reads every page
 * (a page stops at about a megabyte, whatever its limit).
 */
export async function listedCase(api: StaffApi, match: (c: any) => boolean, timeoutMs?: number): Promise<any> {
  const find = async () => {
    let nextToken: string | undefined;
    do {
      const page = await api(`/api/cases?status=all&limit=500${nextToken ? `&nextToken=${encodeURIComponent(nextToken)}` : ''}`);
      if (page.status !== 200) return { status: page.status, found: undefined };
      const found = page.body.items.find(match);
      if (found) return { status: 200, found };
      nextToken = page.body.nextToken;
    } while (nextToken);
    return { status: 200, found: undefined };
  };
  return (await eventually(find, (r) => r.found !== undefined, timeoutMs)).found;
}

/** Every case the staff API lists (any status), all pages read; throws on any other answer than 200. */
export async function allListedCases(api: StaffApi): Promise<{ id: string; conversationId: string; createdAt: string }[]> {
  const out: { id: string; conversationId: string; createdAt: string }[] = [];
  let nextToken: string | undefined;
  do {
    const res = await api(`/api/cases?status=all&limit=500${nextToken ? `&nextToken=${encodeURIComponent(nextToken)}` : ''}`);
    if (res.status !== 200) throw new Error(`staff API answered ${res.status}`);
    out.push(...res.body.items);
    nextToken = res.body.nextToken;
  } while (nextToken);
  return out;
}

/** /healthz answers 200; on a failure the assertion shows the components' answer, which names the part that was down. */
export async function expectHealthy(baseUrl: string): Promise<void> {
  const res = await fetch(`${baseUrl}/healthz`);
  expect({ status: res.status, body: await res.text() }).toMatchObject({ status: 200 });
}

/** Every SMS and email the emulators have taken so far (GET /_local/outbox). */
export async function readOutbox(baseUrl: string): Promise<Outbox> {
  return (await fetch(`${baseUrl}/_local/outbox`)).json() as Promise<Outbox>;
}

/** The SMS that name a case (pages and warnings carry its id). */
export const smsFor = (o: Outbox, caseId: string) => o.sms.filter((m) => m.body.includes(caseId));

/** The link code of an /ack/{code} or /offer/{code} link in a message, if there is one. */
export const linkCode = (text: string, kind: 'ack' | 'offer') => new RegExp(`/${kind}/([A-Za-z0-9_-]{43})`).exec(text)?.[1];

export interface TestStackOptions extends Omit<LocalStackOptions, 'oncallFile' | 'customersFile'> {
  /** The staff API's bearer token: STAFF_API_TOKEN while the stack runs. */
  token: string;
  /**
   * More environment, set before the stack starts (the handlers read it at import) and put back as it was by
   * `cleanup()`.
   */
  env?: Record<string, string>;
}

export interface PolicyStackOptions extends TestStackOptions {
  /** The policy's tiers, written (time zone Europe/London) to a temporary ONCALL_FILE. */
  tiers: z.input<typeof OncallPolicySchema>['tiers'];
  /** Rounds through the tiers; left out of the file unless given. */
  repeat?: number;
  /** The customer directory, written to a temporary CUSTOMERS_FILE; empty unless given. */
  customers?: z.input<typeof CustomerEntrySchema>[];
}

export interface TestStack extends LocalStack {
  /** Stops the stack, puts the environment back as it was and removes the temporary files. */
  cleanup(): Promise<void>;
}

/** The local stack on a free port with `token` as the staff token (and any `env`); the policy and directory files are the stack's defaults. */
export async function startTestStack(options: TestStackOptions): Promise<TestStack> {
  return start(options, {}, () => undefined);
}

/** The local stack on a free port with the given on-call tiers and customer directory, and `token` as the staff token. */
export async function startStackWithPolicy(options: PolicyStackOptions): Promise<TestStack> {
  const { tiers, repeat, customers = [], ...rest } = options;
  const dir = mkdtempSync(path.join(tmpdir(), 'local-stack-'));
  const oncallFile = path.join(dir, 'oncall.json');
  writeFileSync(oncallFile, JSON.stringify({ timezone: 'Europe/London', ...(repeat === undefined ? {} : { repeat }), tiers }));
  const customersFile = path.join(dir, 'customers.json');
  writeFileSync(customersFile, JSON.stringify(customers));
  return start(rest, { oncallFile, customersFile }, () => rmSync(dir, { recursive: true, force: true }));
}

async function start(
  { token, env = {}, ...options }: TestStackOptions,
  files: Pick<LocalStackOptions, 'oncallFile' | 'customersFile'>,
  removeFiles: () => void,
): Promise<TestStack> {
  const vars = { STAFF_API_TOKEN: token, ...env };
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  const restore = () => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    removeFiles();
  };
  Object.assign(process.env, vars);
  let stack: LocalStack;
  try {
    stack = await startLocalStack({ port: 0, ...options, ...files });
  } catch (err) {
    restore();
    throw err;
  }
  return Object.assign(stack, {
    async cleanup() {
      try {
        await stack.stop();
      } finally {
        restore();
      }
    },
  });
}
