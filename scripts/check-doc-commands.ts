import { execFileSync } from 'node:child_process';
import { allDocCommands, awsCall } from '../test/helpers/doc-commands';

/**
 * `npm run check-doc-commands`: every `aws …` command in the docs is checked against the AWS CLI installed on this
 * machine — the service and operation exist, and each --flag is one that operation takes (its `help` page). The AWS
 * CLI is not an npm package, so this is a script ops and maintainers run (it needs `aws` on the PATH), not part of
 * `npm test`, which checks the rest of the docs' commands (test/unit/docs.test.ts). Prints one line per problem;
 * exit 0 when there is none.
 */

const calls = new Map<string, Set<string>>();
for (const command of allDocCommands()) {
  const call = awsCall(command);
  if (!call) continue;
  const key = `${call.service} ${call.operation}`;
  const flags = calls.get(key) ?? new Set<string>();
  for (const flag of call.flags) flags.add(flag);
  calls.set(key, flags);
}

let problems = 0;
for (const [key, flags] of [...calls].sort()) {
  const [service, ...operation] = key.split(' ');
  let help: string;
  try {
    help = execFileSync('aws', [service!, ...operation, 'help'], { encoding: 'utf8', env: { ...process.env, PAGER: 'cat', AWS_PAGER: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'ENOENT') {
      process.stderr.write('the AWS CLI is not on the PATH: install it to check the docs\' aws commands\n');
      process.exit(2);
    }
    process.stdout.write(`✗ aws ${key}: no such command in this AWS CLI\n`);
    problems += 1;
    continue;
  }
  // The man page renders with backspace overstrikes; strip them before searching for the flags.
  const text = help.replace(/.\x08/g, '');
  for (const flag of flags) {
    if (!new RegExp(`${flag}(?![a-z0-9-])`).test(text)) {
      process.stdout.write(`✗ aws ${key} ${flag}: not an option of that command\n`);
      problems += 1;
    }
  }
}
process.stdout.write(`${calls.size} aws commands checked, ${problems} problem(s)\n`);
process.exit(problems === 0 ? 0 : 1);
