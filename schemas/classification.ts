import * as z from 'zod';

/**
 * What the classifier says about one SocialEvent (labels and their rules: docs/labels.md). `reasons` are the
 * short, human-readable grounds staff see on the case ("threat: mentions the press", "reach: 254k followers").
 */

export const CategorySchema = z.enum(['complaint', 'question', 'threat', 'praise', 'other']);
export type Category = z.infer<typeof CategorySchema>;

export const UrgencySchema = z.enum(['critical', 'high', 'normal', 'low']);
export type Urgency = z.infer<typeof UrgencySchema>;

/** Queue order: lower rank is worked first. */
export const URGENCY_RANK: Record<Urgency, number> = { critical: 0, high: 1, normal: 2, low: 3 };

export const SentimentSchema = z.enum(['negative', 'neutral', 'positive']);
export type Sentiment = z.infer<typeof SentimentSchema>;

/**
 * Personal information a post may carry (the product's `pii` label): e-mail, phone, payment card, street address,
 * bank details (an IBAN, or an account number with its sort code or routing number), national id (US SSN, UK
 * National Insurance number).
 */
export const PiiTypeSchema = z.enum(['email', 'phone', 'card', 'address', 'bank', 'national_id']);
export type PiiType = z.infer<typeof PiiTypeSchema>;

const probability = z.number().min(0).max(1);
export const ConfidenceSchema = z.object({ category: probability, urgency: probability, sentiment: probability });
export type Confidence = z.infer<typeof ConfidenceSchema>;

export const ClassificationSchema = z.object({
  id: z.string().min(1),
  category: CategorySchema,
  sentiment: SentimentSchema,
  sentimentScore: z.number().min(-1).max(1),
  urgency: UrgencySchema,
  pii: z.array(PiiTypeSchema),
  redactedText: z.string(),
  reasons: z.array(z.string()),
  /** How sure the classifier is of each label: the model's probability, or 1 where a hard fact decided. */
  confidence: ConfidenceSchema,
  /** Which classifier decided: the learned model's version (docs/model.md), or "rules". */
  model: z.string().min(1).max(40),
});
export type Classification = z.infer<typeof ClassificationSchema>;

/** Thresholds the classifier reads; defaults from docs/labels.md. */
export const ClassifierConfigSchema = z.object({
  /** A complaint from an author with at least this many followers is critical. */
  highReachFollowers: z.number().int().positive().default(10_000),
  /** A complaint from a verified author is critical. */
  verifiedIsHighReach: z.boolean().default(true),
});
export type ClassifierConfig = z.infer<typeof ClassifierConfigSchema>;
export const DEFAULT_CLASSIFIER_CONFIG: ClassifierConfig = ClassifierConfigSchema.parse({});
