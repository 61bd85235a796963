import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The commands the repository's documentation tells people to run, read out of README.md, docs/*.md and data/README.md:
 * every line of a `sh` block and every inline `code` span that starts with a command, split at `&&`, `;`, `|` and
 * `$(`, continuation lines joined, leading variable assignments dropped. Used by test/unit/docs.test.ts (npm
 * scripts, our CLIs' flags, the cdk CLI) and scripts/check-doc-aws-commands.ts (the AWS CLI's).
 */

export const ROOT = path.resolve(__dirname, '../..');

export interface DocCommand {
  file: string;
  /** The words of the command, quotes removed, e.g. ['npm', 'run', 'policy', '--', 'import', 'x.json']. */
  words: string[];
  text: string;
}

export function documentationFiles(): string[] {
  const docs = readdirSync(path.join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`);
  return ['README.md', ...docs, 'data/README.md'];
}

const COMMAND_START = /^(npm|npx|aws|curl|openssl)\s/;

/** Splits a shell line into words, keeping quoted strings whole (quotes removed). Enough for documentation. */
function words(line: string): string[] {
  const out: string[] = [];
  for (const m of line.matchAll(/"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g)) out.push(m[1] ?? m[2] ?? m[3]!);
  return out;
}

function segments(line: string): string[] {
  return line
    .split(/&&|\|\||;|\||\$\(|`/)
    .map((s) => s.replace(/^[\s(]+|[\s)]+$/g, ''))
    .map((s) => s.replace(/^(?:[A-Z_][A-Z0-9_]*=(?:"[^"]*"|'[^']*'|\S*)\s+)+/, ''))
    .filter((s) => COMMAND_START.test(`${s} `));
}

export function commandsIn(file: string): DocCommand[] {
  const text = readFileSync(path.join(ROOT, file), 'utf8');
  const lines: string[] = [];
  for (const block of text.matchAll(/```(?:sh|bash)\n([\s\S]*?)```/g)) {
    const joined = block[1]!.replace(/\\\n\s*/g, ' ');
    for (const line of joined.split('\n')) {
      const code = line.replace(/\s+#.*$/, '').trim();
      if (code && !code.startsWith('#')) lines.push(code);
    }
  }
  // Inline `npm run …` and `aws …` in the prose (outside code blocks).
  const prose = text.replace(/```[\s\S]*?```/g, '');
  for (const m of prose.matchAll(/`((?:npm run|npx|aws) [^`]+)`/g)) lines.push(m[1]!.replace(/\s+/g, ' '));
  return lines.flatMap((line) => segments(line).map((s) => ({ file, words: words(s), text: s })));
}

export function allDocCommands(): DocCommand[] {
  return documentationFiles().flatMap(commandsIn);
}

/** `aws <service> <operation> [--flag …]` of a command (`wait <waiter>` as the operation), or undefined for another program. */
export function awsCall(c: DocCommand): { service: string; operation: string; flags: string[] } | undefined {
  if (c.words[0] !== 'aws' || c.words.length < 3) return undefined;
  // `aws <service> wait <waiter>` names its waiter as a second word.
  const operationWords = c.words[2] === 'wait' ? 2 : 1;
  const operation = c.words.slice(2, 2 + operationWords).join(' ');
  const flags = c.words.slice(2 + operationWords).filter((w) => /^--[a-z]/.test(w)).map((w) => w.split('=')[0]!);
  return { service: c.words[1]!, operation, flags };
}
