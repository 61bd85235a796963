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
  | 'medication error'
  | 'vehicle safety'
  | 'product failure with a person at risk'
  | 'reported as dangerous';
export type QuestionTopic = 'opening hours' | 'account' | 'order' | 'buying' | 'products' | 'policies' | 'information';

export interface Hit {
  reason: string;
  weight: number;
}

/**
 * Word gates: a family with a `gate` only runs its (long) pattern when the post holds one of the gate's trigger words
 * — whole words, or stems written "bruis*" (4–6 letters). Any phrasing a family can match contains one of them, so the
 * gate changes no result; it keeps throughput up as the families grow, because most posts trigger none.
 */
/** A gate's index: bit `g & 31` of word `g >> 5` of a GateSet. */
export type WordGate = number;
/** The gates a post opens, as two 32-bit masks (64 gates before any bit is shared). */
type GateSet = [number, number];
/** Trigger word or stem → masks of the gates it opens. */
const GATE_WORDS = new Map<string, GateSet>();
const GATE_STEMS = new Map<string, GateSet>();
const STEM_LENGTHS = [4, 5, 6];
let gates = 0;
function addGate(map: Map<string, GateSet>, key: string, g: WordGate): void {
  const masks = map.get(key) ?? [0, 0];
  masks[g >> 5] |= 1 << (g & 31);
  map.set(key, masks);
}
function gate(list: string): WordGate {
  // Past 64 gates, bits are shared: a shared bit can only open a gate needlessly, never close one wrongly.
  const g = gates++ % 64;
  for (const w of list.split(' ')) {
    if (!w) continue;
    if (w.endsWith('*')) {
      if (!STEM_LENGTHS.includes(w.length - 1)) throw new Error(`gate stem must be 4-6 letters: ${w}`);
      addGate(GATE_STEMS, w.slice(0, -1), g);
    } else addGate(GATE_WORDS, w, g);
  }
  return g;
}
/** The gates a post opens: one map lookup per word and per 4-, 5- and 6-letter prefix. */
const WORD = /[a-z&µ]+|[0-9]+/g;
function gatesOpenedBy(text: string): GateSet {
  let lo = 0;
  let hi = 0;
  for (const w of text.match(WORD) ?? []) {
    let m = GATE_WORDS.get(w);
    if (m !== undefined) {
      lo |= m[0];
      hi |= m[1];
    }
    if (w.length < 4) continue;
    for (let n = 4; n <= 6 && n <= w.length; n++) {
      m = GATE_STEMS.get(w.slice(0, n));
      if (m !== undefined) {
        lo |= m[0];
        hi |= m[1];
      }
    }
  }
  return [lo, hi];
}
function opens(g: WordGate | undefined, open: GateSet): boolean {
  return g === undefined || (open[g >> 5]! & (1 << (g & 31))) !== 0;
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
  /\b(?:report\w*|complain\w*|contact\w*|escalat\w*|go(?:ing)? (?:to|straight)|gone to|went to|straight to|tak(?:e|ing)|took|hear(?:ing|s)?|heard|fil(?:e|ed|ing)|lodg\w*|tell\w*|told|writ(?:e|ing)|wrote|written|pass(?:ed|ing)?|forward\w*|sen(?:d|ding|t)|notif\w*|inform\w*|call(?:ed|ing)?|ring(?:ing)?|rang|email\w*|rais\w*|speak\w*|spoke|talk\w*|alert\w*|involv\w*|get(?:ting)?|will|expect|has your|have your|know about|find out|hearing|see you|refer\w*|flag\w*|submit\w*|open(?:ed|ing)? a (?:case|complaint)|tip\w* off|next stop|be hearing|fill(?:ed|ing)? (?:in|out)|form|goes in|going in|in my drafts|drafted|cc\w*|copied in|copying in|tag(?:ged|ging)?|in touch|on the phone to|dm\w*|messag\w*|phon\w*|post(?:ed|ing)?|shar(?:e|ed|ing)|upload\w*|interested|story|looking into|look into|(?:love|like) to (?:know|hear|see)|would love)\b/;

/** `wholePost`: the pattern reads across sentences (a claim in one, the demand in the next). */
const THREAT_TERMS: { reason: string; re: RegExp; needsVerb: boolean; gate?: WordGate; wholePost?: boolean }[] = [
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
    re: /\b(?:go(?:ing)? public|(?:going|go|goes|will go|is going) (?:on|up on|onto|live on) my (?:youtube|tiktok|channel|blog|page|instagram|facebook|twitter|socials|story|podcast|stories)|(?:make|making|do|doing|film|filming|record|recording|post|posting|write|writing|put|putting|start|starting) (?:a|an) (?:tiktok|video|youtube video|reel|thread|post|blog post|blog|story) (?:about|on|exposing)|(?:all|every one|each|everyone|every single one) (?:of )?my (?:\d+k? )?followers|(?:telling|tell|show|showing|warn|warning) (?:my |all my )?(?:\d+k? )?followers|(?:going to|will|gonna) hear about (?:this|it|how)|let (?:everyone|everybody|people|the world|the whole world|all my \w+|my \w+ followers|the internet)\b[^.!?]{0,30}\bknow|go(?:es|ing)? viral|(?:make|making|ensure|ensuring) sure (?:every\w*|all|the whole|the entire|my|our|people|others|the|other|anyone) [^.!?]{0,50}\b(?:knows?|hears? about|finds? out|sees? (?:this|it|what))\b|make (?:this|it|sure (?:this|it)) (?:go )?viral|(?:make sure )?everyone (?:will )?knows?\b|(?:tell|telling|warn|warning) (?:everyone|everybody|others|other people|people|other customers|the world|all my)|(?:people|customers|everyone) (?:deserve|need|needs|should|have a right|ought) to know|reviews? (?:\w+ )?everywhere|every review site|(?:post|posting|posted|repost\w*|cross-?post\w*|upload\w*|share|sharing|shared|put|putting|spread|spreading|plaster\w*|screenshot\w*)\b[^.!?]{0,40}\b(?:everywhere|all over|every (?:\w+ )?(?:group|site|platform|page|forum|channel)|on (?:tiktok|facebook|reddit|youtube|instagram|twitter|trustpilot|mumsnet|every))|until (?:you|someone|somebody)(?: (?:from|at|in) (?:\w+ ){1,2})? (?:respond|reply|replies|responds|sort|sorts|fix|fixes|answer|answers|contact|contacts|get back|gets back|does something|rings|calls|phones|emails|takes (?:this|it|me) seriously|listens|pays|refunds))\b/,
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
    // Consumer TV and radio programmes, producers and presenters, by kind rather than by name ("ringing Liveline",
    // "emailed A Current Affair", "my cousin is a producer at <show>").
    reason: 'threat: mentions the press',
    gate: gate('side consumer tv radio news breakfast morning current investigative show programme program station channel phone phonein talkback talk air airwaves wireless evening producer producers presenter presenters journalist journalists reporter reporters correspondent correspondents affair tonight fair liveline duffy carte edition kurtis solvers britain watchdog read reads reading story feature segment piece expose exposé investigation'),
    re: /\b(?:consumer (?:show|programme|program|segment|reporter|journalist|affairs (?:show|programme|program))|(?:tv|radio|news|breakfast|morning|current affairs?|investigative|consumer) (?:show|programme|program|station|channel|phone-?in|presenter|producer|host|desk|team|segment)|phone-?in|talk ?back radio|talkback|on (?:air|the radio|the wireless|the airwaves|the evening news|the six o'?clock news)|(?:producers?|presenters?|journalists?|reporters?|correspondents?) (?:at|for|on|from) (?:the )?\w+|a current affair|today tonight|fair go|liveline|joe duffy|carte blanche|inside edition|call kurtis|(?:7|seven) on your side|problem solvers|the one show|good morning britain|rip-?off britain|watchdog|read(?:s|ing)? (?:this|it|my (?:\w+ )?(?:email|letter|message|story|complaint)) out|(?:love|like|want|interested in|run|do|make|cover|write|publish|doing|running) (?:a |the )?(?:story|feature|segment|piece|expos[eé]|investigation) (?:about|on|into|of) (?:you|this|your|how|the way|what|it|companies|them)|(?:story|feature|segment|piece|expos[eé]) (?:about|on|into) (?:you|your (?:company|firm|business|shop|store|lot))|(?:tell|telling|told|give|giving|gave|send|sending|sent|pitch\w*) (?:\w+ ){0,3}(?:my|the|this) story to)\b/,
    needsVerb: true,
  },
  {
    // Content made about the business: "making another tiktok about this", "a thread on how you treat customers".
    reason: 'threat: going public',
    gate: gate('tiktok tiktoks video videos vid vids vlog vlogs reel reels youtube shorts thread threads stories story blog post posts review reviews podcast livestream livestreams lives series expose exposes exposé exposing compilation compilations name naming call calling views likes shares retweets reposts blow blows blowing blew trending trend screenshot screenshots'),
    re: /\b(?:(?:make|making|made|do|doing|did|film|filming|filmed|record|recording|recorded|post|posting|posted|upload|uploading|uploaded|put|putting|write|writing|wrote|start|starting|started|drop|dropping|create|creating|edit|editing) (?:up )?(?:a|an|another|one more|my|the|this|\d+|two|three|a whole|a full|a long|a detailed|a little) (?:\w+ )?(?:tiktoks?|videos?|vids?|vlogs?|reels?|youtube (?:videos?|shorts?)|shorts|threads?|stories|story|blog(?: posts?)?|posts?|reviews?|podcast(?: episode)?s?|livestreams?|lives?|series|exposes?|expos[eé]s?|compilations?)(?: \w+)? (?:about|on|of|exposing|calling out|showing|documenting|detailing|naming)|(?:tiktoks?|videos?|reels?|threads?|vlogs?|posts?) (?:\w+ ){0,2}(?:exposing|calling out|naming and shaming)|nam(?:e|ing) and sham\w*|call(?:ing)? (?:you|them|this company|you lot) out (?:on|publicly|online|in public)|(?:more|million|thousands? of|\d+k?) (?:views|likes|shares|retweets|reposts)|(?:blow|blows|blowing|blew) up (?:online|on \w+)|(?:trending|trend) (?:on|by|tomorrow|tonight)|screenshots? (?:are|is|will be|going) (?:going )?(?:up|out|online|everywhere|public))\b/,
    needsVerb: false,
  },
  {
    // Review-bombing: mobilising others, or one-star reviews announced across platforms or "until" something happens.
    reason: 'threat: going public',
    gate: gate('all members everyone everybody every family friends followers mates colleagues community neighbours relatives network street people others hundreds dozens whole entire star stars google trustpilot tripadvisor yelp facebook amazon until till'),
    re: /\b(?:(?:get|getting|got|ask|asking|asked|tell|telling|told|make|making|having|urge|urging|encourag\w*|rally\w*|mobilis\w*) (?:every(?:one|body)|every single (?:person|one|member)|all (?:my|our|of my|of our) (?:\w+ ){0,2}|my (?:\w+ ){0,2}(?:family|friends|followers|mates|colleagues|group|community|neighbours|relatives|network|street|team)|the (?:whole|entire) (?:family|street|group|office|class|estate|village)|people|others|(?:\w+ )?friends|(?:\d+|hundreds|dozens) of (?:people|friends|members))(?: \w+){0,6} (?:to )?(?:leave|leaving|post|posting|write|writing|give|giving|drop|dropping|rate|rating|review|reviewing|report|reporting|boycott\w*|complain\w*|avoid)\b|(?:one|1|single|zero|0|no)[- ]?star(?:s| reviews?| ratings?)? (?:reviews? )?(?:on|across|everywhere|all over) (?:\w+ )?(?:google|trustpilot|tripadvisor|yelp|facebook|every|all|the app store|play store|feefo|reviews\.io|glassdoor|amazon)\b[^.!?]{0,40}\b(?:and|until|till|plus|,)|(?:google|trustpilot|tripadvisor|yelp|facebook|app store|play store|amazon)(?:,| and| &) (?:\w+ ){0,2}(?:google|trustpilot|tripadvisor|yelp|facebook|app store|play store|amazon|here|everywhere|every)\b[^.!?]{0,40}\buntil|(?:reviews?|one stars?|1 stars?|posts?|comments?) (?:\w+ ){0,4}until (?:you|someone|somebody|i|we|your|the|this|it|my|a manager|head office)\b)/,
    needsVerb: false,
  },
  {
    // Regulators by kind: a consumer/industry word and an institution word ("consumer affairs", "NSW Fair Trading",
    // "telecoms ombudsman", "data protection commission"), plus acronyms of regulators across markets.
    reason: 'threat: regulator',
    gate: gate('affairs commission commissioner authority ombudsman regulator regulators tribunal watchdog standards rights body board scheme consumer consumers fair department dept dot fos afca tio acma comreg ccpc fccpc ncc cbn icasa nersa fsca nafdac cma nhtsa cpsc fda osha puc psc dpc edpb cnil trai sebi rbi irdai cfpb ofsted mhra oia pcc ipso ofcom helpline court forum council bureau agency office'),
    re: /\b(?:(?:consumer|consumers|fair|trading|competition|telecoms?|telecommunications?|communications|energy|utilit(?:y|ies)|water|banking|financial|finance|insurance|aviation|transport(?:ation)?|rail|data protection|privacy|health|food safety|food standards|advertising|gambling|housing|tenancy|motor|vehicle|product safety|public service|public utilit(?:y|ies)|retail|broadcasting|travel|pension|legal services)(?: \w+)? (?:affairs|commission|commissioner|authority|ombudsman|regulator|regulators|tribunal|watchdog|standards (?:agency|authority|board)|rights (?:group|body|commission|organisation|organization)|complaints? (?:body|board|commission|scheme))|consumer(?: \w+)? (?:council|board|bureau|agency|department|dept|office|forum|court|helpline|tribunal|rights)|fair trading|consumer affairs|consumer protection|consumer court|consumer forum|consumer commission|consumer helpline|department of (?:transport(?:ation)?|consumer \w+|fair trading|health|commerce|justice|trade|labou?r)|dot complaint|complaint (?:to|with) (?:the )?(?:dot|department)|fos|afca|tio|acma|comreg|ccpc|fccpc|ncc|cbn|icasa|nersa|fsca|nafdac|cma|nhtsa|cpsc|fda|osha|puc|psc|dpc|edpb|cnil|trai|sebi|rbi|irdai|cfpb|ofsted|mhra|oia|pcc|ipso|ofcom|ombudsman (?:service|services|office|scheme))\b/,
    needsVerb: true,
  },
  {
    // Legal routes named without "lawyer": consumer court, a legal notice, a claim form, "see you in court".
    reason: 'threat: legal action',
    gate: gate('forum consumer district legal notice claim form moneyclaim demand cease small court tribunal arbitration advocate counsel lawyer solicitor attorney win injury'),
    re: /\b(?:consumer (?:court|forum|tribunal)|district forum|legal notice|notice of (?:claim|intended (?:claim|proceedings))|claim form|moneyclaim|money claim online|demand letter|cease and desist|small claims|take (?:you|this|it|them|the company) to (?:court|tribunal|small claims|arbitration)|(?:my|our|an|family) (?:advocate|legal counsel|legal rep\w*)|(?:speaking|spoken|spoke|talking|talked|consulting|consulted) (?:to|with) (?:a|my|our) (?:lawyer|solicitor|attorney|advocate|legal)|no win no fee|personal injury claim|(?:file|filing|filed|lodge|lodging|lodged) (?:a )?(?:claim|case|suit|petition|complaint) (?:in|at|with|before) (?:the )?(?:\w+ )?(?:court|tribunal|forum)|arbitration)\b/,
    needsVerb: false,
  },
  {
    // Veiled threats of retaliation: "see how you like it", "you've got till Friday", "just saying" after a named outlet.
    reason: 'threat: going public',
    gate: gate('like enjoy explain handle react feel till til until'),
    re: /\b(?:(?:see|let us see|lets see|we will see|wonder) how (?:you|ye|they|your (?:boss|bosses|ceo|manager|shareholders|investors|customers|company|head office|pr team)) (?:like|feel about|enjoy|explain|handle|react)|(?:you have|you(?:'ve)? got|you have got) (?:un)?(?:till|til|until) (?:\w+ ){0,2}(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|tonight|end of (?:the )?(?:day|week)|\d{1,2}(?:[:.]\d\d)? ?(?:am|pm)|close of business|cob|eod|noon|midday)\b(?! (?:to collect|to pick|to return|to claim|to use|to book|to order|to redeem)))/,
    needsVerb: false,
  },
  {
    // Content threats in new forms: going live with "the receipts", the business as the topic of tonight's video, a
    // forum or subreddit that "is going to love this", and an audience size claimed next to a demand.
    reason: 'threat: going public',
    gate: gate('live receipts screenshots topic subject star focus r reddit mumsnet forum forums subreddit internet timeline followers subscribers subs viewers k m thousand million'),
    re: /\b(?:go(?:ing|ne|es)?|went|will go|am going) live (?:on|to|with) (?:ig|insta|instagram|tiktok|youtube|yt|facebook|fb|twitch|x|twitter|my \w+|all|the|every)\b|\b(?:live|livestream|stream|video|vid|post|thread|tiktok|reel|story|stories|blog|everywhere|online|public)\b[^.!?]{0,40}\b(?:all|every|with) (?:of )?(?:the |my )?(?:receipts|screenshots)\b|\b(?:receipts|screenshots) (?:are |will be |is |going )?(?:going )?(?:up|out|online|public|live) (?:tonight|today|tomorrow|on)\b|\b(?:you|your (?:company|brand|shop|store|lot|firm|business)|this company)(?: are| will be| are going to be| are gonna be| is| is going to be)? (?:the )?(?:topic|subject|star|focus|feature) of (?:my|tonights|tonight's|tomorrows|tomorrow's|the next|my next|this weeks|this week's|todays|today's|a) (?:\w+ )?(?:video|vid|stream|live|livestream|post|episode|podcast|tiktok|reel|thread|blog|vlog|story)\b|\b(?:the (?:internet|timeline)|my (?:subscribers|audience|community)|twitter|tiktok) (?:is|are|will) (?:going to|gonna|about to) (?:have a field day|have fun with|hear about|lose (?:it|their minds))\b/,
    needsVerb: false,
  },
  {
    // A forum or subreddit that "is going to love this" is sarcasm, never praise: not a soft threat.
    reason: 'threat: posting to a forum',
    gate: gate('r reddit mumsnet forum forums subreddit moneysavingexpert mse group page'),
    re: /\b(?:r\/\w+|reddit|mumsnet|the (?:forums?|subreddit)|moneysavingexpert|mse) (?:is|are|will) (?:going to|gonna|about to) (?:love|enjoy|have a field day|have fun with|hear about|see|lose (?:it|their minds))\b|\b(?:post\w*|shar(?:e|ed|ing)|put(?:ting)?|upload\w*|cross-?post\w*)\b[^.!?]{0,40}\b(?:on|to|in) (?:r\/\w+|the (?:\w+ )?(?:forums?|subreddit)|(?:our|the|my) (?:local|community|village|neighbourhood|estate|mums|parents|school) (?:\w+ )?(?:group|page|forum))\b/,
    needsVerb: false,
  },
  {
    // An audience size claimed next to a demand or a deadline (read across the whole post).
    reason: 'threat: going public',
    gate: gate('followers subscribers subs viewers k m thousand million'),
    re: /\b(?:i have|i have got|got|with|to my|in front of) (?:over |nearly |almost |about |around )?\d+(?:\.\d+)? ?(?:k|m|thousand|million) (?:followers|subscribers|subs|viewers|on (?:tiktok|instagram|ig|insta|youtube|yt|x|twitter|facebook|fb|twitch|threads|snapchat))\b(?=.*\b(?:unless|until|till|your choice|watch this space|(?:or|else) (?:you|your|i will|i am|it goes|this goes|everyone)|videos?|tiktok|post about|know about|refund|sort (?:it|this))\b)/,
    needsVerb: false,
    wholePost: true,
  },
  {
    // A relative or friend in the media who is interested: "my cousin writes for the Herald and is very interested".
    reason: 'threat: mentions the press',
    gate: gate('interested curious keen intrigued'),
    re: /\b(?:my|our|a) (?:[a-z]+[- ]){0,3}(?:writes|works|worked|reports|presents|produces|edits|is an?|was an?)\b (?:for|at|on|with|\w+)?[^.!?]{0,50}?\b(?:and|who|,) (?:\w+ ){0,3}(?:very |really |extremely |quite |super |so |most |rather )?(?:interested|curious|keen to|intrigued)\b(?=[^.!?]*\b(?:why|how|in|about|this|you|your|what))(?<=.*\b(?:writes for|reports for|presents|produces|(?:journalist|reporter|editor|producer|presenter|columnist|correspondent|paper|news|times|post|herald|mail|guardian|telegraph|bbc|itv|sky|radio|tv|magazine|gazette|journal|chronicle|tribune|express|echo|independent|examiner|star|press)\b).*)/,
    needsVerb: false,
  },
  {
    // A named regulator body by its form: "<X> Standards", "<X> Authority/Commission/Ombudsman" with a filing verb.
    reason: 'threat: regulator',
    gate: gate('standards authority commission commissioner ombudsman regulator tribunal'),
    re: /\b(?:report(?:ed|ing)?|complain(?:ed|ing)?|escalat\w*|lodg\w*|fil(?:e|ed|ing)|writ(?:e|ing)|wrote|sen(?:t|d|ding)|forward\w*|going|gone|goes|straight|complaint|case|claims?)\b[^.!?]{0,25}\b(?:to|with) (?:the )?(?:[a-z]+ ){1,3}(?:standards(?: agency| authority| board| office| council| commission)?|authority|commission|commissioner|ombudsman|regulator|tribunal)\b|\b(?:standards|authority|commission|ombudsman|regulator)(?: \w+){0,2} (?:complaint|report|case)s? (?:\w+ )?(?:lodged|filed|submitted|made|raised|opened|sent|going in|done)\b/,
    needsVerb: false,
  },
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
  [/\basa\b|advertising standards/, 'ASA'], [/action fraud/, 'Action Fraud'], [/\bpolice\b/, 'police'], [/environmental health/, 'environmental health'], [/food standards/, 'FSA'],
  [/health and safety executive/, 'HSE'], [/\baccc\b/, 'ACCC'], [/fair trading/, 'fair trading'], [/consumer (?:affairs|protection|commission|council|forum|helpline)/, 'consumer protection'], [/\bdot\b|department of transport/, 'transport department'], [/watchdog/, 'a watchdog'],
];
/**
 * A regulator named only by its acronym, read from the raw text (capitals are the cue): "claims are going to the
 * ASA", "ACCC complaint lodged", "reported you to the CMA". A filing verb names any acronym; a bare "going to the X"
 * needs a grievance as its subject ("this is going to the X"), so "going to the UK" or "went to the GP" never count.
 */
const ACRONYM_CUE = /\b[A-Z]{2,6}\b/g;
const ACRONYM_PLACE = /\b(?:[Tt]he|[Ww]ith|[Tt]o) [A-Z]{2,6}\b|\b[A-Z]{2,6} (?:[Cc]omplaint|[Rr]eport|[Cc]ase|[Cc]laim)/;
const NOT_REGULATORS = new Set(['UK', 'US', 'USA', 'EU', 'UAE', 'ATM', 'ER', 'GP', 'CEO', 'MD', 'HQ', 'PR', 'HR', 'IT', 'TV', 'DM', 'DMS', 'PM', 'AM', 'ETA', 'FAQ', 'APP', 'SMS', 'OK', 'ID', 'PIN', 'SIM', 'VAT', 'BBQ', 'GYM', 'LOL', 'OMG', 'PS', 'XL', 'XXL', 'MB', 'GB', 'NYC', 'LA', 'AGM', 'VIP', 'DIY', 'ASAP', 'I', 'A', 'OTP', 'URL', 'PDF', 'CV', 'IG', 'FB', 'YT']);
const ACRONYM_FILED = /\b(?:report(?:ed|ing)?|complain(?:ed|ing)?|escalat(?:e|ed|ing)|lodg(?:e|ed|ing)|fil(?:e|ed|ing)|sen(?:d|t|ding)|forward(?:ed|ing)?|writ(?:e|ing)|wrote|straight|going|gone|goes|heading|off)\b[^.!?]{0,30}?\b(?:to|with) the ([A-Z]{2,6})\b|\b([A-Z]{2,6}) (?:complaint|report|case|claim)s? (?:\w+ )?(?:lodged|filed|submitted|made|raised|opened|sent|going in|incoming|done|in)\b|\b(?:complaint|report|case) (?:lodged|filed|submitted|made|raised|opened|sent|in|going) (?:with|to) (?:the )?([A-Z]{2,6})\b/gi;
const FILING_VERB = /\b(?:report|complain|escalat|lodg|fil(?:e|ed|ing)\b|sen(?:d|t)|forward|writ|wrote|complaint|case|claim)/i;
const GRIEVANCE_SUBJECT = /\b(?:this|it|that|these|claims?|complaint|case|evidence|photos|screenshots|everything|all of (?:this|it)|you|your \w+)\b/i;
function regulatorAcronym(raw: string): boolean {
  // Most posts hold no capitalised word that could name a regulator: look for one before the long pattern.
  if (!ACRONYM_PLACE.test(raw)) return false;
  const candidates = raw.match(ACRONYM_CUE);
  if (!candidates || candidates.every((w) => NOT_REGULATORS.has(w))) return false;
  ACRONYM_FILED.lastIndex = 0;
  for (let m = ACRONYM_FILED.exec(raw); m !== null; m = ACRONYM_FILED.exec(raw)) {
    const name = m[1] ?? m[2] ?? m[3] ?? '';
    if (!/^[A-Z]+$/.test(name) || NOT_REGULATORS.has(name)) continue;
    if (FILING_VERB.test(m[0])) return true;
    // "going to the X" alone: only with a grievance as its subject just before it.
    const before = raw.slice(Math.max(0, m.index - 30), m.index);
    if (GRIEVANCE_SUBJECT.test(before)) return true;
  }
  return false;
}

/** Threat words in a role that is not escalation ("is a lawyer", "food court", a legal-cover question). */
const THREAT_EXCUSES = /\b(?:is|was|am|as|be|being) an? (?:lawyer|solicitor|attorney|barrister)\b|\b(?:is|was|am|as|be|being) an? (?:\w+ )?(?:journalist|reporter|producer|presenter|editor|broadcaster)\b(?![^.!?]*\b(?:interested|story|love to|looking into|look into|hear about|cover|feature|piece|segment|expos|just saying))|\b(?:food|tennis|basketball|squash|netball) court\b|\blegal (?:cover|insurance|expenses|age)\b/g;
/** A news outlet's handle tagged in the post is itself going to the press. */
const PRESS_HANDLE = /^(?:bbc\w*|itv\w*|skynews\w*|\w*news|\w*watchdog\w*|guardian\w*|telegraph\w*|dailymail\w*|mirror\w*|thesun\w*|cnn\w*|\w*reporter\w*|\w*journalist\w*|whichuk|which)$/;

// ---------------------------------------------------------------------------------------------------------------
// Safety and health (critical whatever the category).

const PERSON = '(?:i|we|he|she|they|you|me|us|him|her|them|both of us|all of us|my \\w+|our \\w+|his \\w+|her \\w+|their \\w+|everyone|family|kids?|son|daughter|children|child|baby|wife|husband|partner|mum|mom|dad|friend|guests?|people|customers?)';
/** `gate`, when given, is a cheap test of a family's distinctive stems, run first so most posts skip the full pattern. */
const SAFETY: { kind: SafetyKind; re: RegExp; gate?: WordGate }[] = [
  {
    kind: 'fire',
    gate: gate('fire fires flames flame firefighter firefighters smoke smoking burn burns burnt burned burning melting melted'),
    re: /\b(?:caught|catch(?:es|ing)?|set|setting|burst into|went up in|going up in) (?:on )?(?:fire|flames)\b|\bset (?:\w+ )?(?:on )?fire\b|\bfire (?:hazard|risk|brigade|service|department|fighters?|engine)\b|\bfirefighters?\b|\bin flames\b|\bflames? (?:came|coming|shot|everywhere)\b|\bsmoke (?:came|coming|pouring|everywhere|from|out)\b|\b(?:started|was|is|began) smoking\b|\bfull of smoke\b|\bburn(?:t|ed|ing)? (?:down|the house|a hole)\b|\bburning smell\b|\bsmell(?:s|ed|ing)? (?:like |of )?(?:burning|something burning|smoke)\b|\b(?:burning|burnt|melting|melted) (?:plastic|rubber|wires?|electrical)\b/,
  },
  {
    kind: 'electrical hazard',
    gate: gate('charger plug cable socket battery wire wires wiring adapter adaptor lead heater kettle toaster device laptop phone appliance hob oven extension bank bike ebike e scooter vape melt* spark* explod* explos* electr* shock* shocked fuse fuses water'),
    re: /\b(?:charger|plug|cable|socket|battery|wire|wiring|adapter|adaptor|lead|heater|kettle|toaster|device|laptop|phone|appliance|hob|oven|extension|power bank|e-?bike|scooter|vape)\b[^.!?]{0,50}\b(?:melt(?:ed|ing|s)?|explod\w*|spark(?:ed|ing|s)?|overheat\w*|scorch\w*|swell\w*|swollen|bulg\w*|smok(?:ed|ing)|burn(?:t|ed|ing)|shock(?:ed)?|fizz\w*|red hot|too hot to touch)\b|\b(?:melt(?:ed|ing)|spark(?:ed|ing))\b[^.!?]{0,30}\b(?:charger|plug|cable|socket|wire|adapter|adaptor)\b|\bexplod(?:e|ed|es|ing)\b(?! with)|\bexplosion\b|\belectric(?:al)? shocks?\b|\belectrocut\w*|\bshocked (?:me|him|her|my)\b|\bspark(?:ed|ing|s)\b|\b(?:tripped|blew|blown) (?:every |all |the )?(?:\w+ )?fuses?\b|\b(?:bare|exposed|live|loose|hanging) (?:wires?|wiring|cables?)\b|\bwires? (?:hanging|exposed|sticking) out\b|\bwater\b[^.!?]{0,50}\b(?:light fitting|light fittings|socket|sockets|fuse ?box|electrics|plug|switch|consumer unit|ceiling light)\b/,
  },
  { kind: 'gas leak', gate: gate('gas carbon co toxic chemical fumes'), re: /\bgas leak\w*|\b(?:smell\w*|stank|stinks?|stinking|reek\w*|whiff) (?:of |like )?gas\b|\bgas (?:hob|cooker|oven|tap|ring|fire|supply)s? (?:was |were |had been |left )?(?:left )?on\b|\bleft (?:\w+ ){0,2}gas (?:hob |cooker |oven |tap |ring )?on\b|\bgas smell\b|\bcarbon monoxide\b|\bco alarm\b|\b(?:toxic|chemical) (?:fumes|smell)\b|\bfumes\b/ },
  {
    kind: 'injury',
    re: new RegExp(
      String.raw`\binjur\w*|\bhurt (?:my|his|her|their|our|him|me|us|them|himself|herself|myself|themselves)\b(?! feelings)|\b(?:broke|broken|fractured|sprained|twisted|dislocated) (?:my|his|her|their|our|a) (?:\w+ )?(?:arm|wrist|leg|ankle|foot|toe|finger|hand|nose|tooth|teeth|rib|ribs|hip|bone|collarbone|back|neck|knee|shoulder|elbow|jaw)\b|\bbleed(?:ing|s)?\b|\bblood\b|\bstitches\b|\bconcuss\w*|\bfractur\w*|\bsprain\w*|\b(?:slipp?ed|tripped) (?:on|over|up|and)\b|\b${PERSON} (?:fell|slipped|tripped|collapsed)\b|\bknocked (?:me|him|her|them|us|my \w+) (?:over|down|off)\b|\b(?:nearly|almost|could have|could've) (?:hit|ran over|run over|killed|died|been killed|been hurt|hurt|crushed|electrocuted|drowned)\b(?! (?:laughing|of laughter|of embarrassment|of shame|from laughing|with laughter))|\bran (?:me |him |her |us )?over\b|\b(?:nearly|almost|could have|could've) (?:fell|fallen|fall|tipped|toppled|gone) (?:out|off|down|over|through)\b|\b(?:a ?& ?e|a and e|emergency room|the er|hospital|ambulance|paramedics?)\b|\bcall(?:ed)? (?:999|911|111)\b|\bchok(?:e|ed|ing)\b|\b(?:fainted|passed out|collapsed|unconscious|heart attack|seizure|stroke|(?:could|can) not breathe|struggling to breathe|difficulty breathing)\b|\bscald\w*|\bburn(?:t|ed|s)? (?:my|his|her|their|our|him|me|us|them)\b(?! money| data| bridges)|\bcut (?:my|his|her|their|our|him|me|myself|himself|herself) (?:\w+ )?(?:hand|finger|lip|mouth|foot|leg|arm|open)\b|\bsharp (?:edge|bit|piece)\b`,
    ),
  },
  {
    // Falls, blows and wounds told as events ("went flying", "smacked her head", "needed stitches").
    kind: 'injury',
    gate: gate('cuts shattered exploded burst glue flying face facefirst faceplant floor ground deck pavement tarmac landed hot boiling scalding burning molten nearly almost could smack* bang* bump* knock* crack* bash* whack* smash* split gash* slic* graz* twist* trapp* jamm* crush* bruis* black lump stitches steri cast x xray xrays ray rays scan surgery operation tetanus urgent walk nhs 111 poison poisons trip tripping cut slashed sliced'),
    re: /\b(?:went|sent (?:me|him|her|them|us|\w+)|go|going) flying\b(?! (?:through|past|by|along|ahead|out) (?:my|our|his|her|their|the (?:shelves|charts|weekend|day|week))\b| past\b| by\b)|\bface[- ]?(?:first|plant\w*)\b|\b(?:hit|hitting) the (?:floor|ground|deck|pavement|tarmac)\b|\blanded (?:on|flat on|onto) (?:my|his|her|their|our|the) (?:back|head|face|side|knees?|wrists?|arm|bum|hip|coccyx|tailbone|foot|feet|toes?|hand|hands|leg|legs|chest)\b|\b(?:hot|boiling|scalding|burning|molten) (?:\w+ ){0,2}(?:landed|spilled|spilt|poured|splashed|went|fell|tipped|dripped) (?:all )?(?:on|over|onto|down|into) (?:my|his|her|their|our|me|him|them|the baby|a child)\b|\b(?:nearly|almost|could have|could've) (?:went|gone|veered|swerved|crashed|collided|skidded|spun|rolled|come off the road|went off the road|hit a|hit the|ploughed)\b[^.!?]{0,20}\b(?:into|off|across|lorry|truck|car|bus|wall|tree|barrier|oncoming|traffic|road|ditch|verge)\b|\b(?:smack\w*|bang(?:ed|ing|s)?|bump(?:ed|ing|s)?|hit|hitting|knock(?:ed|ing)?|crack(?:ed|ing)?|bash\w*|whack\w*|smash\w*|split|gash\w*|slic(?:e|ed|ing)|graz(?:e|ed|ing)|twist(?:ed|ing)|trapp(?:ed|ing)|jamm(?:ed|ing)|crush\w*) (?:my|his|her|their|our|your|its|the baby'?s|my \w+'?s|a|both) (?:\w+ )?(?:head|face|chin|lip|lips|eye|eyebrow|nose|mouth|teeth|tooth|skull|temple|forehead|knee|knees|ankle|ankles|wrist|wrists|fingers?|thumb|toes?|hand|hands|arm|arms|leg|legs|back|neck|shoulder|elbow|hip|ribs?|foot|feet)\b(?! (?:against|on|off) (?:a |the )?(?:brick )?(?:wall|desk|keyboard))|\bbruis\w*|\bblack eye\b|\blump on (?:my|his|her|their|the) (?:head|forehead)\b|\bgash\w*|\bgrazes?\b|\b(?:needed|needing|needs|ended up needing) (?:\d+ |a few |several )?(?:stitches|steri ?strips|glue|a cast|an? x-?ray|a scan|surgery|an operation|a tetanus)\b|\b(?:got|had|has) (?:\d+ |a few |several )?(?:stitches|steri ?strips|a cast)\b|\bx-?rays?\b|\burgent care\b|\bwalk-in (?:centre|center|clinic)\b|\bnhs 111\b|\bpoisons? (?:control|centre|center|line)\b|\btrip(?:ping)? hazard\b|\b(?:sliced|slashed|cut) (?:open|through|into) (?:my|his|her|their)\b|\bdeep cut\b|\bcuts? (?:all )?(?:over|on|to|across|down) (?:my|his|her|their|both|our|the baby'?s) (?:\w+ )?(?:arms?|legs?|hands?|feet|foot|face|head|back|fingers?|knees?)\b|\b(?:shattered|exploded|smashed|burst) (?:\w+ ){0,3}(?:on|over|onto|while|with|at) (?:me|him|her|us|them|my|his|her)\b|\bcut (?:on|to) (?:my|his|her|their) (?:\w+ )?(?:hand|finger|face|head|leg|arm|foot|lip|knee)\b/,
  },
  {
    kind: 'illness',
    re: new RegExp(
      String.raw`\bfood poison\w*|\bpoison(?:ed|ing|ous)\b|\bthrow(?:ing|n)? up\b|\bthrew up\b|\bvomit\w*|\bpuk(?:e|ed|ing)\b|\bdiarrh\w*|\bstomach (?:bug|ache|cramps?|pains?|upset)\b|\bupset stomach\b|\b(?:been|being|was|were|got|get|getting) (?:violently |really |so |very )?(?:sick|ill|unwell|poorly)\b(?! of| and tired| to death| sick| with (?:waiting|it|this|you))|\bsick (?:for|all) (?:\d+|a|two|three|four|five|the|night|day|weekend|week)\b|\bmade (?:me|us|him|her|them|my \w+|our \w+|everyone|the kids|both of us|all of us) (?:so |really |very |violently )?(?:sick|ill|unwell|poorly)\b|\b${PERSON}(?: \w+){0,2} (?:is|are|was|were|am|been|got|feel|feels|feeling|felt|fell|became|ended up)(?: (?:really|so|very|violently|quite|seriously|now|all|extremely|badly|still))* (?:sick|ill|unwell|poorly)\b(?! of| and tired| to death| with (?:waiting|it|this|you))`,
    ),
  },
  {
    // Illness told by who and when ("all 4 of us ill", "can't keep water down") and by symptoms.
    kind: 'illness',
    gate: gate('lighth* migraine us ill unwell poorly vomit* throwing cramp* sick keep dizzy dizziness light lightheaded drowsy drowsiness disori* delirious palpit* heart blurred blurry numbness feverish temperature nausea nauseous queasy retching faint woozy groggy confused shaky'),
    re: /\b(?:all|both|\d+|two|three|four|five|six|seven|eight|half|most|several|some|three|the rest) of us (?:\w+ ){0,2}(?:ill|sick|unwell|poorly|vomiting|throwing up|in bed|bedridden|laid up|on the toilet|down with)\b|\b(?:ill|unwell|poorly|vomiting|throwing up|cramps|sick(?! of| and tired| to death| to my stomach))\b[^.!?]{0,25}\b(?:from|after|since) (?:about |around |roughly )?(?:eating|having|drinking|the|your|our|my|\d|last|dinner|lunch|breakfast|tea|supper|we ate|i ate|they ate|midnight|yesterday)\b|\b(?:can|could) not keep (?:anything|water|food|fluids|liquids|it|a thing|down)\b|\b(?:dizz(?:y|iness)|light[- ]?headed(?:ness)?|drows(?:y|iness)|disorient\w*|delirious|palpitations|heart (?:racing|pounding)|blurr(?:ed|y) vision|numbness|feverish|high temperature|stomach cramps|cramping|migraine from|nausea|nauseous|queasy|retching)\b|\b(?:been|is|was|were|are|became|got|feel\w*|felt|left|seems?|seemed) (?:\w+ ){0,2}(?:dizzy|drowsy|faint|woozy|groggy|disoriented)\b|\b(?:dizzy|drowsy|woozy|groggy|shaky) and confused\b|\bconfused and (?:dizzy|drowsy|woozy|groggy|shaky|sleepy)\b/,
  },
  {
    kind: 'medication error',
    gate: gate('overdosing overdoses labelled labeled mg mcg ug µg ml iu units unit milligrams micrograms medic* medicine meds tablet tablets pill pills capsule capsules prescr* dose doses dosage dosed dosing overdose overdosed strength amount insulin inhaler drug drugs drops injection vaccine jab cream patch patches mislab* dispensed'),
    re: /\b\d+(?:\.\d+)? ?(?:mg|mcg|ug|µg|ml|g|units?|iu|milligrams?|micrograms?)\b[^.!?]{0,30}\binstead of (?:the )?\d|\binstead of (?:the |his |her |my )?\d+(?:\.\d+)? ?(?:mg|mcg|ug|µg|ml|units?|iu|milligrams?|micrograms?)\b|\bwrong (?:medication|medicine|meds|tablets?|pills?|capsules?|prescription|dose|doses|dosage|strength|insulin|inhaler|drugs?|eye ?drops|injection|vaccine|jab|cream|patch(?:es)?)\b|\b(?:someone else'?s|somebody else'?s|another (?:patient|customer|person|man|woman|lady|child)'?s|a different (?:patient|person|customer)'?s|a stranger'?s) (?:\w+ )?(?:prescription|medication|medicine|meds|tablets|pills|insulin|inhaler)\b|\b(?:over|double|triple)[- ]?dos(?:e|ed|es|ing|age)\b|\b(?:twice|double|triple|ten times|10 times|\d+ times) (?:the|his|her|my) (?:\w+ )?(?:dose|dosage|strength|amount)\b|\bmislabel\w* (?:\w+ )?(?:medication|medicine|meds|tablets|pills|prescription|bottle|box|packet)\b|\b(?:dispensed|prescribed|labelled|labeled)\b[^.!?]{0,40}\b(?:wrong|instead of|someone else|another patient)\b/,
  },
  {
    kind: 'vehicle safety',
    gate: gate('accele* m stalled conked shut cut lost brake brakes braking pedal steering control tyre tire tyres tires bonnet hood wheel blowout blow airbag airbags shoulder accelerated accelerating accelerates motorway highway freeway carriageway roundabout junction lane overtaking mph kmh kph speed bridge tunnel traffic crashed killed died left right'),
    re: /\bbrakes? (?:\w+ ){0,2}(?:failed|fail|failing|gone|went|gave out|gave way|stopped working|not working|did not work|do not work|locked|locking|seized|spongy)\b|\b(?:brake )?pedal (?:\w+ ){0,2}(?:to the floor|went down|sank|sunk|went soft)\b|\bsteering (?:\w+ ){0,2}(?:locked|lock(?:ing|s)? up|failed|went|gone|seized|stiff|pulled|pulling|jammed|cut out)\b|\blost (?:all )?(?:steering|brakes|power steering|control|my brakes|the brakes) (?:on|in|at|while|doing|going|when|of the car|of the van)\b|\b(?:tyre|tire|tyres|tires) (?:\w+ ){0,2}(?:blew out|blew|burst|exploded|came off)\b|\b(?:bonnet|hood) (?:\w+ ){0,2}flew (?:open|up)\b|\bwheel (?:\w+ ){0,2}(?:came off|fell off|flew off|came loose)\b[^.!?]{0,30}\b(?:driving|while|whilst|motorway|road|m\d+|highway|doing \d+|at speed)\b|\bwheel nuts? (?:\w+ ){0,2}(?:loose|missing|not tightened|came off)\b|\bblow-?out\b|\bairbags? (?:\w+ ){0,3}(?:went off|deployed|did not|failed|warning|light)\b|\bhard shoulder\b|\bpull(?:s|ed|ing)? (?:\w+ ){0,2}(?:hard )?to the (?:left|right)\b[^.!?]{0,40}\b(?:nearly|almost|motorway|road|lorry|traffic|scary|dangerous|at speed)\b|\baccelerat\w* (?:by itself|on its own|without me)\b|\b(?:engine|car|van|bus|it) (?:\w+ ){0,2}(?:cut out|died|stalled|shut off|shut down|lost power|conked out)\b[^.!?]{0,40}\b(?:motorway|m\d+|a\d+|highway|freeway|dual carriageway|roundabout|junction|fast lane|overtaking|\d+ ?mph|\d+ ?km\/?h|at speed|in traffic|bridge|tunnel)\b|\bcould have (?:crashed|been killed|killed us|died)\b/,
  },
  {
    kind: 'product failure with a person at risk',
    gate: gate('crashed snapped collapsed gave tipped toppled folded buckled detached broke came fell split cracked'),
    re: /\b(?:snapped|broke|collapsed|gave way|gave out|came off|fell off|came apart|fell apart|tipped|toppled|folded|gave in|came loose|split|cracked|buckled|detached|came away)\b[^.!?]{0,40}\bwith (?:my|our|a|the|his|her) (?:\w+ ){0,2}(?:\d+[- ]?(?:month|week|year|yr|mo)s?[- ]?old|baby|toddler|newborn|infant|son|daughter|kid|child|little one|boy|girl|grandchild|grandson|granddaughter|nan|gran|mum|mom|dad|husband|wife|partner|him|her|me|us|them)(?: \w+)? (?:in|on|inside|sitting|still|strapped|asleep|standing|lying)\b|\b(?:cot|crib|high ?chair|car ?seat|pram|buggy|stroller|pushchair|bouncer|baby gate|stair gate|bunk ?bed|bed rail|baby walker|swing|play ?pen|changing (?:table|unit)|moses basket|bassinet|booster seat|ladder|step ?ladder|balcony|railing|banister|handrail|chair|stool|bed frame|bed base)\b[^.!?]{0,40}\b(?:snapped|collapsed|gave way|came apart|buckled|came away from the wall)\b|\b(?:wardrobe|bookcase|shelf|shelving|shelves|tv|television|mirror|drawers|dresser|cabinet|unit|radiator|light fitting|ceiling)\b[^.!?]{0,40}\b(?:fell|toppled|tipped(?: over)?|came down|crashed down|collapsed) (?:on|onto|on top of) (?:my|our|his|her|him|me|us|them|a child|a customer)\b/,
  },
  {
    kind: 'allergic reaction',
    gate: gate('allergic anaph* epi epipen epipens pen pens reaction reacted rash hives swell* swollen puffed came blew free'),
    re: /\ballergic reaction|\banaphyla\w*|\bepi ?pens?\b|\b(?:had|having|went into|suffered) (?:a|an) (?:severe |bad |serious |allergic )?(?:reaction|anaphylactic)\b|\breacted (?:badly )?to\b|\b(?:rash|hives)\b|\b(?:lips?|face|eyes?|tongue|throat|mouth|skin|hands?|feet) (?:\w+ ){0,2}(?:swell\w*|swollen|puffed up|came up|blew up)\b|\bswollen (?:lips?|face|eyes?|tongue|throat)\b|\b(?:nut|peanut|gluten|dairy|milk|egg|sesame|soy)[- ]free\b[^.!?]{0,60}\b(?:contain\w*|reaction|traces|had nuts)\b/,
  },
  {
    kind: 'food contamination',
    gate: gate('glass plastic metal hair hairs bug bugs insect insects maggot maggots worm worms slug slugs fly flies cockro* mouse mice rat rats droppings mold mould mouldy moldy screw bolt stone plaster foreign wire wood bone rubber cardboard foil raw undercooked uncooked pink bloody contam* off sour curdled rancid rotten lumpy spoiled spoilt date past safe water recall recalled sewage bulg* blown swollen fizz* hiss* seal sealed unsealed lid button needle needles bed bedbug bedbugs'),
    re: /\b(?:glass|plastic|metal|hair|hairs|a bug|bugs|insects?|maggots?|worms?|slugs?|a fly|flies|cockroach\w*|mouse|mice|rats?|droppings|mou?ld|a screw|a bolt|a stone|a plaster|foreign (?:object|body))\b[^.!?]{0,25}\b(?:in|inside|on) (?:my|the|our|your|a|his|her|their|it|them|mine)\b|\b(?:piece|bit|chunk|shard|fragment|lump|strip)s? of (?:\w+ )?(?:glass|plastic|metal|wire|wood|bone|stone|rubber|cardboard|foil)\b|\b(?:found|there was|there were|there is|there are|with)\b[^.!?]{0,20}\b(?:glass|piece of plastic|bit of plastic|metal|hair|bugs?|insects?|maggots?|worms?|slugs?|cockroach\w*|droppings|mou?ld|screw|bolt)\b|\bmou?ldy\b|\b(?:raw|undercooked|uncooked|pink|bloody) (?:chicken|meat|pork|burger|sausages?|turkey|in the middle)\b|\bundercooked\b|\bcontaminat\w*|\b(?:chicken|meat|milk|fish|food|salad|sandwich|prawns?|yoghurt|yogurt|cream|eggs?|cheese|pork|beef|mince|ham|it) (?:was|were|had gone|has gone|is|smelled|smelt|tasted|went) (?:off|sour|curdled|rancid|rotten|mouldy|moldy)\b|\b(?:sour|curdled|lumpy) milk\b|\boff before (?:the|its) (?:date|use by|best before)|\bgone off\b|\brotten (?:eggs?|fruit|veg\w*|meat|food|chicken|fish)\b|\b(?:rancid|spoiled|spoilt)\b|\b(?:sold|selling) (?:me |us )?(?:\w+ )?out of date\b|\bout of date (?:food|milk|meat|chicken|sandwich\w*|yog\w*|products?|stock|fish|baby)\b|\bpast (?:its|the) use by\b|\bis (?:it|this|the water|the food) safe to (?:drink|eat|use|consume|give)\b|\b(?:brown|discolou?red|cloudy|yellow|dirty|smelly|black) (?:tap )?water\b|\bwater\b[^.!?]{0,25}\b(?:brown|discolou?red|cloudy|yellow|smells|tastes of)\b|\bproduct recall|\brecalled\b|\bsewage\b|\bbulg\w* (?:tin|can|jar|lid|packet|pack|bottle|carton)s?\b|\b(?:tin|can|jar|lid|packet|bottle|carton|pouch)s?\b[^.!?]{0,40}\b(?:bulg\w*|blown|swollen|fizz(?:ed|ing|es)|hiss(?:ed|ing))\b|\b(?:broken|damaged|tampered|missing) (?:seal|safety seal|tamper seal)\b|\b(?:lid|seal|safety button|button)\b[^.!?]{0,20}\b(?:popped|had popped|was popped|was up|not sealed|unsealed)\b|\bseal (?:was |is |had been |has been )?(?:already )?(?:broken|damaged|tampered|missing|open)\b|\bneedles?\b[^.!?]{0,30}\b(?:in|inside)\b|\bbed ?bugs?\b/,
  },
  {
    kind: 'health risk to a vulnerable person',
    gate: gate('oxygen dialysis medical life ventilator insulin medication medicine disabled vulnerable newborn elderly pensioner chemo* terminally wheelchair hospice carer'),
    re: /^(?=.*\b(?:oxygen|dialysis|medical equipment|life support|ventilator|insulin|medication|medicine|disabled|vulnerable|newborn|elderly|pensioner|chemo\w*|terminally ill|in a wheelchair|hospice|carer)\b)(?=.*\b(?:cut (?:off )?(?:my|our|the) (?:electricity|power|gas|water|heating|supply)|cut off|no (?:power|electricity|heating|hot water|water|gas)|without (?:power|heating|water|electricity|gas|hot water)|power cut|disconnected|switched off (?:my|our|the) (?:power|supply|gas|electricity))\b)/,
  },
  {
    // Vehicle failures and dangerous driving told as events: a wheel wobbling after fitting, nuts hanging loose, a
    // driver drunk or weaving across lanes.
    kind: 'vehicle safety',
    gate: gate('wheel wheels nuts bolts wobble wobbling wobbled wobbly wobbles drunk booze alcohol drink beer weed cannabis limit influence stoned weaving swerving asleep nodding mph kmh red texting'),
    // (A wheel or its nuts only on a road vehicle: a suitcase wheel coming off is a fault, not a hazard.)
    re: /^(?=.*\b(?:car|van|tyres?|tires?|motorway|road|driving|drove|driven|fitted|fitting|garage|mot|motorbike|lorry|truck|in the back|mph|a\d+|m\d+|dual carriageway|highway|freeway)\b).*?(?:\bwheels? (?:\w+ ){0,3}(?:wobbl\w*|came off|coming off|fell off|flew off|came loose|coming loose|was loose|were loose|hanging off|shaking violently)\b|\b(?:wheel|lug|locking) (?:nuts|bolts) (?:\w+ ){0,3}(?:hanging|loose|missing|not tightened|came off|fell off|finger tight)\b|\b(?:two|three|four|five|all|some|half|\d) of the (?:wheel )?(?:nuts|bolts) (?:\w+ ){0,2}(?:hanging|loose|missing|not tightened|came off|fell off|finger tight)\b)|\bwobbl\w* (?:\w+ ){0,3}(?:on|down|along) the (?:motorway|road|dual carriageway|highway|freeway|a\d+|m\d+)\b|\b(?:driver|cabbie|cab driver|taxi driver|bus driver|rider|courier|chauffeur|pilot|captain)\b[^.!?]{0,50}\b(?:drunk|(?:smell\w*|smelt|stank|stunk|stinking|reek\w*) of (?:booze|alcohol|drink|beer|weed|cannabis|spirits|whisky|vodka)|over the limit|under the influence|high on|stoned|weaving|swerving|fell asleep|falling asleep|nodding off|asleep at the wheel|doing \d+ ?(?:mph|kmh|km\/h)|texting (?:while|and) driving|ran (?:a|the|two|three|several|\d+) red lights?)\b|\b(?:drunk|intoxicated|impaired) (?:driver|driving|pilot|rider)\b|\b(?:weaving|swerving) (?:all over|across|in and out|between (?:lanes|cars))\b/,
  },
  {
    // Something meant to hold a person or a child that let go: a pram brake that will not hold, rolling into the road.
    kind: 'product failure with a person at risk',
    gate: gate('brake brakes rolled rolling rolls roll slid sliding ran'),
    re: /\b(?:pram|buggy|stroller|pushchair|cot|crib|high ?chair|car ?seat|trolley|wheelchair|mobility scooter)\b[^.!?]{0,40}\bbrakes? (?:\w+ ){0,2}(?:does not|did not|will not|would not|do not|not|no longer|never) (?:hold|work|engage|catch|stop)\b|\bbrakes? (?:on|of) (?:the|our|my|a) (?:pram|buggy|stroller|pushchair|cot|high ?chair|trolley|wheelchair|mobility scooter)\b[^.!?]{0,30}\b(?:does not|did not|will not|would not|do not|not|no longer|never|failed|failing|gave)\b|\b(?:rolled|rolling|rolls|roll|slid|sliding|ran) (?:\w+ ){0,2}(?:off the (?:kerb|curb|pavement|platform)|into (?:the )?(?:road|traffic|street|canal|river|water|pool|path of))\b/,
  },
  {
    kind: 'reported as dangerous',
    gate: gate('dangerous danger unsafe hazard hazardous safety death could killed died hurt'),
    re: /\bdangerous\b|\bdanger to\b|\bunsafe\b|\bhazard(?:ous)?\b|\bsafety (?:issue|risk|hazard|concern|problem)s?\b|\bdeath trap\b|\bcould (?:have|of) (?:killed|died)|\b(?:nearly|almost) (?:killed|died)\b(?! (?:laughing|of laughter|of embarrassment|of shame|from laughing|with laughter))|\bsomeone (?:will|is going to|could) get (?:hurt|killed)\b/,
  },
];

// ---------------------------------------------------------------------------------------------------------------
// Security and fraud (critical whatever the category).

const SECURITY: { reason: string; re: RegExp; gate?: WordGate }[] = [
  {
    reason: 'security: account hacked',
    re: /\bhack(?:ed|er|ers|ing)\b|\b(?:account|profile|email|login|details) (?:has been |was |got |is )?(?:compromised|taken over|breached)\b|\b(?:someone|somebody|a stranger|strangers|some(?:one|body) else) (?:has |have |had |is |was )?(?:logged|logging|got|gotten|broke|broken|getting) in(?:to)?\b|\blogged into my account\b|\blog ?ins? from (?:another|a different|an unknown|a strange)\b|\bsuspicious (?:log ?ins?|activity|sign ?ins?|access)\b|\b(?:someone|somebody|a stranger)(?: else)? (?:is |has been |was )?(?:using|accessing|watching on|on) my (?:account|profile|login)\b|\blocked out\b[^.!?]{0,40}\bnot me\b/,
  },
  {
    reason: 'security: account hacked',
    re: /\b(?:someone|somebody|a stranger|strangers|hackers?)\b(?! (?:from|at|in|on) (?:your|the))[^.!?]{0,40}\b(?:my|our) (?:\w+ )?(?:account|profile|card|friends|contacts|followers|page|details|email|number|name|login|identity|bank|money)\b|\b(?:new|unknown|unrecogni[sz]ed|strange|foreign) (?:device|devices|log ?in|sign[- ]?in|phone|computer|location|ip)\b[^.!?]{0,40}\b(?:account|profile|login)\b|\b(?:account|profile|login)\b[^.!?]{0,40}\b(?:new|unknown|unrecogni[sz]ed|strange) (?:device|devices|log ?in|sign[- ]?in|location)\b|\b(?:do not own|not mine|was not me|not me)\b[^.!?]{0,10}$|\b(?:password reset|reset (?:email|link|code|text)|verification code|security code|login code|2fa code|one[- ]time (?:code|passcode)|otp|sign[- ]?in (?:alert|attempt|request)|log[- ]?in (?:alert|attempt|request))s?\b[^.!?]{0,50}\b(?:did not (?:ask|request)|never (?:asked|requested)|not me|was not me|i did not)\b|\blogged (?:me )?out (?:of )?(?:everywhere|all (?:my )?devices)\b|\b(?:added|invited) (?:themselves|himself|herself|a (?:new )?user)\b[^.!?]{0,60}\b(?:my|our)\b/,
  },
  {
    reason: 'security: account hacked',
    gate: gate('trying attempting tried attempted codes code texts emails links text email link'),
    re: /\b(?:someone|somebody|a stranger|hackers?|they)\b (?:keeps?|is|are|has been|have been|kept|was|were) (?:\w+ )?(?:trying|attempting|tried|attempted) to (?:reset|change|log ?in|login|sign in|get into|access|hack|take over|use|open|order)\b|\b(?:reset|verification|login|security|one[- ]time) (?:codes?|texts?|emails?|links?) (?:\w+ ){0,4}(?:every (?:hour|few minutes|day|night|minute)|all (?:night|day)|constantly|keep (?:coming|arriving)|keeps (?:coming|arriving))\b/,
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
    reason: 'security: unauthorised use',
    gate: gate('used accessed logged signed log login logins sign signin signins logging signing'),
    re: /\b(?:card|debit card|credit card|account|details|card details|identity|name|number|apple pay|google pay|paypal)\b (?:was |were |has been |have been |got |is being |been )?(?:just |now |also |already )?(?:used|accessed|logged into) (?:\w+ ){0,3}(?:in|at|from|abroad|overseas|to (?:buy|order|pay|sign up|open|book|take out|apply))\b(?! (?:the|your|this) (?:shop|store|branch|app|website|checkout|till))|\b(?:logged|signed|log(?:ging)?|sign(?:ing)?) ?in(?:to (?:my )?(?:\w+ )?account)? from (?:a |an )?(?:\w+ ){0,2}(?:in )?[a-z]+\b(?=[^.!?]*(?:\.|$))(?=.*\b(?:not me|was not me|never been|i am in|i live in|i was asleep|i have never|not mine|i did not|i do not)\b)/,
  },
  {
    reason: 'security: unauthorised use',
    gate: gate('account card name details place placed make made author* order orders transaction transactions payment payments purchase purchases ins charge charges withdrawal withdrawals authorise authorised authorize authorized authorising request requested live based asleep'),
    re: /\b(?:orders?|purchases?|parcels?|deliver(?:y|ies)|bookings?|subscriptions?)\b[^.!?]{0,60}\b(?:on|from|using|through|in) (?:my|our) (?:account|card|name|details)\b[^.!?]{0,60}\b(?:shipping|shipped|going|sent|being sent|delivered|deliver\w*|addressed) to (?:an? |some )?(?:address|postcode|house|flat|person|name|stranger)\b|\b(?:on|from|in) (?:my|our) (?:account|card|name)\b[^.!?]{0,60}\b(?:i|we) (?:did not|never|have not|didnt|do not) (?:place|placed|make|made|order|ordered|authori[sz]e|authori[sz]ed|buy|bought|recogni[sz]e|book|booked|request|requested)\b|\b(?:i|we) (?:did not|never|have not|do not) (?:place|placed|authori[sz]e\w*|make|made|request|requested) (?:any of )?(?:them|these|those|it|this|that|the orders?|these orders?|this order|any (?:of )?(?:them|these|those|orders?|purchases?))\b|\b(?:i|we) (?:live|am|are|was|were|have been|am based|are based|was at home|was asleep) (?:in|at)\b[^.!?]{0,80}\b(?:card|account|orders?|transactions?|payments?|purchases?|log ?ins?|charges?|withdrawals?)\b[^.!?]{0,40}\b(?:used|made|placed|shipping|shipped|logged|spent|withdrawn|taken|charged) (?:\w+ ){0,3}(?:in|from|to)\b|\b(?:card|account|orders?|transactions?|payments?|purchases?|log ?ins?|charges?|withdrawals?)\b[^.!?]{0,60}\b(?:used|made|placed|shipping|shipped|logged|spent|withdrawn|taken|charged) (?:\w+ ){0,3}(?:in|from|to)\b[^.!?]{0,60}[.!?,]? (?:and )?(?:i|we) (?:live|am|are|was|were|have never been|have not been|never been|am based|are based)\b/,
  },
  {
    reason: 'security: unauthorised use',
    gate: gate('changed updated reset switched swapped altered sim'),
    re: /\b(?:my|our|the) (?:email|email address|password|phone number|mobile number|number|pin|address|recovery email|login|username|security questions?|bank details|payee)\b (?:on (?:my|the|our) account )?(?:has |have |was |were |had )?(?:been |got )?(?:changed|updated|reset|switched|swapped|altered) (?:without|to (?:an? |one |some )?(?:\w+ )?(?:i|we) (?:do not|did not|never|have never)|by (?:someone|somebody|a stranger|whoever))\b|\bsim (?:card )?(?:was |has been |got )?(?:swap\w*|deactivat\w*|cancelled|ported|moved)\b[^.!?]{0,40}\b(?:without|not me|i did not|never asked|someone|somebody)\b/,
  },
  {
    reason: 'security: unauthorised use',
    gate: gate('preten* claiming purpor* posing impers* masque* fake clone cloned copycat spoof spoofed dodgy scam impostor imposter logo from gone disappeared vanished drained emptied cleaned wiped taken withdrawn stolen moved transferred'),
    re: /\b(?:texts?|sms|emails?|messages?|calls?|accounts?|pages?|profiles?|sites?|websites?|links?|ads?|adverts?|people|someone|somebody|scammers?)\b (?:\w+ ){0,3}(?:pretending|claiming|purporting|posing|impersonating|masquerading) (?:to be |as )?(?:from )?(?:you|your|from you|the company|this company|\w+ (?:bank|support|customer service))\b|\b(?:fake|cloned?|copycat|spoof(?:ed)?|dodgy|scam|impostor|imposter) (?:\w+ )?(?:text|texts|sms|email|emails|site|website|page|account|profile|link|message|call|app|ad|advert|listing)s?\b|\b(?:text|texts|sms|email|message|call|letter|dm)s? (?:\w+ ){0,2}['"]from [^'"]{1,30}['"]|\b(?:your|the) logo (?:was |is )?(?:all over|on) (?:it|the (?:text|email|site|website|page|message))\b|\b(?:£|\$|€|₦|r|rs|n)?\d[\d,.]* (?:has |have |had )?(?:gone|disappeared|vanished|been (?:taken|drained|withdrawn|stolen|moved|transferred)|drained) (?:from|out of|to|off) (?:my|our|some|an?|the)\b|\b(?:account|card|savings|wallet) (?:was |has been |got |been )?(?:emptied|drained|cleaned out|wiped out)\b/,
  },
  {
    // Impersonation scams that asked for a code ("a WhatsApp from 'Support' asking for the code"), someone in the
    // account ("who's been in my account"), orders never placed going elsewhere, claims in my name for events that
    // never happened.
    reason: 'security: fraud',
    gate: gate('code codes pin otp passcode password verification details who never nobody'),
    re: /\b(?:whatsapp|whatsapps|text|texts|sms|call|caller|message|messages|email|emails|dm|someone|somebody|a man|a woman|a guy|a lady|a bloke)\b[^.!?]{0,60}\b(?:asking|asked|asks|wanted|wanting|requested|requesting) (?:me )?(?:for|to (?:confirm|give|read|send|share|tell|verify)) (?:them )?(?:my |the |a |your )?(?:\w+ ){0,2}(?:code|codes|pin|otp|passcode|password|card details|security (?:details|number|code)|verification)\b|\bwho(?: is| has|'s)? (?:been |is )?(?:in|into|on|using|accessing) my (?:account|card|profile|email|details)\b|\b(?:i|we) (?:never|did not|have not) (?:order|ordered|buy|bought|purchase|purchased|place|placed|book|booked)\b(?=.*\b(?:(?:going|sent|shipped|shipping|delivered|being sent|addressed|dispatched|heading) to (?:an? |some |someone |the )?(?:address|house|flat|someone|stranger|person|different|another|other|random)|(?:in|into|on|from|using) my (?:account|card))\b)|\b(?:claim|loan|credit card|finance|account|application|contract|agreement|fine|penalty|accident|policy)\b[^.!?]{0,60}\b(?:on|in|under|against|with|using) my (?:\w+ )?(?:name|policy|details|car|address|credit file|identity|licence|license)\b(?=.*\b(?:(?:i|we) (?:have |had )?never (?:been to|been in|made|applied|opened|taken out|signed|driven|owned|lived|visited|set foot|heard of|had an accident)|nobody else (?:drives|uses|has))\b)/,
  },
  {
    reason: 'security: data leak',
    gate: gate('data breach breached leak* wrong someone somebody stranger another neighbour neighbours different other'),
    re: /\bdata (?:leak|breach)\w*|\b(?:sent|posted|emailed|gave|given|shared|disclosed|handed|read out) (?:out )?(?:my|our) (?:\w+ )?(?:statement|details|data|information|info|letter|letters|documents?|card|pin|password|address|records?|results?|passport)\b[^.!?]{0,20}\bto (?:the wrong|someone else|somebody else|a stranger|another|my neighbour|a different|the neighbours?)\b|\b(?:neighbour|stranger|someone else|somebody else|another customer) (?:has|got|received|opened|can see) (?:my|our) (?:post|letter|letters|statement|details|data|card|documents?|information|parcel with)\b|\bleak(?:ed|ing)? (?:my|our|customer|customers|personal|private) (?:data|details|information|info|address)|\b(?:someone else'?s|somebody else'?s|other (?:people'?s|customers'?|users'?|companies'?|businesses'?)|another (?:customer'?s|person'?s|user'?s|company'?s|business'?s|family'?s)|a stranger'?s|a different (?:customer'?s|person'?s|company'?s|patient'?s)|another patient'?s) (?:\w+ )?(?:name|names|address|addresses|details|data|account|order|orders|information|info|card|bank|files|documents|photos|messages|emails|records|statements?|prescriptions?|medical|results|test results|invoices?|bookings?|letters?|passport|id|payslips?|bills?|policy|claim|phone number|number|email address|home address|date of birth)\b|\b(?:serious|security|privacy|gdpr|data protection) breach\b|\bbreach of (?:my )?(?:privacy|data|gdpr|security)\b|\bcan see (?:other|someone|another)\b[^.!?]{0,20}\b(?:details|data|orders|accounts|information|names|addresses)\b/,
  },
];

// ---------------------------------------------------------------------------------------------------------------
// Complaints: reported faults and dissatisfaction. Weight 2 is enough on its own; weight 1 needs company.

const COMPLAINT: { reason: string; weight: number; re: RegExp; gate?: WordGate }[] = [
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
    // Overdue against a stated time or simply absent: "ordered for 7pm, it's now 8:40 and no sign".
    reason: 'complaint: delivery problem',
    weight: 2,
    gate: gate('sign nowhere ordered booked due promised scheduled expected arranged confirmed quoted meant supposed'),
    re: /\b(?:(?:and|but|still|yet|now|,) no sign\b|no sign of (?:my|the|our|it|them|him|her|any|anyone|a|an|delivery|the driver|the engineer|life)\b|nowhere to be (?:seen|found)|(?:ordered|booked|due|promised|scheduled|expected|arranged|confirmed|quoted|meant to be here|supposed to be here) (?:\w+ ){0,2}(?:for|at|by|between|before) \d{1,2}(?:[:.]\d\d)? ?(?:am|pm)?\b[^.!?]{0,10}[,.]? (?:and )?(?:it is|it'?s|its|now|still|yet|we are|i am) (?:now |past |gone |already )?\d{1,2}(?:[:.]\d\d)?)\b/,
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
    re: /\b(?:(?:meant|supposed) to be\b[^.!?]{0,30}\b(?:getting|only|but|not|instead|actually)|paying for (?:something|a service|\w+ )?(?:that )?(?:i am|we are) not getting|not getting what (?:i|we) (?:pay|paid)|paid (?:for|extra for)\b[^.!?]{0,40}\b(?:and|but) (?:got|received|only|was|were|they|ended up|still)(?! (?:an? )?(?:free |complimentary )?(?:upgrade|upgraded|free|bonus|extra|better))|(?:want|demand|expect|need) (?:my|our|a full|a) (?:money back|refund)|give (?:me|us) (?:my|our) money back|refund me|i want compensation|demand compensation|(?:\d+|one|two|three|four|five|six|a few|some) (?:\w+ )?short\b|short[- ]?(?:changed|delivered)|(?:was|were|came) short)\b/,
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
  {
    // The business supplied something other than what was asked: "you sent the grey instead of the navy".
    reason: 'complaint: wrong item',
    weight: 2,
    gate: gate('instead'),
    re: /(?<!\b(?:be|to|please|can|could|would|will|may|should) )\b(?:sent|delivered|gave|given|received|got|came|arrived|charged|billed|served|brought|packed|picked|dispensed|supplied|installed|fitted|shipped|issued|printed|put|booked|allocated|assigned|made|cooked|left)\b[^.!?]{0,40}\binstead of\b/,
  },
  {
    // Usage that vanished: "my 10GB bundle finished in 2 days", "the meter keeps eating our units".
    reason: 'complaint: billing problem',
    weight: 2,
    gate: gate('bundle data credit allowance balance units airtime minutes tokens points top topup prepaid gift voucher subscription eating swallowing draining chewing burning from warning notice explanation heads letter email quoted quote told agreed advertised estimate estimated'),
    re: /\b(?:bundle|data|credit|allowance|balance|units|airtime|minutes|tokens|points|top ?up|prepaid|gift card|voucher|subscription)\b (?:\w+ ){0,2}(?:finished|ran out|run out|runs out|used up|gone|went|disappeared|vanished|depleted|exhausted|eaten|drained|expired|wiped)(?: (?:in|within|after|overnight|in just|in only|by)\b)|\b(?:keeps?|kept|is|are) (?:eating|swallowing|draining|eating up|chewing through|burning through) (?:my|our|all my|all our) (?:\w+ )?(?:units|data|credit|airtime|balance|money|minutes|bundle|allowance|tokens|battery)\b|\b(?:bill|bills|price|prices|payment|payments|charge|charges|premium|fee|fees|tariff|cost|rent|subscription|direct debit|renewal|quote|invoice|total)\b(?: \w+){0,4} (?:went|has gone|gone|jumped|shot|increased|rose|risen|climbed|changed|is now|are now) (?:up )?from \W?\d[\d,.]*\W? to \W?\d|\bfrom \W?\d[\d,.]* to \W?\d[\d,.]*\b[^.!?]{0,30}\b(?:with (?:no|zero|not a|without)|without (?:any )?(?:warning|notice|explanation)|overnight|for no reason)|\bwith (?:no|zero|not a single|not one|not any) (?:warning|notice|explanation|heads up|letter|email)\b|\b(?:quoted|quote was|quote said|told|agreed|advertised|estimate was|estimated)\b[^.!?]{0,40}\b(?:invoice|bill|receipt|statement|final bill|final price|total) (?:now )?(?:says|said|shows|showed|came to|comes to|is|was|is for|was for)\b/,
  },
  {
    // Faults stated as habits or tied to a change: "logs me out every night", "since the update".
    reason: 'complaint: product fault',
    weight: 2,
    gate: gate('logs kicks throws signs boots locks chucks drops crashes freezes lags buffers disconnects cuts restarts reboots resets shuts switches turns dies glitches hangs stutters goes since'),
    re: /\b(?:logs|kicks|throws|signs|boots|locks|chucks|drops) (?:me|us|him|her|them|everyone) (?:out|off)\b|\b(?:crashes|freezes|lags|buffers|disconnects|drops out|cuts out|restarts|reboots|resets|shuts down|switches off|turns off|dies|glitches|hangs|stutters|goes blank|goes black|goes dead) (?:\w+ ){0,3}(?:every|each|all the time|constantly|randomly|whenever|when|mid|after|since|at least|\d+ times|twice|daily|nightly|again)\b|\bsince (?:the|your|last|this|that|a) (?:\w+ )?(?:update|upgrade|migration|relaunch|redesign|new version|new app|changeover|switchover|system change|software update|firmware update|engineer(?:'s)? visit|engineer came|install\w*)\b(?! (?:it has been|it is|everything is|it works|works) (?:great|perfect|brilliant|amazing|faster|better|smooth))/,
  },
  {
    // Dissatisfaction without a sentiment word: expectations not met, paying for this?, something is wrong.
    reason: 'complaint: dissatisfied',
    weight: 2,
    gate: gate('expecting ordered promised add pay expected live wrong off right add paying paid'),
    re: /\b(?:expected (?:so much |much |a lot |way |far )?(?:better|more)\b(?! (?:people|guests|customers|visitors|of a (?:crowd|queue)|than))|(?:did|does|do|has|have|will) not (?:\w+ )?live up to|not (?:\w+ )?(?:what|as) (?:i|we) (?:expected|was expecting|were expecting|paid for|ordered|was promised|were promised)|(?:something|it|this|that|the \w+) (?:is|has gone|went|has been|seems) (?:very |seriously |definitely |clearly |badly )?(?:wrong|off|not right)\b(?! with (?:me|my order\?))|(?:does|do) not add up|paying (?:\w+ ){0,4}for this\s?\?|(?:is|was) this what (?:i|we) (?:am|are|pay|paid)|am i paying for|what (?:exactly )?am i paying (?:for|you for))/,
  },
  {
    // A promised result against what came: "shade finder said 'Warm 3' and I look like a satsuma", "… or what".
    reason: 'complaint: fault reported',
    weight: 1.5,
    gate: gate('said says told recommended claimed promised advertised matched supposed meant labelled labeled listed'),
    re: /\b(?:said|says|told (?:me|us)|recommended|claimed|promised|advertised|matched (?:me|us) (?:to|with)|supposed to be|meant to be|labelled|labeled|listed as)\b[^.!?]{0,30}\b(?:and|but|yet) (?:i|we|it|mine|they|he|she|the \w+|my \w+) (?:now |only |just )?(?:got|get|received|have|had|were given|was given|ended up with|look|looks|looked|came out|comes out|turned out|ended up|arrived|tastes?|tasted|smells?|smelled|feels?|felt|went|goes|is|was|are|were|fits?|fitted)\b(?! (?:great|perfect|lovely|amazing|fab\w*|brilliant|gorgeous|beautiful|stunning|spot on|just right|right|fine|good|as described|exactly))/,
  },
  { reason: 'complaint: fault reported', weight: 1, re: /\bor what\s?(?:\?|$)/ },
  {
    // Idioms of being overcharged or fobbed off: "you lot are having a laugh", "taking the mick", "you must be joking".
    reason: 'complaint: dissatisfied',
    weight: 2,
    gate: gate('laugh giraffe mick mickey micky piss biscuit joking kidding liberties cheek cheeky nerve audacity'),
    re: /\b(?:(?:you|you lot|you guys|yous|they|someone|somebody|whoever|you all) (?:are|is|must be|have to be|got to be|have got to be) (?:\w+ )?having a (?:laugh|giraffe)|(?:taking|take|took|takes) the (?:mick|mickey|micky|piss|biscuit)|taking liberties|(?:you|you have|you have got|you must|must|you got) (?:be|got to be|to be|have to be) (?:joking|kidding)|are (?:you|they) (?:joking|kidding|having a laugh)|you are (?:joking|kidding)|the (?:cheek|nerve|audacity) of (?:it|you|them|this)|cheeky (?:sods?|gits?|beggars?|buggers?))\b|(?:^|[.!?] )(?:\w+ )?having a (?:laugh|giraffe)(?: mate| or what| innit| right| surely)?[.!?]*$/,
  },
  {
    // Faults that need no sentiment word: out of sync, "is anyone testing this", a finish that went after one night.
    reason: 'complaint: product fault',
    weight: 2,
    gate: gate('sync synch synced testing checking proofreading test check tarni* flake flakes flaked flaking flaky peel* fade faded fades fading discol* bobbl* fray* rust* corrod* silver green black brown grey gray white yellow pink orange through bald dull everywhere'),
    re: /\b(?:out of sync|out of synch|not in sync|(?:seconds?|secs?|minutes?|mins?) (?:out of sync|behind the (?:picture|video|audio|sound))|is (?:anyone|anybody|no one|nobody) (?:even |actually )?(?:testing|checking|proofreading)|does (?:anyone|anybody) (?:even |actually )?(?:test|check)|(?:tarnish|flak|peel|fad|discolou?r|bobbl|fray|rust|corrod)\w*\b[^.!?]{0,30}\b(?:after|within|in) (?:just |only )?(?:one|a|1|2|two|three|a couple of|a few|the first|a single) (?:\w+ )?(?:night|nights|day|days|wear|wears|wash|washes|use|uses|week|weeks|outing|go|time|month)|(?:went|turned|gone|going|goes|turning|faded to|came out) (?:\w+ )?(?:silver|green|black|brown|grey|gray|white|yellow|pink|orange|see[- ]through|rusty|dull|bald)\b[^.!?]{0,30}\b(?:after|within|in) (?:just |only )?(?:one|a|1|2|two|three|a couple of|a few|the first|a single) (?:\w+ )?(?:night|nights|day|days|wear|wears|wash|washes|use|uses|week|weeks|outing|go|time|month)|flaking (?:everywhere|off|all over))\b/,
  },
  {
    // Expectation against outcome: "paid for a room with a balcony, got a room facing a wall", "left on the kerb
    // instead of brought inside like I paid for", "agreed to freeze it and still taken £45".
    reason: 'complaint: not what was paid for',
    weight: 2,
    gate: gate('paid booked prebooked pre reserved requested specified asked instead agreed promised confirmed assured still'),
    re: /\b(?:paid (?:extra )?for|booked|pre-?booked|reserved|requested|specified|asked for)\b (?:a|an|the|one|two|three|\d+|my|our) [^.!?]{1,60}?(?:,|\band\b|\bbut\b|\binstead\b) (?:and |but |instead |then |yet )?(?:(?:i|we|they) )?(?:got|received|were given|was given|gave (?:us|me)|put (?:us|me)|ended up with|given|only got|were put|was put|got put)\b(?! (?:an? )?(?:upgrade|free|bonus|extra|better))|\binstead of\b[^.!?]{0,50}\b(?:like|as|which|that|what) (?:i|we) (?:had )?(?:paid|asked|booked|ordered|arranged|agreed|requested)\b|\b(?:left|dumped|dropped|abandoned|put|delivered|parked|placed|thrown)\b[^.!?]{0,80}\binstead of (?:being )?(?:brought|carried|taken|put|installed|delivered|fitted|placed|plumbed|connected)\b|\b(?:agreed|promised|confirmed|said|told (?:me|us)|assured (?:me|us))\b (?:\w+ ){0,4}(?:freeze|pause|cancel|cancelled|stop|stopped|refund|waive|waived|close|closed|suspend|hold|end)\b[^.!?]{0,80}\b(?:still|yet|but|anyway|again)\b[^.!?]{0,30}\b(?:taken|took|charged|billed|debited|deducted|collected|charging|taking|billing)\b|\bstill (?:been )?(?:taken|took|charged|billed|debited|deducted) (?:me |us |my |our )?(?:\W?\d|money|payment|the|a|for)/,
  },
  {
    // One price agreed, another charged: "booked online at £89 a tyre, got charged £112 each".
    reason: 'complaint: billing problem',
    weight: 2,
    gate: gate('charged billed'),
    re: /(?:[£$€₦₹]|\b(?:rs|usd|gbp|eur|aud|ngn) ?)\d[\d.,]*\b[^.!?]{0,50}\b(?:got|was|were|been|then|but|and|they) (?:charged|billed) (?:me |us )?(?:\w+ )?(?:[£$€₦₹]|\b(?:rs|usd|gbp|eur|aud|ngn) ?)\d/,
  },
  {
    // Something needs fixing: "need this fixed", "need it sorted" (a request, not thanks for a fix).
    reason: 'complaint: fault reported',
    weight: 1.5,
    gate: gate('fixed sorted resolved corrected rectified looked sorting fixing changed refunded put'),
    re: /\b(?:need|needs|want|wanted|please get|get) (?:this|it|that|them) (?:\w+ )?(?:fixed|sorted|resolved|corrected|rectified|looked at|looked into|sorting|fixing|changed|refunded|put right)\b/,
  },
];

/**
 * A fault stated as a bare fact: something was bought, paid for, ordered or booked, and near it a sign it did not
 * happen as agreed ("bought the season pass, not showing in game", "paid for annual, app still says free trial",
 * "booked 2 rooms, only 1 on the confirmation"). Neither half is a complaint alone.
 */
const TRANSACTION =
  /\b(?:salary|wages|transfer(?:red)?|deposit(?:ed)?|recharged?|airtime|debited|topped up|pre-?booked|bought|buy|buying|purchased|purchase|paid|pay(?:ing)? for|ordered|order(?:ed)? for|pre-?ordered|booked|booking|reserved|reservation|subscribed|subscription|renewed|renewal|upgraded|upgrade|top(?:ped)? ?up|charged|invoice|bill|quoted|quote|receipt|season pass|battle pass|premium|annual|yearly|monthly|membership|tickets?|confirmation|voucher|gift card|redeemed|activated|plan|bundle|package|dlc|add-?on|licen[cs]e|refund(?:ed)?)\b/;
const MISMATCH =
  /\b(?:(?:did not|does not|do not|has not|have not|is not|was not|yet to|not yet|never) (?:\w+ )?(?:reflect|reflected|reflecting|credit|credited|come through|gone through|land|landed|drop|dropped|appear|appeared)|still (?:dey |de )?(?:show|shows|showing|say|says|saying|reading)|(?:old|previous|same) balance|(?:did not|does not|do not|had not) (?:even )?have (?:any|one|it|them|enough|my|our|the|a)\b|(?:had|have|has) (?:none|run out|sold out|given (?:it|them|ours|mine) away)|(?:still|again|also|anyway) (?:been )?(?:taken|took|charged|billed|debited|deducted|collected)|still (?:says|shows|showing|saying|lists?|listed|has me|have me|on (?:the |a )?(?:free|trial|basic|old|standard)|not|no|nothing|pending|processing|stuck|empty|free|the old|a trial|trial|locked|charging|asking me to (?:pay|buy|upgrade|subscribe))|(?:not|never) (?:showing|appearing|there|listed|applied|activated|active|unlocked|credited|reflected|updated|added|included|received|loaded|available|showing up|recogni[sz]ed|honou?red|working|in (?:my|the) (?:account|game|library|app|basket|booking|order)|on (?:my|the) (?:account|app|booking|order|confirmation|system|statement))|(?:is|are|was|were|has|have) not (?:showing|appearing|been applied|applied|activated|unlocked|credited|updated|been added|added|arrived|come through|gone through|shown up)|no sign|no trace|no record|nowhere to be (?:seen|found)|(?:shows?|showing|says|saying|has|with|is|of|at) (?:a |an? )?\W?0(?:\.00)? (?:balance|credit)|(?:balance|credit|points) (?:is |shows |says |of |at |showing )?(?:\W?0(?:\.00)?|zero|nothing|empty|nil)\b|zero (?:balance|credit)|only (?:\d+|one|two|three|half|part|some) (?:of (?:them|the|my)|on|out of|arrived|came|in|showing|showed|was|were|turned up|delivered|received|appeared|is|are|listed|booked|made it))\b/;
const MISMATCH_G = new RegExp(MISMATCH.source, 'g');

/** "booked the 10am slot, the engineer rolled up at 4pm": a promised time and a different arrival time. */
const PROMISED_TIME = /\b(?:booked|ordered|due|promised|scheduled|expected|arranged|confirmed|slot|appointment|reservation|table)\b[^.!?]{0,30}?\b(\d{1,2})(?:[:.](\d\d))? ?(am|pm)\b/;
const ARRIVAL_TIME = /\b(?:arrived|came|rolled up|turned up|showed up|got here|rocked up|delivered|arriving|turning up|showing up|seated|served|answered|called|rang) (?:at|around|about|after|gone|past|just after|nearly) (\d{1,2})(?:[:.](\d\d))? ?(am|pm)?\b/;
function minutesOf(h: string, m: string | undefined, ampm: string | undefined): number {
  let hour = Number(h) % 12;
  if (ampm === 'pm') hour += 12;
  return hour * 60 + Number(m ?? 0);
}
function lateAgainstPromise(text: string): boolean {
  const promised = PROMISED_TIME.exec(text);
  if (!promised) return false;
  const arrived = ARRIVAL_TIME.exec(text.slice(promised.index + promised[0].length));
  if (!arrived) return false;
  const due = minutesOf(promised[1]!, promised[2], promised[3]);
  const came = minutesOf(arrived[1]!, arrived[2], arrived[3] ?? promised[3]);
  return came - due >= 30;
}

function findUnmetTransaction(text: string): boolean {
  if (lateAgainstPromise(text)) return true;
  MISMATCH_G.lastIndex = 0;
  for (let m = MISMATCH_G.exec(text); m !== null; m = MISMATCH_G.exec(text)) {
    const window = text.slice(Math.max(0, m.index - 90), m.index);
    if (TRANSACTION.test(window)) return true;
  }
  return false;
}

/** Long waits with no sentiment word at all: "2 weeks and still no refund", "day 9 without internet", "since 8am". */
const NUM = '(?:\\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|several|few|couple of|many|over|nearly|almost)';
const DURATION = new RegExp(
  String.raw`\b(?:${NUM}(?: (?:more|whole|full|long))? (?:minutes?|mins?|hours?|hrs?|days?|weeks?|wks?|months?|years?|working days?)|day (?:\d+|two|three|four|five|six|seven|eight|nine|ten)|(?:\d+(?:st|nd|rd|th)|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth) (?:day|week|month)|since (?:\d{1,2}(?:[:.]\d\d)? ?(?:am|pm)|\d{1,2}(?:[:.]\d\d)|monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|last (?:\w+)|this morning|the \d+(?:st|nd|rd|th)?|january|february|march|april|may|june|july|august|september|october|november|december|christmas|easter)|(?:ages|forever))\b`,
);
/** "3 year warranty", "12 month contract", "30 day trial": a duration naming a product, not a wait. */
const DURATION_AS_ATTRIBUTE = /^(?:-| )?(?:warranty|guarantee|contract|plan|deal|pass|membership|subscription|old|trial|ticket|return|returns|policy|cover|extended|fixed|rolling|sim|bundle|free|money[- ]back|cooling[- ]off|notice)\b/;
const WAIT_CONTEXT = /\b(?:still|wait\w*|on hold|hold|queue\w*|stuck|delay\w*|late|no|not|nothing|without|never|took|taking|takes|later|and counting|since|yet|until|till|only|for|been|after|now|chas\w*|over)\b/;
const FAST = /\b(?:within|in (?:just |only |under |less than )?(?:\d+|one|an?|two|five|ten|half an?)|under|less than|same|next|early|earlier|ahead|only took|took only|just took|took just|fixed|sorted|resolved|open|opening|every|per|a day|for life|years? (?:old|ago)|ago|free|trial|guarantee|loyal|customer for|been with)\b/;

// ---------------------------------------------------------------------------------------------------------------
// Praise. Positive words only count when not negated ("not good" is dissatisfaction, above).

/** Praise said with a negative word: "not bad at all", "can't fault them", "no complaints". */
const PRAISED_NEGATION =
  /\b(?:not (?:too |that |so |half )?bad|can not fault|could not fault|nothing to fault|no complaints?|could not be happier|could not ask for (?:more|better|anything more)|could not have asked for|not disappointed|never disappoints?|never fails? to|never let me down|never miss(?:es)?|no (?:problems?|issues?|hassle|fuss|regrets) at all|not a problem|was not expecting that|did not expect (?:it|that|them|this) to be so|can not recommend (?:\w+ )?(?:enough|highly enough)|could not recommend (?:\w+ )?(?:more|enough|highly enough)|can not thank (?:you|them|\w+) enough|could not thank|second to none|not a single (?:problem|issue|complaint))\b/;

/** A negator in the two words before a praise word: "not helpful", "never friendly", "nobody helped". */
const NEGATED_BEFORE = /\b(?:not|never|nobody|no one|noone|nothing|no)(?: \w+)? $/;
const PRAISE: { reason: string; weight: number; re: RegExp; negatable?: boolean; gate?: WordGate }[] = [
  { reason: 'praise: praise despite a negative word', weight: 2.5, re: PRAISED_NEGATION },
  { reason: 'praise: compliment', weight: 1.5, re: /\b(?!worst|slowest|rudest|longest|hardest|dirtiest|saddest|weakest|poorest|latest|biggest|highest)[a-z]+est (?:\w+ ){0,3}(?:ever|i have ever|in years|in ages)\b/ },
  {
    // Praise idioms and negated expectations: "no notes", "survived a wedding", "been grand", "una dey try",
    // "didn't think they'd hold up but they have", "landed before I'd finished my tea".
    reason: 'praise: compliment',
    weight: 2.5,
    gate: gate('una notes chef chefs dey don much grease done nailed smashed understood hits ate grand top tip bang point stellar survived lasted held made got before would but kill'),
    re: /\b(?:no notes|chef'?s kiss|(?:una|you|u|una don) (?:dey|don) try|you too much|more grease to your elbow|well done o|una do well|(?:you|they|it|this) (?:nailed|smashed) it|understood the assignment|hits different|ate and left no crumbs|(?:has|have|had|it has|they have|it is|they are|is|are|was|were|all|that is|works|working|went|looks|look) (?:been |all )?grand\b|grand (?:job|service|stuff|lads)|top drawer|tip top|bang on|on point|stellar|(?<!(?:barely|only|just|hardly|did not|not) )(?:survived|lasted|held up through|made it through|got through) (?:a|an|the|my|our|two|three|\d+|whole|full|entire|all|every) (?:\w+ ){0,2}(?:wedding|weddings|day|days|night|nights|party|festival|holiday|wash|washes|trip|drop|drops|toddler|toddlers|marathon|shift|shifts|week|weekend|heatwave|storm|rain|downpour|commute|gig|hen do|stag do|ceilidh|concert|flight|hike|camping|month|months|year|years|kids|beach|school run|workout|gym session|dishwasher)\b(?! (?:before|then|and then|until|and broke|but))|(?:landed|arrived|came|turned up|delivered|here|sorted|fixed|done|ready|at my door) (?:\w+ ){0,2}before (?:i|we) (?:had |would )?(?:even |barely |properly )?(?!could|can|was in|were in|got home)[a-z]+|(?:i|we) would (?:literally |honestly )?kill for (?:a|an|one|some|your|the|another|more)|(?:did not|never|would not have|was not sure|was not expecting|had my doubts|had doubts|was sceptical|was skeptical|was dubious|was worried|thought)\b[^.!?]{0,60}\b(?:would|will|could|to)\b[^.!?]{0,30}\bbut (?:it|they|this|these|those|the \w+|he|she|you|mine)(?: \w+){0,2} (?:(?:has|have|had) )?(?:been|held up|lasted|worked|survived|proved|turned out|came through|delivered|did|do|does|is|are|was|were)\b(?! (?:rubbish|awful|terrible|worse|broken|useless|a nightmare|a disaster|not|never|wrong|bad|poor|late)))/,
  },
  {
    // Praise idioms without a praise word: "giving everything", "proper gent", "una too much", "you absolutely cooked".
    reason: 'praise: compliment',
    weight: 2,
    negatable: true,
    gate: gate('giving gent gentleman diamond angel sweetheart una cooked ate crumbs assignment chef'),
    re: /\b(?:(?:is|are|was|were|it is|its|this is|that is|looks?|looking|collection|range|drop|look) giving (?:everything|life|luxury|main character|elegance|icon|iconic|queen|expensive|rich|royalty|all the (?:vibes|things))|(?:proper|real|true|absolute|such a|total|an absolute|a real|a proper|a perfect) (?:gent|gentleman|diamond|angel|sweetheart)|una (?:too much|try|do well|dey try|good)|(?:absolutely|really|actually|lowkey|honestly|totally|fully|properly|truly|seriously) cooked|cooked with (?:this|that|these|the)|(?:you|they|the team|devs?|chef|you guys|you lot) (?:absolutely |really |actually |lowkey |honestly |totally )?(?:cooked|ate|understood the assignment)(?= ?(?:$|[.!?,]|with|on this|this|here|emj_))|ate and left no crumbs|understood the assignment|chef'?s kiss)\b/,
  },
  { reason: 'praise: thanks', weight: 1, re: /\b(?:thanks|thank you|thanking|cheers|much appreciated|appreciate (?:it|you|that|this|the|all|your)|grateful|gratitude|kudos|shout ?out|hats off|props to|big up|ta very much|bless you)\b/ },
  {
    reason: 'praise: compliment',
    weight: 2,
    negatable: true,
    re: new RegExp(
      String.raw`\b(?:love|loves|loved|loving|lovely|brilliant|amazing|amazed|awesome|excellent|fantastic|fabulous|superb|outstanding|wonderful|perfect|perfection|spotless|impressed|impressive|delicious|tasty|yummy|gorgeous|beautiful|stunning|friendly|helpful|kind|polite|patient|professional|efficient|speedy|smooth|painless|seamless|reliable|legends?|heroes|hero|gem|faultless|flawless|delighted|thrilled|chuffed|satisfied|obsessed|killing it|killed it|slaps|banging|goat|magic|magical|lifesaver|life saver|saved (?:the day|me|my)|above and beyond|extra mile|well done|good job|great job|nice one|nice work|top job|top notch|top class|5 stars?|five stars?|10\/10|recommend\w*|will be back|be back soon|coming back|come again|(?:order|buy|shop|book|fly|stay|eat|visit|use) (?:\w+ )?again|keep it up|keep up the|can not wait to (?:try|visit|go back|come back|order|get|see|taste|use|wear|eat)|favourite|proud|congrat\w*|well deserved|about time|so good|so much better|much better|the best|best (?:\w+ )?(?:ever|in town|i have|around)|genuinely|pleasure|a treat|spot on|cracking(?! up)|class act|epic|incredible|exceptional|sublime|divine|heavenly|dreamy|yum|bravo|fab\w*|happy (?:with|customer|bunny)|very happy|so happy|really happy|pleased with|great (?:service|job|food|value|experience|staff|team|product|quality|stuff|price|prices|selection|range|place|work|support|help|coffee)|good (?:service|value|food|quality|job|stuff|experience|price|prices)|(?:is|are|was|so|straight|pure|absolute|proper|looks) (?:fire|sick|lit|class|quality|gold|elite)\b|should be illegal|to die for|can not believe how (?:fast|quick|quickly|good|easy|great|amazing|helpful|lovely|cheap|kind|friendly|nice|smooth|well)|absolute star|(?:an?|real|total|such a) (?:star|superstar|rockstar|legend|gem)|superstar|rockstar|game changer|(?:quickest|fastest|easiest|cutest|prettiest|comfiest|softest|tastiest|freshest|cheapest|smoothest|friendliest|nicest|tastiest|cleanest|speediest|loveliest|greatest|kindest|most helpful|most friendly)\b|(?:you|you lot|you guys|team|they|kitchen|chef) (?:are|were|is) on fire|on fire (?:today|tonight|lately|this (?:week|year|season)|with)|(?:faster|quicker|better|cheaper|sooner|easier|nicer|tastier|bigger) than (?:i |we )?(?:expected|thought|hoped|imagined|anticipated)|exceeded (?:my |our |all )?expectations|worth every penny|value for money)\b`,
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
  { topic: 'buying', re: /\b(?:(?:^|[.!?,] )(?:hi |hello |hey |hiya |morning |evening )?(?:i |we )?(?:want|wanna|would like|need|am looking|looking) to (?:buy|order|book|reserve|purchase) (?:\d+|a|an|two|three|four|five|six|some|tickets?|seats?|tables?|rooms?)|(?:can|could|would|will) you (?:please )?(?:hold|reserve|save|keep|put aside|put by|set aside) (?:them|it|one|two|three|\d+|a|an|the|some|these|those|me)|(?:i|we) (?:would like|want|need|am looking|are looking|am hoping|are hoping) to (?:buy|order|book|switch|upgrade|get|sign up|join|reserve|purchase|take out)|looking to (?:buy|upgrade|switch|get|order|book|join|sign|purchase)|ready to (?:buy|order|book|sign|switch|upgrade|join|pay|purchase|go)|(?:can|could) (?:i|we) (?:still )?(?:order|book|buy|get|reserve|purchase|pre-?order|sign up|upgrade|switch)|how (?:do|can) (?:i|we) (?:buy|order|book|sign up|join|upgrade|switch|purchase|pre-?order)|book a (?:table|room|slot|appointment|flight|session|class|test drive)|(?:business|bulk|trade|group|corporate) (?:discount|order|pricing|rate|account)|(?:get|send|give) (?:me |us )?a quote|in stock (?:\w+ ){0,4}(?:collect|today|buy|pick up)|(?:can|could) (?:someone|somebody|you) call me|want to (?:buy|order) (?:\w+ ){0,3}today|(?:thinking of|thinking about|considering|looking at|interested in) (?:switching|moving|joining|signing up|upgrading|buying|ordering|booking|getting|taking out)|(?:want|wanting|hoping|planning|going|ready|looking) to (?:grab|buy|pick (?:it |one |them |some |a \w+ )?up|purchase)\b|(?:want|wanting|hoping|planning|going|ready|looking) to (?:get|collect|order|book|sign up|join|upgrade|switch)\b[^.!?]{0,40}\b(?:today|tonight|now|this (?:afternoon|evening|morning|weekend)|after work|on my way|asap|tomorrow|lunch ?break|on my lunch)|(?:sign|signing|join|joining|buy|buying|order|ordering|upgrade|upgrading|switch|switching|grab|pick (?:it |one )?up) (?:up )?(?:\w+ )?(?:today|tonight|right now|this (?:afternoon|evening|weekend))|(?:add|adding|get|getting|need) (?:\d+|a|an|another|two|three|four|five|extra|more) (?:new |more |extra )?(?:lines?|sims?|sim cards|users?|seats?|licen[cs]es?|members?|connections?|numbers?|handsets?)\b|if (?:i|we) (?:sign up|buy|order|join|switch|upgrade|book|take)\b|(?:best|cheapest|good|better) (?:deal|price|offer|rate) (?:if|for (?:\d+|a|two|three|four|the))\b)\b/ },
  { topic: 'account', re: /\b(?:my account|the account|account (?:details|number|settings)|(?:my|account|reset|resetting|change|changing|forgot|forgotten|new) (?:password|passcode)|password (?:reset|for my|on my)|log ?in|login|sign ?in|username|direct debit|standing order|bank details|payment (?:details|method|date)|card details|email address (?:on|for)|my details|my (?:plan|contract|tariff|subscription|bill|membership|balance|statement|pin|sim|number|meter|credit|points|loyalty card)|reset (?:my|the)|update (?:my|the) (?:details|address|email|number|card|payment)|change (?:my|the) (?:details|address|email|number|card|payment|plan|password|name|tariff)|two[- ]factor|2fa|verification code|statement|invoice|billing|my (?:policy|insurance|cover|renewal|claim|card|pension|mortgage|loan|overdraft|savings)|payees?|new payee|standing orders?|(?:our|my|the|a) (?:joint|business|savings|current|family|shared|student|kids?'?|child'?s?) account|(?:take|taking|remove|removing|add|adding|put|putting) (?:\w+ ){1,3}(?:off|on|onto|to|from) (?:our|my|the) (?:\w+ )?account|(?:correct|correcting|fix|fixing|change|changing|update|updating|amend|amending) (?:the |my )?(?:spelling|name|surname|first name|last name|middle name|date of birth|title|initials|gender|nationality)|spelling of (?:my|the|our|his|her) (?:\w+ )?(?:name|surname)|name change|change of name|(?:deceased|bereavement|power of attorney|close (?:my|the|our|his|her) (?:\w+ )?account))\b/ },
  { topic: 'order', re: /\b(?:my order|the order|order (?:#|no|number|ref|\d)|#\d{3,}|my (?:delivery|parcel|package|booking|reservation|replacement|refund|return|collection|item|items|purchase|appointment)|delivery (?:address|slot|date|time)|tracking|track (?:my|the)|replacement|(?<!\b(?:do|does|can|will|would|could) (?:you|they|it|u) )(?:send|sent|deliver|post|posted|redirect|redirected|forward|forwarded) (?:\w+ ){0,3}to (?:\d+|my|our|a new|the new|a different)|(?:return|exchange) (?:my|this|the|it|an?)|where(?: is|'s) my|change (?:the )?delivery|delivered to|collect (?:my|the) (?:order|parcel)|booking (?:ref|reference|number|code|no)|reservation (?:ref|reference|number|code|no)|confirmation (?:number|code|no)|(?:ref|reference) (?:no|number|#|[a-z]*\d[a-z0-9]{3,})|my (?:flight|ticket|tickets|stay|room|table|seat|seats|hire|rental|car hire)|receipt (?:no|number|#|ref)|(?:bought|ordered|purchased) (?:\w+ ){0,3}from you)\b/ },
  { topic: 'opening hours', re: /\b(?:open|opening|close|closing|closed|hours|opening times)\b[^.?!]{0,40}\b(?:today|tomorrow|tonight|sunday|monday|tuesday|wednesday|thursday|friday|saturday|weekend|bank holiday|holiday|christmas|boxing day|new year|easter|eve|late|times|hours|until|till)\b|\bwhat time (?:do|does|are|is) (?:you|it|the|they)\b[^.?!]{0,30}\b(?:open|close|shut)|\b(?:are|is) (?:you|the \w+(?: \w+)?) (?:still )?open\b|\bopening (?:times|hours)\b/ },
  { topic: 'policies', re: /\b(?:price match|policy|policies|allowance|allowed|permitted|do you deliver|deliver to|delivery (?:charge|cost|fee)|free delivery|returns?|refunds?|warranty|guarantee|dogs?|pets?|parking|car park|accessible|wheelchair|student discount|age limit|id to|insurance|cover|terms|cancellation|how long does (?:delivery|shipping|it take))\b/ },
  { topic: 'products', re: /\b(?:do you (?:sell|stock|have|do|make|carry|offer)|(?:will|would) you (?:stock|sell|bring back|have|do|restock)|stock|in stock|restock|size|sizes|colour|colours|available|availability|range|come in|suitable|gift cards?|vouchers?|options?|menu|vegan|vegetarian|gluten|halal|kosher|dairy|ingredients|plans?|difference between|compatible|work with|does (?:it|this|the)|is (?:it|this) (?:\w+ )?(?:available|in stock|suitable|waterproof|compatible)|next drop|new (?:range|collection|menu|model|phone)|release|launch|dark mode|feature|branch|store in|shop in|near me)\b/ },
];

// ---------------------------------------------------------------------------------------------------------------
// Other: spam, chatter and suggestions.

/** SPAM only runs when the post holds one of its trigger words (most posts hold none). */
const SPAM_GATE = gate('free followers follower get buy dm message check link click earn make home crypto bitcoin forex investment promo code use follow f sub onlyfans whatsapp telegram cash sugar singles win');
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

/** Harm words as hyperbole about something enjoyed: "the wings nearly killed me but worth it", "died laughing". */
const HYPERBOLE = /\b(?:nearly|almost|literally|actually) (?:killed|died|dead|dying)(?: (?:me|us))?\b(?= (?:but|though|lol|emj_laugh|emj_fire|emj_love|emj_positive|worth|so good|in a good way|from (?:the )?(?:spice|heat|laughing|laughter|cuteness)))|\bdied (?:laughing|of laughter)\b/;
const HYPERBOLE_G = new RegExp(HYPERBOLE.source, 'g');
/** Smoke as a smell of a room or car ("stank of cigarette smoke"), not a fire. */
const STALE_SMOKE = /\b(?:smell\w*|smelt|stank|stunk|stinks?|stinking|reek\w*|whiff\w*|full of|thick with) (?:\w+ ){0,2}(?:of |like )?(?:stale |old |cigarette |cigar |tobacco |weed |vape |bbq |barbecue )?(?:smoke|smokers?)\b|\b(?:cigarette|cigar|tobacco|weed|stale|second-?hand) smoke\b|\bsmok(?:ers?|ing) room\b|\bsmoky\b/g;
/** The last contrast word: "great food but the wait was long", "late, but the driver was lovely". */
const CONTRAST = /\b(?:but|however|though|although|except|shame|pity|yet)\b(?!.*\b(?:but|however|though|although|except)\b)/;

const SAFE_QUESTION = /\b(?:is|was|are) (?:this|it|that|they|these) (?:even |still |actually )?(?:safe|dangerous|a fire risk|a hazard)\b|\bsafe to (?:use|eat|drink|touch|keep using)\b/;

const SUGGESTIONS = new RegExp(SUGGESTION.source, 'g');
const FIX_REQUEST_CUE = /\b(?:need|needs|want|wanted|get|expected|love)\b/;
/** A request for a fix ("need this fixed") is not thanks for one. */
const FIX_REQUEST = /\bwould (?:really )?love (?:a |the |to )?(?:story|feature|piece|segment|hear about|know why|know how|cover|run)\b|\b(?:need|needs|want|wanted|please get|get) (?:this|it|that|them) (?:\w+ )?(?:fixed|sorted|resolved|corrected|sorting|fixing)\b|\bexpected (?:so much |much |a lot |way )?better\b/g;

const SARCASM_OPENERS =
  /(?:^|[.!?] )(?:oh |wow,? |well |yay,? |so |just )?(?:great|brilliant|lovely|fantastic|perfect|wonderful|amazing|excellent|cheers|nice one|nice|thanks|thank you|well done|good job|awesome|super|marvellous|splendid|fab|genius|classic|typical|love it|gotta love it|bravo|cool)[.!,]* ?(?=[.!?]|$|,)|\boh (?:great|brilliant|lovely|good|joy|wonderful|fantastic|perfect|fab|super|marvellous|cool)\b|\b(?:just|really|totally|absolutely|gotta|got to|have to) (?:love|loving|adore)\b|\blove (?:how|that|it when|when|being|having|paying|waiting)\b|\bthanks (?:a lot|so much|a bunch|for nothing)\b[^.!?]*\b(?:not|no|never|again|hours?|days?|weeks?)\b|\b(?:really|so|truly) appreciate (?:it|that|this)\b[^.!?]*emj_eyeroll|\b(?:thanks|thank you|cheers|ta) (?:so much |a lot )?for (?:leaving|ruining|cancelling|losing|breaking|wasting|ignoring|charging|overcharging|making me wait|keeping me waiting|nothing|the (?:\w+ )?(?:delay|wait|runaround|hassle|stress)|messing|not)\b|\byeah right\b|\bwhat a (?:joke|surprise|shocker)\b|\bshock horror\b|\bwho knew\b|\b10 ?\/ ?10\b|\b(?:as|like) always\b|\bgenius\b|\bsuper helpful,? not\b|\bnot\.?$/;

// ---------------------------------------------------------------------------------------------------------------

function sentencesOf(text: string): string[] {
  return text.split(/(?<=[.!?])\s+/);
}

function matchAll(text: string, families: { reason: string; weight: number; re: RegExp; negatable?: boolean; gate?: WordGate }[], post?: GateSet): Hit[] {
  const hits: Hit[] = [];
  for (const f of families) if (post !== undefined && !opens(f.gate, post)) continue;
  else if (f.negatable ? hasUnnegatedMatch(text, f.re) : f.re.test(text)) hits.push({ reason: f.reason, weight: f.weight });
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

function findThreats(text: string, mentions: string[], post: GateSet): string[] {
  const found = new Set<string>();
  const cleaned = text.replace(THREAT_EXCUSES, ' ');
  // Most posts hold no threat term at all: test the whole post once per term, and only then sentence by sentence.
  const terms = THREAT_TERMS.filter((t) => opens(t.gate, post) && t.re.test(cleaned));
  if (terms.length === 0) return mentions.some((h) => PRESS_HANDLE.test(h)) ? ['threat: tags the press'] : [];
  for (const t of terms) if (t.wholePost) found.add(t.reason);
  for (const sentence of sentencesOf(cleaned)) {
    for (const t of terms) {
      if (t.wholePost) continue;
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
    if (DURATION_AS_ATTRIBUTE.test(sentence.slice(m.index + m[0].length, m.index + m[0].length + 24))) continue;
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

  const post = gatesOpenedBy(text);
  const threats = findThreats(text, norm.mentions, post);
  if (!threats.some((t) => t.startsWith('threat: regulator')) && regulatorAcronym(raw)) threats.push('threat: regulator');
  let safety: string[] = [];
  const safetyText = /\b(?:killed|died|dead|dying)\b/.test(text) && HYPERBOLE.test(text) ? text.replace(HYPERBOLE_G, ' ') : text;
  for (const s of SAFETY) {
    const reason = `safety: ${s.kind}`;
    if (!safety.includes(reason) && opens(s.gate, post) && s.re.test(safetyText)) safety.push(reason);
  }
  // "Dangerous" adds nothing once a named hazard is found.
  if (safety.length > 1) safety = safety.filter((r) => r !== 'safety: reported as dangerous');
  const security: string[] = [];
  for (const s of SECURITY) if (!security.includes(s.reason) && opens(s.gate, post) && s.re.test(text)) security.push(s.reason);

  // Greetings and the praise words of a suggestion ("it would be great if…") are not praise.
  let praiseText = text.replace(GREETINGS, ' ').replace(SUGGESTIONS, ' ');
  if (FIX_REQUEST_CUE.test(praiseText)) praiseText = praiseText.replace(FIX_REQUEST, ' ');
  const praise = matchAll(praiseText, PRAISE, post);
  // "not bad at all" is praise: take the praised negations out before looking for dissatisfaction.
  const complaintText = text.replace(PRAISED_NEGATION, ' ').replace(/\b(?:order|buy|shop|book|fly|stay|eat|visit|use|come) (?:\w+ )?again\b/g, ' ');
  const complaint = matchAll(complaintText, COMPLAINT, post);
  const longWait = findLongWait(complaintText);
  if (longWait) complaint.push({ reason: `complaint: long wait (${longWait})`, weight: 2 });
  if (complaint.length === 0 && findUnmetTransaction(complaintText)) complaint.push({ reason: 'complaint: not what was paid for', weight: 2 });
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
    if (COMPLAINT.some((f) => f.weight >= 1.5 && opens(f.gate, post) && f.re.test(tail)) || findLongWait(tail)) contrast = 'complaint';
    else if (PRAISE.some((f) => f.weight >= 2 && f.re.test(tail))) contrast = 'praise';
  }

  const risks: string[] = [];
  if (safety.length === 0 && RISK_SAFETY.test(text) && (!text.includes('smok') || RISK_SAFETY.test(text.replace(STALE_SMOKE, ' ')))) risks.push('safety: possible hazard, check');
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
    spam: opens(SPAM_GATE, post) && SPAM.test(text),
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

/**
 * Families whose full pattern matches the (normalised) text while their word gate stays closed: always empty when
 * every gate lists the trigger words its pattern needs. For the tests; a non-empty answer is a gate to fix.
 */
export function closedGateMatches(raw: string): string[] {
  const text = normaliseText(raw).text;
  const open = gatesOpenedBy(text);
  const out: string[] = [];
  const families: { name: string; re: RegExp; gate?: WordGate }[] = [
    ...THREAT_TERMS.map((f) => ({ name: f.reason, re: f.re, gate: f.gate })),
    ...SAFETY.map((f) => ({ name: `safety: ${f.kind}`, re: f.re, gate: f.gate })),
    ...SECURITY.map((f) => ({ name: f.reason, re: f.re, gate: f.gate })),
    ...COMPLAINT.map((f) => ({ name: f.reason, re: f.re, gate: f.gate })),
    ...PRAISE.map((f) => ({ name: f.reason, re: f.re, gate: f.gate })),
    { name: 'other: spam', re: SPAM, gate: SPAM_GATE },
  ];
  for (const f of families) if (!opens(f.gate, open) && f.re.test(text)) out.push(f.name);
  return out;
}
