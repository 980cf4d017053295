import { ApiError, isNetworkError } from '$lib/api/api-error';
import {
  compareDossiers,
  dossierSearchText,
  matchesSearchWords,
  searchWords,
  SORTS,
  STAGES,
  type DossierSort,
  type DossierSummaryDTO,
  type ErrorCode,
  type Stage,
  type UserSummaryDTO
} from '$lib/contract';
import type { ListPorts } from './dossier-list-ports';

const PAGE_SIZE = 50;
const SEARCH_DEBOUNCE_MS = 250;

const tagOrder = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

/** What the list shows: search, filters and sort. Kept in the URL so a view survives Back and reload. */
export interface ListView {
  query: string;
  tag: string;
  stage: Stage | '';
  owner: string;
  sort: DossierSort;
}

/** Reads a view from URL parameters (?q=&stage=&tag=&owner=&sort=); unknown values fall back to the default. */
export function viewFromUrl(params: URLSearchParams): ListView {
  const stage = params.get('stage') ?? '';
  const sort = params.get('sort') ?? '';
  return {
    query: (params.get('q') ?? '').slice(0, 100),
    tag: (params.get('tag') ?? '').trim().slice(0, 40),
    stage: (STAGES as readonly string[]).includes(stage) ? (stage as Stage) : '',
    owner: (params.get('owner') ?? '').slice(0, 64),
    sort: (SORTS as readonly string[]).includes(sort) ? (sort as DossierSort) : 'name'
  };
}

/** The URL query of a view, '' for the default one; parameters in a fixed order so equal views give equal URLs. */
export function viewToUrl(view: ListView): string {
  const params = new URLSearchParams();
  if (view.query.trim()) params.set('q', view.query.trim());
  if (view.stage) params.set('stage', view.stage);
  if (view.tag) params.set('tag', view.tag);
  if (view.owner) params.set('owner', view.owner);
  if (view.sort !== 'name') params.set('sort', view.sort);
  return params.toString();
}

/** The dossier list page: one page at a time from the server, live pushes placed in the server's order. */
export class DossierListState {
  #query = $state('');
  #tag = $state('');
  #stage = $state<Stage | ''>('');
  #owner = $state('');
  #sort = $state<DossierSort>('name');

  #items = $state.raw<DossierSummaryDTO[]>([]);
  #nextCursor = $state<string | null>(null);
  #loading = $state(false);
  #loadingMore = $state(false);
  #error = $state<ErrorCode | null>(null);
  #loaded = $state(false);
  #users = $state.raw<UserSummaryDTO[]>([]);
  #selectedId = $state<string | null>(null);
  #knownTags = $state.raw<string[]>([]);
  #offline = $state(false);

  #hasFilters = $derived(this.#query.trim() !== '' || this.#tag !== '' || this.#stage !== '' || this.#owner !== '');
  #selectedIndex = $derived(this.#items.findIndex((d) => d.id === this.#selectedId));

  #debounce: unknown = null;
  #abort: AbortController | null = null;
  /** True while the user types: the first keystroke of a burst adds a history entry, the rest replace it. */
  #typing = false;
  readonly #ports: ListPorts;

  constructor(options: { ports: ListPorts; url?: URLSearchParams }) {
    this.#ports = options.ports;
    if (options.url) this.#setView(viewFromUrl(options.url));
  }

