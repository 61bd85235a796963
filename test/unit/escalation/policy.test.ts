import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  PolicyError,
  describeDays,
  describePolicy,
  isWithinBusinessHours,
  loadPolicyFile,
  nextBusinessOpening,
  parsePolicy,
  type OncallPolicy,
} from '../../../lambdas/domain/escalation/policy';
import { POLICY_BOUNDS, PolicySchemaFor, isFictionalTestNumber, isValidTimeZone } from '../../../schemas/oncall-policy';

const contact = (n: number) => ({ name: `Person ${n}`, phone: `+4477009001${String(n).padStart(2, '0')}`, email: `person${n}@example.com` });

function base(): any {
  return {
    timezone: 'Europe/London',
    businessHours: { days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '17:30' },
    tiers: [
      { name: 'Duty lead', ackTimeoutSeconds: 300, contacts: [contact(1), contact(2)] },
      { name: 'Manager', ackTimeoutSeconds: 600, contacts: [contact(3), contact(1)] },
    ],
  };
}

/** The problems of a policy changed by `edit`, or [] when it is valid. */
function problems(edit: (p: any) => void, opts?: Parameters<typeof parsePolicy>[1]): string[] {
  const p = base();
  edit(p);
  try {
    parsePolicy(p, opts);
    return [];
  } catch (err) {
    expect(err).toBeInstanceOf(PolicyError);
    return (err as PolicyError).problems;
  }
}

describe('parsePolicy: valid policies', () => {
  it('accepts the base policy and fills repeat = 1', () => {
    const p = parsePolicy(base());
    expect(p.repeat).toBe(1);
    expect(p.tiers).toHaveLength(2);
  });

  it('accepts the example file', async () => {
    const p = await loadPolicyFile(join(__dirname, '../../../config/examples/oncall.example.json'));
    expect(describePolicy(p)).toBe('3 tiers, 5 contacts, business hours Mon–Fri 09:00–17:30 Europe/London');
  });

  it('accepts no businessHours (always open)', () => {
    expect(problems((p) => delete p.businessHours)).toEqual([]);
  });

  it('accepts a contact in several tiers', () => {
    expect(problems((p) => p.tiers[1].contacts.push(contact(2)))).toEqual([]);
  });
});

describe('timezone', () => {
  it.each(['Europe/London', 'America/New_York', 'UTC', 'Asia/Kolkata'])('accepts %s', (tz) => {
    expect(problems((p) => (p.timezone = tz))).toEqual([]);
  });
  it('canonicalises the spelling of a zone', () => {
    expect(parsePolicy({ ...base(), timezone: 'europe/london' }).timezone).toBe('Europe/London');
    expect(parsePolicy({ ...base(), timezone: 'US/Eastern' }).timezone).toBe('America/New_York');
  });
  it.each(['Mars/Base', '', '+01:00', 'GMT+25'])('rejects %j', (tz) => {
    expect(problems((p) => (p.timezone = tz))).toEqual(['timezone: must be an IANA time zone like Europe/London or America/New_York']);
  });
  it('rejects a missing or non-string timezone', () => {
    expect(problems((p) => delete p.timezone)).toEqual(['timezone: is required']);
    expect(problems((p) => (p.timezone = 1))).toEqual(['timezone: must be an IANA time zone like Europe/London or America/New_York']);
  });
  it('isValidTimeZone', () => {
    expect(isValidTimeZone('Europe/Paris')).toBe(true);
    expect(isValidTimeZone('Nowhere/Place')).toBe(false);
  });
});

