/**
 * The two pages people open on their phones — /ack/{code} (on call, half awake) and /offer/{code} (an upset
 * customer) — in a real headless Chromium at a phone-sized viewport, with JavaScript off: the pages must work as
 * plain HTML forms. Each page state is kept as a full-page screenshot under test/artifacts/screenshots/.
 *
 * Uses the system Chromium (/usr/bin/chromium) through playwright-core; no browser is downloaded.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { type Browser, type BrowserContext, type Page, chromium } from 'playwright-core';
import { genericDelivery, post, xDelivery, xMention } from '../helpers/deliveries';
import { eventually, linkCode, listedCase, readOutbox, staffApi, startStackWithPolicy, type TestStack } from '../helpers/local-stack';

jest.setTimeout(60_000);

const CHROMIUM = '/usr/bin/chromium';
const PHONE = { width: 390, height: 844 };
const SCREENSHOTS = path.join(__dirname, '..', 'artifacts', 'screenshots');
const TOKEN = 'browser-test-staff-token';
/** How long this file waits for a case, a message or a state. */
const WAIT_MS = 15_000;
const TIER1 = [{ name: 'Priya Shah', phone: '+447700900101', email: 'priya@example.com' }];
const TIER2 = [{ name: 'Hannah Lewis', phone: '+447700900201', email: 'hannah@example.com' }];

let stack: TestStack | undefined;
let browser: Browser | undefined;
let context: BrowserContext | undefined;
let page: Page;

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  stack = await startStackWithPolicy({
    token: TOKEN,
    repeat: 1,
    // Long waits: nothing escalates (and no code changes hands) while the browser is looking.
    tiers: [
      { name: 'Duty lead', ackTimeoutSeconds: 30, contacts: TIER1 },
      { name: 'Care manager', ackTimeoutSeconds: 30, contacts: TIER2 },
    ],
  });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  context = await browser.newContext({ viewport: PHONE, deviceScaleFactor: 2, isMobile: true, hasTouch: true, javaScriptEnabled: false });
  page = await context.newPage();
});

afterAll(async () => {
  // Each step on its own, so one failure does not leave the others running.
  await context?.close().catch(() => undefined);
  await browser?.close().catch(() => undefined);
  await stack?.cleanup();
});

function base(): string {
  if (!stack) throw new Error('the local stack did not start');
  return stack.url;
}

const api = staffApi(base, TOKEN);
const caseById = async (id: string) => (await api(`/api/cases/${id}`)).body;
const outbox = () => readOutbox(base());

/** Delivers a post and waits for its case; returns the case. */
async function caseFrom(deliver: () => Promise<{ status: number }>, match: (c: any) => boolean): Promise<any> {
  const res = await deliver();
  expect(res.status).toBeLessThan(300);
  return caseById((await listedCase(api, match, WAIT_MS)).id);
}

/** A critical X mention; returns the case and tier 1's acknowledgement code from the SMS. */
async function criticalCase(id: string, userId: string, text: string): Promise<{ caseId: string; text: string; code: string }> {
  const c = await caseFrom(
    () => post(base(), xDelivery(xMention({ id, userId, text }))),
    (x) => x.platform === 'x' && x.author.id === userId,
  );
  const box = await eventually(outbox, (o) => o.sms.some((m) => m.body.includes(c.id) && m.to === TIER1[0]!.phone), WAIT_MS);
  const sms = box.sms.find((m) => m.body.includes(c.id) && m.to === TIER1[0]!.phone)!;
  const code = linkCode(sms.body, 'ack');
  if (!code) throw new Error(`no /ack link in the SMS: ${sms.body}`);
  return { caseId: c.id, text: c.text, code };
}

/** A complaint from a customer whose email is known; returns the case id and the code from the offer email. */
async function complaintCase(id: string, authorId: string, email: string, text: string): Promise<{ caseId: string; code: string }> {
  const c = await caseFrom(
    () =>
      post(
        base(),
        genericDelivery('reviews', {
          type: 'review.created',
          data: { id, text, author: { id: authorId, name: 'Owen Davies', email }, createdAt: new Date().toISOString(), rating: 1 },
        }),
      ),
    (x) => x.platform === 'reviews' && x.author.id === authorId,
  );
  const box = await eventually(outbox, (o) => o.email.some((e) => e.to.includes(email)), WAIT_MS);
  const code = linkCode(box.email.find((e) => e.to.includes(email))!.text, 'offer');
  if (!code) throw new Error('no /offer link in the offer email');
  await eventually(
    () => caseById(c.id),
    (x) => x.offer?.state === 'sent',
    WAIT_MS,
  );
  return { caseId: c.id, code };
}

