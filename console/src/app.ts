/**
 * The care team's console: sign in, work the queue, open a case, act on it. One page, no framework: the DOM is
 * built by `h` (text nodes only), the view follows the location hash (`#/` the queue with its filters, `#/cases/<id>`
 * a case), and the queue reloads itself every `refreshSeconds` while the page is visible, keeping the reader's place.
 */
import { type Me, type StaffApi, staffApi } from './api';
import { CognitoSession, LocalSession, type Session } from './auth';
import type { ConsoleConfig } from './config';
import { acknowledgeable } from '../../lambdas/domain/cases/acknowledgeable';
import { fill, h } from './dom';
import {
  ago,
  authorText,
  type CaseView,
  clockTime,
  conversation,
  cut,
  entryLabel,
  entryText,
  escalationText,
  offerText,
  platformName,
  preview,
  safeLink,
  sentence,
  attachmentText,
  shown,
  slaView,
} from './format';
import {
  count,
  DEFAULT_FILTERS,
  type Filters,
  isFiltered,
  keepPlace,
  listQuery,
  orderWords,
  parseRoute,
  type Route,
  routeHash,
  STATUS_CASE,
  STATUSES,
  step,
  withMine,
} from './queue';

type ActionName = 'acknowledge' | 'assign' | 'responded' | 'resolve' | 'reclassify';

const ACTION_DONE: Record<ActionName, string> = {
  acknowledge: 'Acknowledged: no further pages go out for this escalation.',
  assign: 'Assigned.',
  responded: 'Marked responded: the response clock has stopped.',
  resolve: 'Resolved: the customer’s next post opens a new case.',
  reclassify: 'Reclassified: the queue order follows the new labels.',
};

const QUEUE_PAGE = 50;
/** An action that could not reach the API: it is not retried, so the reader must know to try again. */
const NOT_SENT = 'the staff API could not be reached, so nothing was saved. Check your connection and try again.';
const MAX_LIMIT = 500;

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** The words a case is known by in lists and headings: "Critical complaint on X from Ana (@ana)". */
function caseTitle(c: CaseView): string {
  return `${cap(c.urgency)} ${c.category} on ${platformName(c.platform)} from ${authorText(c.author)}`;
}

const STATUS_NAMES: Record<Filters['status'], string> = {
  open: 'Open',
  acknowledged: 'Acknowledged',
  active: 'Open or acknowledged',
  resolved: 'Resolved',
  all: 'All',
};

/** A staff token is printable ASCII: anything else could never match (and a browser refuses it in a header). */
const TOKEN_SHAPE = /^[\x21-\x7e]+$/;

/** A customer's words in the case view: long ones cut, with a button that shows them whole. */
function longText(className: string, text: string): HTMLElement {
  const whole = shown(text) || '(no words)';
  const short = cut(whole);
  const box = h('div', { className, dir: 'auto' }, short.text);
  if (!short.cut) return box;
  const more = h('button', { type: 'button', className: 'quiet more' }, `Show all ${Array.from(whole).length.toLocaleString()} characters`);
  more.addEventListener('click', () => {
    box.textContent = whole;
    box.focus();
  });
  box.setAttribute('tabindex', '-1');
  return h('div', {}, box, more);
}

