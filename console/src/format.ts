import { kindOf } from '../../lambdas/domain/attachment-kinds';
import { withoutHidingCharacters } from '../../lambdas/domain/hiding-characters';

/**
 * How the console words a case for people: time left on the first-response clock, the escalation, the customer's
 * offer, a timeline entry. Pure functions of the case (as the staff API returns it) and the time now.
 */

export interface SlaView {
  /** Short words for the queue ("12 min left", "breached 4 min ago"). */
  text: string;
  tone: 'ok' | 'warn' | 'breached' | 'none' | 'done';
}

/** A case as the console reads it: the fields of the staff API's Case it uses (schemas/case.ts). */
export interface CaseView {
  id: string;
  status: string;
  urgency: string;
  category: string;
  sentiment: string;
  platform: string;
  kind: string;
  text: string;
  textState?: string;
  textTruncated?: boolean;
  author: { id: string; name?: string; handle?: string };
  receivedAt: string;
  slaDueAt?: string;
  firstResponseAt?: string;
  pii: string[];
  reasons: string[];
  url?: string;
  escalation?: { state: string; tier: number; acknowledgedBy?: string; acknowledgedAt?: string; exhaustedAt?: string };
  offer?: { state: string; channel?: string; sentAt?: string; chosenAt?: string };
  sla?: { preBreachAt?: string; breachedAt?: string; dueAt?: string; businessHoursOnly?: boolean };
  assignee?: string;
  resolvedAt?: string;
  resolvedBy?: string;
  eventCount: number;
  classifiedBy?: { model: string; confidence: number };
  classifiedAs?: { category: string; urgency: string };
  /** What the first post carries besides words (schemas/social-event.ts AttachmentSchema). */
  attachments?: AttachmentView[];
  timeline?: TimelineEntryView[];
  timelineNextToken?: string;
}

export interface AttachmentView {
  type: string;
  caption?: string;
  title?: string;
  mediaId?: string;
  url?: string;
  refersTo?: string;
}

/**
 * One attachment in words, by the name the cards and pages use (lambdas/domain/attachment-kinds.ts): "photo: “the box,
 * crushed”", "location: “Leeds station”", "voice note (media id 123)".
 */
export function attachmentText(a: AttachmentView): string {
  const words = [a.title, a.caption].filter((v): v is string => typeof v === 'string' && v.trim() !== '').map((v) => `“${shown(v)}”`);
  const media = a.mediaId && !a.url ? ` (media id ${shown(a.mediaId)})` : '';
  return `${kindOf(a.type).one}${words.length ? `: ${words.join(', ')}` : ''}${media}`;
}

/** Ends a sentence with a full stop unless it already ends in one (or an ellipsis, or ! or ?). */
export const sentence = (s: string): string => (/[.…!?]$/.test(s.trim()) ? s.trim() : `${s.trim()}.`);

export interface TimelineEntryView {
  at: string;
  type: string;
  detail: string;
  data?: Record<string, unknown>;
}

/** Control characters but the line break and the tab: nothing a reader sees. */
const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;

/**
 * Text a customer (or anyone outside) wrote, safe to show: without the characters that reorder or hide it (a
 * customer's "\u202Eexe.live" would read "evil.exe"; the attachments' own rule, ../../lambdas/domain/hiding-characters.ts)
 * and without controls. The stored text is already PII-redacted; it is shown as text, so links need no defanging.
 */
export const shown = (text: string): string => withoutHidingCharacters(text).replace(CONTROLS, '');

/** A one-paragraph preview: runs of blank lines and spaces fold into one space, so no post takes over the queue. */
export const preview = (text: string): string => shown(text).replace(/\s+/g, ' ').trim();

/** Characters (code points) of a post the case view shows before "Show the whole post". */
export const LONG_TEXT_CHARS = 700;