async function open(p: string): Promise<number> {
  const res = await page.goto(base() + p, { waitUntil: 'load' });
  if (!res) throw new Error(`no response for ${p}`);
  return res.status();
}

async function screenshot(name: string): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** The page fits the phone's width: nothing scrolls sideways. */
async function expectNoHorizontalScroll(): Promise<void> {
  const width = await page.evaluate<number>('document.documentElement.scrollWidth');
  expect(width).toBeLessThanOrEqual(PHONE.width);
}

/** <html lang>, exactly one h1, and every form control with a label of its own. */
async function expectAccessibleBasics(): Promise<void> {
  expect(await page.getAttribute('html', 'lang')).toMatch(/^[a-z]{2}/);
  expect(await page.locator('h1').count()).toBe(1);
  await expect(page.locator('h1').isVisible()).resolves.toBe(true);
  const unlabelled = await page.$$eval('input, select, textarea', (els: any[]) =>
    els
      .filter((el) => el.type !== 'hidden')
      .filter((el) => !(el.labels && Array.from(el.labels as ArrayLike<any>).some((l: any) => (l.textContent ?? '').trim() !== '')))
      .filter((el) => !el.getAttribute('aria-label') && !el.getAttribute('aria-labelledby'))
      .map((el) => el.outerHTML as string),
  );
  expect(unlabelled).toEqual([]);
}

const h1 = () => page.locator('h1').innerText();

