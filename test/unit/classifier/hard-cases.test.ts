/**
 * The cases keyword matching gets wrong unless it is built for them: sarcasm, negation, emoji, shouting, slang and
 * typos, hashtags/@mentions/URLs, and long waits stated without a single sentiment word. Plus the normaliser that
 * makes them matchable.
 */
import { normaliseText } from '../../../lambdas/domain/classifier/normalise';
import { closedGateMatches } from '../../../lambdas/domain/classifier/signals';
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

/*
 * Mechanisms added after the first blind set (blind-e) showed what keyword lists miss. Every sentence below is new —
 * written for these tests, not taken from any labelled set — so they check the mechanism, not a memorised post.
 */
describe('threats without "press" or "lawyer"', () => {
  it.each([
    // content made about the business
    ['Filming the state of this flat and putting it on YouTube tonight, tag yourselves'],
    ["I've started a thread about how you treated my mum, it's already at 2k retweets"],
    ['doing a whole TikTok series on your "customer service" starting tomorrow'],
    ["Keep ignoring me and I'll keep posting videos exposing this place"],
    ["Every comment you hide I'm reposting on Reddit with the screenshots"],
    ['my video about your refund policy has 40k views already and counting'],
    // consumer TV, radio and journalists, by kind
    ['I am emailing the consumer desk at the Herald first thing tomorrow'],
    ["My sister works as a journalist for the Evening Post and she'd love a story about this"],
    ['Texted the breakfast show producer, they want me on the phone-in Monday'],
    ["I've sent the whole email chain to the BBC consumer team"],
    // review-bombing and mobilising others
    ['going to get every parent in the school group to leave you a one star review until you refund us'],
    ["I'm going to make sure every mum in the local Facebook group knows what you did"],
    // regulators by kind, in any market
    ["Already rang the consumer affairs department and they're opening a file on you"],
    ['Complaint lodged with the Telecommunications Ombudsman this morning'],
    ['Reported you to the Competition Commission, enjoy'],
    ["I'm contacting Fair Trading about the deposit you refuse to return"],
    ["I'm writing to the consumer protection agency about your hidden fees"],
    ['you have until 5pm Friday before this goes to the energy ombudsman'],
    ['already drafted my complaint to the Information Commissioner'],
    // legal routes named without "lawyer"
    ['I have filed a case in the consumer forum, you will receive the notice'],
    ['Sending a legal notice to your head office tomorrow'],
    ["we'll be taking you to small claims if the deposit isn't back by Friday"],
    ["expect a claim form through the post, I'm done asking nicely"],
    ["You'll be hearing from my advocate regarding the defective fridge"],
    ['Spoke to a lawyer today, he says I have a strong case'],
  ])('%s', (text) => {
    const c = judge(text);
    expect(c.category).toBe('threat');
    expect(c.urgency).toBe('critical');
  });

  it.each([
    ['my husband is a journalist, do you offer press passes for the launch?', 'question/normal'],
    ['is the story on your website about the new store true?', 'question/normal'],
    ['do you have a radio show sponsorship?', 'question/normal'],
    ["my cousin works for your company and says you're a great employer", 'praise/low'],
    ["you've got till Friday to get 20% off, love this deal 😍", 'praise/low'],
    ['this video of your dog mascot made my day lol', 'other/low'],
  ])('media words without an announced consequence are no threat: %s', (text, want) => {
    expect(verdict(text)).toBe(want);
  });
});

