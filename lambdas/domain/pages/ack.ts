/**
 * The on-call acknowledgement page at /ack/{code}: read on a phone, half awake. GET shows the case and one big
 * button (a POST form with no fields: the code in the URL is the credential); every other state says plainly what
 * happened. Pure: renders only what the view holds, escaped.
 */
import { shownBrief } from '../escalation/shown-text';
import type { AckPageView, CaseBrief } from '../escalation/views';
import { formatCount, formatTime, kindLabel, platformLabel, safeHttpUrl, truncate } from './format';
import { escapeHtml, page } from './layout';

/** Longest post shown in full on the confirm page; the rest is on the platform. */
const MAX_POST_CHARS = 2000;
/** The reminder of the post on the pages after acknowledging. */
const SHORT_POST_CHARS = 280;

export function renderAckPage(shown: AckPageView): string {
  // The post and its author as shown text (../escalation/shown-text.ts): no control or bidi characters, PII
  // redacted, links defanged — the page is plain text, but a link copied from it should not work either.
  const view: AckPageView = 'brief' in shown && shown.brief ? { ...shown, brief: shownBrief(shown.brief) } : shown;
  switch (view.state) {
    case 'confirm':
      return page({ title: `Acknowledge: ${view.brief.urgency.toUpperCase()} case`, body: confirmBody(view) });
    case 'acknowledged':
      return page({ title: "Acknowledged — you've got it", body: acknowledgedBody(view) });
    case 'already-acknowledged':
      return page({ title: 'Already acknowledged', body: alreadyBody(view) });
    case 'used':
      return page({ title: 'Link already used', body: usedBody(view) });
    case 'expired':
      return page({ title: 'Link expired', body: expiredBody(view) });
    case 'unknown':
      return page({
        title: 'Link not valid',
        body: [
          "<h1>This link isn't valid</h1>",
          "<p>This link isn't valid. Check that you opened the whole link from the text or email.</p>",
        ].join('\n'),
      });
  }
}

function confirmBody(view: Extract<AckPageView, { state: 'confirm' }>): string {
  const b = view.brief;
  const reach = reachLine(b);
  const reasons = b.reasons.filter((r) => r.trim() !== '');
  return [
    '<h1>Can you take this case?</h1>',
    badges(b),
    `<p><strong>${escapeHtml(source(b))}</strong>${b.author ? ` from ${escapeHtml(b.author)}` : ''}</p>`,
    reach ? `<p class="muted">${escapeHtml(reach)}</p>` : '',
    `<blockquote>${escapeHtml(truncate(b.text, MAX_POST_CHARS))}</blockquote>`,
    `<p>Received ${escapeHtml(formatTime(b.receivedAt, view.timezone))}</p>`,
    reasons.length
      ? `<h2>Why it was flagged</h2>\n<ul>\n${reasons.map((r) => `<li>${escapeHtml(r)}</li>`).join('\n')}\n</ul>`
      : '',
    `<p>You're tier ${escapeHtml(String(view.tier))} (${escapeHtml(view.tierName)}).</p>`,
    `<form method="post" action="${escapeHtml(view.formAction)}">`,
    `<button type="submit">Acknowledge — I'm on it</button>`,
    '</form>',
    '<p class="muted small">Acknowledging stops the pages for everyone on call for this case.</p>',
    caseRef(b),
  ]
    .filter(Boolean)
    .join('\n');
}

function acknowledgedBody(view: Extract<AckPageView, { state: 'acknowledged' }>): string {
  const b = view.brief;
  const url = safeHttpUrl(b.url);
  const platform = platformLabel(b.platform);
  return [
    "<h1>Acknowledged — you've got it</h1>",
    `<p class="notice">Thanks, ${escapeHtml(view.contactName)}. You've got it — no more pages will go out for this case.</p>`,
    '<h2>Next step</h2>',
    `<p>Reply to them on ${escapeHtml(platform)}.</p>`,
    url ? `<p><a href="${escapeHtml(url)}" rel="noopener noreferrer">Open the ${escapeHtml(kindLabel(b.kind))} on ${escapeHtml(platform)}</a></p>` : '',
    summary(b),
    `<p class="muted small">Acknowledged at ${escapeHtml(formatTime(view.at, view.timezone))}.</p>`,
    caseRef(b),
  ]
    .filter(Boolean)
    .join('\n');
}

function alreadyBody(view: Extract<AckPageView, { state: 'already-acknowledged' }>): string {
  const b = view.brief;
  const url = safeHttpUrl(b.url);
  return [
    '<h1>Already acknowledged</h1>',
    `<p class="notice">${escapeHtml(view.by)} acknowledged this at ${escapeHtml(formatTime(view.at, view.timezone))} — no more pages go out.</p>`,
    summary(b),
    url ? `<p><a href="${escapeHtml(url)}" rel="noopener noreferrer">Open the ${escapeHtml(kindLabel(b.kind))} on ${escapeHtml(platformLabel(b.platform))}</a></p>` : '',
    caseRef(b),
  ]
    .filter(Boolean)
    .join('\n');
}

function usedBody(view: Extract<AckPageView, { state: 'used' }>): string {
  return [
    '<h1>This link has already been used</h1>',
    `<p>This link has already been used${view.at ? ` (at ${escapeHtml(formatTime(view.at, view.timezone))})` : ''}. Nothing more to do here.</p>`,
    view.brief ? summary(view.brief) : '',
    view.brief ? caseRef(view.brief) : '',
  ]
    .filter(Boolean)
    .join('\n');
}

function expiredBody(view: Extract<AckPageView, { state: 'expired' }>): string {
  return [
    '<h1>This link has expired</h1>',
    '<p>This link has expired. If the case still needs someone, check the queue or your latest page.</p>',
    view.brief ? caseRef(view.brief) : '',
  ]
    .filter(Boolean)
    .join('\n');
}

/** Urgency (red when critical) and category. */
function badges(b: CaseBrief): string {
  const urgency = `<span class="badge badge-${escapeHtml(b.urgency)}">${escapeHtml(b.urgency.toUpperCase())}</span>`;
  return `<p class="badges">${urgency} <span class="badge">${escapeHtml(b.category)}</span></p>`;
}

/** "Instagram · comment" */
function source(b: CaseBrief): string {
  return `${platformLabel(b.platform)} · ${kindLabel(b.kind)}`;
}

/** "12.4k followers · verified", or "" when neither is known. */
function reachLine(b: CaseBrief): string {
  const parts: string[] = [];
  if (typeof b.followers === 'number' && Number.isFinite(b.followers)) {
    parts.push(`${formatCount(b.followers)} ${b.followers === 1 ? 'follower' : 'followers'}`);
  }
  if (b.verified) parts.push('verified');
  return parts.join(' · ');
}

/** A compact reminder of the case on the after-pages. */
function summary(b: CaseBrief): string {
  return [badges(b), `<p><strong>${escapeHtml(source(b))}</strong></p>`, `<blockquote>${escapeHtml(truncate(b.text, SHORT_POST_CHARS))}</blockquote>`].join('\n');
}

function caseRef(b: CaseBrief): string {
  return `<p class="muted small">Case reference: <code>${escapeHtml(b.caseId)}</code></p>`;
}
