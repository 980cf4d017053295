import {
  placeItem,
  type ActivityFilter,
  type ActivityItemDTO,
  type ActivityPage,
  type FeedSubscribeResult
} from '$lib/contract';
import type { ActivityFeedListener } from '$lib/realtime/activity-feed-sync';

/** Rows kept in memory: a manager's screen left open all day stays light; older rows are paged back on demand. */
export const MAX_ROWS = 500;
/** FEED_COALESCE_MINUTES default, until the server's value arrives with the subscription. */
const DEFAULT_COALESCE_MS = 5 * 60_000;

/** What the activity screen needs of the network (tests pass a fake). */
export interface ActivityPorts {
  older(options: { filter: ActivityFilter; beforeSeq: number }): Promise<ActivityPage>;
  /** Starts the live subscription (ActivityFeedSync); returns its stop. */
  subscribe(options: { filter: ActivityFilter; listener: ActivityFeedListener }): () => void;
}

/**
 * The activity screen (issue #10): a live list newest first, grown at the top by pushes and at the bottom by
 * "load older"; at most MAX_ROWS rows (the oldest are dropped and the screen says so). While the user has
 * scrolled away from the top, new rows are counted ("3 new") instead of moving the list under them.
 */
export class ActivityState {
  #rows = $state.raw<ActivityItemDTO[]>([]);
  #loaded = $state(false);
  #live = $state(false);
  #refused = $state<string | null>(null);
  #olderCursor = $state<string | null>(null);
  #loadingOlder = $state(false);
  #error = $state(false);
  #trimmed = $state(false);
  #unseen = $state(0);
  #atTop = true;
  #coalesceMs = DEFAULT_COALESCE_MS;
  readonly #ports: ActivityPorts;
  readonly #filter: ActivityFilter;
  #stop: (() => void) | null = null;

  constructor(options: { ports: ActivityPorts; filter: ActivityFilter }) {
    this.#ports = options.ports;
    this.#filter = options.filter;
  }

  get rows(): ActivityItemDTO[] {
    return this.#rows;
  }
  get loaded(): boolean {
    return this.#loaded;
  }
  get live(): boolean {
    return this.#live;
  }
  /** The server refused the filter (another team): why. */
  get refused(): string | null {
    return this.#refused;
  }
  get hasOlder(): boolean {
    return this.#olderCursor !== null && !this.#trimmed;
  }
  get loadingOlder(): boolean {
    return this.#loadingOlder;
  }
  get error(): boolean {
    return this.#error;
  }
  /** Older rows were dropped to stay within MAX_ROWS (new ones at the top), or kept from loading (at the bottom). */
  get trimmed(): boolean {
    return this.#trimmed;
  }
  /** New rows that arrived while the user was scrolled down. */
  get unseen(): number {
    return this.#unseen;
  }

  start(): () => void {
    this.#stop = this.#ports.subscribe({ filter: this.#filter, listener: this.#listener });
    return () => this.#stop?.();
  }

  /** The page tells the state whether the top of the list is in view. */
  setAtTop(atTop: boolean): void {
    this.#atTop = atTop;
    if (atTop) this.#unseen = 0;
  }

  async loadOlder(): Promise<void> {
    const last = this.#rows[this.#rows.length - 1];
    if (!this.hasOlder || this.#loadingOlder || !last) return;
    this.#loadingOlder = true;
    this.#error = false;
    try {
      const page = await this.#ports.older({ filter: this.#filter, beforeSeq: Number(this.#olderCursor) });
      let rows = this.#rows;
      for (const item of page.items) rows = placeItem(rows, item, this.#coalesceMs);
      if (rows.length > MAX_ROWS) {
        // Paging back past the bound keeps the newest: the user is told older rows need a narrower filter.
        rows = rows.slice(0, MAX_ROWS);
        this.#trimmed = true;
      }
      this.#rows = rows;
      this.#olderCursor = page.nextCursor;
    } catch {
      this.#error = true;
    } finally {
      this.#loadingOlder = false;
    }
  }

  readonly #listener: ActivityFeedListener = {
    replace: (result: FeedSubscribeResult) => {
      this.#coalesceMs = result.coalesceMs ?? this.#coalesceMs;
      this.#rows = result.items.slice(0, MAX_ROWS);
      this.#olderCursor = result.nextCursor;
      this.#trimmed = false;
      this.#unseen = 0;
      this.#loaded = true;
      this.#refused = null;
    },
    add: (items) => {
      let rows = this.#rows;
      const before = new Set(rows.map((r) => r.key));
      for (const item of items) rows = placeItem(rows, item, this.#coalesceMs);
      const added = rows.filter((r) => !before.has(r.key)).length;
      if (rows.length > MAX_ROWS) {
        rows = rows.slice(0, MAX_ROWS);
        this.#trimmed = true;
      }
      this.#rows = rows;
      if (!this.#atTop) this.#unseen += added;
    },
    live: (on) => {
      this.#live = on;
    },
    refused: (message) => {
      this.#refused = message;
      this.#loaded = true;
    }
  };
}
