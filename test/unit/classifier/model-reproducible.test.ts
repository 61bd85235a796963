/**
 * `npm run train -- --write` rebuilds the committed model from the committed data, byte for byte (seeded shuffles, no
 * clock, no machine-dependent arithmetic beyond IEEE doubles): what ships is what the data and the code say.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

jest.setTimeout(300_000);

const ROOT = path.resolve(__dirname, '../../..');

it('rebuilds lambdas/domain/classifier/model/model.json from data/train, byte for byte', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'train-'));
  try {
    const file = path.join(dir, 'model.json');
    execFileSync(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), path.join(ROOT, 'bin/train.ts'), '--write'], {
      cwd: ROOT,
      env: { ...process.env, TRAIN_MODEL_FILE: file },
      stdio: 'pipe',
    });
    const rebuilt = readFileSync(file);
    const committed = readFileSync(path.join(ROOT, 'lambdas/domain/classifier/model/model.json'));
    // Fails when the data, the feature code, the trainer or the rules (whose findings the model reads) changed without
    // `npm run train -- --write`: retrain, look at the scores it prints, and commit the new model.json.
    expect(rebuilt.length).toBe(committed.length);
    expect(rebuilt.equals(committed)).toBe(true);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
