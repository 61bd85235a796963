import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { SocialEventSchema } from '../schemas/social-event';
import { classify } from '../lambdas/domain/classifier';

/**
 * `npm run --silent classify`: JSONL SocialEvent on stdin → one JSONL Classification per line on stdout, in order
 * (the outside contract; docs/classifier.md). A line that is not JSON, or fails the SocialEvent schema, gets `{"id": <id or null>,
 * "error": "<what is wrong>"}` and the run goes on; the exit code is 0.
 *
 * `pii` lists the types found in the text or in the author's name and handle, each once, in the order `email`,
 * `phone`, `card`, `address`, `bank`, `national_id` (schemas/classification.ts); `redactedText` has each replaced
 * by its label (`[email]` … `[national_id]`).
 *
 * Every input line gets exactly one output line, in order — a blank (whitespace-only) line too, as an error line — so
 * output line N always answers input line N.
 *
 * Hand-written lines may leave out `createdAt`, `receivedAt` (both default to the time the run started) and
 * `conversationId` (defaults to the event id); everything else must satisfy the schema. Output is written in
 * batches, waiting for the pipe to drain, so 30,000 lines take seconds.
 */

const BATCH_LINES = 1000;

/** The id of a line, when one can be read even from broken JSON; else null. */
function readableId(value: unknown, line: string): string | null {
  if (value && typeof value === 'object' && typeof (value as { id?: unknown }).id === 'string') return (value as { id: string }).id;
  const m = /"id"\s*:\s*"((?:[^"\\]|\\.)*)"/.exec(line);
  if (!m) return null;
  try {
    return JSON.parse(`"${m[1]}"`) as string;
  } catch {
    return null;
  }
}

/** One output line (without newline) for one input line. */
export function classifyJsonLine(line: string, now: string): string {
  if (line.trim() === '') return JSON.stringify({ id: null, error: 'empty line: expected one SocialEvent as JSON' });
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (err) {
    // V8's message quotes the input (which may hold PII): keep only where it broke.
    const at = /position (\d+)/.exec((err as Error).message);
    return JSON.stringify({ id: readableId(undefined, line), error: at ? `invalid JSON at position ${at[1]}` : 'invalid JSON' });
  }
  const id = readableId(value, line);
  if (!value || typeof value !== 'object' || Array.isArray(value)) return JSON.stringify({ id, error: 'expected a JSON object (one SocialEvent per line)' });
  const draft = value as Record<string, unknown>;
  const filled = {
    ...draft,
    createdAt: draft.createdAt ?? now,
    receivedAt: draft.receivedAt ?? now,
    conversationId: draft.conversationId ?? draft.id,
  };
  const parsed = SocialEventSchema.safeParse(filled);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.length ? i.path.join('.') : 'event'}: ${i.message}`);
    return JSON.stringify({ id, error: `not a SocialEvent: ${problems.join('; ')}` });
  }
  try {
    return JSON.stringify(classify(parsed.data));
  } catch (err) {
    return JSON.stringify({ id, error: `classifier failed: ${(err as Error).message}` });
  }
}

async function main(): Promise<void> {
  const out = process.stdout;
  // A reader that stops early (`| head`) is not an error.
  out.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
  const now = new Date().toISOString();
  const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
  let batch: string[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const chunk = batch.join('');
    batch = [];
    if (!out.write(chunk)) await once(out, 'drain');
  };
  for await (const line of rl) {
    batch.push(`${classifyJsonLine(line, now)}\n`);
    if (batch.length >= BATCH_LINES) await flush();
  }
  await flush();
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`classify: ${(err as Error).stack ?? String(err)}\n`);
    process.exitCode = 1;
  });
}
