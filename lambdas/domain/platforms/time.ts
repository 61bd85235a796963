/**
 * Platform times → ISO 8601 UTC with milliseconds (`2024-06-12T09:14:03.000Z`), the only form SocialEvent carries.
 *
 * Every helper returns `undefined` for a value it cannot read, never throws and never consults the clock: the
 * normaliser decides the fallback (the next platform time, then the delivery's `receivedAt`).
 */

/**
 * Below this an epoch number is read as seconds, from it on as milliseconds. 1e11 s is the year 5138 and
 * 1e11 ms is March 1973, so every real post time lands on the right side whichever unit the platform used
 * (Meta mixes both: `created_time` s, Messenger `timestamp` ms, `entry.time` either).
 */
const SECONDS_BELOW = 1e11;

/** 9999-12-31T23:59:59.999Z: beyond it `toISOString()` writes a six-digit `+010000` year that is not ISO 8601. */
const MAX_MS = 253_402_300_799_999;

/** A plain decimal epoch as platforms send it in strings (WhatsApp `"1718000400"`, X `"1718183643000"`). */
const EPOCH_STRING = /^\s*\d{1,16}(?:\.\d+)?\s*$/;

/** Renders an instant, or `undefined` when it is not a post-1970, four-digit-year instant. */
function msToIso(ms: number): string | undefined {
  if (!Number.isFinite(ms) || ms <= 0 || ms > MAX_MS) return undefined;
  return new Date(ms).toISOString();
}

/** Unix seconds or milliseconds (told apart by magnitude), as a number or a decimal string. */
export function epochToIso(value: unknown): string | undefined {
  let n: number;
  if (typeof value === 'number') n = value;
  else if (typeof value === 'string' && EPOCH_STRING.test(value)) n = Number(value);
  else return undefined;
  if (!Number.isFinite(n) || n <= 0) return undefined;
  return msToIso(Math.round(n < SECONDS_BELOW ? n * 1000 : n));
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

interface Civil {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  /** Minutes east of UTC. */
  offsetMinutes: number;
}

/**
 * Builds the instant by hand rather than with `Date.parse`, whose treatment of non-ISO strings (and of ISO
 * strings without an offset) depends on the engine and the machine's time zone. Rejects impossible dates
 * (Feb 30) instead of letting `Date.UTC` roll them over, and years before 1970 (which also keeps `Date.UTC`
 * from mapping years 0-99 to 1900-1999).
 */
function civilToIso(c: Civil): string | undefined {
  if (c.year < 1970 || c.month < 1 || c.month > 12 || c.hour > 23 || c.minute > 59 || c.second > 60) return undefined;
  const dayStart = Date.UTC(c.year, c.month - 1, c.day);
  const check = new Date(dayStart);
  if (check.getUTCMonth() !== c.month - 1 || check.getUTCDate() !== c.day) return undefined;
  const local = Date.UTC(c.year, c.month - 1, c.day, c.hour, c.minute, c.second, c.millisecond);
  return msToIso(local - c.offsetMinutes * 60_000);
}

/** X v1.1 `created_at`: `Wed Jun 12 09:14:03 +0000 2024` (weekday not checked; it carries no information). */
const X_CREATED_AT = /^[A-Za-z]{3} ([A-Za-z]{3}) (\d{1,2}) (\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2}) (\d{4})$/;

export function xCreatedAtToIso(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const m = X_CREATED_AT.exec(value.trim());
  if (!m) return undefined;
  const [, mon, day, hour, minute, second, sign, offH, offM, year] = m;
  const month = MONTHS.findIndex((name) => name.toLowerCase() === mon!.toLowerCase()) + 1;
  if (month === 0) return undefined;
  return civilToIso({
    year: Number(year),
    month,
    day: Number(day),
    hour: Number(hour),
    minute: Number(minute),
    second: Number(second),
    millisecond: 0,
    offsetMinutes: (sign === '-' ? -1 : 1) * (Number(offH) * 60 + Number(offM)),
  });
}

/**
 * ISO 8601 calendar date, optionally with time and offset: `2024-06-12`, `2024-06-12T09:14:03Z`,
 * `2024-06-12T11:14:03.25+02:00`, `2024-06-12 09:14`. A time without an offset is read as UTC (senders that
 * omit the offset almost always mean UTC, and the machine's zone must not change the answer).
 */
const ISO_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?:([Zz])|([+-])(\d{2}):?(\d{2}))?)?$/;

export function isoStringToIso(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const m = ISO_DATE_TIME.exec(value.trim());
  if (!m) return undefined;
  const [, year, month, day, hour, minute, second, fraction, , sign, offH, offM] = m;
  if (Number(offH ?? 0) > 23 || Number(offM ?? 0) > 59) return undefined;
  return civilToIso({
    year: Number(year),
    month: Number(month),
    day: Number(day),
    hour: Number(hour ?? 0),
    minute: Number(minute ?? 0),
    second: Number(second ?? 0),
    // Only milliseconds survive; finer digits are dropped, not rounded, so 59.9999 never becomes the next minute.
    millisecond: fraction ? Number(fraction.slice(0, 3).padEnd(3, '0')) : 0,
    offsetMinutes: sign ? (sign === '-' ? -1 : 1) * (Number(offH) * 60 + Number(offM)) : 0,
  });
}

/** Any of the forms a generic source may use: an epoch number or string (s or ms), or an ISO 8601 string. */
export function anyTimeToIso(value: unknown): string | undefined {
  return epochToIso(value) ?? isoStringToIso(value);
}
