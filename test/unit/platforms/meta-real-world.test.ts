import { normaliseMeta } from '../../../lambdas/domain/platforms/meta';
import { SocialEventSchema } from '../../../schemas/social-event';
import { ctx } from './support';

/**
 * Shapes Meta documents beyond the first text message: WhatsApp usernames (business-scoped user ids), every media
 * type, edits, deletions and system notices; Messenger edits; Instagram story mentions, story replies and the
 * business's own comments. Shapes follow the webhook references on developers.facebook.com (WhatsApp
 * …/whatsapp/webhooks/reference/messages/{edit,revoke,system}, …/business-scoped-user-ids; Messenger
 * …/messenger-platform/reference/webhook-events/message-edits; Instagram …/instagram-platform/webhooks).
 */

const WABA = '102290129340398';
const PHONE_ID = '106540352242922';

function whatsapp(messages: unknown[], contacts?: unknown[]) {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: WABA,
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '15550783881', phone_number_id: PHONE_ID },
              ...(contacts ? { contacts } : {}),
              messages,
            },
          },
        ],
      },
    ],
  };
}

const one = (body: unknown) => {
  const result = normaliseMeta(body, ctx);
  expect(result.invalid).toEqual([]);
  for (const e of result.events) SocialEventSchema.parse(e);
  return result.events;
};

describe('WhatsApp usernames: business-scoped user ids', () => {
  const bsuid = 'US.13491208655302741918';
  const parent = 'US.ENT.11815799212886844830';

  it('accepts a message from a user who hides the number, known by the BSUID, name and username from contacts', () => {
    const [event] = one(
      whatsapp(
        [{ from_user_id: bsuid, id: 'wamid.U1', timestamp: '1760000000', type: 'text', text: { body: 'Where is my order? 😡' } }],
        [{ profile: { name: 'Sheena', username: '@sheena' }, user_id: bsuid }],
      ),
    );
    expect(event).toMatchObject({
      id: 'whatsapp:wamid.U1',
      text: 'Where is my order? 😡',
      author: { id: bsuid, name: 'Sheena', handle: '@sheena' },
      conversationId: `whatsapp:dm:${bsuid}`,
    });
    expect(event!.author.otherIds).toBeUndefined();
  });

  it('keeps the phone number as the id while there is one, with the BSUID and parent BSUID as other ids', () => {
    const [event] = one(
      whatsapp(
        [{ from: '16505551234', from_user_id: bsuid, from_parent_user_id: parent, id: 'wamid.U2', timestamp: '1760000000', type: 'text', text: { body: 'hi' } }],
        [{ profile: { name: 'Sheena' }, wa_id: '16505551234', user_id: bsuid, parent_user_id: parent }],
      ),
    );
    expect(event!.author).toEqual({ id: '16505551234', otherIds: [bsuid, parent], name: 'Sheena' });
    expect(event!.conversationId).toBe('whatsapp:dm:16505551234');
  });

  it('takes the BSUID from contacts when the message carries only the number', () => {
    const [event] = one(
      whatsapp(
        [{ from: '16505551234', id: 'wamid.U3', timestamp: '1760000000', type: 'text', text: { body: 'hi' } }],
        [{ profile: { name: 'Sheena' }, wa_id: '16505551234', user_id: bsuid }],
      ),
    );
    expect(event!.author.otherIds).toEqual([bsuid]);
  });

  it('parks (never 400s the batch for) a message with neither a number nor a BSUID', () => {
    const result = normaliseMeta(
      whatsapp([
        { id: 'wamid.N1', type: 'text', text: { body: 'no sender' } },
        { from: '1', id: 'wamid.N2', type: 'text', text: { body: 'fine' } },
      ]),
      ctx,
    );
    expect(result.events.map((e) => e.id)).toEqual(['whatsapp:wamid.N2']);
    expect(result.invalid[0]!.problem).toContain('messages[0].from is required (or from_user_id)');
  });

  it('files a Business-app echo to a username-only customer under the BSUID', () => {
    const body = {
      object: 'whatsapp_business_account',
      entry: [
        {
          id: WABA,
          changes: [
            {
              field: 'smb_message_echoes',
              value: {
                metadata: { phone_number_id: PHONE_ID },
                message_echoes: [{ from: '15550783881', to_user_id: bsuid, id: 'wamid.E1', timestamp: '1760000001', type: 'text', text: { body: 'On it!' } }],
              },
            },
          ],
        },
      ],
    };
    expect(one(body)[0]).toMatchObject({ isEcho: true, conversationId: `whatsapp:dm:${bsuid}` });
  });
});

