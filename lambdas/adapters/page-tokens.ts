import * as z from 'zod';
import { TABLES } from '../../config/resources';
import type { CaseStatus } from '../../schemas/case';

/**
 * The staff API's paging tokens: base64url JSON saying where a listing stopped: a queue position (the list goes on
 * after it in every shard of the status) or, for a timeline, DynamoDB's key to continue from.
 *
 * They are checked, not signed. A token only says where to resume a listing its caller may read in full anyway, so a
 * forged one gains nothing; what must never happen is a token reaching DynamoDB in a shape it refuses (a 500) or one
 * that reads outside the listing. So every decoded token is held to exactly the shape the API issues — no extra
 * fields, strings of bounded length, a queue position of the form the index sorts by (or a timeline key of the case
 * being read) — and anything else is a 400. Signing would add nothing on top: a key made at cold
 * start would reject tokens between Lambda instances, and a key from the app secret would give the staff API a
 * secret to fetch and guard for no gain.
 */

const { partitionKey: PK, sortKey: SK } = TABLES.cases;

export class InvalidPageTokenError extends Error {
  override readonly name = 'InvalidPageTokenError';
}

const CASE_ID = 'c_[A-Za-z0-9_-]{1,64}';

/** Where a queue listing stopped: which of the listing's statuses, and the last case item sent (index and table keys). */
const ListTokenSchema = z.strictObject({
  s: z.number().int().min(0).max(2),
  // The status being listed: a token of one listing is not a token of another.
  q: z.enum(['open', 'acknowledged', 'resolved']),
  // The queue position the page ended at: <urgency rank>#<received at>#<case id> (queueKeys in cases-table.ts). The
  // next page is what comes after it in every shard of the status.
  a: z
    .string()
    .regex(new RegExp(`^[0-3]#[0-9A-Za-z:.+-]{1,40}#(${CASE_ID})$`))
    .optional(),
});
export type ListToken = { s: number; q?: CaseStatus; a?: string };

const TimelineTokenSchema = z.strictObject({
  t: z
    .string()
    .startsWith('T#')
    .refine((sk) => Buffer.byteLength(sk, 'utf8') <= 1024, 'longer than a sort key can be'),
});

function decode<T>(token: string, schema: z.ZodType<T>, name: string): T {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidPageTokenError(`${name} is not a token this API issued`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new InvalidPageTokenError(`${name} is not a token this API issued`);
  return parsed.data;
}

const encode = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

/**
 * The position a listing of `statuses` resumes from; throws InvalidPageTokenError for a token not issued for it. No
 * token: the start.
 */
export function decodeListToken(token: string | undefined, statuses: readonly CaseStatus[]): ListToken {
  if (!token) return { s: 0 };
  const t = decode(token, ListTokenSchema, 'nextToken') as ListToken;
  if (t.s >= statuses.length || t.q !== statuses[t.s]) throw new InvalidPageTokenError('nextToken does not belong to this listing');
  return t;
}

/** The token of the page after queue position `after` of the `s`-th status, `status` (from its start when absent). */
export const listTokenAt = (s: number, status: CaseStatus, after?: string): string => encode(after ? { s, q: status, a: after } : { s, q: status });

export function decodeTimelineToken(token: string, caseId: string): Record<string, string> {
  return { [PK]: `CASE#${caseId}`, [SK]: decode(token, TimelineTokenSchema, 'timelineNextToken').t };
}

/** A token resuming a case's timeline before the entry with sort key `sk`. */
export const timelineTokenBefore = (sk: string): string => encode({ t: sk });
