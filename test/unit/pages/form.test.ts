/**
 * The form bodies the link pages accept (lambdas/domain/pages/form.ts): a few short fields from our own page. A field
 * sent twice is not from our page (radio buttons send one value) and is refused rather than read as its first value;
 * a body over 4 KB is refused before it is decoded.
 */
import { MAX_FORM_BYTES, readForm } from '../../../lambdas/domain/pages/form';

describe('readForm', () => {
  it('decodes application/x-www-form-urlencoded, + as a space, base64 bodies too', () => {
    expect(readForm('channel=phone&phone=%2B447700900123&time=after+6pm', false)).toEqual({ ok: true, form: { channel: 'phone', phone: '+447700900123', time: 'after 6pm' } });
    expect(readForm(Buffer.from('channel=email').toString('base64'), true)).toEqual({ ok: true, form: { channel: 'email' } });
    expect(readForm(undefined, false)).toEqual({ ok: true, form: {} });
    expect(readForm('', false)).toEqual({ ok: true, form: {} });
  });

  it.each(['channel=phone&channel=email', 'channel=phone&time=a&time=b', 'channel=email&channel=email'])('refuses a repeated field: %s', (body) => {
    expect(readForm(body, false)).toEqual({ ok: false, status: 400, why: 'repeated-field' });
  });

  it('refuses a body over 4 KB, counted in bytes as sent', () => {
    expect(MAX_FORM_BYTES).toBe(4096);
    expect(readForm(`a=${'x'.repeat(1_000_000)}`, false)).toEqual({ ok: false, status: 413, why: 'too-large' });
    expect(readForm(`a=${'é'.repeat(2_100)}`, false)).toEqual({ ok: false, status: 413, why: 'too-large' });
    expect(readForm(Buffer.from(`a=${'x'.repeat(5_000)}`).toString('base64'), true)).toEqual({ ok: false, status: 413, why: 'too-large' });
    expect(readForm(`a=${'x'.repeat(4_094)}`, false).ok).toBe(true);
  });
});

describe('readForm and odd field names', () => {
  it('keeps "__proto__" a field, not a prototype', () => {
    const read = readForm('__proto__=x&channel=none', false);
    expect(read.ok && Object.getPrototypeOf(read.form)).toBe(Object.prototype);
    expect(read.ok && read.form['channel']).toBe('none');
  });
});
