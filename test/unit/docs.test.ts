/**
 * The documentation cannot drift from the repository: every relative link resolves, nothing refers to a folder
 * outside the repository, every `npm run` script a doc names exists, every flag a doc passes to one of our CLIs is one
 * that CLI reads, every `npx cdk` command and flag is one the pinned CDK CLI knows, and every file a doc runs exists.
 * (The README's tour is run for real by test/integration/readme-tour.test.ts; the AWS CLI commands are checked
 * against the AWS CLI by `npm run check-doc-commands`, as that CLI is not part of `npm ci`.)
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { allDocCommands, awsCall, commandsIn, documentationFiles, ROOT } from '../helpers/doc-commands';

const packageJson = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
const commands = allDocCommands();

it('finds the commands the docs give (so the checks below have something to check)', () => {
  const npmRuns = commands.filter((c) => c.words[0] === 'npm' && c.words[1] === 'run');
  expect(npmRuns.length).toBeGreaterThan(30);
  expect(commands.filter((c) => awsCall(c)).length).toBeGreaterThan(20);
  expect(commandsIn('docs/deploy.md').map((c) => c.words.slice(0, 3).join(' '))).toEqual(
    expect.arrayContaining(['npx cdk bootstrap', 'npx cdk deploy', 'npm run smoke', 'npm run secret', 'npm run policy']),
  );
});

it('every relative link in the docs resolves to a file in the repository', () => {
  const broken: string[] = [];
  for (const file of documentationFiles()) {
    const text = readFileSync(path.join(ROOT, file), 'utf8').replace(/```[\s\S]*?```/g, '');
    for (const m of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      const target = m[1]!;
      if (/^(https?:|mailto:|#)/.test(target)) continue;
      const resolved = path.resolve(path.dirname(path.join(ROOT, file)), target.split('#')[0]!);
      if (!resolved.startsWith(ROOT + path.sep) || !existsSync(resolved)) broken.push(`${file} → ${target}`);
    }
  }
  expect(broken).toEqual([]);
});

it('no tracked file refers to anything beside the repository', () => {
  const tracked = execFileSync('git', ['ls-files'], { cwd: ROOT, encoding: 'utf8' }).split('\n').filter(Boolean);
  const outside = /\.\.\/shared\b|shared\/(domain|contract|design)\.md|shared\/(reference|data|seeds)\//;
  const offenders = tracked
    .filter((f) => /\.(ts|js|json|md|tsv|txt|sh|yml|yaml)$/.test(f) || f.startsWith('.ci/'))
    .filter((f) => f !== 'test/unit/docs.test.ts')
    .filter((f) => existsSync(path.join(ROOT, f)) && outside.test(readFileSync(path.join(ROOT, f), 'utf8')));
  expect(offenders).toEqual([]);
});

it('every npm script a doc runs exists, and every flag it passes to our CLIs is one that CLI reads', () => {
  const problems: string[] = [];
  for (const c of commands) {
    if (c.words[0] !== 'npm' || !['run', 'test', 'start', 'ci'].includes(c.words[1]!)) continue;
    if (c.words[1] !== 'run') continue;
    const args = c.words.slice(2).filter((w) => w !== '--silent');
    const script = args[0];
    if (!script || !(script in packageJson.scripts)) {
      problems.push(`${c.file}: npm run ${script}: no such script`);
      continue;
    }
    const entry = /^tsx (\S+\.ts)$/.exec(packageJson.scripts[script]!)?.[1];
    if (!entry) continue; // synth (cdk's own flags: checked with the cdk commands), test
    const source = readFileSync(path.join(ROOT, entry), 'utf8');
    for (const flag of args.slice(1).filter((w) => /^--[a-z]/.test(w))) {
      const name = flag.slice(2).split('=')[0]!;
      if (!source.includes(`'${name}'`) && !source.includes(`${name}:`) && !source.includes(`--${name}`)) problems.push(`${c.file}: ${c.text}: ${entry} reads no ${flag}`);
    }
  }
  expect(problems).toEqual([]);
});

it('every file a doc runs with tsx exists', () => {
  const missing = commands
    .filter((c) => c.words[0] === 'npx' && c.words[1] === 'tsx')
    .map((c) => c.words[2]!)
    .filter((f) => !existsSync(path.join(ROOT, f)));
  expect(missing).toEqual([]);
});

it('every npx cdk command, and each of its flags, is one the pinned CDK CLI knows', () => {
  const cdk = commands.filter((c) => c.words[0] === 'npx' && c.words[1] === 'cdk');
  const synth = commands.filter((c) => c.words[0] === 'npm' && c.words.includes('synth')).map((c) => ({ ...c, words: ['npx', 'cdk', 'synth', ...c.words.slice(c.words.indexOf('synth') + 1).filter((w) => w !== '--')] }));
  const bySub = new Map<string, Set<string>>();
  for (const c of [...cdk, ...synth]) {
    const sub = c.words[2]!;
    const flags = bySub.get(sub) ?? new Set<string>();
    for (const w of c.words.slice(3)) if (/^-{1,2}[a-z]/.test(w)) flags.add(w.split('=')[0]!);
    bySub.set(sub, flags);
  }
  expect([...bySub.keys()].sort()).toEqual(expect.arrayContaining(['bootstrap', 'deploy', 'diff', 'synth']));
  const problems: string[] = [];
  for (const [sub, flags] of bySub) {
    let help: string;
    try {
      help = execFileSync(process.execPath, [path.join(ROOT, 'node_modules/aws-cdk/bin/cdk'), sub, '--help'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (err) {
      problems.push(`cdk ${sub}: ${(err as { stderr?: string }).stderr ?? 'failed'}`);
      continue;
    }
    if (!help.startsWith(`cdk ${sub}`)) problems.push(`cdk ${sub}: not a cdk command`);
    for (const flag of flags) if (!new RegExp(`(^|[\\s,])${flag}\\b`, 'm').test(help)) problems.push(`cdk ${sub} ${flag}: not in its --help`);
  }
  expect(problems).toEqual([]);
}, 60_000);

it('every aws command is written as the AWS CLI spells them: service, operation, --flags in kebab case', () => {
  const malformed = commands
    .map(awsCall)
    .filter((a) => a !== undefined)
    .filter((a) => !/^[a-z0-9-]+$/.test(a.service) || !/^[a-z0-9-]+( [a-z0-9-]+)?$/.test(a.operation) || a.flags.some((f) => !/^--[a-z0-9-]+$/.test(f)));
  expect(malformed).toEqual([]);
});
