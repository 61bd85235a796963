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
  // what they carry counts as the post's PII; so do the captions and titles of its attachments (../attachments.ts).
  const author = redactAuthor(event.author);
  const media = redactAttachments(event.attachments);
  const pii: Pii = { types: mergePiiTypes(text.types, author.types, media.types), redactedText: text.redactedText };
  // The words judged: the text, and the captions and titles it does not already hold (never urls or ids). A post
  // without attachments is judged on its text alone, exactly as before.
  const extra = attachmentWords(event.attachments, event.text);
  const words = extra === '' ? event.text : event.text.trim() === '' ? extra : `${event.text}\n${extra}`;
  // What the post carries, so its card is never blank: it leads the reasons of a post without words.
  const carries = attachmentReason(event.attachments);
  const sentiment = scoreSentiment(words);

  if (event.isEcho) {
    const { label, score } = reconcileSentiment(sentiment, 'other');
    return result(event, 'other', 'low', label, score, pii, ["echo: the business's own reply"]);
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
  const reasons = composeReasons(
    {
      critical,
      reach,
      // A post without words has no grounds but what it carries ("voice note: listen to it", not "tags or emoji only").
      category: carries && wordless ? [carries] : decision.grounds,
      pii: piiReason(event.kind, pii.types),
      tone: carries && !wordless ? [...tone, carries] : tone,
    },
    [...text.matches.map((m) => event.text.slice(m.start, m.end)), ...author.values, ...media.values],
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
