/**
 * Category rules of docs/labels.md, each both ways, on real-looking posts: what makes a threat, a complaint, a
 * question, praise or other — and the near misses that must not.
 */
import { judge } from './classifier-support';

const categoryOf = (text: string) => judge(text).category;

describe('threat: going public, press, legal, regulator', () => {
  it.each([
    ["@AcmeMobile sort this out today or I'm going to the press. I have all the chat logs."],
    ['Going to the papers with this. Disgraceful.'],
    ["I've contacted BBC Watchdog. Let's see if they can get an answer out of you"],
    ['@QuickCart nobody answers emails so I am going to the local paper with my story'],
    ['Sharing this in every local group until you respond. People deserve to know how you treat customers.'],
    ['Posting this on TikTok every day until someone from head office contacts me'],
    ["keep ignoring me and I'll make a TikTok about this that every one of my followers will see"],
    ['this is going on my YouTube channel tonight unless someone calls me'],
    ['Time to let everyone on Facebook know what you are really like'],
    ['@GreenLeafGrocer my solicitor has your details. Expect a letter.'],
    ['My lawyer says you owe me compensation'],
    ['Legal team has been informed'],
    ['I intend to sue. The van reversed into my car in your car park.'],
    ["if I don't get my refund by Friday this is going straight to small claims"],
    ["I'll see you in court."],
    ['@AcmeMobile reporting you to Ofcom. Done with this.'],
    ['Ofgem will be hearing about this'],
    ['I will be escalating this to the Financial Ombudsman and the FCA'],
    ['Complaint filed with the CFPB today.'],
    ['the FTC would love to hear about your "free trial"'],
    ['Have passed everything to trading standards.'],
    ['Reported you to the BBB.'],
    ["I've sent all of this to Which? and Watchdog."],
    ['I will be writing to my MP'],
    ['@QuickCart tagging @BBCNews because nobody here answers'],
  ])('%s', (text) => {
    expect(categoryOf(text)).toBe('threat');
  });

  it.each([
    ['My brother is a lawyer and recommended this place. Fantastic service.', 'praise'],
    ['Do you offer legal cover on the home insurance policies?', 'question'],
    ['Is this account FCA regulated?', 'question'],
    ['I will be telling everyone how good your service is!', 'praise'],
    ['your tiramisu should be illegal 😍', 'praise'],
    ['Thanks Sue, you were brilliant today', 'praise'],
    ['Is there a food court in the new shopping centre?', 'question'],
    ["I'll be disputing this with my card provider if it isn't sorted", 'complaint'],
  ])('not a threat: %s', (text, category) => {
    expect(categoryOf(text)).toBe(category);
  });
});

describe('complaint: a fault, a bad experience or dissatisfaction', () => {
  it.each([
    ['@AcmeMobile no signal at home for 3 days now and the status page says everything is fine'],
    ['Two weeks and still no refund from @AcmeMobile. Anyone else having this problem?'],
    ['Booked a table for 7pm, weren\'t seated until 8. No apology.'],
    ['@AcmeMobile ordered a phone on Monday, dispatched status for 4 days, no tracking number'],
    ['The colour is totally different from the photos. Really let down.'],
    ['Queue was 40 minutes at lunch with only one till open.'],
    ['@GreenLeafGrocer the self checkout charged me twice for the same item'],
    ['why does the @AcmeMobile app need me to log in 3 times a day'],
    ['@QuickCart order says delivered. it wasn\'t.'],
    ['ordered on the 2nd, its now the 19th and still nothing'],
    ['The replacement phone you sent has the same fault as the first one'],
    ['@SnackCo the multipack I bought was 3 bags short'],
    ['My new fridge arrived with a massive dent in the door. I\'d like a replacement.'],
    ['paid for extra legroom and got put in a middle seat at the back. want my money back'],
    ['Ordered a birthday cake for collection at 2, got there and they had no record of it.'],
    ['your guy dropped a ladder on my car and drove off'],
    ['Room smelled of damp and the aircon rattled all night. Asked to move and was told no.'],
    ['You advertised this at £20 and charged me £35 at the till'],
    ["I've been a customer for 10 years and this is how you treat me"],
    ["I'll be leaving a 1 star review"],
    ['Amazing food, terrible service'],
    ['Great food but the wait was long'],
    ['Is it just me or has the chocolate bar got smaller?'],
    ['why is it so hard to cancel?'],
    ['Fix your app!!!'],
    ['never shopping here again'],
  ])('%s', (text) => {
    expect(categoryOf(text)).toBe('complaint');
  });

  it.each([
    ['@AcmeMobile how do I update the direct debit details on my account?', 'question'],
    ['Can I get a refund on an unopened item?', 'question'],
    ['I lost my card, how do I order a new one?', 'question'],
    ['I forgot my password and can\'t find the reset link, can you help?', 'question'],
    ['how do i cancel my subscription', 'question'],
    ['Had an issue with my order but your team sorted it straight away, thank you', 'praise'],
    ['@SunCoast rep Marco was a lifesaver when my passport went missing, thank you!!', 'praise'],
    ['queueing at @GreenLeafGrocer like it\'s a festival lol', 'other'],
    ['Do you sell slow cookers?', 'question'],
  ])('not a complaint: %s', (text, category) => {
    expect(categoryOf(text)).toBe(category);
  });
});

