/**
 * The console's AWS sign-in, in a real headless Chromium: the page as the deployed stack writes it (Cognito mode),
 * talking to a stand-in for Cognito's managed login that checks what Cognito checks — the client, the registered
 * redirect, the state, and the PKCE verifier against its S256 challenge — and then to the local stack's staff API,
 * whose bearer token is the ID token the stand-in issues. Playwright answers the stand-in's requests in the browser
 * (no network); the staff API is real.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Browser, BrowserContext, Page, Route } from 'playwright-core';
import { launchChromium } from '../helpers/browser';
import { buildConsole } from '../../console/build';
import { CONSOLE_LABELS, consoleCsp, renderConsolePage } from '../../console/page';
import { post, xDelivery, xMention } from '../helpers/deliveries';
import { eventually, listedCase, staffApi, startStackWithPolicy, type TestStack } from '../helpers/local-stack';

jest.setTimeout(90_000);

const SIGN_IN = 'https://staff-login.test';
const CLIENT_ID = 'console-test-client';
const b64url = (s: string) => Buffer.from(s).toString('base64url');
const jwt = (claims: object) => `${b64url('{"alg":"RS256","kid":"k"}')}.${b64url(JSON.stringify(claims))}.${randomBytes(16).toString('base64url')}`;
const inAnHour = () => Math.floor(Date.now() / 1000) + 3600;
/** The token the staff API accepts: the ID token the stand-in issues on a refresh. */
const ID_TOKEN = jwt({ sub: 'staff-1', 'cognito:username': 'priya', exp: inAnHour() });

let stack: TestStack | undefined;
let browser: Browser | undefined;
let context: BrowserContext | undefined;
let page: Page;

function base(): string {
  if (!stack) throw new Error('the local stack did not start');
  return stack.url;
}

/** What the stand-in saw: every request, and the pending sign-in (its challenge and state). */
const seen: { path: string; query: Record<string, string>; form?: Record<string, string> }[] = [];
let pending: { challenge: string; state: string; code: string } | undefined;
const issued = { refresh: '' };

/**
 * Sends the browser back to the console, as Cognito's 302 would. A page that navigates on load stands in for the
 * redirect because Playwright does not route the target of a redirect it fulfilled, and the console's page must be.
 */
function sendBack(route: Route, to: string): Promise<void> {
  const attr = to.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
  return route.fulfill({ status: 200, contentType: 'text/html', body: `<!doctype html><meta http-equiv="refresh" content="0;url=${attr}"><title>back</title>` });
}

/** The stand-in for Cognito's /oauth2/authorize, /oauth2/token, /oauth2/revoke and /logout. */
async function managedLogin(route: Route): Promise<void> {
  const req = route.request();
  const url = new URL(req.url());
  const query = Object.fromEntries(url.searchParams);
  const form = req.method() === 'POST' ? Object.fromEntries(new URLSearchParams(req.postData() ?? '')) : undefined;
  seen.push({ path: url.pathname, query, ...(form ? { form } : {}) });
  const cors = { 'access-control-allow-origin': base(), 'content-type': 'application/json' };
  const redirect = `${base()}/console/`;
  if (url.pathname === '/oauth2/authorize') {
    const ok = query['client_id'] === CLIENT_ID && query['redirect_uri'] === redirect && query['response_type'] === 'code' && query['code_challenge_method'] === 'S256';
    if (!ok) return route.fulfill({ status: 400, body: 'bad authorize request' });
    pending = { challenge: query['code_challenge']!, state: query['state']!, code: randomBytes(12).toString('hex') };
    return sendBack(route, `${redirect}?code=${pending.code}&state=${encodeURIComponent(pending.state)}`);
  }
  if (url.pathname === '/oauth2/token' && form?.['grant_type'] === 'authorization_code') {
    const verified =
      pending !== undefined &&
      form['code'] === pending.code &&
      form['client_id'] === CLIENT_ID &&
      form['redirect_uri'] === redirect &&
      createHash('sha256').update(form['code_verifier'] ?? '').digest('base64url') === pending.challenge;
    pending = undefined; // a code is good once
    if (!verified) return route.fulfill({ status: 400, headers: cors, body: '{"error":"invalid_grant"}' });
    issued.refresh = randomBytes(24).toString('base64url');
    // An ID token about to expire: the console renews it before its first call.
    return route.fulfill({ status: 200, headers: cors, body: JSON.stringify({ id_token: jwt({ sub: 'staff-1', exp: Math.floor(Date.now() / 1000) + 30 }), access_token: 'a', refresh_token: issued.refresh, expires_in: 30, token_type: 'Bearer' }) });
  }
  if (url.pathname === '/oauth2/token' && form?.['grant_type'] === 'refresh_token') {
    if (form['refresh_token'] !== issued.refresh || form['client_id'] !== CLIENT_ID) return route.fulfill({ status: 400, headers: cors, body: '{"error":"invalid_grant"}' });
    return route.fulfill({ status: 200, headers: cors, body: JSON.stringify({ id_token: ID_TOKEN, access_token: 'a', expires_in: 3600, token_type: 'Bearer' }) });
  }
  if (url.pathname === '/oauth2/revoke') return route.fulfill({ status: 200, headers: cors, body: '' });
  if (url.pathname === '/logout' && query['client_id'] === CLIENT_ID) return sendBack(route, query['logout_uri']!);
  return route.fulfill({ status: 404, body: 'not found' });
}

