import { ApiError, isNetworkError, listDossiers, listUsers } from '$lib/api';
import {
  foldSearchText,
  type DossierSort,
  type DossierSummaryDTO,
  type ErrorCode,
  type Stage,
  type UserSummaryDTO
} from '$lib/contract';
import { dossiersOpenedHere } from '$lib/offline/dossier-cache';
import { getSocket, watchNetwork } from '$lib/realtime';
import { sessionState } from './session-state.svelte';

const PAGE_SIZE = 50;
const SEARCH_DEBOUNCE_MS = 250;

const byName = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

export class DossierListState {
  query = $state('');
  tag = $state('');
  stage = $state<Stage | ''>('');
  owner = $state('');
  sort = $state<DossierSort>('name');

  items = $state.raw<DossierSummaryDTO[]>([]);
  nextCursor = $state<string | null>(null);
  loading = $state(false);
  loadingMore = $state(false);
  error = $state<ErrorCode | null>(null);
  /** True once the first page arrived; avoids flashing "No dossiers match" before anything loaded. */
  loaded = $state(false);
  users = $state.raw<UserSummaryDTO[]>([]);
  selectedId = $state<string | null>(null);
  /** Tags seen this session; grows only, so picking a tag does not shrink its own menu. */
  knownTags = $state.raw<string[]>([]);
  /** The server was unreachable: `items` are the dossiers opened on this device, filtered here. */
  offline = $state(false);

  hasFilters = $derived(this.query.trim() !== '' || this.tag !== '' || this.stage !== '' || this.owner !== '');
  selectedIndex = $derived(this.items.findIndex((d) => d.id === this.selectedId));

  private debounce: ReturnType<typeof setTimeout> | null = null;
  private abort: AbortController | null = null;

  /** Loads the first page and colleagues, and subscribes to live changes; returns the cleanup. */
  start(): () => void {
    void this.reload();
    listUsers()
      .then((users) => (this.users = users))
      .catch(() => {
        // The owner filter falls back to owners seen in the list.
      });
    const socket = getSocket();
    const onChanged = (dossier: DossierSummaryDTO) => this.applyChange(dossier);
    // A reconnect may have missed pushes; the list is cheap to refetch. Every 'connect' after the first counts,
    // whoever reopened the socket (socket.io's backoff, or keepSocketConnected after the server ended it).
    let wasConnected = socket.connected;
    const onConnect = () => {
      if (wasConnected) void this.reload({ keepSelection: true });
      wasConnected = true;
    };
    socket.on('dossier:changed', onChanged);
    socket.on('connect', onConnect);
    const stopNetwork = watchNetwork({
      onOnline: () => {
        if (this.offline) void this.reload({ keepSelection: true });
      },
      onOffline: () => {}
    });
    return () => {
      stopNetwork();
      socket.off('dossier:changed', onChanged);
      socket.off('connect', onConnect);
      this.abort?.abort();
      if (this.debounce) clearTimeout(this.debounce);
    };
  }

  setQuery(value: string): void {
    this.query = value;
    if (this.debounce) clearTimeout(this.debounce);
    this.debounce = setTimeout(() => void this.reload(), SEARCH_DEBOUNCE_MS);
  }

  setFilters(patch: { tag?: string; stage?: Stage | ''; owner?: string; sort?: DossierSort }): void {
    if (patch.tag !== undefined) this.tag = patch.tag;
    if (patch.stage !== undefined) this.stage = patch.stage;
    if (patch.owner !== undefined) this.owner = patch.owner;
    if (patch.sort !== undefined) this.sort = patch.sort;
    void this.reload();
  }

  clearFilters(): void {
    this.query = '';
    this.setFilters({ tag: '', stage: '', owner: '' });
  }

  async reload(options: { keepSelection?: boolean } = {}): Promise<void> {
    if (this.debounce) clearTimeout(this.debounce);
    this.abort?.abort();
    const abort = (this.abort = new AbortController());
    this.loading = true;
    this.error = null;
    try {
      const page = await listDossiers({ params: { ...this.params(), limit: PAGE_SIZE }, signal: abort.signal });
      this.items = page.items;
      this.nextCursor = page.nextCursor;
      this.offline = false;
      this.noteTags(page.items);
      if (!options.keepSelection || this.selectedIndex < 0) this.selectedId = page.items[0]?.id ?? null;
      this.loaded = true;
    } catch (err) {
      if (abort.signal.aborted) return;
      if (isNetworkError(err)) return this.showOpenedHere(options);
      this.error = err instanceof ApiError ? err.code : 'internal';
    } finally {
      if (this.abort === abort) this.loading = false;
    }
  }

