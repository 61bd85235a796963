import type { CaseBrief } from '../../../lambdas/domain/escalation/views';

export const HOSTILE = `<script>alert("x")</script> & 'quotes' "double" <img src=x onerror=alert(1)>`;

export function brief(over: Partial<CaseBrief> = {}): CaseBrief {
  return {
    caseId: 'case_01JDXK3M9Q7ZP2',
    urgency: 'critical',
    category: 'threat',
    sentiment: 'negative',
    platform: 'x',
    kind: 'mention',
    text: 'My daughter had an allergic reaction after your "nut-free" bar. Going to the press tomorrow. Call me on [phone].',
    author: '@dan_p',
    followers: 12_400,
    verified: true,
    url: 'https://x.com/dan_p/status/1860000000000000000',
    receivedAt: '2025-11-23T03:12:00Z',
    reasons: ['threat: going to the press', 'safety: allergic reaction'],
    ...over,
  };
}

/** The document's text as a reader sees it: no <style>, no tags, entities decoded. */
export function visibleText(html: string): string {
  return html
    .replace(/<style[\s\S]*?<\/style>/gi, ' ')
    .replace(/<\/?(?:a|b|code|em|i|span|strong)\b[^>]*>/gi, '')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

export function h1(html: string): string {
  const m = /<h1>([\s\S]*?)<\/h1>/.exec(html);
  return m ? visibleText(m[1]!) : '';
}

export function title(html: string): string {
  const m = /<title>([\s\S]*?)<\/title>/.exec(html);
  return m ? visibleText(m[1]!) : '';
}

export function count(html: string, re: RegExp): number {
  return (html.match(new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`)) ?? []).length;
}

/** Raw (unescaped) hostile markup must never appear; only its escaped form. */
export function expectNoRawMarkup(html: string): void {
  expect(html).not.toMatch(/<script/i);
  expect(html).not.toMatch(/<img/i);
  expect(html).not.toContain('onerror=alert(1)>');
}
