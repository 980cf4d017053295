import type {
  ActivityFilter,
  ActivityItemDTO,
  ClientToServerEvents,
  FeedSubscribeResult,
  ServerToClientEvents
} from '$lib/contract';
import type { Socket } from 'socket.io-client';

type FeedSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A subscribe that takes longer than this is treated as lost: the screen reloads its first page. */
const SUBSCRIBE_TIMEOUT_MS = 10_000;

export interface ActivityFeedListener {
  /** The first answer, or a reset (past retention, too much missed): replace the list with `items`. */
  replace(result: FeedSubscribeResult): void;
  /** Items to put into the list (backlog after a reconnect, then live pushes): dedupe by key and seq. */
  add(items: ActivityItemDTO[]): void;
  /** Live or not (connected and subscribed). */
  live(on: boolean): void;
  /** The subscription was refused (a filter for another team): `message` says why. */
  refused(message: string): void;
}

/**
 * The activity page's subscription (issue #10), the FeedSync pattern for `feed:subscribe`: on each
 * (re)connect it subscribes with the last seq it delivered, holds live pushes until the answer, and hands
 * over backlog and held pushes together, so a reconnect leaves no gap; the list dedupes by key and seq
 * (activity-coalesce.ts placeItem), so an event in both arrives once.
 */
export class ActivityFeedSync {
  readonly #socket: FeedSocket;
  readonly #filter: ActivityFilter;
  readonly #listener: ActivityFeedListener;
  #lastSeq: number | null = null;
  #held: ActivityItemDTO[] | null = null;
  #generation = 0;
  readonly #detach: () => void;

  constructor(options: { socket: FeedSocket; filter: ActivityFilter; listener: ActivityFeedListener }) {
    this.#socket = options.socket;
    this.#filter = options.filter;
    this.#listener = options.listener;
    const onEvent = ({ item }: { item: ActivityItemDTO }) => {
      if (this.#held) this.#held.push(item);
      else this.#deliver([item]);
    };
    const onConnect = () => this.#subscribe();
    const onDisconnect = () => this.#listener.live(false);
    this.#socket.on('feed:event', onEvent);
    this.#socket.on('connect', onConnect);
    this.#socket.on('disconnect', onDisconnect);
    if (this.#socket.connected) this.#subscribe();
    this.#detach = () => {
      this.#socket.off('feed:event', onEvent);
      this.#socket.off('connect', onConnect);
      this.#socket.off('disconnect', onDisconnect);
    };
  }

  get lastSeq(): number | null {
    return this.#lastSeq;
  }

  close(): void {
    this.#generation++;
    this.#detach();
  }

  #deliver(items: ActivityItemDTO[]): void {
    if (items.length === 0) return;
    this.#lastSeq = Math.max(this.#lastSeq ?? 0, ...items.map((i) => i.seq));
    this.#listener.add(items);
  }

  #subscribe(): void {
    const generation = ++this.#generation;
    this.#held = this.#held ?? [];
    const afterSeq = this.#lastSeq;
    const input = { ...(afterSeq === null ? {} : { afterSeq }), filter: this.#filter };
    this.#socket.timeout(SUBSCRIBE_TIMEOUT_MS).emit('feed:subscribe', input, (err, res) => {
      if (generation !== this.#generation) return;
      const held = this.#held ?? [];
      this.#held = null;
      if (err || !res.ok) {
        this.#listener.live(false);
        if (!err && !res.ok) this.#listener.refused(res.error.message);
        return;
      }
      const result = res.data;
      if (afterSeq === null || result.reset) {
        this.#lastSeq = result.lastSeq;
        this.#listener.replace(result);
        this.#deliver(held.filter((i) => i.seq > result.lastSeq));
      } else {
        // Oldest first, so a live edit group grows in the order it happened.
        this.#deliver([...result.items].reverse().concat(held));
        this.#lastSeq = Math.max(this.#lastSeq ?? 0, result.lastSeq);
      }
      this.#listener.live(true);
    });
  }
}
