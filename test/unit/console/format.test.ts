/** How the console words a case (console/src/format.ts). */
import {
  ago,
  authorText,
  type CaseView,
  conversation,
  cut,
  duration,
  entryLabel,
  entryText,
  escalationText,
  attachmentText,
  sentence,
  offerText,
  platformName,
  preview,
  safeLink,
  shown,
  slaView,
} from '../../../console/src/format';

const NOW = Date.parse('2026-12-07T12:00:00.000Z');
const at = (minutesFromNow: number) => new Date(NOW + minutesFromNow * 60_000).toISOString();
const base: CaseView = {
  id: 'c_1',
  status: 'open',
  urgency: 'high',
  category: 'complaint',
  sentiment: 'negative',
  platform: 'x',
  kind: 'mention',
  text: 'where is my parcel',
  author: { id: 'u1', name: 'Lee Park', handle: 'leepark' },
  receivedAt: at(-5),
  pii: [],
  reasons: [],
  eventCount: 1,
};

test('durations in the two largest units that matter', () => {
  expect([duration(-5), duration(59_000), duration(61_000), duration(3 * 3_600_000), duration(3 * 3_600_000 + 5 * 60_000), duration(50 * 3_600_000)]).toEqual([
    'under a minute',
    'under a minute',
    '1 min',
    '3 h',
    '3 h 5 min',
    '2 d 2 h',
  ]);
  expect([ago(at(-0.5), NOW), ago(at(-12), NOW), ago(at(3), NOW), ago('not a time', NOW)]).toEqual(['just now', '12 min ago', 'just now', 'at an unknown time']);
});

test('the response clock: time left, near its warning, breached, stopped by a response, none for low urgency', () => {
  expect(slaView({ ...base, slaDueAt: at(25) }, NOW)).toEqual({ text: '25 min left', tone: 'ok' });
  expect(slaView({ ...base, slaDueAt: at(12 * 60), sla: { businessHoursOnly: true } }, NOW)).toEqual({ text: '12 h left (business hours)', tone: 'ok' });
  expect(slaView({ ...base, slaDueAt: at(4), sla: { preBreachAt: at(-1) } }, NOW)).toEqual({ text: '4 min left', tone: 'warn' });
  expect(slaView({ ...base, slaDueAt: at(-7) }, NOW)).toEqual({ text: 'breached 7 min ago', tone: 'breached' });
  expect(slaView({ ...base, slaDueAt: at(-7), firstResponseAt: at(-10) }, NOW)).toEqual({ text: 'responded 10 min ago', tone: 'done' });
  expect(slaView({ ...base, status: 'resolved', slaDueAt: at(-7) }, NOW)).toEqual({ text: 'resolved', tone: 'done' });
  expect(slaView(base, NOW)).toEqual({ text: 'no response clock', tone: 'none' });
});

test('the escalation and the offer in words', () => {
  expect(escalationText(base)).toBe('no paging');
  expect(escalationText({ ...base, urgency: 'critical' })).toBe('critical: paging not started');
  expect(escalationText({ ...base, escalation: { state: 'paging', tier: 0 } })).toBe('paging on-call: starting');
  expect(escalationText({ ...base, escalation: { state: 'paging', tier: 2 } })).toBe('paging on-call: tier 2');
  expect(escalationText({ ...base, escalation: { state: 'acknowledged', tier: 1, acknowledgedBy: 'Priya' } })).toBe('acknowledged by Priya');
  expect(escalationText({ ...base, escalation: { state: 'exhausted', tier: 2 } })).toBe('nobody acknowledged: every tier was paged');
  expect(offerText(base)).toBe('no offer sent');
  expect(offerText({ ...base, offer: { state: 'sent' } })).toBe('offer sent: no choice yet');
  expect(offerText({ ...base, offer: { state: 'chosen', channel: 'phone' } })).toBe(
    'the customer chose a phone call (number and time emailed to whoever acknowledged the case, or tier 1)',
  );
  expect(offerText({ ...base, offer: { state: 'chosen', channel: 'dm' } })).toBe('the customer chose a private message');
  expect(offerText({ ...base, offer: { state: 'none' } })).toBe('the customer wants no offline contact');
  expect(offerText({ ...base, offer: { state: 'failed' } })).toBe('the offer could not be sent');
});

