/**
 * Quoted posts with their links broken, for every message that quotes what someone wrote (the customer's offer,
 * the pages and notices to staff): mail and SMS clients turn anything that looks like a URL or a host name into a
 * link, and a post can carry a phishing link that would then arrive from the brand's own address. Defanged the way
 * security teams write indicators — `hxxps://example[.]com/path` — so it stays readable and copyable, and no client
 * finds a link in it. No zero-width characters are added (some clients strip them), and any already in the text
 * are removed, as they can hide a dot from this rule while a client still joins the host name.
 */

/** Invisible format characters (zero-width space and joiners, bidi controls, the BOM). */
const FORMAT_CHARS = /\p{Cf}/gu;
/** A URL scheme a client links: http(s), ftp, and their lookalikes; kept readable, made unlinkable. */
const SCHEME = /\b(h)tt(ps?)(?=:)|\b(f)t(p)(?=:)/giu;
/**
 * A dot between a host name label and the next label's letter; or a full-width or ideographic one next to an ASCII
 * label (`evil。example`, `例え。jp`) — between two CJK words it is the full stop that ends a sentence.
 */
const HOST_DOT =
  /(?<=[\p{L}\p{N}_-])\.(?=\p{L})|(?<=[\p{L}\p{N}_-])[\uFF0E\u3002\uFF61](?=[A-Za-z0-9\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A])|(?<=[A-Za-z0-9_\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A-])[\uFF0E\u3002\uFF61](?=\p{L})/gu;
/** An IPv4 address, which some clients link as it is. */
const IPV4 = /\b\d{1,3}(?:\.\d{1,3}){3}\b/g;

export function defangLinks(text: string): string {
  return String(text)
    .replace(FORMAT_CHARS, '')
    .replace(SCHEME, (_m, h: string | undefined, ps: string | undefined, f: string | undefined, p: string | undefined) => (h ? `${h}xx${ps}` : `${f}x${p}`))
    .replace(IPV4, (ip) => ip.replace(/\./g, '[.]'))
    .replace(HOST_DOT, '[.]');
}
