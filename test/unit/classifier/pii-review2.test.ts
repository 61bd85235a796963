import { contactEmailOf } from '../../../lambdas/domain/cases/rules';
import { detectPii, redactAuthor } from '../../../lambdas/domain/classifier/pii';
import { SocialEventSchema } from '../../../schemas/social-event';

/**
 * The second outside review of the PII detector (black-box, through the staff API, SMS, emails and the ack page):
 * card numbers with Unicode spaces, tabs, newlines, commas, slashes and mixed separators; card numbers glued to a
 * word; IBANs and National Insurance numbers written with dashes or dots; e-mail addresses with non-ASCII local parts
 * and domains. One block per finding, each tested both ways: what must be found whole, and the look-alikes that must
 * not be.
 */

const spans = (text: string) => detectPii(text).matches.map((m) => [m.type, text.slice(m.start, m.end)]);

describe('cards whose groups are separated by any Unicode space, a tab, a newline, commas or slashes', () => {
  it.each([
    ['thin space', 'card 4111\u20091111\u20091111\u20091111 declined', '4111\u20091111\u20091111\u20091111'],
    ['no-break space', 'card 4111\u00a01111\u00a01111\u00a01111 declined', '4111\u00a01111\u00a01111\u00a01111'],
    ['narrow no-break space', 'card 4111\u202f1111\u202f1111\u202f1111 declined', '4111\u202f1111\u202f1111\u202f1111'],
    ['figure space', 'card 4111\u20071111\u20071111\u20071111 declined', '4111\u20071111\u20071111\u20071111'],
    ['ideographic space', 'カード 4111\u30001111\u30001111\u30001111 です', '4111\u30001111\u30001111\u30001111'],
    ['hair space', 'card 4111\u200a1111\u200a1111\u200a1111 declined', '4111\u200a1111\u200a1111\u200a1111'],
    ['em space', 'card 5500\u20030055\u20035555\u20035559 declined', '5500\u20030055\u20035555\u20035559'],
    ['medium mathematical space', 'card 4111\u205f1111\u205f1111\u205f1111 declined', '4111\u205f1111\u205f1111\u205f1111'],
    ['ogham space mark', 'card 4111\u16801111\u16801111\u16801111 declined', '4111\u16801111\u16801111\u16801111'],
    ['tab', 'card 4111\t1111\t1111\t1111 declined', '4111\t1111\t1111\t1111'],
    ['newline', 'card\n4111\n1111\n1111\n1111\nthanks', '4111\n1111\n1111\n1111'],
    ['CRLF', 'card\r\n4111\r\n1111\r\n1111\r\n1111\r\nthanks', '4111\r\n1111\r\n1111\r\n1111'],
    ['line separator', 'card 4111\u20281111\u20281111\u20281111 ok', '4111\u20281111\u20281111\u20281111'],
    ['two spaces', 'card 4111  1111  1111  1111 declined', '4111  1111  1111  1111'],
    ['commas', 'card 4111,1111,1111,1111 declined', '4111,1111,1111,1111'],
    ['comma and space', 'card 4111, 1111, 1111, 1111 declined', '4111, 1111, 1111, 1111'],
    ['slashes', 'card 4111/1111/1111/1111 declined', '4111/1111/1111/1111'],
    ['spaced dashes', 'card 4111 - 1111 - 1111 - 1111 declined', '4111 - 1111 - 1111 - 1111'],
    ['em dashes', 'card 4111\u20141111\u20141111\u20141111 declined', '4111\u20141111\u20141111\u20141111'],
    ['full-width solidus', 'card 4111\uff0f1111\uff0f1111\uff0f1111 declined', '4111\uff0f1111\uff0f1111\uff0f1111'],
    ['mixed space, dash and dot', 'card 4111 1111-1111.1111 declined', '4111 1111-1111.1111'],
    ['mixed dot, dash and space', 'card 4111.1111-1111 1111 declined', '4111.1111-1111 1111'],
    ['mixed slash and comma', 'card 5500/0055,5555/5559 declined', '5500/0055,5555/5559'],
    ['mixed thin space and tab', '4111\u20091111\t1111\u00a01111', '4111\u20091111\t1111\u00a01111'],
    ['amex, mixed', 'amex 3782-822463 10005 declined', '3782-822463 10005'],
    ['19 digits, mixed', 'card 4111 1111-1111 1111 110 declined', '4111 1111-1111 1111 110'],
  ])('%s', (_name, text, card) => {
    expect(spans(text)).toEqual([['card', card]]);
    expect(detectPii(text).redactedText).toBe(text.replace(card, '[card]'));
  });

  it('never labels a slashed or mixed card as a phone, nor keeps its last group', () => {
    for (const text of ['4111/1111/1111/1111', '4111 1111-1111.1111', '4111  1111  1111  1111']) {
      const r = detectPii(`Contact ${text} now`);
      expect(r.types).toEqual(['card']);
      expect(r.redactedText).toBe('Contact [card] now');
    }
  });

  it.each([
    // Luhn fails, whatever the separators
    'card 4111\u20091111\u20091111\u20091112',
    'ids 4111,1111,1111,1112',
    // phone numbers one a line, or in a list: "415 555 0128 415" would pass Luhn as a 13-digit Visa, but a mix of
    // separators counts only on a card's printed layout (4-4-4-4...)
    'call 415 555 0128\n415 555 0199 or 415 555 0101',
    'numbers: 415 555 0128, 415 555 0175, 415 555 0101',
    // lists of years, prices, quantities
    'years 2019, 2020, 2021, 2022 and 2023',
    'We sold 1,299, 4,111, 1,111 and 1,111 units',
    'rooms 411/111/111/111 are closed',
    // dates and times with slashes and commas
    'on 12/06/2024, 13/06/2024 and 14/06/2024 at 10:30',
    // a labelled long number is one identifier, whatever its separators
    'tracking 9261\u20094111\u20091111\u20091111\u20091111\u20092 in transit',
  ])('not a card: %j', (text) => {
    expect(detectPii(text).types).not.toContain('card');
  });
});