describe('the acknowledgement page on a phone', () => {
  it('shows the case and one big button; tapping it acknowledges; the link then says so; a bad code is explained', async () => {
    const { caseId, text, code } = await criticalCase('8001', 'browser-crit-1', '@AcmeSupport someone hacked my account and changed my password, email me at lee.park@example.net');
    expect(text).toContain('hacked my account');
    expect(text).not.toContain('lee.park@example.net');

    expect(await open(`/ack/${code}`)).toBe(200);
    expect(await page.evaluate<boolean>('document.scripts.length === 0')).toBe(true);
    expect(await h1()).toMatch(/can you take this case/i);
    const button = page.getByRole('button', { name: /acknowledge/i });
    expect(await button.isVisible()).toBe(true);
    const box = await button.boundingBox();
    expect(box).not.toBeNull();
    expect(box!.height).toBeGreaterThanOrEqual(44);
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(PHONE.width);
    await expectNoHorizontalScroll();
    // The post as stored: redacted.
    const quoted = await page.locator('blockquote').innerText();
    expect(quoted).toContain('hacked my account and changed my password');
    expect(quoted).toContain('[email]');
    expect(await page.content()).not.toContain('lee.park@example.net');
    await expectAccessibleBasics();
    await screenshot('ack-confirm');

    // Opening the page changes nothing.
    expect((await caseById(caseId)).escalation.state).toBe('paging');

    await button.tap();
    await page.locator('h1', { hasText: /acknowledged/i }).waitFor();
    expect(await h1()).toMatch(/acknowledged — you've got it/i);
    expect(await page.locator('.notice').innerText()).toMatch(/Priya Shah/);
    expect(await page.locator('form').count()).toBe(0);
    await expectNoHorizontalScroll();
    await expectAccessibleBasics();
    await screenshot('ack-done');
    expect((await caseById(caseId)).escalation).toMatchObject({ state: 'acknowledged', acknowledgedBy: 'Priya Shah' });

    expect(await open(`/ack/${code}`)).toBe(200);
    expect(await h1()).toMatch(/already/i);
    expect(await page.locator('body').innerText()).toMatch(/Priya Shah/);
    expect(await page.locator('button, form').count()).toBe(0);
    await expectNoHorizontalScroll();
    await expectAccessibleBasics();
    await screenshot('ack-already');

    expect(await open(`/ack/${'Q'.repeat(43)}`)).toBe(404);
    expect(await h1()).toMatch(/(isn't|not) valid/i);
    expect(await page.locator('button, form').count()).toBe(0);
    await expectNoHorizontalScroll();
    await expectAccessibleBasics();
    await screenshot('ack-unknown');
  });
});

describe('the offer page on a phone', () => {
  it('offers three labelled choices (a review site has no private messages); needs one; records a phone call; then says it was already answered', async () => {
    const { caseId, code } = await complaintCase('rev-8101', 'browser-rv-1', 'owen.browser@example.org', 'Two weeks and still no refund for the broken blender. Really poor service.');

    expect(await open(`/offer/${code}`)).toBe(200);
    expect(await page.evaluate<boolean>('document.scripts.length === 0')).toBe(true);
    expect(await h1()).toMatch(/how would you like us to help/i);
    const radios = page.locator('input[type=radio][name=channel]');
    expect(await radios.count()).toBe(3);
    expect(await page.getByText(/private message/i).count()).toBe(0);
    for (const label of ['A phone call', 'An email', 'No thanks']) {
      const radio = page.getByLabel(label, { exact: true });
      expect(await radio.getAttribute('type')).toBe('radio');
      expect(await page.locator('label.choice', { hasText: label }).isVisible()).toBe(true);
    }
    const phone = page.getByLabel(/phone number/i);
    const time = page.getByLabel(/best time to call/i);
    expect(await phone.isVisible()).toBe(true);
    expect(await phone.getAttribute('type')).toBe('tel');
    expect(await time.isVisible()).toBe(true);
    await expectNoHorizontalScroll();
    for (const control of [page.getByRole('button', { name: /send my choice/i }), phone, time]) {
      const b = await control.boundingBox();
      expect(b!.height).toBeGreaterThanOrEqual(44);
      expect(b!.x + b!.width).toBeLessThanOrEqual(PHONE.width);
    }
    await expectAccessibleBasics();
    await screenshot('offer-choose');

    // No choice: the browser's own `required` check (or the server) keeps the customer on the form; nothing recorded.
    const posted: string[] = [];
    const onRequest = (r: { method(): string; url(): string }) => r.method() === 'POST' && posted.push(r.url());
    page.on('request', onRequest);
    await page.getByRole('button', { name: /send my choice/i }).tap();
    await page.waitForLoadState('load');
    await new Promise((r) => setTimeout(r, 500));
    page.off('request', onRequest);
    // If the browser let it through, the server must have answered with the form and an error.
    if (posted.length > 0) expect(await page.getByRole('alert').isVisible()).toBe(true);
    else expect(await page.getByLabel('A phone call', { exact: true }).evaluate((el: any) => el.validity.valueMissing as boolean)).toBe(true);
    expect(await radios.count()).toBe(3);
    expect(await page.locator('form').count()).toBe(1);
    expect((await caseById(caseId)).offer.state).toBe('sent');

    await page.getByLabel('A phone call', { exact: true }).tap();
    await phone.fill('+44 7700 900123');
    await time.fill('weekdays after 6pm');
    await page.getByRole('button', { name: /send my choice/i }).tap();
    await page.locator('h1', { hasText: /thank you/i }).waitFor();
    const thanks = await page.locator('main').innerText();
    expect(thanks).toContain('+44 7700 900123');
    expect(thanks).toContain('weekdays after 6pm');
    expect(await page.locator('form').count()).toBe(0);
    await expectNoHorizontalScroll();
    await expectAccessibleBasics();
    await screenshot('offer-thanks');
    expect((await caseById(caseId)).offer).toMatchObject({ state: 'chosen', channel: 'phone' });

    expect(await open(`/offer/${code}`)).toBeLessThan(500);
    expect(await h1()).toMatch(/already told us/i);
    expect(await page.locator('main').innerText()).toMatch(/phone call/i);
    expect(await page.locator('form, input, button').count()).toBe(0);
    await expectNoHorizontalScroll();
    await expectAccessibleBasics();
    await screenshot('offer-used');
    expect((await caseById(caseId)).offer).toMatchObject({ state: 'chosen', channel: 'phone' });
  });
});

describe('accessibility basics', () => {
  it('both pages declare their language, have one h1 and label every input', async () => {
    const ack = await criticalCase('8002', 'browser-crit-2', '@AcmeSupport your charger caught fire in my kitchen, my son burned his hand');
    const offer = await complaintCase('rev-8102', 'browser-rv-2', 'mia.browser@example.org', 'The delivery driver threw my parcel over the fence and it broke.');
    for (const p of [`/ack/${ack.code}`, `/offer/${offer.code}`]) {
      expect(await open(p)).toBe(200);
      expect(await page.getAttribute('html', 'lang')).toBe('en');
      expect(await page.locator('h1').count()).toBe(1);
      const inputs = await page.$$eval('input', (els: any[]) =>
        els.map((el) => ({ id: el.id as string, labels: Array.from(el.labels as ArrayLike<any>).map((l: any) => (l.textContent as string).trim()) })),
      );
      for (const input of inputs) expect(input.labels.join(' ')).not.toBe('');
      if (p.startsWith('/offer/')) expect(inputs.length).toBe(5); // three choices (a review: no private message), phone, time
    }
    // Looking changed nothing.
    expect((await caseById(ack.caseId)).escalation.state).toBe('paging');
    expect((await caseById(offer.caseId)).offer.state).toBe('sent');
  });
});
