/**
 * The queue's filters, its place in the URL (so a reload or a shared link keeps them), and keeping the reader's
 * place when the queue reloads itself. Pure: no DOM.
 */

export interface Filters {
  status: 'open' | 'acknowledged' | 'resolved' | 'active' | 'all';
  urgency?: string;
  platform?: string;
  category?: string;
  /** Only cases assigned to the signed-in staff member. */
  mine: boolean;
}

export const DEFAULT_FILTERS: Filters = { status: 'open', mine: false };
export const STATUSES: readonly Filters['status'][] = ['open', 'acknowledged', 'active', 'resolved', 'all'];

export type Route = { view: 'queue'; filters: Filters } | { view: 'case'; id: string };

/**
 * The view a location hash asks for: `#/cases/<id>` or the queue with its filters (`#/?urgency=critical&mine=1`).
 * A case link is the case view whatever the id: a mistyped one is answered "no such case" there, not dropped.
 */
export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '');
  const caseMatch = /^\/cases\/([^?#]*)(\?.*)?$/.exec(path);
  if (caseMatch) {
    let id = caseMatch[1]!;
    try {
      id = decodeURIComponent(id);
    } catch {
      // A malformed escape: the id as written.
    }
    return { view: 'case', id };
  }
  const query = new URLSearchParams(path.includes('?') ? path.slice(path.indexOf('?') + 1) : '');
  const status = query.get('status') as Filters['status'] | null;
  const filters: Filters = { status: status && STATUSES.includes(status) ? status : 'open', mine: query.get('mine') === '1' };
  for (const key of ['urgency', 'platform', 'category'] as const) {
    const value = query.get(key);
    if (value) filters[key] = value;
  }
  // Assigning a case acknowledges it: "mine" among open cases alone could only ever be empty.
  if (filters.mine && filters.status === 'open') filters.status = 'active';
  return { view: 'queue', filters };
}

/** The hash of a view: the inverse of parseRoute. */
export function routeHash(route: Route): string {
  if (route.view === 'case') return `#/cases/${encodeURIComponent(route.id)}`;
  const q = new URLSearchParams();
  const f = route.filters;
  if (f.status !== 'open') q.set('status', f.status);
  for (const key of ['urgency', 'platform', 'category'] as const) if (f[key]) q.set(key, f[key]!);
  if (f.mine) q.set('mine', '1');
  const s = q.toString();
  return s ? `#/?${s}` : '#/';
}

/** The staff API's query for a page of the queue under these filters. */
export function listQuery(filters: Filters, limit: number, nextToken?: string): string {
  const q = new URLSearchParams({ status: filters.status, limit: String(limit) });
  for (const key of ['urgency', 'platform', 'category'] as const) if (filters[key]) q.set(key, filters[key]!);
  if (filters.mine) q.set('assignee', 'me');
  if (nextToken) q.set('nextToken', nextToken);
  return `/api/cases?${q.toString()}`;
}

/**
 * The filters after ticking or unticking "Assigned to me": assigning a case acknowledges it, so "mine" among open
 * cases is always empty; ticking it widens "open" to "open or acknowledged", unticking narrows that back.
 */
export function withMine(filters: Filters, mine: boolean): Filters {
  if (mine && !filters.mine && filters.status === 'open') return { ...filters, mine, status: 'active' };
  if (!mine && filters.mine && filters.status === 'active') return { ...filters, mine, status: 'open' };
  return { ...filters, mine };
}

/** What a status's list is called, one case of it ("open or acknowledged case"). */
export const STATUS_CASE: Record<Filters['status'], string> = {
  open: 'open case',
  acknowledged: 'acknowledged case',
  active: 'open or acknowledged case',
  resolved: 'resolved case',
  all: 'case',
};

/** The order a status's list comes in, as the staff API gives it: the wider ones group by status first. */
export function orderWords(status: Filters['status']): string {
  if (status === 'active') return 'open ones first, then acknowledged; most urgent first within each';
  if (status === 'all') return 'open ones first, then acknowledged, then resolved; most urgent first within each';
  return 'most urgent first';
}

/** "1 case", "3 cases". */
export const count = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** Whether any filter narrows the queue beyond its default. */
export const isFiltered = (f: Filters): boolean => f.status !== 'open' || !!f.urgency || !!f.platform || !!f.category || f.mine;

/**
 * Where the reader's selection goes when the queue reloads: the same case if it is still listed, else the case now
 * at the position it held (the next one down), else the last; -1 for an empty queue or no selection.
 */
export function keepPlace(selectedId: string | undefined, selectedIndex: number, nextIds: readonly string[]): number {
  if (nextIds.length === 0) return -1;
  if (selectedId !== undefined) {
    const same = nextIds.indexOf(selectedId);
    if (same >= 0) return same;
  }
  if (selectedIndex < 0) return -1;
  return Math.min(selectedIndex, nextIds.length - 1);
}

/** One step of j/k through `count` rows from `index` (-1: nothing selected yet, so j selects the first). */
export function step(index: number, count: number, delta: 1 | -1): number {
  if (count === 0) return -1;
  if (index < 0) return delta === 1 ? 0 : count - 1;
  return Math.max(0, Math.min(count - 1, index + delta));
}