describe('cards glued to a word', () => {
  it.each([
    ['account4111111111111111', 'account[card]'],
    ['card4111111111111111', 'card[card]'],
    ['no.4111111111111111', 'no.[card]'],
    ['x4111111111111111', 'x[card]'],
    ['ref4111111111111111end', 'ref[card]end'],
    ['My details: card4111111111111111, thanks', 'My details: card[card], thanks'],
    ['visa-4111111111111111', 'visa-[card]'],
    ['acct#5500005555555559', 'acct#[card]'],
    ['amex378282246310005!', 'amex[card]!'],
    ['Nº4111111111111111', 'Nº[card]'],
    ['card4111 1111 1111 1111', 'card[card]'],
    ['4111111111111111exp1226', '[card]exp1226'],
  ])('%s', (text, redacted) => {
    const r = detectPii(text);
    expect(r.types).toEqual(['card']);
    expect(r.redactedText).toBe(redacted);
  });

  it.each([
    // order and booking numbers: short, or not Luhn-valid card-length
    'order12345678 never arrived',
    'order4111111111111112 never arrived',
    'ORD-20240612-0043 was wrong',
    // tracking numbers
    'tracking 1Z999AA10123456784 delivered',
    'parcel JD014600006281231459 stuck',
    'Royal Mail AB123456789GB lost',
    'USPS 9400100000000000000000 in transit',
    'Amazon TBA123456789012 delayed',
    // IMEIs (15 digits, Luhn-valid by design)
    'IMEI356938035643809 blocked',
    'imei:490154203237518 stolen',
    // timestamps and snowflake ids
    'ts1718000000000 in the log',
    'id 1784512345678901234 tweet',
    'log at 1718000000123456 micro',
    // phone numbers glued to a word
    'tel07700900123 or mob+447700900123',
    // prices and dates glued to words
    'paid GBP1299.99 on 2024-06-12T10:30',
    'total€4111.11 on12/06/2024',
  ])('not a card: %j', (text) => {
    expect(detectPii(text).types).not.toContain('card');
  });
});

describe('IBANs written with dashes or dots, or glued to a word', () => {
  it.each([
    ['GB82-WEST-1234-5698-7654-32', '[bank]'],
    ['refund to GB82-WEST-1234-5698-7654-32 please', 'refund to [bank] please'],
    ['GB82.WEST.1234.5698.7654.32', '[bank]'],
    ['DE89-3704-0044-0532-0130-00.', '[bank].'],
    ['GB82\u2009WEST\u20091234\u20095698\u20097654\u200932', '[bank]'],
    ['GB82\u2011WEST\u20111234\u20115698\u20117654\u201132', '[bank]'],
    ['ibanGB82WEST12345698765432', 'iban[bank]'],
    ['GB82 WEST 1234 5698 7654 32X', '[bank]X'],
  ])('%s', (text, redacted) => {
    const r = detectPii(text);
    expect(r.types).toEqual(['bank']);
    expect(r.redactedText).toBe(redacted);
  });

  it.each([
    'GB28-NWBK-6016-1331-9268-19', // check digits wrong
    'XX82-WEST-1234-5698-7654-32', // no such country
    'part GB82-WEST-1234 only', // too short
    'model AB12-3456-7890 spare part',
  ])('not bank details: %j', (text) => {
    expect(detectPii(text).types).not.toContain('bank');
  });
});