describe('question: asks for information or help without dissatisfaction', () => {
  it.each([
    ['Is the sale on in store too or just online?'],
    ['Can you reset my password? My login is tom.baker@example.com'],
    ['Are you open on Boxing Day?'],
    ['Do you have a store in Cardiff?'],
    ['Will you stock the vegan cheese again?'],
    ['@GreenLeafGrocer do you sell gift cards?'],
    ["@AcmeMobile what's the difference between the two 5G plans?"],
    ['Please send the replacement to my new address, not my old one'],
    ["I'd like to switch my family to the unlimited plan, 4 lines. Can someone call me?"],
    ['hey do u deliver on sundays'],
    ['Whats the wifi password in the cafe'],
    ['prices going down next week?'],
    ['Anyone know if the car park floods when it rains? Asking for a friend 😂'],
    ['thinking of switching to you from my current provider, can I keep my number?'],
  ])('%s', (text) => {
    expect(categoryOf(text)).toBe('question');
  });

  it.each([
    ['Who else remembers when this was a bookshop?', 'other'],
    ['@ShopMart follow back??', 'other'],
    ['@tom_r @lucy.b this weekend??', 'other'],
    ['is that Sarah from school in the second photo?? 😂', 'other'],
    ['Is there an outage in Leeds? internet has been down since 6am', 'complaint'],
    ['how come my card keeps getting declined on your website', 'complaint'],
  ])('not a question: %s', (text, category) => {
    expect(categoryOf(text)).toBe(category);
  });
});

describe('praise: thanks and compliments', () => {
  it.each([
    ['The new store layout is so much better, well done everyone!'],
    ['@GreenLeafGrocer thanks for the extra bag of oranges, my kids were thrilled 🍊'],
    ["didn't expect much from the own-brand coffee but honestly it's not bad at all"],
    ['love love love this collab 😍'],
    ['Friendly staff and everything was spotless. Will be back.'],
    ["Shout out to the team who got my mum's phone working in time for her birthday call. Legends."],
    ['Thanks Priya for helping me carry everything to the car, so kind 🙏'],
    ['you actually fixed it in one call. genuinely impressed'],
    ["Can't fault them. Booked in on Monday, boiler fixed Tuesday."],
    ['No complaints at all, delivery came a day early'],
    ['You never disappoint!'],
    ['The bread was fire 🔥🔥'],
    ['the new burger is sick 🤤'],
    ['you lot are on fire today with these deals'],
    ['Quickest delivery ever!'],
    ["Can't believe how fast the repair was, phone was back in 2 days. Thank you!"],
    ['this is the cutest packaging I have ever received 😭💕'],
    ['Fab service yet again 👏'],
  ])('%s', (text) => {
    expect(categoryOf(text)).toBe('praise');
  });

  it.each([
    ['nice pic', 'other'],
    ['Nice', 'other'],
    ['Happy Friday everyone!', 'other'],
    ["Can't wait for the weekend 🎉", 'other'],
    ['not the best experience tbh', 'complaint'],
    ['best customer service ever... NOT', 'complaint'],
    ['Thanks for nothing', 'complaint'],
  ])('not praise: %s', (text, category) => {
    expect(categoryOf(text)).toBe(category);
  });
});

describe('other: chatter, spam, tags', () => {
  it.each([
    ['FREE followers fast!!! DM me now 🔥🔥'],
    ['Earn $500 a day from home!! click here https://bit.ly/3xYz9 #ad'],
    ['Get 10k followers in 24h 💯 link in bio'],
    ['Check out my page for cheap designer bags'],
    ['@GreenLeafGrocer 😂😂'],
    ['@DoughBros @MetroRail @StyleHub'],
    ['#ad #sponsored'],
    ['lol same'],
    ['First!'],
    ['tag someone who needs this 👇'],
    ['I nearly died laughing at your advert 😂'],
  ])('%s', (text) => {
    expect(categoryOf(text)).toBe('other');
  });

  it.each([
    ['FREE delivery my foot, you charged me £4.99 twice', 'complaint'],
    ['lol the app crashed again and ate my basket', 'complaint'],
  ])('not other: %s', (text, category) => {
    expect(categoryOf(text)).toBe(category);
  });
});