describe('safety and health told by events and symptoms', () => {
  it.each([
    ['injury', 'my son tripped on the loose carpet at your cinema and split his lip open'],
    ['injury', 'Slipped on spilled oil in aisle 4, landed flat on my back, still sore'],
    ['injury', 'my mum banged her head on the low beam in your restaurant toilets, huge lump'],
    ['injury', 'the oven door came off in my hand and the hot tray landed on my foot'],
    ['injury', 'my daughter needed stitches after the swing seat snapped'],
    ['injury', 'the glass door on the shower shattered while I was in it, cuts all over my legs'],
    ['illness', 'three of us have been up all night vomiting after your takeaway'],
    ['illness', 'both kids sick since lunch at your place yesterday'],
    ["illness", "I couldn't keep anything down for two days after the chicken wrap"],
    ['illness', 'he felt dizzy and faint after the new tablets you gave him'],
    ['medication error', "the pharmacy gave my nan 20mg instead of 2mg, she's been drowsy all day"],
    ['medication error', 'you dispensed the wrong strength of insulin for my son'],
    ['medication error', "got home and found someone else's prescription in my bag from your chemist"],
    ['vehicle safety', "the hire car's steering locked up on a roundabout"],
    ['vehicle safety', 'brakes went spongy on the motorway two days after your service'],
    ['vehicle safety', 'tyre blew out on the A1 the day after you fitted it'],
    ['product failure with a person at risk', 'pushchair folded in on itself with my 8 month old inside'],
    ['product failure with a person at risk', 'the ladder you sold me buckled while my husband was on it'],
    ['product failure with a person at risk', 'the wardrobe fell onto my son while he was opening it'],
    ['electrical hazard', 'the extension lead was sparking and there was a burning smell'],
    ['allergic reaction', 'my face came up in a rash after the new moisturiser'],
  ])('%s: %s', (kind, text) => {
    const c = judge(text);
    expect(c.urgency).toBe('critical');
    expect(c.reasons).toContain(`safety: ${kind}`);
  });

  it.each([
    ["I'd kill for one of your burritos right now", 'praise/low'],
    ['this burger is fire 🔥', 'praise/low'],
    ['you lot are killing it with the new menu', 'praise/low'],
    ['hotel room stank of smoke and the bed was unmade', 'complaint/high'],
    ['banging my head against a wall trying to get through to you', 'complaint/high'],
    ['went flying through my checklist today thanks to your new planner app', 'praise/low'],
    ['the suitcase wheel came off on the way to the airport', 'complaint/high'],
    ['the handle came off the mug after one wash', 'complaint/high'],
    ['I was confused by the bill, can someone explain the extra charge?', 'complaint/high'],
    ['survived the school run with this buggy, best purchase', 'praise/low'],
  ])('alarming words that are not a hazard stay calm: %s', (text, want) => {
    expect(verdict(text)).toBe(want);
  });

  it('hyperbole about food enjoyed is no injury', () => {
    expect(judge('the spicy wings nearly killed me but worth it 🔥😂').urgency).not.toBe('critical');
  });
});

describe('security and fraud told by what happened', () => {
  it.each([
    ["my card was used in Lagos this morning, I've never left Leeds"],
    ['there is a login from Germany on my account and I was asleep at the time'],
    ['someone has changed the email on my account without me knowing'],
    ["two purchases on my account I didn't authorise, shipping to an address I don't know"],
    ['getting texts pretending to be from you asking me to pay a customs fee'],
    ["clicked a link in an email 'from HomeBank' and now £900 has gone from my savings"],
    ['my SIM was deactivated and someone ported it, I never asked for that'],
    ["your email had another customer's bank statement attached"],
    ['fake Instagram page using your logo is messaging people about a giveaway'],
    ['account drained overnight, £2,300 gone to some crypto exchange'],
    ['someone keeps trying to reset my password, I get a code every hour'],
    ["your website showed me another person's booking with their passport number"],
  ])('%s', (text) => {
    expect(judge(text).urgency).toBe('critical');
  });

  it.each([
    ["I'm in Leeds and the delivery was sent to your Manchester depot by mistake", 'complaint/high'],
    ['account charged twice in error', 'complaint/high'],
  ])('a wrong address or a double charge is no breach: %s', (text, want) => {
    expect(verdict(text)).toBe(want);
  });
});

describe('faults stated as bare facts: a transaction and a sign it did not happen', () => {
  it.each([
    ['renewed the membership on Monday, the gym app still shows expired'],
    ['topped up £20 yesterday, balance still says zero'],
    ["paid for express shipping, tracking still says label created"],
    ['ordered 3 chairs, only 2 turned up'],
    ["booked a table for 8pm, it's 8:45 and we're still stood at the door"],
    ['I booked the 10am slot, the engineer rolled up at 4pm'],
    ['the quote was £95, the final bill came to £160'],
    ['my broadband bill went from £28 to £45 with no letter'],
    ['data allowance ran out within a week and I mostly use wifi'],
    ['gift card bought in store shows £0 balance'],
    ['you delivered the double duvet instead of the king I paid for'],
    ['I was charged for the premium plan but my account still says basic'],
    ['paid the deposit in March, no sign of the contract'],
    ["bought the DLC and it's not in my library"],
  ])('%s', (text) => {
    expect(verdict(text)).toBe('complaint/high');
  });

  it.each([
    ['queueing here like it\'s a festival lol', 'other/low'],
    ['nice pic', 'other/low'],
    ['who else remembers the old logo?', 'other/low'],
    ['can the parcel be sent to my office instead of home?', 'question/high'],
    ['is the 2 year warranty included or extra?', 'question/normal'],
    ['can I still return something bought in the sale?', 'question/normal'],
  ])('chatter and plain questions stay what they are: %s', (text, want) => {
    expect(verdict(text)).toBe(want);
  });
});