describe('National Insurance numbers written with dashes or dots', () => {
  it.each([
    ['JG-10-37-42-B', '[national_id]'],
    ['JG.10.37.42.B', '[national_id]'],
    ['my NI is JG-103742-B.', 'my NI is [national_id].'],
    ['ni: jg.10.37.42.b thanks', 'ni: [national_id] thanks'],
    ['JG\u200910\u200937\u200942\u2009B', '[national_id]'],
    ['Bob JG-10-37-42-B', 'Bob [national_id]'],
  ])('%s', (text, redacted) => {
    const r = detectPii(text);
    expect(r.types).toEqual(['national_id']);
    expect(r.redactedText).toBe(redacted);
  });

  it.each([
    'QQ-12-34-56-C is the example', // Q never starts one
    'model AB-12-34-56-C', // labelled as something else
    'AB-12-34-56-E', // suffix A-D only
    'part no. AB.12.34.56.C', // labelled as something else
  ])('not a national id: %j', (text) => {
    expect(detectPii(text).types).not.toContain('national_id');
  });
});

describe('e-mail addresses with non-ASCII local parts and domains are redacted whole', () => {
  it.each([
    ['jörg@bücher.de', '[email]'],
    ['Contact jörg@bücher.de now', 'Contact [email] now'],
    ['mail: JÖRG@BÜCHER.DE!', 'mail: [email]!'],
    ['écrivez à françois.dupont@exemple.fr', 'écrivez à [email]'],
    ['Почта: иван@пример.рф, жду', 'Почта: [email], жду'],
    ['用户@例子.广告', '[email]'],
    ['jo\u0308rg@bu\u0308cher.de', '[email]'], // decomposed umlauts (combining marks)
    ['δοκιμή@παράδειγμα.δοκιμή ok', '[email] ok'],
    ['राम@डाकघर.भारत ठीक', '[email] ठीक'],
    ['メールはtaro.yamada@example.jpです', 'メールは[email]です'],
    ['Müller-Lüdenscheidt.Öl@straße.example.com.', '[email].'],
  ])('%s', (text, redacted) => {
    const r = detectPii(text);
    expect(r.types).toEqual(['email']);
    expect(r.redactedText).toBe(redacted);
  });

  it('finds the whole address, not its ASCII tail, so the offer goes to the address the customer gave', () => {
    expect(spans('Write to me at jörg@bücher.de please')).toEqual([['email', 'jörg@bücher.de']]);
    const at = '2026-11-23T10:00:00.000Z';
    const dm = SocialEventSchema.parse({
      id: 'whatsapp:wamid.1', platform: 'whatsapp', kind: 'dm', text: 'No refund yet. Write to me at jörg@bücher.de please',
      author: { id: '447700900123', name: 'Jörg' }, conversationId: 'whatsapp:447700900123', createdAt: at, receivedAt: at,
    });
    expect(contactEmailOf(dm)).toEqual({ email: 'jörg@bücher.de', source: 'dm' });
  });

  it.each([
    '@jörg and @bücher.de are handles', // no local part
    'jörg@ wrote this', // no domain
    'über@ alles',
    'Grüße aus München!',
  ])('not an e-mail: %j', (text) => {
    expect(detectPii(text).types).not.toContain('email');
  });
});

describe('the same values in an author display name', () => {
  it.each([
    ['Bob 4111\u20091111\u20091111\u20091111', 'Bob [card]'],
    ['Dana 4111\t1111\t1111\t1111', 'Dana [card]'],
    ['Bob GB82-WEST-1234-5698-7654-32', 'Bob [bank]'],
    ['Bob JG-10-37-42-B', 'Bob [national_id]'],
    ['jörg@bücher.de', '[email]'],
    ['card4111111111111111', 'card[card]'],
  ])('%j', (name, shown) => {
    const r = redactAuthor({ id: 'u1', name });
    expect(r.author.name).toBe(shown);
    expect(r.author.id).toBe('u1');
  });
});
