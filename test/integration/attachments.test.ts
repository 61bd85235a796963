/**
 * What a post carries besides words, through the whole local stack: signed WhatsApp deliveries of a photo without a
 * caption, a voice note, a shared location and a document whose file name holds an email address become cases that
 * say what they carry (attachments on the case and its `post` entry, reasons that are never blank), with no PII.
 *
 * The deliveries use the WhatsApp Cloud API message shapes (`image: {id, mime_type}`, `audio: {id, voice}`, `location:
 * {latitude, longitude, name, address}`, `document: {id, filename}`). The generic Standard Webhooks route carries no
 * attachments (schemas/generic-webhook.ts), so WhatsApp it is. The WhatsApp normaliser is being extended in parallel to fill
 * captions, titles (location name and address, file names) and `voice`; until then it gives the type alone (`audio`
 * for a voice note), so this test asserts the type and accepts both names for the voice note, and asserts the
 * redaction of whatever the normaliser passes on.
 */
import { CaseSchema } from '../../schemas/case';
import { metaDelivery, post, whatsappMessagesOf } from '../helpers/deliveries';
import { eventually, listedCase, staffApi, startTestStack, type TestStack } from '../helpers/local-stack';

jest.setTimeout(120_000);

let stack: TestStack;
const TOKEN = 'attachments-test-staff-token';
const api = staffApi(() => stack.url, TOKEN);

beforeAll(async () => {
  stack = await startTestStack({ token: TOKEN });
});
afterAll(async () => {
  await stack?.cleanup();
});

/** One WhatsApp `messages` change from customer `waId` carrying `message` (its `from`, `id` and `timestamp` filled in). */
const whatsappMessage = (waId: string, id: string, message: Record<string, unknown>) =>
  whatsappMessagesOf(waId, 'Media Customer', [{ id, timestamp: String(Math.floor(Date.now() / 1000)), ...message }]);

const SENT = [
  { waId: '4915110000001', id: 'wamid.MEDIA_IMAGE_1', message: { type: 'image', image: { id: '880000000000001', mime_type: 'image/jpeg' } }, types: ['image'], reason: /^photo: / },
  { waId: '4915110000002', id: 'wamid.MEDIA_VOICE_1', message: { type: 'audio', audio: { id: '880000000000002', mime_type: 'audio/ogg; codecs=opus', voice: true } }, types: ['voice', 'audio'], reason: /^(voice note|audio): listen to it$/ },
  {
    waId: '4915110000003',
    id: 'wamid.MEDIA_LOCATION_1',
    message: { type: 'location', location: { latitude: 48.2104, longitude: 16.3655, name: 'Café Central', address: 'Herrengasse 14, 1010 Wien' } },
    types: ['location'],
    reason: /^location: /,
  },
  {
    waId: '4915110000004',
    id: 'wamid.MEDIA_DOCUMENT_1',
    message: { type: 'document', document: { id: '880000000000004', filename: 'complaint from jane.doe@example.com.pdf', mime_type: 'application/pdf' } },
    types: ['document'],
    reason: /^document: /,
  },
] as const;

describe('posts that carry more than words', () => {
  it('become cases that say what they carry, redacted', async () => {
    for (const s of SENT) expect((await post(stack.url, metaDelivery(whatsappMessage(s.waId, s.id, s.message)))).status).toBe(200);

    for (const s of SENT) {
      const item = await listedCase(api, (c) => c.conversationId === `whatsapp:dm:${s.waId}`);
      // The card: no words, but it says what the post is.
      expect(item).toMatchObject({ platform: 'whatsapp', kind: 'dm', text: '' });
      expect(item.attachments).toHaveLength(1);
      expect(s.types).toContain(item.attachments[0].type);
      expect(item.reasons.length).toBeGreaterThan(0);
      // What it carries is among the reasons (first when the post has nothing else to go by; a file named
      // "complaint from …" is judged a complaint from its name, and says it is a document after that).
      expect(item.reasons.some((r: string) => s.reason.test(r))).toBe(true);
      expect(item.reasons).not.toContain('other: tags or emoji only');

      // The case and its `post` entry, as the staff API returns them.
      const detail = await eventually(
        () => api(`/api/cases/${item.id}`),
        (r) => r.status === 200 && r.body.timeline.some((t: { type: string }) => t.type === 'post'),
      );
      expect(CaseSchema.safeParse(detail.body).error).toBeUndefined();
      const entry = detail.body.timeline.find((t: { type: string }) => t.type === 'post');
      expect(entry.data).toMatchObject({ eventId: `whatsapp:${s.id}`, attachments: item.attachments });
      expect(entry.detail).toContain(item.reasons[0]);

      // Whatever the normaliser passed on (a file name, a place's name once it fills titles), no PII and no link
      // that is not http(s) reaches the staff API.
      const json = JSON.stringify(detail.body);
      expect(json).not.toContain('jane.doe@example.com');
      expect(json).not.toMatch(/"(url|refersTo)":"(?!https?:\/\/)/);
      if (item.attachments[0].title !== undefined && s.types[0] === 'document') expect(item.attachments[0].title).toContain('[email]');
      if (item.attachments[0].title !== undefined && s.types[0] === 'location') expect(item.attachments[0].title).toContain('Café Central');
    }
  });
});
