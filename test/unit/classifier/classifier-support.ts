import { classifyByRules } from '../../../lambdas/domain/classifier';
import type { Classification, ClassifierConfig } from '../../../schemas/classification';
import type { SocialEvent } from '../../../schemas/social-event';

/**
 * Shared by the classifier tests: a real-looking SocialEvent around a text, and the rules' classification of it. The
 * rules (docs/labels.md) are what the learned model reads beside the words and the floor it never lowers; these
 * tests pin what they find. What the product decides with the model is tested in classify-model.test.ts and, on
 * labelled sets, in labelled-sets.test.ts.
 */

let seq = 0;

export function event(text: string, overrides: Partial<SocialEvent> = {}): SocialEvent {
  seq++;
  return {
    id: `x:${1_800_000_000_000 + seq}`,
    platform: 'x',
    kind: 'mention',
    text,
    author: { id: `u${seq}`, handle: `customer${seq}`, followers: 120, verified: false },
    conversationId: `x:conv-${seq}`,
    createdAt: '2026-11-23T12:00:00.000Z',
    receivedAt: '2026-11-23T12:00:01.000Z',
    isEcho: false,
    ...overrides,
  };
}

export function judge(text: string, overrides: Partial<SocialEvent> = {}, config?: ClassifierConfig): Classification {
  return classifyByRules(event(text, overrides), config);
}

/** "category/urgency", for compact table tests. */
export function verdict(text: string, overrides: Partial<SocialEvent> = {}): string {
  const c = judge(text, overrides);
  return `${c.category}/${c.urgency}`;
}
