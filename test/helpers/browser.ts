import { type Browser, chromium, type Page } from 'playwright-core';

/** The system Chromium (Debian's `chromium`), driven by playwright-core: no browser is downloaded. */
export const CHROMIUM = '/usr/bin/chromium';

/** Headless Chromium as every browser test runs it: no sandbox (containers), no GPU, nothing fetched in the background. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/**
 * Records into `problems` what a working page never does: a CSP violation, a script error, a failed load. An API
 * answer the test provokes (400, 401, 404, 409) is logged by Chromium as a failed load and is not one; nor is a request
 * cut short by leaving the page.
 */
export async function watchForProblems(page: Page, problems: string[]): Promise<void> {
  page.on('console', (m) => m.type() === 'error' && !/^Failed to load resource: the server responded with a status of (400|401|404|409)\b/.test(m.text()) && problems.push(`console: ${m.text()}`));
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => r.failure()?.errorText !== 'net::ERR_ABORTED' && problems.push(`request failed: ${r.url()} ${r.failure()?.errorText ?? ''}`));
  // The CSP reports what it blocks as an event on the document.
  await page.addInitScript("document.addEventListener('securitypolicyviolation', (e) => console.error('CSP blocked ' + e.violatedDirective + ': ' + e.blockedURI))");
}
