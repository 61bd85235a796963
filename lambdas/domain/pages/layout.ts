/**
 * The shell shared by the link pages (/ack/{code}, /offer/{code}): one self-contained HTML5 document, read on a
 * phone, with no scripts and no external resources. Everything put into it from data goes through `escapeHtml`.
 */

import { escapeHtml } from '../html';

/** The one HTML escaper (../html.ts), re-exported for the renderers that import it from here. */
export { escapeHtml };

/**
 * Exactly what the pages need: the inline <style>, and forms posting back to the same origin. No scripts, images,
 * fonts or frames. Sent as a header by the handler (see `pageHeaders`).
 */
export const PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/** Response headers for a rendered page: not cached, not indexed, not framed, no referrer leaking the code. */
export function pageHeaders(): Record<string, string> {
  return {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': PAGE_CSP,
    'cache-control': 'no-store',
    'referrer-policy': 'no-referrer',
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'x-robots-tag': 'noindex, nofollow',
  };
}

const STYLE = `
:root{color-scheme:light dark;--bg:#ffffff;--fg:#1b1b1f;--muted:#4f5157;--line:#c4c6cc;--panel:#f2f3f5;
--accent:#0b57d0;--accent-fg:#ffffff;--focus:#e8a400;--crit:#b3261e;--crit-fg:#ffffff;--high:#8f4a00;--high-fg:#ffffff;
--plain:#e3e5e8;--plain-fg:#1b1b1f;--err-bg:#fde7e6;--err-fg:#7d1a14;--err-line:#b3261e;--ok:#146c2e}
@media (prefers-color-scheme:dark){:root{--bg:#121316;--fg:#ecedf0;--muted:#b9bbc2;--line:#4a4c53;--panel:#1f2024;
--accent:#a8c7fa;--accent-fg:#062e6f;--focus:#ffd166;--crit:#ffb4ab;--crit-fg:#410002;--high:#ffb77c;--high-fg:#2f1500;
--plain:#33353a;--plain-fg:#ecedf0;--err-bg:#410e0b;--err-fg:#ffdad6;--err-line:#ffb4ab;--ok:#7dd891}}
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--fg);
font:1.0625rem/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Noto Sans",sans-serif}
main{max-width:32rem;margin:0 auto;padding:1.25rem 1rem 3rem}
h1{font-size:1.6rem;line-height:1.25;margin:.5rem 0 1rem}
h2{font-size:1.15rem;margin:1.5rem 0 .5rem}
p,ul,dl{margin:0 0 1rem}
ul{padding-left:1.25rem}
li{margin:.25rem 0}
a{color:var(--accent);text-underline-offset:.15em}
a:focus-visible,button:focus-visible,input:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
.muted{color:var(--muted)}
.small{font-size:.95rem}
.badges{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center;margin:0 0 .75rem}
.badge{display:inline-block;padding:.2rem .6rem;border-radius:.35rem;font-weight:700;letter-spacing:.04em;font-size:.95rem;
background:var(--plain);color:var(--plain-fg)}
.badge-critical{background:var(--crit);color:var(--crit-fg)}
.badge-high{background:var(--high);color:var(--high-fg)}
blockquote{margin:0 0 1rem;padding:.75rem 1rem;background:var(--panel);border-left:4px solid var(--line);border-radius:.25rem;
white-space:pre-wrap;overflow-wrap:anywhere}
code{font-size:.95em;overflow-wrap:anywhere}
dl{display:grid;grid-template-columns:auto 1fr;gap:.25rem .75rem}
dt{color:var(--muted)}
dd{margin:0;overflow-wrap:anywhere}
.notice{padding:.75rem 1rem;border-radius:.35rem;background:var(--panel);border-left:4px solid var(--ok)}
.error{padding:.75rem 1rem;margin:0 0 1rem;border-radius:.35rem;background:var(--err-bg);color:var(--err-fg);
border-left:4px solid var(--err-line);font-weight:600}
form{margin:1.5rem 0}
fieldset{border:0;margin:0 0 1rem;padding:0;min-width:0}
legend{font-weight:700;font-size:1.1rem;margin:0 0 .5rem;padding:0}
.choice{display:flex;align-items:center;gap:.75rem;min-height:3.25rem;padding:.6rem .9rem;margin:0 0 .5rem;
border:2px solid var(--line);border-radius:.5rem;cursor:pointer}
.choice input{width:1.5rem;height:1.5rem;margin:0;flex:none;accent-color:var(--accent)}
.sub{margin:-.25rem 0 .75rem 1rem;padding:.5rem 0 0 1rem;border-left:3px solid var(--line)}
.sub legend{font-size:1rem;font-weight:600}
.field{margin:0 0 .75rem}
.field label{display:block;font-weight:600;margin:0 0 .25rem}
.hint{display:block;color:var(--muted);font-size:.95rem;margin:0 0 .25rem}
input[type=tel],input[type=text]{display:block;width:100%;min-height:3rem;padding:.5rem .75rem;font:inherit;font-size:1.0625rem;
color:var(--fg);background:var(--bg);border:2px solid var(--line);border-radius:.4rem}
button{display:block;width:100%;min-height:3.5rem;padding:.75rem 1rem;font:inherit;font-size:1.2rem;font-weight:700;
color:var(--accent-fg);background:var(--accent);border:0;border-radius:.5rem;cursor:pointer}
.sign{margin-top:2rem}
`
  .trim()
  .replace(/\n/g, '');

export interface PageOptions {
  /** Plain text; escaped here. */
  title: string;
  /** HTML, already escaped by the caller; placed inside <main>. */
  body: string;
  /** BCP 47 language tag for <html lang>; defaults to "en". */
  lang?: string;
}

/** A complete HTML5 document around `body`. */
export function page({ title, body, lang = 'en' }: PageOptions): string {
  return [
    '<!doctype html>',
    `<html lang="${escapeHtml(lang)}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="robots" content="noindex, nofollow">',
    '<meta name="referrer" content="no-referrer">',
    '<meta name="color-scheme" content="light dark">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    '<main>',
    body,
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
