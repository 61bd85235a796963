import { clip, LIMITS } from '../../schemas/bounded';
/**
 * Hiding an author's own name in their post (lambdas/domain/author-mentions.ts): whole words only, any case, the
 * handle's '@' with it, and names of any length searched as plain strings (a regex compiled from a 20,000-character
 * display name does not even build).
 */
import { withoutAuthorMentions } from '../../lambdas/domain/author-mentions';
import { evidenceQuote } from '../../lambdas/domain/sla/crisis';

describe('withoutAuthorMentions', () => {
  it.each([
    ['Dana Reyes here, my order never came', ['Dana Reyes'], '[author] here, my order never came'],
    ['hey @dana_r and DANA_R and Dana_r', ['dana_r'], 'hey [author] and [author] and [author]'],
    ['@@dana_r twice', ['@dana_r'], '@[author] twice'],
    ['x@dana_r is an email-ish glue', ['dana_r'], 'x@[author] is an email-ish glue'],
    ['Danae and Dana_ and 2Dana are other words; Dana.', ['Dana'], 'Danae and Dana_ and 2Dana are other words; [author].'],
    ['Éloïse wrote to ÉLOÏSE', ['éloïse'], '[author] wrote to [author]'],
    ['İstanbul Kebab says hi', ['İstanbul Kebab'], '[author] says hi'],
    ['🙂Dana🙂 and 𝒟Dana', ['Dana'], '🙂[author]🙂 and 𝒟Dana'],
    ['Dana Dana', ['Dana'], '[author] [author]'],
    ['D is too short to hide', ['D'], 'D is too short to hide'],
    ['nothing to hide', [undefined, '', '  '], 'nothing to hide'],
    ['dan_p posted as Dan Price', ['dan_p', 'Dan Price'], '[author] posted as [author]'],
  ])('%s', (text, names, expected) => {
    expect(withoutAuthorMentions(text, names)).toBe(expected);
  });

  it('takes a 20,000-character name as plain text: no error, the mention hidden, the rest kept', () => {
    const name = 'Zed'.repeat(6_667);
    expect(withoutAuthorMentions(`${name} here: my charger caught fire`, [name])).toBe('[author] here: my charger caught fire');
    expect(withoutAuthorMentions('my charger caught fire', [name, `(${name}|.*)+$`])).toBe('my charger caught fire');
  });

  it('hides the whole of a name the intake shortened (its kept start ends in "…"), and nothing past its word', () => {
    const name = 'Zed'.repeat(6_667);
    const stored = clip(name, LIMITS.nameChars);
    expect(stored.endsWith('…')).toBe(true);
    expect(withoutAuthorMentions(`${name} here: my charger caught fire`, [stored])).toBe('[author] here: my charger caught fire');
    expect(withoutAuthorMentions('Hi Zedd, it is Zed here', [clip(`Zed ${'x'.repeat(300)}`, 20)])).toBe('Hi Zedd, it is Zed here');
    // Glued to a word, the long name is no mention (and its thousands of occurrences inside that word are each refused at once).
    expect(withoutAuthorMentions(`x${name} here: my charger caught fire`, [stored])).toBe(`x${name} here: my charger caught fire`);
    expect(withoutAuthorMentions(`@${name} here: my charger caught fire`, [`@${stored}`])).toBe('[author] here: my charger caught fire');
  });

  it('treats regex syntax in a name as the characters they are', () => {
    expect(withoutAuthorMentions('I am (a.*b) and aXXb', ['(a.*b)'])).toBe('I am [author] and aXXb');
    expect(withoutAuthorMentions('price $5 or $5?', ['$5'])).toBe('price [author] or [author]?');
  });

  describe('a display name cannot hide the words that make a post urgent', () => {
    const CRITICAL = 'My heater exploded and set the house on fire, calling my lawyer';

    // The outside review's names: each one hid words of the post in the pager SMS.
    it.each(['exploded and set the house on fire', 'fire', 'Fire', 'FIRE', 'the', 'lawyer', 'Lawyer', 'heater exploded', 'calling my lawyer', 'house on fire', 'on fire', 'my', 'a.', 'e', ' ', 'M'])(
      'name %j: the post is quoted whole',
      (name) => {
        expect(withoutAuthorMentions(CRITICAL, [name])).toBe(CRITICAL);
        expect(withoutAuthorMentions(CRITICAL, [`@${name}`])).toBe(CRITICAL);
      },
    );

    it('nor can a name made only of common words (function words, sentiment words) blank them out', () => {
      for (const [text, name] of [
        ['Worst service ever, I am so angry and disappointed', 'angry and disappointed'],
        ['This is the worst, not good at all', 'not good'],
        ['Still waiting for my refund after 3 weeks', '3 weeks'],
        ['Still waiting for my refund after 3 weeks', 'refund'],
        ['Someone hacked my account and stole my card', 'hacked my account'],
        ['My son had an allergic reaction to your bar', 'allergic reaction'],
      ]) {
        expect(withoutAuthorMentions(text!, [name])).toBe(text);
      }
    });

    it('an @mention of the handle is hidden whatever the handle; the bare word only when the handle could be a name', () => {
      expect(withoutAuthorMentions(`${CRITICAL}, ask @fire`, ['@fire'])).toBe(`${CRITICAL}, ask [author]`);
      expect(withoutAuthorMentions(`${CRITICAL}, ask @lawyer`, ['lawyer'])).toBe(`${CRITICAL}, ask [author]`);
    });

    it('still hides real names and handles, also in an urgent post', () => {
      expect(withoutAuthorMentions(`Dana Reyes here. ${CRITICAL}`, ['Dana Reyes'])).toBe(`[author] here. ${CRITICAL}`);
      expect(withoutAuthorMentions(`This is dan_p: ${CRITICAL}. Ask @DAN_P`, ['@dan_p'])).toBe(`This is [author]: ${CRITICAL}. Ask [author]`);
      expect(withoutAuthorMentions(`Priya here, ${CRITICAL}`, ['Priya'])).toBe(`[author] here, ${CRITICAL}`);
      expect(withoutAuthorMentions(`Joy Smith here, ${CRITICAL}`, ['Joy Smith'])).toBe(`[author] here, ${CRITICAL}`);
      expect(withoutAuthorMentions(`李明: ${CRITICAL}`, ['李明'])).toBe(`[author]: ${CRITICAL}`);
      expect(withoutAuthorMentions(`Mark O'Neill again. ${CRITICAL}`, ["Mark O'Neill"])).toBe(`[author] again. ${CRITICAL}`);
    });

    it('a name that reads as an urgent ground itself is not hidden (the name shows, the post stays whole)', () => {
      expect(withoutAuthorMentions(`Fire Smith here: ${CRITICAL}`, ['Fire Smith'])).toBe(`Fire Smith here: ${CRITICAL}`);
    });
  });

  it('is used by the crisis evidence too', () => {
    const name = 'Q'.repeat(20_000);
    expect(evidenceQuote(`${name} my order never came`, { name })).toBe('[author] my order never came');
  });
});
