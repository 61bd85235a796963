/**
 * The second outside review of PII redaction, replayed on the local stack the way it was found: card numbers with
 * Unicode spaces, tabs, newlines, commas, slashes and mixed separators or glued to a word, IBANs and National
 * Insurance numbers with dashes or dots, and an internationalised e-mail address, in critical posts and in their
 * authors' display names, and typed by staff into a response note. None of it may show raw in the staff API, the
 * SMS and emails the on-call people get, or the /ack page; and the offer for a private message goes to the whole
 * internationalised address, not to its ASCII tail.
 */
import { facebookComment, genericDelivery, metaDelivery, post, whatsappDelivery, xDelivery, xMention } from '../helpers/deliveries';
import { eventually, linkCode, listedCase, readOutbox, smsFor, staffApi, startStackWithPolicy, type TestStack } from '../helpers/local-stack';

// Emulator-backed and timing-dependent: generous limits for a loaded 2-core CI machine (waits end as soon as met).
jest.setTimeout(120_000);

const TOKEN = 'pii-redaction-test-staff-token';
const TIER1 = [{ name: 'Priya Shah', phone: '+447700900101', email: 'priya@example.com' }];

/** What the review found shown raw; each must come out redacted wherever it appears. */
const VALUES = {
  cardThin: '4111\u20091111\u20091111\u20091111',
  cardNbsp: '4111\u00a01111\u00a01111\u00a01111',
  cardNarrowNbsp: '4111\u202f1111\u202f1111\u202f1111',
  cardFigure: '4111\u20071111\u20071111\u20071111',
  cardIdeographic: '4111\u30001111\u30001111\u30001111',
  cardTab: '4111\t1111\t1111\t1111',
  cardNewline: '4111\n1111\n1111\n1111',
  cardComma: '4111,1111,1111,1111',
  cardSlash: '4111/1111/1111/1111',
  cardMixed: '4111 1111-1111.1111',
  cardAccount: 'account4111111111111111',
  cardCard: 'card4111111111111111',
  cardNo: 'no.4111111111111111',
  cardX: 'x4111111111111111',
  iban: 'GB82-WEST-1234-5698-7654-32',
  niDash: 'JG-10-37-42-B',
  niDot: 'JG.10.37.42.B',
  email: 'jörg@bücher.de',
};

/**
 * Any trace of the values: a card's digits in any spacing (also a last group left behind, "[phone]/1111"), the
 * IBAN's groups, the NI number's digits, any part of the e-mail address.
 */
const LEAK = /4111|(?<![\p{L}\p{N}_-])1111(?![\p{N}])|GB82|WEST|5698|7654|JG\W{0,2}10\W{0,2}37|bücher|jörg|rg@/iu;
const leakIn = (text: string) => LEAK.exec(text)?.[0];

/** The values in a display name, a few at a time (a name is shortened at intake past 200 characters). */
const NAMES = {
  x: `Bob ${VALUES.cardThin} ${VALUES.niDash}`,
  facebook: `Dana ${VALUES.iban} ${VALUES.cardTab}`,
  review: `Ann ${VALUES.email} ${VALUES.niDot} ${VALUES.cardX}`,
};
const critical = (values: string[]) => `Your heater caught fire and burned my hand, I'm going to the press. Contact ${values.join(' / ')} now`;

let stack: TestStack;

beforeAll(async () => {
  stack = await startStackWithPolicy({ token: TOKEN, tiers: [{ name: 'Duty lead', ackTimeoutSeconds: 60, contacts: TIER1 }] });
});
afterAll(async () => {
  await stack?.cleanup();
});

const api = staffApi(() => stack.url, TOKEN);
const outbox = () => readOutbox(stack.url);

