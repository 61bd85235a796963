/**
 * The customer offer as an attacker would use it, on the local stack: an address typed in a private message makes the
 * brand email whoever it names, so such an email says nothing the author wrote and names nobody; each address gets
 * one offer per quiet window whoever names it; the stage sends at most OFFER_DAILY_CAP offers a day; and a quoted
 * post's links are never clickable, even in the warm email to a customer from the directory.
 */
import { facebookComment, genericDelivery, metaDelivery, post, whatsappDelivery } from '../helpers/deliveries';
import { eventually, linkCode, listedCase, readOutbox, staffApi, startStackWithPolicy, type TestStack } from '../helpers/local-stack';

// Emulator-backed and timing-dependent: generous limits for a loaded 2-core CI machine (waits end as soon as met).
jest.setTimeout(120_000);

let stack: TestStack;
const TOKEN = 'offer-abuse-test-token';
const DAILY_CAP = 5;
const DIRECTORY_AUTHOR = { platform: 'facebook', authorId: '6000000000000888', name: 'Sarah Mitchell', email: 'sarah.mitchell@example.net' };

beforeAll(async () => {
  stack = await startStackWithPolicy({
    token: TOKEN,
    tiers: [{ name: 'Duty lead', ackTimeoutSeconds: 60, contacts: [{ name: 'Priya Shah', phone: '+447700900101', email: 'priya@example.com' }] }],
    customers: [DIRECTORY_AUTHOR],
    env: { OFFER_DAILY_CAP: String(DAILY_CAP) },
  });
});
afterAll(async () => {
  await stack?.cleanup();
});

const api = staffApi(() => stack.url, TOKEN);
const outbox = () => readOutbox(stack.url);
const caseById = async (id: string) => (await api(`/api/cases/${id}`)).body;
/** Offer emails (to customers), as opposed to pages and notices to staff. */
const offers = async () => (await outbox()).email.filter((e) => e.subject.startsWith('About your'));
const offersTo = async (address: string) => (await offers()).filter((e) => e.to.some((t) => t.toLowerCase() === address.toLowerCase()));

/** A WhatsApp message from `waId`, whose profile name is `name`, as the Cloud API delivers it. */
const whatsappDm = (opts: { id: string; waId: string; name: string; text: string }) =>
  whatsappDelivery(opts.waId, opts.name, [{ id: `wamid.${opts.id}`, text: opts.text, timestamp: String(Math.floor(Date.now() / 1000)) }]);

/** The case of `authorId` once its offer was either sent or skipped (its timeline says which). */
async function offerOutcome(authorId: string): Promise<any> {
  const id = (await listedCase(api, (c) => c.author.id === authorId)).id;
  return eventually(() => caseById(id), (c) => c.offer?.state === 'sent' || c.timeline.some((t: { type: string }) => t.type === 'offer-skipped'));
}

const PHISH = 'My order never arrived and nobody answers the phone. URGENT your account is locked, verify now at https://acme-verify.example/login';

describe('an address typed in a private message', () => {
  it('gets an email with nothing the author wrote: no name in the greeting, no quote, no link from the post; nor does the offer page', async () => {
    await post(stack.url, metaDelivery(whatsappDm({ id: 'PHISH1', waId: '447700900301', name: 'Acme Security Team', text: `${PHISH}. Email me at victim@example.net` })));
    const sent = await eventually(() => offersTo('victim@example.net'), (o) => o.length === 1);
    const email = sent[0]!;
    for (const part of [email.subject, email.text, email.html]) {
      expect(part).not.toMatch(/Acme Security|URGENT|locked|verify now|acme-verify/i);
    }
    expect(email.text).toMatch(/^Hello,/);
    const code = linkCode(email.text, 'offer')!;
    const page = await (await fetch(`${stack.url}/offer/${code}`)).text();
    expect(page).toMatch(/value="phone"/);
    expect(page).not.toMatch(/Acme Security|URGENT|locked|verify now|acme-verify/i);
  });

  it('named again by another account, with another case and spelling, gets no second offer within the quiet window', async () => {
    await post(stack.url, metaDelivery(whatsappDm({ id: 'PHISH2', waId: '447700900302', name: 'Acme Billing', text: `${PHISH}. Write to Victim+care@Example.NET` })));
    const skipped = await offerOutcome('447700900302');
    expect(skipped.offer).toBeUndefined();
    expect(skipped.timeline.find((t: { type: string }) => t.type === 'offer-skipped').detail).toMatch(/this email address was offered/);
    expect(await offersTo('victim@example.net')).toHaveLength(1);
    expect(await offersTo('Victim+care@Example.NET')).toHaveLength(0);
  });
});

