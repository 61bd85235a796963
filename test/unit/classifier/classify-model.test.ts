/**
 * How classify decides with the learned model (lambdas/domain/classifier/index.ts, decide.ts): the most probable
 * reading the label rules allow, the hard facts (a named regulator, a high-reach author) as a floor the model never
 * lowers, a confidence and the model's version on every classification, and reasons from the model's evidence that
 * never carry PII. A scripted model (the PostModel port) makes each step visible; the committed model is checked on
 * what must hold whatever it learned.
 */
import { classify, classifyWith } from '../../../lambdas/domain/classifier';
import { MODEL_VERSION, type ModelReading, type PostModel } from '../../../lambdas/domain/classifier/model';
import { MAX_SENTENCES, sentencesOf } from '../../../lambdas/domain/classifier/worst-sentence';
import { ClassificationSchema } from '../../../schemas/classification';
import { event } from './classifier-support';

type Script = { category?: [string, number]; critical?: number; calm?: [string, number]; sentiment?: [string, number] };

/** A model that reads every post as scripted, and names as evidence the words it is given. */
function scripted(script: Script, critical = 0.3): PostModel & { seen: string[] } {
  const head = (labels: readonly string[], [label, p]: [string, number]) => {
    const rest = (1 - p) / (labels.length - 1);
    return { label, probability: p, probabilities: Object.fromEntries(labels.map((l) => [l, l === label ? p : rest])) };
  };
  const seen: string[] = [];
  return {
    version: 'scripted-1',
    thresholds: { critical, criticalSentence: 0.9 },
    seen,
    read: (words) => {
      seen.push(words);
      return {
        category: head(['threat', 'complaint', 'question', 'praise', 'other'], script.category ?? ['other', 0.9]),
        critical: { probability: script.critical ?? 0.01, critical: (script.critical ?? 0.01) >= critical },
        calmUrgency: head(['high', 'normal', 'low'], script.calm ?? ['low', 0.9]),
        sentiment: head(['negative', 'neutral', 'positive'], script.sentiment ?? ['neutral', 0.9]),
      } as ModelReading;
    },
    evidence: (_head, _label, words) => words.split(/\s+/).filter((w) => w.length > 3).slice(0, 2),
  };
}