describe('WhatsApp messages without words say what they are', () => {
  const from = '16505551234';
  const msg = (type: string, extra: Record<string, unknown>) => ({ from, id: `wamid.${type}`, timestamp: '1760000000', type, ...extra });

  it.each([
    ['an image without caption', msg('image', { image: { id: 'media-1', mime_type: 'image/jpeg', sha256: 'x' } }), '', [{ type: 'image', mediaId: 'media-1' }]],
    ['an image with a caption', msg('image', { image: { id: 'media-2', caption: 'Broken on arrival 📦' } }), 'Broken on arrival 📦', [{ type: 'image', mediaId: 'media-2', caption: 'Broken on arrival 📦' }]],
    ['a voice note', msg('audio', { audio: { id: 'media-3', voice: true } }), '', [{ type: 'voice', mediaId: 'media-3' }]],
    ['an audio file', msg('audio', { audio: { id: 'media-4' } }), '', [{ type: 'audio', mediaId: 'media-4' }]],
    ['a sticker', msg('sticker', { sticker: { id: 'media-5', animated: false } }), '', [{ type: 'sticker', mediaId: 'media-5' }]],
    ['a document', msg('document', { document: { id: 'media-6', filename: 'invoice-8812.pdf' } }), '', [{ type: 'document', mediaId: 'media-6', title: 'invoice-8812.pdf' }]],
    [
      'a location',
      msg('location', { location: { latitude: 48.2082, longitude: 16.3738, name: 'Café Central', address: 'Herrengasse 14, Vienna' } }),
      '',
      [{ type: 'location', title: 'Café Central, Herrengasse 14, Vienna', url: expect.stringContaining('mlat=48.2082&mlon=16.3738') }],
    ],
    ['shared contacts', msg('contacts', { contacts: [{ name: { formatted_name: 'Ana Lima' }, phones: [{ phone: '+55 11 0000' }] }] }), '', [{ type: 'contacts', title: 'Ana Lima' }]],
    [
      'an order',
      msg('order', { order: { catalog_id: 'cat-1', text: 'Two please', product_items: [{ product_retailer_id: 'a' }, { product_retailer_id: 'b' }, { product_retailer_id: 'c' }] } }),
      'Two please',
      [{ type: 'order', title: '3 items', refersTo: 'cat-1' }],
    ],
    [
      'a Flow reply',
      msg('interactive', { interactive: { type: 'nfm_reply', nfm_reply: { name: 'flow', body: 'Sent', response_json: '{"a":1}' } } }),
      '',
      [{ type: 'flow_reply', title: 'flow' }],
    ],
    ['an unsupported message', msg('unsupported', { errors: [{ code: 131051 }] }), '', [{ type: 'unsupported' }]],
    ['a type added after this was written', msg('poll_vote', { poll_vote: { option: 2 } }), '', [{ type: 'poll_vote' }]],
  ])('%s', (_label, message, text, attachments) => {
    const [event] = one(whatsapp([message]));
    expect(event!.text).toBe(text);
    expect(event!.attachments).toEqual(attachments);
  });

  it('keeps a tapped button or list row as words, without an attachment', () => {
    const events = one(
      whatsapp([
        msg('interactive', { id: 'wamid.b', interactive: { type: 'button_reply', button_reply: { id: '1', title: 'Talk to an agent' } } }),
        msg('interactive', { id: 'wamid.l', interactive: { type: 'list_reply', list_reply: { id: '2', title: 'Refund status' } } }),
      ]),
    );
    expect(events.map((e) => [e.text, e.attachments])).toEqual([
      ['Talk to an agent', undefined],
      ['Refund status', undefined],
    ]);
  });

  it('records the click-to-WhatsApp ad a message came from', () => {
    const [event] = one(
      whatsapp([msg('text', { text: { body: 'Is this still on sale?' }, referral: { source_url: 'https://fb.me/abc', source_id: 'ad-9', source_type: 'ad', headline: 'Winter sale' } })]),
    );
    expect(event!.attachments).toEqual([{ type: 'referral', title: 'Winter sale', url: 'https://fb.me/abc', refersTo: 'https://fb.me/abc' }]);
  });

  it('drops a malformed media object or a javascript: link instead of losing the message', () => {
    const [event] = one(whatsapp([msg('image', { image: 'not an object' }), msg('location', { id: 'wamid.loc', location: { url: 'javascript:alert(1)', latitude: 'x' } })]));
    expect(event!.attachments).toEqual([{ type: 'image' }]);
    const parsed = SocialEventSchema.parse(normaliseMeta(whatsapp([msg('location', { location: { url: 'javascript:alert(1)', name: 'Home' } })]), ctx).events[0]);
    expect(parsed.attachments).toEqual([{ type: 'location', title: 'Home' }]);
  });
});

