import type { ClassifierConfig, Urgency } from '../../../schemas/classification';
import type { Author } from '../../../schemas/social-event';
import type { CategoryDecision } from './category';
import type { Signals } from './signals';

/**
 * Urgency by docs/labels.md: critical for any threat, any safety or health report, any security or fraud report,
 * and a complaint (or threat) from a high-reach author; high for other complaints, account/billing/order questions
 * and sales queries from someone ready to buy; normal for general questions and neutral feedback; low for praise,
 * chatter and spam.
 */

export interface UrgencyDecision {
  urgency: Urgency;
  /** The reach reason, when reach raised the urgency. */
  reach: string | null;
}

/** 254000 → "254k", 1200000 → "1.2M", 10500 → "10.5k". */
export function formatFollowers(n: number): string {
  const short = (v: number) => (v >= 100 ? String(Math.round(v)) : String(Math.round(v * 10) / 10));
  if (n >= 1_000_000) return `${short(n / 1_000_000)}M`;
  if (n >= 1_000) return `${short(n / 1_000)}k`;
  return String(n);
}

/** Why an author counts as high reach under `config`, or null. */
export function reachOf(author: Author, config: ClassifierConfig): string | null {
  const followers = author.followers ?? 0;
  if (followers >= config.highReachFollowers) return `reach: ${formatFollowers(followers)} followers${author.verified ? ' (verified)' : ''}`;
  if (author.verified && config.verifiedIsHighReach) return 'reach: verified author';
  return null;
}

export function decideUrgency(decision: CategoryDecision, signals: Signals, author: Author, config: ClassifierConfig): UrgencyDecision {
  const { category } = decision;
  const grievance = category === 'complaint' || category === 'threat';
  const reach = grievance ? reachOf(author, config) : null;
  const hazard = signals.safety.length > 0 || signals.security.length > 0 || (category === 'complaint' && signals.risks.length > 0);
  if (category === 'threat' || hazard || reach) return { urgency: 'critical', reach };
  if (category === 'complaint') return { urgency: 'high', reach: null };
  if (category === 'question') {
    const topic = signals.questionTopic;
    return { urgency: topic === 'account' || topic === 'order' || topic === 'buying' ? 'high' : 'normal', reach: null };
  }
  if (decision.feedback) return { urgency: 'normal', reach: null };
  return { urgency: 'low', reach: null };
}
