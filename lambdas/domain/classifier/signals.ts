import { type NormalisedText, normaliseText } from './normalise';

/**
 * Keyword families and patterns, matched against normalised text (see normalise.ts: lower case, negation is the
 * word "not", "i'll" is "i will"). Each family is a general rule — stems and variants, not the words of one
 * example — and carries the short reason staff see on the case. The families only report what they find;
 * category.ts and urgency.ts weigh the findings.
 */

export type SafetyKind =
  | 'fire'
  | 'electrical hazard'
  | 'gas leak'
  | 'injury'
  | 'illness'
  | 'allergic reaction'
  | 'food contamination'
  | 'health risk to a vulnerable person'
  | 'reported as dangerous';
export type QuestionTopic = 'opening hours' | 'account' | 'order' | 'buying' | 'products' | 'policies' | 'information';

export interface Hit {
  reason: string;
  weight: number;
}

export interface Signals {
  norm: NormalisedText;
  /** Going public, press, legal, regulator or political escalation. */
  threats: string[];
  safety: string[];
  security: string[];
  complaint: Hit[];
  praise: Hit[];
  /** Asking for information or help (a question frame or a request). */
  questionFrame: boolean;
  questionTopic: QuestionTopic | null;
  sarcasm: boolean;
  /** Words of harm or compromise that no family placed: reasons to check ("safety: possible hazard, check"). */
  risks: string[];
  /** Which side the clause after the last "but"/"however" takes: it is what the author ends on. */
  contrast: 'complaint' | 'praise' | null;
  spam: boolean;
  chatter: boolean;
  suggestion: boolean;
}

// ---------------------------------------------------------------------------------------------------------------
// Threats: a term (press, lawyer, regulator, MP) only counts with an escalation verb or possessive in its sentence,
// so "is this FCA regulated?", "my brother is a lawyer" and "saw you in the newspaper" are not threats.

const ESCALATION_VERB =
  /\b(?:report\w*|complain\w*|contact\w*|escalat\w*|go(?:ing)? (?:to|straight)|gone to|went to|straight to|tak(?:e|ing)|took|hear(?:ing|s)?|heard|fil(?:e|ed|ing)|lodg\w*|tell\w*|told|writ(?:e|ing)|wrote|written|pass(?:ed|ing)?|forward\w*|sen(?:d|ding|t)|notif\w*|inform\w*|call(?:ed|ing)?|ring(?:ing)?|rang|email\w*|rais\w*|speak\w*|spoke|talk\w*|alert\w*|involv\w*|get(?:ting)?|will|expect|has your|have your|know about|find out|hearing|see you|refer\w*|flag\w*|submit\w*|open(?:ed|ing)? a (?:case|complaint)|tip\w* off|next stop|be hearing)\b/;

const THREAT_TERMS: { reason: string; re: RegExp; needsVerb: boolean }[] = [
  {
    reason: 'threat: mentions the press',
    re: /\b(?:the press|newspapers?|the papers|local paper|national papers|journalists?|reporters?|the media|social media|the news|local news|news desk|tv news|on tv|on the telly|bbc|itv|sky news|channel \d|watchdog|rip off britain|tabloids?|daily mail|the sun|the guardian|the mirror|the telegraph|cnn|fox news|nbc|cbs|abc news|consumer reporters?)\b/,
    needsVerb: true,
  },
  {
    reason: 'threat: mentions the press',
    re: /\b(?:see you on (?:tv|the telly|the news|channel \d|bbc|itv|sky)|watchdog|journalists?|newspapers?|tabloids?|the press|rip off britain|which magazine|holiday hell|dispatches|panorama|you and yours|moneybox|money box)\b/,
    needsVerb: false,
  },
  {
    reason: 'threat: going public',
    re: /\b(?:go(?:ing)? public|(?:going|go|goes|will go|is going) (?:on|up on|onto|live on) my (?:youtube|tiktok|channel|blog|page|instagram|facebook|twitter|socials|story|podcast|stories)|(?:make|making|do|doing|film|filming|record|recording|post|posting|write|writing|put|putting|start|starting) (?:a|an) (?:tiktok|video|youtube video|reel|thread|post|blog post|blog|story) (?:about|on|exposing)|(?:all|every one|each|everyone|every single one) (?:of )?my (?:\d+k? )?followers|(?:telling|tell|show|showing|warn|warning) (?:my |all my )?(?:\d+k? )?followers|(?:going to|will|gonna) hear about (?:this|it|how)|let (?:everyone|everybody|people|the world|the whole world|all my \w+|my \w+ followers|the internet)\b[^.!?]{0,30}\bknow|go(?:es|ing)? viral|make (?:this|it|sure (?:this|it)) (?:go )?viral|(?:make sure )?everyone (?:will )?knows?\b|(?:tell|telling|warn|warning) (?:everyone|everybody|others|other people|people|other customers|the world|all my)|(?:people|customers|everyone) (?:deserve|need|needs|should|have a right|ought) to know|reviews? (?:\w+ )?everywhere|every review site|(?:post|posting|posted|share|sharing|shared|put|putting|spread|spreading|plaster\w*|screenshot\w*)\b[^.!?]{0,40}\b(?:everywhere|all over|every (?:\w+ )?(?:group|site|platform|page|forum|channel)|on (?:tiktok|facebook|reddit|youtube|instagram|twitter|trustpilot|mumsnet|every))|until (?:you|someone|somebody) (?:respond|reply|replies|responds|sort|fix|answer|contact|get back|does something))\b/,
    needsVerb: false,
  },
  {
    reason: 'threat: legal action',
    re: /\b(?:(?:my|our|family|a|the) (?:lawyers?|solicitors?|attorneys?|barristers?|legal team)|legal (?:action|proceedings|advice|route|claim|case|letter|department)|(?:go|going|get|getting|take|taking|took) (?:this |it )?legal|sue (?:you|them|the|your|for)|(?:to|will|would|going to|could|should|and|gonna) sue\b|suing|sued|lawsuit|class action|letter before action|small claims|county court|in court|to court|see you in court|tribunal|litigation|report(?:ing)? (?:you|this|it) to (?:the )?police|call(?:ing)? the police)\b/,
    needsVerb: false,
  },
  { reason: 'threat: legal action', re: /\b(?:legal team|legal department|lawyers?|solicitors?|attorneys?|barristers?)\b/, needsVerb: true },
  {
    reason: 'threat: regulator',
    re: /\b(?:ofcom|ofgem|ofwat|fca|financial conduct authority|ombudsman|ombudsmen|bbb|better business bureau|trading standards|cfpb|consumer financial protection|ftc|federal trade commission|fcc|attorney general|caa|civil aviation authority|ico|information commissioner|citizens advice|advertising standards|environmental health|food standards agency|health and safety executive|accc|consumer protection|consumer council|regulator|regulators|watchdog|action fraud|ofsted|cqc|gphc|dvla|hmrc|police)\b/,
    needsVerb: true,
  },
  { reason: 'threat: reported to an authority', re: /\breport(?:ed|ing)? (?:you|your company|the company|this company|your store|your shop|them) to\b/, needsVerb: false },
  {
    reason: 'threat: political escalation',
    re: /\b(?:my|local|our) (?:mp|m\.p\.|member of parliament|congress(?:wo)?man|congressperson|senator|councillor|assembly member)\b/,
    needsVerb: true,
  },
];
const REGULATOR_NAMES: [RegExp, string][] = [
  [/\bofcom\b/, 'Ofcom'], [/\bofgem\b/, 'Ofgem'], [/\bofwat\b/, 'Ofwat'], [/\bfca\b|financial conduct/, 'FCA'],
  [/\bombudsm[ae]n\b/, 'ombudsman'], [/\bbbb\b|better business/, 'BBB'], [/trading standards/, 'trading standards'],
  [/\bcfpb\b|consumer financial/, 'CFPB'], [/\bftc\b|federal trade/, 'FTC'], [/\bfcc\b/, 'FCC'], [/attorney general/, 'attorney general'],
  [/\bcaa\b|civil aviation/, 'CAA'], [/\bico\b|information commissioner/, 'ICO'], [/citizens advice/, 'Citizens Advice'],
  [/advertising standards/, 'ASA'], [/action fraud/, 'Action Fraud'], [/\bpolice\b/, 'police'], [/environmental health/, 'environmental health'], [/food standards/, 'FSA'],
  [/health and safety executive/, 'HSE'], [/\baccc\b/, 'ACCC'], [/watchdog/, 'a watchdog'],
];
/** Threat words in a role that is not escalation ("is a lawyer", "food court", a legal-cover question). */
const THREAT_EXCUSES = /\b(?:is|was|am|as|be|being) an? (?:lawyer|solicitor|attorney|barrister)\b|\b(?:food|tennis|basketball|squash|netball) court\b|\blegal (?:cover|insurance|expenses|age)\b/g;
/** A news outlet's handle tagged in the post is itself going to the press. */
const PRESS_HANDLE = /^(?:bbc\w*|itv\w*|skynews\w*|\w*news|\w*watchdog\w*|guardian\w*|telegraph\w*|dailymail\w*|mirror\w*|thesun\w*|cnn\w*|\w*reporter\w*|\w*journalist\w*|whichuk|which)$/;

// ---------------------------------------------------------------------------------------------------------------
// Safety and health (critical whatever the category).