describe('WhatsApp edits, deletions and notices', () => {
  it('turns an edit into an edit of the original with the new words', () => {
    const [event] = one(
      whatsapp([
        {
          from: '16505551234',
          id: 'wamid.EDIT1',
          timestamp: '1760000100',
          type: 'edit',
          edit: { original_message_id: 'wamid.ORIG1', message: { context: { id: 'wamid.ORIG1' }, type: 'text', text: { body: 'I was charged TWICE' } } },
        },
      ]),
    );
    expect(event).toMatchObject({
      id: 'whatsapp:wamid.EDIT1',
      text: 'I was charged TWICE',
      conversationId: 'whatsapp:dm:16505551234',
      revision: { action: 'edited', of: 'whatsapp:wamid.ORIG1' },
    });
  });

  it('keeps the new caption of an edited photo', () => {
    const [event] = one(
      whatsapp([
        { from: '1', id: 'wamid.EDIT2', type: 'edit', edit: { original_message_id: 'wamid.P', message: { type: 'image', image: { id: 'm', caption: 'new caption' } } } },
      ]),
    );
    expect(event).toMatchObject({ text: 'new caption', attachments: [{ type: 'image', mediaId: 'm', caption: 'new caption' }] });
  });

  it('turns a revoke into a deletion of the original, with no words', () => {
    const [event] = one(whatsapp([{ from: '1', id: 'wamid.REV1', timestamp: '1760000200', type: 'revoke', revoke: { original_message_id: 'wamid.ORIG1' } }]));
    expect(event).toMatchObject({ text: '', revision: { action: 'deleted', of: 'whatsapp:wamid.ORIG1' } });
    expect(event!.attachments).toBeUndefined();
  });

  it('turns a number change into a customer change naming the new ids, without the notice text (it holds the numbers)', () => {
    const [event] = one(
      whatsapp([
        {
          from: '16505551234',
          id: 'wamid.SYS1',
          timestamp: '1760000300',
          type: 'system',
          system: { body: 'User A changed from 16505551234 to 16505559999', wa_id: '16505559999', type: 'user_changed_number', user_id: 'US.NEW1' },
        },
      ]),
    );
    expect(event).toMatchObject({ text: '', customerChange: { type: 'user_changed_number', newIds: ['16505559999', 'US.NEW1'] } });
  });

  it('turns a BSUID change into a customer change', () => {
    const [event] = one(
      whatsapp([
        { from_user_id: 'US.OLD', id: 'wamid.SYS2', type: 'system', system: { type: 'user_changed_user_id', user_id: 'US.NEW', previous_user_id: 'US.OLD' } },
      ]),
    );
    expect(event).toMatchObject({ author: { id: 'US.OLD' }, customerChange: { type: 'user_changed_user_id', newIds: ['US.NEW'] } });
  });

  it('files a BSUID change that names no sender under the id it had before (system.previous_user_id)', () => {
    const [event] = one(
      whatsapp([{ id: 'wamid.SYS3', type: 'system', system: { type: 'user_changed_user_id', user_id: 'US.NEW', previous_user_id: 'US.OLD', previous_parent_user_id: 'US.ENT.1' } }]),
    );
    expect(event).toMatchObject({ author: { id: 'US.OLD', otherIds: ['US.ENT.1'] }, customerChange: { newIds: ['US.NEW'] } });
  });

  it('files a message without a sender under the one contact its value names, and parks it when there are several', () => {
    const contact = { profile: { name: 'Sheena' }, user_id: 'US.134' };
    expect(one(whatsapp([{ id: 'wamid.C1', type: 'contacts', contacts: [] }], [contact]))[0]!.author).toMatchObject({ id: 'US.134', name: 'Sheena' });
    const two = normaliseMeta(whatsapp([{ id: 'wamid.C2', type: 'text', text: { body: 'x' } }], [contact, { user_id: 'US.999' }]), ctx);
    expect(two.events).toEqual([]);
    expect(two.invalid).toHaveLength(1);
  });

  it('parks an edit or revoke that does not name the original', () => {
    const result = normaliseMeta(whatsapp([{ from: '1', id: 'wamid.X', type: 'revoke', revoke: {} }]), ctx);
    expect(result.invalid[0]!.problem).toContain('revoke.original_message_id is required');
  });
});

