import { type Classification, type ClassifierConfig, DEFAULT_CLASSIFIER_CONFIG } from '../../../schemas/classification';
import type { SocialEvent } from '../../../schemas/social-event';
import { attachmentReason, attachmentWords, redactAttachments } from '../attachments';
import { decide } from './decide';
import { committedModel, type HeadName, type PostModel } from './model';
import { detectPii, mergePiiTypes, redactAuthor } from './pii';
import { composeReasons, piiReason } from './reasons';
import { regulatorNamed } from './regulator';
import { readWorstSentence } from './worst-sentence';
import { reachOf } from './reach';

/**
 * The product's judgement on one post (labels: docs/labels.md; model: docs/model.md). Pure, deterministic and
 * synchronous: the same event and config always give the same Classification, with no I/O and no clock.
 *
 * PII is found and redacted first (checksummed card numbers, formats: facts, not judgements); the learned model then
 * reads the redacted words and decides the category, whether the post is critical, the urgency of a calm one and the
 * sentiment (./decide.ts). Two hard facts are a floor it never lowers: a post taking the business to a named
 * regulator is a threat (./regulator.ts), and a grievance from a high-reach author is critical.
 */
export function classify(event: SocialEvent, config: ClassifierConfig = DEFAULT_CLASSIFIER_CONFIG): Classification {
  return classifyWith(committedModel(), event, config);
}

/** classify with a given model: the committed one, or one the trainer has just trained and is scoring. */
export function classifyWith(model: PostModel, event: SocialEvent, config: ClassifierConfig = DEFAULT_CLASSIFIER_CONFIG): Classification {
  const post = readPost(event);
  // The business's own reply is a fact of the platform, not a reading: nothing for the model to weigh.
  if (event.isEcho) {
    return { id: event.id, category: 'other', urgency: 'low', sentiment: 'neutral', sentimentScore: 0, pii: post.piiTypes, redactedText: post.redactedText, reasons: ["echo: the business's own reply"], confidence: CERTAIN, model: model.version };
  }

  const { reading, criticalWords, threatSentence } = readWorstSentence(model, post.modelWords);
  const regulator = regulatorNamed(post.words);
  const reach = reachOf(event.author, config);
  const d = decide(reading, { regulator, threatSentence, highReach: reach !== null });

  // Reasons: the hard fact that decided, else the model's strongest evidence in the post's own (redacted) words.
  const evidenceOf = (head: HeadName, label: string, words: string) => {
    const quoted = model.evidence(head, label, words);
    return quoted.length > 0 ? `: ${quoted.join(', ')}` : '';
  };
  // The critical reading's evidence comes from the words that gave it: the whole post, or its most critical sentence.
  const modelSays = (label: string, head: HeadName, probability: number) =>
    `${label}: read by the model (${Math.round(probability * 100)}%${evidenceOf(head, head === 'critical' ? 'yes' : label, head === 'critical' ? criticalWords : post.modelWords)})`;
  const critical =
    d.criticalBecause === 'regulator' ? [`threat: taken to a regulator (${regulator})`] : d.criticalBecause === 'model' && d.category !== 'threat' ? [modelSays('critical', 'critical', reading.critical.probability)] : [];
  const grievance = d.category === 'complaint' || d.category === 'threat';
  // A post without words read as nothing in particular needs no "other" ground: what it carries says it all.
  // A threat found in one sentence is told from that sentence (the whole post may read otherwise).
  const sentenceThreat = d.category === 'threat' && reading.category.label !== 'threat' && threatSentence > 0;
  const categoryGround =
    d.criticalBecause === 'regulator' || (post.wordless && post.carries && d.category === 'other')
      ? []
      : sentenceThreat
        ? [`threat: read by the model (${Math.round(threatSentence * 100)}%${evidenceOf('category', 'threat', criticalWords)})`]
        : [modelSays(d.category, 'category', reading.category.probabilities[d.category])];
  const reasons = composeReasons(
    {
      critical,
      reach: grievance ? reach : null,
      // A post without words of its own leads with what it carries ("voice note: listen to it").
      category: post.wordless && post.carries ? [post.carries, ...categoryGround] : categoryGround,
      pii: piiReason(event.kind, post.piiTypes),
      tone: post.carries && !post.wordless ? [post.carries] : [],
    },
    post.piiValues,
  );
  // Fields in reading order: the verdict, then what the post holds, then why and how sure.
  return {
    id: event.id,
    category: d.category,
    urgency: d.urgency,
    sentiment: d.sentiment,
    sentimentScore: d.sentimentScore,
    pii: post.piiTypes,
    redactedText: post.redactedText,
    reasons,
    confidence: d.confidence,
    model: model.version,
  };
}

const CERTAIN = { category: 1, urgency: 1, sentiment: 1 };

export interface PostReading {
  /** The words judged: the text, and the captions and titles of what it carries that it does not already hold. */
  words: string;
  /** The same, PII redacted: what the model reads, and all its evidence words can come from. */
  modelWords: string;
  redactedText: string;
  piiTypes: Classification['pii'];
  /** The PII values found (in the text, the author's names and the attachments), which no reason may contain. */
  piiValues: string[];
  /** What the post carries ("voice note: listen to it"), so its card is never blank; undefined for none. */
  carries: string | undefined;
  /** No words of its own: nothing but emoji, tags, links or what it carries. */
  wordless: boolean;
}

/** A post made ready for the model: PII found and redacted, its attachments' words added (the trainer reads posts through this too). */
export function readPost(event: SocialEvent): PostReading {
  const text = detectPii(event.text);
  // The display name and handle are stored and shown too (redacted where the case is made: cases/rules.ts), so
  // what they carry counts as the post's PII; so do the captions and titles of its attachments (../attachments.ts).
  const author = redactAuthor(event.author);
  const media = redactAttachments(event.attachments);
  const extra = attachmentWords(event.attachments, event.text);
  const words = extra === '' ? event.text : event.text.trim() === '' ? extra : `${event.text}\n${extra}`;
  const redactedExtra = attachmentWords(media.attachments, text.redactedText);
  const modelWords = redactedExtra === '' ? text.redactedText : `${text.redactedText}\n${redactedExtra}`;
  return {
    words,
    modelWords,
    redactedText: text.redactedText,
    piiTypes: mergePiiTypes(text.types, author.types, media.types),
    piiValues: [...text.matches.map((m) => event.text.slice(m.start, m.end)), ...author.values, ...media.values],
    carries: attachmentReason(event.attachments),
    wordless: !WORD.test(event.text.replace(/https?:\/\/\S+|[@#][\p{L}\p{N}_]+/gu, '')),
  };
}

/** A letter or digit: a post without one says nothing in words. */
const WORD = /[\p{L}\p{N}]/u;
