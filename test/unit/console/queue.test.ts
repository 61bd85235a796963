/** The console's routes, filters and place-keeping (console/src/queue.ts). */
import { count, keepPlace, listQuery, orderWords, parseRoute, routeHash, step, withMine } from '../../../console/src/queue';

test('a hash names the queue with its filters or a case; the two directions agree', () => {
  expect(parseRoute('')).toEqual({ view: 'queue', filters: { status: 'open', mine: false } });
  expect(parseRoute('#/')).toEqual({ view: 'queue', filters: { status: 'open', mine: false } });
  const filtered = parseRoute('#/?status=resolved&urgency=critical&platform=reviews&category=complaint&mine=1');
  expect(filtered).toEqual({ view: 'queue', filters: { status: 'resolved', urgency: 'critical', platform: 'reviews', category: 'complaint', mine: true } });
  expect(parseRoute(routeHash(filtered))).toEqual(filtered);
  expect(routeHash({ view: 'queue', filters: { status: 'open', mine: false } })).toBe('#/');
  expect(parseRoute('#/cases/c_abc-123')).toEqual({ view: 'case', id: 'c_abc-123' });
  expect(parseRoute('#/cases/c_abc-123?from=mail')).toEqual({ view: 'case', id: 'c_abc-123' });
  // "Mine" is never among open cases alone: assigning acknowledges.
  expect(parseRoute('#/?mine=1')).toEqual({ view: 'queue', filters: { status: 'active', mine: true } });
  expect(parseRoute('#/?status=open&urgency=critical&mine=1')).toEqual({ view: 'queue', filters: { status: 'active', urgency: 'critical', mine: true } });
  expect(routeHash({ view: 'case', id: 'c_abc-123' })).toBe('#/cases/c_abc-123');
});

test('an unknown status reads as open; a mangled case link is still a case link (the case view says there is no such case)', () => {
  expect(parseRoute('#/?status=deleted')).toMatchObject({ filters: { status: 'open' } });
  expect(parseRoute('#/cases/%3Cimg%3E')).toEqual({ view: 'case', id: '<img>' });
  expect(parseRoute('#/cases/%E0%A4%A')).toEqual({ view: 'case', id: '%E0%A4%A' });
});

test('the staff API query carries the filters, "mine" as assignee=me, and the page token', () => {
  const q = new URL(`http://x${listQuery({ status: 'active', urgency: 'high', mine: true }, 50, 'tok/+=')}`);
  expect(q.pathname).toBe('/api/cases');
  expect(Object.fromEntries(q.searchParams)).toEqual({ status: 'active', limit: '50', urgency: 'high', assignee: 'me', nextToken: 'tok/+=' });
  expect(listQuery({ status: 'open', mine: false }, 10)).toBe('/api/cases?status=open&limit=10');
});

test('ticking "Assigned to me" widens open to open-or-acknowledged (assigning acknowledges); unticking narrows it back', () => {
  expect(withMine({ status: 'open', mine: false }, true)).toEqual({ status: 'active', mine: true });
  expect(withMine({ status: 'active', mine: true }, false)).toEqual({ status: 'open', mine: false });
  expect(withMine({ status: 'resolved', mine: false }, true)).toEqual({ status: 'resolved', mine: true });
});

test('the selection stays on its case through a reload, else moves to the case now in its place', () => {
  expect(keepPlace('b', 1, ['new', 'a', 'b', 'c'])).toBe(2);
  expect(keepPlace('b', 1, ['a', 'c'])).toBe(1);
  expect(keepPlace('c', 2, ['a'])).toBe(0);
  expect(keepPlace(undefined, -1, ['a'])).toBe(-1);
  expect(keepPlace('a', 0, [])).toBe(-1);
});

test('j and k step within the list; the first j selects the top', () => {
  expect(step(-1, 3, 1)).toBe(0);
  expect(step(-1, 3, -1)).toBe(2);
  expect(step(0, 3, -1)).toBe(0);
  expect(step(2, 3, 1)).toBe(2);
  expect(step(1, 3, 1)).toBe(2);
  expect(step(0, 0, 1)).toBe(-1);
  expect([count(1, 'case'), count(2, 'case'), count(0, 'open case')]).toEqual(['1 case', '2 cases', '0 open cases']);
});

test('each list says the order it comes in', () => {
  expect(orderWords('open')).toBe('most urgent first');
  expect(orderWords('active')).toBe('open ones first, then acknowledged; most urgent first within each');
  expect(orderWords('all')).toMatch(/then resolved; most urgent first within each$/);
});
