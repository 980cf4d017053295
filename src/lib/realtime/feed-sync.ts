import type {
  ClientToServerEvents,
  DossierChangedPush,
  DossierVersionPush,
  FeedEventDTO,
  FeedResumeResult,
  ServerToClientEvents,
  TaskDTO
} from '$lib/contract';
import type { Socket } from 'socket.io-client';

/** The pushes that come from domain events (each carries `seq`), by event name. */
export interface FeedPushes {
  'dossier:changed': DossierChangedPush;
  'dossier:version': DossierVersionPush;
  /** Issue #8: live to the people concerned; replayed for every task event of the user's teams (lists filter by scope). */
  'task:changed': { task: TaskDTO; seq: number };
  'task:removed': { taskId: string; seq: number };
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
    // A replayed change reaches lists as the task itself: one it left (reassigned away) drops out by scope.
    case 'task.created':
    case 'task.changed':
    case 'task.completed':
    case 'task.escalated':
      return { name: 'task:changed', payload: { task: event.data.task, seq: event.seq } };
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
    const onTask = (payload: { task: TaskDTO; seq?: number }) =>
      this.#pushOrPass({ name: 'task:changed', payload: { task: payload.task, seq: payload.seq } });
    const onTaskRemoved = (payload: { taskId: string; seq?: number }) =>
      this.#pushOrPass({ name: 'task:removed', payload: { taskId: payload.taskId, seq: payload.seq } });
    const onConnect = () => this.#resume();
    socket.on('dossier:changed', onChanged);
    socket.on('dossier:version', onVersion);
    socket.on('task:changed', onTask);
    socket.on('task:removed', onTaskRemoved);
    socket.on('connect', onConnect);
    if (socket.connected) this.#resume();
    this.#detach = () => {
      socket.off('dossier:changed', onChanged);
      socket.off('dossier:version', onVersion);
      socket.off('task:changed', onTask);
      socket.off('task:removed', onTaskRemoved);
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

  /** The contract leaves a task push's seq optional: one without a seq has no place in the log, so it passes. */
  #pushOrPass(
    delivery:
      | { name: 'task:changed'; payload: { task: TaskDTO; seq?: number } }
      | { name: 'task:removed'; payload: { taskId: string; seq?: number } }
  ): void {
    if (delivery.payload.seq !== undefined) this.#push(delivery as Delivery);
    else this.#notify(delivery as Delivery);
  }

  #push(delivery: Delivery): void {
    if (this.#held) this.#held.push(delivery);
    else this.#deliver(delivery);
  }

  #deliver(delivery: Delivery): void {
    const { seq } = delivery.payload;
    if (this.#lastSeq !== null && seq <= this.#lastSeq) return;
    this.#lastSeq = seq;
    this.#notify(delivery);
  }

  #notify(delivery: Delivery): void {
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
