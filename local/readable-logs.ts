/**
 * `npm start` prints one short line per handler log instead of Powertools' ~500-character JSON. In Lambda the
 * handlers log JSON (CloudWatch Logs Insights reads its fields); on a developer's terminal the same entry becomes
 *
 *   14:02:11.691 classify    event processed  eventId=facebook:1_2_3 caseId=c_Ny… result=created urgency=critical
 *
 * The handlers are not changed: only the local process's stdout and stderr are read line by line, and a line that is
 * a Powertools log entry is rewritten. Anything else passes through as written. `LOG_FORMAT=json` keeps the JSON.
 */

/** Fields every Powertools entry carries that say nothing about what happened (the Lambda context, locally fake). */
const CONTEXT_KEYS = new Set([
  'level',
  'message',
  'timestamp',
  'service',
  'cold_start',
  'function_arn',
  'function_memory_size',
  'function_name',
  'function_request_id',
  'sampling_rate',
  'xray_trace_id',
]);

const MAX_VALUE_CHARS = 80;
const MAX_LINE_CHARS = 400;

/** The readable line for one Powertools JSON entry, or undefined when `line` is not one (it is then left alone). */
export function readableLogLine(line: string): string | undefined {
  if (!line.startsWith('{"level":')) return undefined;
  let entry: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(line);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
    entry = parsed as Record<string, unknown>;
  } catch {
    return undefined;
  }
  if (typeof entry.message !== 'string' || typeof entry.level !== 'string') return undefined;
  const time = typeof entry.timestamp === 'string' ? entry.timestamp.slice(11, 23) : undefined;
  const service = typeof entry.service === 'string' ? entry.service.padEnd(11) : undefined;
  const level = entry.level === 'INFO' ? undefined : entry.level;
  const fields = Object.entries(entry)
    .filter(([key, value]) => !CONTEXT_KEYS.has(key) && value !== undefined)
    .map(([key, value]) => `${key}=${shortValue(value)}`);
  const head = [time, service, level, entry.message].filter((part) => part !== undefined).map(escapeControls).join(' ');
  const text = fields.length > 0 ? `${head}  ${fields.join(' ')}` : head;
  return text.length > MAX_LINE_CHARS ? `${text.slice(0, MAX_LINE_CHARS - 1)}…` : text;
}

/**
 * Control and format characters written as escapes: values can come from outside (a platform's ids), and the JSON
 * line had them escaped; raw, a terminal escape in an id could rewrite the developer's screen.
 */
export function escapeControls(text: string): string {
  return text.replace(/[\p{Cc}\p{Cf}\u2028\u2029]/gu, (c) => `\\u${c.codePointAt(0)!.toString(16).padStart(4, '0')}`);
}

function shortValue(value: unknown): string {
  // A string with a space or `=` is quoted, so a value from outside cannot pass for more key=value fields.
  const raw = typeof value === 'string' && !/[\s="]/.test(value) ? value : JSON.stringify(value);
  const text = escapeControls(raw);
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS - 1)}…` : text;
}

type Write = typeof process.stdout.write;

/**
 * Rewrites Powertools entries written to `stream` from now on. Powertools writes each entry as one `write` of the
 * JSON and a newline (its Console), so a chunk is read whole; a chunk of several lines is read line by line.
 */
export function installReadableLogs(stream: NodeJS.WriteStream): void {
  const write = stream.write.bind(stream) as (chunk: string | Uint8Array, ...rest: unknown[]) => boolean;
  const readable = (chunk: string | Uint8Array, ...rest: unknown[]): boolean => {
    const text = typeof chunk === 'string' ? chunk : undefined;
    if (text === undefined || !text.includes('{"level":')) return write(chunk, ...rest);
    const lines = text.split('\n').map((line) => readableLogLine(line) ?? line);
    return write(lines.join('\n'), ...rest);
  };
  stream.write = readable as Write;
}
