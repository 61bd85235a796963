import { classify, classifyByRules } from '../lambdas/domain/classifier';
const texts = process.argv.slice(2);
for (const text of texts) {
  const e = { id: 'x:1', platform: 'x', kind: 'mention', text, author: { id: 'u', followers: 120, verified: false }, conversationId: 'x:c', createdAt: '2026-11-23T12:00:00.000Z', receivedAt: '2026-11-23T12:00:00.000Z', isEcho: false } as any;
  const r = classifyByRules(e), m = classify(e);
  console.log(`${text.slice(0,60).padEnd(60)} rules ${r.category}/${r.urgency}/${r.sentiment}  model ${m.category}/${m.urgency}/${m.sentiment} ${JSON.stringify(m.confidence)} ${m.reasons.join(' | ')}`);
}
