import { escapeHtml } from '../lambdas/domain/html';
import type { Outbox } from './stack';

/**
 * `/_local/outbox` as a browser asks for it (Accept: text/html): the SMS and emails that would have been sent, newest
 * first, readable — a script still gets the JSON. The bodies quote what customers wrote, so every character is
 * escaped; the only links are this stack's own acknowledge and offer pages, which is what a developer clicks next.
 */


/** The text escaped, with this stack's /ack/ and /offer/ links made clickable (nothing else is). */
function withOwnLinks(text: string, base: string): string {
  const own = new RegExp(`${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/(?:ack|offer)/[A-Za-z0-9_-]+`, 'g');
  let out = '';
  let last = 0;
  for (const m of text.matchAll(own)) {
    out += escapeHtml(text.slice(last, m.index)) + `<a href="${escapeHtml(m[0])}">${escapeHtml(m[0])}</a>`;
    last = m.index + m[0].length;
  }
  return out + escapeHtml(text.slice(last));
}

export function outboxPage(outbox: Outbox, base: string): string {
  const sms = [...outbox.sms].reverse();
  const email = [...outbox.email].reverse();
  const smsRows = sms.map((m) => `<article><h3>SMS to ${escapeHtml(m.to)} <time>${escapeHtml(m.at)}</time></h3><pre>${withOwnLinks(m.body, base)}</pre></article>`);
  const emailRows = email.map(
    (m) => `<article><h3>${escapeHtml(m.subject)} <time>${escapeHtml(m.at)}</time></h3><p>to ${escapeHtml(m.to.join(', '))}</p><pre>${withOwnLinks(m.text, base)}</pre></article>`,
  );
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Outbox: ${sms.length} SMS, ${email.length} emails</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}article{border-top:1px solid #ccc;padding:.5rem 0}h3{font-size:1rem;margin:.25rem 0}time{font-weight:normal;color:#555;font-size:.875rem;margin-left:.5rem}pre{white-space:pre-wrap;overflow-wrap:anywhere;font:inherit;margin:.25rem 0}</style>
</head>
<body>
<h1>Outbox</h1>
<p>What this local stack would have sent, newest first: ${sms.length} SMS and ${email.length} emails. The same as JSON for scripts: <code>curl ${escapeHtml(base)}/_local/outbox</code>. <a href="${escapeHtml(base)}/">Start page</a></p>
<h2>SMS</h2>
${smsRows.length ? smsRows.join('\n') : '<p>None yet.</p>'}
<h2>Email</h2>
${emailRows.length ? emailRows.join('\n') : '<p>None yet.</p>'}
</body>
</html>
`;
}
