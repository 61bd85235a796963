import {
  type Category,
  type Classification,
  type ClassifierConfig,
  DEFAULT_CLASSIFIER_CONFIG,
  type Sentiment,
  type Urgency,
} from '../../../schemas/classification';
import type { SocialEvent } from '../../../schemas/social-event';
import { decideCategory } from './category';
import { detectPii, mergePiiTypes, redactAuthor } from './pii';
import { composeReasons, piiReason } from './reasons';
import { scoreSentiment, type SentimentResult } from './sentiment';
import { detectSignals } from './signals';
import { decideUrgency } from './urgency';

/**
 * The product's judgement on one post (labels and rules: docs/labels.md). Pure, deterministic and synchronous:
 * the same event and config always give the same Classification, with no I/O and no clock.
 *
 * Sentiment comes from scoreSentiment, reconciled with the category where they cannot both be right: a complaint
 * or threat is never positive (that is sarcasm) and praise is never negative ("not bad at all").
 */
export function classify(event: SocialEvent, config: ClassifierConfig = DEFAULT_CLASSIFIER_CONFIG): Classification {
  const text = detectPii(event.text);
  // The display name and handle are stored and shown too (redacted where the case is made: cases/rules.ts), so
  // what they carry counts as the post's PII.
  const author = redactAuthor(event.author);
  const pii: Pii = { types: mergePiiTypes(text.types, author.types), redactedText: text.redactedText };
  const sentiment = scoreSentiment(event.text);

  if (event.isEcho) {
    const { label, score } = reconcileSentiment(sentiment, 'other');
    return result(event, 'other', 'low', label, score, pii, ["echo: the business's own reply"]);
  }

  const signals = detectSignals(event.text);
  const decision = decideCategory(signals, sentiment, event.rating);
  const { urgency, reach } = decideUrgency(decision, signals, event.author, config);
  const { label, score } = reconcileSentiment(sentiment, decision.category);

  const grievance = decision.category === 'complaint' || decision.category === 'threat';
  const tone: string[] = [];
  if (decision.sarcasm) tone.push('sentiment: sarcasm');
  if (grievance && signals.norm.shouting) tone.push('sentiment: shouting');
  // Safety and security grounds lead even when the category is not a complaint (thanks for handling a hazard).
  const critical = decision.category === 'complaint' ? signals.risks : [...signals.safety, ...signals.security];
  const reasons = composeReasons(
    { critical, reach, category: decision.grounds, pii: piiReason(event.kind, pii.types), tone },
    [...text.matches.map((m) => event.text.slice(m.start, m.end)), ...author.values],
  );

  return result(event, decision.category, urgency, label, score, pii, reasons);
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
  return { id: event.id, category, urgency, sentiment, sentimentScore, pii: pii.types, redactedText: pii.redactedText, reasons };
}

function clamp(score: number): number {
  return Number.isFinite(score) ? Math.max(-1, Math.min(1, score)) : 0;
}

/** The sentiment label and score, made consistent with the category. */
function reconcileSentiment(s: SentimentResult, category: Category): { label: Sentiment; score: number } {
  const score = clamp(s.score);
  if ((category === 'complaint' || category === 'threat') && s.label !== 'negative') return { label: 'negative', score: Math.min(-0.25, -Math.abs(score)) };
  if (category === 'praise' && s.label !== 'positive') return { label: 'positive', score: Math.max(0.25, Math.abs(score)) };
  return { label: s.label, score };
}
