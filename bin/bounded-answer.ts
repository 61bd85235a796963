/**
 * What the operator CLIs (bin/smoke.ts, bin/staff.ts) read of a server's answer: at most `max` bytes — a server that
 * sends more is refused, not buffered — and, when printed, one line with control and format characters escaped, so
 * no answer can move the cursor, retitle the terminal or forge a line of the CLI's own.
 */

import { escapeControls } from '../local/readable-logs';

export class AnswerTooLarge extends Error {
  override readonly name = 'AnswerTooLarge';
}

/** The answer's text, or AnswerTooLarge (naming `what`) once it passes `max` bytes. */
export async function boundedText(res: Response, max: number, what: string): Promise<string> {
  const reader = res.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      throw new AnswerTooLarge(`${what} is over ${Math.round(max / 1024)} KB`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** `text` as one printable line: control and format characters as \uXXXX, at most `max` characters. */
export function printable(text: string, max: number): string {
  const line = escapeControls(text.slice(0, max));
  return text.length > max ? `${line}…` : line;
}