describe('questions and statements that report a problem are complaints', () => {
  it.each([
    ['the app kicks me out every time I open my statements'],
    ['since the latest update the sound cuts out every few minutes'],
    ['paying £15 a month for this?'],
    ['honestly expected more for £60'],
    ["expected better from a brand I've used for 10 years"],
    ['was told it was waterproof and it leaked the first time I wore it'],
    ['something is definitely off with my meter readings, please check'],
    ['the room was meant to be sea view and we got the car park. can you move us or what?'],
    ['I need this corrected before my flight, the booking has my name wrong'],
    ['why do I have to re-enter my card every single time'],
  ])('%s', (text) => {
    expect(verdict(text)).toBe('complaint/high');
  });
});

describe('praise idioms and negated expectations', () => {
  it.each([
    ['genuinely no notes, the jacket is perfect'],
    ['the mascara survived a full day at the beach'],
    ["wasn't sure the cheap pan would last but it's been going strong for a year"],
    ["food was at my door before I'd even set the table"],
    ['all grand, engineer was in and out in 20 mins'],
    ['you guys dey try, well done'],
    ['had my doubts about the budget tent but it held up through a storm'],
    ["thought the delivery would take ages but it came next day, impressed"],
    ['Staff were grand and the room was spotless'],
  ])('%s', (text) => {
    expect(verdict(text)).toBe('praise/low');
  });
});

describe('ready-to-buy and account-change questions are high', () => {
  it.each([
    ['want to pick one up on my lunch break, is the blue one in stock at Camden?'],
    ['can I add my partner to our joint account online?'],
    ['how do I update the surname on my policy after getting married?'],
    ["I'd like to add 3 more users to our plan, who do I speak to?"],
    ['if I sign up this weekend do I get the free router?'],
    ['how do I remove my late husband from our account?'],
    ['I want to order 40 units for our office today, can you invoice us?'],
  ])('%s', (text) => {
    expect(verdict(text)).toBe('question/high');
  });
});

describe('word gates', () => {
  // A gated family only runs when the post holds one of its trigger words; a gate missing a word would silently
  // drop a phrasing. Every sentence in these tests must reach every family whose pattern it matches.
  it('never close on a phrasing their family matches', () => {
    const texts = [
      'the pharmacy gave my nan 20mg instead of 2mg, she is been drowsy all day',
      'the car cut out on the M6 doing 70',
      'my dad has been lightheaded and confused since the new pills',
      "Every comment you hide I'm reposting on Reddit with the screenshots",
      'you have until 5pm Friday before this goes to the energy ombudsman',
      'I have filed a case in the consumer forum',
      'getting all my sisters to leave one star reviews until you refund me',
      "clicked a link in an email 'from HomeBank' and now £900 has been taken from my savings",
      'una do well, the jollof was sweet',
    ];
    for (const t of texts) expect([t, closedGateMatches(t)]).toEqual([t, []]);
  });
});

/**
 * Mechanisms added after blind set F's misses (each with new sentences, none of F's): content threats in new forms,
 * regulators by acronym or by form, a relative in the media; safety told as events (wheels, impaired drivers, a
 * buggy that will not hold); impersonation and identity fraud; bare-fact complaints (expectation against outcome,
 * idioms, "did not reflect", "still charged"); praise idioms; ready-to-buy requests.
 */
