import {
  type Category,
  type Classification,
  type ClassifierConfig,
  DEFAULT_CLASSIFIER_CONFIG,
  type Sentiment,
  type Urgency,
} from '../../../schemas/classification';
import type { SocialEvent } from '../../../schemas/social-event';
import { attachmentReason, attachmentWords, redactAttachments } from '../attachments';
import { decideCategory } from './category';
import { detectPii, mergePiiTypes, redactAuthor } from './pii';
import { committedModel, type HeadName, type HeadReading, type PostModel, rulesContext } from './model';
import { composeReasons, piiReason, type ReasonInputs } from './reasons';
import { scoreSentiment, type SentimentResult } from './sentiment';
import { detectSignals } from './signals';
import { decideUrgency, reachOf } from './urgency';

/**
 * The product's judgement on one post (labels: docs/labels.md; model: docs/model.md). Pure, deterministic and
 * synchronous: the same event and config always give the same Classification, with no I/O and no clock.
 *
 * The learned model decides the category, whether the post is critical, the urgency of a calm one and the sentiment,
 * reading the redacted words and what the rules found. The rules stay as a floor the model never lowers: a post they
 * find critical (a threat, a hazard, fraud, a grievance from a high-reach author) stays critical, and a threat they
 * find stays a threat. PII is found by the rules alone (checksummed card numbers, formats): a fact, not a judgement.
 */
export function classify(event: SocialEvent, config: ClassifierConfig = DEFAULT_CLASSIFIER_CONFIG): Classification {
  return classifyWith(committedModel(), event, config);
}

/** classify with a given model: the committed one, or one the trainer has just trained and is scoring. */
export function classifyWith(model: PostModel, event: SocialEvent, config: ClassifierConfig = DEFAULT_CLASSIFIER_CONFIG): Classification {
  const rules = readByRules(event, config);
  const byRules = rules.classification;
  // The business's own reply is a fact of the platform, not a reading: nothing for the model to weigh.
  if (event.isEcho) return { ...byRules, confidence: CERTAIN, model: model.version };

  const m = model.read(rules.modelWords, rulesContext(byRules));
  // The model overrules the rules' label only when it is sure enough (a threshold per head, chosen on validation):
  // where it has little to go by and is unsure, the rules' reading stands.
  const overrule = model.thresholds.overrule;
  const decide = <L extends string>(reading: HeadReading<L>, rulesLabel: string, threshold: number): L =>
    reading.label !== rulesLabel && rulesLabel in reading.probabilities && reading.probability < threshold ? (rulesLabel as L) : reading.label;
  const category: Category = byRules.category === 'threat' ? 'threat' : decide(m.category, byRules.category, overrule.category);
  const grievance = category === 'complaint' || category === 'threat';
  const reach = grievance ? reachOf(event.author, config) : null;
  const floor = byRules.urgency === 'critical';
  const critical = floor || m.critical.critical || category === 'threat' || reach !== null;
  const urgency: Urgency = critical ? 'critical' : decide(m.calmUrgency, byRules.urgency, overrule.calmUrgency);
  const sentimentLabel = decide(m.sentiment, byRules.sentiment, overrule.sentiment);
  const score = sentimentLabel === m.sentiment.label ? round(m.sentiment.probabilities.positive - m.sentiment.probabilities.negative) : byRules.sentimentScore;
  const sentiment = reconcileSentiment({ label: sentimentLabel, score }, category);

  // Confidence: the model's probability of each label given; 1 where a hard fact decided (a high-reach grievance).
  const confidence = {
    category: round(m.category.probabilities[category]),
    urgency: reach ? 1 : round(critical ? m.critical.probability : (1 - m.critical.probability) * m.calmUrgency.probabilities[urgency as 'high' | 'normal' | 'low']),
    sentiment: round(m.sentiment.probabilities[sentiment.label]),
  };

  // Reasons: the rules' own grounds where the model agrees with them (they name the cue), else the model's evidence.
  const parts = rules.parts;
  const modelSays = (label: string, head: HeadName, probability: number) => {
    const words = model.evidence(head, head === 'critical' ? 'yes' : label, rules.modelWords);
    return `${label}: read by the model (${Math.round(probability * 100)}%${words.length > 0 ? `: ${words.join(', ')}` : ''})`;
  };
  const reasons = composeReasons(
    {
      // The rules' hazard grounds stay with a post they made critical, even when the model reads its category otherwise.
      critical: floor
        ? [...parts.critical, ...parts.category.filter((r) => CRITICAL_GROUNDS.test(r))]
        : critical && !reach && category !== 'threat'
          ? [modelSays('critical', 'critical', m.critical.probability)]
          : [],
      reach,
      // A post without words of its own keeps what it carries as its first ground ("voice note: listen to it").
      category: category === byRules.category ? parts.category : [...rules.wordlessGround, modelSays(category, 'category', m.category.probabilities[category])],
      pii: parts.pii,
      tone: parts.tone.filter((t) => grievance || !GRIEVANCE_TONES.has(t)),
    },
    rules.piiValues,
  );
  return { ...byRules, category, urgency, sentiment: sentiment.label, sentimentScore: sentiment.score, reasons, confidence, model: model.version };
}

/** The rules alone (docs/labels.md): what the model reads beside the words, and the floor it never lowers. */
export function classifyByRules(event: SocialEvent, config: ClassifierConfig = DEFAULT_CLASSIFIER_CONFIG): Classification {
  return readByRules(event, config).classification;
}

