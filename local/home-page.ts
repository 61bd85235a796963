import { escapeHtml } from '../lambdas/domain/html';

/**
 * What `GET /` on the local stack shows a browser: a short page of where to go next — health, the outbox of SMS and
 * email that would have been sent, the SES inbox, the staff API and the docs — in place of API Gateway's JSON 404.
 * Static but for the stack's own addresses; no script, nothing from outside.
 */


export interface HomeLinks {
  /** The stack's base URL (http://127.0.0.1:<port>). */
  url: string;
  /** The SES emulator's own inbox page. */
  sesInbox: string;
}

export function homePage(links: HomeLinks): string {
  const a = (href: string, text: string) => `<a href="${escapeHtml(href)}">${escapeHtml(text)}</a>`;
  const base = links.url.replace(/\/+$/, '');
  const rows: [string, string][] = [
    [a(`${base}/console/`, '/console/'), 'the care team’s console: the queue and its cases in a browser (sign in with the staff token printed at start-up)'],
    [a(`${base}/healthz`, '/healthz'), 'whether every part of the local stack answers'],
    [a(`${base}/_local/outbox`, '/_local/outbox'), 'the SMS and email that would have been sent (pages, acknowledge links, offers): readable here, JSON for scripts'],
    [a(links.sesInbox, 'SES inbox'), 'the same emails, as the SES emulator shows them'],
    [`<code>${escapeHtml(base)}/api/cases</code>`, 'the staff API: send <code>Authorization: Bearer $STAFF_API_TOKEN</code> (the token is printed at start-up)'],
    [`<code>${escapeHtml(base)}/webhooks/meta</code>, <code>/webhooks/x</code>, <code>/webhooks/generic/{source}</code>`, 'where platforms deliver (signed)'],
  ];
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Social care backend: local stack</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:44rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}td{padding:.35rem .75rem .35rem 0;vertical-align:top}code{font-size:.9em;overflow-wrap:anywhere}</style>
</head>
<body>
<h1>Local stack</h1>
<p>The whole backend on this machine, on emulators. Nothing here leaves it.</p>
<table>
${rows.map(([where, what]) => `<tr><td>${where}</td><td>${what}</td></tr>`).join('\n')}
</table>
<p>Docs are in your checkout: <code>README.md</code> (start here: its five-minute tour runs against this stack),
<code>docs/local.md</code> (this stack), <code>docs/platforms.md</code>, <code>docs/staff-api.md</code>,
<code>docs/escalation.md</code>, <code>docs/deploy.md</code>.</p>
</body>
</html>
`;
}
