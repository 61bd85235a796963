import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

/**
 * `npm start`'s own entry point (bin/local.ts) in a child process, as a person runs it, for the tests that need the
 * real console and the real process (restarts, the README's tour). Each child gets its own process group, and
 * `endAll` ends every group still running: a suite that fails half-way leaves no local stack behind.
 */

const ROOT = path.resolve(__dirname, '../..');

export interface StartedStack {
  child: ChildProcess;
  /** The stack's base URL, read from the "health" line it prints. */
  url: string;
  /** Everything it printed so far, stdout and stderr. */
  output: () => string;
}

const started: ChildProcess[] = [];

/** Starts bin/local.ts on a free port with `env` over the test's own environment; resolves once it printed its URLs. */
export function startNpmStart(env: NodeJS.ProcessEnv, timeoutMs = 60_000): Promise<StartedStack> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bin/local.ts')], {
    cwd: ROOT,
    env: { ...env, PORT: '0' }, // a free port, whatever the caller's environment says
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group, for endAll
  });
  started.push(child);
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm start did not come up:\n${out}`)), timeoutMs);
    const check = setInterval(() => {
      const m = /health\s+(http:\/\/127\.0\.0\.1:\d+)\/healthz/.exec(out);
      if (m) {
        clearInterval(check);
        clearTimeout(timer);
        resolve({ child, url: m[1]!, output: () => out });
      }
    }, 50);
    child.once('exit', (code) => {
      clearInterval(check);
      clearTimeout(timer);
      reject(new Error(`npm start exited with ${code}:\n${out}`));
    });
  });
}

/** SIGTERM, as Ctrl-C would; resolves with the exit code. */
export function stopNpmStart(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

/** Ends the process group of every child still running (call in afterAll, failed or not). */
export function endAll(): void {
  for (const child of started) {
    if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) continue;
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}