/** The first `max` code points of a text (never half a surrogate pair), and whether it was cut. */
export function cut(text: string, max = LONG_TEXT_CHARS): { text: string; cut: boolean } {
  const points = Array.from(text);
  return points.length <= max ? { text, cut: false } : { text: `${points.slice(0, max).join('')}…`, cut: true };
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A length of time in the largest two units that matter: "under a minute", "12 min", "3 h 5 min", "2 d 4 h". */
export function duration(ms: number): string {
  const abs = Math.max(0, ms);
  if (abs < MINUTE) return 'under a minute';
  if (abs < HOUR) return `${Math.floor(abs / MINUTE)} min`;
  if (abs < DAY) {
    const h = Math.floor(abs / HOUR);
    const m = Math.floor((abs % HOUR) / MINUTE);
    return m ? `${h} h ${m} min` : `${h} h`;
  }
  const d = Math.floor(abs / DAY);
  const h = Math.floor((abs % DAY) / HOUR);
  return h ? `${d} d ${h} h` : `${d} d`;
}

/** "just now", "5 min ago", "3 h 2 min ago"; a time in the future (clocks differ) reads "just now". */
export function ago(iso: string, now: number): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return 'at an unknown time';
  const ms = now - t;
  return ms < MINUTE ? 'just now' : `${duration(ms)} ago`;
}

/** The first-response clock as the queue shows it. */
export function slaView(c: CaseView, now: number): SlaView {
  if (c.firstResponseAt) return { text: `responded ${ago(c.firstResponseAt, now)}`, tone: 'done' };
  if (c.status === 'resolved') return { text: 'resolved', tone: 'done' };
  const due = c.slaDueAt ? Date.parse(c.slaDueAt) : Number.NaN;
  if (Number.isNaN(due)) return { text: 'no response clock', tone: 'none' };
  if (due <= now) return { text: `breached ${duration(now - due)} ago`, tone: 'breached' };
  const warnAt = c.sla?.preBreachAt ? Date.parse(c.sla.preBreachAt) : Number.NaN;
  // A clock that counts business hours only stands still at night: "12 h left" at 21:30 is tomorrow morning.
  const hours = c.sla?.businessHoursOnly ? ' (business hours)' : '';
  return { text: `${duration(due - now)} left${hours}`, tone: !Number.isNaN(warnAt) && warnAt <= now ? 'warn' : 'ok' };
}

/** Where the case's paging stands. */
export function escalationText(c: CaseView): string {
  const e = c.escalation;
  if (!e) return c.urgency === 'critical' ? 'critical: paging not started' : 'no paging';
  if (e.state === 'acknowledged') return `acknowledged${e.acknowledgedBy ? ` by ${e.acknowledgedBy}` : ''}`;
  if (e.state === 'exhausted') return 'nobody acknowledged: every tier was paged';
  return e.tier > 0 ? `paging on-call: tier ${e.tier}` : 'paging on-call: starting';
}

const CHANNELS: Record<string, string> = {
  phone: 'a phone call',
  email: 'email',
  dm: 'a private message',
  none: 'no offline contact',
};

/** What the customer made of the offer of an offline channel. */
export function offerText(c: CaseView): string {
  const o = c.offer;
  if (!o) return 'no offer sent';
  if (o.state === 'chosen') {
    const chose = `the customer chose ${CHANNELS[o.channel ?? ''] ?? o.channel ?? 'a channel'}`;
    // The number and time they gave are not kept on the case: they were emailed to whoever had it (or tier 1).
    return o.channel === 'phone' ? `${chose} (number and time emailed to whoever acknowledged the case, or tier 1)` : chose;
  }
  if (o.state === 'none') return 'the customer wants no offline contact';
  if (o.state === 'failed') return 'the offer could not be sent';
  return 'offer sent: no choice yet';
}

/** Who wrote it, as people know them: the name and the handle when there are both. */
export function authorText(a: CaseView['author']): string {
  const handle = a.handle ? (a.handle.startsWith('@') ? a.handle : `@${a.handle}`) : undefined;
  const name = a.name ? shown(a.name) : undefined;
  const h = handle ? shown(handle) : undefined;
  if (name && h) return `${name} (${h})`;
  return name || h || shown(a.id);
}

