import { anyTimeToIso, epochToIso, isoStringToIso, xCreatedAtToIso } from '../../../lambdas/domain/platforms/time';

/** Platform time helpers: unit detection by magnitude, X's created_at, ISO strings; never a throw, never the clock. */

describe('epochToIso', () => {
  it.each([
    ['unix seconds (FB created_time)', 1717999990, '2024-06-10T06:13:10.000Z'],
    ['unix milliseconds (Messenger timestamp)', 1718000123000, '2024-06-10T06:15:23.000Z'],
    ['seconds as a string (WhatsApp)', '1718000400', '2024-06-10T06:20:00.000Z'],
    ['milliseconds as a string (X timestamp_ms)', '1718183643000', '2024-06-12T09:14:03.000Z'],
    ['fractional seconds', 1718000400.25, '2024-06-10T06:20:00.250Z'],
    ['surrounding spaces', ' 1718000400 ', '2024-06-10T06:20:00.000Z'],
    ['the largest value read as seconds (year 5138)', 99_999_999_999, '5138-11-16T09:46:39.000Z'],
    ['the smallest value read as milliseconds (1973)', 100_000_000_000, '1973-03-03T09:46:40.000Z'],
  ])('reads %s', (_label, input, expected) => {
    expect(epochToIso(input)).toBe(expected);
  });

  it.each([
    ['zero', 0],
    ['a negative number', -1718000000],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['microseconds (past year 9999)', 1_718_000_400_000_000],
    ['an ISO string', '2024-06-12T09:14:03Z'],
    ['a hex string', '0x66660000'],
    ['an exponent string', '1.7e9'],
    ['an empty string', ''],
    ['null', null],
    ['an object', { s: 1718000000 }],
    ['a boolean', true],
  ])('fails softly (undefined) on %s', (_label, input) => {
    expect(epochToIso(input)).toBeUndefined();
  });
});

describe('xCreatedAtToIso', () => {
  it('reads the documented X v1.1 format', () => {
    expect(xCreatedAtToIso('Wed Jun 12 09:14:03 +0000 2024')).toBe('2024-06-12T09:14:03.000Z');
  });

  it('applies a non-zero offset', () => {
    expect(xCreatedAtToIso('Wed Jun 12 11:14:03 +0200 2024')).toBe('2024-06-12T09:14:03.000Z');
    expect(xCreatedAtToIso('Wed Jun 12 03:44:03 -0530 2024')).toBe('2024-06-12T09:14:03.000Z');
  });

  it('accepts a one-digit day and ignores whether the weekday is right', () => {
    expect(xCreatedAtToIso('Mon Jun 5 09:14:03 +0000 2024')).toBe('2024-06-05T09:14:03.000Z');
  });

  it.each([
    ['an unknown month', 'Wed Jux 12 09:14:03 +0000 2024'],
    ['an impossible day', 'Fri Feb 30 09:14:03 +0000 2024'],
    ['an impossible hour', 'Wed Jun 12 25:14:03 +0000 2024'],
    ['an ISO string', '2024-06-12T09:14:03Z'],
    ['a missing offset', 'Wed Jun 12 09:14:03 2024'],
    ['a number', 1718183643000],
    ['undefined', undefined],
  ])('fails softly (undefined) on %s', (_label, input) => {
    expect(xCreatedAtToIso(input)).toBeUndefined();
  });
});

describe('isoStringToIso', () => {
  it.each([
    ['UTC with Z', '2024-06-12T09:14:03Z', '2024-06-12T09:14:03.000Z'],
    ['an offset with a colon', '2024-06-12T11:14:03+02:00', '2024-06-12T09:14:03.000Z'],
    ['an offset without a colon', '2024-06-12T04:14:03-0500', '2024-06-12T09:14:03.000Z'],
    ['fractional seconds', '2024-06-12T09:14:03.25Z', '2024-06-12T09:14:03.250Z'],
    ['nanoseconds (cut, not rounded)', '2024-06-12T09:14:03.999999999Z', '2024-06-12T09:14:03.999Z'],
    ['no offset (read as UTC)', '2024-06-12T09:14:03', '2024-06-12T09:14:03.000Z'],
    ['a space instead of T, no seconds', '2024-06-12 09:14', '2024-06-12T09:14:00.000Z'],
    ['a date only (UTC midnight)', '2024-06-12', '2024-06-12T00:00:00.000Z'],
    ['a leap day', '2024-02-29T00:00:00Z', '2024-02-29T00:00:00.000Z'],
  ])('reads %s', (_label, input, expected) => {
    expect(isoStringToIso(input)).toBe(expected);
  });

  it.each([
    ['month 13', '2024-13-01T00:00:00Z'],
    ['Feb 29 in a common year', '2023-02-29T00:00:00Z'],
    ['hour 24', '2024-06-12T24:00:00Z'],
    ['an offset hour of 24', '2024-06-12T09:14:03+24:00'],
    ['a year before 1970', '1969-12-31T23:59:59Z'],
    ['a two-digit-era year', '0099-01-01T00:00:00Z'],
    ['free text', 'yesterday'],
    ['RFC 2822', 'Wed, 12 Jun 2024 09:14:03 GMT'],
    ['a number', 1718000000],
  ])('fails softly (undefined) on %s', (_label, input) => {
    expect(isoStringToIso(input)).toBeUndefined();
  });
});

describe('anyTimeToIso', () => {
  it('takes epoch numbers, epoch strings and ISO strings', () => {
    expect(anyTimeToIso(1718000000)).toBe('2024-06-10T06:13:20.000Z');
    expect(anyTimeToIso(1718000000123)).toBe('2024-06-10T06:13:20.123Z');
    expect(anyTimeToIso('1718000000')).toBe('2024-06-10T06:13:20.000Z');
    expect(anyTimeToIso('2024-06-12T09:14:03Z')).toBe('2024-06-12T09:14:03.000Z');
    expect(anyTimeToIso('not a time')).toBeUndefined();
  });
});
