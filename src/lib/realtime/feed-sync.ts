import type {
  ClientToServerEvents,
  DossierChangedPush,
  DossierVersionPush,
  FeedEventDTO,
  FeedResumeResult,
  ServerToClientEvents
} from '$lib/contract';
import type { Socket } from 'socket.io-client';

/** The pushes that come from domain events (each carries `seq`), by event name. */
export interface FeedPushes {
  'dossier:changed': DossierChangedPush;
  'dossier:version': DossierVersionPush;
}
export type FeedPushName = keyof FeedPushes;
type Delivery = { [K in FeedPushName]: { name: K; payload: FeedPushes[K] } }[FeedPushName];

type FeedSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A resume that takes longer than this is treated as lost: the screens refetch instead. */
const RESUME_TIMEOUT_MS = 10_000;

/** A replayed event as the push a live client would have received (the server routes pushes the same way). */
function asPush(event: FeedEventDTO): Delivery | null {
  switch (event.type) {
    case 'dossier.created':
    case 'dossier.updated':
    case 'dossier.stage_changed':
      return { name: 'dossier:changed', payload: { ...event.data.dossier, seq: event.seq } };
    case 'dossier.version_recorded':
      return event.dossierId
        ? {
            name: 'dossier:version',
            payload: { seq: event.seq, dossierId: event.dossierId, version: event.data.version }
          }
        : null;
    default:
      return null;
  }
}

/**
 * The client's cursor into the server's event log, one per socket. Screens listen here instead of on the
 * socket: every domain-event push reaches them once and in seq order, including across reconnects — on
 * each (re)connect it sends `feed:resume { afterSeq }` with the last seq it delivered, holds live pushes
 * until the answer, and delivers the replayed and held ones merged by seq, skipping any already delivered.
 * When the server cannot replay (`reset`: past retention, too many), screens are told to refetch.
 */
export class FeedSync {
  readonly #socket: FeedSocket;
  readonly #listeners = new Map<FeedPushName, Set<(payload: never) => void>>();
  readonly #resetListeners = new Set<() => void>();
  /** Highest seq delivered or known to hold nothing for us; null before the first answer. */
  #lastSeq: number | null = null;
  /** Live pushes held while a resume is in flight (null when none is). */
  #held: Delivery[] | null = null;
  #generation = 0;
  readonly #detach: () => void;

  constructor(socket: FeedSocket) {
    this.#socket = socket;
    const onChanged = (payload: DossierChangedPush) => this.#push({ name: 'dossier:changed', payload });
    const onVersion = (payload: DossierVersionPush) => this.#push({ name: 'dossier:version', payload });
    const onConnect = () => this.#resume();
    socket.on('dossier:changed', onChanged);
    socket.on('dossier:version', onVersion);
    socket.on('connect', onConnect);
    if (socket.connected) this.#resume();
    this.#detach = () => {
      socket.off('dossier:changed', onChanged);
      socket.off('dossier:version', onVersion);
      socket.off('connect', onConnect);
    };
  }

  /** The last seq delivered (null until the first connection answered). */
  get lastSeq(): number | null {
    return this.#lastSeq;
  }

  on<K extends FeedPushName>(name: K, listener: (payload: FeedPushes[K]) => void): () => void {
    let set = this.#listeners.get(name);
    if (!set) this.#listeners.set(name, (set = new Set()));
    set.add(listener as (payload: never) => void);
    return () => set.delete(listener as (payload: never) => void);
  }

  /** Called when pushes were missed and cannot be replayed: refetch what the screen shows. */
  onReset(listener: () => void): () => void {
    this.#resetListeners.add(listener);
    return () => this.#resetListeners.delete(listener);
  }

  close(): void {
    this.#detach();
    this.#listeners.clear();
    this.#resetListeners.clear();
  }

  #push(delivery: Delivery): void {
    if (this.#held) this.#held.push(delivery);
    else this.#deliver(delivery);
  }

  #deliver(delivery: Delivery): void {
    const { seq } = delivery.payload;
    if (this.#lastSeq !== null && seq <= this.#lastSeq) return;
    this.#lastSeq = seq;
    for (const listener of this.#listeners.get(delivery.name) ?? []) {
      (listener as (payload: FeedPushes[typeof delivery.name]) => void)(delivery.payload);
    }
  }

  #resume(): void {
    const generation = ++this.#generation;
    this.#held = this.#held ?? [];
    const afterSeq = this.#lastSeq;
    this.#socket.timeout(RESUME_TIMEOUT_MS).emit('feed:resume', afterSeq === null ? {} : { afterSeq }, (err, res) => {
      // A newer connection started its own resume; its answer decides.
      if (generation !== this.#generation) return;
      const held = this.#held ?? [];
      this.#held = null;
      if (err || !res.ok || res.data.reset) {
        this.#reset(res && !err && res.ok ? res.data : null, held);
        return;
      }
      this.#merge(res.data, held);
    });
  }

  /** Replayed and held pushes, in seq order, each once; then the cursor moves to where the server says. */
  #merge(result: FeedResumeResult, held: Delivery[]): void {
    const replayed = result.events.map(asPush).filter((d): d is Delivery => d !== null);
    const all = [...replayed, ...held].sort((a, b) => a.payload.seq - b.payload.seq);
    for (const delivery of all) this.#deliver(delivery);
    this.#lastSeq = Math.max(this.#lastSeq ?? 0, result.lastSeq);
  }

  #reset(result: FeedResumeResult | null, held: Delivery[]): void {
    const newest = Math.max(result?.lastSeq ?? 0, ...held.map((d) => d.payload.seq));
    // Without an answer the cursor is unknown: the next connection asks where "now" is again.
    this.#lastSeq = result ? newest : null;
    for (const listener of this.#resetListeners) listener();
  }
}

const feeds = new WeakMap<FeedSocket, FeedSync>();

/** The FeedSync of a socket (one per socket; a new socket after sign-out gets a new one). */
export function feedOf(socket: FeedSocket): FeedSync {
  let feed = feeds.get(socket);
  if (!feed) feeds.set(socket, (feed = new FeedSync(socket)));
  return feed;
}
