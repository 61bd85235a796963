/**
 * The cases keyword matching gets wrong unless it is built for them: sarcasm, negation, emoji, shouting, slang and
 * typos, hashtags/@mentions/URLs, and long waits stated without a single sentiment word. Plus the normaliser that
 * makes them matchable.
 */
import { normaliseText } from '../../../lambdas/domain/classifier/normalise';
import { judge, verdict } from './classifier-support';

describe('sarcasm', () => {
  it.each([
    ['oh brilliant, @AcmeMobile charged me a roaming fee for being at home. genius 👏'],
    ['wow thanks for cancelling my flight 2 hours before boarding, really appreciate it 🙄'],
    ['love how @SkyLinkTel\'s "superfast" broadband can\'t load a single email 👏👏'],
    ['@ThreadsCo Great. Ordered a medium, got an XXL. Again.'],
    ['@NorthBank just love being locked out of online banking every time you do an "update". 10/10'],
    ['The "24 hour" delivery took 6 days. Nice one.'],
    ['So @StyleHub\'s "next day delivery" means next week apparently 🤷'],
    ['Perfect. Just perfect. Another missed delivery.'],
    ['yeah cheers for leaving the bathroom half finished and not answering the phone. top work'],
  ])('%s', (text) => {
    const c = judge(text);
    expect(c.category).toBe('complaint');
    expect(c.sentiment).toBe('negative');
    expect(c.reasons).toContain('sentiment: sarcasm');
  });

  it('sincere praise with the same words is praise', () => {
    const c = judge('Great service, thanks for sorting it so quickly 👏');
    expect(c.category).toBe('praise');
    expect(c.reasons).not.toContain('sentiment: sarcasm');
  });
});

describe('negation', () => {
  it.each([
    ["didn't expect much but honestly it's not bad at all", 'praise'],
    ["Can't fault them.", 'praise'],
    ['No complaints here, delivery was early', 'praise'],
    ["couldn't be happier with my new phone", 'praise'],
    ["cheers for sorting my refund so fast, wasn't expecting that", 'praise'],
    ['You never disappoint!', 'praise'],
    ['Not happy.', 'complaint'],
    ['not impressed at all with the new update', 'complaint'],
    ["wasn't impressed with the new menu tbh", 'complaint'],
    ['not great when your "24/7 support" chat closes at 8pm', 'complaint'],
    ['Would not recommend', 'complaint'],
    ['nobody helped me at the desk', 'complaint'],
  ])('%s → %s', (text, category) => {
    expect(judge(text).category).toBe(category);
  });
});

describe('emoji', () => {
  it.each([
    ['😂😂', 'other/low'],
    ['love love love this collab 😍', 'praise/low'],
    ['THANK YOU SO MUCH!!! the cake was perfect 🎂❤️', 'praise/low'],
    ['Ordered a king size, got a double 🙃', 'complaint/high'],
    ['not impressed with the new update 👎', 'complaint/high'],
    ['the bread was fire 🔥🔥', 'praise/low'],
    ['The scooter battery caught fire 🔥 in the hallway', 'complaint/critical'],
  ])('%s → %s', (text, want) => {
    expect(verdict(text)).toBe(want);
  });
});

describe('shouting', () => {
  it('a shouted grievance is a complaint and says so', () => {
    const c = judge('@QuickCart WHERE IS MY PARCEL');
    expect(c.category).toBe('complaint');
    expect(c.reasons).toContain('sentiment: shouting');
  });

  it.each([
    ['ABSOLUTELY DISGUSTED WITH YOUR SERVICE', 'complaint/high'],
    ['@StreamBoxApp SERIOUSLY?? PRICE UP AGAIN???', 'complaint/high'],
    ['THANK YOU SO MUCH!!!', 'praise/low'],
    ['FREE followers fast!!! DM me now', 'other/low'],
  ])('%s → %s', (text, want) => {
    expect(verdict(text)).toBe(want);
  });
});

