import type { ClassifierConfig } from '../../../schemas/classification';
import type { Author } from '../../../schemas/social-event';

/**
 * Reach, a hard fact of the author (docs/labels.md): a complaint or threat from an author with at least
 * `highReachFollowers` followers, or verified, is critical whatever the model reads (./decide.ts). Read by the classifier beside its model.
 */

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
