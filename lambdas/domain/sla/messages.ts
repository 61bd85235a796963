import { escapeHtml, formatWhen, pagerStyle } from '../escalation/messages';
import { shownBrief } from '../escalation/shown-text';
import type { CaseBrief, EmailContent } from '../escalation/views';
import type { CrisisSample } from './crisis';

/**
 * The SLA warning and the crisis alert, in the pager's style (../escalation/messages.ts): an SMS that fits two GSM-7
 * segments and never names an author, and a multipart email with inline styles only, every piece of data escaped.
 * Pure functions of already-redacted data.
 */

const { oneLine, clip, toGsm7, gsm7Length, quotableInSms, smsWithQuote, quoteLine, subjectLine, platformName, quoteText, htmlLines, htmlDocument, textParagraphs, para, facts, button, link, safeHttpUrl, firstName, STYLE, SMS_MAX_CHARS } =
  pagerStyle;

const compose = (lines: Array<string | undefined>) => lines.filter((l): l is string => !!l).join('\n');
const fits = (sms: string) => gsm7Length(sms) <= SMS_MAX_CHARS;
const cap = (s: string, n: number) => clip(toGsm7(s), n, '...', gsm7Length);

// ─── The SLA warning ────────────────────────────────────────────────────────────────────────────────────────────

export interface PreBreachContext {
  brief: CaseBrief;
  /** When the first response is due (ISO). */
  dueAt: string;
  /** "6 min": how long until then, when the warning goes out. */
  dueIn: string;
  /** Absolute URL of the acknowledgement page. */
  ackUrl: string;
  contactName: string;
  /** The policy's IANA zone, for showing times. */
  timezone: string;
  /** Whether only business hours count towards this case's target. */
  businessHoursOnly: boolean;
}

/** "10:30" in the zone (the day is implied: the warning comes minutes before). */
function clockTime(iso: string, timeZone: string): string {
  const when = formatWhen(iso, timeZone);
  return /, (\d\d:\d\d) /.exec(when)?.[1] ?? when;
}

/**
 * The SLA warning SMS: which case, that its first response is due in N minutes and nobody has responded, a quote of
 * the redacted post when there is room, and the acknowledgement link on its own last line.
 */
export function preBreachSms(ctx: PreBreachContext): string {
  const b = shownBrief(ctx.brief);
  const category = b.category === 'threat' || b.category === 'complaint' || b.category === 'question' ? ` ${b.category}` : '';
  const head = `SLA ${cap(b.urgency.toUpperCase(), 12)}${category} - ${cap(b.platform, 24) || 'post'} ${cap(b.kind, 16)}`.trimEnd();
  const due = `First response due in ${ctx.dueIn} (${clockTime(ctx.dueAt, ctx.timezone)}), nobody has responded`;
  const caseLine = `Case ${cap(b.caseId, 70)}`;
  const ackLine = `Acknowledge: ${oneLine(ctx.ackUrl)}`;
  return smsWithQuote(
    quotableInSms(b.text, b.author),
    (summaryLine) => [
      compose([head, due, summaryLine, caseLine, ackLine]),
      compose([head, due, caseLine, ackLine]),
      compose([head, `Due in ${ctx.dueIn}, no response`, caseLine, ackLine]),
      compose([head, ackLine]),
    ],
    compose([`SLA ${b.urgency.toUpperCase()}`, ackLine]),
  );
}

/** The SLA warning email: the case, the due time, the post, and the acknowledgement link. */
export function preBreachEmail(ctx: PreBreachContext): EmailContent {
  const b = shownBrief(ctx.brief);
  const platform = oneLine(b.platform);
  const kind = oneLine(b.kind);
  const subject = subjectLine(`[SLA] ${b.urgency.toUpperCase()} ${platform} ${kind} — case ${b.caseId}: first response due in ${ctx.dueIn}`);
  const hello = firstName(ctx.contactName);
  const greeting = hello ? `Hi ${hello},` : 'Hello,';
  const due = formatWhen(ctx.dueAt, ctx.timezone);
  const intro = `Nobody has responded to this ${b.urgency} ${b.category === 'other' ? 'post' : b.category} on ${platformName(platform)} yet, and its first response is due in ${ctx.dueIn} (${due}).`;
  const clock = ctx.businessHoursOnly ? 'Its clock counts business hours only.' : 'Its clock runs around the clock.';
  const ask = 'Please reply to the customer, or make sure someone does; replying on the platform stops the clock.';
  const ack = oneLine(ctx.ackUrl);
  const ackHref = safeHttpUrl(ack);
  const postUrl = safeHttpUrl(b.url);
  const received = formatWhen(b.receivedAt, ctx.timezone);

  const text = textParagraphs([
    greeting,
    `${intro} ${clock}`,
    ask,
    `Acknowledge (tells the team you have it): ${ack}`,
    `The post (redacted):\n${quoteText(b.text)}`,
    [`Platform: ${platform} ${kind}`, b.author ? `Author: ${oneLine(b.author)}` : undefined, `Received: ${received}`, `Due: ${due}`, postUrl ? `Post: ${postUrl}` : undefined, `Case: ${b.caseId}`]
      .filter(Boolean)
      .join('\n'),
  ]);
  const html = htmlDocument(
    subject,
    [
      para(escapeHtml(greeting)),
      para(`<strong>${escapeHtml(intro)}</strong> ${escapeHtml(clock)}`),
      para(escapeHtml(ask)),
      ackHref ? button(ackHref, 'Acknowledge', '#b3261e') : para(`Acknowledge: ${escapeHtml(ack)}`),
      `<blockquote style="${STYLE.quote}">${htmlLines(b.text)}</blockquote>`,
      facts([
        ['Platform', escapeHtml(`${platform} ${kind}`)],
        ['Author', b.author ? escapeHtml(oneLine(b.author)) : undefined],
        ['Received', escapeHtml(received)],
        ['Due', escapeHtml(due)],
        ['Post', postUrl ? link(postUrl, 'Open the post') : undefined],
        ['Case', escapeHtml(b.caseId)],
      ]),
    ].join('\n'),
  );
  return { subject, text, html };
}