describe('slang and typos', () => {
  it.each([
    ['ur app is sooooo slow smh @StreamBoxApp', 'complaint/high'],
    ['worst custmer srvice ever, nobody picks up the phone', 'complaint/high'],
    ['@PowerGridEnergy wtf is this bill?? £480 for a one bed flat', 'complaint/high'],
    ['cant login for 2 days now', 'complaint/high'],
    ['thx for the quick reply, sorted 👍', 'praise/low'],
    ['gr8 service as always ty', 'praise/low'],
    ['ngl delivery was faster than I expected 👌', 'praise/low'],
    ['hey do u deliver on sundays', 'question/normal'],
  ])('%s → %s', (text, want) => {
    expect(verdict(text)).toBe(want);
  });
});

describe('hashtags, @mentions and URLs', () => {
  it.each([
    ['@StreamBoxApp app keeps crashing every time i open a show. #fail', 'complaint/high'],
    ['@FlyBrightAir stuck at gate 14 for 3 hours with zero updates #delayed #NeverAgain', 'complaint/high'],
    ['#customerservicefail', 'complaint/high'],
    ['#shoutout to the team at @PastaPiazza for a fab birthday dinner', 'praise/low'],
    ['@SkyLinkTel day 9 without internet https://t.co/a8Kd02', 'complaint/high'],
    ['@jess_mcd look at this 👀', 'other/low'],
    ['https://t.co/abc123', 'other/low'],
  ])('%s → %s', (text, want) => {
    expect(verdict(text)).toBe(want);
  });

  it('a brand handle that contains a safety word is not a safety report', () => {
    expect(verdict('@FireStoneTyres @GasWorksCafe thanks for a great day out')).toBe('praise/low');
  });
});

describe('long waits without sentiment words', () => {
  it.each([
    ['Two weeks and still no refund', 'long wait (two weeks)'],
    ['@AcmeMobile ordered a phone on Monday, dispatched status for 4 days, no tracking number', 'long wait (4 days)'],
    ['@SkyLinkTel been on hold for 55 mins and counting', 'long wait (55 minutes)'],
    ['@SkyLinkTel day 9 without internet', 'long wait (day 9)'],
    ['I have been waiting in since 8am for this delivery', 'long wait (since 8am)'],
    ['Paid for next day delivery, it came 5 days later', 'long wait (5 days)'],
  ])('%s', (text, reason) => {
    const c = judge(text);
    expect(c).toMatchObject({ category: 'complaint', urgency: 'high' });
    expect(c.reasons).toContain(`complaint: ${reason}`);
  });

  it.each([
    ['@ClearWaterUtil engineers were out within the hour and fixed the burst pipe, top job', 'praise/low'],
    ['No complaints, delivery came a day early', 'praise/low'],
    ['We have been customers for 5 years and love it', 'praise/low'],
    ['Are you open 24 hours on Saturday?', 'question/normal'],
  ])('a duration that is no wait: %s', (text, want) => {
    expect(verdict(text)).toBe(want);
  });
});

describe('normaliseText', () => {
  it('lower-cases, strips URLs and mentions, splits hashtags and expands contractions', () => {
    const n = normaliseText("@AcmeMobile I can't BELIEVE this #NeverAgain #customerservicefail https://t.co/x1");
    expect(n.text).toBe('i can not believe this never again . customer service fail .');
    expect(n.mentions).toEqual(['acmemobile']);
    expect(n.hashtagWords).toEqual(['never again', 'customer service fail']);
    expect(n.hasUrl).toBe(true);
  });

  it('squeezes stretched words and fixes slang and typos', () => {
    expect(normaliseText('soooo slooooow pleaseeee, ur srvice is terible').text).toBe('so slow please, your service is terrible');
    expect(normaliseText('hahahaha thx').text).toBe('lol thanks');
  });

  it('turns emoji into kinds and notices shouting, scare quotes and tag-only posts', () => {
    const n = normaliseText('WHERE IS MY PARCEL 😡 the "next day" option');
    expect(n.shouting).toBe(true);
    expect(n.emoji.negative).toBe(1);
    expect(n.scareQuotes).toBe(true);
    expect(n.text).toContain('emj_negative');
    expect(normaliseText('@a @b 😂').noWords).toBe(true);
    expect(normaliseText('the FCA and the BBC').shouting).toBe(false);
  });

  it('reads "Which?" as the consumer magazine, not the end of a question', () => {
    expect(normaliseText('I wrote to Which? and my MP').text).toBe('i wrote to which magazine and my mp');
  });
});
