/**
 * The one reading the classifier keeps as a rule beside its learned model: a customer taking a business to a named
 * regulator ("reporting this to Ofcom", "complaint filed with the CFPB", "je vais saisir la DGCCRF"). By the label
 * rules (docs/labels.md) that is a threat, critical whatever else the post says; a regulator's name is a hard fact of
 * the text, so it is a floor the model's reading is never allowed to lower — the model learns the rest of what makes
 * a threat (press, lawyers, reviews, chargebacks), phrased any way.
 *
 * A name counts only with a verb of taking it there in the same sentence, so "is this FCA regulated?" and "the
 * ombudsman's site is down" are not threats. Names are matched as whole words; acronyms that are also common words or
 * names in lower case (ICO, ASA, CMA…) only in capitals.
 */

/** Each regulator as a reason names it, and how a post writes it. */
const NAMED: readonly (readonly [name: string, pattern: string])[] = [
  ['Ofcom', 'ofcom'],
  ['Ofgem', 'ofgem'],
  ['Ofwat', 'ofwat'],
  ['FCA', 'financial conduct authority'],
  ['Financial Ombudsman', 'financial ombudsman(?: service)?'],
  ['ombudsman', 'ombudsm[ae]n'],
  ['trading standards', 'trading standards'],
  ['ICO', "information commissioner(?:'s office)?"],
  ['ASA', 'advertising standards(?: authority)?'],
  ['CAA', 'civil aviation authority'],
  ['CMA', 'competition and markets authority'],
  ['Food Standards Agency', 'food standards agency'],
  ['environmental health', 'environmental health'],
  ['FTC', 'ftc|federal trade commission'],
  ['FCC', 'fcc|federal communications commission'],
  ['CFPB', 'cfpb|consumer financial protection bureau'],
  ['BBB', 'bbb|better business bureau'],
  ['attorney general', 'attorneys? general'],
  ['NHTSA', 'nhtsa'],
  ['CPSC', 'cpsc|consumer product safety commission'],
  ['OSHA', 'osha'],
  ['Department of Transportation', 'department of transportation'],
  ['consumer affairs', 'consumer affairs'],
  ['ACCC', 'accc'],
  ['ACMA', 'acma'],
  ['AFCA', 'afca'],
  ['CRTC', 'crtc'],
  ['ComReg', 'comreg'],
  ['CCPC', 'ccpc'],
  ['DGCCRF', 'dgccrf'],
  ['CNIL', 'cnil'],
  ['PROFECO', 'profeco'],
  ['FACUA', 'facua'],
];
/** Acronyms read only in capitals: in lower case they are words or names ("ico", "asa", "cma", "dot", "tio"). */
const CAPITALS: readonly (readonly [name: string, pattern: string])[] = [
  ['FCA', 'FCA'],
  ['ICO', 'ICO'],
  ['ASA', 'ASA'],
  ['CAA', 'CAA'],
  ['CMA', 'CMA'],
  ['FDA', 'FDA'],
  ['FAA', 'FAA'],
  ['DOT', 'DOT'],
  ['TIO', 'TIO'],
  ['OCU', 'OCU'],
];

const word = (pattern: string, flags: string) => new RegExp(`(?<![\\p{L}\\p{N}])(?:${pattern})(?![\\p{L}\\p{N}])`, flags);
const NAMES = [...NAMED.map(([name, p]) => ({ name, re: word(p, 'iu') })), ...CAPITALS.map(([name, p]) => ({ name, re: word(p, 'u') }))];

/** Taking it there: reporting, complaining, filing, escalating, contacting, copying them in (English, Spanish, French). */
const TAKING_IT_THERE = word(
  [
    'report(?:ed|ing|s)?',
    'complain(?:ed|ing|s|t|ts)?',
    'fil(?:e|ed|es|ing)',
    'lodg(?:e|ed|es|ing)',
    'escalat(?:e|ed|es|ing)',
    'contact(?:ed|ing|s)?',
    'call(?:ed|ing)?',
    'writ(?:e|es|ing)|wrote|written',
    'email(?:ed|ing)?',
    'go(?:ing|ne)? to|went to|take (?:this|it|you|them) to|taking (?:this|it|you|them) to|took (?:this|it|you|them) to',
    'tell(?:ing)?|told',
    'cc(?:ed|ing|\'d)?',
    'tag(?:ged|ging)?',
    'notif(?:y|ied|ying)',
    'refer(?:red|ring)?',
    'denunci\\p{L}*',
    'reclam\\p{L}*',
    'queja',
    'demand\\p{L}*',
    'signal\\p{L}*',
    'plainte',
    'saisi\\p{L}*',
  ].join('|'),
  'iu',
);

/** The regulator a post takes the business to (its name as a reason gives it), or null. */
export function regulatorNamed(text: string): string | null {
  for (const sentence of text.split(/[.!?\n]+/)) {
    if (!TAKING_IT_THERE.test(sentence)) continue;
    for (const { name, re } of NAMES) if (re.test(sentence)) return name;
  }
  return null;
}
