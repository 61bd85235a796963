import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DirectoryError, buildDirectoryIndex, loadDirectoryFile, parseDirectory } from '../../../lambdas/domain/escalation/directory';
import { MAX_DIRECTORY_ENTRIES } from '../../../schemas/customer-directory';

const entry = (over: Record<string, unknown> = {}) => ({
  platform: 'x',
  authorId: '1460323737035677698',
  handle: 'dan_p',
  name: 'Daniel Price',
  email: 'daniel.price@example.com',
  phone: '+447700900412',
  ...over,
});

function problems(json: unknown): string[] {
  try {
    parseDirectory(json);
    return [];
  } catch (err) {
    expect(err).toBeInstanceOf(DirectoryError);
    return (err as DirectoryError).problems;
  }
}

describe('parseDirectory', () => {
  it('accepts the example file', async () => {
    const entries = await loadDirectoryFile(join(__dirname, '../../../config/examples/customers.example.json'));
    expect(entries.length).toBeGreaterThan(3);
  });
  it('accepts an empty directory and entries with only platform and authorId', () => {
    expect(problems([])).toEqual([]);
    expect(problems([{ platform: 'facebook', authorId: '1' }])).toEqual([]);
  });
  it('requires platform and authorId', () => {
    expect(problems([{}])).toEqual(['[0].platform: is required', '[0].authorId: is required']);
  });
  it.each(['facebook', 'x', 'trust-pilot', 'blog_site', 'g2'])('accepts platform %j', (platform) => {
    expect(problems([entry({ platform })])).toEqual([]);
  });
  it.each(['Facebook', 'X', '-x', 'face book', '', 7])('rejects platform %j', (platform) => {
    expect(problems([entry({ platform })])).toEqual(['[0].platform: must be a lower-case platform name like "facebook", "x" or "reviews"']);
  });
  it('asks for numeric authorIds to be quoted', () => {
    expect(problems([entry({ authorId: 1460323737035677698 })])).toEqual([
      '[0].authorId: must be text: put the id in quotes (long numeric ids lose digits as JSON numbers)',
    ]);
    expect(problems([entry({ authorId: '' })])).toEqual(['[0].authorId: must not be empty']);
  });
  it('checks optional email and phone when present', () => {
    expect(problems([entry({ email: 'nope' })])).toEqual(['[0].email: must be an email address like oncall@example.com']);
    expect(problems([entry({ phone: '07700 900412' })])).toEqual(['[0].phone: must be an E.164 number like +447700900123']);
    expect(problems([entry({ phone: '+12125550123', email: undefined })])).toEqual([]);
  });
  it('rejects empty optional text and unknown fields', () => {
    expect(problems([entry({ name: ' ' })])).toEqual(['[0].name: must not be empty (leave the field out instead)']);
    expect(problems([entry({ emial: 'x@example.com' })])).toEqual(['[0]: unknown field "emial" (allowed: platform, authorId, handle, name, email, phone)']);
  });
  it('rejects a duplicate (platform, authorId), naming indexes and no data', () => {
    const list = [entry(), entry({ platform: 'facebook' }), entry({ authorId: '2' }), entry({ name: 'Someone Else', email: 'else@example.com' })];
    const found = problems(list);
    expect(found).toEqual(['[3]: has the same platform and authorId as entry [0]']);
    expect(found.join('\n')).not.toMatch(/1460323737035677698|example\.com|Someone/);
  });
  it('reports a duplicate alongside other problems', () => {
    expect(problems([entry(), entry({ phone: 'x' })])).toEqual(['[1].phone: must be an E.164 number like +447700900123', '[1]: has the same platform and authorId as entry [0]']);
  });
  it('rejects a non-array', () => {
    for (const v of [{}, null, 'x']) expect(problems(v)).toEqual(['directory: must be a JSON array of customers: [{ "platform", "authorId", … }]']);
  });
  it(`accepts ${MAX_DIRECTORY_ENTRIES.toLocaleString('en-GB')} entries, rejects one more`, () => {
    const many = Array.from({ length: MAX_DIRECTORY_ENTRIES }, (_, i) => ({ platform: 'x', authorId: String(i), phone: '+447700900123' }));
    expect(parseDirectory(many)).toHaveLength(MAX_DIRECTORY_ENTRIES);
    many.push({ platform: 'x', authorId: 'one-more', phone: '+447700900123' });
    expect(problems(many)).toEqual(['directory: has 100,001 entries; at most 100,000']);
  });
  it('caps the number of problems it lists', () => {
    const found = problems(Array.from({ length: 60 }, () => ({ platform: 'X', authorId: '1' })));
    expect(found).toHaveLength(51);
    expect(found[50]).toBe('… and 69 more problems');
  });
  it('loadDirectoryFile reports JSON errors with the file name, and schema errors', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'directory-test-'));
    writeFileSync(join(dir, 'a.json'), '[\n  {"platform": "x", "authorId": "1",}\n]');
    await expect(loadDirectoryFile(join(dir, 'a.json'))).rejects.toThrow(/customer directory in a\.json is not valid:\n  - a\.json: not valid JSON/);
    writeFileSync(join(dir, 'b.json'), JSON.stringify([entry(), entry()]));
    await expect(loadDirectoryFile(join(dir, 'b.json'))).rejects.toThrow('[1]: has the same platform and authorId as entry [0]');
    await expect(loadDirectoryFile(join(dir, 'none.json'))).rejects.toThrow(/no such file/);
  });
});

describe('buildDirectoryIndex', () => {
  const entries = parseDirectory([entry(), entry({ platform: 'facebook', authorId: '42', name: 'Sarah' }), entry({ authorId: '42', name: 'Other' })]);
  const index = buildDirectoryIndex(entries);
  it('looks up by (platform, authorId)', () => {
    expect(index.size).toBe(3);
    expect(index.lookup('facebook', '42')?.name).toBe('Sarah');
    expect(index.lookup('x', '42')?.name).toBe('Other');
    expect(index.lookup('x', '1460323737035677698')?.handle).toBe('dan_p');
  });
  it('misses unknown authors and does not confuse platform and id boundaries', () => {
    expect(index.lookup('instagram', '42')).toBeUndefined();
    expect(index.lookup('facebook4', '2')).toBeUndefined();
    expect(index.lookup('facebook', '4')).toBeUndefined();
  });
  it('keeps the first of duplicates it is given unvalidated', () => {
    const i = buildDirectoryIndex([
      { platform: 'x', authorId: '1', name: 'First' },
      { platform: 'x', authorId: '1', name: 'Second' },
    ]);
    expect(i.lookup('x', '1')?.name).toBe('First');
    expect(i.size).toBe(1);
  });
  it('indexes 100,000 entries', () => {
    const big = buildDirectoryIndex(Array.from({ length: 100_000 }, (_, i) => ({ platform: 'x', authorId: String(i) })));
    expect(big.size).toBe(100_000);
    expect(big.lookup('x', '99999')?.authorId).toBe('99999');
  });
});