describe('the model decides', () => {
  it('the category, calm urgency and sentiment, with the probability of each as its confidence', () => {
    const c = classifyWith(scripted({ category: ['question', 0.8], calm: ['normal', 0.7], sentiment: ['neutral', 0.9] }), event('the app keeps logging me out, sort it out'));
    expect(c).toMatchObject({ category: 'question', urgency: 'normal', sentiment: 'neutral', model: 'scripted-1' });
    expect(c.confidence.category).toBeCloseTo(0.8, 3);
    expect(c.confidence.sentiment).toBeCloseTo(0.9, 3);
    expect(c.reasons[0]).toMatch(/^question: read by the model \(80%: /);
  });

  it('the most probable reading the label rules allow, when the heads disagree', () => {
    // A complaint is high (or critical): the calm head's "low" gives way to the category head's certainty.
    const complaint = classifyWith(scripted({ category: ['complaint', 0.9], calm: ['low', 0.6], sentiment: ['negative', 0.9] }), event('still waiting'));
    expect(complaint).toMatchObject({ category: 'complaint', urgency: 'high', sentiment: 'negative' });
    // A complaint is never positive and praise never negative, whichever head gives way.
    expect(classifyWith(scripted({ category: ['complaint', 0.95], calm: ['high', 0.9], sentiment: ['positive', 0.95] }), event('great, another two hours on hold')).sentiment).toBe('negative');
    expect(classifyWith(scripted({ category: ['praise', 0.95], sentiment: ['negative', 0.95] }), event('not bad at all, fair play')).sentiment).toBe('positive');
    // An unsure category gives way to a sure sentiment: not a complaint if the post reads as positive.
    const unsure = classifyWith(scripted({ category: ['complaint', 0.3], calm: ['low', 0.9], sentiment: ['positive', 0.95] }), event('well that was a day'));
    expect(unsure.category).not.toBe('complaint');
    expect(unsure).toMatchObject({ urgency: 'low', sentiment: 'positive' });
  });

  it('a critical post: at its threshold, with its evidence as the reason', () => {
    const post = event('someone keeps logging in as me');
    const below = classifyWith(scripted({ category: ['complaint', 0.9], critical: 0.29 }), post);
    const at = classifyWith(scripted({ category: ['complaint', 0.9], critical: 0.3 }), post);
    expect(below.urgency).not.toBe('critical');
    expect(at.urgency).toBe('critical');
    expect(at.confidence.urgency).toBeCloseTo(0.3, 3);
    expect(at.reasons).toContain('critical: read by the model (30%: someone, keeps)');
  });

  it('a post read as a threat is critical, whatever the critical head says', () => {
    const c = classifyWith(scripted({ category: ['threat', 0.7], critical: 0.01 }), event('posting this everywhere until you answer'));
    expect(c).toMatchObject({ category: 'threat', urgency: 'critical', sentiment: 'negative' });
  });
});

describe('a post is as urgent as its most urgent sentence', () => {
  // A model whose critical reading is diluted by the words around a threat, as a bag of words is: the threat alone
  // reads as a sure threat; any longer text, as praise.
  const diluted = (sentenceP: number): PostModel & { seen: string[] } => {
    const model = scripted({ category: ['praise', 0.9], critical: 0.05, sentiment: ['positive', 0.9] });
    const threat = scripted({ category: ['threat', 0.9], critical: sentenceP, sentiment: ['negative', 0.9] });
    return { ...model, read: (words) => (words === 'I will sue you.' ? threat.read(words) : model.read(words)) };
  };
  const post = event('I will sue you. Love your products, amazing team, thank you so much!');

  it('a sentence that alone reaches the sentence threshold makes the post critical, and a threat if it reads as one', () => {
    const c = classifyWith(diluted(0.95), post);
    expect(c).toMatchObject({ category: 'threat', urgency: 'critical', sentiment: 'negative' });
    expect(c.confidence.urgency).toBeCloseTo(0.95, 3);
  });

  it('below the sentence threshold the whole post\'s reading stands', () => {
    expect(classifyWith(diluted(0.89), post)).toMatchObject({ category: 'praise', urgency: 'low' });
  });

  it('splits on sentence ends and line breaks, reads each one alone, and never more than MAX_SENTENCES', () => {
    expect(sentencesOf('I will sue you. Love it!\nThanks… ok? 👍')).toEqual(['I will sue you.', 'Love it!', 'Thanks…', 'ok?']);
    expect(sentencesOf('a. '.repeat(MAX_SENTENCES + 50))).toHaveLength(MAX_SENTENCES);
    const model = diluted(0.5);
    classifyWith(model, event('one. two. three.'));
    expect(model.seen).toEqual(['one. two. three.', 'one.', 'two.', 'three.']);
  });
});

describe('the hard facts are a floor the model never lowers', () => {
  const calm = scripted({ category: ['praise', 0.99], critical: 0.001, calm: ['low', 0.99], sentiment: ['positive', 0.99] });

  it('a post taking the business to a named regulator is a threat, critical and certain', () => {
    const c = classifyWith(calm, event("Lovely staff, but I'm reporting you to Ofcom for the billing"));
    expect(c).toMatchObject({ category: 'threat', urgency: 'critical', sentiment: 'negative', confidence: { category: 1, urgency: 1 } });
    expect(c.reasons[0]).toBe('threat: taken to a regulator (Ofcom)');
  });

  it('a regulator named without taking it there is no threat ("is this FCA regulated?")', () => {
    expect(classifyWith(calm, event('is this FCA regulated? looks great')).category).toBe('praise');
  });

  it('a grievance from a high-reach author is critical, and certain: a fact, not a reading', () => {
    const unsure = scripted({ category: ['complaint', 0.7], critical: 0.01, calm: ['high', 0.9], sentiment: ['negative', 0.8] });
    const c = classifyWith(unsure, event('still no refund after three weeks', { author: { id: 'big', followers: 250_000, verified: true } }));
    expect(c).toMatchObject({ category: 'complaint', urgency: 'critical' });
    expect(c.confidence.urgency).toBe(1);
    expect(c.reasons).toContain('reach: 250k followers (verified)');
  });

  it('reach raises no praise, question or chatter', () => {
    const c = classifyWith(calm, event('love the new store', { author: { id: 'big', followers: 250_000, verified: true } }));
    expect(c).toMatchObject({ category: 'praise', urgency: 'low' });
    expect(c.reasons.some((r) => r.startsWith('reach:'))).toBe(false);
  });

  it('the business\'s own reply is other/low, certain, and the model is not asked', () => {
    const model = scripted({ category: ['complaint', 0.99], critical: 0.99 });
    const c = classifyWith(model, event('Sorry to hear that, DM us', { isEcho: true }));
    expect(c).toMatchObject({ category: 'other', urgency: 'low', confidence: { category: 1, urgency: 1, sentiment: 1 }, model: 'scripted-1' });
    expect(c.reasons).toEqual(["echo: the business's own reply"]);
    expect(model.seen).toEqual([]);
  });
});

describe('what the model reads and what a reason may say', () => {
  const PHONE = '020 7946 0018';
  const post = event(`someone took £400 from my account, call me on ${PHONE} or mail jo.bloggs@example.com`, { kind: 'comment' });

  it('the model reads the redacted words, never the PII', () => {
    const model = scripted({ category: ['complaint', 0.9], critical: 0.9 });
    classifyWith(model, post);
    expect(model.seen).toHaveLength(1);
    expect(model.seen[0]).not.toContain('7946');
    expect(model.seen[0]).not.toContain('jo.bloggs');
  });

  it('no reason of the committed model quotes PII, and the PII flag keeps its place', () => {
    const c = classify(post);
    expect(c.reasons.join(' ')).not.toMatch(/7946|bloggs|example\.com/);
    expect(c.reasons.at(-1)).toBe('pii: email address and phone number posted publicly');
  });
});

describe('what the committed model makes of posts nobody would write', () => {
  it('never quotes a run of letters longer than a word, so a reason stays short', () => {
    const run = '你好世界'.repeat(9) + 'qwertzuiopasdfghjklyxcvbnm'.repeat(40);
    const c = classify(event(`someone keeps logging in as me ${run} ${run.slice(5, 60)}`));
    for (const r of c.reasons) expect(r.length).toBeLessThanOrEqual(100);
    expect(c.reasons.join(' ')).not.toContain('你好世界你好世界');
  });
});

describe('what an outside probe tried', () => {
  it('never quotes a number as evidence, so a number the PII detector does not know never reaches a reason', () => {
    for (const text of ['123456789 is my social, someone opened a card in my name', 'my card is 4111 1111 1111 1111 1111 and it was charged twice']) {
      const c = classify(event(text));
      for (const r of c.reasons) expect(r).not.toMatch(/\d{4}/);
    }
  });

  it('reads through zero-width characters and bidi controls: they hide nothing from a reader, nor from the model', () => {
    const plain = classify(event('my account was hacked and there are charges I never made'));
    const hidden = classify(event('my account was h\u200bac\u200dked and there are char\u00adges I never m\u2060ade'));
    expect(hidden).toMatchObject({ category: plain.category, urgency: plain.urgency, sentiment: plain.sentiment });
    expect(hidden.confidence).toEqual(plain.confidence);
  });
});

describe('every classification of the committed model', () => {
  it('names the model, carries a confidence in [0, 1] per label, and is the contract\'s shape', () => {
    for (const text of ['my toddler\'s lips went blue after the teether', 'do you open on Sundays?', 'love the new menu 😍', '🔥🔥🔥', '']) {
      const c = classify(event(text));
      expect(ClassificationSchema.safeParse(c).error).toBeUndefined();
      expect(c.model).toBe(MODEL_VERSION);
      for (const p of Object.values(c.confidence)) {
        expect(p).toBeGreaterThanOrEqual(0);
        expect(p).toBeLessThanOrEqual(1);
      }
      expect(c.reasons.length).toBeGreaterThan(0);
      expect(c.reasons.length).toBeLessThanOrEqual(5);
    }
  });

  it('is deterministic', () => {
    const post = event('the brakes just did not respond on the motorway, my kids were in the back');
    expect(classify(post)).toEqual(classify(post));
  });
});
