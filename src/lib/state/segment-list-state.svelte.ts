import {
  LIST_FILTER_KEYS,
  ListFilter,
  type DossierSummaryDTO,
  type ListDossierPage,
  type ListVisibility,
  type SavedListDTO
} from '$lib/contract';

export interface SegmentListPorts {
  lists(): Promise<SavedListDTO[]>;
  count(filter: ListFilter, signal: AbortSignal): Promise<number>;
  page(filter: ListFilter, cursor: string | undefined, signal: AbortSignal): Promise<ListDossierPage>;
  create(input: { name: string; filter: ListFilter; visibility: ListVisibility }): Promise<SavedListDTO>;
  update(id: string, input: { name?: string; filter?: ListFilter; visibility?: ListVisibility }): Promise<SavedListDTO>;
  remove(id: string): Promise<void>;
  /** Pushed dossier changes (creates, edits, stage and tag changes); returns the unsubscribe. */
  onDossierChanged(handler: () => void): () => void;
  setTimeout(handler: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** A filter edit recounts after this pause (typing a city is one count, not one per key). */
const FILTER_DELAY_MS = 250;
/**
 * Pushed changes recount after this quiet time: a colleague's burst of edits (or an import's rows) is one
 * recount, and a busy team (~1 change/s) costs one count query a second at most.
 */
const PUSH_DELAY_MS = 1000;

/** Drops empty values, so '' in a form field means "no filter". */
export function cleanFilter(filter: Record<string, string | undefined>): ListFilter {
  const out: Record<string, string> = {};
  for (const key of LIST_FILTER_KEYS) {
    const value = filter[key]?.trim();
    if (value) out[key] = value;
  }
  const parsed = ListFilter.safeParse(out);
  return parsed.success ? parsed.data : {};
}

/**
 * The Lists page (issue #11): a filter builder with a live count, saved lists (private or shared), the matching
 * dossiers page by page. Counts follow pushed dossier changes, debounced.
 */
export class SegmentListState {
  #ports: SegmentListPorts;
  #filter = $state<ListFilter>({});
  #lists = $state<SavedListDTO[]>([]);
  #selectedId = $state<string | null>(null);
  #count = $state<number | null>(null);
  #counting = $state(false);
  #items = $state<DossierSummaryDTO[]>([]);
  #nextCursor = $state<string | null>(null);
  #loading = $state(false);
  #error = $state<string | null>(null);
  #timer: unknown = null;
  #abort: AbortController | null = null;
  #unsubscribe: (() => void) | null = null;

  constructor(options: { ports: SegmentListPorts }) {
    this.#ports = options.ports;
  }

  get filter() {
    return this.#filter;
  }
  get lists() {
    return this.#lists;
  }
  get selected(): SavedListDTO | null {
    return this.#lists.find((l) => l.id === this.#selectedId) ?? null;
  }
  get count() {
    return this.#count;
  }
  get counting() {
    return this.#counting;
  }
  get items() {
    return this.#items;
  }
  get hasMore() {
    return this.#nextCursor !== null;
  }
  get loading() {
    return this.#loading;
  }
  get error() {
    return this.#error;
  }
  /** The selected list's filter differs from the builder's. */
  get dirty(): boolean {
    const s = this.selected;
    return s !== null && JSON.stringify(cleanFilter(s.filter)) !== JSON.stringify(this.#filter);
  }

  /** Loads the saved lists, applies the starting filter or list, subscribes to pushes. */
  async start(initial: { listId?: string | null; filter?: ListFilter }): Promise<void> {
    this.#unsubscribe = this.#ports.onDossierChanged(() => this.#schedule(PUSH_DELAY_MS, false));
    try {
      this.#lists = await this.#ports.lists();
    } catch {
      this.#error = 'lists';
    }
    const list = initial.listId ? this.#lists.find((l) => l.id === initial.listId) : undefined;
    if (list) this.select(list.id);
    else this.setFilter(initial.filter ?? {}, { now: true });
  }

  select(id: string | null): void {
    this.#selectedId = id;
    const list = this.selected;
    this.setFilter(list ? cleanFilter(list.filter) : {}, { now: true });
  }

  setFilter(filter: ListFilter, options: { now?: boolean } = {}): void {
    this.#filter = filter;
    this.#schedule(options.now ? 0 : FILTER_DELAY_MS, true);
  }

  #schedule(ms: number, reload: boolean): void {
    if (this.#timer !== null) this.#ports.clearTimeout(this.#timer);
    this.#timer = this.#ports.setTimeout(() => {
      this.#timer = null;
      void this.refresh({ reload });
    }, ms);
  }

  /** Recounts; with `reload` also fetches the first page again (a pushed change only recounts). */
  async refresh(options: { reload: boolean }): Promise<void> {
    this.#abort?.abort();
    const abort = new AbortController();
    this.#abort = abort;
    const filter = this.#filter;
    this.#counting = true;
    if (options.reload) this.#loading = true;
    try {
      const [count, page] = await Promise.all([
        this.#ports.count(filter, abort.signal),
        options.reload ? this.#ports.page(filter, undefined, abort.signal) : Promise.resolve(null)
      ]);
      if (abort.signal.aborted) return;
      this.#count = count;
      if (page) {
        this.#items = page.items;
        this.#nextCursor = page.nextCursor;
      }
      this.#error = null;
      // A saved list's count chip follows the live count.
      if (this.#selectedId && !this.dirty) {
        this.#lists = this.#lists.map((l) => (l.id === this.#selectedId ? { ...l, count } : l));
      }
    } catch (error) {
      if (!abort.signal.aborted) this.#error = (error as Error).message || 'error';
    } finally {
      if (this.#abort === abort) {
        this.#counting = false;
        this.#loading = false;
      }
    }
  }

  async loadMore(): Promise<void> {
    if (!this.#nextCursor || this.#loading) return;
    this.#loading = true;
    const abort = new AbortController();
    try {
      const page = await this.#ports.page(this.#filter, this.#nextCursor, abort.signal);
      this.#items = [...this.#items, ...page.items];
      this.#nextCursor = page.nextCursor;
    } finally {
      this.#loading = false;
    }
  }

  async save(input: { name: string; visibility: ListVisibility }): Promise<SavedListDTO> {
    const created = await this.#ports.create({ ...input, filter: this.#filter });
    this.#lists = [...this.#lists, created].sort((a, b) => a.name.localeCompare(b.name));
    this.#selectedId = created.id;
    return created;
  }

  /** Stores the builder's filter into the selected (own) list. */
  async updateSelected(): Promise<void> {
    const list = this.selected;
    if (!list) return;
    const updated = await this.#ports.update(list.id, { filter: this.#filter });
    this.#lists = this.#lists.map((l) => (l.id === updated.id ? updated : l));
  }

  async removeSelected(): Promise<void> {
    const list = this.selected;
    if (!list) return;
    await this.#ports.remove(list.id);
    this.#lists = this.#lists.filter((l) => l.id !== list.id);
    this.select(null);
  }

  destroy(): void {
    if (this.#timer !== null) this.#ports.clearTimeout(this.#timer);
    this.#abort?.abort();
    this.#unsubscribe?.();
  }
}