describe('Messenger and Instagram', () => {
  const messaging = (object: 'page' | 'instagram', item: unknown) => ({ object, entry: [{ id: 'ACCOUNT', time: 1760000000000, messaging: [item] }] });

  it('turns a Messenger message_edit into an edit of the message', () => {
    const [event] = one(
      messaging('page', { sender: { id: 'PSID1' }, recipient: { id: 'ACCOUNT' }, timestamp: 1760000000500, message_edit: { mid: 'm_ORIG', text: 'refund to card ending 4242 please', num_edit: 1 } }),
    );
    expect(event).toMatchObject({
      id: 'facebook:m_ORIG:edited:1',
      kind: 'dm',
      text: 'refund to card ending 4242 please',
      conversationId: 'facebook:dm:PSID1',
      revision: { action: 'edited', of: 'facebook:m_ORIG' },
    });
  });

  it('makes an Instagram story mention a mention, with the story link', () => {
    const [event] = one(
      messaging('instagram', {
        sender: { id: 'IGSID1' },
        recipient: { id: 'ACCOUNT' },
        timestamp: 1760000000500,
        message: { mid: 'aWdf1', attachments: [{ type: 'story_mention', payload: { url: 'https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=1' } }] },
      }),
    );
    expect(event).toMatchObject({ kind: 'mention', text: '', attachments: [{ type: 'story_mention', url: 'https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=1' }] });
  });

  it('records the story a reply answers', () => {
    const [event] = one(
      messaging('instagram', {
        sender: { id: 'IGSID1' },
        recipient: { id: 'ACCOUNT' },
        message: { mid: 'aWdf2', text: 'is this in blue?', reply_to: { story: { url: 'https://cdn.example/story.jpg', id: '1790000' } } },
      }),
    );
    expect(event).toMatchObject({ kind: 'dm', text: 'is this in blue?', attachments: [{ type: 'story_reply', url: 'https://cdn.example/story.jpg', refersTo: '1790000' }] });
  });

  it('keeps the link and title of a Messenger attachment', () => {
    const [event] = one(
      messaging('page', {
        sender: { id: 'PSID1' },
        recipient: { id: 'ACCOUNT' },
        message: { mid: 'm_IMG', attachments: [{ type: 'image', payload: { url: 'https://scontent.xx.fbcdn.net/1.jpg' } }, { type: 'fallback', title: 'A shared link', url: 'https://example.com/x' }] },
      }),
    );
    expect(event!.attachments).toEqual([
      { type: 'image', url: 'https://scontent.xx.fbcdn.net/1.jpg' },
      { type: 'fallback', url: 'https://example.com/x', title: 'A shared link' },
    ]);
  });

  it("marks the business's own Instagram comment reply (self_ig_scoped_id) as an echo", () => {
    const body = {
      object: 'instagram',
      entry: [
        {
          id: '17841400000000001',
          time: 1760000000,
          changes: [
            {
              field: 'comments',
              value: { from: { id: '9990001', username: 'acme', self_ig_scoped_id: '5550001' }, id: '1789001', parent_id: '1789000', text: 'DM us please', media: { id: '1788', media_product_type: 'FEED' } },
            },
          ],
        },
      ],
    };
    expect(one(body)[0]).toMatchObject({ isEcho: true, conversationId: 'instagram:thread:1789000' });
  });
});
