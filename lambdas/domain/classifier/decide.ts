import type { Category, Sentiment, Urgency } from '../../../schemas/classification';
import type { ModelReading } from './model';

/**
 * From the model's reading to the labels (docs/labels.md), with the hard facts as a floor. Pure.
 *
 * - **Critical** when the critical head reaches its threshold (chosen on validation for recall first) on the post or
 *   on its most critical sentence (./worst-sentence.ts), when the category head reads a threat, when the post takes the business to a named regulator, or for a complaint or threat
 *   from a high-reach author. Nothing the model reads lowers a floor.
 * - **Otherwise the most probable consistent reading**: the heads are trained apart, so their top labels can
 *   contradict the label rules (a complaint read as low urgency, praise read as negative). Of the readings the rules
 *   allow — a complaint is high, praise low, a question high or normal, anything else normal or low; a complaint or
 *   threat is negative, praise positive — the one whose product of the heads' probabilities is highest is taken. A
 *   critical post's urgency is fixed, so only its category and sentiment are chosen together.
 */

export interface Facts {
  /** The regulator the post takes the business to (./regulator.ts), or null. */
  regulator: string | null;
  /** When the sentence that made the post critical reads, alone, as a threat: the probability of it (./worst-sentence.ts). */
  threatSentence?: number;
  /** Whether the author is high reach (a grievance from them is critical). */
  highReach: boolean;
}

export interface Decision {
  category: Category;
  urgency: Urgency;
  sentiment: Sentiment;
  /** -1 (negative) … 1 (positive): the model's positive probability less its negative, signed as the label. */
  sentimentScore: number;
  /** Why it is critical, when it is: the first that holds. */
  criticalBecause: 'regulator' | 'model' | 'threat' | 'reach' | null;
  confidence: { category: number; urgency: number; sentiment: number };
}

const CALM_URGENCY: Record<Exclude<Category, 'threat'>, readonly ('high' | 'normal' | 'low')[]> = {
  complaint: ['high'],
  question: ['high', 'normal'],
  praise: ['low'],
  other: ['normal', 'low'],
};

export function sentimentAllowed(category: Category, sentiment: Sentiment): boolean {
  if (category === 'complaint' || category === 'threat') return sentiment === 'negative';
  if (category === 'praise') return sentiment === 'positive';
  return true;
}

export function decide(m: ModelReading, facts: Facts): Decision {
  const categories = Object.entries(m.category.probabilities) as [Category, number][];
  const sentiments = Object.entries(m.sentiment.probabilities) as [Sentiment, number][];
  const byModel = m.critical.critical;
  const asThreat = m.category.label === 'threat' || facts.regulator !== null || (byModel && (facts.threatSentence ?? 0) > 0);
  let best = { p: -1, category: m.category.label as Category, urgency: 'critical' as Urgency, sentiment: m.sentiment.label as Sentiment };

  if (byModel || asThreat) {
    for (const [category, pc] of categories) {
      if (asThreat && category !== 'threat') continue;
      for (const [sentiment, ps] of sentiments) {
        if (sentimentAllowed(category, sentiment) && pc * ps > best.p) best = { p: pc * ps, category, urgency: 'critical', sentiment };
      }
    }
  } else {
    const calm = m.calmUrgency.probabilities;
    for (const [category, pc] of categories) {
      if (category === 'threat') continue;
      for (const urgency of CALM_URGENCY[category]) {
        for (const [sentiment, ps] of sentiments) {
          const p = pc * calm[urgency] * ps;
          if (sentimentAllowed(category, sentiment) && p > best.p) best = { p, category, urgency, sentiment };
        }
      }
    }
  }

  const grievance = best.category === 'complaint' || best.category === 'threat';
  const byReach = grievance && facts.highReach && best.urgency !== 'critical';
  const criticalBecause = facts.regulator ? 'regulator' : byModel ? 'model' : asThreat ? 'threat' : byReach ? 'reach' : null;
  const urgency: Urgency = byReach ? 'critical' : best.urgency;

  const sp = m.sentiment.probabilities;
  const lean = sp.positive - sp.negative;
  const sentimentScore = best.sentiment === 'negative' ? Math.min(-0.05, lean) : best.sentiment === 'positive' ? Math.max(0.05, lean) : lean;
  const calmP = urgency === 'critical' ? 0 : (1 - m.critical.probability) * m.calmUrgency.probabilities[urgency as 'high' | 'normal' | 'low'];
  return {
    category: best.category,
    urgency,
    sentiment: best.sentiment,
    sentimentScore: round(sentimentScore),
    criticalBecause,
    confidence: {
      category: facts.regulator ? 1 : round(Math.max(m.category.probabilities[best.category], best.category === 'threat' ? (facts.threatSentence ?? 0) : 0)),
      // A hard fact decided: certain. The model decided: its probability of that urgency.
      urgency: criticalBecause === 'regulator' || criticalBecause === 'reach' ? 1 : round(urgency === 'critical' ? Math.max(m.critical.probability, criticalBecause === 'threat' ? m.category.probabilities.threat : 0) : calmP),
      sentiment: round(sp[best.sentiment]),
    },
  };
}

const round = (p: number) => Math.round(p * 1000) / 1000;
