/**
 * How people call each type of attachment — singular, plural, and what to do with it — for the cards, pages and
 * messages (attachments.ts) and the care console. No imports: the console's browser bundle takes it as it is.
 */

/** How people call a type: singular, plural, and what to do with it (for the card's reason). */
export interface Kind {
  one: string;
  many: string;
  /** "listen to it": the reason says what the post carries and what staff should do. */
  act: string;
  /** How its titles are shown: `order (3 items)`, `document invoice.pdf`, `location: Café Central`. */
  titles?: 'paren' | 'space' | 'colon';
}

const K = (one: string, many: string, act: string, titles?: Kind['titles']): Kind => ({ one, many, act, ...(titles ? { titles } : {}) });

const KINDS: Record<string, Kind> = {
  voice: K('voice note', 'voice notes', 'listen to it'),
  audio: K('audio', 'audio clips', 'listen to it', 'colon'),
  image: K('photo', 'photos', 'look at it'),
  photo: K('photo', 'photos', 'look at it'),
  video: K('video', 'videos', 'watch it'),
  animated_gif: K('GIF', 'GIFs', 'look at it'),
  gif: K('GIF', 'GIFs', 'look at it'),
  sticker: K('sticker', 'stickers', 'no words'),
  document: K('document', 'documents', 'open it', 'space'),
  file: K('file', 'files', 'open it', 'space'),
  location: K('location', 'locations', 'see where', 'colon'),
  contacts: K('contact card', 'contact cards', 'open it', 'colon'),
  order: K('order', 'orders', 'check it', 'paren'),
  story_mention: K('story mention', 'story mentions', 'look at the story'),
  story_reply: K('story reply', 'story replies', 'look at the story'),
  share: K('shared post', 'shared posts', 'open it', 'colon'),
  quote: K('quoted post', 'quoted posts', 'read the quoted post'),
  ig_reel: K('reel', 'reels', 'watch it'),
  reel: K('reel', 'reels', 'watch it'),
  template: K('template', 'templates', 'open it', 'colon'),
  fallback: K('link', 'links', 'open it', 'colon'),
  flow_reply: K('form reply', 'form replies', 'open it'),
  button: K('button reply', 'button replies', 'read it', 'colon'),
  interactive: K('interactive reply', 'interactive replies', 'read it', 'colon'),
  reaction: K('reaction', 'reactions', 'no words'),
  comment: K('comment', 'comments', 'open it on the platform'),
  'mention-without-text': K('mention', 'mentions', 'open it on the platform'),
  unsupported: K('unsupported message', 'unsupported messages', 'open it on the platform'),
  referral: K('came from an ad or post', 'came from ads or posts', 'see which', 'colon'),
};

export function kindOf(type: string): Kind {
  return Object.hasOwn(KINDS, type) ? KINDS[type]! : K(`unknown type ${type}`, `items of unknown type ${type}`, 'open it on the platform');
}