  get query() {
    return this.#query;
  }
  get tag() {
    return this.#tag;
  }
  get stage() {
    return this.#stage;
  }
  get owner() {
    return this.#owner;
  }
  get sort() {
    return this.#sort;
  }
  get items() {
    return this.#items;
  }
  get nextCursor() {
    return this.#nextCursor;
  }
  get loading() {
    return this.#loading;
  }
  get loadingMore() {
    return this.#loadingMore;
  }
  get error() {
    return this.#error;
  }
  /** True once the first page arrived; avoids flashing "No dossiers match" before anything loaded. */
  get loaded() {
    return this.#loaded;
  }
  get users() {
    return this.#users;
  }
  get selectedId() {
    return this.#selectedId;
  }
  /** Tags seen this session; grows only, so picking a tag does not shrink its own menu. */
  get knownTags() {
    return this.#knownTags;
  }
  /** The server was unreachable: `items` are the dossiers opened on this device, filtered here. */
  get offline() {
    return this.#offline;
  }
  get hasFilters() {
    return this.#hasFilters;
  }
  get selectedIndex() {
    return this.#selectedIndex;
  }
  get view(): ListView {
    return { query: this.#query, tag: this.#tag, stage: this.#stage, owner: this.#owner, sort: this.#sort };
  }

  /** Loads the first page and colleagues, and subscribes to live changes; returns the cleanup. */
  start(): () => void {
    void this.reload();
    this.#ports
      .listUsers()
      .then((users) => (this.#users = users))
      .catch(() => {
        // The owner filter falls back to owners seen in the list.
      });
    const stops = [
      this.#ports.onDossierChanged((dossier) => this.applyChange(dossier)),
      // A reconnect may have missed pushes; the list is cheap to refetch.
      this.#ports.onReconnect(() => void this.reload({ keepSelection: true })),
      this.#ports.onOnline(() => {
        if (this.#offline) void this.reload({ keepSelection: true });
      })
    ];
    return () => {
      for (const stop of stops) stop();
      this.#abort?.abort();
      this.#cancelDebounce();
    };
  }

  /** Typing in the search box: the URL follows at once (one history entry per burst), the list after a pause. */
  setQuery(value: string): void {
    this.#query = value;
    this.#navigate({ replace: this.#typing });
    this.#typing = true;
    this.#cancelDebounce();
    this.#debounce = this.#ports.setTimeout(() => void this.reload(), SEARCH_DEBOUNCE_MS);
  }

  /** A filter or sort change: a new history entry, so Back returns to the previous view. */
  setFilters(patch: { tag?: string; stage?: Stage | ''; owner?: string; sort?: DossierSort }): void {
    if (patch.tag !== undefined) this.#tag = patch.tag;
    if (patch.stage !== undefined) this.#stage = patch.stage;
    if (patch.owner !== undefined) this.#owner = patch.owner;
    if (patch.sort !== undefined) this.#sort = patch.sort;
    this.#typing = false;
    this.#navigate({ replace: false });
    void this.reload();
  }

  clearFilters(): void {
    this.#query = '';
    this.setFilters({ tag: '', stage: '', owner: '' });
  }

  /**
   * The URL changed from outside (Back, Forward, a link): show that view. Returns false (and loads nothing)
   * when it is the view already shown.
   */
  applyUrl(params: URLSearchParams): boolean {
    const next = viewFromUrl(params);
    this.#typing = false;
    if (viewToUrl(next) === viewToUrl(this.view)) return false;
    this.#setView(next);
    void this.reload();
    return true;
  }

  async reload(options: { keepSelection?: boolean } = {}): Promise<void> {
    this.#cancelDebounce();
    this.#abort?.abort();
    const abort = (this.#abort = new AbortController());
    this.#loading = true;
    this.#error = null;
    try {
      const page = await this.#ports.listDossiers({
        params: { ...this.#params(), limit: PAGE_SIZE },
        signal: abort.signal
      });
      if (abort.signal.aborted) return;
      this.#items = page.items;
      this.#nextCursor = page.nextCursor;
      this.#offline = false;
      this.#noteTags(page.items);
      if (!options.keepSelection || this.#selectedIndex < 0) this.#selectedId = page.items[0]?.id ?? null;
      this.#loaded = true;
    } catch (err) {
      if (abort.signal.aborted) return;
      if (isNetworkError(err)) return this.#showOpenedHere(options);
      this.#error = err instanceof ApiError ? err.code : 'internal';
    } finally {
      if (this.#abort === abort) this.#loading = false;
    }
  }

  async loadMore(): Promise<void> {
    const cursor = this.#nextCursor;
    const abort = this.#abort;
    if (!cursor || !abort || this.#loadingMore || this.#loading) return;
    this.#loadingMore = true;
    try {
      const page = await this.#ports.listDossiers({
        params: { ...this.#params(), limit: PAGE_SIZE, cursor },
        signal: abort.signal
      });
      // A reload started meanwhile owns the list now.
      if (abort !== this.#abort || cursor !== this.#nextCursor) return;
      const seen = new Set(this.#items.map((d) => d.id));
      this.#items = [...this.#items, ...page.items.filter((d) => !seen.has(d.id))];
      this.#nextCursor = page.nextCursor;
      this.#noteTags(page.items);
    } catch (err) {
      if (!abort.signal.aborted) this.#error = err instanceof ApiError ? err.code : 'internal';
    } finally {
      this.#loadingMore = false;
    }
  }

  moveSelection(step: 1 | -1): void {
    if (this.#items.length === 0) return;
    const next = Math.min(this.#items.length - 1, Math.max(0, this.#selectedIndex + step));
    this.#selectedId = this.#items[next].id;
  }

  /** A pushed create/change: place it where the server's order would, or drop it if it no longer matches. */
  applyChange(dossier: DossierSummaryDTO): void {
    this.#noteTags([dossier]);
    const rest = this.#items.filter((d) => d.id !== dossier.id);
    if (!this.#matches(dossier)) {
      if (rest.length !== this.#items.length) this.#items = rest;
      return;
    }
    const compare = compareDossiers(this.#sort);
    let index = rest.findIndex((d) => compare(dossier, d) < 0);
    if (index === -1) {
      // Past the loaded window: the page that covers it will bring it, unless this is the last page.
      if (this.#nextCursor) {
        if (rest.length !== this.#items.length) this.#items = rest;
        return;
      }
      index = rest.length;
    }
    this.#items = [...rest.slice(0, index), dossier, ...rest.slice(index)];
  }

  #setView(view: ListView): void {
    this.#query = view.query;
    this.#tag = view.tag;
    this.#stage = view.stage;
    this.#owner = view.owner;
    this.#sort = view.sort;
  }

  #navigate(options: { replace: boolean }): void {
    this.#ports.navigate(viewToUrl(this.view), options);
  }

  #cancelDebounce(): void {
    if (this.#debounce !== null) this.#ports.clearTimeout(this.#debounce);
    this.#debounce = null;
  }

  /**
   * Offline, only dossiers with a local copy can be worked on, so the list shows exactly those (as last
   * seen, not live) with the current filters applied here rather than an error or a stale server page.
   */
  #showOpenedHere(options: { keepSelection?: boolean }): void {
    const items = this.#ports.openedHere().filter((d) => this.#matches(d));
    this.#items = items.sort(compareDossiers(this.#sort));
    this.#nextCursor = null;
    this.#offline = true;
    this.#noteTags(items);
    if (!options.keepSelection || this.#selectedIndex < 0) this.#selectedId = items[0]?.id ?? null;
    this.#loaded = true;
  }

  #params() {
    return {
      q: this.#query.trim() || undefined,
      tag: this.#tag || undefined,
      stage: this.#stage || undefined,
      owner: this.#owner || undefined,
      sort: this.#sort
    };
  }

  /** The server's filter, applied to one row: the same search rules (search-fold.ts) and filters. */
  #matches(d: DossierSummaryDTO): boolean {
    if (this.#stage && d.stage !== this.#stage) return false;
    if (this.#owner && d.ownerId !== this.#owner) return false;
    if (this.#tag && !d.tags.includes(this.#tag)) return false;
    const words = searchWords(this.#query);
    if (words.length === 0) return true;
    // Rows cached offline before street and postcode were listed lack them.
    const text = dossierSearchText({ ...d, street: d.street ?? '', postalCode: d.postalCode ?? '' });
    return matchesSearchWords(text, words);
  }

  #noteTags(items: DossierSummaryDTO[]): void {
    const tags = new Set(this.#knownTags);
    const before = tags.size;
    for (const d of items) for (const tag of d.tags) tags.add(tag);
    if (tags.size !== before) this.#knownTags = [...tags].sort(tagOrder.compare);
  }
}