const PERSON = '(?:i|we|he|she|they|you|me|us|him|her|them|both of us|all of us|my \\w+|our \\w+|his \\w+|her \\w+|their \\w+|everyone|family|kids?|son|daughter|children|child|baby|wife|husband|partner|mum|mom|dad|friend|guests?|people|customers?)';
const SAFETY: { kind: SafetyKind; re: RegExp }[] = [
  {
    kind: 'fire',
    re: /\b(?:caught|catch(?:es|ing)?|set|setting|burst into|went up in|going up in) (?:on )?(?:fire|flames)\b|\bset (?:\w+ )?(?:on )?fire\b|\bfire (?:hazard|risk|brigade|service|department|fighters?|engine)\b|\bfirefighters?\b|\bin flames\b|\bflames? (?:came|coming|shot|everywhere)\b|\bsmoke (?:came|coming|pouring|everywhere|from|out)\b|\b(?:started|was|is|began) smoking\b|\bfull of smoke\b|\bburn(?:t|ed|ing)? (?:down|the house|a hole)\b|\bburning smell\b|\bsmell(?:s|ed|ing)? (?:like |of )?(?:burning|something burning|smoke)\b|\b(?:burning|burnt|melting|melted) (?:plastic|rubber|wires?|electrical)\b/,
  },
  {
    kind: 'electrical hazard',
    re: /\b(?:charger|plug|cable|socket|battery|wire|wiring|adapter|adaptor|lead|heater|kettle|toaster|device|laptop|phone|appliance|hob|oven|extension|power bank|e-?bike|scooter|vape)\b[^.!?]{0,50}\b(?:melt(?:ed|ing|s)?|explod\w*|spark(?:ed|ing|s)?|overheat\w*|scorch\w*|swell\w*|swollen|bulg\w*|smok(?:ed|ing)|burn(?:t|ed|ing)|shock(?:ed)?|fizz\w*|red hot|too hot to touch)\b|\b(?:melt(?:ed|ing)|spark(?:ed|ing))\b[^.!?]{0,30}\b(?:charger|plug|cable|socket|wire|adapter|adaptor)\b|\bexplod(?:e|ed|es|ing)\b(?! with)|\bexplosion\b|\belectric(?:al)? shocks?\b|\belectrocut\w*|\bshocked (?:me|him|her|my)\b|\bspark(?:ed|ing)\b|\b(?:tripped|blew|blown) (?:every |all |the )?(?:\w+ )?fuses?\b|\b(?:bare|exposed|live|loose|hanging) (?:wires?|wiring|cables?)\b|\bwires? (?:hanging|exposed|sticking) out\b|\bwater\b[^.!?]{0,50}\b(?:light fitting|light fittings|socket|sockets|fuse ?box|electrics|plug|switch|consumer unit|ceiling light)\b/,
  },
  { kind: 'gas leak', re: /\bgas leak\w*|\b(?:smell\w*|stank|stinks?|stinking|reek\w*|whiff) (?:of |like )?gas\b|\bgas (?:hob|cooker|oven|tap|ring|fire|supply)s? (?:was |were |had been |left )?(?:left )?on\b|\bleft (?:\w+ ){0,2}gas (?:hob |cooker |oven |tap |ring )?on\b|\bgas smell\b|\bcarbon monoxide\b|\bco alarm\b|\b(?:toxic|chemical) (?:fumes|smell)\b|\bfumes\b/ },
  {
    kind: 'injury',
    re: new RegExp(
      String.raw`\binjur\w*|\bhurt (?:my|his|her|their|our|him|me|us|them|himself|herself|myself|themselves)\b(?! feelings)|\b(?:broke|broken|fractured|sprained|twisted|dislocated) (?:my|his|her|their|our|a) (?:\w+ )?(?:arm|wrist|leg|ankle|foot|toe|finger|hand|nose|tooth|teeth|rib|ribs|hip|bone|collarbone|back|neck|knee|shoulder|elbow|jaw)\b|\bbleed(?:ing|s)?\b|\bblood\b|\bstitches\b|\bconcuss\w*|\bfractur\w*|\bsprain\w*|\b(?:slipp?ed|tripped) (?:on|over|up|and)\b|\b${PERSON} (?:fell|slipped|tripped|collapsed)\b|\bknocked (?:me|him|her|them|us|my \w+) (?:over|down|off)\b|\b(?:nearly|almost|could have|could've) (?:hit|ran over|run over|killed|died|been killed|been hurt|hurt|crushed|electrocuted|drowned)\b(?! (?:laughing|of laughter|of embarrassment|of shame|from laughing|with laughter))|\bran (?:me |him |her |us )?over\b|\b(?:nearly|almost|could have|could've) (?:fell|fallen|fall|tipped|toppled|gone) (?:out|off|down|over|through)\b|\b(?:a ?& ?e|a and e|emergency room|the er|hospital|ambulance|paramedics?)\b|\bcall(?:ed)? (?:999|911|111)\b|\bchok(?:e|ed|ing)\b|\b(?:fainted|passed out|collapsed|unconscious|heart attack|seizure|stroke|(?:could|can) not breathe|struggling to breathe|difficulty breathing)\b|\bscald\w*|\bburn(?:t|ed|s)? (?:my|his|her|their|our|him|me|us|them)\b(?! money| data| bridges)|\bcut (?:my|his|her|their|our|him|me|myself|himself|herself) (?:\w+ )?(?:hand|finger|lip|mouth|foot|leg|arm|open)\b|\bsharp (?:edge|bit|piece)\b`,
    ),
  },
  {
    kind: 'illness',
    re: new RegExp(
      String.raw`\bfood poison\w*|\bpoison(?:ed|ing|ous)\b|\bthrow(?:ing|n)? up\b|\bthrew up\b|\bvomit\w*|\bpuk(?:e|ed|ing)\b|\bdiarrh\w*|\bstomach (?:bug|ache|cramps?|pains?|upset)\b|\bupset stomach\b|\b(?:been|being|was|were|got|get|getting) (?:violently |really |so |very )?(?:sick|ill|unwell|poorly)\b(?! of| and tired| to death| sick| with (?:waiting|it|this|you))|\bsick (?:for|all) (?:\d+|a|two|three|four|five|the|night|day|weekend|week)\b|\bmade (?:me|us|him|her|them|my \w+|our \w+|everyone|the kids|both of us|all of us) (?:so |really |very |violently )?(?:sick|ill|unwell|poorly)\b|\b${PERSON}(?: \w+){0,2} (?:is|are|was|were|am|been|got|feel|feels|feeling|felt|fell|became|ended up)(?: (?:really|so|very|violently|quite|seriously|now|all|extremely|badly|still))* (?:sick|ill|unwell|poorly)\b(?! of| and tired| to death| with (?:waiting|it|this|you))`,
    ),
  },
  {
    kind: 'allergic reaction',
    re: /\ballergic reaction|\banaphyla\w*|\bepi ?pens?\b|\b(?:had|having|went into|suffered) (?:a|an) (?:severe |bad |serious |allergic )?(?:reaction|anaphylactic)\b|\breacted (?:badly )?to\b|\b(?:rash|hives)\b|\b(?:lips?|face|eyes?|tongue|throat|mouth|skin|hands?|feet) (?:\w+ ){0,2}(?:swell\w*|swollen|puffed up|came up|blew up)\b|\bswollen (?:lips?|face|eyes?|tongue|throat)\b|\b(?:nut|peanut|gluten|dairy|milk|egg|sesame|soy)[- ]free\b[^.!?]{0,60}\b(?:contain\w*|reaction|traces|had nuts)\b/,
  },
  {
    kind: 'food contamination',
    re: /\b(?:glass|plastic|metal|hair|hairs|a bug|bugs|insects?|maggots?|worms?|slugs?|a fly|flies|cockroach\w*|mouse|mice|rats?|droppings|mou?ld|a screw|a bolt|a stone|a plaster|foreign (?:object|body))\b[^.!?]{0,25}\b(?:in|inside|on) (?:my|the|our|your|a|his|her|their|it|them|mine)\b|\b(?:piece|bit|chunk|shard|fragment|lump|strip)s? of (?:\w+ )?(?:glass|plastic|metal|wire|wood|bone|stone|rubber|cardboard|foil)\b|\b(?:found|there was|there were|there is|there are|with)\b[^.!?]{0,20}\b(?:glass|piece of plastic|bit of plastic|metal|hair|bugs?|insects?|maggots?|worms?|slugs?|cockroach\w*|droppings|mou?ld|screw|bolt)\b|\bmou?ldy\b|\b(?:raw|undercooked|uncooked|pink|bloody) (?:chicken|meat|pork|burger|sausages?|turkey|in the middle)\b|\bundercooked\b|\bcontaminat\w*|\b(?:chicken|meat|milk|fish|food|salad|sandwich|prawns?|yoghurt|yogurt|cream|eggs?|cheese|pork|beef|mince|ham|it) (?:was|were|had gone|has gone|is|smelled|smelt|tasted|went) (?:off|sour|curdled|rancid|rotten|mouldy|moldy)\b|\b(?:sour|curdled|lumpy) milk\b|\boff before (?:the|its) (?:date|use by|best before)|\bgone off\b|\brotten (?:eggs?|fruit|veg\w*|meat|food|chicken|fish)\b|\b(?:rancid|spoiled|spoilt)\b|\b(?:sold|selling) (?:me |us )?(?:\w+ )?out of date\b|\bout of date (?:food|milk|meat|chicken|sandwich\w*|yog\w*|products?|stock|fish|baby)\b|\bpast (?:its|the) use by\b|\bis (?:it|this|the water|the food) safe to (?:drink|eat|use|consume|give)\b|\b(?:brown|discolou?red|cloudy|yellow|dirty|smelly|black) (?:tap )?water\b|\bwater\b[^.!?]{0,25}\b(?:brown|discolou?red|cloudy|yellow|smells|tastes of)\b|\bproduct recall|\brecalled\b|\bsewage\b|\bbulg\w* (?:tin|can|jar|lid|packet|pack|bottle|carton)s?\b|\b(?:tin|can|jar|lid|packet|bottle|carton|pouch)s?\b[^.!?]{0,40}\b(?:bulg\w*|blown|swollen|fizz(?:ed|ing|es)|hiss(?:ed|ing))\b|\b(?:broken|damaged|tampered|missing) (?:seal|safety seal|tamper seal)\b|\b(?:lid|seal|safety button|button)\b[^.!?]{0,20}\b(?:popped|had popped|was popped|was up|not sealed|unsealed)\b|\bseal (?:was |is |had been |has been )?(?:already )?(?:broken|damaged|tampered|missing|open)\b|\bneedles?\b[^.!?]{0,30}\b(?:in|inside)\b|\bbed ?bugs?\b/,
  },
  {
    kind: 'health risk to a vulnerable person',
    re: /^(?=.*\b(?:oxygen|dialysis|medical equipment|life support|ventilator|insulin|medication|medicine|disabled|vulnerable|newborn|elderly|pensioner|chemo\w*|terminally ill|in a wheelchair|hospice|carer)\b)(?=.*\b(?:cut (?:off )?(?:my|our|the) (?:electricity|power|gas|water|heating|supply)|cut off|no (?:power|electricity|heating|hot water|water|gas)|without (?:power|heating|water|electricity|gas|hot water)|power cut|disconnected|switched off (?:my|our|the) (?:power|supply|gas|electricity))\b)/,
  },
  {
    kind: 'reported as dangerous',
    re: /\bdangerous\b|\bdanger to\b|\bunsafe\b|\bhazard(?:ous)?\b|\bsafety (?:issue|risk|hazard|concern|problem)s?\b|\bdeath trap\b|\bcould (?:have|of) (?:killed|died)|\b(?:nearly|almost) (?:killed|died)\b(?! (?:laughing|of laughter|of embarrassment|of shame|from laughing|with laughter))|\bsomeone (?:will|is going to|could) get (?:hurt|killed)\b/,
  },
];

