import type { Category } from '../../../schemas/classification';
import type { SentimentResult } from './sentiment';
import type { Hit, QuestionTopic, Signals } from './signals';

/**
 * The category from the signals, in the order a care lead reads a post: a threat outranks everything; a safety or
 * security report is a complaint (even phrased as a question, "is it going to explode?"); spam is other; then
 * grievance against praise against asking. A question that reports a fault is a complaint ("why does the app make
 * me log in 3 times a day"); praise words around a fault are sarcasm, which is a complaint.
 */

export interface CategoryDecision {
  category: Category;
  /** Reasons for the category, strongest first. */
  grounds: string[];
  sarcasm: boolean;
  /** A suggestion or neutral feedback (category other, but it earns a normal, not low, urgency). */
  feedback: boolean;
}

const QUESTION_REASON: Record<QuestionTopic, string> = {
  'opening hours': 'question: asks about opening hours',
  account: 'question: about their account',
  order: 'question: about their order',
  buying: 'question: ready to buy',
  products: 'question: asks about products or stock',
  policies: 'question: asks about a policy',
  information: 'question: asks for information',
};


const total = (hits: Hit[]) => hits.reduce((s, h) => s + h.weight, 0);

/** Distinct reasons of the hits, heaviest first. */
function reasonsOf(hits: Hit[]): string[] {
  const best = new Map<string, number>();
  for (const h of hits) best.set(h.reason, Math.max(best.get(h.reason) ?? 0, h.weight));
  return [...best.entries()].sort((a, b) => b[1] - a[1]).map(([r]) => r);
}

/** A review's star rating as evidence (0–5 scale, or 0–10 when above 5). */
function ratingEvidence(rating: number | undefined): { complaint: number; praise: number; reason?: string } {
  if (rating === undefined) return { complaint: 0, praise: 0 };
  const stars = rating > 5 ? rating / 2 : rating;
  if (stars <= 2) return { complaint: 1.5, praise: 0, reason: `complaint: ${Math.round(stars)}-star review` };
  if (stars >= 4) return { complaint: 0, praise: 1.5, reason: `praise: ${Math.round(stars)}-star review` };
  return { complaint: 0, praise: 0 };
}

export function decideCategory(s: Signals, sentiment: SentimentResult, rating?: number): CategoryDecision {
  const stars = ratingEvidence(rating);
  const sarcasm = s.sarcasm;
  let complaint = total(s.complaint) + stars.complaint;
  if (complaint > 0 && s.norm.shouting) complaint += 0.5;
  if (sarcasm) complaint += 1;
  if (s.contrast === 'complaint') complaint += 1;
  // Praise words around a fault are sarcasm, not praise.
  const praise = sarcasm ? 0 : total(s.praise) + stars.praise + (s.contrast === 'praise' ? 1 : 0);
  const complaintGrounds = () => {
    const grounds = reasonsOf(s.complaint);
    if (stars.complaint && stars.reason) grounds.push(stars.reason);
    if (grounds.length === 0) grounds.push('complaint: dissatisfied');
    return grounds;
  };
  const decide = (category: Category, grounds: string[], feedback = false): CategoryDecision => ({ category, grounds, sarcasm, feedback });

  if (s.threats.length > 0) return decide('threat', [...s.threats]);
  const hazard = s.safety.length > 0 || s.security.length > 0;
  if (s.spam && complaint < 2 && !hazard) return decide('other', ['other: spam']);
  if (hazard) {
    // Thanks for handling a hazard stays praise (urgency still says critical); any grievance makes it a complaint.
    if (praise >= 2 && complaint === 0 && !s.questionFrame) return decide('praise', reasonsOf(s.praise));
    return decide('complaint', [...s.safety, ...s.security, ...reasonsOf(s.complaint)]);
  }
  // A grievance outweighs praise around it ("great food, terrible service"), unless the praise is for fixing it.
  if (complaint >= 2 && (complaint + 1 > praise || sarcasm)) return decide('complaint', complaintGrounds());
  if (s.questionFrame) return decide('question', [QUESTION_REASON[s.questionTopic ?? 'information']]);
  // A bare "nice" or "cool" is a reaction, not praise of the business.
  const mildOnly = s.praise.every((h) => h.reason === 'praise: compliment' && h.weight <= 1) && wordCount(s) <= 2;
  if (praise >= 1 && praise > complaint && !(s.chatter && praise < 2) && !mildOnly) {
    const grounds = reasonsOf(s.praise);
    if (stars.praise && stars.reason) grounds.push(stars.reason);
    return decide('praise', grounds);
  }
  if (complaint >= 1.5 || (complaint >= 1 && sentiment.label === 'negative' && !s.chatter)) return decide('complaint', complaintGrounds());
  // A word of harm or compromise in a post that is nothing else is read as a report, not chatter.
  if (s.risks.length > 0 && !s.chatter) return decide('complaint', ['complaint: reports a possible harm']);
  if (s.suggestion) return decide('other', ['feedback: suggestion'], true);
  // No cue matched, but the tone is clearly negative: a grievance in words the families do not know.
  // domain.md: a complaint "expresses dissatisfaction". With no other cue, a negative tone is that expression; a
  // missed complaint (low, no clock) costs far more than a complaint that turns out to be a grumble.
  if (sentiment.label === 'negative' && !s.chatter) return decide('complaint', ['complaint: negative tone']);
  if (s.norm.noWords) return decide('other', ['other: tags or emoji only']);
  if (s.chatter) return decide('other', ['other: chatter']);
  return decide('other', ['other: no complaint, question or praise found']);
}

function wordCount(s: Signals): number {
  let n = 0;
  for (const w of s.norm.text.split(' ')) if (/[a-z]/.test(w) && !w.startsWith('emj_')) n++;
  return n;
}
