import { readableLogLine } from '../../local/readable-logs';

const entry = (fields: Record<string, unknown>) =>
  JSON.stringify({
    level: 'INFO',
    message: 'event processed',
    timestamp: '2026-12-07T13:59:55.691Z',
    service: 'classify',
    cold_start: false,
    function_arn: 'arn:aws:lambda:us-east-1:000000000000:function:classify',
    function_memory_size: '512',
    function_name: 'classify',
    function_request_id: 'fbf86ad9',
    sampling_rate: 0,
    ...fields,
  });

it('keeps the time, service, message and what happened; drops the fake Lambda context', () => {
  const line = readableLogLine(entry({ eventId: 'facebook:1_2_3', caseId: 'c_1', result: 'created', pii: [] }));
  expect(line).toBe('13:59:55.691 classify    event processed  eventId=facebook:1_2_3 caseId=c_1 result=created pii=[]');
});

it('names a level other than INFO, and shortens long values and long lines', () => {
  const line = readableLogLine(entry({ level: 'WARN', message: 'record failed', error: 'x'.repeat(500) }))!;
  expect(line).toMatch(/^13:59:55\.691 classify {4}WARN record failed {2}error=x{79}…$/);
  const many = readableLogLine(entry(Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`k${i}`, 'v'.repeat(30)]))))!;
  expect(many.length).toBe(400);
  expect(many.endsWith('…')).toBe(true);
});

it('leaves every other line alone', () => {
  expect(readableLogLine('  ✓ DynamoDB (dynalite) http://127.0.0.1:1')).toBeUndefined();
  expect(readableLogLine('{"level": broken')).toBeUndefined();
  expect(readableLogLine('{"level":"INFO"}')).toBeUndefined();
  expect(readableLogLine('{"level":"INFO","message":"m"}')).toBe('m');
});

it('writes control, bidi and line-breaking characters from outside as escapes, never raw to the terminal', () => {
  const line = readableLogLine(entry({ message: 'webhook\u001b[2J', eventIds: ['x:1\u001b]0;pwned\u0007'], caseId: 'c_\u202eevil\nnext' }))!;
  expect(line).not.toMatch(/[\u0000-\u001f\u007f\u202e]/);
  expect(line).toContain('webhook\\u001b[2J');
  expect(line).toContain('caseId="c_\\u202eevil\\nnext"');
});

it('quotes a value with spaces or =, so a value from outside cannot forge more fields', () => {
  const line = readableLogLine(entry({ eventId: 'reviews:x caseId=c_FORGED result=duplicate', caseId: 'c_real' }))!;
  expect(line).toContain('eventId="reviews:x caseId=c_FORGED result=duplicate" caseId=c_real');
});
