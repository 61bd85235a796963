/**
 * The customer's page at /offer/{code}: someone upset, on a phone, tapping a link in an email. It offers ways to
 * continue (a call, an email, a private message, or no thanks) in one plain POST form that works without
 * JavaScript. Customer-facing: it speaks as the business and never uses internal words (no "case", urgency, tiers,
 * reasons, sentiment or ids). Pure: renders only what the view holds, escaped.
 */
import type { CaseBrief, OfferChannel, OfferPageView } from '../escalation/views';
import { shownBrief, shownLine, shownPhone } from '../escalation/shown-text';
import { isKnownPlatform, kindLabel, platformLabel, truncate } from './format';
import { escapeHtml, page } from './layout';

/** How much of their post is quoted back to them. */
const QUOTE_CHARS = 120;
/** Matches the handler's validation of the `time` field. */
const TIME_MAX = 100;
/** Matches OfferChoiceFormSchema (schemas/escalation-step.ts): at most 30 characters. */
const PHONE_MAX = 30;

const CHANNELS: readonly OfferChannel[] = ['phone', 'email', 'dm', 'none'];

export function renderOfferPage(raw: OfferPageView): string {
  const view = shownView(raw);
  const business = view.businessName;
  switch (view.state) {
    case 'choose':
      return page({
        title: `${view.error ? 'Error: ' : ''}How would you like us to help? – ${business}`,
        body: chooseBody(view),
      });
    case 'chosen':
      return page({ title: `Thank you – ${business}`, body: chosenBody(view) });
    case 'used':
      return page({
        title: `Already answered – ${business}`,
        body: [
          "<h1>You've already told us how you'd like us to help</h1>",
          view.channel ? `<p>${escapeHtml(usedChoiceLine(view.channel))}</p>` : '',
          "<p>Thank you — there's nothing more to do here.</p>",
          signature(business),
        ]
          .filter(Boolean)
          .join('\n'),
      });
    case 'expired':
      return page({
        title: `Link expired – ${business}`,
        body: [
          '<h1>This link has expired</h1>',
          "<p>If you'd still like to hear from us, please get in touch using our usual contact details — we'll be glad to help.</p>",
          signature(business),
        ].join('\n'),
      });
    case 'unknown':
      return page({
        title: `Link not valid – ${business}`,
        body: [
          "<h1>This link isn't valid</h1>",
          '<p>Please check that you opened the whole link from our email. If it still doesn\'t work, get in touch using our usual contact details.</p>',
          signature(business),
        ].join('\n'),
      });
  }
}

function chooseBody(view: Extract<OfferPageView, { state: 'choose' }>): string {
  const b = view.brief;
  const values = view.values ?? {};
  const checked = CHANNELS.find((c) => c === values.channel);
  const name = view.customerName?.trim();
  const radio = (channel: OfferChannel, label: string) =>
    `<label class="choice" for="channel-${channel}"><input type="radio" id="channel-${channel}" name="channel" value="${channel}" required${checked === channel ? ' checked' : ''}> ${escapeHtml(label)}</label>`;

  return [
    view.error ? `<div class="error" role="alert"><p>${escapeHtml(view.error)}</p></div>` : '',
    '<h1>How would you like us to help?</h1>',
    `<p>${name && !view.anonymous ? `Hello ${escapeHtml(name)},` : 'Hello,'}</p>`,
    ...(view.anonymous
      ? [
          // The address this link went to was given by whoever wrote, unverified: quote nothing they wrote.
          `<p>This is about a ${escapeHtml(postNoun(b, view.sourceName))} that gave your email address for a reply.</p>`,
          "<p>If it was you: we're sorry about your experience, and we'd like to put it right — tell us how you'd prefer to continue. If it wasn't, you can close this page.</p>",
        ]
      : [
          `<p>This is about your ${escapeHtml(postNoun(b, view.sourceName))}: “${escapeHtml(truncate(b.text, QUOTE_CHARS, { oneLine: true }))}”</p>`,
          "<p>We're sorry about your experience. We'd like to put it right — tell us how you'd prefer to continue.</p>",
        ]),
    `<form method="post" action="${escapeHtml(view.formAction)}">`,
    '<fieldset>',
    '<legend>How should we get in touch?</legend>',
    radio('phone', 'A phone call'),
    '<fieldset class="sub">',
    '<legend>If you chose a phone call (optional)</legend>',
    '<div class="field">',
    '<label for="phone">Phone number (optional)</label>',
    '<span class="hint" id="phone-hint">We\'ll only use it to call you about this.</span>',
    `<input type="tel" id="phone" name="phone" autocomplete="tel" maxlength="${PHONE_MAX}" aria-describedby="phone-hint" value="${escapeHtml(values.phone ?? '')}">`,
    '</div>',
    '<div class="field">',
    '<label for="time">Best time to call (optional)</label>',
    // The example asks for a time we can keep: a time outside our hours would be answered "we call during our hours".
    `<span class="hint" id="time-hint">${escapeHtml(view.businessHours ? `We call during our hours (${view.businessHours}). For example: Tuesday morning.` : 'For example: Tuesday morning.')}</span>`,
    `<input type="text" id="time" name="time" maxlength="${TIME_MAX}" autocomplete="off" aria-describedby="time-hint" value="${escapeHtml(values.time ?? '')}">`,
    '</div>',
    '</fieldset>',
    radio('email', 'An email'),
    // Only a platform that has private messages offers one (a review site or a blog has none to answer on).
    isKnownPlatform(b.platform) ? radio('dm', `A private message on ${platformLabel(b.platform)}`) : '',
    radio('none', 'No thanks'),
    '</fieldset>',
    '<button type="submit">Send my choice</button>',
    '</form>',
    view.businessHours ? `<p class="muted">Our opening hours: ${escapeHtml(view.businessHours)}.</p>` : '',
    signature(view.businessName),
  ]
    .filter(Boolean)
    .join('\n');
}