const BLIND_F_MECHANISMS: [string, string][] = [
  // Threats: going live with receipts, a forum that will love this, audience size with a demand.
  ["going live on tiktok tomorrow with every one of the screenshots unless someone calls me", 'threat/critical'],
  ['doing a livestream on youtube friday, bringing all the receipts about your "guarantee"', 'threat/critical'],
  ['r/LegalAdviceUK is going to have a field day with this letter you sent me', 'threat/critical'],
  ['Mumsnet is going to love hearing how you treat new mums', 'threat/critical'],
  ["I've got 120k subscribers on youtube. sort this by friday or it goes in the next upload", 'threat/critical'],
  ['your shop will be the topic of my next vlog, still no refund after 6 weeks', 'threat/critical'],
  // Regulators by acronym, or by the form of their name, with a filing verb.
  ['the "100% natural" label is being reported to the CMA today', 'threat/critical'],
  ['ASIC complaint filed this morning. ten weeks of excuses is enough', 'threat/critical'],
  ['complaint lodged with the TIO, screenshots attached', 'threat/critical'],
  ["I've written to the Gambling Commission about how you closed my account with my winnings in it", 'threat/critical'],
  ['this is going straight to the Financial Services Ombudsman', 'threat/critical'],
  // A relative or friend in the media, interested.
  ['my aunt writes for the Evening Post and she is very curious about your "free" trials that are not free', 'threat/critical'],
  ['a mate of mine works at the BBC and he seemed really interested in how you handle refunds', 'threat/critical'],
  // Safety told as events.
  ['back wheel was wobbling on the motorway the day after your garage did the tyres', 'complaint/critical'],
  ['three of the wheel nuts were loose when I got home from your fitting centre', 'complaint/critical'],
  ['our taxi driver smelled of alcohol and kept drifting, we got out at the lights', 'complaint/critical'],
  ['the courier was swerving all over the road with his phone in his hand', 'complaint/critical'],
  ['the buggy brake does not hold on any slope, it rolled into the road while I paid for parking', 'complaint/critical'],
  // Security and fraud: impersonation with a code, someone in the account, an order never placed, a claim in my name.
  ['a text from "Lumo Bank Security" asked me to read out the code, now my savings are gone', 'complaint/critical'],
  ['who has been using my account? there are orders on it going to Glasgow', 'complaint/critical'],
  ['got a confirmation for a tv I never ordered, being sent to an address in Hull', 'complaint/critical'],
  ['there is a loan in my name with you and I have never applied for anything', 'complaint/critical'],
  // Bare-fact complaints: expectation against outcome, idioms, not reflected, still charged, degrading after use.
  ['pre-booked a high chair for the table, when we arrived they did not have one', 'complaint/high'],
  ['£9 for a small coffee at the station. you are having a laugh', 'complaint/high'],
  ['£45 "admin fee" to change a name on a ticket. taking the mick', 'complaint/high'],
  ['transferred £200 to my savings pot yesterday and it has not reflected yet', 'complaint/high'],
  ['you confirmed you would pause my contract while I was abroad and still charged me £30 in March', 'complaint/high'],
  ['paid for a sea view suite, got a room over the kitchen bins', 'complaint/high'],
  ['the sofa was dumped in the hallway instead of carried upstairs like we paid for', 'complaint/high'],
  ['the audio is 3 seconds out of sync on the new episodes', 'complaint/high'],
  ['the silver ring turned green after two days of wear', 'complaint/high'],
  ['quoted £60 for the service, got billed £95 at collection', 'complaint/high'],
  // Praise idioms.
  ['the new autumn range is giving main character', 'praise/low'],
  ['the delivery guy was a proper gentleman, carried it all upstairs', 'praise/low'],
  ['una try well well, card arrived same day', 'praise/low'],
  ['the devs absolutely cooked with the new update', 'praise/low'],
  // Ready to buy is high; asking where you deliver is a normal question.
  ['Hi, want to book 2 tickets for the Saturday matinee, can you reserve them till I get there?', 'question/high'],
  ['do you deliver to 14 Mill Lane in Bray?', 'question/normal'],
];

describe('mechanisms from blind set F (new sentences)', () => {
  it.each(BLIND_F_MECHANISMS)('%s → %s', (text, want) => {
    expect(verdict(text)).toBe(want);
  });

  it.each([
    ['my sister is a journalist and loves your skincare range', 'praise/low'],
    ['the suitcase wheel came off on the way to the airport', 'complaint/high'],
    ['we were having a laugh with the waiter all night, great evening', 'praise/low'],
    ['I have 20k followers and would love to collab with you', 'other/low'],
    ['going to the UK next week, do you ship there?', 'question/normal'],
    ['the driver was lovely and helped me with my bags', 'praise/low'],
    ['paid for a standard room and got a free upgrade, thank you!', 'praise/low'],
  ])('alarming or look-alike but calm: %s → %s', (text, want) => {
    expect(verdict(text)).toBe(want);
  });

  it('gives the new families open gates', () => {
    for (const [t] of BLIND_F_MECHANISMS) expect([t, closedGateMatches(t)]).toEqual([t, []]);
  });

  it('gates the spam family without closing on its phrasings', () => {
    const spam = [
      'f4f? follow4follow and sub4sub, 10k followers guaranteed',
      'earn $500 a day from home with crypto, whatsapp me',
      'use my code SAVE20 for a free iphone giveaway, link in bio',
      'hot singles near you, cash app me for onlyfans',
    ];
    for (const t of spam) {
      expect([t, closedGateMatches(t)]).toEqual([t, []]);
      expect(verdict(t)).toBe('other/low');
    }
  });
});
