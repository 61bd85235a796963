/**
 * The README's five-minute tour, run as a newcomer runs it: `npm start`'s own entry point with nothing set (the
 * development secrets, the example policy and directory), then every `sh` block of the tour pasted into bash, in
 * order, with the port the stack got instead of 3000. Each `# →` line under a command is what the reader is told
 * they will see; `…` stands for anything on that line. So the README's commands, their outputs and the stack cannot
 * drift apart.
 *
 * The classifier and the flows run after the webhook has answered, as they do for a person pasting the blocks by
 * hand a few seconds apart: a block that only delivers or reads (no `-X POST`, which acknowledges or answers an
 * offer) is run again until its lines appear, for up to 30 s. A block that acts runs exactly once.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { endAll, startNpmStart } from '../helpers/npm-start';

const ROOT = path.resolve(__dirname, '../..');

interface Block {
  script: string;
  expected: string[];
}

/** The `sh` blocks between the tour's heading and the next second-level heading. */
export function tourBlocks(readme: string): Block[] {
  const start = readme.indexOf('\n## A five-minute tour');
  if (start < 0) throw new Error('the README has no "A five-minute tour" section');
  const end = readme.indexOf('\n## ', start + 1);
  return shBlocks(readme.slice(start, end < 0 ? undefined : end));
}

/** Every `sh` block of `markdown`, with the lines it promises. */
export function shBlocks(markdown: string): Block[] {
  return [...markdown.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => ({
    script: m[1]!,
    expected: m[1]!
      .split('\n')
      .filter((line) => line.startsWith('# → '))
      .map((line) => line.slice('# → '.length)),
  }));
}

/** `…` is anything within one line; everything else is literal. */
function expectationRegex(expected: string): RegExp {
  const literal = expected.split('…').map((piece) => piece.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(literal.join('[^\\n]*?'));
}

/** Which expected lines are missing from `output`, read in order. */
export function missingLines(output: string, expected: string[]): string[] {
  const missing: string[] = [];
  let from = 0;
  for (const line of expected) {
    const m = expectationRegex(line).exec(output.slice(from));
    if (!m) missing.push(line);
    else from += m.index + m[0].length;
  }
  return missing;
}

let dataDir: string;
let url: string;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'social-care-tour-'));
  // Nothing a developer's shell or the test setup sets: the tour uses the development secrets npm start prints.
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    const theStacks = /^(META_|X_CONSUMER|STAFF_API|WEBHOOK_SECRET_|PUBLIC_BASE_URL|ONCALL_FILE|CUSTOMERS_FILE|POWERTOOLS_|LOG_)/;
    if (!theStacks.test(key)) env[key] = value;
  }
  ({ url } = await startNpmStart({ ...env, LOCAL_DATA_DIR: dataDir, LOG_REQUESTS: '0', POWERTOOLS_LOG_LEVEL: 'SILENT' }));
}, 90_000);

afterAll(() => {
  endAll();
  rmSync(dataDir, { recursive: true, force: true });
});

it('parses the tour: three paths, each with what the reader will see', () => {
  const blocks = tourBlocks(readFileSync(path.join(ROOT, 'README.md'), 'utf8'));
  expect(blocks.length).toBeGreaterThanOrEqual(6);
  expect(blocks.every((b) => b.expected.length > 0 || /^[A-Z_]+=\$\(/m.test(b.script))).toBe(true);
  expect(missingLines('a {"accepted":1} b', ['{"accepted":…}'])).toEqual([]);
  expect(missingLines('{"accepted":1}', ['{"accepted":2}'])).toEqual(['{"accepted":2}']);
  expect(missingLines('x\nfoo', ['x…foo'])).toEqual(['x…foo']);
});

it('runs every block of the README tour (and then the staff API doc\'s first) as written, and each prints what the doc says', async () => {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  // After the tour, the staff API's first examples, which work on the cases the tour made.
  const staffApi = readFileSync(path.join(ROOT, 'docs/staff-api.md'), 'utf8');
  const port = new URL(url).port;
  const local = (text: string) => text.replaceAll('127.0.0.1:3000', `127.0.0.1:${port}`);
  const blocks = [...tourBlocks(local(readme)), ...shBlocks(local(staffApi)).slice(0, 1)];
  expect(blocks.at(-1)!.script).toContain('/assign');
  // Variables a block sets (BODY, SIG, ACK, OFFER, ID…) carry over to the next, as in one terminal.
  const names = [...new Set([...`${readme}\n${staffApi}`.matchAll(/(?:^|; )([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]!))];
  const state = path.join(dataDir, 'tour-state.sh');
  writeFileSync(state, '');
  const run = (script: string) => {
    const wrapped = `source ${JSON.stringify(state)}\n${script}\ndeclare -p ${names.join(' ')} > ${JSON.stringify(state)} 2>/dev/null || true\n`;
    try {
      return execFileSync('bash', ['-c', wrapped], { cwd: dataDir, encoding: 'utf8', timeout: 30_000, stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (err) {
      const e = err as { stdout?: string; stderr?: string };
      return `${e.stdout ?? ''}\n[exit non-zero] ${e.stderr ?? ''}`;
    }
  };
  for (const [i, block] of blocks.entries()) {
    const acts = block.script.includes('-X POST');
    const deadline = Date.now() + 30_000;
    let output = run(block.script);
    while (!acts && missingLines(output, block.expected).length > 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500));
      output = run(block.script);
    }
    const missing = missingLines(output, block.expected);
    if (missing.length > 0) throw new Error(`tour block ${i + 1} did not print:\n  ${missing.join('\n  ')}\nit printed:\n${output}\n\nthe block:\n${block.script}`);
  }
}, 240_000);