// ─── The crisis alert ───────────────────────────────────────────────────────────────────────────────────────────

export interface CrisisContext {
  /** The platform of a per-platform alert; undefined for the overall one. */
  platform?: string;
  /** Negative posts in the window (of the platform, or overall). */
  count: number;
  threshold: number;
  windowMinutes: number;
  /** Negative posts per platform in the window, largest first. */
  byPlatform: [platform: string, count: number][];
  /** A few posts as evidence: case, platform, one redacted line (no author). */
  samples: CrisisSample[];
  /** The window the alert belongs to (ISO): one alert per window. */
  windowStart: string;
  windowEnd: string;
  contactName: string;
  timezone: string;
}

function breakdown(byPlatform: CrisisContext['byPlatform']): string {
  return byPlatform.map(([p, n]) => `${p} ${n}`).join(', ');
}

/**
 * The crisis SMS: how many negative posts in how many minutes, where, and a quote or two. No case ids (they are in
 * the email) and no author names.
 */
export function crisisSms(ctx: CrisisContext): string {
  const where = ctx.platform ? ` on ${cap(platformName(ctx.platform), 24)}` : '';
  const head = `CRISIS - ${ctx.count} negative posts in ${ctx.windowMinutes} min${where} (alert at ${ctx.threshold})`;
  const spread = !ctx.platform && ctx.byPlatform.length ? cap(breakdown(ctx.byPlatform), 80) : undefined;
  const note = 'No single post needs to be critical: check the queue. Details by email.';
  const quotes: string[] = [];
  for (const s of ctx.samples.slice(0, 3)) {
    const q = cap(quoteLine(s.quote), 70);
    if (!q) continue;
    const candidate = compose([head, spread, ...quotes, `"${q}"`, note]);
    if (!fits(candidate)) break;
    quotes.push(`"${q}"`);
  }
  const candidates = [compose([head, spread, ...quotes, note]), compose([head, spread, note]), compose([head, note]), head];
  return candidates.find(fits) ?? cap(head, SMS_MAX_CHARS);
}

/** The crisis email: the counts, the platforms, the window, and a few cases with one redacted line each. */
export function crisisEmail(ctx: CrisisContext): EmailContent {
  const where = ctx.platform ? ` on ${platformName(ctx.platform)}` : '';
  const subject = subjectLine(`[CRISIS] ${ctx.count} negative posts in ${ctx.windowMinutes} min${where}`);
  const hello = firstName(ctx.contactName);
  const greeting = hello ? `Hi ${hello},` : 'Hello,';
  const intro = `${ctx.count} negative posts arrived within ${ctx.windowMinutes} minutes${where}; the alert goes off at ${ctx.threshold}. No single post needs to be critical for this: it is the volume.`;
  const ask = 'Please look at the queue for a common cause (an outage, a delivery problem, a post going viral) and decide whether a public statement is needed.';
  const window = `${formatWhen(ctx.windowStart, ctx.timezone)} – ${clockTime(ctx.windowEnd, ctx.timezone)}`;
  const once = `You get this once per ${ctx.windowMinutes}-minute window (this one: ${window}), however many more posts arrive in it.`;
  const platforms = ctx.byPlatform.map(([p, n]) => `- ${oneLine(p)}: ${n}`).join('\n');
  const samples = ctx.samples.map((s) => `- ${s.caseId} (${oneLine(s.platform)}): "${quoteLine(s.quote)}"`).join('\n');

  const text = textParagraphs([
    greeting,
    intro,
    ask,
    platforms ? `Negative posts by platform:\n${platforms}` : undefined,
    samples ? `Some of them (redacted):\n${samples}` : undefined,
    once,
  ]);
  const html = htmlDocument(
    subject,
    [
      para(escapeHtml(greeting)),
      para(`<strong>${escapeHtml(intro)}</strong>`),
      para(escapeHtml(ask)),
      ctx.byPlatform.length ? facts(ctx.byPlatform.map(([p, n]) => [p, escapeHtml(String(n))])) : '',
      ctx.samples.length
        ? `${para('<strong>Some of them (redacted)</strong>', 'margin:0 0 6px 0;')}\n<ul style="margin:0 0 16px 0;padding-left:20px;">\n${ctx.samples
            .map((s) => `<li>${escapeHtml(s.caseId)} (${escapeHtml(oneLine(s.platform))}): “${escapeHtml(quoteLine(s.quote))}”</li>`)
            .join('\n')}\n</ul>`
        : '',
      para(escapeHtml(once), STYLE.muted + STYLE.p),
    ]
      .filter(Boolean)
      .join('\n'),
  );
  return { subject, text, html };
}