describe('businessHours', () => {
  it('accepts short and full day names in any case, stored short', () => {
    const p = parsePolicy({ ...base(), businessHours: { days: ['Monday', 'TUE', 'wednesday', 'Sat', 'SUNDAY'], start: '08:00', end: '20:00' } });
    expect(p.businessHours!.days).toEqual(['mon', 'tue', 'wed', 'sat', 'sun']);
  });
  it('rejects an unknown day name', () => {
    expect(problems((p) => (p.businessHours.days = ['mon', 'funday']))).toEqual([
      'businessHours.days[1]: must be a day name: mon, tue, wed, thu, fri, sat, sun (or the full name)',
    ]);
  });
  it('rejects a repeated day, also when spelt differently', () => {
    expect(problems((p) => (p.businessHours.days = ['mon', 'tue', 'Monday']))).toEqual(['businessHours.days[2]: repeats the day already given at days[0]']);
  });
  it('rejects an empty or missing day list', () => {
    expect(problems((p) => (p.businessHours.days = []))).toEqual([
      'businessHours.days: must list at least one day (leave businessHours out to page at any time)',
    ]);
    expect(problems((p) => delete p.businessHours.days)).toEqual(['businessHours.days: is required']);
    expect(problems((p) => (p.businessHours.days = 'mon-fri'))).toEqual([
      'businessHours.days: must be a list of day names, e.g. ["mon", "tue", "wed", "thu", "fri"]',
    ]);
  });
  it.each(['9:00', '09:0', '24:00', '12:60', '0900', 'nine'])('rejects start %j', (start) => {
    expect(problems((p) => (p.businessHours.start = start))).toEqual(['businessHours.start: must be a 24-hour time "HH:MM", e.g. "09:00"']);
  });
  it.each(['00:00', '23:59', '08:30'])('accepts start %j', (start) => {
    expect(problems((p) => Object.assign(p.businessHours, { start, end: '24:00' }))).toEqual([]);
  });
  it('accepts end "24:00" (midnight) but not later', () => {
    expect(problems((p) => (p.businessHours.end = '24:00'))).toEqual([]);
    expect(problems((p) => (p.businessHours.end = '24:01'))).toEqual([
      'businessHours.end: must be a 24-hour time "HH:MM", e.g. "17:30" ("24:00" for midnight)',
    ]);
  });
  it('requires start before end', () => {
    const msg = 'businessHours.end: must be later than start (hours that run past midnight are not supported; use "24:00" to close at midnight)';
    expect(problems((p) => (p.businessHours = { days: ['mon'], start: '17:00', end: '09:00' }))).toEqual([msg]);
    expect(problems((p) => (p.businessHours = { days: ['mon'], start: '09:00', end: '09:00' }))).toEqual([msg]);
    expect(problems((p) => (p.businessHours = { days: ['mon'], start: '09:00', end: '09:01' }))).toEqual([]);
  });
  it('rejects unknown fields', () => {
    expect(problems((p) => (p.businessHours.timezone = 'UTC'))).toEqual(['businessHours: unknown field "timezone" (allowed: days, start, end)']);
  });
});

describe('repeat', () => {
  it.each([1, 5, 10])('accepts %j', (n) => {
    expect(problems((p) => (p.repeat = n))).toEqual([]);
  });
  it.each([0, 11, 1.5, '2', null])('rejects %j', (n) => {
    expect(problems((p) => (p.repeat = n))).toEqual([
      'repeat: must be a whole number from 1 to 10 (how many times to go through all the tiers before giving up)',
    ]);
  });
});

