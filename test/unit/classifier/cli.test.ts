/**
 * `npm run --silent classify` (bin/classify.ts) as a user runs it: JSONL SocialEvents on stdin, one JSONL line out
 * per non-empty line in, in order; bad lines get {id, error} and the run goes on with exit code 0.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { classifyJsonLine } from '../../../bin/classify';
import { ClassificationSchema } from '../../../schemas/classification';

const ROOT = path.resolve(__dirname, '../../..');

function runCli(lines: string[]): { status: number | null; out: Record<string, unknown>[]; stderr: string } {
  const result = spawnSync('npx', ['tsx', 'bin/classify.ts'], { cwd: ROOT, input: lines.join('\n') + '\n', encoding: 'utf8', timeout: 60_000 });
  const out = result.stdout
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { status: result.status, out, stderr: result.stderr };
}

const full = (id: string, text: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    id,
    platform: 'x',
    kind: 'mention',
    text,
    author: { id: 'u1', followers: 40 },
    conversationId: id,
    createdAt: '2026-11-23T12:00:00Z',
    receivedAt: '2026-11-23T12:00:01Z',
    ...extra,
  });

describe('classify CLI', () => {
  it('answers every line in order, a blank one too, with errors for bad lines, and exits 0', () => {
    const { status, out, stderr } = runCli([
      full('x:1', '@AcmeMobile my account was hacked and someone changed my password'),
      // hand-written: no createdAt, receivedAt or conversationId
      JSON.stringify({ id: 'x:2', platform: 'x', kind: 'mention', text: 'thanks for the quick reply, sorted!', author: { id: 'u2' } }),
      '',
      '{"id": "x:3", "platform": "x", "kind": "mention", "text": "broken json',
      full('x:4', 'Are you open on Boxing Day?', { kind: 'tweet' }),
      'not json at all',
      '[1, 2, 3]',
      full('facebook:5', 'The engineer never showed. My number is 020 7946 0018', { platform: 'facebook', kind: 'dm' }),
      full('x:6', 'Going to the press with this.', { author: { id: 'u6', followers: 5 } }),
    ]);
    expect(status).toBe(0);
    // npx itself may warn about the machine's npm config; the CLI writes nothing to stderr.
    expect(stderr.split('\n').filter((l) => l.trim() && !l.startsWith('npm warn'))).toEqual([]);
    expect(out.map((o) => o.id)).toEqual(['x:1', 'x:2', null, 'x:3', 'x:4', null, null, 'facebook:5', 'x:6']);

    expect(ClassificationSchema.parse(out[0])).toMatchObject({ category: 'complaint', urgency: 'critical' });
    expect(ClassificationSchema.parse(out[1])).toMatchObject({ category: 'praise', urgency: 'low' });
    // The blank line has its own answer, so output line N still answers input line N.
    expect(out[2]).toEqual({ id: null, error: 'empty line: expected one SocialEvent as JSON' });
    expect(out[3]).toEqual({ id: 'x:3', error: expect.stringMatching(/^invalid JSON/) });
    expect(out[4]).toEqual({ id: 'x:4', error: expect.stringContaining('kind') });
    expect(out[5]).toEqual({ id: null, error: expect.stringMatching(/^invalid JSON/) });
    expect(out[6]).toEqual({ id: null, error: 'expected a JSON object (one SocialEvent per line)' });
    expect(ClassificationSchema.parse(out[7])).toMatchObject({ category: 'complaint', pii: ['phone'] });
    expect(JSON.stringify(out[7])).not.toContain('7946');
    expect(ClassificationSchema.parse(out[8])).toMatchObject({ category: 'threat', urgency: 'critical' });
  });

  it('keeps order and count over many lines', () => {
    const lines = Array.from({ length: 2_000 }, (_, i) => (i % 7 === 3 ? `{"id":"x:${i}",` : full(`x:${i}`, i % 2 ? 'still no refund after 3 weeks' : 'love this')));
    const { status, out } = runCli(lines);
    expect(status).toBe(0);
    expect(out).toHaveLength(2_000);
    expect(out.map((o) => o.id)).toEqual(lines.map((_, i) => `x:${i}`));
    expect(out.filter((o) => 'error' in o)).toHaveLength(lines.filter((_, i) => i % 7 === 3).length);
  });
});

describe('classifyJsonLine', () => {
  const now = '2026-11-23T12:00:00.000Z';

  it('names what fails the schema', () => {
    const line = JSON.stringify({ id: 'nocolon', platform: 'X', kind: 'mention', text: 7, author: {} });
    const out = JSON.parse(classifyJsonLine(line, now)) as { id: string; error: string };
    expect(out.id).toBe('nocolon');
    expect(out.error).toMatch(/^not a SocialEvent: /);
    for (const field of ['id', 'platform', 'text', 'author.id']) expect(out.error).toContain(`${field}:`);
  });

  it('lists bank, national-id and author PII types, and prints none of the values', () => {
    const line = full('x:9', 'Refund to IBAN GB29 NWBK 6016 1331 9268 19, my SSN is 512-48-3377', { author: { id: 'u9', name: 'Call me 07700 900123' } });
    const out = ClassificationSchema.parse(JSON.parse(classifyJsonLine(line, now)));
    expect(out.pii).toEqual(['phone', 'bank', 'national_id']);
    expect(out.redactedText).toBe('Refund to IBAN [bank], my SSN is [national_id]');
    expect(JSON.stringify(out)).not.toMatch(/6016|3377|900123/);
  });

  it('does not echo the input in a JSON error', () => {
    const out = JSON.parse(classifyJsonLine('{"id":"x:1","text":"call me on 07700 900123"', now)) as { error: string };
    expect(out.error).not.toContain('07700');
  });
});

describe("docs/classifier.md's example", () => {
  it('prints what the doc says it prints, run as the doc runs it (the shown redactedText is abbreviated)', () => {
    const doc = readFileSync(path.join(ROOT, 'docs/classifier.md'), 'utf8');
    const block = /```sh\n(echo '([^']+)' \| npm run --silent classify)\n((?:#.*\n)+)```/.exec(doc);
    expect(block).not.toBeNull();
    const [, command, input, shown] = block!;
    const expected = JSON.parse(shown!.replace(/^# ?/gm, '').replace(/\n\s*/g, '')) as Record<string, unknown>;
    const result = spawnSync('bash', ['-c', command!], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(result.status).toBe(0);
    const actual = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(actual.redactedText).toBe((JSON.parse(input!) as { text: string }).text);
    expect({ ...actual, redactedText: '…' }).toEqual(expected);
  });
});
