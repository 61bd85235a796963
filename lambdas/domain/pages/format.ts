/** Small, pure formatting helpers shared by the link pages. Return plain text: callers escape it. */

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * An ISO instant as "23 Nov, 03:12 Europe/London" in the given IANA zone. An unknown zone falls back to UTC; an
 * unparseable instant is returned as given.
 */
export function formatTime(iso: string, timeZone: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  let zone = timeZone;
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = timeParts(date, zone);
  } catch {
    zone = 'UTC';
    parts = timeParts(date, zone);
  }
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  const month = MONTHS[Number(get('month')) - 1] ?? get('month');
  return `${Number(get('day'))} ${month}, ${get('hour')}:${get('minute')} ${zone}`;
}

function timeParts(date: Date, timeZone: string): Intl.DateTimeFormatPart[] {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone,
    day: 'numeric',
    month: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(date);
}

/** 950 → "950", 12_400 → "12.4k", 1_250_000 → "1.3M". */
export function formatCount(n: number): string {
  if (!Number.isFinite(n) || n < 0) return '0';
  return new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 }).format(n).replace('K', 'k');
}

const PLATFORMS: Record<string, string> = {
  facebook: 'Facebook',
  instagram: 'Instagram',
  x: 'X',
  twitter: 'X',
  whatsapp: 'WhatsApp',
  messenger: 'Messenger',
};

/** True for the social platforms we know by name (where "a private message on X" makes sense). */
export function isKnownPlatform(platform: string): boolean {
  return Object.hasOwn(PLATFORMS, platform.trim().toLowerCase());
}

/** "instagram" → "Instagram"; a generic source such as "reviews" → "Reviews". */
export function platformLabel(platform: string): string {
  const key = platform.trim().toLowerCase();
  if (Object.hasOwn(PLATFORMS, key)) return PLATFORMS[key]!;
  const trimmed = platform.trim();
  return trimmed ? trimmed.charAt(0).toUpperCase() + trimmed.slice(1) : 'Online';
}

const KINDS: Record<string, string> = {
  post: 'post',
  comment: 'comment',
  mention: 'mention',
  dm: 'direct message',
  review: 'review',
};

/** "dm" → "direct message"; unknown kinds pass through. */
export function kindLabel(kind: string): string {
  const key = kind.trim().toLowerCase();
  return Object.hasOwn(KINDS, key) ? KINDS[key]! : kind.trim() || 'post';
}

/** Splits into user-perceived characters, so truncation never cuts an emoji or accent in half. */
function graphemes(s: string): string[] {
  if (typeof Intl.Segmenter === 'function') {
    return Array.from(new Intl.Segmenter('en', { granularity: 'grapheme' }).segment(s), (g) => g.segment);
  }
  return Array.from(s);
}

/** At most `max` characters (graphemes), ending in "…" when cut; whitespace optionally collapsed to single spaces. */
export function truncate(s: string, max: number, opts: { oneLine?: boolean } = {}): string {
  const text = opts.oneLine ? s.replace(/\s+/g, ' ').trim() : s.trim();
  const chars = graphemes(text);
  if (chars.length <= max) return text;
  let cut = chars.slice(0, Math.max(1, max - 1)).join('');
  // Prefer to end on a word boundary when one is close.
  const space = cut.lastIndexOf(' ');
  if (space > cut.length * 0.7) cut = cut.slice(0, space);
  return `${cut.trimEnd()}…`;
}

/** Only http(s) links are ever rendered as hrefs. */
export function safeHttpUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : undefined;
  } catch {
    return undefined;
  }
}