describe('tiers', () => {
  const ackMsg = (min: number) =>
    `must be a whole number from ${min} to 86400 (how long to wait for an acknowledgement before paging the next tier)`;
  it('needs 1–10 tiers', () => {
    expect(problems((p) => (p.tiers = []))).toEqual(['tiers: needs at least one tier to page']);
    expect(problems((p) => (p.tiers = Array.from({ length: 10 }, (_, i) => ({ name: `T${i}`, ackTimeoutSeconds: 60, contacts: [contact(1)] }))))).toEqual([]);
    expect(problems((p) => (p.tiers = Array.from({ length: 11 }, (_, i) => ({ name: `T${i}`, ackTimeoutSeconds: 60, contacts: [contact(1)] }))))).toEqual([
      'tiers: has too many tiers: at most 10',
    ]);
    expect(problems((p) => delete p.tiers)).toEqual(['tiers: is required']);
  });
  it('needs unique tier names (ignoring case and spaces), naming the first by index', () => {
    expect(problems((p) => (p.tiers[1].name = ' duty LEAD '))).toEqual(['tiers[1].name: is already the name of tiers[0]; each tier needs its own name']);
  });
  it('reports a duplicate name alongside other problems', () => {
    expect(
      problems((p) => {
        p.tiers[1].name = 'Duty lead';
        p.tiers[0].ackTimeoutSeconds = 5;
      }),
    ).toEqual([`tiers[0].ackTimeoutSeconds: ${ackMsg(30)}`, 'tiers[1].name: is already the name of tiers[0]; each tier needs its own name']);
  });
  it('needs a non-empty name', () => {
    expect(problems((p) => (p.tiers[0].name = '  '))).toEqual(['tiers[0].name: must not be empty (e.g. "Duty manager")']);
    expect(problems((p) => delete p.tiers[0].name)).toEqual(['tiers[0].name: is required']);
  });
  it.each([30, 86400, 900])('accepts ackTimeoutSeconds %j', (n) => {
    expect(problems((p) => (p.tiers[0].ackTimeoutSeconds = n))).toEqual([]);
  });
  it.each([29, 1, 86401, 60.5, '60'])('rejects ackTimeoutSeconds %j', (n) => {
    expect(problems((p) => (p.tiers[0].ackTimeoutSeconds = n))).toEqual([`tiers[0].ackTimeoutSeconds: ${ackMsg(30)}`]);
  });
  it('PolicySchemaFor / parsePolicy lower the minimum for local integration tests', () => {
    expect(problems((p) => (p.tiers[0].ackTimeoutSeconds = 1), { minAckTimeoutSeconds: 1 })).toEqual([]);
    expect(problems((p) => (p.tiers[0].ackTimeoutSeconds = 0), { minAckTimeoutSeconds: 1 })).toEqual([`tiers[0].ackTimeoutSeconds: ${ackMsg(1)}`]);
    const b = base();
    b.tiers[0].ackTimeoutSeconds = 2;
    expect(PolicySchemaFor({ minAckTimeoutSeconds: 1 }).safeParse(b).success).toBe(true);
    expect(PolicySchemaFor().safeParse(b).success).toBe(false);
    expect(POLICY_BOUNDS.minAckTimeoutSeconds).toBe(30);
    expect(() => PolicySchemaFor({ minAckTimeoutSeconds: 0 })).toThrow(RangeError);
  });
  it('needs 1–20 contacts per tier', () => {
    expect(problems((p) => (p.tiers[0].contacts = []))).toEqual(['tiers[0].contacts: needs at least one contact to page']);
    expect(problems((p) => (p.tiers[0].contacts = Array.from({ length: 20 }, (_, i) => contact(i))))).toEqual([]);
    expect(problems((p) => (p.tiers[0].contacts = Array.from({ length: 21 }, (_, i) => contact(i))))).toEqual([
      'tiers[0].contacts: has too many contacts: at most 20 per tier',
    ]);
  });
  it('rejects unknown tier fields', () => {
    expect(problems((p) => (p.tiers[0].timeout = 5))).toEqual(['tiers[0]: unknown field "timeout" (allowed: name, ackTimeoutSeconds, contacts)']);
  });
});