const PLATFORMS: Record<string, string> = { facebook: 'Facebook', instagram: 'Instagram', x: 'X', whatsapp: 'WhatsApp' };

/** "Facebook", "X"; a generic source by its own name, capitalised ("Reviews"). */
export const platformName = (p: string): string => PLATFORMS[p] ?? (p.charAt(0).toUpperCase() + p.slice(1));

/**
 * A link to the post on its platform, when it is one a browser may follow: http or https only. The link pages' own
 * rule (a pure module with no imports, so the console's bundle takes just this function).
 */
export { safeHttpUrl as safeLink } from '../../lambdas/domain/pages/format';

const ENTRY_LABELS: Record<string, string> = {
  post: 'Post',
  'post-joined': 'Later post',
  'post-edited': 'Post edited',
  'post-deleted': 'Post deleted',
  'business-replied': 'Reply from the business',
  'customer-changed': 'Customer id changed',
  acknowledged: 'Acknowledged',
  assigned: 'Assigned',
  responded: 'Responded',
  resolved: 'Resolved',
  reclassified: 'Reclassified',
  'offer-skipped': 'No offer sent',
  'offer-sent': 'Offer sent',
  'offer-chosen': 'Customer chose',
  'offer-failed': 'Offer failed',
  'escalation-planned': 'Escalation planned',
  'escalation-started': 'Escalation started',
  'escalation-covered': 'Already paging',
  'escalation-exhausted': 'Nobody acknowledged',
  'no-acknowledgement': 'No acknowledgement',
  'page-sent': 'Paged',
  'page-failed': 'Page failed',
  'sla-clock': 'Response clock started',
  'sla-warning': 'Response clock warning',
  'sla-breached': 'Response clock breached',
};

/** The heading of a timeline entry: a label people read ("Later post"), else its type in words. */
export const entryLabel = (type: string): string => ENTRY_LABELS[type] ?? type.charAt(0).toUpperCase() + type.slice(1).replace(/[-_#]+/g, ' ');

/**
 * A timeline entry's words after its label, without saying the label twice ("No offer sent: no offer sent: …"), and
 * with what the staff member typed (a note, a reason), which the entry keeps beside its detail.
 */
export function entryText(e: TimelineEntryView): string {
  const label = entryLabel(e.type);
  let detail = shown(e.detail);
  const rest = detail.slice(label.length);
  if (detail.toLowerCase().startsWith(label.toLowerCase()) && !/^\p{L}/u.test(rest)) detail = rest.replace(/^[:\s]+/, '');
  const typed = [e.data?.['note'], e.data?.['reason']].filter((v): v is string => typeof v === 'string' && v.trim() !== '');
  return [detail, ...typed.map((t) => `“${shown(t)}”`)].filter(Boolean).join(' — ');
}

/** The entries that carry the conversation's words: the customer's posts and the business's replies. */
const CONVERSATION_TYPES = new Set(['post', 'post-joined', 'post-edited', 'post-deleted', 'business-replied']);

export interface ConversationItem {
  at: string;
  who: 'customer' | 'business';
  label: string;
  text: string;
}

/** The conversation as people read it: each post or reply with its (redacted) words, oldest first. */
export function conversation(entries: readonly TimelineEntryView[]): ConversationItem[] {
  return entries
    .filter((e) => CONVERSATION_TYPES.has(e.type))
    .map((e) => ({
      at: e.at,
      who: e.type === 'business-replied' ? 'business' : 'customer',
      label: entryLabel(e.type),
      text: shown(typeof e.data?.['text'] === 'string' && e.data['text'] !== '' ? e.data['text'] : e.detail),
    }));
}

/**
 * A time people read at a glance, in their own time zone, on the 24-hour clock the server's own texts use: "14:02"
 * today, "3 Dec 14:02" otherwise.
 */
export function clockTime(iso: string, now: number, locale?: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const sameDay = new Date(now).toDateString() === d.toDateString();
  const time = d.toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  return sameDay ? time : `${d.toLocaleDateString(locale, { day: 'numeric', month: 'short' })} ${time}`;
}
