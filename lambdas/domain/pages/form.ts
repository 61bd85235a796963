/**
 * The form bodies the link pages accept: `application/x-www-form-urlencoded`, a few short fields sent by our own
 * pages (the offer's choice, phone and time; the acknowledgement's empty form). Anything else is refused before it is
 * read: a body over MAX_FORM_BYTES (413), and a field sent twice (400) — our radio buttons send one `channel`, so
 * `channel=phone&channel=email` is not from our page, and taking either value would be a guess.
 */

/** A form is a few short fields; anything bigger is not from our page. */
export const MAX_FORM_BYTES = 4 * 1024;

export type FormRead = { ok: true; form: Record<string, string> } | { ok: false; status: 400 | 413; why: 'repeated-field' | 'too-large' };

/** The fields of a request body as API Gateway passes it (base64 when the payload is not text). */
export function readForm(body: string | undefined, isBase64Encoded: boolean): FormRead {
  if (!body) return { ok: true, form: {} };
  // The size as sent: decoded base64, or the UTF-8 bytes of the text (checked on the length first, cheaply).
  if (!isBase64Encoded && body.length > MAX_FORM_BYTES) return { ok: false, status: 413, why: 'too-large' };
  const raw = isBase64Encoded ? Buffer.from(body, 'base64') : Buffer.from(body, 'utf8');
  if (raw.length > MAX_FORM_BYTES) return { ok: false, status: 413, why: 'too-large' };
  const fields = new Map<string, string>();
  for (const [k, v] of new URLSearchParams(raw.toString('utf8'))) {
    if (fields.has(k)) return { ok: false, status: 400, why: 'repeated-field' };
    fields.set(k, v);
  }
  // Own properties only (a field named "__proto__" is a field, not a prototype).
  return { ok: true, form: Object.fromEntries(fields) };
}
