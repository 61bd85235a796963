import type { PiiType } from '../../../schemas/classification';
import type { EventKind } from '../../../schemas/social-event';

/**
 * The 1–5 short grounds staff see on a case. Built only from fixed phrases and short numbers ("long wait
 * (2 weeks)"), never from the post's words; as a second guard, any reason that contains a PII value found in the
 * post is dropped.
 */

export const MAX_REASONS = 5;
const PUBLIC_KINDS: ReadonlySet<EventKind> = new Set(['post', 'comment', 'mention', 'review']);
const PII_WORDS: Record<PiiType, string> = {
  email: 'email address',
  phone: 'phone number',
  card: 'card number',
  address: 'street address',
  bank: 'bank details',
  national_id: 'national id number',
};

/** "pii: phone number posted publicly" for a public post carrying PII, else null. */
export function piiReason(kind: EventKind, types: readonly PiiType[]): string | null {
  if (!PUBLIC_KINDS.has(kind) || types.length === 0) return null;
  const words = types.map((t) => PII_WORDS[t]);
  const list = words.length === 1 ? words[0] : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
  return `pii: ${list} posted publicly`;
}

export interface ReasonInputs {
  /** Grounds for the urgency beyond the category (threat, safety, security), strongest first. */
  critical: string[];
  reach: string | null;
  /** Grounds for the category, strongest first. */
  category: string[];
  pii: string | null;
  /** Tone notes: sarcasm, shouting. */
  tone: string[];
}

/**
 * Orders and trims the reasons: the category's first ground, what else made it critical, reach, further grounds and
 * tone, up to MAX_REASONS; duplicates removed. The PII flag always keeps a place (it asks staff to act on the post
 * itself).
 */
export function composeReasons(inputs: ReasonInputs, piiValues: readonly string[]): string[] {
  const [firstGround, ...moreGrounds] = inputs.category;
  const ordered = [firstGround, ...inputs.critical, inputs.reach, ...moreGrounds, ...inputs.tone];
  const room = inputs.pii ? MAX_REASONS - 1 : MAX_REASONS;
  const out: string[] = [];
  for (const r of ordered) {
    if (out.length === room) break;
    if (!r || out.includes(r)) continue;
    if (piiValues.some((v) => v.length >= 3 && r.includes(v))) continue;
    out.push(r);
  }
  if (inputs.pii) out.push(inputs.pii);
  return out;
}
