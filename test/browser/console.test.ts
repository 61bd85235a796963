/**
 * The care team's console (/console/ on the local stack) in a real headless Chromium, as the team uses it: sign in
 * with the staff token, find a critical case at the top of the queue, move with the keyboard, open it, act on it, and
 * check each action against the staff API. At phone width (390 px) and desktop width; screenshots of both go to
 * test/artifacts/screenshots/ (docs/console.md shows copies). Every page runs under the console's own CSP: any
 * violation, script error or failed request the page logs fails the test.
 *
 * Uses the system Chromium (/usr/bin/chromium) through playwright-core; no browser is downloaded.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, watchForProblems } from '../helpers/browser';
import { metaDelivery, post, whatsappMessagesOf, xDelivery, xMention } from '../helpers/deliveries';
import { eventually, expectHealthy, listedCase, readOutbox, staffApi, startStackWithPolicy, type TestStack } from '../helpers/local-stack';

jest.setTimeout(90_000);

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };
const SCREENSHOTS = path.join(__dirname, '..', 'artifacts', 'screenshots');
const TOKEN = 'console-test-staff-token';
const WAIT_MS = 20_000;
const TIER1 = [{ name: 'Priya Shah', phone: '+447700900501', email: 'priya@example.com' }];

let stack: TestStack | undefined;
let browser: Browser | undefined;
let context: BrowserContext | undefined;
let page: Page;
/** What the page reported that a working console never does: CSP violations, script errors, failed loads. */
const problems: string[] = [];

function base(): string {
  if (!stack) throw new Error('the local stack did not start');
  return stack.url;
}

const api = staffApi(base, TOKEN);
const caseById = async (id: string) => (await api(`/api/cases/${id}`)).body;

async function newPage(viewport: { width: number; height: number }, mobile: boolean): Promise<Page> {
  await context?.close();
  context = await browser!.newContext({ viewport, deviceScaleFactor: mobile ? 2 : 1, isMobile: mobile, hasTouch: mobile });
  const p = await context.newPage();
  await watchForProblems(p, problems);
  return p;
}

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  stack = await startStackWithPolicy({
    token: TOKEN,
    repeat: 1,
    // Long waits: nothing escalates further while the browser is looking. The queue reloads every second.
    tiers: [{ name: 'Duty lead', ackTimeoutSeconds: 60, contacts: TIER1 }],
    consoleRefreshSeconds: 1,
  });
  browser = await launchChromium();
  page = await newPage(PHONE, true);
});

afterAll(async () => {
  await context?.close().catch(() => undefined);
  await browser?.close().catch(() => undefined);
  await stack?.cleanup();
});

afterEach(() => {
  expect(problems.splice(0)).toEqual([]);
});

async function screenshot(name: string): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Delivers an X mention and waits for its case. */
async function xCase(id: string, userId: string, text: string): Promise<any> {
  expect((await post(base(), xDelivery(xMention({ id, userId, text })))).status).toBeLessThan(300);
  return listedCase(api, (c) => c.platform === 'x' && c.author.id === userId, WAIT_MS);
}

/** Opens the console at `at` (a hash: the view to show once signed in) and signs in. */
async function signIn(token = TOKEN, at = ''): Promise<void> {
  // A fresh load (a change of hash alone would keep the page, and its sign-in, as they are).
  await page.goto('about:blank');
  await page.goto(`${base()}/console/${at}`);
  await page.getByLabel('Staff token').fill(token);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

/** Waits until an element of `selector` shows text matching `pattern`; returns that text. */
async function shows(selector: string, pattern: RegExp): Promise<string> {
  const el = page.locator(selector, { hasText: pattern }).first();
  await el.waitFor({ timeout: WAIT_MS });
  return el.innerText();
}

/** The queue's rows, top first, by case id. */
const rowIds = () => page.locator('.queue .row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-id')));

/** The case id of the row holding the keyboard focus. */
const focusedRow = () => page.evaluate<string | null>("document.activeElement?.closest('.row')?.getAttribute('data-id') ?? null");

