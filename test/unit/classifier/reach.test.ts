/**
 * Urgency as docs/labels.md gives it: critical for threats, safety/health, security/fraud (read by the model) and for
 * grievances from high-reach authors (a hard fact); high, normal and low for calm posts. Reach thresholds come from
 * ClassifierConfig; echoes are the business's own words.
 */
import { ClassifierConfigSchema, DEFAULT_CLASSIFIER_CONFIG } from '../../../schemas/classification';
import { formatFollowers, reachOf } from '../../../lambdas/domain/classifier/reach';
import { judge, verdict } from './classifier-support';

/**
 * Posts the team wrote while building the rule-based classifier this model replaced, each with the verdict the label
 * rules give it: safety, health, security and fraud told many ways (critical), the same scary words used innocently,
 * and calm posts of each urgency. The model never trained on them, so they are a check of what it learned rather than
 * a pin of what it was told. The committed model gets 60 of these 67 right; its misses (brown tap water asked about
 * calmly read as a normal question; "The engineer never showed. Please ring me before 5" and an allergy question
 * before buying read as critical…) are the model card's "what it still gets wrong". A retrained model must not get
 * fewer right.
 */
const TEAM_WRITTEN: [text: string, want: string][] = [
  ['The charger you sold me melted and nearly set fire to my desk. Pictures attached.', 'critical'],
  ['The scooter battery caught fire in the hallway', 'critical'],
  ['smells like burning plastic whenever I use your toaster', 'critical'],
  ['The battery on the phone you replaced is swelling up and the case is bending. Is it going to explode?', 'critical'],
  ['my wife got an electric shock off the washing machine', 'critical'],
  ['your electrician left bare wires hanging out of the wall in my kids\' bedroom', 'critical'],
  ['there is water coming through my ceiling light fitting after your engineer\'s visit', 'critical'],
  ['there is a strong smell of gas in the flat since your engineer left', 'critical'],
  ['engineer left our gas hob on and walked out. house stank of gas', 'critical'],
  ['@BurgerBarn slipped on a wet floor with no sign in your Leeds branch and broke my wrist', 'critical'],
  ['the glass shelf in the fridge shattered and cut my hand', 'critical'],
  ['a lady fainted in your store and nobody helped', 'critical'],
  ['the strap snapped and my baby nearly fell out of the pram', 'critical'],
  ['the chicken I bought yesterday was off before the date and my partner is now really ill', 'critical'],
  ['Got food poisoning from your prawn sandwich, been throwing up all night', 'critical'],
  ['We all got diarrhoea after the buffet', 'critical'],
  ['I have been sick since eating your curry last night', 'critical'],
  ['My daughter had an allergic reaction after eating your "nut free" cookies.', 'critical'],
  ['your crisps said no nuts and my daughter is now covered in hives', 'critical'],
  ['Found a piece of plastic in my burger. Could have choked.', 'critical'],
  ['just bit into your sausage roll and there\'s a piece of blue plastic in it', 'critical'],
  ['There is mould in the bread I bought today', 'critical'],
  ['the water in the building is brown again, is it safe to drink?', 'critical'],
  ['opened a tin of your soup and it was bulging and fizzed', 'critical'],
  ['you have cut off my electricity and I have a disabled child on oxygen', 'critical'],
  ['this hot sauce from @FreshBasket is fire 🔥🔥', 'praise/low'],
  ['I am sick of waiting for someone to fix the leak outside my house', 'complaint/high'],
  ['I nearly died laughing at your advert 😂', 'other/low'],
  ['burning my money on this rubbish subscription', 'complaint/high'],
  ['Do your cookies contain nuts? My son has a nut allergy', 'question/normal'],
  ['is this suitable for sensitive skin?', 'question/normal'],
  ['The shoes fell apart within a week', 'complaint/high'],
  ['@AcmeMobile there\'s a £250 charge on my bill for calls I never made. I think my account was hacked', 'critical'],
  ['I have been locked out of my account and someone has been messaging my friends from it', 'critical'],
  ['received a password reset email I didn\'t ask for and now I\'m logged out everywhere', 'critical'],
  ['someone has added themselves as a user on my business account and I didn\'t invite them', 'critical'],
  ['got an email saying my password was changed. wasn\'t me. now I\'m locked out', 'critical'],
  ['There are 3 payments on my card I never made, £89.99 each', 'critical'],
  ['there\'s a transfer of £640 out of my account this morning that I did NOT make', 'critical'],
  ['strange purchases on my account from overnight, £300 of gift cards', 'critical'],
  ['Somebody ordered a phone on my account!!', 'critical'],
  ['I just got a bill for an account I never opened', 'critical'],
  ['@AcmeMobile someone ported my number out without my permission, I can\'t access my bank codes', 'critical'],
  ['I\'ve been scammed out of £2,000 and your fraud team won\'t answer the phone', 'critical'],
  ['my card details were stolen after I used your website', 'critical'],
  ['Your website is showing me someone else\'s name, address and order history when I log in', 'critical'],
  ['you sent my bank statement to the wrong address, my neighbour has it', 'critical'],
  ['I can see another company\'s files in my shared folder', 'critical'],
  ['@NorthBank how do I change my password in the app?', 'question/high'],
  ['I forgot my password and can\'t find the reset link, can you help?', 'question/high'],
  ['@CloudBox cant login, says my password is wrong but i just reset it', 'complaint/high'],
  ['this price rise is a total scam', 'complaint/high'],
  ['@AcmeMobile my contract ended in June and you\'re still billing me', 'complaint/high'],
  ['The engineer never showed. Please ring me before 5', 'complaint/high'],
  ['Can you reset my password?', 'question/high'],
  ['@AcmeMobile how do I update the direct debit details on my account?', 'question/high'],
  ['Can you tell me where my order is? Order #48213, placed Tuesday', 'question/high'],
  ['Can I still order for delivery this week? Need it for Saturday', 'question/high'],
  ['I\'d like to switch my family to the unlimited plan, 4 lines. Can someone call me?', 'question/high'],
  ['I want to buy the 65 inch TV in your window today, do you have one in stock I can collect?', 'question/high'],
  ['Are you open on Boxing Day?', 'question/normal'],
  ['Do you have a store in Cardiff?', 'question/normal'],
  ['@AcmeMobile what\'s the difference between the two 5G plans?', 'question/normal'],
  ['It would be great if you had more parking spaces', 'other/normal'],
  ['Thanks Priya for helping me carry everything to the car, so kind 🙏', 'praise/low'],
  ['Who else remembers when this was a bookshop?', 'other/low'],
  ['FREE followers fast!!! DM me now 🔥🔥', 'other/low'],
];