describe('card numbers, IBANs, NI numbers and IDN e-mail addresses in posts and display names', () => {
  it('never show raw in the staff API, the SMS, the emails or the ack page', async () => {
    const all = Object.values(VALUES);
    const half = Math.ceil(all.length / 2);

    const x = xMention({ id: '9101', userId: 'pii2-x', text: `@AcmeSupport ${critical(all.slice(0, half))}` });
    x.tweet_create_events[0]!.user.name = NAMES.x;
    expect((await post(stack.url, xDelivery(x))).status).toBe(200);

    const fb = facebookComment({ commentId: '910200000000001', fromId: '6000000000009102', text: critical(all.slice(half)) });
    fb.entry[0]!.changes[0]!.value.from.name = NAMES.facebook;
    expect((await post(stack.url, metaDelivery(fb))).status).toBe(200);

    const review = { id: 'rev-9103', text: critical(all), author: { id: 'pii2-review', name: NAMES.review }, createdAt: new Date().toISOString(), rating: 1 };
    expect((await post(stack.url, genericDelivery('reviews', { type: 'review.created', data: review }))).status).toBe(200);

    const ids = [
      (await listedCase(api, (c) => c.author.id === 'pii2-x')).id as string,
      (await listedCase(api, (c) => c.author.id === '6000000000009102')).id as string,
      (await listedCase(api, (c) => c.author.id === 'pii2-review')).id as string,
    ];

    // Every case pages the on-call contact by SMS and email; the SMS carries the ack link.
    const paged = await eventually(outbox, (o) => ids.every((id) => smsFor(o, id).length > 0 && o.email.some((e) => e.text.includes(id))));

    // A staff member records a response, typing the same values into the note.
    const noted = await fetch(`${stack.url}/api/cases/${ids[0]}/responded`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ channel: 'x reply', note: `card ${VALUES.cardTab} iban ${VALUES.iban} ni ${VALUES.niDash} mail ${VALUES.email}` }),
    });
    expect(noted.status).toBe(200);

    /** [where, what people see there] for every place the review looked. */
    const shown: [string, string][] = [];
    const list = (await api('/api/cases?status=all&limit=500')).body.items.filter((c: { id: string }) => ids.includes(c.id));
    expect(list).toHaveLength(3);
    shown.push(['staff API list', JSON.stringify(list)]);
    for (const id of ids) {
      shown.push([`staff API case ${id}`, JSON.stringify((await api(`/api/cases/${id}`)).body)]);
      for (const sms of smsFor(paged, id)) {
        shown.push([`SMS for ${id}`, sms.body]);
        const page = await fetch(`${stack.url}/ack/${linkCode(sms.body, 'ack')!}`);
        expect(page.status).toBe(200);
        shown.push([`ack page for ${id}`, await page.text()]);
      }
      for (const e of paged.email.filter((m) => m.text.includes(id))) shown.push([`email for ${id}`, `${e.subject}\n${e.text}\n${e.html}`]);
    }
    const at = (where: string) => shown.filter(([w]) => w === where).map(([, text]) => text).join('\n');

    // Not vacuous: the redacted values are there, labelled, in each place people read them.
    expect(at('staff API list')).toContain('Bob [card] [national_id]');
    expect(at('staff API list')).toContain('Dana [bank] [card]');
    expect(at('staff API list')).toContain('Ann [email] [national_id] x[card]');
    expect(at(`staff API case ${ids[0]}`)).toContain('card [card] iban [bank] ni [national_id] mail [email]');
    expect(at(`ack page for ${ids[1]}`)).toContain('Dana [bank] [card]');
    expect(at(`email for ${ids[2]}`)).toContain('Ann [email] [national_id] x[card]');
    for (const id of ids) for (const where of ['SMS', 'ack page', 'email']) expect(at(`${where} for ${id}`)).not.toBe('');

    const leaks = shown.flatMap(([where, text]) => (leakIn(text) ? [`${where}: ${leakIn(text)}`] : []));
    expect(leaks).toEqual([]);
  });

  it('offers help to the whole internationalised address a customer gives in a private message', async () => {
    const dm = whatsappDelivery('447700900777', 'J. Weber', [{ id: 'wamid.PII2IDN0001', text: `My parcel never came and nobody answers. Write to me at ${VALUES.email}` }]);
    expect((await post(stack.url, metaDelivery(dm))).status).toBe(200);
    const o = await eventually(outbox, (box) => box.email.some((e) => e.to.some((to) => to.endsWith('@bücher.de'))));
    const recipients = o.email.flatMap((e) => e.to).filter((to) => to.endsWith('@bücher.de'));
    expect(new Set(recipients)).toEqual(new Set([VALUES.email]));
    // … and the case shows it redacted
    const c = await listedCase(api, (item) => item.author.id === '447700900777');
    expect(leakIn(JSON.stringify((await api(`/api/cases/${c.id}`)).body))).toBeUndefined();
  });
});