test('names, platforms and links as people read them', () => {
  expect(authorText(base.author)).toBe('Lee Park (@leepark)');
  expect(authorText({ id: 'u2', handle: '@ana' })).toBe('@ana');
  expect(authorText({ id: 'psid-9' })).toBe('psid-9');
  expect([platformName('x'), platformName('whatsapp'), platformName('reviews')]).toEqual(['X', 'WhatsApp', 'Reviews']);
  expect(safeLink('https://x.com/leepark/status/1')).toBe('https://x.com/leepark/status/1');
  expect([safeLink('javascript:alert(1)'), safeLink('data:text/html,hi'), safeLink('not a url'), safeLink(undefined)]).toEqual([undefined, undefined, undefined, undefined]);
});

test('text a customer wrote loses the characters that reorder or hide it; previews fold blank lines; long text is cut by code points', () => {
  expect(shown('Zed \u202Eexe.live\u202C ok\u200B\u2066!\u2069\uFEFF')).toBe('Zed exe.live ok!');
  expect(authorText({ id: 'u', name: '\u202EAli Ahmed' })).toBe('Ali Ahmed');
  expect(preview('multi\n\n\n\n  line\t\ttext  ')).toBe('multi line text');
  // Controls go too (a bell, an escape), line breaks and tabs stay; the joiners of a family emoji stay.
  expect(shown('a\u0007b\u001b[31mc\nd\te\u0085')).toBe('ab[31mc\nd\te');
  expect(shown('👨\u200d👩\u200d👧')).toBe('👨\u200d👩\u200d👧');
  const emoji = '😀'.repeat(800);
  const short = cut(emoji);
  expect(short.cut).toBe(true);
  expect(Array.from(short.text)).toHaveLength(701); // 700 and the ellipsis, no half pair
  expect(cut('short')).toEqual({ text: 'short', cut: false });
});

test('attachments in words, their captions without hiding characters; sentences end once', () => {
  expect(attachmentText({ type: 'photo', caption: 'the box, \u202Ecrushed' })).toBe('photo: “the box, crushed”');
  expect(attachmentText({ type: 'voice', mediaId: '123' })).toBe('voice note (media id 123)');
  expect(attachmentText({ type: 'image', caption: 'x' })).toBe('photo: “x”');
  expect(attachmentText({ type: 'hologram' })).toBe('unknown type hologram');
  expect(attachmentText({ type: 'location', title: 'Leeds station', url: 'https://maps.example/1' })).toBe('location: “Leeds station”');
  expect([sentence('Done'), sentence('Done.'), sentence('Lee P…'), sentence('Why? ')]).toEqual(['Done.', 'Done.', 'Lee P…', 'Why?']);
});

test('a timeline entry says its label once, and shows what the staff member typed', () => {
  expect(entryText({ at: at(0), type: 'offer-skipped', detail: 'no offer sent: no email address is known' })).toBe('no email address is known');
  expect(entryText({ at: at(0), type: 'reclassified', detail: 'category complaint → threat', data: { reason: 'they threaten to \u202Esue', by: 's1' } })).toBe(
    'category complaint → threat — “they threaten to sue”',
  );
  expect(entryText({ at: at(0), type: 'resolved', detail: 'resolved by tom', data: { note: 'refunded' } })).toBe('by tom — “refunded”');
  expect(entryText({ at: at(0), type: 'page-sent', detail: 'pagers buzzed' })).toBe('pagers buzzed');
});

test('timeline entries read as an audit trail; the conversation holds the posts and replies with their words', () => {
  expect([entryLabel('post-joined'), entryLabel('business-replied'), entryLabel('sla-clock'), entryLabel('some-new_thing')]).toEqual([
    'Later post',
    'Reply from the business',
    'Response clock started',
    'Some new thing',
  ]);
  const talk = conversation([
    { at: at(-5), type: 'post', detail: 'mention on x: complaint, high', data: { text: 'where is my \u202Eparcel' } },
    { at: at(-4), type: 'page-sent', detail: 'paged Priya' },
    { at: at(-3), type: 'business-replied', detail: 'the business replied on x', data: { text: 'Sorry! DM us' } },
    { at: at(-2), type: 'post-deleted', detail: 'the customer deleted a mention on x' },
  ]);
  expect(talk).toEqual([
    { at: at(-5), who: 'customer', label: 'Post', text: 'where is my parcel' },
    { at: at(-3), who: 'business', label: 'Reply from the business', text: 'Sorry! DM us' },
    { at: at(-2), who: 'customer', label: 'Post deleted', text: 'the customer deleted a mention on x' },
  ]);
});