/** Tone notes that belong to a grievance only (sarcasm, shouting): dropped when the model reads the post otherwise. */
const GRIEVANCE_TONES: ReadonlySet<string> = new Set(['sentiment: sarcasm', 'sentiment: shouting']);
/** The rules' grounds that make a post critical whatever its category (signals.ts names them so). */
const CRITICAL_GROUNDS = /^(threat|safety|security):/;
const CERTAIN = { category: 1, urgency: 1, sentiment: 1 };
const round = (p: number) => Math.round(p * 1000) / 1000;

export interface RulesReading {
  /** The rules' verdict, with the model's version and certainty fields filled as the rules alone would. */
  classification: Classification;
  /** The grounds the verdict's reasons were composed from. */
  parts: ReasonInputs;
  /** The PII values found, which no reason may contain. */
  piiValues: string[];
  /** What the model reads: the redacted text and the redacted captions and titles it does not already hold. */
  modelWords: string;
  /** For a post without words of its own, what it carries (its first ground whoever decides the category). */
  wordlessGround: string[];
}

/** The rules' reading of a post (the trainer reads posts through this too, so the model sees what it will see). */
export function readByRules(event: SocialEvent, config: ClassifierConfig = DEFAULT_CLASSIFIER_CONFIG): RulesReading {
  const text = detectPii(event.text);
  // The display name and handle are stored and shown too (redacted where the case is made: cases/rules.ts), so
  // what they carry counts as the post's PII; so do the captions and titles of its attachments (../attachments.ts).
  const author = redactAuthor(event.author);
  const media = redactAttachments(event.attachments);
  const pii: Pii = { types: mergePiiTypes(text.types, author.types, media.types), redactedText: text.redactedText };
  const piiValues = [...text.matches.map((m) => event.text.slice(m.start, m.end)), ...author.values, ...media.values];
  // The words judged: the text, and the captions and titles it does not already hold (never urls or ids). A post
  // without attachments is judged on its text alone, exactly as before.
  const extra = attachmentWords(event.attachments, event.text);
  const words = extra === '' ? event.text : event.text.trim() === '' ? extra : `${event.text}\n${extra}`;
  const redactedExtra = attachmentWords(media.attachments, pii.redactedText);
  const modelWords = redactedExtra === '' ? pii.redactedText : `${pii.redactedText}\n${redactedExtra}`;
  // What the post carries, so its card is never blank: it leads the reasons of a post without words.
  const carries = attachmentReason(event.attachments);
  const sentiment = scoreSentiment(words);

  if (event.isEcho) {
    const { label, score } = reconcileSentiment(sentiment, 'other');
    const parts: ReasonInputs = { critical: [], reach: null, category: ["echo: the business's own reply"], pii: null, tone: [] };
    return { classification: result(event, 'other', 'low', label, score, pii, parts.category), parts, piiValues, modelWords, wordlessGround: [] };
  }

  const signals = detectSignals(words);
  const decision = decideCategory(signals, sentiment, event.rating);
  const { urgency, reach } = decideUrgency(decision, signals, event.author, config);
  const { label, score } = reconcileSentiment(sentiment, decision.category);

  const grievance = decision.category === 'complaint' || decision.category === 'threat';
  const tone: string[] = [];
  if (decision.sarcasm) tone.push('sentiment: sarcasm');
  if (grievance && signals.norm.shouting) tone.push('sentiment: shouting');
  // Safety and security grounds lead even when the category is not a complaint (thanks for handling a hazard).
  const critical = decision.category === 'complaint' ? signals.risks : [...signals.safety, ...signals.security];
  // Wordless: nothing to go by but what it carries (no words of its own; a place's or file's name is not a request).
  const wordless = decision.category === 'other' && (signals.norm.noWords || event.text.trim() === '');
  const parts: ReasonInputs = {
    critical,
    reach,
    // A post without words has no grounds but what it carries ("voice note: listen to it", not "tags or emoji only").
    category: carries && wordless ? [carries] : decision.grounds,
    pii: piiReason(event.kind, pii.types),
    tone: carries && !wordless ? [...tone, carries] : tone,
  };
  const reasons = composeReasons(parts, piiValues);
  return { classification: result(event, decision.category, urgency, label, score, pii, reasons), parts, piiValues, modelWords, wordlessGround: carries && wordless ? [carries] : [] };
}

/** The PII part of a Classification: types found in the text or the author, and the redacted text. */
interface Pii {
  types: Classification['pii'];
  redactedText: string;
}

/** The Classification, fields in reading order. */
function result(
  event: SocialEvent,
  category: Category,
  urgency: Urgency,
  sentiment: Sentiment,
  sentimentScore: number,
  pii: Pii,
  reasons: string[],
): Classification {
  // The rules alone are not a probability: certain by construction, and named as the rules.
  return { id: event.id, category, urgency, sentiment, sentimentScore, pii: pii.types, redactedText: pii.redactedText, reasons, confidence: CERTAIN, model: 'rules' };
}

function clamp(score: number): number {
  return Number.isFinite(score) ? Math.max(-1, Math.min(1, score)) : 0;
}

/** The sentiment label and score, made consistent with the category. */
function reconcileSentiment(s: Pick<SentimentResult, 'label' | 'score'>, category: Category): { label: Sentiment; score: number } {
  const score = clamp(s.score);
  if ((category === 'complaint' || category === 'threat') && s.label !== 'negative') return { label: 'negative', score: Math.min(-0.25, -Math.abs(score)) };
  if (category === 'praise' && s.label !== 'positive') return { label: 'positive', score: Math.max(0.25, Math.abs(score)) };
  return { label: s.label, score };
}
