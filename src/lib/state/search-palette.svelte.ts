import { ApiError } from '$lib/api/api-error';
import type { ErrorCode, SearchHitDTO, SearchResultDTO } from '$lib/contract';
import { SEARCH_QUERY_MAX_CHARS } from '$lib/contract';

/** What the palette needs of the network and of time (tests pass fakes). */
export interface SearchPalettePorts {
  search(options: { q: string; signal: AbortSignal }): Promise<SearchResultDTO>;
  /** Runs `fn` after `ms` unless cancelled (the returned function); setTimeout in the browser. */
  delay(fn: () => void, ms: number): () => void;
}

/** As-you-type: wait this long after the last keystroke (one request per pause, not per key). */
export const SEARCH_DEBOUNCE_MS = 150;
/** Fewer characters than this are not searched: one letter matches half the index and helps nobody. */
export const SEARCH_MIN_CHARS = 2;

/**
 * The command-palette search (issue #11): the query, the hits of the latest query only (older answers are
 * dropped), the highlighted row for ↑/↓/Enter, and whether it is open. `/` opens it from anywhere (the app
 * layout), Esc closes it.
 */
export class SearchPaletteState {
  #open = $state(false);
  #query = $state('');
  #hits = $state.raw<SearchHitDTO[]>([]);
  #searchedFor = $state<string | null>(null);
  #loading = $state(false);
  #error = $state<ErrorCode | null>(null);
  #selected = $state(0);
  readonly #ports: SearchPalettePorts;
  #cancelDelay: (() => void) | null = null;
  #inFlight: AbortController | null = null;

  constructor(options: { ports: SearchPalettePorts }) {
    this.#ports = options.ports;
  }

  get open(): boolean {
    return this.#open;
  }
  get query(): string {
    return this.#query;
  }
  get hits(): SearchHitDTO[] {
    return this.#hits;
  }
  get loading(): boolean {
    return this.#loading;
  }
  get error(): ErrorCode | null {
    return this.#error;
  }
  get selected(): number {
    return this.#selected;
  }
  /** The query is too short to search (the palette shows a hint instead of "nothing found"). */
  get tooShort(): boolean {
    return this.#query.trim().length < SEARCH_MIN_CHARS;
  }
  /** Searched, finished and found nothing for what is typed now. */
  get empty(): boolean {
    return (
      !this.tooShort && !this.#loading && !this.#error && this.#searchedFor === this.#query && this.#hits.length === 0
    );
  }
  get current(): SearchHitDTO | null {
    return this.#hits[this.#selected] ?? null;
  }

  show(): void {
    this.#open = true;
  }

  /** Closes and forgets the query, so the next `/` starts fresh. */
  close(): void {
    this.#open = false;
    this.#cancel();
    this.#query = '';
    this.#hits = [];
    this.#searchedFor = null;
    this.#loading = false;
    this.#error = null;
    this.#selected = 0;
  }

  setQuery(value: string): void {
    this.#query = value.slice(0, SEARCH_QUERY_MAX_CHARS);
    this.#cancel();
    this.#error = null;
    if (this.tooShort) {
      this.#hits = [];
      this.#searchedFor = null;
      this.#loading = false;
      return;
    }
    this.#loading = true;
    const q = this.#query;
    this.#cancelDelay = this.#ports.delay(() => void this.#run(q), SEARCH_DEBOUNCE_MS);
  }

  /** ↑/↓: moves the highlighted row, wrapping around. */
  move(delta: number): void {
    const n = this.#hits.length;
    if (n === 0) return;
    this.#selected = (((this.#selected + delta) % n) + n) % n;
  }

  select(index: number): void {
    if (index >= 0 && index < this.#hits.length) this.#selected = index;
  }

  #cancel(): void {
    this.#cancelDelay?.();
    this.#cancelDelay = null;
    this.#inFlight?.abort();
    this.#inFlight = null;
  }

  async #run(q: string): Promise<void> {
    const controller = new AbortController();
    this.#inFlight = controller;
    try {
      const result = await this.#ports.search({ q, signal: controller.signal });
      if (controller.signal.aborted || q !== this.#query) return;
      this.#hits = result.items;
      this.#selected = 0;
      this.#searchedFor = q;
      this.#error = null;
    } catch (err) {
      if (controller.signal.aborted) return;
      this.#error = err instanceof ApiError ? err.code : 'internal';
      this.#hits = [];
    } finally {
      if (this.#inFlight === controller) {
        this.#inFlight = null;
        this.#loading = false;
      }
    }
  }
}

/** Where a hit opens on the dossier page: the section (and entry) the dossier page scrolls to and focuses. */
export function hitHref(hit: Pick<SearchHitDTO, 'dossierId' | 'kind' | 'ref'>): string {
  const base = `/dossiers/${encodeURIComponent(hit.dossierId)}`;
  switch (hit.kind) {
    case 'note':
      return `${base}#notes`;
    case 'contact':
      return `${base}#contacts`;
    case 'field':
      return hit.ref ? `${base}#field-${hit.ref}` : base;
    case 'timeline':
      return hit.ref ? `${base}#entry-${hit.ref}` : `${base}#timeline`;
    case 'ticket':
      return `${base}#timeline`;
    default:
      return base;
  }
}
