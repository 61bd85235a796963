/**
 * Link codes, pure: 256-bit base64url codes, their SHA-256 hash, the well-formedness gate in front of every lookup,
 * and where a stored code stands at a given time.
 */
import { createHash } from 'node:crypto';
import { CODE_LENGTH, hashCode, isWellFormedCode, type LinkRecord, linkStatus, mintCode } from '../../../lambdas/domain/links/codes';

const BASE64URL = /^[A-Za-z0-9_-]+$/;

describe('mintCode', () => {
  it('is 32 random bytes as 43 base64url characters, no padding', () => {
    const code = mintCode();
    expect(code).toHaveLength(CODE_LENGTH);
    expect(code).toMatch(BASE64URL);
    expect(code).not.toContain('=');
    expect(Buffer.from(code, 'base64url')).toHaveLength(32);
    expect(isWellFormedCode(code)).toBe(true);
  });

  it('encodes exactly the bytes the random source gives, asking it for 32', () => {
    const sizes: number[] = [];
    const bytes = Buffer.from(Array.from({ length: 32 }, (_, i) => (i * 37 + 251) & 0xff));
    const code = mintCode((n) => {
      sizes.push(n);
      return bytes;
    });
    expect(sizes).toEqual([32]);
    expect(Buffer.from(code, 'base64url').equals(bytes)).toBe(true);
    // All ones: 42 × '_' (63), then the last 4 bits padded with two zero bits (111100 = 60 = '8').
    expect(mintCode(() => Buffer.alloc(32, 0xff))).toBe('_'.repeat(42) + '8');
    // Bytes whose standard base64 has '+' and '/' come out as '-' and '_'.
    const plusSlash = Buffer.alloc(32, 0xfb);
    expect(plusSlash.toString('base64')).toMatch(/[+/]/);
    expect(mintCode(() => plusSlash)).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('refuses a random source that returns the wrong number of bytes', () => {
    expect(() => mintCode(() => Buffer.alloc(16))).toThrow(/16 bytes/);
  });

  it('never repeats and uses the whole alphabet roughly evenly (entropy smoke test)', () => {
    const codes = Array.from({ length: 2000 }, () => mintCode());
    expect(new Set(codes).size).toBe(codes.length);
    const counts = new Map<string, number>();
    for (const c of codes) for (const ch of c.slice(0, 42)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    expect(counts.size).toBe(64);
    const expected = (2000 * 42) / 64; // ≈ 1312 per character
    for (const n of counts.values()) expect(Math.abs(n - expected)).toBeLessThan(expected * 0.25);
    // Bit balance over all 256 bits of all codes: close to half ones.
    let ones = 0;
    for (const c of codes) for (const b of Buffer.from(c, 'base64url')) for (let v = b; v; v >>= 1) ones += v & 1;
    expect(Math.abs(ones / (2000 * 256) - 0.5)).toBeLessThan(0.01);
  });
});

describe('hashCode', () => {
  it('is the hex SHA-256 of the code', () => {
    const code = mintCode();
    expect(hashCode(code)).toBe(createHash('sha256').update(code).digest('hex'));
    expect(hashCode(code)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashCode('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('is deterministic and does not contain the code', () => {
    const code = mintCode();
    expect(hashCode(code)).toBe(hashCode(code));
    expect(hashCode(code)).not.toContain(code);
    expect(hashCode(code)).not.toBe(hashCode(mintCode()));
  });
});

describe('isWellFormedCode', () => {
  const good = mintCode();

  it('accepts exactly 43 base64url characters', () => {
    expect(isWellFormedCode(good)).toBe(true);
    expect(isWellFormedCode('A'.repeat(43))).toBe(true);
    expect(isWellFormedCode('-_'.repeat(21) + 'a')).toBe(true);
  });

  it.each([
    ['empty', ''],
    ['42 characters', 'A'.repeat(42)],
    ['44 characters', 'A'.repeat(44)],
    ['padded to 44', good + '='],
    ['padding inside', good.slice(0, 42) + '='],
    ['standard base64 +', good.slice(0, 42) + '+'],
    ['standard base64 /', '/' + good.slice(1)],
    ['a space', good.slice(0, 42) + ' '],
    ['a trailing newline', good + '\n'],
    ['a newline instead of the last character', good.slice(0, 42) + '\n'],
    ['percent-encoding', good.slice(0, 40) + '%2F'],
    ['a dot', good.slice(0, 42) + '.'],
    ['a unicode letter', good.slice(0, 42) + 'é'],
    ['a unicode look-alike (Cyrillic a)', good.slice(0, 42) + '\u0430'],
    ['a full-width letter', good.slice(0, 42) + '\uff21'],
    ['an emoji (two UTF-16 units, 44 long)', good.slice(0, 42) + '😀'],
    ['a NUL byte', good.slice(0, 42) + '\0'],
    ['path traversal', '../' + good.slice(3)],
  ])('rejects %s', (_name, code) => {
    expect(isWellFormedCode(code)).toBe(false);
  });

  it('rejects things that are not strings', () => {
    for (const v of [undefined, null, 43, {}, [good], Buffer.from(good)]) expect(isWellFormedCode(v)).toBe(false);
  });
});

describe('linkStatus', () => {
  const expiresAt = '2026-11-23T10:00:00.000Z';
  const record: LinkRecord = { kind: 'ack', caseId: 'c_1', expiresAt };
  const at = (iso: string) => new Date(iso);

  it('is unknown without a record', () => {
    expect(linkStatus(undefined, at('2026-11-23T09:00:00.000Z'))).toBe('unknown');
  });

  it('is valid until the millisecond before expiry, and expired from the expiry on', () => {
    expect(linkStatus(record, at('2026-01-01T00:00:00.000Z'))).toBe('valid');
    expect(linkStatus(record, at('2026-11-23T09:59:59.999Z'))).toBe('valid');
    expect(linkStatus(record, at(expiresAt))).toBe('expired');
    expect(linkStatus(record, at('2026-11-23T10:00:00.001Z'))).toBe('expired');
  });

  it('is used once used, before or after the expiry', () => {
    const used = { ...record, usedAt: '2026-11-23T09:30:00.000Z', usedBy: 'staff-7' };
    expect(linkStatus(used, at('2026-11-23T09:31:00.000Z'))).toBe('used');
    expect(linkStatus(used, at('2026-11-24T10:00:00.000Z'))).toBe('used');
  });

  it('fails closed: an unreadable expiry is expired', () => {
    expect(linkStatus({ ...record, expiresAt: 'not a date' }, at('2026-01-01T00:00:00.000Z'))).toBe('expired');
    expect(linkStatus({ ...record, expiresAt: '' }, at('2026-01-01T00:00:00.000Z'))).toBe('expired');
  });

  it('compares instants, not strings: an offset expiry means the same moment', () => {
    const offset = { ...record, expiresAt: '2026-11-23T11:00:00+01:00' };
    expect(linkStatus(offset, at('2026-11-23T09:59:59.999Z'))).toBe('valid');
    expect(linkStatus(offset, at(expiresAt))).toBe('expired');
  });
});