export class ConsoleApp {
  private readonly session: Session;
  private readonly api: StaffApi<CaseView>;
  private me: Me | undefined;
  private route: Route = { view: 'queue', filters: DEFAULT_FILTERS };
  /** The listed cases; `shown` how many a reload fetches; `refused`: the API refused the filters (400). */
  private queue: { items: CaseView[]; nextToken?: string; loadedAt?: number; error?: string; refused?: boolean; shown: number } = {
    items: [],
    shown: QUEUE_PAGE,
  };
  private selectedId: string | undefined;
  private selectedIndex = -1;
  private current: CaseView | undefined;
  private loading = false;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly root: HTMLElement, private readonly config: ConsoleConfig) {
    this.session = config.mode === 'local' ? new LocalSession() : new CognitoSession(config);
    this.api = staffApi<CaseView>({ base: config.apiBase, token: () => this.session.token(), fetch: fetch.bind(globalThis) });
  }

  async start(): Promise<void> {
    addEventListener('hashchange', () => void this.show());
    addEventListener('keydown', (e) => this.onKey(e));
    document.addEventListener('visibilitychange', () => document.visibilityState === 'visible' && this.me && void this.refresh());
    if (this.session instanceof CognitoSession) {
      const resumed = await this.session.resume();
      if (resumed.outcome === 'failed') return this.signInView(`Sign-in failed: ${resumed.error}.`);
      if (resumed.outcome === 'signed-in') {
        if (resumed.returnTo) history.replaceState(null, '', resumed.returnTo);
        return this.afterSignIn();
      }
    }
    this.signInView();
  }

  // ---- sign-in ---------------------------------------------------------------------------------------------------

  private signInView(error?: string): void {
    this.me = undefined;
    this.stopPolling();
    const errorBox = h('p', { className: 'error', role: 'alert', id: 'sign-in-error' }, error ?? '');
    if (!error) errorBox.hidden = true;
    let form: HTMLElement;
    if (this.session instanceof LocalSession) {
      const session = this.session;
      const input = h('input', {
        id: 'staff-token',
        name: 'token',
        type: 'password',
        autocomplete: 'off',
        required: true,
        spellcheck: 'false',
        'aria-describedby': 'staff-token-hint',
      });
      form = h(
        'form',
        {
          className: 'panel',
          onsubmit: (e: SubmitEvent) => {
            e.preventDefault();
            const token = input.value.trim();
            input.value = '';
            if (!TOKEN_SHAPE.test(token)) return this.signInView('That staff token was not accepted. Check it and try again.');
            session.set(token);
            void this.afterSignIn();
          },
        },
        h(
          'div',
          { className: 'field' },
          h('label', { for: 'staff-token' }, 'Staff token'),
          h('span', { className: 'hint', id: 'staff-token-hint' }, 'The STAFF_API_TOKEN that npm start printed.'),
          input,
        ),
        h('button', { type: 'submit' }, 'Sign in'),
      );
    } else {
      const session = this.session as CognitoSession;
      form = h(
        'div',
        { className: 'panel' },
        h('p', {}, 'Sign in with your staff account: your email, password and authenticator code, on the sign-in page.'),
        h('button', { type: 'button', onclick: () => void session.start(location.hash) }, 'Sign in'),
      );
    }
    document.title = 'Sign in · Social care console';
    fill(this.root, h('main', { id: 'main', className: 'narrow' }, h('h1', {}, 'Social care console'), errorBox, form));
    (this.root.querySelector('input,button') as HTMLElement | null)?.focus();
  }

  private async afterSignIn(): Promise<void> {
    const me = await this.api.me();
    if (!me.ok) {
      this.session.forget();
      return this.signInView(me.status === 401 ? 'That staff token was not accepted. Check it and try again.' : me.message);
    }
    this.me = me.body;
    this.startPolling();
    await this.show();
  }

  private async signOut(): Promise<void> {
    this.me = undefined;
    this.stopPolling();
    await this.session.signOut();
    this.signInView();
    const box = this.root.querySelector('#sign-in-error');
    if (box instanceof HTMLElement) {
      box.hidden = false;
      box.className = 'notice';
      box.setAttribute('role', 'status');
      box.textContent = 'Signed out.';
    }
  }

  // ---- frame and routing -----------------------------------------------------------------------------------------

  private frame(main: HTMLElement): void {
    const header = h(
      'header',
      { className: 'top' },
      h('a', { href: '#/', className: 'brand' }, 'Social care'),
      h('span', { className: 'who' }, `Signed in as ${this.me?.name ?? ''}`),
      h('button', { type: 'button', className: 'quiet', onclick: () => void this.signOut() }, 'Sign out'),
    );
    // The skip link moves the focus itself: following `#main` would change the hash, which names the view.
    const skip = h(
      'a',
      {
        href: '#main',
        className: 'skip',
        onclick: (e: MouseEvent) => {
          e.preventDefault();
          main.focus();
        },
      },
      'Skip to the content',
    );
    fill(this.root, skip, header, main);
  }

  private async show(): Promise<void> {
    if (!this.me) return;
    this.route = parseRoute(location.hash);
    if (this.route.view === 'queue') {
      this.lastQueue = location.hash || '#/';
      this.queueView();
      await this.loadQueue();
      // Back in the queue: on the case the reader had selected, else at the top of the page.
      if (this.selectedId && this.queue.items.some((c) => c.id === this.selectedId)) this.focusSelected();
      else (this.root.querySelector('#main') as HTMLElement | null)?.focus();
    } else {
      this.current = undefined;
      this.primaryState = '';
      this.caseView(this.route.id);
      await this.loadCase(this.route.id);
    }
  }

  private startPolling(): void {
    this.stopPolling();
    this.timer = setInterval(() => {
      if (document.visibilityState === 'visible') void this.refresh();
    }, this.config.refreshSeconds * 1000);
  }

  private stopPolling(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  private async refresh(): Promise<void> {
    if (!this.me || this.loading) return;
    if (this.route.view === 'queue') await this.loadQueue();
    else if (this.current) await this.loadCase(this.current.id);
  }

  // ---- the queue -------------------------------------------------------------------------------------------------

  private queueView(): void {
    const f = this.route.view === 'queue' ? this.route.filters : DEFAULT_FILTERS;
    const labels = this.config.labels;
    const option = (value: string, text: string, selected: boolean) => h('option', { value, selected }, text);
    const select = (id: string, label: string, values: readonly string[], value: string | undefined, any = 'Any') =>
      h(
        'div',
        { className: 'field' },
        h('label', { for: id }, label),
        h(
          'select',
          { id, name: id },
          option('', any, !value),
          // A value from the address the list does not know is shown as sent (the API says what is wrong with it).
          [...values, ...(value && !values.includes(value) ? [value] : [])].map((v) => option(v, cap(platformName(v)), v === value)),
        ),
      );
    const platforms = [...new Set([...labels.platforms, ...this.queue.items.map((c) => c.platform), ...(f.platform ? [f.platform] : [])])];
    const form = h(
      'form',
      { className: 'filters', 'aria-label': 'Filters', onchange: (e: Event) => this.applyFilters(form, e.target), onsubmit: (e: Event) => e.preventDefault() },
      h(
        'div',
        { className: 'field' },
        h('label', { for: 'status' }, 'Status'),
        h('select', { id: 'status', name: 'status' }, STATUSES.map((v) => option(v, STATUS_NAMES[v], v === f.status))),
      ),
      select('urgency', 'Urgency', labels.urgencies, f.urgency),
      select('platform', 'Platform', platforms, f.platform),
      select('category', 'Category', labels.categories, f.category),
      h('div', { className: 'field check' }, h('input', { type: 'checkbox', id: 'mine', name: 'mine', checked: f.mine }), h('label', { for: 'mine' }, 'Assigned to me')),
      isFiltered(f) ? h('a', { href: '#/', className: 'clear' }, 'Clear filters') : null,
    );
    document.title = 'Queue · Social care console';
    this.frame(
      h(
        'main',
        { id: 'main', tabindex: '-1' },
        h('h1', {}, 'Queue'),
        form,
        h('p', { className: 'status', id: 'queue-status', role: 'status' }, 'Loading the queue…'),
        // What the reader's own action did: apart from the status line, which every reload rewrites.
        h('p', { className: 'result', id: 'queue-result', role: 'status' }),
        h('p', { className: 'error', id: 'queue-error', role: 'alert', hidden: true }),
        h('ol', { className: 'queue', id: 'queue', 'aria-label': 'Cases, most urgent first' }),
        h('div', { id: 'queue-more' }),
        h('p', { className: 'keys muted small' }, 'Keys: j and k move through the cases, Enter opens one, a acknowledges it.'),
      ),
    );
  }

  private applyFilters(form: HTMLFormElement, changed: EventTarget | null): void {
    const data = new FormData(form);
    const value = (k: string) => (data.get(k) as string | null) || undefined;
    const before = this.route.view === 'queue' ? this.route.filters : DEFAULT_FILTERS;
    let filters: Filters = {
      status: (value('status') as Filters['status'] | undefined) ?? 'open',
      mine: before.mine,
      ...(value('urgency') ? { urgency: value('urgency')! } : {}),
      ...(value('platform') ? { platform: value('platform')! } : {}),
      ...(value('category') ? { category: value('category')! } : {}),
    };
    if (changed instanceof HTMLInputElement && changed.name === 'mine') filters = withMine(filters, changed.checked);
    this.queue = { items: [], shown: QUEUE_PAGE };
    this.selectedId = undefined;
    this.selectedIndex = -1;
    location.hash = routeHash({ view: 'queue', filters });
  }

  private async loadQueue(more = false): Promise<void> {
    if (this.route.view !== 'queue') return;
    const filters = this.route.filters;
    this.loading = true;
    try {
      // A reload fetches as many cases as are shown, so "Load more" is not undone by the next refresh.
      const limit = Math.min(MAX_LIMIT, more ? QUEUE_PAGE : this.queue.shown);
      const res = await this.api.list(listQuery(filters, limit, more ? this.queue.nextToken : undefined));
      if (this.route.view !== 'queue' || this.route.filters !== filters) return;
      if (!res.ok) {
        if (res.status === 401) return this.signInView(res.message);
        this.queue.error = res.message;
        // A filter the API refuses lists nothing: the cases shown were another filter's.
        if (res.status === 400) this.queue = { items: [], shown: QUEUE_PAGE, error: res.message, refused: true };
      } else {
        const items = more ? [...this.queue.items, ...res.body.items.filter((c) => !this.queue.items.some((x) => x.id === c.id))] : res.body.items;
        this.queue = { items, ...(res.body.nextToken ? { nextToken: res.body.nextToken } : {}), loadedAt: Date.now(), shown: Math.max(this.queue.shown, items.length) };
      }
      this.renderQueue();
    } finally {
      this.loading = false;
    }
  }

  private renderQueue(): void {
    const list = this.root.querySelector('#queue');
    const status = this.root.querySelector('#queue-status');
    const errorBox = this.root.querySelector('#queue-error');
    const more = this.root.querySelector('#queue-more');
    if (!(list instanceof HTMLOListElement) || !status || !(errorBox instanceof HTMLElement) || !more) return;
    const focusInList = list.contains(document.activeElement);
    const now = Date.now();
    const { items } = this.queue;
    this.selectedIndex = keepPlace(this.selectedId, this.selectedIndex, items.map((c) => c.id));
    this.selectedId = items[this.selectedIndex]?.id;

    const f = this.route.view === 'queue' ? this.route.filters : DEFAULT_FILTERS;
    errorBox.hidden = !this.queue.error;
    errorBox.replaceChildren();
    const failed = this.queue.error;
    if (failed) {
      if (items.length > 0) errorBox.append(`${sentence(failed)} The queue below may be out of date.`);
      else if (this.queue.refused && isFiltered(f)) errorBox.append(`${sentence(failed)} `, h('a', { href: '#/' }, 'Clear the filters'), '.');
      else errorBox.append(`${sentence(failed)} `, h('button', { type: 'button', className: 'quiet', onclick: () => void this.loadQueue() }, 'Try again'));
    }
    this.queue.error = undefined;
    // Nothing was listed because nothing could be read: say only that, never "the queue is empty".
    const unknown = failed !== undefined && items.length === 0;
    const what = STATUS_CASE[f.status];
    const updated = this.queue.loadedAt ? ` · updated ${clockTime(new Date(this.queue.loadedAt).toISOString(), now)}` : '';
    status.textContent = unknown
      ? this.queue.refused
        ? 'The staff API refused these filters.'
        : 'The queue could not be loaded.'
      : items.length === 0
        ? `No ${what}s${isFiltered(f) ? ' match these filters' : ''}${updated}.`
        : `${count(items.length, what)}${this.queue.nextToken ? ' (more below)' : ''}, ${orderWords(f.status)}${updated}.`;

    list.replaceChildren(...items.map((c, i) => this.queueRow(c, i === this.selectedIndex, now)));
    // A generic source appears in the platform filter once one of its cases is listed.
    const platformSelect = this.root.querySelector('#platform');
    if (platformSelect instanceof HTMLSelectElement) {
      const offered = new Set([...platformSelect.options].map((o) => o.value));
      for (const p of new Set(items.map((c) => c.platform))) if (!offered.has(p)) platformSelect.append(h('option', { value: p }, cap(platformName(p))));
    }
    if (items.length === 0 && !unknown) {
      list.append(
        h(
          'li',
          { className: 'empty' },
          isFiltered(f)
            ? h('p', {}, 'Nothing here under these filters. ', h('a', { href: '#/' }, 'Clear the filters'), ' to see every open case.')
            : h('p', {}, f.status === 'open' ? 'The queue is empty: every case is acknowledged or resolved. New posts appear here by themselves.' : 'No cases in this state.'),
        ),
      );
    }
    fill(more, this.queue.nextToken ? h('button', { type: 'button', className: 'secondary', onclick: () => void this.loadQueue(true) }, 'Load more cases') : null);
    if (focusInList) this.focusSelected();
  }

  private queueRow(c: CaseView, selected: boolean, now: number): HTMLLIElement {
    const sla = slaView(c, now);
    const facts = [
      h('li', { className: `sla sla-${sla.tone}` }, sla.text),
      h('li', {}, `${c.sentiment} sentiment`),
      h('li', {}, escalationText(c)),
      c.pii.length ? h('li', { className: 'pii' }, `PII: ${c.pii.join(', ')}`) : null,
      c.assignee ? h('li', {}, 'assigned to ', h('bdi', {}, shown(c.assignee))) : null,
      h('li', { className: 'muted' }, `received ${ago(c.receivedAt, now)}`),
    ];
    return h(
      'li',
      { className: `row${selected ? ' selected' : ''}`, 'data-id': c.id, 'aria-current': selected ? 'true' : undefined },
      h('p', { className: 'badges' }, h('span', { className: `badge badge-${c.urgency}` }, c.urgency), c.status !== 'open' ? h('span', { className: 'badge' }, c.status) : null),
      h('h2', { className: 'row-title' }, h('a', { href: routeHash({ view: 'case', id: c.id }), className: 'row-link', onfocus: () => this.select(c.id) }, caseTitle(c))),
      h('p', { className: 'text', dir: 'auto' }, preview(c.text) || '(no words)', c.textState ? h('span', { className: 'muted' }, ` (${c.textState})`) : null),
      h('ul', { className: 'facts' }, facts),
      c.reasons.length ? h('p', { className: 'reasons small muted' }, `Why: ${shown(c.reasons.join('; '))}`) : null,
    );
  }

  private select(id: string): void {
    if (this.selectedId === id) return;
    this.selectedId = id;
    this.selectedIndex = this.queue.items.findIndex((c) => c.id === id);
    for (const row of this.root.querySelectorAll('.row')) {
      const on = row.getAttribute('data-id') === id;
      row.classList.toggle('selected', on);
      if (on) row.setAttribute('aria-current', 'true');
      else row.removeAttribute('aria-current');
    }
  }

  private focusSelected(): void {
    if (!this.selectedId) return;
    const link = this.root.querySelector(`.row[data-id="${CSS.escape(this.selectedId)}"] .row-link`);
    if (link instanceof HTMLElement) link.focus({ preventScroll: true });
    link?.closest('.row')?.scrollIntoView({ block: 'nearest' });
  }

  // ---- keyboard --------------------------------------------------------------------------------------------------

  private onKey(e: KeyboardEvent): void {
    if (!this.me || e.ctrlKey || e.metaKey || e.altKey) return;
    const target = e.target as HTMLElement | null;
    if (target && (target.isContentEditable || /^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName))) return;
    if (this.route.view === 'queue') {
      const ids = this.queue.items.map((c) => c.id);
      if (e.key === 'j' || e.key === 'k') {
        e.preventDefault();
        const index = step(this.selectedIndex, ids.length, e.key === 'j' ? 1 : -1);
        if (index >= 0) {
          this.select(ids[index]!);
          this.focusSelected();
        }
      } else if (e.key === 'Enter' && this.selectedId && !(target instanceof HTMLAnchorElement || target instanceof HTMLButtonElement)) {
        e.preventDefault();
        location.hash = routeHash({ view: 'case', id: this.selectedId });
      } else if (e.key === 'a' && this.selectedId) {
        e.preventDefault();
        void this.acknowledgeFromQueue(this.selectedId);
      }
    } else if (this.route.view === 'case') {
      if (e.key === 'a' && this.current && this.primaryState === 'acknowledge') {
        e.preventDefault();
        void this.act('acknowledge');
      } else if (e.key === 'Escape') {
        location.hash = '#/';
      }
    }
  }

  /** Cases with an action on its way: a second key press does not send it again. */
  private readonly acting = new Set<string>();

  private async acknowledgeFromQueue(id: string): Promise<void> {
    if (this.acting.has(id)) return;
    const c = this.queue.items.find((x) => x.id === id);
    const say = (text: string, ok: boolean) => {
      const result = this.root.querySelector('#queue-result');
      if (!result) return;
      result.className = ok ? 'result notice' : 'result error';
      result.textContent = text;
    };
    if (c && !acknowledgeable(c)) return say(sentence(`Nothing to acknowledge: ${caseTitle(c)} is ${c.status}`), false);
    this.acting.add(id);
    const res = await this.api.act(id, 'acknowledge').finally(() => this.acting.delete(id));
    if (!res.ok && res.status === 401) return this.signInView(res.message);
    await this.loadQueue();
    say(res.ok ? sentence(`Acknowledged: ${c ? caseTitle(c) : id}`) : `Not acknowledged: ${res.status === 0 ? NOT_SENT : res.message}`, res.ok);
  }

  // ---- a case ----------------------------------------------------------------------------------------------------

  private caseView(id: string): void {
    const result = h('p', { id: 'action-result', role: 'status', className: 'result', tabindex: '-1' });
    this.frame(
      h(
        'main',
        // Which case this view is of: a view still loading is never taken for the one before it.
        { id: 'main', tabindex: '-1', 'data-case': id },
        h('p', {}, h('a', { href: this.lastQueue, className: 'back' }, '← Back to the queue')),
        h('h1', { id: 'case-title' }, `Case ${id}`),
        result,
        h('p', { className: 'error', id: 'case-error', role: 'alert', hidden: true }),
        h('div', { id: 'case-primary', className: 'primary-actions' }),
        h('div', { id: 'case-summary' }, h('p', { className: 'muted' }, 'Loading the case…')),
        h('section', { 'aria-labelledby': 'actions-heading', id: 'case-actions', hidden: true }, h('h2', { id: 'actions-heading' }, 'Actions')),
        h('div', { id: 'case-details' }),
      ),
    );
    (this.root.querySelector('#main') as HTMLElement).focus();
  }

  /** The queue with the filters it had, for the way back from a case. */
  private lastQueue = '#/';

  private async loadCase(id: string): Promise<void> {
    this.loading = true;
    try {
      const res = await this.api.get(id);
      if (this.route.view !== 'case' || this.route.id !== id) return;
      const errorBox = this.root.querySelector('#case-error') as HTMLElement | null;
      if (!res.ok) {
        if (res.status === 401) return this.signInView(res.message);
        if (errorBox) {
          errorBox.hidden = false;
          errorBox.textContent = this.current ? `${sentence(res.message)} What is shown may be out of date.` : res.message;
        }
        if (!this.current) {
          // Nothing to show: not "Loading…" beside the error.
          this.root.querySelector('#case-summary')?.replaceChildren();
          document.title = `${res.status === 404 ? 'No such case' : 'Case not loaded'} · Social care console`;
        }
        return;
      }
      if (errorBox) errorBox.hidden = true;
        const first = !this.current || this.current.status !== res.body.status;
      this.current = res.body;
      this.renderCase(first);
    } finally {
      this.loading = false;
    }
  }

  private renderCase(first: boolean): void {
    const c = this.current;
    if (!c) return;
    const now = Date.now();
    const title = this.root.querySelector('#case-title');
    if (title) title.textContent = caseTitle(c);
    document.title = `${caseTitle(c)} · Social care console`;
    const sla = slaView(c, now);
    const link = safeLink(c.url);
    const rows: [string, Node | string][] = [
      ['Status', `${c.status}${c.resolvedBy ? ` by ${shown(c.resolvedBy)}` : ''}`],
      ['Response clock', h('span', { className: `sla sla-${sla.tone}` }, sla.text)],
      ['Paging', escalationText(c)],
      ['Customer’s choice', offerText(c)],
      ['Assigned to', c.assignee ? h('bdi', {}, shown(c.assignee)) : 'nobody'],
      ['Platform', `${platformName(c.platform)} (${c.kind})`],
      ['Author', h('bdi', {}, authorText(c.author))],
      ['Received', `${clockTime(c.receivedAt, now)} (${ago(c.receivedAt, now)})`],
      ['Labels', `${c.category}, ${c.urgency}, ${c.sentiment} sentiment${c.classifiedAs ? ` (classifier said ${c.classifiedAs.category}, ${c.classifiedAs.urgency})` : ''}`],
      ['PII', c.pii.length ? `${c.pii.join(', ')} (redacted below)` : 'none found'],
      ['Classifier’s reasons', c.reasons.length ? shown(c.reasons.join('; ')) : '—'],
    ];
    const summary = this.root.querySelector('#case-summary');
    if (summary) {
      fill(
        summary,
        h('p', { className: 'badges' }, h('span', { className: `badge badge-${c.urgency}` }, c.urgency), h('span', { className: 'badge' }, c.status)),
        longText('post', c.text),
        c.attachments?.length
          ? h(
              'ul',
              { className: 'attachments', 'aria-label': 'Attached to the post' },
              c.attachments.map((a) => {
                const href = safeLink(a.url);
                return h('li', {}, attachmentText(a), href ? [' · ', h('a', { href, rel: 'noopener noreferrer', target: '_blank' }, 'open it')] : null);
              }),
            )
          : null,
        c.textState ? h('p', { className: 'muted small' }, `The customer ${c.textState} this post.`) : null,
        link ? h('p', {}, h('a', { href: link, rel: 'noopener noreferrer', target: '_blank' }, `Open the post on ${platformName(c.platform)}`)) : null,
        h('dl', { className: 'summary' }, rows.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)])),
      );
    }
    if (first) this.renderActions(c);
    else this.syncLabels(c);
    this.renderPrimary(c);
    const details = this.root.querySelector('#case-details');
    if (details) {
      const entries = c.timeline ?? [];
      const talk = conversation(entries);
      fill(
        details,
        h(
          'section',
          { 'aria-labelledby': 'conversation-heading' },
          h('h2', { id: 'conversation-heading' }, 'Conversation'),
          talk.length
            ? h(
                'ol',
                { className: 'conversation' },
                talk.map((m) =>
                  h('li', { className: `msg msg-${m.who}` }, h('p', { className: 'small muted' }, `${m.label} · ${clockTime(m.at, now)}`), longText('msg-text', m.text)),
                ),
              )
            : h('p', { className: 'muted' }, 'No posts on this page of the timeline.'),
        ),
        h(
          'section',
          { 'aria-labelledby': 'timeline-heading' },
          h('h2', { id: 'timeline-heading' }, 'Timeline'),
          h(
            'ol',
            { className: 'timeline' },
            entries.map((e) => h('li', {}, h('time', { datetime: e.at }, clockTime(e.at, now)), ' ', h('strong', {}, entryLabel(e.type)), `: ${entryText(e)}`)),
          ),
          c.timelineNextToken ? h('p', { className: 'muted small' }, 'Older entries are not shown: the staff API returns them with timelineNextToken.') : null,
        ),
      );
    }
  }

  private renderActions(c: CaseView): void {
    const section = this.root.querySelector('#case-actions');
    const primary = this.root.querySelector('#case-primary');
    if (!(section instanceof HTMLElement) || !(primary instanceof HTMLElement)) return;
    section.hidden = false;
    const resolved = c.status === 'resolved';
    const labels = this.config.labels;
    const field = (id: string, label: string, control: HTMLElement, hint?: string) =>
      h('div', { className: 'field' }, h('label', { for: id }, label), hint ? h('span', { className: 'hint', id: `${id}-hint` }, hint) : null, control);
    const text = (id: string, name: string, max: number, opts: { required?: boolean; hint?: boolean } = {}) =>
      h('input', { id, name, type: 'text', maxlength: max, required: opts.required, autocomplete: 'off', 'aria-describedby': opts.hint ? `${id}-hint` : undefined });
    const form = (name: ActionName, heading: string, body: (data: FormData) => Record<string, string> | string, ...children: HTMLElement[]) =>
      h(
        'form',
        {
          className: 'action',
          'aria-labelledby': `${name}-heading`,
          onsubmit: (e: SubmitEvent) => {
            e.preventDefault();
            const target = e.target as HTMLFormElement;
            const parsed = body(new FormData(target));
            // A string is the form's own refusal, said without a round trip.
            if (typeof parsed === 'string') return this.say(parsed, false);
            void this.act(name, parsed, target);
          },
        },
        h('h3', { id: `${name}-heading` }, heading),
        ...children,
      );
    const optional = (data: FormData, key: string, into: Record<string, string> = {}) => {
      const v = String(data.get(key) ?? '').trim();
      if (v) into[key] = v;
      return into;
    };
    const assignee = text('assignee', 'assignee', 120, { required: true });
    // A label the reader chose stays as chosen while the case reloads; the others follow the case (syncLabels).
    const touched = (e: Event) => (e.target as HTMLElement).setAttribute('data-touched', '');
    const reclassify = form(
      'reclassify',
      'Correct the labels',
      (d) => {
        // Only what the reader changed, against the case as it is now: a label someone else set meanwhile stays.
        const now = this.current;
        const body: Record<string, string> = {};
        for (const key of ['category', 'urgency'] as const) {
          const v = String(d.get(key) ?? '');
          if (v && v !== now?.[key]) body[key] = v;
        }
        if (!body['category'] && !body['urgency']) return 'Not done: choose a category or an urgency different from the case’s.';
        return optional(d, 'reason', body);
      },
      field('new-category', 'Category', h('select', { id: 'new-category', name: 'category', onchange: touched }, labels.categories.map((v) => h('option', { value: v, selected: v === c.category }, v)))),
      field('new-urgency', 'Urgency', h('select', { id: 'new-urgency', name: 'urgency', onchange: touched }, labels.urgencies.map((v) => h('option', { value: v, selected: v === c.urgency }, v)))),
      field('reclassify-reason', 'Reason', text('reclassify-reason', 'reason', 300, { required: true, hint: true }), 'Why the labels are wrong: it helps train the classifier'),
      h('button', { type: 'submit' }, 'Reclassify'),
    );
    this.renderPrimary(c);
    fill(
      section,
      h('h2', { id: 'actions-heading' }, 'Actions'),
      resolved
        ? null
        : [
            form(
              'assign',
              'Who works it',
              (d) => optional(d, 'assignee'),
              field('assignee', 'Assignee', assignee),
              h(
                'div',
                { className: 'buttons' },
                h('button', { type: 'submit' }, 'Assign'),
                h(
                  'button',
                  {
                    type: 'button',
                    className: 'secondary',
                    onclick: () => {
                      assignee.value = this.me?.name ?? '';
                      assignee.form?.requestSubmit();
                    },
                  },
                  'Assign to me',
                ),
              ),
            ),
            form(
              'responded',
              'The team answered the customer',
              (d) => optional(d, 'note', optional(d, 'channel')),
              field('channel', 'Channel (optional)', text('channel', 'channel', 40, { hint: true }), 'How the team answered: x reply, dm, email, phone'),
              field('responded-note', 'Note (optional)', h('textarea', { id: 'responded-note', name: 'note', maxlength: 500, rows: 2 })),
              h('button', { type: 'submit' }, 'Mark responded'),
            ),
            form(
              'resolve',
              'Close the case',
              (d) => optional(d, 'note'),
              field('resolve-note', 'Note (optional)', h('textarea', { id: 'resolve-note', name: 'note', maxlength: 500, rows: 2 })),
              h('button', { type: 'submit' }, 'Resolve'),
            ),
          ],
      reclassify,
    );
  }

  /** What Acknowledge would do to this case, which decides whether it is offered (the staff API's own rule). */
  private primaryState = '';

  /**
   * The one big button: Acknowledge while the staff API would take it (the one rule: lambdas/domain/cases/
   * acknowledgeable.ts), a note on a resolved case, and nothing once someone has it. Redrawn only when that changes,
   * so a reload never takes the focus from it.
   */
  private renderPrimary(c: CaseView): void {
    const primary = this.root.querySelector('#case-primary');
    if (!(primary instanceof HTMLElement)) return;
    const state = c.status === 'resolved' ? 'resolved' : acknowledgeable(c) ? 'acknowledge' : 'taken';
    if (state === this.primaryState && primary.childElementCount > 0) return;
    this.primaryState = state;
    fill(
      primary,
      state === 'resolved'
        ? h('p', { className: 'notice' }, 'This case is resolved: the customer’s next post opens a new case.')
        : state === 'acknowledge'
          ? h('button', { type: 'button', onclick: () => void this.act('acknowledge') }, 'Acknowledge')
          : null,
    );
  }

  /**
   * The reclassify form's choices follow the case's labels as they change (a colleague's reclassification, a later
   * post), except one the reader has chosen and not yet sent; `all` after a save puts every choice back in step.
   */
  private syncLabels(c: CaseView, all = false): void {
    for (const [id, value] of [['new-category', c.category], ['new-urgency', c.urgency]] as const) {
      const select = this.root.querySelector(`#${id}`);
      if (!(select instanceof HTMLSelectElement) || (!all && select.hasAttribute('data-touched'))) continue;
      select.value = value;
      select.removeAttribute('data-touched');
    }
  }

  /** Shows an action's outcome in the case view's status line, and moves the focus there so it is read out. */
  private say(message: string, ok: boolean): void {
    const result = this.root.querySelector('#action-result');
    if (!(result instanceof HTMLElement)) return;
    result.className = ok ? 'result notice' : 'result error';
    result.textContent = message;
    result.focus();
  }

  private async act(name: ActionName, body?: Record<string, string>, form?: HTMLFormElement): Promise<void> {
    const c = this.current;
    if (!c || this.acting.has(c.id)) return;
    const result = this.root.querySelector('#action-result') as HTMLElement | null;
    if (result) {
      result.className = 'result';
      result.textContent = 'Saving…';
    }
    this.acting.add(c.id);
    const res = await this.api.act(c.id, name, body).finally(() => this.acting.delete(c.id));
    if (!res.ok && res.status === 401) return this.signInView(res.message);
    if (res.ok) {
      const statusChanged = res.body.status !== c.status;
      this.current = res.body;
      form?.reset();
      this.renderCase(statusChanged);
      // The form's reset put its choices back to the labels of the case as first shown: the case's now.
      if (!statusChanged) this.syncLabels(res.body, true);
    } else if (res.status === 409 || res.status === 404) {
      await this.loadCase(c.id);
    }
    if (res.ok) this.say(ACTION_DONE[name], true);
    else this.say(`Not done: ${res.status === 0 ? NOT_SENT : res.message}`, false);
  }
}
