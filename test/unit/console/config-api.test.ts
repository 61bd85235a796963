/** The console's configuration (console/src/config.ts) and its staff API client (console/src/api.ts), with a fake fetch. */
import { staffApi } from '../../../console/src/api';
import { parseConsoleConfig } from '../../../console/src/config';
import { CONSOLE_LABELS, consoleCsp, renderConsolePage } from '../../../console/page';

const labels = { categories: ['complaint'], urgencies: ['high'], platforms: ['x'] };

test('a page carries its configuration; the two sign-in modes read back as written', () => {
  const local = { mode: 'local', apiBase: '', labels, refreshSeconds: 5 };
  expect(parseConsoleConfig(JSON.stringify(local))).toEqual(local);
  const cognito = { mode: 'cognito', apiBase: 'https://a.execute-api.eu-west-2.amazonaws.com/', signInUrl: 'https://x.auth.eu-west-2.amazoncognito.com/', clientId: 'c', redirectUri: 'https://d.cloudfront.net/', labels };
  expect(parseConsoleConfig(JSON.stringify(cognito))).toEqual({
    ...cognito,
    apiBase: 'https://a.execute-api.eu-west-2.amazonaws.com',
    signInUrl: 'https://x.auth.eu-west-2.amazoncognito.com',
    refreshSeconds: 15,
  });
});

test('a configuration that is missing something says what', () => {
  expect(() => parseConsoleConfig('')).toThrow('no readable console configuration');
  expect(() => parseConsoleConfig('{"mode":"local","labels":{}}')).toThrow('lacks the API base or the labels');
  expect(() => parseConsoleConfig(JSON.stringify({ mode: 'magic', apiBase: '', labels }))).toThrow('names no sign-in mode');
  expect(() => parseConsoleConfig(JSON.stringify({ mode: 'cognito', apiBase: '', labels, signInUrl: 'http://plain.example', clientId: 'c', redirectUri: 'r' }))).toThrow(
    'lacks the sign-in URL',
  );
});

test('the page: escaped configuration in a <meta>, the assets by name, no inline script; its CSP has no unsafe source', () => {
  const html = renderConsolePage({ mode: 'local', apiBase: '', labels: CONSOLE_LABELS, refreshSeconds: 15 }, { script: 'app.X.js', stylesheet: 'style.Y.css' });
  const meta = /<meta name="social-care-console" content="([^"]*)">/.exec(html)?.[1] ?? '';
  expect(parseConsoleConfig(meta.replace(/&quot;/g, '"').replace(/&amp;/g, '&'))).toMatchObject({ mode: 'local', labels: { urgencies: ['critical', 'high', 'normal', 'low'] } });
  expect(html).toContain('<script type="module" src="app.X.js"></script>');
  expect(html).not.toMatch(/<script>(?!<\/script>)|<script [^>]*>[^<]/);
  expect(html).toContain('<html lang="en">');
  const csp = consoleCsp(['https://api.example']);
  expect(csp).toContain("connect-src 'self' https://api.example");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).not.toContain('unsafe');
  expect(consoleCsp([], { forMeta: true })).not.toContain('frame-ancestors');
});

describe('the staff API client', () => {
  const calls: { url: string; init: RequestInit }[] = [];
  const answer = (status: number, body: unknown) => async (url: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: String(url), init: init ?? {} });
    return new Response(body === undefined ? 'not json' : JSON.stringify(body), { status });
  };
  const client = (fetchFn: typeof fetch, signedIn = true) => staffApi({ base: 'https://api.example', token: async () => (signedIn ? 't0k' : undefined), fetch: fetchFn });
  beforeEach(() => calls.splice(0));

  test('sends the bearer token, never cookies or the HTTP cache, and JSON bodies for actions', async () => {
    const res = await client(answer(200, { id: 'c_1' }) as typeof fetch).act('c_1', 'assign', { assignee: 'tom' });
    expect(res).toEqual({ ok: true, body: { id: 'c_1' } });
    expect(calls[0]!.url).toBe('https://api.example/api/cases/c_1/assign');
    expect(calls[0]!.init).toMatchObject({
      method: 'POST',
      cache: 'no-store',
      credentials: 'omit',
      headers: { authorization: 'Bearer t0k', 'content-type': 'application/json' },
      body: '{"assignee":"tom"}',
    });
  });

  test('each failure reads as what to do: expired sign-in, a conflict with the reason, unreachable, a failure', async () => {
    expect(await client(answer(401, { message: 'Unauthorized' }) as typeof fetch).me()).toMatchObject({ ok: false, status: 401, message: expect.stringMatching(/Sign in again/) });
    expect(await client(answer(409, { error: 'the case is resolved' }) as typeof fetch).act('c_1', 'acknowledge')).toMatchObject({
      ok: false,
      status: 409,
      message: 'The case has moved on: the case is resolved (someone may have got there first). The case below is as it is now.',
    });
    const down = (async () => {
      throw new TypeError('fetch failed');
    }) as typeof fetch;
    expect(await client(down).list('/api/cases')).toMatchObject({ ok: false, status: 0, message: expect.stringMatching(/^Could not reach the staff API while loading the queue/) });
    expect(await client(answer(502, undefined) as typeof fetch).get('c_1')).toMatchObject({ ok: false, status: 502, message: expect.stringMatching(/failed while loading the case \(status 502\)/) });
    expect(await client(answer(404, { error: 'no such case' }) as typeof fetch).get('c_x')).toMatchObject({ ok: false, message: 'That case does not exist (it may have been erased).' });
  });

  test('signed out: nothing is sent', async () => {
    expect(await client(answer(200, {}) as typeof fetch, false).list('/api/cases')).toMatchObject({ ok: false, status: 401 });
    expect(calls).toEqual([]);
  });
});