describe('team-written posts: critical, not critical, and each calm urgency', () => {
  it('at least 60 of 67 read as the label rules say (critical, or category/urgency)', () => {
    const misses = TEAM_WRITTEN.filter(([text, want]) => (want === 'critical' ? judge(text).urgency : verdict(text)) !== want);
    expect(TEAM_WRITTEN).toHaveLength(67);
    // On failure the misses are named, so a retrain that loses one says which.
    expect(TEAM_WRITTEN.length - misses.length >= 60 ? [] : misses.map(([text]) => text)).toEqual([]);
  });

  it('a critical post read by the model says so, with its evidence words', () => {
    const c = judge('Got food poisoning from your prawn sandwich, been throwing up all night');
    expect(c.urgency).toBe('critical');
    expect(c.reasons.find((r) => r.startsWith('critical: read by the model ('))).toMatch(/^critical: read by the model \(\d+%: [a-z]+/);
  });
});

describe('critical: every threat', () => {
  it('a threat from a small account is critical, with its ground', () => {
    const c = judge('@AcmeMobile reporting you to Ofcom and leaving reviews everywhere. Done with this.', { author: { id: 'u', followers: 48 } });
    expect(c).toMatchObject({ category: 'threat', urgency: 'critical' });
    expect(c.reasons).toContain('threat: taken to a regulator (Ofcom)');
  });
});

describe('reach from config', () => {
  const complaint = 'Have been loyal for 5 years and you just cancelled my delivery slot with no notice. Really disappointed.';

  it.each([
    [9_999, false, 'high', null],
    [10_000, false, 'critical', 'reach: 10k followers'],
    [254_000, false, 'critical', 'reach: 254k followers'],
    [31_000, true, 'critical', 'reach: 31k followers (verified)'],
    [12, true, 'critical', 'reach: verified author'],
  ])('a complaint from %i followers (verified %s) is %s', (followers, verified, urgency, reason) => {
    const c = judge(complaint, { author: { id: 'a', followers, verified } });
    expect(c.urgency).toBe(urgency);
    if (reason) expect(c.reasons).toContain(reason);
    else expect(c.reasons.some((r) => r.startsWith('reach:'))).toBe(false);
  });

  it('reads the threshold from the config', () => {
    const config = ClassifierConfigSchema.parse({ highReachFollowers: 500 });
    expect(judge(complaint, { author: { id: 'a', followers: 600 } }, config).urgency).toBe('critical');
    expect(judge(complaint, { author: { id: 'a', followers: 600 } }).urgency).toBe('high');
  });

  it('verified authors are ordinary when the config says so', () => {
    const config = ClassifierConfigSchema.parse({ verifiedIsHighReach: false });
    expect(judge(complaint, { author: { id: 'a', followers: 12, verified: true } }, config).urgency).toBe('high');
    expect(reachOf({ id: 'a', followers: 12, verified: true }, config)).toBeNull();
  });

  it('a missing follower count is no reach', () => {
    expect(judge(complaint, { author: { id: 'a' } }).urgency).toBe('high');
  });

  it.each([
    ['Shout out to the team who got my mum\'s phone working. Legends.', 'praise/low'],
    ['@ShopMart what time does the Oxford St store open tomorrow?', 'question/normal'],
    ["lol @QuickCart's ad on the tube this morning 😂", 'other/low'],
  ])('reach does not raise praise, questions or chatter: %s', (text, want) => {
    expect(verdict(text, { author: { id: 'a', followers: 250_000, verified: true } })).toBe(want);
  });

  it('formats follower counts for staff', () => {
    expect([999, 10_000, 10_500, 254_000, 1_200_000].map(formatFollowers)).toEqual(['999', '10k', '10.5k', '254k', '1.2M']);
    expect(DEFAULT_CLASSIFIER_CONFIG).toEqual({ highReachFollowers: 10_000, verifiedIsHighReach: true });
  });
});

describe('echo events', () => {
  it("the business's own reply is other/low, whatever it says", () => {
    const c = judge("We're so sorry your account was hacked, we'll call you about the fire at the store. Going to the press is not needed.", {
      isEcho: true,
      author: { id: 'brand', followers: 900_000, verified: true },
    });
    expect(c).toMatchObject({ category: 'other', urgency: 'low', reasons: ["echo: the business's own reply"] });
  });

  it('still redacts PII in an echo', () => {
    const c = judge('Please call us on 020 7946 0018', { isEcho: true, kind: 'comment' });
    expect(c.pii).toEqual(['phone']);
    expect(c.redactedText).not.toContain('7946');
  });
});
