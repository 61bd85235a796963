import type { CaseSummary } from '../../../../schemas/case';

/**
 * The team's corrections as training rows. When a person reclassifies a case (staff API `reclassify`), the case keeps
 * what the classifier said (`classifiedAs`) and counts `overrides`; its current category and urgency are the person's.
 * Each such case becomes one row in the format of `data/train/*.tsv` — the case's redacted text, labelled by the
 * person — so `npm run overrides -- export > data/train/overrides-<date>.tsv` and `npm run train -- --write` teach the
 * model what the team corrected. Pure: bin/overrides.ts reads the table.
 */

/** Header of an export file (the training format; `#` lines are comments to the trainer). */
export const OVERRIDE_ROWS_HEADER = '# id\tplatform\tkind\tfollowers\tverified\tcategory\tsentiment\turgency\tpii\ttext';

type OverriddenCase = Pick<CaseSummary, 'id' | 'platform' | 'kind' | 'author' | 'category' | 'sentiment' | 'urgency' | 'pii' | 'text' | 'overrides' | 'textState'>;

/** One training row for a case a person reclassified, or undefined (never reclassified, no words, deleted by its author). */
export function overrideRow(c: OverriddenCase): string | undefined {
  if (!c.overrides || c.overrides < 1) return undefined;
  // A post its author deleted is not theirs to learn from any more; a post without words teaches nothing.
  if (c.textState === 'deleted') return undefined;
  const text = c.text.replace(/[\t\r\n\u2028\u2029]+/g, ' ').trim();
  if (text === '') return undefined;
  return [
    `override:${c.id}`,
    c.platform,
    c.kind,
    String(c.author.followers ?? 0),
    c.author.verified ? '1' : '0',
    c.category,
    c.sentiment,
    c.urgency,
    c.pii.join(','),
    text,
  ].join('\t');
}
