import { ApiError } from '$lib/api/api-error';
import {
  compareTimelineItems,
  type CorrectInteractionInput,
  type ErrorCode,
  type InteractionType,
  type PointOfSale,
  type TimelineItemDTO
} from '$lib/contract';
import type { TimelinePorts } from './followup-ports';

/** 30 entries fill a tall screen; the next page loads as the reader scrolls (infinite paging). */
export const TIMELINE_PAGE_SIZE = 30;

export interface TimelineFilter {
  type: InteractionType | null;
  pointOfSale: PointOfSale | null;
}

/**
 * The timeline of one dossier: newest first, one cursor page at a time, filtered by type and point of sale on
 * the server. Pushed entries (`timeline:entry`) are inserted where the server's order puts them, once: a
 * correction arrives with the same id and replaces the entry in place.
 */
export class TimelineState {
  #items = $state.raw<TimelineItemDTO[]>([]);
  #nextCursor = $state<string | null>(null);
  #loading = $state(false);
  #loadingMore = $state(false);
  #loaded = $state(false);
  #error = $state<ErrorCode | null>(null);
  #filter = $state<TimelineFilter>({ type: null, pointOfSale: null });
  /** Ids of entries that arrived live since the panel opened, for a short highlight. */
  #fresh = $state.raw<ReadonlySet<string>>(new Set());
  #correctError = $state<ErrorCode | null>(null);

  readonly #ports: TimelinePorts;
  readonly #dossierId: string;
  #abort: AbortController | null = null;

  constructor(options: { ports: TimelinePorts; dossierId: string }) {
    this.#ports = options.ports;
    this.#dossierId = options.dossierId;
  }

  get items(): TimelineItemDTO[] {
    return this.#items;
  }
  get nextCursor(): string | null {
    return this.#nextCursor;
  }
  get hasMore(): boolean {
    return this.#nextCursor !== null;
  }
  get loading(): boolean {
    return this.#loading;
  }
  get loadingMore(): boolean {
    return this.#loadingMore;
  }
  get loaded(): boolean {
    return this.#loaded;
  }
  get error(): ErrorCode | null {
    return this.#error;
  }
  /** The server has no timeline yet (404 on the route): the panel says so calmly instead of failing. */
  get unavailable(): boolean {
    return this.#error === 'not_found';
  }
  /** Why the last correction failed (the list itself stays as it was). */
  get correctError(): ErrorCode | null {
    return this.#correctError;
  }
  get filter(): TimelineFilter {
    return this.#filter;
  }
  get filtered(): boolean {
    return this.#filter.type !== null || this.#filter.pointOfSale !== null;
  }
  isFresh(id: string): boolean {
    return this.#fresh.has(id);
  }

  /** Loads the first page and listens for pushes; returns the cleanup. */
  start(): () => void {
    void this.reload();
    const stopEntries = this.#ports.onTimelineEntry(({ dossierId, item }) => {
      if (dossierId === this.#dossierId) this.apply(item, { live: true });
    });
    // Pushes missed while disconnected are not replayed here: the first page is cheap to fetch again.
    const stopReconnect = this.#ports.onReconnect(() => void this.reload());
    return () => {
      stopEntries();
      stopReconnect();
      this.#abort?.abort();
    };
  }

  setFilter(patch: Partial<TimelineFilter>): void {
    const next = { ...this.#filter, ...patch };
    if (next.type === this.#filter.type && next.pointOfSale === this.#filter.pointOfSale) return;
    this.#filter = next;
    void this.reload();
  }

  clearFilter(): void {
    this.setFilter({ type: null, pointOfSale: null });
  }

  async reload(): Promise<void> {
    this.#abort?.abort();
    const abort = (this.#abort = new AbortController());
    this.#loading = true;
    this.#error = null;
    try {
      const page = await this.#ports.getTimeline({
        dossierId: this.#dossierId,
        params: { ...this.#params(), limit: TIMELINE_PAGE_SIZE },
        signal: abort.signal
      });
      this.#items = [...page.items].sort(compareTimelineItems);
      this.#nextCursor = page.nextCursor;
      this.#loaded = true;
    } catch (err) {
      if (abort.signal.aborted) return;
      this.#error = err instanceof ApiError ? err.code : 'internal';
    } finally {
      if (this.#abort === abort) this.#loading = false;
    }
  }

  async loadMore(): Promise<void> {
    const cursor = this.#nextCursor;
    const abort = this.#abort;
    if (!cursor || !abort || this.#loading || this.#loadingMore) return;
    this.#loadingMore = true;
    try {
      const page = await this.#ports.getTimeline({
        dossierId: this.#dossierId,
        params: { ...this.#params(), limit: TIMELINE_PAGE_SIZE, cursor },
        signal: abort.signal
      });
      // A reload (new filter) started meanwhile owns the list now.
      if (abort !== this.#abort || cursor !== this.#nextCursor) return;
      const seen = new Set(this.#items.map((i) => i.id));
      this.#items = [...this.#items, ...page.items.filter((i) => !seen.has(i.id))].sort(compareTimelineItems);
      this.#nextCursor = page.nextCursor;
    } catch (err) {
      if (!abort.signal.aborted) this.#error = err instanceof ApiError ? err.code : 'internal';
    } finally {
      this.#loadingMore = false;
    }
  }

  /**
   * Places a new or corrected entry (a push, or the answer to this tab's own log): replaces the entry with the
   * same id, drops it when it does not match the filter, and skips a back-dated one older than the loaded
   * window while more pages exist (the page that covers it brings it, so it is not shown twice).
   */
  apply(item: TimelineItemDTO, options: { live?: boolean } = {}): void {
    const rest = this.#items.filter((i) => i.id !== item.id);
    const known = rest.length !== this.#items.length;
    if (!this.#matches(item)) {
      if (known) this.#items = rest;
      return;
    }
    const last = rest.at(-1);
    if (!known && this.#nextCursor && last && compareTimelineItems(item, last) > 0) return;
    this.#items = [...rest, item].sort(compareTimelineItems);
    if (options.live && !known) this.#fresh = new Set([...this.#fresh, item.id]);
  }

  /** PATCH the entry; the answer (with `corrected`) replaces it. Resolves false with `error` set on failure. */
  async correct(options: { id: string; input: CorrectInteractionInput }): Promise<boolean> {
    this.#correctError = null;
    try {
      const item = await this.#ports.correctInteraction({ interactionId: options.id, input: options.input });
      this.apply(item);
      return true;
    } catch (err) {
      this.#correctError = err instanceof ApiError ? err.code : 'internal';
      return false;
    }
  }

  #params() {
    return { type: this.#filter.type ?? undefined, pointOfSale: this.#filter.pointOfSale ?? undefined };
  }

  #matches(item: TimelineItemDTO): boolean {
    if (this.#filter.type && item.type !== this.#filter.type) return false;
    if (this.#filter.pointOfSale && item.pointOfSale !== this.#filter.pointOfSale) return false;
    return true;
  }
}
