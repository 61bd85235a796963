import { PAGE_CSP, escapeHtml, page, pageHeaders } from '../../../lambdas/domain/pages/layout';
import { formatCount, formatTime, safeHttpUrl, truncate } from '../../../lambdas/domain/pages/format';
import { HOSTILE } from './helpers';

describe('escapeHtml', () => {
  it('escapes the five characters that matter in text and attributes', () => {
    expect(escapeHtml(`<a href="x" title='y'>&amp;</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;');
  });

  it('leaves ordinary text, emoji and non-Latin scripts alone', () => {
    expect(escapeHtml('Café — 😡 日本語')).toBe('Café — 😡 日本語');
  });
});

describe('page', () => {
  const html = page({ title: HOSTILE, body: '<h1>Hi</h1>' });

  it('is a complete HTML5 document with the phone-friendly, private meta tags', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(html).toContain('<meta name="robots" content="noindex, nofollow">');
    expect(html).toContain('<meta name="referrer" content="no-referrer">');
    expect(html).toContain('<main>\n<h1>Hi</h1>\n</main>');
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
  });

  it('escapes the title', () => {
    expect(html).toContain('<title>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39;');
    expect(html).not.toMatch(/<script/i);
  });

  it('has exactly one inline style, no scripts and nothing external', () => {
    expect(html.match(/<style>/g)).toHaveLength(1);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\(|https?:\/\//i);
  });

  it('styles for a phone: system fonts, readable size, narrow column, big buttons, dark mode', () => {
    const css = /<style>([\s\S]*)<\/style>/.exec(html)![1]!;
    expect(css).toMatch(/font:1\.0625rem\/[\d.]+ system-ui/);
    expect(css).toContain('max-width:32rem');
    expect(css).toMatch(/button\{[^}]*min-height:3\.5rem/);
    expect(css).toContain('@media (prefers-color-scheme:dark)');
  });

  it('takes a language', () => {
    expect(page({ title: 't', body: '', lang: 'de' })).toContain('<html lang="de">');
  });
});

describe('headers', () => {
  it('CSP allows exactly the inline style and same-origin forms', () => {
    expect(PAGE_CSP).toBe("default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
  });

  it('pageHeaders sends the CSP and no-store, no-referrer, nosniff, no framing, no indexing', () => {
    expect(pageHeaders()).toEqual({
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': PAGE_CSP,
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'x-robots-tag': 'noindex, nofollow',
    });
  });

  it('returns a fresh object each time', () => {
    const h = pageHeaders();
    h['cache-control'] = 'public';
    expect(pageHeaders()['cache-control']).toBe('no-store');
  });
});

describe('format helpers', () => {
  it('formats times in the policy zone', () => {
    expect(formatTime('2025-11-23T03:12:00Z', 'Europe/London')).toBe('23 Nov, 03:12 Europe/London');
    expect(formatTime('2025-07-01T00:05:00Z', 'Europe/London')).toBe('1 Jul, 01:05 Europe/London');
    expect(formatTime('2025-07-01T00:05:00Z', 'Not/A_Zone')).toBe('1 Jul, 00:05 UTC');
    expect(formatTime('garbage', 'UTC')).toBe('garbage');
  });

  it('formats follower counts compactly', () => {
    expect(formatCount(950)).toBe('950');
    expect(formatCount(12_400)).toBe('12.4k');
    expect(formatCount(1_250_000)).toBe('1.3M');
  });

  it('truncates by characters without splitting emoji', () => {
    expect(truncate('short', 10)).toBe('short');
    const cut = truncate('😡'.repeat(50), 10);
    expect(cut).toBe(`${'😡'.repeat(9)}…`);
    expect(truncate('a  b\n\nc', 10, { oneLine: true })).toBe('a b c');
  });

  it('only lets http(s) links through', () => {
    expect(safeHttpUrl('https://x.com/a')).toBe('https://x.com/a');
    expect(safeHttpUrl('javascript:alert(1)')).toBeUndefined();
    expect(safeHttpUrl('not a url')).toBeUndefined();
    expect(safeHttpUrl(undefined)).toBeUndefined();
  });
});