beforeAll(async () => {
  stack = await startStackWithPolicy({ token: ID_TOKEN, repeat: 1, tiers: [{ name: 'Duty lead', ackTimeoutSeconds: 60, contacts: [{ name: 'Priya', phone: '+447700900601', email: 'priya@example.com' }] }] });
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  page = await context.newPage();
  const build = buildConsole();
  // The page as the deployed stack writes it, here with the local stack's API on the page's own origin.
  const html = renderConsolePage(
    { mode: 'cognito', apiBase: '', signInUrl: SIGN_IN, clientId: CLIENT_ID, redirectUri: `${base()}/console/`, labels: CONSOLE_LABELS, refreshSeconds: 15 },
    { script: build.script, stylesheet: build.stylesheet, cspMeta: consoleCsp([SIGN_IN], { forMeta: true }) },
  );
  await page.route(
    (url) => url.origin === new URL(base()).origin && url.pathname === '/console/',
    (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', headers: { 'content-security-policy': consoleCsp([SIGN_IN]) }, body: html }),
  );
  await page.route(`${SIGN_IN}/**`, managedLogin);
});

afterAll(async () => {
  await context?.close().catch(() => undefined);
  await browser?.close().catch(() => undefined);
  await stack?.cleanup();
});

test('a staff member signs in through the managed login (code + PKCE), works the queue, and signs out', async () => {
  expect((await post(base(), xDelivery(xMention({ id: '9201', userId: 'cognito-crit-1', text: "@AcmeSupport my account was hacked and my savings are gone, I'm calling my lawyer" })))).status).toBeLessThan(300);
  const c = await listedCase(staffApi(base, ID_TOKEN), (x) => x.author.id === 'cognito-crit-1', 20_000);

  await page.goto(`${base()}/console/#/cases/${c.id}`);
  expect(await page.getByLabel('Staff token').count()).toBe(0); // no token field in AWS
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  // Back from the managed login: on the case it was opened for, as the staff member the token names.
  await page.getByRole('heading', { level: 1, name: /Critical .* on X/ }).waitFor({ timeout: 20_000 });
  expect(await page.getByText('Signed in as local-staff').count()).toBe(1);
  expect(page.url()).toBe(`${base()}/console/#/cases/${c.id}`); // the code left the address bar and the history

  const authorize = seen.find((s) => s.path === '/oauth2/authorize')!;
  expect(authorize.query['code_challenge']).toMatch(/^[A-Za-z0-9_-]{43}$/);
  expect(authorize.query['state']).toMatch(/^[A-Za-z0-9_-]{43}$/);
  expect(seen.filter((s) => s.path === '/oauth2/token').map((s) => s.form?.['grant_type'])).toEqual(['authorization_code', 'refresh_token']);
  // Nothing of the sign-in is kept where another page or a later visitor could read it.
  expect(await page.evaluate<string>('JSON.stringify([localStorage.length, sessionStorage.length, document.cookie])')).toBe('[0,0,""]');

  await page.getByRole('button', { name: 'Acknowledge', exact: true }).click();
  await page.locator('#action-result', { hasText: /^Acknowledged/ }).waitFor();
  expect((await staffApi(base, ID_TOKEN)(`/api/cases/${c.id}`)).body.status).toBe('acknowledged');

  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await page.getByRole('button', { name: 'Sign in', exact: true }).waitFor();
  await eventually(
    async () => seen.map((s) => s.path),
    (paths) => paths.includes('/oauth2/revoke') && paths.includes('/logout'),
    10_000,
  );
  expect(seen.find((s) => s.path === '/oauth2/revoke')?.form).toEqual({ token: issued.refresh, client_id: CLIENT_ID });
  expect(seen.find((s) => s.path === '/logout')?.query).toEqual({ client_id: CLIENT_ID, logout_uri: `${base()}/console/` });
});

test('a code replayed, or a sign-in this browser never started, is refused in words', async () => {
  await page.goto(`${base()}/console/?code=stolen-code&state=made-up-state`);
  await page.locator('#sign-in-error', { hasText: /Sign-in failed: this sign-in was not started here/ }).waitFor();
  expect(new URL(page.url()).search).toBe('');
  await page.goto(`${base()}/console/?error=access_denied&error_description=nope`);
  await page.locator('#sign-in-error', { hasText: /Sign-in failed: the sign-in was cancelled or refused/ }).waitFor();
});