// ---------------------------------------------------------------------------------------------------------------
// Security and fraud (critical whatever the category).

const SECURITY: { reason: string; re: RegExp }[] = [
  {
    reason: 'security: account hacked',
    re: /\bhack(?:ed|er|ers|ing)\b|\b(?:account|profile|email|login|details) (?:has been |was |got |is )?(?:compromised|taken over|breached)\b|\b(?:someone|somebody|a stranger|strangers|some(?:one|body) else) (?:has |have |had |is |was )?(?:logged|logging|got|gotten|broke|broken|getting) in(?:to)?\b|\blogged into my account\b|\blog ?ins? from (?:another|a different|an unknown|a strange)\b|\bsuspicious (?:log ?ins?|activity|sign ?ins?|access)\b|\b(?:someone|somebody|a stranger)(?: else)? (?:is |has been |was )?(?:using|accessing|watching on|on) my (?:account|profile|login)\b|\blocked out\b[^.!?]{0,40}\bnot me\b/,
  },
  {
    reason: 'security: account hacked',
    re: /\b(?:someone|somebody|a stranger|strangers|hackers?)\b(?! (?:from|at|in|on) (?:your|the))[^.!?]{0,40}\b(?:my|our) (?:\w+ )?(?:account|profile|card|friends|contacts|followers|page|details|email|number|name|login|identity|bank|money)\b|\b(?:new|unknown|unrecogni[sz]ed|strange|foreign) (?:device|devices|log ?in|sign[- ]?in|phone|computer|location|ip)\b[^.!?]{0,40}\b(?:account|profile|login)\b|\b(?:account|profile|login)\b[^.!?]{0,40}\b(?:new|unknown|unrecogni[sz]ed|strange) (?:device|devices|log ?in|sign[- ]?in|location)\b|\b(?:do not own|not mine|was not me|not me)\b[^.!?]{0,10}$|\b(?:password reset|reset (?:email|link|code|text)|verification code|security code|login code|2fa code|one[- ]time (?:code|passcode)|otp|sign[- ]?in (?:alert|attempt|request)|log[- ]?in (?:alert|attempt|request))s?\b[^.!?]{0,50}\b(?:did not (?:ask|request)|never (?:asked|requested)|not me|was not me|i did not)\b|\blogged (?:me )?out (?:of )?(?:everywhere|all (?:my )?devices)\b|\b(?:added|invited) (?:themselves|himself|herself|a (?:new )?user)\b[^.!?]{0,60}\b(?:my|our)\b/,
  },
  {
    reason: 'security: password changed by someone else',
    re: /\b(?:someone|somebody|stranger|they)\b[^.!?]{0,60}\bchanged (?:my|the) (?:password|pin|email|login|details|phone number|number)\b|\b(?:password|pin|email address|login details|email)\b[^.!?]{0,25}\b(?:was|were|has been|have been|got|had been) (?:changed|reset)\b/,
  },
  {
    reason: 'security: unauthorised charges',
    re: /\bunauthori[sz]ed\b|\b(?:strange|unknown|suspicious|odd|weird|random|unrecogni[sz]ed|mystery|dodgy) (?:purchases?|payments?|charges?|transactions?|orders?|activity|debits?|withdrawals?|transfers?)\b|\b(?:someone|somebody|a stranger|fraudsters?|scammers?)(?:'s| is| has| have| had)?(?: been)? (?:buying|ordering|spending|purchasing|using my|taking money)\b|\b(?:someone|somebody|a stranger|they|fraudsters?|scammers?) (?:has |have |had )?(?:ordered|bought|purchased|took out|taken out|opened|applied for|signed up for|withdrew|withdrawn|transferred|spent|moved|booked)\b[^.!?]{0,40}\b(?:on|using|from|with|in|out of) (?:my|our) (?:account|card|name|details|bank)\b|\b(?:i|we) (?:never|did not|have not|do not) (?:set up|signed up|sign up|agreed|agree|subscribed|subscribe|opened|open|took out|take out|applied|apply|asked for|ask for)\b[^.!?]{0,40}\b(?:direct debit|payment|subscription|account|loan|credit|card|contract|plan|charge)s?\b|\b(?:direct debit|payment|subscription|account|loan|credit card|contract|plan|charge)s?\b[^.!?]{0,40}\b(?:i|we) (?:never|did not|have not) (?:set up|signed up for|agreed to|subscribed to|opened|took out|applied for|asked for)\b|\b(?:charges?|payments?|transactions?|purchases?|withdrawals?|transfers?|debits?|calls?|orders?)\b[^.!?]{0,80}\b(?:i|we) (?:never|did not|have not|had not|do not) (?:made|make|authori[sz]e\w*|ordered|order|bought|buy|recogni[sz]e|know)\b|\b(?:charges?|payments?|transactions?|purchases?|withdrawals?|transfers?|debits?)\b[^.!?]{0,80}\b(?:were not|was not|are not|is not|not) (?:mine|me|made by me)\b|\b(?:i|we) (?:never|did not|do not) (?:made|make|authori[sz]e\w*|recogni[sz]e)\b[^.!?]{0,30}\b(?:charges?|payments?|transactions?|purchases?|withdrawals?|transfers?)\b|\b(?:someone|somebody) (?:has |is |have )?(?:used|using|cloned|taken money|took money|spent)\b[^.!?]{0,20}\b(?:my|our) (?:card|account|details|money|bank)\b|\b(?:used|using|cloned) my card\b|\bnot recogni[sz]e\b[^.!?]{0,30}\b(?:charge|payment|transaction|purchase)|\bdo not recogni[sz]e\b/,
  },
  {
    reason: 'security: fraud',
    re: /\bfraud(?:ulent|ulently|sters?)?\b|\b(?:card|cards|card details|bank details|details|identity|account|password|data|information|info|pin|money) (?:were|was|have been|has been|got|been|being) (?:stolen|taken|leaked|compromised|accessed|cloned|skimmed|hijacked)\b|\bscammed\b|\bscammers?\b|\bphishing\b|\bidentity theft\b|\bstolen (?:card|identity|details|account|money)\b|\bsim ?(?:swap|swapped)\b|\bported (?:my|our) number\b|\bwithout my (?:permission|consent|knowledge|authori[sz]ation)\b/,
  },
  {
    reason: 'security: data leak',
    re: /\bdata (?:leak|breach)\w*|\b(?:sent|posted|emailed|gave|given|shared|disclosed|handed|read out) (?:out )?(?:my|our) (?:\w+ )?(?:statement|details|data|information|info|letter|letters|documents?|card|pin|password|address|records?|results?|passport)\b[^.!?]{0,20}\bto (?:the wrong|someone else|somebody else|a stranger|another|my neighbour|a different|the neighbours?)\b|\b(?:neighbour|stranger|someone else|somebody else|another customer) (?:has|got|received|opened|can see) (?:my|our) (?:post|letter|letters|statement|details|data|card|documents?|information|parcel with)\b|\bleak(?:ed|ing)? (?:my|our|customer|customers|personal|private) (?:data|details|information|info|address)|\b(?:someone else'?s|somebody else'?s|other (?:people'?s|customers'?|users'?|companies'?|businesses'?)|another (?:customer'?s|person'?s|user'?s|company'?s|business'?s|family'?s)|a stranger'?s|a different (?:customer'?s|person'?s|company'?s)) (?:name|names|address|details|data|account|order|information|info|card|bank|files|documents|photos|messages|emails|records|statements?)\b|\b(?:serious|security|privacy|gdpr|data protection) breach\b|\bbreach of (?:my )?(?:privacy|data|gdpr|security)\b|\bcan see (?:other|someone|another)\b[^.!?]{0,20}\b(?:details|data|orders|accounts|information|names|addresses)\b/,
  },
];

// ---------------------------------------------------------------------------------------------------------------
// Complaints: reported faults and dissatisfaction. Weight 2 is enough on its own; weight 1 needs company.

const COMPLAINT: { reason: string; weight: number; re: RegExp }[] = [
  {
    reason: 'complaint: dissatisfied',
    weight: 2,
    re: /\b(?:worst|terrible|terribly|awful|appalling|appalled|atrocious|abysmal|horrendous|horrible|disgusting|disgusted|disgraceful|disgrace|shocking|shambles|shambolic|pathetic|ridiculous|ludicrous|unacceptable|outrageous|useless|rubbish|garbage|crap|crappy|shit|shite|shitty|shoddy|dreadful|diabolical|a joke|farce|nightmare|incompetent|incompetence|unprofessional|rip ?off|ripped off|overcharg\w*|daylight robbery|(?<!\b(?:or|is (?:this|it|that)) (?:a |just a )?)scam(?! \?| or)|sucks|fed up|sick of|sick and tired|fuming|furious|livid|angry|annoyed|annoying|frustrat\w*|infuriat\w*|disappoint\w*|gutted|upset|unhappy|let down|letdown|let me down|really let|unimpressed|never again|avoid|beware|stay away|waste of (?:time|money|space)|thanks for nothing|cheers for nothing|no apology|not (?:even )?an apology|no apologies|poor(?:ly)? (?:service|quality|show|communication|customer|experience|standard|effort|management|packaging|packed)|fail|fails|failure|failing|epic fail|disaster|messed up|screwed up|cock ?up|hopeless|laughable|embarrassing|sort (?:it|this|yourselves) out|get (?:it|your act) together|wtf|smh|ffs|ugh|are you (?:serious|kidding|joking)|seriously\?|unbelievable|can not believe(?! how (?:fast|quick|quickly|good|easy|great|amazing|helpful|lovely|cheap|kind|friendly|nice|smooth|well))|how hard (?:can|is) it|dodgy|cowboys|liars|lied to|lying|cheated|conned|robbed|done with (?:you|this)|had enough|last straw|unfair|greedy|extortionate|overpriced|daylight|disrespect\w*|insult\w*|shame on|fuming|grim|gross|vile|inedible|stale|soggy|lukewarm|half the size|tiny portions?|stinks|filthy|dirty|rude|rudely|impolite|arrogant|dismissive|patroni[sz]ing|clueless|not (?:good|great|happy|impressed|pleased|helpful|satisfied|acceptable|ok|okay|fair|right|fit for purpose|worth it|worth the|the best|nice|amused|a happy|a good|good enough|very good|very happy|very impressed|too happy|too impressed|that good|that great|impressed)|(?:would|will|could) not recommend|do not recommend|wouldn't recommend|will not be (?:back|returning|using|ordering|shopping|buying|recommending|coming|renewing|staying|flying|eating|visiting)|not (?:be )?(?:coming|going) back|never (?:be )?(?:coming|going) back|(?:cancelling|ending|leaving|closing) (?:my |our )?(?:account|subscription|contract|membership|plan|service|direct debit)\b(?! (?:and|but) )|never (?:shopping|ordering|buying|flying|eating|staying|using|coming|going|booking|visiting|banking|dealing|returning|recommending)\b|not (?:shopping|ordering|buying|flying|eating|staying|coming|booking) (?:\w+ )?again|(?<!(?:can|could|will|would) you |how (?:do|can|to) (?:i |we |you )?|to )(?:fix|sort) (?:your|this|it|this mess)\b(?! for me)|get (?:this|it) (?:fixed|sorted)|(?<!(?:thinking of|thinking about|considering|about|interested in) )switching (?:to (?!you\b)|provider|providers|supplier)|(?:leaving|left) (?:you|for)|take my (?:business|money) elsewhere|nothing works|(?:is this|this is|that is) how you treat|how you treat (?:your )?(?:loyal |long[- ]standing |existing |elderly |vulnerable )?(?:customers|people|us|me)|(?:leave|leaving|give|giving|left|write|writing|post|posting|gave) (?:you )?(?:a |an )?(?:1|one|2|two|zero|0|bad|negative|terrible|poor|scathing|low)[- ]?(?:star )?review)\b/,
  },
  {
    reason: 'complaint: service outage',
    weight: 2,
    re: /\b(?:outage|outages|(?<!\b(?:prices?|costs?|bills?|rates?|fees?|it) )(?:is|are|been|was|gone|still|keeps going|keep going|being) (?:\w+ ){0,2}down\b(?! to| the| for a| as| with| by| from| here| there| well| a treat| nicely)|down again|down since|down all|no (?:signal|service|internet|broadband|wifi|wi-fi|power|electricity|water|hot water|heating|gas|connection|coverage|dial tone|landline|phone line|4g|5g|data)\b|without (?:broadband|internet|power|water|signal|heating|hot water|a landline|landline|phone|service|wifi|wi-fi|electricity|gas|any signal|a connection)|(?:signal|internet|broadband|wifi|connection|line) (?:keeps|is|has been|keep) (?:dropping|cutting|going|down|off|out)|power cut|blackout|lost (?:signal|connection|power|service)|cut (?:off )?(?:my|our|the) (?:electricity|power|gas|water|supply|phone|internet|broadband|line)|cut (?:me|us) off)\b/,
  },
  {
    reason: 'complaint: product fault',
    weight: 2,
    re: /\b(?:broken|broke down|broke (?:everything|it|again|after|within|on)|(?:update|it|this|that|app|you|they) (?:has |have )?broke\b|not working|not work|stopped working|does not work|do not work|did not work|will not (?:work|load|open|connect|start|turn on|charge|let me|accept|sync|update|play)|keeps? (?:crashing|freezing|failing|dropping|cutting out|buffering|logging me out|kicking me|asking|charging|cancelling|declining|disconnecting|rejecting|restarting|resetting|breaking|breaking down|going off)|crash(?:es|ed|ing)|froze|frozen|freez(?:es|ing)|buffering|glitch\w*|bugg(?:y|ed)|error(?:s| message| code)?|faulty|defective|fell apart|came apart|come apart|came undone|falling apart|coming apart|stopped (?:charging|connecting|syncing)|(?:can|could) not (?:log ?in|login|access|get in|get into|get through|connect|pay|use|load|sign in|make calls|call out|hear|open|download|install|update|stream|watch|see my|top up)|unable to (?:log ?in|login|access|connect|pay|use|load|sign in|make|get)|declin(?:ed|ing)|payment (?:failed|did not go through|was declined)|failed (?:to|again)|locked out|deleted (?:all )?my|lost (?:all )?my (?:data|notes|files|photos|progress|contacts|messages)|wiped|just spinning|spinning wheel|(?:does|did) not (?:fit|match|close|charge|turn on|switch on|hold)|wrong (?:item|items|size|order|colour|product|model|one|thing|parts?)|not (?:what i ordered|as described|as advertised|as pictured)|different (?:from|to|than) (?:the )?(?:photos?|pictures?|description|website|advert|image)|shrunk|shrank|ripped|torn|dent|dents|dented|scratched|scratches|chipped|(?:crack|hole|tear|rip|stain)s? (?:in|on) (?:the|my|it|one)|same (?:fault|problem|issue|defect|error)|stained|cracked|smashed|leak(?:ed|ing|s)|damaged|snapped|bent|peeling|broke after|after one (?:wash|use|wear|day|week))\b/,
  },
  {
    reason: 'complaint: delivery problem',
    weight: 2,
    re: /\b(?:missing|never (?:showed|arrived|came|turned up|received|got|delivered|sent|dispatched)|did not (?:arrive|show|turn up|come|get delivered|deliver)|has not (?:arrived|come|turned up|been delivered|shown)|have not (?:received|had|got)|not (?:delivered|received|arrived|turned up|showed up|shown up)|(?:says|said|shows|showing|marked (?:as )?)(?: it was| as)? delivered\b[^!?]{0,30}\b(?:not|was not|never|nothing)|where(?: is|'s) my (?:order|parcel|package|delivery|stuff|shopping|food|replacement|item|items|refund|money|engineer)|left (?:my|the|our) (?:shopping|parcel|package|box|delivery|order|food)\b[^.!?]{0,30}\b(?:in|outside|at|on|by)\b|in the rain|wrong (?:door|house|address|flat|building|branch|store)|threw (?:my|the|our) (?:parcel|package|box|order|shopping|delivery)|(?:parcel|package|box|order|delivery) (?:was |got )?thrown|left (?:a|my|the|our)? ?(?:\W?\d+ )?(?:\w+ ){0,2}(?:on|at|by) (?:my|the|our) (?:doorstep|door step|step|porch|drive|driveway|gate|bin)\b|in full view|(?:was|got|been|had been) stolen|gone by the time|no tracking|tracking (?:number|info|link) (?:does not|not|never|still)|lost (?:my|our|the) (?:bag|bags|luggage|suitcase|parcel|package|order|delivery|item|items)|(?:bag|bags|luggage|suitcase|parcel|package) (?:was |were |has been |have been |got )?lost|substitut\w*|half the (?:items|order|shopping|stuff)|missed (?:delivery|deliveries|collection|appointment|connection|flight|call)|(?:was|were|is) (?:meant|supposed|due) to (?:come|arrive|be here|be delivered|turn up|be with me|be fixed|be sorted)|should (?:have|of) (?:arrived|come|been (?:here|delivered|fixed|sorted))|was due (?:yesterday|on|last|this|by)|another (?:missed|late|failed|cancelled|wrong|lost|broken|damaged|delayed|no-show))\b/,
  },
  {
    reason: 'complaint: billing problem',
    weight: 2,
    re: /\b(?:charged (?:me |us )?(?:\W?\d+(?:\.\d+)? |for (?:\w+ ){1,4})?(?:twice|double|two times|three times)|double[- ]charged|charged twice|charged (?:me |us )?(?:\w+ ){0,5}(?:never|did not|not|was not|were not|wasn't)|(?:still|keep|keeps) (?:being )?(?:billed|charged|billing|charging|taking)|(?:billing|charging) me (?:for|after|still)|still billing|taken (?:my |the |our )?(?:direct debit|payment|money) twice|(?:direct debit|payment|money|it) (?:twice|two times) (?:this|in|for|last)|money (?:left|taken|gone|came out|has left)|(?:taken|took) (?:my |the )?money|(?:price|prices|bill|bills|fees?|charges?|tariff|premium|subscription) (?:\w+ ){0,2}(?:rise|rises|risen|increase|increased|increases|hike|hikes|went up|gone up|has gone up|doubled|tripled|up again|jumped)|(?:advertised|listed|labelled|labeled|marked|priced|quoted|shelf price|price tag|promised|told|website said|website says|online price)\b[^.!?]{0,40}\b(?:charged|rang up|scanned|paid|billed|charging)\b|\bcharged (?:me |us )?\W?\d+\W?\d*\b[^.!?]{0,30}\b(?:advertised|listed|labelled|shelf|quoted|online|instead)|price (?:rise|hike|increase)|(?:bill|bills|price|payment|payments|charge|premium|fee|tariff|renewal)s? (?:is|are|was|were|has|have|went|came) (?:\w+ ){0,3}(?:more|higher|up|doubled|tripled|increased)\b|\W?\d+ (?:more|higher|extra) than (?:last|before|usual|quoted|advertised|agreed)|price up|up by \d+%|up \d+%|went up \d+%|hidden (?:fees?|charges?)|extra (?:fees?|charges?)|surprise (?:fees?|charges?|bill)|fee i was told|would be waived|should have been (?:refunded|waived|cancelled)|charged (?:me )?(?:a|an) (?:\w+ ){0,3}(?:fee|charge)|still (?:taking|charging)|paid (?:twice|for nothing)|not (?:been )?refunded|overbilled|wrong (?:bill|amount|charge|price))\b/,
  },
  {
    reason: 'complaint: refund outstanding',
    weight: 2,
    re: /\b(?:no refund|refund (?:still|has not|not|never|is still|says|pending)|still (?:no |not |waiting (?:for|on) (?:my |the |a )?)(?:refund|money back|my money)|(?:not|never) (?:had|got|received|seen) (?:my |the |a |any )?(?:money back|refund)|(?:where(?: is|'s)|chasing) (?:my |the )?(?:refund|money)|not had my money back|have not had my money|still processing|still says processing|says processing)\b/,
  },
  {
    reason: 'complaint: no response',
    weight: 2,
    re: /\b(?:no (?:reply|replies|response|responses|answer|answers|one answers|one replies|one cares|one has|one tells|one picks|one got|one called|one came|one turned|one knows|one bothered|one has got back|call ?back|callback|contact|explanation|updates?|information|info|help|communication|acknowledg\w*)|(?:nobody|no one) (?:answers|replies|cares|has|tells|picks|got|called|came|turned|knows|bothered|is answering|seems|helped|helps|showed|offered|apologised|apologized|listened|listens|checked|explained)|(?:never|not) (?:heard|replied|responded|answered|called|rang|got back|get back|returned)|(?:have|has) not (?:heard|replied|responded|answered|called|got back|been in touch)|ignor(?:ed|ing)|on hold|hold music|explain everything|from scratch|(?:same|one) (?:issue|problem|question) (?:again|over)|passed (?:around|from pillar)|round in circles|going round|call(?:ed)? back (?:never|not)|promised (?:a |to )?(?:call|callback|call ?back|refund|update|engineer)|still waiting for (?:the |a |my )?(?:call|callback|call ?back|reply|response|answer|engineer)|(?:chat|line|support) (?:closes|closed|is closed)|three emails|(?:two|three|four|five|\d+) (?:emails|calls|messages) (?:and|later)|no one has got back|do not answer|not answering|never answer)\b/,
  },
  {
    reason: 'complaint: cancelled or no-show',
    weight: 2,
    re: /\b(?:cancel(?:l)?ed (?:my|our|the|on us|on me|it|again|twice|at the last)|cancel(?:l)?ing (?:my|our|the)|(?:flight|train|appointment|booking|reservation|delivery|slot|order|engineer|visit|installation|class|event) (?:was |has been |got |been )?cancel(?:l)?ed|(?:engineer|driver|courier|technician|plumber|fitter|installer|he|they|nobody|no one) (?:never|did not|has not|have not) (?:showed|turned up|came|arrived|show|turn up|come)|no[- ]show|stood (?:me |us )?up|overbooked|bumped (?:me|us|off))\b/,
  },
  {
    reason: 'complaint: poor service',
    weight: 2,
    re: /\b(?:(?:food|meal|dinner|pizza|order|coffee|chips|burger|it) (?:was|were|arrived|came|is) (?:stone |completely |totally |really |so |very )?(?:cold|burnt|raw|inedible|wrong|soggy|stale|late)|arrived cold|served cold|(?:staff|waiter|waitress|manager|driver|agent|advisor|guy|woman|man|lady|cashier) (?:was |were )?(?:rude|chatting|ignored|on (?:their|his|her) phone|laughed|shouted|swore)|(?<!\b(?:i|we) )(?:forgot|forgotten) (?:our|my|the)|only one (?:till|checkout|person|staff|member|cashier|counter)|out of order|not seated|were not seated|was not seated|(?:was|were|been|is|are) empty|empty (?:shelves|by)|no stock|out of stock again|(?:dirty|sticky|filthy|smelly) (?:tables?|toilets?|floors?|room|rooms|bathroom)|toilets were|no (?:one|body) (?:at|on) the (?:till|desk|counter|reception))\b/,
  },
  {
    reason: 'complaint: repeated problem',
    weight: 1.5,
    re: /\b(?:(?:second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d+(?:st|nd|rd|th)|(?:two|three|four|five|six|\d+) times?) (?:time|times|week|month|day|call|attempt|email|visit|delivery|order)?\s?(?:in a row|this (?:week|month|year)|running|now|calling|asking|chasing|this)|yet (?:again|another)|again and again|every (?:single )?time|(?:keeps|keep) happening|always (?:late|wrong|broken|down|missing|cancelled|the same)|(?:still|again) (?:broken|down|wrong|missing|late|not)|same (?:issue|problem|thing) (?:again|every|as))\b/,
  },
  { reason: 'complaint: dissatisfied', weight: 2, re: /(?:\.{2,}|,|-|!|emj_\w+) ?not[.!]*$/ },
  {
    reason: 'complaint: refused or blocked',
    weight: 2,
    re: /\b(?:was told no|were told no|told (?:me|us) no|refused|refusing|refuses|(?:would|will|did) not (?:let|help|accept|honou?r|refund|exchange|replace|budge|listen|take)|not honou?r\w*|would not accept|turned (?:me|us) away|no record|(?:lost|misplaced) (?:my|our|the) (?:booking|order|reservation|details|application|file|paperwork|claim)|could not find (?:my|our|the|any) (?:booking|order|reservation|parcel|record)|no trace|(?:tried|trying|try) to (?:use|pay|log ?in|login|book|order|return|get|call|contact|cancel|speak|reach|claim|redeem|collect|change|top up|sort|report|complain|unsubscribe|get through)|(?:nothing|not much) (?:they|we|you|he|she) (?:could|can) do)\b/,
  },
  {
    reason: 'complaint: not what was paid for',
    weight: 2,
    re: /\b(?:(?:meant|supposed) to be\b[^.!?]{0,30}\b(?:getting|only|but|not|instead|actually)|paying for (?:something|a service|\w+ )?(?:that )?(?:i am|we are) not getting|not getting what (?:i|we) (?:pay|paid)|paid (?:for|extra for)\b[^.!?]{0,40}\b(?:and|but) (?:got|received|only|was|were|they|ended up|still)|(?:want|demand|expect|need) (?:my|our|a full|a) (?:money back|refund)|give (?:me|us) (?:my|our) money back|refund me|i want compensation|demand compensation|(?:\d+|one|two|three|four|five|six|a few|some) (?:\w+ )?short\b|short[- ]?(?:changed|delivered)|(?:was|were|came) short)\b/,
  },
  {
    reason: 'complaint: property damage',
    weight: 2,
    re: /\b(?:dropped|smashed|scratched|dented|damaged|broke|hit|reversed into|crashed into|drove into|backed into|ran over|scraped|flooded|ruined|stained|ripped up)\b(?: \w+){0,4} (?:my|our) (?:car|van|fence|gate|door|wall|floor|window|garden|drive|driveway|property|house|home|bike|kitchen|carpet|ceiling|lawn|furniture|sofa|roof|bathroom|stuff|belongings)\b|\bdrove off\b/,
  },
  {
    reason: 'complaint: poor conditions',
    weight: 2,
    re: /\b(?:smelled|smelt|smells|smelling|stank|stinks|reeked|reeks) (?:of|like) (?:damp|smoke|sewage|urine|wee|mou?ld|bleach|cigarettes|drains|bins|vomit|sick)\b|\bkept (?:us|me|the baby|the kids) (?:awake|up)\b|\b(?:could|can) not sleep\b|\bno sleep\b|\b(?:rattl\w*|noisy|so loud|damp|mou?ldy walls|cockroach\w*|bed ?bugs?)\b/,
  },
  { reason: 'complaint: sarcasm', weight: 1, re: /\b(?:is a (?:choice|bold choice|interesting choice)|what a (?:joke|time to be alive)|make it make sense|since when\b|you could not make it up|cannot make this up|classic \w+)\b/ },
  { reason: 'complaint: billing problem', weight: 1.5, re: /\bcharg(?:e|es|ing) (?:you |me |us |customers |people |passengers )?\W?\d+\W?\d* (?:to|for|just to)\b/ },
  { reason: 'complaint: fault reported', weight: 1, re: /\b(?:(?:i would like|i need|i want|please send|send me) (?:a |another )?(?:replacement|new one|refund|exchange)|what (?:is|are) you going to do)\b/ },
  {
    reason: 'complaint: fault reported',
    weight: 2,
    re: /\b(?:did not (?:even )?(?:knock|ring|try|bother|wait|check|turn up)|(?:does|did) not exist|non-?existent|(?:clasp|handle|strap|zip|zipper|heel|sole|leg|lid|screen|button|wheel|hinge|buckle|chain|string|cable|lock|key|door|pump|seam|bracket|frame|arm|stitching)s? (?:has |had |just )?(?:broke|broken|snapped|came off|fell off|came loose|split)\b|(?:flashing|blinking|solid|steady) (?:red|orange|amber)|(?:red|orange|amber) light|warning light|(?:after|since|even though|when) (?:i|we) (?:unsubscribed|opted out|cancelled|asked you not to|told you|closed|left)|stop (?:sending|emailing|calling|texting|messaging|charging|taking)|(?:toilets?|doors?|lifts?|elevators?|escalators?|gates?|lockers?|machines?)\b[^.!?]{0,30}\b(?:were|was|are|is|been) (?:all )?(?:locked|closed|broken|shut|out of (?:order|use|service)|not working)|(?:more interested in|on) (?:their|his|her) phones?|paid \W?\d+\W?\d* for (?:a|an|the|some|this|that)\b[^.!?]{0,40}\b(?:that|which|and|but) (?:was|were|is|are|tasted|arrived|came)|(?:was|were|is|are) (?:mostly|just|all|basically) (?:ice|water|air|packaging|bone|fat|froth|foam))\b/,
  },
  {
    reason: 'complaint: fault reported',
    weight: 2,
    re: /\b(?:(?:i|we) was in|(?:i|we) were in|i was home|we were home|was in all day|signed for by\b[^.!?]{0,60}\b(?:never|not me|no one|nobody|do not know)|never seen (?:this|that|the) (?:person|parcel|package|item)|paying for \w+ and getting \w+|paid for \w+ and got \w+|not (?:a single|one) (?:of (?:the|them|my) )?(?:\w+ ){0,4}(?:worked|works|working|arrived|fit|fits|was right|turned up)|none of (?:the|them|my) (?:\w+ ){0,2}(?:worked|work|arrived|fit|fits)|nothing like (?:the|what|in the) (?:pictures?|photos?|description|advert|images?|website|listing)|(?:removed|deleted|cancelled|wiped) (?:all )?(?:my|our) (?:\w+ ){0,2}(?:before|after|without|days before|right before))\b/,
  },
  { reason: 'complaint: wrong item', weight: 1.5, re: /\bordered (?:a|an|the|one|two|three|\d+|my) [^.!?,]{1,30}?[,.]? (?:and |but |and i |but i |and we )?(?:got|received|they sent|you sent|was sent|came as|arrived as|turned up as|delivered) (?:a|an|the|one|two|three|\d+|some|someone)\b/ },
  { reason: 'complaint: slow', weight: 2, re: /\b(?:so|too|very|really|painfully|incredibly|ridiculously|super|unbearably|extremely|always|still)? ?(?:slow|slower|slowest|sluggish|laggy|lagging)\b(?! cook\w*| roast\w*| burn\w*| fashion| motion| living| food)/ },
  { reason: 'complaint: long wait', weight: 2, re: /\b(?:(?:wait|waits|waiting|queue|queues|delay|delays|hold|journey|wait time|waiting time)s? (?:was|were|is|are|has been) (?:so |really |very |too |ridiculously |painfully |way too )?(?:long|ages|forever|massive|huge|insane|crazy|ridiculous|unacceptable)|(?:long|endless|huge|massive|ridiculous) (?:wait|waits|queue|queues|delay|delays)|waited (?:ages|forever|so long|too long)|(?:came|arrived|turned up|got here) (?:\w+ ){0,3}late(?:r)?)\b/ },
  {
    reason: 'complaint: still unresolved',
    weight: 2,
    re: /\b(?:(?:and|but|yet|now|it is|is) still (?:nothing|no sign|no word|no news|no update|no answer|no reply|no one|nobody|not)|still (?:nothing|no sign|not here|not arrived|not fixed|not sorted|not resolved|not received|not working|no word|no news|no update|no answer|no reply|no response|waiting|broken|down|unresolved)|still (?:sending|emailing|texting|calling|posting|chasing|taking|charging|billing|debiting|renewing)(?: me| us)?(?: \w+)?(?: (?:bills?|invoices?|emails?|letters?|texts?|reminders?|money|payments?))?|(?:i|we) (?:cancelled|closed|left|ended|terminated|returned|paid)\b[^.!?]{0,60}\b(?:but|yet|and) (?:you|you are|you have|they|it|it is|i am|i have|still)\b[^.!?]{0,30}\bstill)\b/,
  },
  {
    reason: 'complaint: disputing the charge',
    weight: 2,
    re: /\b(?:disput(?:e|es|ed|ing)|chargeback|charge back|raise a claim with my bank|section 75|if (?:this|it) (?:is not|does not get|does not|is not) (?:sorted|resolved|fixed|refunded)|if (?:i|we) do not (?:get|hear|receive))\b/,
  },
  { reason: 'complaint: fault reported', weight: 1, re: /\b(?:problem|problems|issue|issues|fault|faults|trouble|complaint|complain\w*|mistake|mix ?up|not happy|wrong|late|delayed|delay|delays|overdue|stuck|waiting|waited|queue\w*|(?<!\b(?:i|we) )forgot|(?<!\b(?:i|we) (?:have )?)lost|expensive|pricey|confusing|(?:so|too|really|very|ridiculously|impossibly) (?:hard|difficult|complicated) to|a mess|what a mess|mess\b|unreliable|inconsistent|cancel(?:l)?ed)\b/ },
  {
    reason: 'complaint: asks why something is wrong',
    weight: 2,
    re: /(?:^|[.!?] )(?:but |so |and |seriously )?(?:why (?:does|do|is|are|has|have|did|would|can|does|was|were|am|on earth|the hell|tf|the)|how come|how (?:is|are) (?:you|it|this) (?:still|allowed|so)|how (?:many|much longer) (?:more )?(?:times|days|weeks|hours|months|calls)|what (?:is|am i|are you) (?:going on|supposed to|paying for|doing about)|what am i supposed to do|explain\b(?! how)|is anyone (?:else'?s?|else) (?:\w+ )?(?:having|getting|not|down|also)|anyone else (?:having|getting|had|with|experiencing|lose|lost|got)|is it (?:just me|only me))/,
  },
  { reason: 'complaint: repeated problem', weight: 1, re: /\b\d+ times (?:a|per|every|each) (?:day|week|month|hour)\b/ },
];

/** Long waits with no sentiment word at all: "2 weeks and still no refund", "day 9 without internet", "since 8am". */
const NUM = '(?:\\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|several|few|couple of|many|over|nearly|almost)';
const DURATION = new RegExp(
  String.raw`\b(?:${NUM}(?: (?:more|whole|full|long))? (?:minutes?|mins?|hours?|hrs?|days?|weeks?|wks?|months?|years?|working days?)|day (?:\d+|two|three|four|five|six|seven|eight|nine|ten)|(?:\d+(?:st|nd|rd|th)|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth) (?:day|week|month)|since (?:\d{1,2}(?:[:.]\d\d)? ?(?:am|pm)|\d{1,2}(?:[:.]\d\d)|monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|last (?:\w+)|this morning|the \d+(?:st|nd|rd|th)?|january|february|march|april|may|june|july|august|september|october|november|december|christmas|easter)|(?:ages|forever))\b`,
);
const WAIT_CONTEXT = /\b(?:still|wait\w*|on hold|hold|queue\w*|stuck|delay\w*|late|no|not|nothing|without|never|took|taking|takes|later|and counting|since|yet|until|till|only|for|been|after|now|chas\w*|over)\b/;
const FAST = /\b(?:within|in (?:just |only |under |less than )?(?:\d+|one|an?|two|five|ten|half an?)|under|less than|same|next|early|earlier|ahead|only took|took only|just took|took just|fixed|sorted|resolved|open|opening|every|per|a day|for life|years? (?:old|ago)|ago|free|trial|guarantee|loyal|customer for|been with)\b/;

// ---------------------------------------------------------------------------------------------------------------
// Praise. Positive words only count when not negated ("not good" is dissatisfaction, above).

/** Praise said with a negative word: "not bad at all", "can't fault them", "no complaints". */
const PRAISED_NEGATION =
  /\b(?:not (?:too |that |so |half )?bad|can not fault|could not fault|nothing to fault|no complaints?|could not be happier|could not ask for (?:more|better|anything more)|could not have asked for|not disappointed|never disappoints?|never fails? to|never let me down|never miss(?:es)?|no (?:problems?|issues?|hassle|fuss|regrets) at all|not a problem|was not expecting that|did not expect (?:it|that|them|this) to be so|can not recommend (?:\w+ )?(?:enough|highly enough)|could not recommend (?:\w+ )?(?:more|enough|highly enough)|can not thank (?:you|them|\w+) enough|could not thank|second to none|not a single (?:problem|issue|complaint))\b/;

/** A negator in the two words before a praise word: "not helpful", "never friendly", "nobody helped". */
const NEGATED_BEFORE = /\b(?:not|never|nobody|no one|noone|nothing|no)(?: \w+)? $/;
const PRAISE: { reason: string; weight: number; re: RegExp; negatable?: boolean }[] = [
  { reason: 'praise: praise despite a negative word', weight: 2.5, re: PRAISED_NEGATION },
  { reason: 'praise: compliment', weight: 1.5, re: /\b(?!worst|slowest|rudest|longest|hardest|dirtiest|saddest|weakest|poorest|latest|biggest|highest)[a-z]+est (?:\w+ ){0,3}(?:ever|i have ever|in years|in ages)\b/ },
  { reason: 'praise: thanks', weight: 1, re: /\b(?:thanks|thank you|thanking|cheers|much appreciated|appreciate (?:it|you|that|this|the|all|your)|grateful|gratitude|kudos|shout ?out|hats off|props to|big up|ta very much|bless you)\b/ },
  {
    reason: 'praise: compliment',
    weight: 2,
    negatable: true,
    re: new RegExp(
      String.raw`\b(?:love|loves|loved|loving|lovely|brilliant|amazing|amazed|awesome|excellent|fantastic|fabulous|superb|outstanding|wonderful|perfect|perfection|spotless|impressed|impressive|delicious|tasty|yummy|gorgeous|beautiful|stunning|friendly|helpful|kind|polite|patient|professional|efficient|speedy|smooth|painless|seamless|reliable|legends?|heroes|hero|gem|faultless|flawless|delighted|thrilled|chuffed|satisfied|obsessed|killing it|killed it|slaps|banging|goat|magic|magical|lifesaver|life saver|saved (?:the day|me|my)|above and beyond|extra mile|well done|good job|great job|nice one|nice work|top job|top notch|top class|5 stars?|five stars?|10\/10|recommend\w*|will be back|be back soon|coming back|come again|(?:order|buy|shop|book|fly|stay|eat|visit|use) (?:\w+ )?again|keep it up|keep up the|can not wait to (?:try|visit|go back|come back|order|get|see|taste|use|wear|eat)|favourite|proud|congrat\w*|well deserved|about time|so good|so much better|much better|the best|best (?:\w+ )?(?:ever|in town|i have|around)|genuinely|pleasure|a treat|spot on|cracking|class act|epic|incredible|exceptional|sublime|divine|heavenly|dreamy|yum|bravo|fab\w*|happy (?:with|customer|bunny)|very happy|so happy|really happy|pleased with|great (?:service|job|food|value|experience|staff|team|product|quality|stuff|price|prices|selection|range|place|work|support|help|coffee)|good (?:service|value|food|quality|job|stuff|experience|price|prices)|(?:is|are|was|so|straight|pure|absolute|proper|looks) (?:fire|sick|lit|class|quality|gold|elite)\b|should be illegal|to die for|can not believe how (?:fast|quick|quickly|good|easy|great|amazing|helpful|lovely|cheap|kind|friendly|nice|smooth|well)|absolute star|(?:an?|real|total|such a) (?:star|superstar|rockstar|legend|gem)|superstar|rockstar|game changer|(?:quickest|fastest|easiest|cutest|prettiest|comfiest|softest|tastiest|freshest|cheapest|smoothest|friendliest|nicest|tastiest|cleanest|speediest|loveliest|greatest|kindest|most helpful|most friendly)\b|(?:you|you lot|you guys|team|they|kitchen|chef) (?:are|were|is) on fire|on fire (?:today|tonight|lately|this (?:week|year|season)|with)|(?:faster|quicker|better|cheaper|sooner|easier|nicer|tastier|bigger) than (?:i |we )?(?:expected|thought|hoped|imagined|anticipated)|exceeded (?:my |our |all )?expectations|worth every penny|value for money)\b`,
    ),
  },
  { reason: 'praise: compliment', weight: 1, negatable: true, re: new RegExp(String.raw`\b(?:good|great|nice|best|better|quick|quickly|fast|easy|happy|sorted|fixed|resolved|helped|cool|fine|decent|solid|neat|sweet|fresh|clean|friendly|welcoming|cosy|cozy|fun|enjoy\w*|(?:i|we|really|kids|they) (?:like|liked|likes) (?:it|this|the|your|them)|helped|helps)\b`) },
];

const GREETINGS = /\b(?:happy (?:friday|monday|tuesday|wednesday|thursday|saturday|sunday|weekend|birthday|bday|christmas|xmas|new year|easter|holidays|diwali|eid|hanukkah|halloween|thanksgiving|mothers day|fathers day|valentines?)|good (?:morning|afternoon|evening|night|luck)|merry (?:christmas|xmas))\b/g;

// ---------------------------------------------------------------------------------------------------------------
// Questions and requests.

const QUESTION_FRAME =
  /(?:^|[.!?,] |\b(?:hi|hello|hey|morning|evening|afternoon|please|quick question|just wondering|question)\b[,!.]? ?)(?:do|does|did|is|are|was|were|can|could|will|would|have|has|should|may|might|shall|where|when|what|which|how|whats|wheres)\b[^.!]*\?|\b(?:can you|could you|would you|will you|can i|could i|do you|does (?:it|this|the|that|your)|is there|are there|is it|is this|are you|are these|how do|how can|how much|how long|how many|how does|what time|what is|what are|when is|when does|when do|when will|when are|where is|where can|where do|which (?:one|is|plan|size)|any (?:chance|news|idea|update|plans)|wondering (?:if|whether|when|how|what)|(?:does )?any(?:one|body) know (?:if|whether|when|where|how|what|why)|do i need|have you got|got any)\b/;
const REQUEST =
  /\b(?:please (?:send|call|ring|help|advise|confirm|check|let me know|can|could|update|change|cancel|reset|sort|look|contact|email|dm|message|deliver|arrange|book|add|remove)|(?:i|we) (?:would like|want|need|am looking|are looking|am hoping|are hoping|wish) to (?:buy|order|book|switch|upgrade|get|sign up|join|know|change|update|cancel|add|move|return|exchange|make|reserve|speak|talk|find)|looking to (?:buy|upgrade|switch|get|order|book|join|sign)|ready to (?:buy|order|book|sign|switch|upgrade|join|pay|go)|can (?:someone|somebody|anyone) (?:call|ring|help|contact|get back|email|dm|message|tell)|i need (?:help|to know|some help|assistance|advice)|help me (?:with|to|find|understand|change|get|update|reset)|let me know|how to)\b/;

const TOPICS: { topic: QuestionTopic; re: RegExp }[] = [
  { topic: 'buying', re: /\b(?:(?:i|we) (?:would like|want|need|am looking|are looking|am hoping|are hoping) to (?:buy|order|book|switch|upgrade|get|sign up|join|reserve|purchase|take out)|looking to (?:buy|upgrade|switch|get|order|book|join|sign|purchase)|ready to (?:buy|order|book|sign|switch|upgrade|join|pay|purchase|go)|(?:can|could) (?:i|we) (?:still )?(?:order|book|buy|get|reserve|purchase|pre-?order|sign up|upgrade|switch)|how (?:do|can) (?:i|we) (?:buy|order|book|sign up|join|upgrade|switch|purchase|pre-?order)|book a (?:table|room|slot|appointment|flight|session|class|test drive)|(?:business|bulk|trade|group|corporate) (?:discount|order|pricing|rate|account)|(?:get|send|give) (?:me |us )?a quote|in stock (?:\w+ ){0,4}(?:collect|today|buy|pick up)|(?:can|could) (?:someone|somebody|you) call me|want to (?:buy|order) (?:\w+ ){0,3}today|(?:thinking of|thinking about|considering|looking at|interested in) (?:switching|moving|joining|signing up|upgrading|buying|ordering|booking|getting|taking out))\b/ },
  { topic: 'account', re: /\b(?:my account|the account|account (?:details|number|settings)|(?:my|account|reset|resetting|change|changing|forgot|forgotten|new) (?:password|passcode)|password (?:reset|for my|on my)|log ?in|login|sign ?in|username|direct debit|standing order|bank details|payment (?:details|method|date)|card details|email address (?:on|for)|my details|my (?:plan|contract|tariff|subscription|bill|membership|balance|statement|pin|sim|number|meter|credit|points|loyalty card)|reset (?:my|the)|update (?:my|the) (?:details|address|email|number|card|payment)|change (?:my|the) (?:details|address|email|number|card|payment|plan|password|name|tariff)|two[- ]factor|2fa|verification code|statement|invoice|billing|my (?:policy|insurance|cover|renewal|claim|card|pension|mortgage|loan|overdraft|savings)|payees?|new payee|standing orders?)\b/ },
  { topic: 'order', re: /\b(?:my order|the order|order (?:#|no|number|ref|\d)|#\d{3,}|my (?:delivery|parcel|package|booking|reservation|replacement|refund|return|collection|item|items|purchase|appointment)|delivery (?:address|slot|date|time)|tracking|track (?:my|the)|replacement|(?:send|deliver|post) (?:\w+ ){0,3}to (?:\d+|my|our|a new|the new)|(?:return|exchange) (?:my|this|the|it|an?)|where(?: is|'s) my|change (?:the )?delivery|delivered to|collect (?:my|the) (?:order|parcel))\b/ },
  { topic: 'opening hours', re: /\b(?:open|opening|close|closing|closed|hours|opening times)\b[^.?!]{0,40}\b(?:today|tomorrow|tonight|sunday|monday|tuesday|wednesday|thursday|friday|saturday|weekend|bank holiday|holiday|christmas|boxing day|new year|easter|eve|late|times|hours|until|till)\b|\bwhat time (?:do|does|are|is) (?:you|it|the|they)\b[^.?!]{0,30}\b(?:open|close|shut)|\b(?:are|is) (?:you|the \w+(?: \w+)?) (?:still )?open\b|\bopening (?:times|hours)\b/ },
  { topic: 'policies', re: /\b(?:price match|policy|policies|allowance|allowed|permitted|do you deliver|deliver to|delivery (?:charge|cost|fee)|free delivery|returns?|refunds?|warranty|guarantee|dogs?|pets?|parking|car park|accessible|wheelchair|student discount|age limit|id to|insurance|cover|terms|cancellation|how long does (?:delivery|shipping|it take))\b/ },
  { topic: 'products', re: /\b(?:do you (?:sell|stock|have|do|make|carry|offer)|(?:will|would) you (?:stock|sell|bring back|have|do|restock)|stock|in stock|restock|size|sizes|colour|colours|available|availability|range|come in|suitable|gift cards?|vouchers?|options?|menu|vegan|vegetarian|gluten|halal|kosher|dairy|ingredients|plans?|difference between|compatible|work with|does (?:it|this|the)|is (?:it|this) (?:\w+ )?(?:available|in stock|suitable|waterproof|compatible)|next drop|new (?:range|collection|menu|model|phone)|release|launch|dark mode|feature|branch|store in|shop in|near me)\b/ },
];

// ---------------------------------------------------------------------------------------------------------------
// Other: spam, chatter and suggestions.

const SPAM =
  /\b(?:free (?:followers|likes|views|money|iphone|gift ?cards?|giveaway)|followers? (?:fast|cheap|instantly)|get (?:\d+k?|more) (?:followers|likes|views|subscribers)|\d+k followers|buy (?:followers|likes)|dm (?:me|for|now)|message me (?:for|now)|check (?:out )?my (?:page|profile|bio|channel|store|shop)|link in (?:my )?bio|click (?:here|the link|link|below)|earn \W?\d+|make \W?\d+\w* (?:a|per) (?:day|week)|(?:make|earn) money|from home\b[^.]{0,20}\b(?:earn|income|money)|crypto|bitcoin|forex|investment opportunit\w*|promo code|use my code|follow (?:me|back|for follow)|f4f|sub4sub|follow4follow|onlyfans|whatsapp me|telegram me|cash app|sugar daddy|hot singles|win (?:an? )?(?:iphone|ipad|prize))\b/;
const CHATTER = /^(?:lol |omg )?(?:same|mood|this|first|me|us|literally me)[!. ]*(?:lol)?$|\b(?:lol|omg|haha|bruh|who else|anyone (?:else )?(?:watching|remember|here|going)|who is (?:watching|here)|remember when|nice (?:pic|pics|picture|photo|photos|shot|video|vid|one of you)|cute|tag (?:someone|a friend|your)|look at this|like it is a|like it's a|vibes?)\b/;
const SUGGESTION = /\b(?:would be (?:nice|great|good|better|amazing|handy|useful) if|you (?:guys |really )?(?:should|could) (?:do|have|add|bring|make|start|open|sell|stock|offer|consider|think)|please bring back|bring back the|my suggestion|(?:a |one )?suggestion|it would be great if|(?:i|we) wish you (?:would|had|could|did|sold|stocked)|why not (?:do|add|have|offer|sell|stock)|you (?:guys )?need to (?:do|add|bring|stock|offer))\b/;

/**
 * A safety net for phrasings no family names: in a grievance, a word of harm or compromise is enough to put a person
 * on it now. Errs towards critical, because a missed safety or security post is the failure the product exists to
 * prevent; the reason says it is a check, not a finding.
 */
const RISK_SAFETY =
  /\b(?:gas|fumes|smoke|flames?|fire|burn(?:s|ed|ing)?(?! (?:my |our |your |a hole |through )?(?:money|cash|wallet|savings|budget|through|hole|data|bridges))|burnt (?:my|his|her|their|our|me|him|us)|blister\w*|scald\w*|glass|needles?|blood|bleed\w*|hospital|a ?& ?e|ambulance|doctor|gp|paramedics?|poison\w*|allerg\w*|reaction|rash|hives|vomit\w*|(?<!is )sick(?! of| and tired| to death)|unwell|chok\w*|injur\w*|hurt|fell(?! apart| off| out of love| for)|fallen|fractur\w*|electric\w*|shock(?:ed|s)? (?:me|him|her|us)|spark\w*|wires?|explod\w*|contamin\w*|mou?ld\w*|insects?|maggots?|rodents?|droppings|dangerous|unsafe|hazard\w*|toxic|chemicals?|carbon monoxide|asthma|seizure|faint\w*|unconscious|can not breathe|breathing)\b/;
const RISK_SECURITY =
  /\b(?:hack\w*|fraud\w*|phish\w*|stolen|steal\w*|theft|breach\w*|unauthori[sz]ed|identity|impersonat\w*|suspicious|compromised|not me|was not me|did not (?:ask|request|authori[sz]e|make|sign)|never (?:asked|requested|authori[sz]ed|signed up))\b/;

/** The last contrast word: "great food but the wait was long", "late, but the driver was lovely". */
const CONTRAST = /\b(?:but|however|though|although|except|shame|pity|yet)\b(?!.*\b(?:but|however|though|although|except)\b)/;

const SAFE_QUESTION = /\b(?:is|was|are) (?:this|it|that|they|these) (?:even |still |actually )?(?:safe|dangerous|a fire risk|a hazard)\b|\bsafe to (?:use|eat|drink|touch|keep using)\b/;

const SUGGESTIONS = new RegExp(SUGGESTION.source, 'g');

const SARCASM_OPENERS =
  /(?:^|[.!?] )(?:oh |wow,? |well |yay,? |so |just )?(?:great|brilliant|lovely|fantastic|perfect|wonderful|amazing|excellent|cheers|nice one|nice|thanks|thank you|well done|good job|awesome|super|marvellous|splendid|fab|genius|classic|typical|love it|gotta love it|bravo|cool)[.!,]* ?(?=[.!?]|$|,)|\boh (?:great|brilliant|lovely|good|joy|wonderful|fantastic|perfect|fab|super|marvellous|cool)\b|\b(?:just|really|totally|absolutely|gotta|got to|have to) (?:love|loving|adore)\b|\blove (?:how|that|it when|when|being|having|paying|waiting)\b|\bthanks (?:a lot|so much|a bunch|for nothing)\b[^.!?]*\b(?:not|no|never|again|hours?|days?|weeks?)\b|\b(?:really|so|truly) appreciate (?:it|that|this)\b[^.!?]*emj_eyeroll|\b(?:thanks|thank you|cheers|ta) (?:so much |a lot )?for (?:leaving|ruining|cancelling|losing|breaking|wasting|ignoring|charging|overcharging|making me wait|keeping me waiting|nothing|the (?:\w+ )?(?:delay|wait|runaround|hassle|stress)|messing|not)\b|\byeah right\b|\bwhat a (?:joke|surprise|shocker)\b|\bshock horror\b|\bwho knew\b|\b10 ?\/ ?10\b|\b(?:as|like) always\b|\bgenius\b|\bsuper helpful,? not\b|\bnot\.?$/;

// ---------------------------------------------------------------------------------------------------------------

function sentencesOf(text: string): string[] {
  return text.split(/(?<=[.!?])\s+/);
}

function matchAll(text: string, families: { reason: string; weight: number; re: RegExp; negatable?: boolean }[]): Hit[] {
  const hits: Hit[] = [];
  for (const f of families) if (f.negatable ? hasUnnegatedMatch(text, f.re) : f.re.test(text)) hits.push({ reason: f.reason, weight: f.weight });
  return hits;
}

/** Some match of `re` that no negator precedes (checked after matching: a leading lookbehind is slow). */
const GLOBAL = new Map<RegExp, RegExp>();
function hasUnnegatedMatch(text: string, re: RegExp): boolean {
  let global = GLOBAL.get(re);
  if (!global) GLOBAL.set(re, (global = new RegExp(re.source, 'g')));
  global.lastIndex = 0;
  for (let m = global.exec(text); m !== null; m = global.exec(text)) {
    if (!NEGATED_BEFORE.test(text.slice(Math.max(0, m.index - 24), m.index))) return true;
  }
  return false;
}

function findThreats(text: string, mentions: string[]): string[] {
  const found = new Set<string>();
  const cleaned = text.replace(THREAT_EXCUSES, ' ');
  for (const sentence of sentencesOf(cleaned)) {
    for (const t of THREAT_TERMS) {
      const m = t.re.exec(sentence);
      if (!m) continue;
      if (t.needsVerb && !ESCALATION_VERB.test(sentence.replace(m[0], ' '))) continue;
      if (t.reason === 'threat: regulator') {
        const name = REGULATOR_NAMES.find(([re]) => re.test(sentence))?.[1];
        found.add(name ? `threat: regulator (${name})` : 'threat: regulator');
      } else found.add(t.reason);
    }
  }
  if (mentions.some((h) => PRESS_HANDLE.test(h))) found.add('threat: tags the press');
  return [...found];
}

function findLongWait(text: string): string | null {
  for (const sentence of sentencesOf(text)) {
    const m = DURATION.exec(sentence);
    if (!m) continue;
    const around = sentence.replace(m[0], ' ');
    if (FAST.test(sentence) && !/\b(?:still|took|taking|and counting|waiting|waited|on hold|later|late|instead)\b/.test(sentence)) continue;
    if (/\byears?\b/.test(m[0]) && !/\b(?:still|waiting|waited|chasing)\b/.test(sentence)) continue;
    if (m[0] === 'ages' || m[0] === 'forever') {
      if (/\b(?:wait\w*|took|taking|on hold|queue\w*|been)\b/.test(sentence)) return m[0];
      continue;
    }
    if (WAIT_CONTEXT.test(around) || /^(?:day|since)|(?:st|nd|rd|th|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth) (?:day|week|month)$/.test(m[0])) {
      return m[0].replace(/\bmins?\b/, 'minutes').replace(/\bhrs?\b/, 'hours');
    }
  }
  return null;
}

export function detectSignals(raw: string): Signals {
  const norm = normaliseText(raw);
  const text = norm.text;

  const threats = findThreats(text, norm.mentions);
  let safety: string[] = [];
  for (const s of SAFETY) if (s.re.test(text)) safety.push(`safety: ${s.kind}`);
  // "Dangerous" adds nothing once a named hazard is found.
  if (safety.length > 1) safety = safety.filter((r) => r !== 'safety: reported as dangerous');
  const security: string[] = [];
  for (const s of SECURITY) if (s.re.test(text)) security.push(s.reason);

  // Greetings and the praise words of a suggestion ("it would be great if…") are not praise.
  const praiseText = text.replace(GREETINGS, ' ').replace(SUGGESTIONS, ' ');
  const praise = matchAll(praiseText, PRAISE);
  // "not bad at all" is praise: take the praised negations out before looking for dissatisfaction.
  const complaintText = text.replace(PRAISED_NEGATION, ' ').replace(/\b(?:order|buy|shop|book|fly|stay|eat|visit|use|come) (?:\w+ )?again\b/g, ' ');
  const complaint = matchAll(complaintText, COMPLAINT);
  const longWait = findLongWait(complaintText);
  if (longWait) complaint.push({ reason: `complaint: long wait (${longWait})`, weight: 2 });
  praise.push(...emojiPraise(norm));
  if (norm.emoji.negative > 0) complaint.push({ reason: 'complaint: angry emoji', weight: norm.emoji.negative > 1 ? 1.5 : 1 });

  // Tagging friends with a word or two ("@tom @lucy this weekend??") is chatter too.
  const tagsFriends = norm.mentions.length >= 2 && text.split(' ').filter((w) => /[a-z]/.test(w) && !w.startsWith('emj_')).length <= 4;
  const chatter = CHATTER.test(text) || norm.emoji.laugh > 0 || norm.noWords || tagsFriends;
  // A sentence ending in "?" asks something, unless it is chatter ("who else remembers…?").
  const questionFrame = QUESTION_FRAME.test(text) || REQUEST.test(text) || (!chatter && text.includes('?') && /[a-z0-9][^.!?a-z0-9]*\?/.test(text.replace(/\bemj_\w+/g, '')));
  let questionTopic: QuestionTopic | null = null;
  if (questionFrame) questionTopic = TOPICS.find((t) => t.re.test(text))?.topic ?? 'information';
  // A question with a laugh and no business topic ("is that Sarah in the second photo?? 😂") is chatter.
  const jokeQuestion = questionTopic === 'information' && (norm.emoji.laugh > 0 || /\blol\b/.test(text));

  // "Yet again" and "every time" amplify a grievance; next to praise alone they are praise ("fab service yet again").
  if (praise.length > 0 && complaint.every((h) => h.reason === 'complaint: repeated problem')) complaint.length = 0;
  // A service claim in quotes, shrugged at ("next day delivery" means next week apparently 🤷), is sarcasm on its own.
  const quotedClaim = norm.scareQuotes && (norm.emoji.eyeroll > 0 || /\b(?:apparently|so-called|so called|supposedly|allegedly)\b/.test(text));
  if (quotedClaim) complaint.push({ reason: 'complaint: sarcasm', weight: 2 });
  const complaintFacts = complaint.reduce((s, h) => s + h.weight, 0);
  const realFault = complaint.some((h) => h.weight >= 1.5 && h.reason !== 'complaint: repeated problem');
  const sarcasm =
    quotedClaim ||
    (complaintFacts >= 1 && (SARCASM_OPENERS.test(text) || norm.emoji.eyeroll > 0 || (realFault && (norm.emoji.clap > 0 || norm.scareQuotes))));
  // "Is this safe?" after a reported fault is a safety concern; on its own it is a product question.
  if (safety.length === 0 && realFault && SAFE_QUESTION.test(text)) safety.push('safety: reported as dangerous');

  let contrast: Signals['contrast'] = null;
  const turn = CONTRAST.exec(text);
  if (turn) {
    const tail = text.slice(turn.index);
    if (COMPLAINT.some((f) => f.weight >= 1.5 && f.re.test(tail)) || findLongWait(tail)) contrast = 'complaint';
    else if (PRAISE.some((f) => f.weight >= 2 && f.re.test(tail))) contrast = 'praise';
  }

  const risks: string[] = [];
  if (safety.length === 0 && RISK_SAFETY.test(text)) risks.push('safety: possible hazard, check');
  if (security.length === 0 && RISK_SECURITY.test(text)) risks.push('security: possible compromise, check');

  return {
    norm,
    contrast,
    risks,
    // "Going public" in a post that is all praise is a figure of speech ("telling everyone how good you are").
    threats: praiseDominates(praise, complaintFacts, safety, security) ? threats.filter((t) => !SOFT_THREATS.has(t)) : threats,
    safety,
    security,
    complaint,
    praise,
    questionFrame: questionFrame && !jokeQuestion,
    questionTopic: jokeQuestion ? null : questionTopic,
    sarcasm,
    spam: SPAM.test(text),
    chatter,
    suggestion: SUGGESTION.test(text),
  };
}

/** Threat families that a post full of praise can use as a figure of speech; legal and regulator threats never are. */
const SOFT_THREATS = new Set(['threat: going public', 'threat: mentions the press', 'threat: tags the press']);

function emojiPraise(norm: NormalisedText): Hit[] {
  const score = Math.min(2, norm.emoji.love * 1 + norm.emoji.positive * 0.5 + norm.emoji.clap * 0.5 + norm.emoji.fire * 0.5);
  return score > 0 ? [{ reason: 'praise: positive emoji', weight: score }] : [];
}

/** A post praising in words, with no grievance: going public in it is a figure of speech. (A 🙂 is no praise.) */
function praiseDominates(praise: Hit[], complaintFacts: number, safety: string[], security: string[]): boolean {
  return praise.some((h) => h.reason !== 'praise: positive emoji') && complaintFacts === 0 && safety.length === 0 && security.length === 0;
}
