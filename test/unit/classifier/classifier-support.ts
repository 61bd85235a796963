import { classify } from '../../../lambdas/domain/classifier';
import type { Classification, ClassifierConfig } from '../../../schemas/classification';
import type { SocialEvent } from '../../../schemas/social-event';

/**
 * Shared by the classifier tests: a real-looking SocialEvent around a text, and the classifier's judgement of it (the
 * committed model and the hard facts). How it decides is tested in classify-model.test.ts; how well, on labelled sets
 * nobody on the team wrote, in labelled-sets.test.ts.
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
  return classify(event(text, overrides), config);
}

/** "category/urgency", for compact table tests. */
export function verdict(text: string, overrides: Partial<SocialEvent> = {}): string {
  const c = judge(text, overrides);
  return `${c.category}/${c.urgency}`;
}