describe('contacts', () => {
  const E164 = 'must be an E.164 number like +447700900123';
  it.each(['+447700900123', '+447911123456', '+12125550123', '+33612345678'])('accepts phone %s', (phone) => {
    expect(problems((p) => (p.tiers[1].contacts[0].phone = phone))).toEqual([]);
  });
  it.each(['07700 900123', '+44 7700 900123', '447700900123', '+44-7700-900123', '', 447700900123])('rejects phone %j with the E.164 message', (phone) => {
    expect(problems((p) => (p.tiers[1].contacts[0].phone = phone))).toEqual([`tiers[1].contacts[0].phone: ${E164}`]);
  });
  it.each(['+4477009001', '+15555550123', '+999123456789'])('rejects a well-formed but undialable %s', (phone) => {
    expect(problems((p) => (p.tiers[1].contacts[0].phone = phone))).toEqual([
      `tiers[1].contacts[0].phone: ${E164} (this one has the wrong number of digits for its country, or an unknown country code)`,
    ]);
  });
  it('accepts Ofcom drama numbers unless told not to', () => {
    expect(isFictionalTestNumber('+447700900999')).toBe(true);
    expect(isFictionalTestNumber('+447700901000')).toBe(false);
    expect(problems(() => {}, { allowFictionalNumbers: false })).toContain(
      'tiers[0].contacts[0].phone: is an Ofcom drama number (+447700900xxx) that reaches no one; use a real number here',
    );
    expect(problems((p) => (p.tiers = [{ name: 'A', ackTimeoutSeconds: 60, contacts: [{ ...contact(1), phone: '+447911123456' }] }]), { allowFictionalNumbers: false })).toEqual([]);
  });
  it.each(['not-an-email', 'a@b', '@example.com', 'a b@example.com'])('rejects email %j', (email) => {
    expect(problems((p) => (p.tiers[0].contacts[1].email = email))).toEqual(['tiers[0].contacts[1].email: must be an email address like oncall@example.com']);
  });
  it('requires name, phone and email', () => {
    expect(problems((p) => (p.tiers[0].contacts[0] = {}))).toEqual([
      'tiers[0].contacts[0].name: is required',
      'tiers[0].contacts[0].phone: is required',
      'tiers[0].contacts[0].email: is required',
    ]);
  });
  it('rejects unknown contact fields (a typo is not silently dropped)', () => {
    expect(problems((p) => (p.tiers[0].contacts[0].mobile = '+447700900123'))).toEqual([
      'tiers[0].contacts[0]: unknown field "mobile" (allowed: name, phone, email)',
    ]);
  });
});

describe('PolicyError', () => {
  it('lists every problem with its path, never the values', () => {
    const bad = base();
    bad.timezone = 'Secret/Zone';
    bad.extra = 'x';
    bad.tiers[1].contacts[0].phone = '+44 7700 900555';
    bad.tiers[0].contacts[1].email = 'private-person-at-example';
    let err: PolicyError | undefined;
    try {
      parsePolicy(bad, { source: 'oncall.json' });
    } catch (e) {
      err = e as PolicyError;
    }
    expect(err).toBeInstanceOf(PolicyError);
    expect(err!.problems).toEqual([
      'timezone: must be an IANA time zone like Europe/London or America/New_York',
      'tiers[0].contacts[1].email: must be an email address like oncall@example.com',
      'tiers[1].contacts[0].phone: must be an E.164 number like +447700900123',
      'policy: unknown field "extra" (allowed: timezone, businessHours, repeat, tiers)',
    ]);
    expect(err!.message).toBe(`escalation policy in oncall.json is not valid:\n${err!.problems.map((p) => `  - ${p}`).join('\n')}`);
    for (const secret of ['Secret/Zone', '900555', 'private-person']) expect(err!.message).not.toContain(secret);
  });
  it('names a non-object policy', () => {
    for (const v of [null, [], 'x', 3]) expect(() => parsePolicy(v)).toThrow('policy: must be an object (timezone, businessHours, repeat and tiers)');
  });
});

describe('loadPolicyFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'policy-test-'));
  const file = (name: string, text: string) => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return p;
  };
  it('loads a valid file (with a byte-order mark)', async () => {
    const p = await loadPolicyFile(file('ok.json', '\ufeff' + JSON.stringify(base())));
    expect(p.timezone).toBe('Europe/London');
  });
  it('reports a JSON syntax error with file, line and column, without quoting the text', async () => {
    const text = '{\n  "timezone": "Europe/London",\n  "tiers": [ { "phone": "+447700900777" } }\n}\n';
    const attempt = loadPolicyFile(file('broken.json', text));
    await expect(attempt).rejects.toThrow(PolicyError);
    await expect(attempt).rejects.toThrow(/broken\.json: not valid JSON at line 3, column \d+/);
    await attempt.catch((e: Error) => expect(e.message).not.toContain('900777'));
  });
  it('reports a syntax error V8 gives no position for, still without quoting the text', async () => {
    const attempt = loadPolicyFile(file('token.json', '{"phone": +447700900777}'));
    await expect(attempt).rejects.toThrow(/token\.json: not valid JSON/);
    await attempt.catch((e: Error) => expect(e.message).not.toContain('900777'));
  });
  it('reports an empty and a truncated file', async () => {
    await expect(loadPolicyFile(file('empty.json', ''))).rejects.toThrow('empty.json: the file is empty; expected JSON');
    await expect(loadPolicyFile(file('short.json', '{"timezone": "UTC"'))).rejects.toThrow(/short\.json: not valid JSON/);
  });
  it('reports a missing file', async () => {
    await expect(loadPolicyFile(join(dir, 'nope.json'))).rejects.toThrow(/cannot read .*nope\.json: no such file/);
  });
  it('reports schema problems with the file name', async () => {
    await expect(loadPolicyFile(file('bad.json', JSON.stringify({ ...base(), repeat: 0 })))).rejects.toThrow(
      /escalation policy in bad\.json is not valid:\n  - repeat: must be a whole number from 1 to 10/,
    );
  });
  it('passes the bounds on', async () => {
    const b = base();
    b.tiers[0].ackTimeoutSeconds = 1;
    await expect(loadPolicyFile(file('fast.json', JSON.stringify(b)), { minAckTimeoutSeconds: 1 })).resolves.toBeDefined();
  });
});

