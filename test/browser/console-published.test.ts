/**
 * The care console on what platforms really send: every payload of the published corpus
 * (test/fixtures/platforms/published: Meta, Instagram, Messenger, WhatsApp, X, Standard Webhooks sources, as other
 * people published them) is posted to the local stack, and every case they make is listed in the console and opened
 * in it, at phone width. Each must show its title, its conversation and its timeline; nothing may scroll sideways,
 * and no page may log a script error, a CSP violation or a failed load.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, watchForProblems } from '../helpers/browser';
import { post } from '../helpers/deliveries';
import { queueDepth } from '../helpers/load';
import { allListedCases, eventually, staffApi, startTestStack, type TestStack } from '../helpers/local-stack';
import { corpusDelivery, loadPublishedCorpus } from '../helpers/published-corpus';

jest.setTimeout(300_000);

const TOKEN = 'console-published-token';
const PHONE = { width: 390, height: 844 };
const WAIT_MS = 60_000;

let stack: TestStack | undefined;
let browser: Browser | undefined;
let context: BrowserContext | undefined;
let page: Page;
const problems: string[] = [];

beforeAll(async () => {
  stack = await startTestStack({ token: TOKEN, consoleRefreshSeconds: 600 });
  browser = await launchChromium();
  context = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true });
  page = await context.newPage();
  await watchForProblems(page, problems);
});

afterAll(async () => {
  await context?.close().catch(() => undefined);
  await browser?.close().catch(() => undefined);
  await stack?.cleanup();
});

const base = () => stack!.url;
const sideways = () => page.evaluate<number>('document.documentElement.scrollWidth');

it('lists and opens every case the published payloads make, each whole, at 390 px, with nothing logged', async () => {
  const corpus = loadPublishedCorpus().filter((e) => e.expect.status === 200);
  for (const entry of corpus) expect({ name: entry.name, status: (await post(base(), corpusDelivery(entry))).status }).toEqual({ name: entry.name, status: 200 });
  // Everything folded: both queues empty (in flight included), and the list the same three reads running.
  const api = staffApi(base, TOKEN);
  const counts: number[] = [];
  await eventually(
    async () => {
      const depth = (await queueDepth(stack!.endpoints.sqs, stack!.queues.events.url)) + (await queueDepth(stack!.endpoints.sqs, stack!.queues.bulk.url));
      counts.push(depth === 0 ? (await allListedCases(api)).length : -1);
      return counts.slice(-3);
    },
    (last) => last.length === 3 && last[0]! > 0 && last.every((n) => n === last[0]),
    WAIT_MS,
    1_000,
  );
  const cases = await allListedCases(api);

  await page.goto(`${base()}/console/#/?status=all`);
  await page.getByLabel('Staff token').fill(TOKEN);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.locator('.queue .row').first().waitFor({ timeout: WAIT_MS });
  // Every page of the list, by its "Load more" button.
  while ((await page.locator('.queue .row').count()) < cases.length) {
    const more = page.getByRole('button', { name: 'Load more cases', exact: true });
    if ((await more.count()) === 0) break;
    const before = await page.locator('.queue .row').count();
    await more.click();
    await eventually(() => page.locator('.queue .row').count(), (n) => n > before, WAIT_MS);
  }
  const listed = await page.locator('.queue .row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-id')));
  expect(new Set(listed)).toEqual(new Set(cases.map((c) => c.id)));
  expect(await sideways()).toBeLessThanOrEqual(PHONE.width);

  const wrong: string[] = [];
  for (const c of cases) {
    await page.evaluate(`location.hash = '#/cases/${c.id}'`);
    const view = `main[data-case="${c.id}"]`;
    const shown = page.locator(`${view} .conversation, ${view} #case-error:not([hidden])`).first();
    await shown.waitFor({ timeout: WAIT_MS });
    const title = await page.locator('h1').innerText();
    if (await page.locator('#case-error').isVisible()) wrong.push(`${c.id}: ${await page.locator('#case-error').innerText()}`);
    else if (title.startsWith('Case ') || !/ on .+ from /.test(title)) wrong.push(`${c.id}: title "${title}"`);
    else if ((await page.locator('.timeline li').count()) === 0) wrong.push(`${c.id}: empty timeline`);
    const width = await sideways();
    if (width > PHONE.width) wrong.push(`${c.id}: ${width} px wide`);
  }
  expect(wrong).toEqual([]);
  expect(problems).toEqual([]);
});
