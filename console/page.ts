import { escapeHtml } from '../lambdas/domain/html';
import { CategorySchema, UrgencySchema } from '../schemas/classification';
import { ICON } from './build';
import { CONFIG_META_NAME, type ConsoleConfig, type ConsoleLabels } from './src/config';

/**
 * The console's HTML page and its Content Security Policy, for whoever serves the console: the local stack at
 * /console/ and the deployed stack's CloudFront site. The page is a shell: the configuration as JSON in a `<meta>`
 * (the CSP forbids inline scripts), the stylesheet, the script. Everything put into it goes through `escapeHtml`.
 */

/** The platforms the filters always offer; a generic source appears once a case of it is listed. */
export const KNOWN_PLATFORMS = ['facebook', 'instagram', 'whatsapp', 'x'] as const;

/** The filters' and reclassify form's labels: the API's own enums. */
export const CONSOLE_LABELS: ConsoleLabels = {
  categories: CategorySchema.options,
  urgencies: UrgencySchema.options,
  platforms: KNOWN_PLATFORMS,
};

/**
 * The console's CSP: its own script and stylesheet only (no inline code, no `eval`), the DOM written without any
 * HTML parsing (Trusted Types required, no policy may be made), calls only to `connect` (the staff API, the sign-in
 * service's token endpoint) besides its own origin, never framed, no `<base>`, forms posting nowhere else.
 */
export function consoleCsp(connect: readonly string[] = [], options: { forMeta?: boolean } = {}): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    `connect-src ${["'self'", ...connect].join(' ')}`,
    "base-uri 'none'",
    "form-action 'self'",
    // A <meta> policy may not carry frame-ancestors (browsers ignore it there); the served header does.
    ...(options.forMeta ? [] : ["frame-ancestors 'none'"]),
    "require-trusted-types-for 'script'",
    "trusted-types 'none'",
  ].join('; ');
}

/** Powerful features the console never uses, refused to it (and to anything that might run in it). */
export const CONSOLE_PERMISSIONS_POLICY = 'camera=(), microphone=(), geolocation=(), payment=()';
/** No window another site opens keeps a handle on the console's. */
export const CONSOLE_OPENER_POLICY = 'same-origin';

/**
 * The console's response headers, as the local stack sends them; CloudFront's response headers policy sets the same
 * (lib/console-site.ts, with the CSP's connect sources bounded to the region's hosts, and HSTS).
 */
export function consoleHeaders(connect: readonly string[] = []): Record<string, string> {
  return {
    'content-security-policy': consoleCsp(connect),
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': CONSOLE_OPENER_POLICY,
    'permissions-policy': CONSOLE_PERMISSIONS_POLICY,
  };
}

export interface ConsolePageOptions {
  /** The built assets' file names (hashed), relative to the page. */
  script: string;
  stylesheet: string;
  /** A policy the page carries itself besides the served header (the deployed stack's exact API and sign-in origins). */
  cspMeta?: string;
}

export function renderConsolePage(config: ConsoleConfig, options: ConsolePageOptions): string {
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    ...(options.cspMeta ? [`<meta http-equiv="Content-Security-Policy" content="${escapeHtml(options.cspMeta)}">`] : []),
    '<meta name="referrer" content="no-referrer">',
    '<meta name="robots" content="noindex, nofollow">',
    '<meta name="color-scheme" content="light dark">',
    `<meta name="${CONFIG_META_NAME}" content="${escapeHtml(JSON.stringify(config))}">`,
    '<title>Social care console</title>',
    `<link rel="icon" href="${ICON}" type="image/svg+xml">`,
    `<link rel="stylesheet" href="${escapeHtml(options.stylesheet)}">`,
    `<script type="module" src="${escapeHtml(options.script)}"></script>`,
    '</head>',
    '<body>',
    '<div id="app"><main class="narrow"><h1>Social care console</h1><p>Loading…</p></main></div>',
    '<noscript><p>The console needs JavaScript. The staff API (docs/staff-api.md) works without it.</p></noscript>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
