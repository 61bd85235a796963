import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * One local stack per data folder. A second `npm start` on the same folder used to die deep in the DynamoDB emulator
 * ("Database is closed", an uncaught error from its store): the first stack holds the store. Now the first stack
 * writes its pid to `<data folder>/local-stack.pid`, and a second one stops at once and says who holds it. A pid file
 * whose process is gone (a stack killed with SIGKILL) is taken over.
 */

export class StartRefused extends Error {}

const LOCK_FILE = 'local-stack.pid';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Claims `dataDir` for this process; returns the release. Throws StartRefused while another live stack holds it. */
export function lockDataDir(dataDir: string, pid = process.pid): () => void {
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, `${pid}\n`, { flag: 'wx' });
      return () => {
        if (holder(file) === pid) rmSync(file, { force: true });
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const other = holder(file);
      if (other !== undefined && other !== pid && alive(other)) {
        throw new StartRefused(
          `another local stack (pid ${other}) is using the data folder ${dataDir}: stop it (Ctrl-C in its terminal, or kill ${other}), or start this one with LOCAL_DATA_DIR=<another folder>`,
        );
      }
      rmSync(file, { force: true }); // stale: its process is gone
    }
  }
  throw new StartRefused(`could not claim the data folder ${dataDir} (${file} keeps coming back): is another stack starting there?`);
}

function holder(file: string): number | undefined {
  try {
    const pid = Number(readFileSync(file, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** What to tell the developer when the stack cannot start, for the failures with a known cause; undefined otherwise. */
export function explainStartFailure(err: unknown, where: { port: number; dataDir: string }): string | undefined {
  if (err instanceof StartRefused) return err.message;
  const e = err as NodeJS.ErrnoException;
  if (e?.code === 'EADDRINUSE') {
    return `port ${where.port} on 127.0.0.1 is already in use (another local stack, or another program): stop it, or start with PORT=<a free port>`;
  }
  if (e?.code === 'EACCES' && /listen/.test(String(e.message))) return `not allowed to listen on port ${where.port}: choose PORT=<a port above 1023>`;
  return undefined;
}
