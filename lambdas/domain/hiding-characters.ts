/**
 * Characters that reorder or hide the text after them — bidirectional controls and invisible spaces (U+061C, U+200B,
 * U+200E–F, U+202A–E, U+2060–4, U+2066–9, U+FEFF): "\u202Eexe.live" reads "evil.exe". The joiners U+200C/U+200D stay:
 * scripts such as Persian and every family emoji need them. Used where outside text is cleaned for people to read
 * (attachments' captions and titles, the care console); no imports, so the console's browser bundle takes it as is.
 */
export const HIDING_CHARACTERS = /[\u061c\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;

/** `text` without the characters that reorder or hide it. */
export const withoutHidingCharacters = (text: string): string => text.replace(HIDING_CHARACTERS, '');