function chosenBody(view: Extract<OfferPageView, { state: 'chosen' }>): string {
  const name = view.customerName?.trim();
  const lines: string[] = ['<h1>Thank you</h1>'];
  if (name) lines.push(`<p>Thank you, ${escapeHtml(name)}.</p>`);
  const phone = view.phone?.trim();
  const time = view.time?.trim();
  switch (view.channel) {
    case 'phone':
      lines.push(`<p>We'll call you${phone ? ` on <strong>${escapeHtml(phone)}</strong>` : ''}.</p>`);
      if (time) lines.push(`<p>Your preferred time: <strong>${escapeHtml(time)}</strong>.</p>`);
      // With a preferred time, never a flat "during our hours" beside it: as near that time as our hours allow.
      lines.push(`<p>${escapeHtml(time && !view.withinBusinessHours && view.businessHours ? `We'll call as near that time as our hours allow (${view.businessHours}).` : whenLine(view, "We'll call"))}</p>`);
      break;
    case 'email':
      lines.push("<p>We'll email you.</p>", `<p>${escapeHtml(whenLine(view, "We'll write"))}</p>`);
      break;
    case 'dm':
      lines.push("<p>We'll send you a private message.</p>", `<p>${escapeHtml(whenLine(view, "We'll write"))}</p>`);
      break;
    case 'none':
      lines.push("<p>Understood — we won't contact you about this. Thanks for letting us know.</p>");
      break;
  }
  lines.push(signature(view.businessName));
  return lines.join('\n');
}

/** When someone will be in touch: soon within hours, otherwise during the business hours. */
function whenLine(view: Extract<OfferPageView, { state: 'chosen' }>, verb: string): string {
  if (view.withinBusinessHours) return 'Someone from our team will be in touch soon.';
  if (view.businessHours) return `${verb} during our hours, ${view.businessHours}.`;
  return `${verb} as soon as our team is back.`;
}

function usedChoiceLine(channel: OfferChannel): string {
  switch (channel) {
    case 'phone':
      return 'You asked for a phone call.';
    case 'email':
      return 'You asked for an email.';
    case 'dm':
      return 'You asked for a private message.';
    case 'none':
      return "You told us you'd rather not be contacted about this.";
  }
}

/**
 * "Instagram comment", "X post", "WhatsApp message"; for a generic source, its configured name ("Trustpilot review")
 * or none ("review": the source's id, "reviews", is not a name to show a customer).
 */
function postNoun(b: CaseBrief, sourceName: string | undefined): string {
  const kind = b.kind.trim().toLowerCase();
  const noun = kind === 'mention' ? 'post' : kind === 'dm' ? 'message' : kindLabel(kind);
  if (isKnownPlatform(b.platform)) return `${platformLabel(b.platform)} ${noun}`;
  return sourceName ? `${sourceName} ${noun}` : noun;
}

function signature(businessName: string): string {
  return `<p class="sign">Kind regards,<br>${escapeHtml(businessName)}</p>`;
}

/**
 * What the view holds, as the page may show it (../escalation/shown-text.ts): the post and the names as shown text,
 * the callback number as digits, the preferred time redacted and defanged. Form values shown again for correcting
 * lose only what is invisible, so the customer edits what they typed.
 */
function shownView(view: OfferPageView): OfferPageView {
  const name = (n: string | undefined) => (n ? { customerName: shownLine(n) } : {});
  switch (view.state) {
    case 'choose': {
      const { customerName, values, ...rest } = view;
      return {
        ...rest,
        brief: shownBrief(view.brief),
        ...name(customerName),
        ...(values ? { values: Object.fromEntries(Object.entries(values).map(([k, v]) => [k, typeof v === 'string' ? v.replace(/[\p{Cc}\p{Cf}]/gu, '') : v])) } : {}),
      };
    }
    case 'chosen': {
      const { customerName, phone, time, ...rest } = view;
      return { ...rest, ...name(customerName), ...(phone ? { phone: shownPhone(phone) } : {}), ...(time ? { time: shownLine(time) } : {}) };
    }
    default:
      return view;
  }
}