/** The page fits the viewport's width: nothing scrolls sideways. */
async function expectNoHorizontalScroll(width: number): Promise<void> {
  expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(width);
}

/**
 * axe-core's WCAG 2.1 A/AA rules on the page as it stands (colour contrast, names, labels, landmarks, `lang`…),
 * run in a second page of the same state that ignores the CSP (axe is injected; the console's page would refuse it).
 */
async function expectNoAxeViolations(): Promise<void> {
  const html = await page.content();
  const audit = await browser!.newContext({ bypassCSP: true, viewport: page.viewportSize() ?? PHONE, javaScriptEnabled: true });
  try {
    const p = await audit.newPage();
    // The same DOM, without the scripts that would rebuild it: the audit reads what the reader saw.
    await p.route('**/*', (route) =>
      route.request().resourceType() === 'document'
        ? route.fulfill({ contentType: 'text/html', body: html.replace(/<script[^>]*><\/script>/g, '') })
        : route.continue(),
    );
    await p.goto(`${base()}/console/`);
    await p.addScriptTag({ content: readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8') });
    const violations = await p.evaluate<string[]>(`(async () => {
      const result = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
      return result.violations.map((v) => v.id + ': ' + v.help + ' (' + v.nodes.map((n) => n.target.join(' ')).join(', ') + ')');
    })()`);
    expect(violations).toEqual([]);
  } finally {
    await audit.close();
  }
}

describe('the console on the local stack', () => {
  let critical: any;
  let question: any;

  beforeAll(async () => {
    question = await xCase('9101', 'console-q-1', '@AcmeSupport what time does the Leeds store open on Sundays?');
    critical = await xCase('9102', 'console-crit-1', "@AcmeSupport someone hacked my account and emptied my card, call me on 07700 900123 I'm going to the press");
  });

  it('is served at /console/ with its CSP, from the same build as the deployed site', async () => {
    const res = await fetch(`${base()}/console/`);
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("require-trusted-types-for 'script'");
    expect(csp).not.toContain('unsafe');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    expect(html).toContain('<html lang="en">');
    const script = /src="(app\.[A-Z0-9]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const asset = await fetch(`${base()}/console/${script}`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect((await fetch(`${base()}/console/nothing-here.js`)).status).toBe(404);
    const bare = await fetch(`${base()}/console`, { redirect: 'manual' });
    expect(bare.status).toBe(301);
    expect(bare.headers.get('location')).toBe('/console/');
    expect((await fetch(`${base()}/console/`, { method: 'POST' })).status).toBe(405);
    const head = await fetch(`${base()}/console/${script}`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(Number(head.headers.get('content-length'))).toBeGreaterThan(1000);
    expect(await head.text()).toBe('');
  });

  it('refuses a wrong staff token in words, then signs in with the right one', async () => {
    await signIn('not-the-token');
    await shows('#sign-in-error', /not accepted/i);
    expect(await page.getByLabel('Staff token').isVisible()).toBe(true);
    await page.getByLabel('Staff token').fill(TOKEN);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Queue' }).waitFor();
    expect(await page.getByText('Signed in as local-staff').isVisible()).toBe(true);
  });

  it('shows the critical case at the top with its platform, author, redacted text, labels, PII flag and clock', async () => {
    await eventually(rowIds, (ids) => ids.includes(critical.id) && ids.includes(question.id), WAIT_MS);
    const ids = await rowIds();
    expect(ids[0]).toBe(critical.id);
    const top = page.locator('.queue .row').first();
    const text = await top.innerText();
    expect(text).toMatch(/critical/i);
    expect(text).toMatch(/Critical (threat|complaint) on X from Lee Park \(@leepark\)/);
    expect(text).toContain('hacked my account');
    expect(text).not.toContain('07700 900123'); // stored redacted, shown redacted
    expect(text).toMatch(/PII: .*phone/);
    expect(text).toMatch(/\d+ (min|h)[^\n]* left|under a minute left/);
    expect(text).toMatch(/paging on-call|critical: paging not started/);
    expect(text).toMatch(/Why: /);
    await expectNoHorizontalScroll(PHONE.width);
    await screenshot('console-queue-phone');
    await expectNoAxeViolations();
  });

  it('moves with j and k, opens with Enter, and keeps the reader’s place when the queue reloads', async () => {
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('j');
    expect(await page.locator('.row.selected').getAttribute('data-id')).toBe(critical.id);
    await page.keyboard.press('j');
    const second = await page.locator('.row.selected').getAttribute('data-id');
    expect(second).not.toBe(critical.id);
    expect(await focusedRow()).toBe(second);
    // A new case arrives; the queue reloads by itself (every second here) and the same case stays selected and focused.
    const before = (await rowIds()).length;
    await xCase('9103', 'console-new-1', '@AcmeSupport do you ship to Norway?');
    await eventually(rowIds, (ids) => ids.length > before, WAIT_MS);
    expect(await page.locator('.row.selected').getAttribute('data-id')).toBe(second);
    expect(await focusedRow()).toBe(second);
    await page.keyboard.press('k');
    expect(await page.locator('.row.selected').getAttribute('data-id')).toBe(critical.id);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: /Critical (threat|complaint) on X/ }).waitFor();
    expect(page.url()).toContain(`#/cases/${critical.id}`);
  });

  it('shows the case: conversation, readable timeline, the customer’s choice, the post’s link; acknowledging agrees with the API', async () => {
    const main = page.locator('main');
    await main.getByText('Conversation').waitFor();
    const conversation = await page.locator('.conversation').innerText();
    expect(conversation).toContain('hacked my account');
    expect(conversation).not.toContain('07700 900123');
    const timeline = await page.locator('.timeline').innerText();
    expect(timeline).toMatch(/Post: /);
    expect(await page.locator('.summary').innerText()).toMatch(/Customer’s choice\s+no offer sent/);
    const link = page.getByRole('link', { name: 'Open the post on X' });
    expect(await link.getAttribute('href')).toMatch(/^https:\/\/(x|twitter)\.com\//);
    await expectNoHorizontalScroll(PHONE.width);
    await screenshot('console-case-phone');
    await expectNoAxeViolations();

    await page.getByRole('button', { name: 'Acknowledge', exact: true }).click();
    await shows('#action-result', /^Acknowledged/);
    const c = await caseById(critical.id);
    expect(c.status).toBe('acknowledged');
    expect(c.escalation).toMatchObject({ state: 'acknowledged', acknowledgedBy: 'local-staff' });
    expect(await page.locator('.summary').innerText()).toMatch(/Paging\s+acknowledged by local-staff/);
    // Nothing left to acknowledge: the button goes (the API would refuse it now).
    await eventually(() => page.getByRole('button', { name: 'Acknowledge', exact: true }).count(), (n) => n === 0, WAIT_MS);
  });

  it('skips to the content without leaving the case', async () => {
    const at = page.url();
    await page.getByRole('link', { name: 'Skip to the content' }).focus();
    await page.keyboard.press('Enter');
    expect(page.url()).toBe(at);
    expect(await page.evaluate<string | undefined>('document.activeElement?.id')).toBe('main');
  });

  it('says so in words when someone got there first (409), and shows the case as it now is', async () => {
    const other = await xCase('9108', 'console-race-1', '@AcmeSupport my order is missing a part');
    await signIn(TOKEN, `#/cases/${other.id}`);
    await page.getByRole('button', { name: 'Acknowledge', exact: true }).waitFor();
    // The page's reads of the case wait at a gate, so it cannot learn of the colleague's change before acting.
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const held = (url: URL) => url.pathname === `/api/cases/${other.id}`;
    await page.route(held, async (route) => {
      if (route.request().method() === 'GET') await gate;
      await route.continue();
    });
    const resolved = await fetch(`${base()}/api/cases/${other.id}/resolve`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(resolved.status).toBe(200);
    await page.getByRole('button', { name: 'Acknowledge', exact: true }).click();
    open();
    const said = await shows('#action-result', /^Not done: The case has moved on/);
    expect(said).toMatch(/someone may have got there first/);
    expect(await page.locator('#action-result').getAttribute('class')).toContain('error');
    await shows('#case-primary', /This case is resolved/);
    await page.unroute(held);
    expect((await caseById(other.id)).status).toBe('resolved');
    await signIn(TOKEN, `#/cases/${critical.id}`);
    await page.locator('.conversation').waitFor();
  });

  it('assigns to me, marks responded, reclassifies with a reason and resolves; each agrees with the API', async () => {
    const result = (pattern: RegExp) => shows('#action-result', pattern);
    await page.getByRole('button', { name: 'Assign to me', exact: true }).click();
    await result(/^Assigned\.$/);
    expect((await caseById(critical.id)).assignee).toBe('local-staff');

    await page.getByLabel('Channel (optional)').fill('x reply');
    await page.getByRole('button', { name: 'Mark responded', exact: true }).click();
    await result(/^Marked responded/);
    expect((await caseById(critical.id)).firstResponseAt).toMatch(/^\d{4}-/);
    expect(await page.locator('.summary').innerText()).toMatch(/Response clock\s+responded/);

    await page.getByLabel('Urgency').selectOption('high');
    await page.getByRole('button', { name: 'Reclassify', exact: true }).click();
    // The reason is required: the browser holds the form back and nothing is sent.
    expect(await page.getByLabel('Reason').evaluate((el: any) => el.validity.valueMissing as boolean)).toBe(true);
    expect((await caseById(critical.id)).urgency).toBe('critical');
    await page.getByLabel('Reason').fill('a hacked account is a complaint; the press is a figure of speech');
    await page.getByRole('button', { name: 'Reclassify', exact: true }).click();
    await result(/^Reclassified/);
    const reclassified = await caseById(critical.id);
    expect(reclassified).toMatchObject({ category: critical.category, urgency: 'high', classifiedAs: { category: critical.category, urgency: 'critical' } });
    expect(reclassified.timeline.at(-1)).toMatchObject({ type: 'reclassified' });
    expect(await page.locator('.timeline').innerText()).toMatch(/Reclassified: /);

    // "Assigned to me" in an address means open or acknowledged too (an assigned case is never open).
    await signIn(TOKEN, '#/?mine=1');
    await eventually(rowIds, (ids) => ids.includes(critical.id), WAIT_MS);
    expect(await page.getByLabel('Status').inputValue()).toBe('active');
    await page.locator(`.row[data-id="${critical.id}"] .row-link`).click();
    await page.locator('.conversation').waitFor();
    // Assigned to me: ticking it from the default queue lists it (assigning acknowledged it: "open or acknowledged").
    await page.getByRole('link', { name: '← Back to the queue' }).click();
    await page.getByLabel('Assigned to me').check();
    await eventually(rowIds, (ids) => ids.includes(critical.id), WAIT_MS);
    expect(await page.getByLabel('Status').inputValue()).toBe('active');
    expect(page.url()).toContain('mine=1');
    expect(await rowIds()).not.toContain(question.id);
    await shows('#queue-status', /^1 open or acknowledged case, open ones first, then acknowledged; most urgent first within each/);

    await page.locator(`.row[data-id="${critical.id}"] .row-link`).click();
    await page.getByRole('button', { name: 'Resolve', exact: true }).click();
    await result(/^Resolved/);
    expect((await caseById(critical.id)).status).toBe('resolved');
    // A resolved case offers only what still applies to it.
    await shows('#case-primary', /This case is resolved/);
    for (const name of ['Acknowledge', 'Assign', 'Mark responded', 'Resolve']) expect(await page.getByRole('button', { name, exact: true }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Reclassify', exact: true }).count()).toBe(1);
  });

  it('reclassifies only the label the reader changed: a change someone made meanwhile stays', async () => {
    const c = await xCase('9105', 'console-recl-1', '@AcmeSupport my delivery is three days late');
    await signIn(TOKEN, `#/cases/${c.id}`);
    await page.locator('#new-urgency').waitFor();
    const original = await page.locator('#new-urgency').inputValue();
    // A colleague raises it to critical while this page is open; this page's next reload shows it.
    const raised = await fetch(`${base()}/api/cases/${c.id}/reclassify`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ urgency: 'critical', reason: 'the customer is a reporter' }),
    });
    expect(raised.status).toBe(200);
    expect(original).not.toBe('critical');
    await shows('.summary', /Labels\s*\w+, critical/);
    expect(await page.locator('#new-urgency').inputValue()).toBe('critical');
    await page.getByLabel('Category').selectOption('question');
    await page.getByLabel('Reason').fill('they are asking where it is');
    await page.getByRole('button', { name: 'Reclassify', exact: true }).click();
    await shows('#action-result', /^Reclassified/);
    expect(await caseById(c.id)).toMatchObject({ category: 'question', urgency: 'critical' });
    // Nothing changed: said on the page, nothing sent.
    await page.getByLabel('Reason').fill('again');
    await page.getByRole('button', { name: 'Reclassify', exact: true }).click();
    await shows('#action-result', /^Not done: choose a category or an urgency different/);
    expect((await caseById(c.id)).overrides).toBe(2);
  });

  it('acknowledges the selected case from the queue with a', async () => {
    await page.getByRole('link', { name: '← Back to the queue' }).click();
    await page.getByLabel('Status').selectOption('open');
    await page.getByLabel('Assigned to me').uncheck();
    await eventually(rowIds, (ids) => ids.includes(question.id), WAIT_MS);
    await page.locator(`.row[data-id="${question.id}"] .row-link`).focus();
    await page.keyboard.press('a');
    await shows('#queue-result', /^Acknowledged: /);
    expect((await caseById(question.id)).status).toBe('acknowledged');
    await eventually(rowIds, (ids) => !ids.includes(question.id), WAIT_MS);
  });

  it('shows a post’s words as words: markup a customer writes never becomes part of the page', async () => {
    const hostile = await xCase(
      '9104',
      'console-xss-1',
      '@AcmeSupport <img src=x onerror="document.title=\'pwned\'"><script>document.title="pwned"</script> my order never came & I\'m "furious"',
    );
    await signIn(TOKEN, `#/cases/${hostile.id}`);
    await page.locator('.conversation').waitFor();
    const shown = await page.locator('.post').innerText();
    expect(shown).toContain('<img src=x onerror=');
    expect(shown).toContain('<script>');
    expect(await page.locator('main img, main script').count()).toBe(0);
    expect(await page.title()).not.toBe('pwned');
  });

  it('explains an empty queue, a filter the API refuses, an unknown case and a mangled case link', async () => {
    await signIn(TOKEN, '#/?platform=no-such-platform');
    await shows('.empty', /Nothing here under these filters/);
    expect(await page.title()).toBe('Queue · Social care console');
    await signIn(TOKEN, '#/?urgency=bogus');
    await shows('#queue-error', /urgency: .*Clear the filters/);
    await shows('#queue-status', /^The staff API refused these filters\.$/);
    expect(await page.getByLabel('Urgency').inputValue()).toBe('bogus'); // the filter shown is the one sent
    expect(await rowIds()).toEqual([]);
    expect(await page.locator('.empty').count()).toBe(0);
    await signIn(TOKEN, '#/cases/c_doesnotexist0000');
    await shows('#case-error', /does not exist/);
    expect(await page.title()).toBe('No such case · Social care console');
    expect(await page.locator('main').innerText()).not.toContain('Loading');
    await signIn(TOKEN, '#/cases/%3Cimg%20src%3Dx%3E');
    await shows('#case-error', /does not exist/);
  });

  it('never calls the queue empty when it could not read it, and recovers with Try again', async () => {
    const apiCalls = (url: URL) => url.pathname === '/api/cases';
    await signIn();
    await page.locator('.queue .row').first().waitFor();
    await page.route(apiCalls, (route) => route.abort('connectionrefused'));
    await page.goto('about:blank');
    await page.goto(`${base()}/console/`);
    await page.getByLabel('Staff token').fill(TOKEN);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await shows('#queue-status', /^The queue could not be loaded\.$/);
    expect(await shows('#queue-error', /Could not reach the staff API/)).not.toMatch(/Clear the filters/);
    expect(await page.locator('.empty').count()).toBe(0);
    await page.unroute(apiCalls);
    await page.getByRole('button', { name: 'Try again', exact: true }).click();
    await page.locator('.queue .row').first().waitFor();
    expect(await page.locator('#queue-error').isVisible()).toBe(false);
    // What the refused connections logged is this test's own doing.
    for (let i = problems.length - 1; i >= 0; i--) if (/ERR_CONNECTION_REFUSED/.test(problems[i]!)) problems.splice(i, 1);
  });

  it('shows what a post carries besides words: type, caption, link', async () => {
    const delivery = whatsappMessagesOf('447700900777', 'Mo Farah', [
      { id: 'wamid.CONSOLE0001', timestamp: '1718000400', type: 'image', image: { id: '9988776655', mime_type: 'image/jpeg', caption: 'the box arrived crushed <b>again</b>' } },
    ]);
    expect((await post(base(), metaDelivery(delivery))).status).toBeLessThan(300);
    const c = await listedCase(api, (x) => x.platform === 'whatsapp' && x.author.name === 'Mo Farah', WAIT_MS);
    await signIn(TOKEN, `#/cases/${c.id}`);
    const attached = await shows('.attachments', /photo/);
    expect(attached).toContain('“the box arrived crushed <b>again</b>”');
    expect(attached).toContain('media id 9988776655');
    expect(await page.locator('.attachments b').count()).toBe(0);
  });

  it('shows names and posts as written, without the characters that reorder or hide text, and fits a phone', async () => {
    const delivery = xMention({ id: '9106', userId: 'console-bidi-1', text: '@AcmeSupport RTL test \u202Egnol os gnitiaw ma I\u202C where is my order' });
    delivery.tweet_create_events[0]!.user.name = `Zed \u202Eexe.live\u202C ${'N'.repeat(180)}`;
    expect((await post(base(), xDelivery(delivery))).status).toBeLessThan(300);
    const c = await listedCase(api, (x) => x.author.id === 'console-bidi-1', WAIT_MS);
    await signIn(TOKEN, `#/cases/${c.id}`);
    await page.locator('.conversation').waitFor();
    const text = await page.locator('main').innerText();
    expect(text).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/);
    expect(text).toContain('Zed exe.live');
    expect(text).toContain('gnol os gnitiaw ma I');
    await expectNoHorizontalScroll(PHONE.width);
    await signIn(TOKEN, '#/');
    await page.locator(`.row[data-id="${c.id}"]`).waitFor();
    await expectNoHorizontalScroll(PHONE.width);
  });

  it('works at desktop width too', async () => {
    const fresh = await xCase('9107', 'console-desk-1', "@AcmeSupport you charged my card twice and locked my account, I want my money back today or I'm going to the ombudsman");
    page = await newPage(DESKTOP, false);
    await signIn();
    await page.locator(`.queue .row[data-id="${fresh.id}"]`).waitFor();
    await expectNoHorizontalScroll(DESKTOP.width);
    await screenshot('console-queue-desktop');
    await page.locator(`.row[data-id="${fresh.id}"] .row-link`).click();
    await page.locator('.conversation').waitFor();
    await expectNoHorizontalScroll(DESKTOP.width);
    await screenshot('console-case-desktop');
    await expectNoAxeViolations();
  });

  it('signs out, and the stack stays healthy', async () => {
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.getByLabel('Staff token').waitFor();
    await shows('#sign-in-error', /^Signed out\.$/);
    expect(await page.title()).toBe('Sign in · Social care console');
    await expectHealthy(base());
    const box = await readOutbox(base());
    expect(box.sms.length).toBeGreaterThan(0);
  });
});