  async loadMore(): Promise<void> {
    const cursor = this.nextCursor;
    const abort = this.abort;
    if (!cursor || !abort || this.loadingMore || this.loading) return;
    this.loadingMore = true;
    try {
      const page = await listDossiers({ params: { ...this.params(), limit: PAGE_SIZE, cursor }, signal: abort.signal });
      // A reload started meanwhile owns the list now.
      if (abort !== this.abort || cursor !== this.nextCursor) return;
      const seen = new Set(this.items.map((d) => d.id));
      this.items = [...this.items, ...page.items.filter((d) => !seen.has(d.id))];
      this.nextCursor = page.nextCursor;
      this.noteTags(page.items);
    } catch (err) {
      if (!abort.signal.aborted) this.error = err instanceof ApiError ? err.code : 'internal';
    } finally {
      this.loadingMore = false;
    }
  }

  moveSelection(step: 1 | -1): void {
    if (this.items.length === 0) return;
    const next = Math.min(this.items.length - 1, Math.max(0, this.selectedIndex + step));
    this.selectedId = this.items[next].id;
  }

  /** A pushed create/rename: place it where the server's order would, or drop it if it no longer matches. */
  applyChange(dossier: DossierSummaryDTO): void {
    this.noteTags([dossier]);
    const rest = this.items.filter((d) => d.id !== dossier.id);
    if (!this.matches(dossier)) {
      if (rest.length !== this.items.length) this.items = rest;
      return;
    }
    let index = rest.findIndex((d) => this.compare(dossier, d) < 0);
    if (index === -1) {
      // Past the loaded window: the page that covers it will bring it, unless this is the last page.
      if (this.nextCursor) {
        if (rest.length !== this.items.length) this.items = rest;
        return;
      }
      index = rest.length;
    }
    this.items = [...rest.slice(0, index), dossier, ...rest.slice(index)];
  }

  /**
   * Offline, only dossiers with a local copy can be worked on, so the list shows exactly those (as last
   * seen, not live) with the current filters applied here rather than an error or a stale server page.
   */
  private showOpenedHere(options: { keepSelection?: boolean }): void {
    const userId = sessionState.user?.id;
    const items = userId ? dossiersOpenedHere(userId).filter((d) => this.matches(d)) : [];
    this.items = items.sort((a, b) => this.compare(a, b));
    this.nextCursor = null;
    this.offline = true;
    this.noteTags(items);
    if (!options.keepSelection || this.selectedIndex < 0) this.selectedId = items[0]?.id ?? null;
    this.loaded = true;
  }

  private params() {
    return {
      q: this.query.trim() || undefined,
      tag: this.tag || undefined,
      stage: this.stage || undefined,
      owner: this.owner || undefined,
      sort: this.sort
    };
  }

  private matches(d: DossierSummaryDTO): boolean {
    if (this.stage && d.stage !== this.stage) return false;
    if (this.owner && d.ownerId !== this.owner) return false;
    if (this.tag && !d.tags.includes(this.tag)) return false;
    // Same fold as the server's search column, so live updates are filtered the way the server would.
    const q = foldSearchText(this.query);
    return !q || foldSearchText([d.company, d.city, ...d.contactNames].join(' \u0001 ')).includes(q);
  }

  private compare(a: DossierSummaryDTO, b: DossierSummaryDTO): number {
    const primary =
      this.sort === 'updated' ? b.updatedAt.localeCompare(a.updatedAt) : byName.compare(a.company, b.company);
    return primary || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  }

  private noteTags(items: DossierSummaryDTO[]): void {
    const tags = new Set(this.knownTags);
    const before = tags.size;
    for (const d of items) for (const tag of d.tags) tags.add(tag);
    if (tags.size !== before) this.knownTags = [...tags].sort(byName.compare);
  }
}
