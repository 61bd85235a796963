/**
 * One local stack per data folder (local/data-dir-lock.ts): a second `npm start` on the same folder is refused at once,
 * naming who holds it, instead of dying inside the DynamoDB emulator; a folder left by a killed stack is taken over;
 * a port in use is said in words.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { explainStartFailure, lockDataDir, StartRefused } from '../../local/data-dir-lock';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'lock-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('the data folder lock', () => {
  it('lets one stack hold a folder, refuses a second naming the first, and frees the folder on release', () => {
    const release = lockDataDir(dir);
    expect(readFileSync(path.join(dir, 'local-stack.pid'), 'utf8').trim()).toBe(String(process.pid));
    // Another live process holds it: this test's parent, standing in for a running stack.
    rmSync(path.join(dir, 'local-stack.pid'));
    writeFileSync(path.join(dir, 'local-stack.pid'), `${process.ppid}\n`);
    expect(() => lockDataDir(dir)).toThrow(StartRefused);
    expect(() => lockDataDir(dir)).toThrow(new RegExp(`pid ${process.ppid}.*${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}.*LOCAL_DATA_DIR`));
    // Release removes only its own claim: the other holder's file stays.
    release();
    expect(existsSync(path.join(dir, 'local-stack.pid'))).toBe(true);
  });

  it('takes over a folder whose holder is gone (a stack killed with SIGKILL)', () => {
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    writeFileSync(path.join(dir, 'local-stack.pid'), `${gone.stdout}\n`);
    const release = lockDataDir(dir);
    expect(readFileSync(path.join(dir, 'local-stack.pid'), 'utf8').trim()).toBe(String(process.pid));
    release();
    expect(existsSync(path.join(dir, 'local-stack.pid'))).toBe(false);
  });

  it('creates the folder when it does not exist yet', () => {
    const fresh = path.join(dir, 'a', 'b');
    lockDataDir(fresh)();
    expect(existsSync(fresh)).toBe(true);
  });
});

describe('start-up failures said in words', () => {
  it('a port in use, and a refused folder; anything else is left to the stack trace', () => {
    const inUse = Object.assign(new Error('listen EADDRINUSE: address already in use 127.0.0.1:3000'), { code: 'EADDRINUSE' });
    expect(explainStartFailure(inUse, { port: 3000, dataDir: dir })).toMatch(/^port 3000 on 127\.0\.0\.1 is already in use.*PORT=/);
    expect(explainStartFailure(new StartRefused('held'), { port: 3000, dataDir: dir })).toBe('held');
    expect(explainStartFailure(new Error('something else'), { port: 3000, dataDir: dir })).toBeUndefined();
  });
});