describe('business hours', () => {
  const london = parsePolicy(base());
  const newYork = parsePolicy({ ...base(), timezone: 'America/New_York', businessHours: { days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '17:00' } });
  const open = (p: OncallPolicy, iso: string) => isWithinBusinessHours(p, new Date(iso));
  const next = (p: OncallPolicy, iso: string) => nextBusinessOpening(p, new Date(iso)).toISOString();

  it('start is inclusive, end exclusive (London winter, GMT = UTC)', () => {
    expect(open(london, '2025-01-15T08:59:59.999Z')).toBe(false);
    expect(open(london, '2025-01-15T09:00:00.000Z')).toBe(true);
    expect(open(london, '2025-01-15T17:29:59.999Z')).toBe(true);
    expect(open(london, '2025-01-15T17:30:00.000Z')).toBe(false);
  });
  it('closed at the weekend', () => {
    expect(open(london, '2025-01-18T12:00:00Z')).toBe(false); // Saturday
    expect(open(london, '2025-01-19T12:00:00Z')).toBe(false); // Sunday
  });
  it('Europe/London on both sides of the March 2025 change (30 March, GMT → BST)', () => {
    // Friday 28 March: GMT, 09:00 local = 09:00Z.
    expect(open(london, '2025-03-28T08:30:00Z')).toBe(false);
    expect(open(london, '2025-03-28T09:00:00Z')).toBe(true);
    // Monday 31 March: BST, 09:00 local = 08:00Z; 17:30 local = 16:30Z.
    expect(open(london, '2025-03-31T07:59:00Z')).toBe(false);
    expect(open(london, '2025-03-31T08:00:00Z')).toBe(true);
    expect(open(london, '2025-03-31T16:29:00Z')).toBe(true);
    expect(open(london, '2025-03-31T16:30:00Z')).toBe(false);
  });
  it('America/New_York on both sides of the March 2025 change (9 March, EST → EDT)', () => {
    expect(open(newYork, '2025-03-07T13:30:00Z')).toBe(false); // Fri 08:30 EST
    expect(open(newYork, '2025-03-07T14:00:00Z')).toBe(true); // Fri 09:00 EST
    expect(open(newYork, '2025-03-10T13:00:00Z')).toBe(true); // Mon 09:00 EDT
    expect(open(newYork, '2025-03-10T12:59:00Z')).toBe(false); // Mon 08:59 EDT
    expect(open(newYork, '2025-03-10T21:00:00Z')).toBe(false); // Mon 17:00 EDT
    expect(open(newYork, '2025-03-07T21:59:00Z')).toBe(true); // Fri 16:59 EST
  });
  it('uses the local weekday, not the UTC one', () => {
    // Monday 00:30Z is still Sunday 20:30 in New York.
    expect(open(newYork, '2025-06-02T00:30:00Z')).toBe(false);
    // Friday 23:30 in New York is Saturday 03:30Z.
    const lateNy = parsePolicy({ ...base(), timezone: 'America/New_York', businessHours: { days: ['fri'], start: '20:00', end: '24:00' } });
    expect(open(lateNy, '2025-06-07T03:30:00Z')).toBe(true);
  });
  it('no businessHours means always open', () => {
    const always = parsePolicy({ ...base(), businessHours: undefined });
    expect(open(always, '2025-01-19T03:00:00Z')).toBe(true);
    expect(next(always, '2025-01-19T03:00:00Z')).toBe('2025-01-19T03:00:00.000Z');
  });

  it('nextBusinessOpening: now when open, later today before opening', () => {
    expect(next(london, '2025-01-15T10:00:00Z')).toBe('2025-01-15T10:00:00.000Z');
    expect(next(london, '2025-01-15T06:00:00Z')).toBe('2025-01-15T09:00:00.000Z');
  });
  it('nextBusinessOpening: after closing → tomorrow morning', () => {
    expect(next(london, '2025-01-15T17:30:00Z')).toBe('2025-01-16T09:00:00.000Z');
  });
  it('nextBusinessOpening over a weekend', () => {
    expect(next(london, '2025-01-17T18:00:00Z')).toBe('2025-01-20T09:00:00.000Z'); // Fri evening → Mon
    expect(next(london, '2025-01-18T12:00:00Z')).toBe('2025-01-20T09:00:00.000Z'); // Sat
    expect(next(london, '2025-01-19T23:59:00Z')).toBe('2025-01-20T09:00:00.000Z'); // Sun night
  });
  it('nextBusinessOpening over a weekend with a DST change', () => {
    expect(next(london, '2025-03-28T17:30:00Z')).toBe('2025-03-31T08:00:00.000Z'); // GMT Fri → BST Mon
    expect(next(london, '2025-10-24T16:30:00Z')).toBe('2025-10-27T09:00:00.000Z'); // BST Fri → GMT Mon
    expect(next(newYork, '2025-03-07T22:00:00Z')).toBe('2025-03-10T13:00:00.000Z'); // EST Fri → EDT Mon
    expect(next(newYork, '2025-10-31T22:00:00Z')).toBe('2025-11-03T14:00:00.000Z'); // EDT Fri → EST Mon
  });
  it('nextBusinessOpening when the opening time is skipped or repeated by a change', () => {
    const sundayEarly = parsePolicy({ ...base(), businessHours: { days: ['sun'], start: '01:30', end: '03:00' } });
    // 30 March 2025: 01:30 London does not exist; the queue opens when the clocks jump (01:00Z = 02:00 BST).
    expect(next(sundayEarly, '2025-03-30T00:00:00Z')).toBe('2025-03-30T01:00:00.000Z');
    expect(open(sundayEarly, '2025-03-30T01:00:00Z')).toBe(true);
    // 26 October 2025: 01:30 London happens twice; the first (BST, 00:30Z) counts.
    expect(next(sundayEarly, '2025-10-26T00:00:00Z')).toBe('2025-10-26T00:30:00.000Z');
  });
  it('nextBusinessOpening with only one business day a week', () => {
    const mondays = parsePolicy({ ...base(), businessHours: { days: ['Monday'], start: '10:00', end: '12:00' } });
    expect(next(mondays, '2025-01-20T12:00:00Z')).toBe('2025-01-27T10:00:00.000Z');
  });
});

describe('describePolicy', () => {
  it('summarises tiers, distinct contacts and hours', () => {
    expect(describePolicy(parsePolicy(base()))).toBe('2 tiers, 3 contacts, business hours Mon–Fri 09:00–17:30 Europe/London');
    expect(describePolicy(parsePolicy({ ...base(), businessHours: undefined, repeat: 3, tiers: [base().tiers[0]] }))).toBe(
      '1 tier, 2 contacts, no business hours (every case pages at once, Europe/London), tiers repeated 3 times',
    );
  });
  it('describes day sets', () => {
    expect(describeDays(['mon', 'tue', 'wed', 'thu', 'fri'])).toBe('Mon–Fri');
    expect(describeDays(['sat', 'mon', 'sun', 'wed'])).toBe('Mon, Wed, Sat, Sun');
    expect(describeDays(['mon', 'tue', 'thu', 'fri', 'sat'])).toBe('Mon, Tue, Thu–Sat');
  });
});