describe('one inbox named in many spellings, each from a new account', () => {
  it('a Unicode domain and its punycode spelling are one inbox, and no address is cut out of a word ("rg@bücher.de")', async () => {
    for (const [i, address] of ['jörg@bücher.de', 'jörg@xn--bcher-kva.de'].entries()) {
      const waId = `44770090050${i}`;
      await post(stack.url, metaDelivery(whatsappDm({ id: `IDN${i}`, waId, name: `Sender ${i}`, text: `Broken on arrival and nobody answers, I want a refund. Email me at ${address}` })));
      await offerOutcome(waId);
    }
    const toDomain = (await offers()).filter((e) => e.to.some((t) => /bücher\.de|xn--bcher-kva\.de/i.test(t)));
    // Whole addresses only, and at most one of the two spellings.
    expect(toDomain.length).toBeLessThanOrEqual(1);
    for (const e of toDomain) expect(e.to).toEqual([expect.stringMatching(/^jörg@/)]);
  });

  it('gets one offer: Gmail dots and googlemail.com, a +tag, a full-width @, a zero-width space, a trailing dot', async () => {
    const spellings = [
      'victim.two@gmail.com',
      'victimtwo@gmail.com',
      'v.i.c.t.i.m.t.w.o@gmail.com',
      'victim.two@googlemail.com',
      'VICTIM.TWO+a@GMAIL.COM',
      'victim.two@gm\u200bail.com',
      'victim.two@gmail.com.',
      'victim.two\uff20gmail.com',
    ];
    for (const [i, address] of spellings.entries()) {
      const waId = `44770090040${i}`;
      await post(stack.url, metaDelivery(whatsappDm({ id: `SPELL${i}`, waId, name: `Sender ${i}`, text: `Broken on arrival and nobody answers, I want a refund. Email me at ${address}` })));
      await offerOutcome(waId);
    }
    const toInbox = (await offers()).filter((e) => e.to.some((t) => /gm\u200b?ail\.com|googlemail\.com/i.test(t)));
    expect(toInbox).toHaveLength(1);
  });
});

describe('a customer from the directory', () => {
  it('gets the warm email, greeted by name and quoted, with every link in the quote broken', async () => {
    await post(
      stack.url,
      metaDelivery(facebookComment({ commentId: '88001', fromId: DIRECTORY_AUTHOR.authorId, text: 'Your store charged me twice for a delivery that never came, see https://evil.example/x and www.evil.example' })),
    );
    const [email] = await eventually(() => offersTo(DIRECTORY_AUTHOR.email), (o) => o.length === 1);
    expect(email!.text).toMatch(/^Hi Sarah,/);
    expect(email!.text).toContain('charged me twice');
    expect(email!.text).toContain('hxxps://evil[.]example/x');
    expect(email!.text).toContain('www[.]evil[.]example');
    for (const part of [email!.text, email!.html]) {
      expect(part).not.toMatch(/https?:\/\/evil|evil\.example|www\.evil/);
    }
    expect(email!.html).not.toMatch(/<a [^>]*evil/);
  });
});

describe('the daily cap', () => {
  it(`sends at most ${DAILY_CAP} offers a day in all; the next complaint's case says the limit was reached`, async () => {
    const before = (await offers()).length;
    expect(before).toBeLessThan(DAILY_CAP);
    let last: any;
    for (let i = 0; i <= DAILY_CAP - before; i++) {
      await post(
        stack.url,
        genericDelivery('reviews', {
          type: 'review.created',
          data: { id: `rev-cap-${i}`, text: 'Broken on arrival and still no refund after three weeks. Poor service.', author: { id: `rv-cap-${i}`, name: 'Kim', email: `kim${i}@example.net` }, createdAt: new Date().toISOString(), rating: 1 },
        }),
      );
      last = await offerOutcome(`rv-cap-${i}`);
    }
    expect(await offers()).toHaveLength(DAILY_CAP);
    expect(last.offer).toBeUndefined();
    expect(last.timeline.find((t: { type: string }) => t.type === 'offer-skipped').detail).toMatch(new RegExp(`daily limit of ${DAILY_CAP} offers`));
  });
});
