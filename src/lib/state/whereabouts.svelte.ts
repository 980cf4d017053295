import { ApiError } from '$lib/api/api-error';
import type { ErrorCode, PersonWhereDTO, WhereaboutsDTO } from '$lib/contract';

/** Pushes are already coalesced per second on the server; 150 ms more joins a push with a reconnect refetch. */
export const WHEREABOUTS_COALESCE_MS = 150;
/** "Overdue" moves with the clock, not only with events: the board refetches at least once a minute. */
export const WHEREABOUTS_REFRESH_MS = 60_000;

export interface WhereaboutsPorts {
  now(): number;
  setTimeout(handler: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  getBoard(options: { team: string | null; signal: AbortSignal }): Promise<WhereaboutsDTO>;
  /** `whereabouts:subscribe`; rejects with an ApiError when the server refuses the team. */
  subscribe(team: string | null): Promise<void>;
  unsubscribe(): void;
  onChanged(handler: () => void): () => void;
  onConnection(handler: (connected: boolean) => void): () => void;
  connected(): boolean;
}

/**
 * The "who is where" board (issue #10). The server decides everything (presence, coverage, what is stalled);
 * this class fetches, subscribes to `whereabouts:changed` for the chosen team (again after every reconnect:
 * the subscription lives on the connection) and refetches on a push, a reconnect or each minute.
 */
export class WhereaboutsState {
  #board = $state.raw<WhereaboutsDTO | null>(null);
  #error = $state<ErrorCode | null>(null);
  #connected = $state(false);
  #live = $state(false);
  #team = $state<string | null>(null);
  /** Every team the caller may watch (learnt from the first unfiltered answer) for the team picker. */
  #teams = $state.raw<Array<{ id: string; name: string }>>([]);
  #lastLoadedAt = $state<number | null>(null);

  #online = $derived.by<PersonWhereDTO[]>(() => (this.#board?.people ?? []).filter((p) => p.online));
  #away = $derived.by<PersonWhereDTO[]>(() => (this.#board?.people ?? []).filter((p) => p.absence));
  #stalledTotal = $derived.by<number>(() => {
    const c = this.#board?.stalled.counts;
    return c ? c.handoffs + c.leads + c.callbacks + c.tickets + c.gaps : 0;
  });

  readonly #ports: WhereaboutsPorts;
  #abort: AbortController | null = null;
  #pushTimer: unknown = null;
  #tick: unknown = null;

  constructor(options: { ports: WhereaboutsPorts; team?: string | null }) {
    this.#ports = options.ports;
    this.#team = options.team ?? null;
  }

  get board(): WhereaboutsDTO | null {
    return this.#board;
  }
  get error(): ErrorCode | null {
    return this.#error;
  }
  /** Socket connected and subscribed: pushes reach the board. */
  get live(): boolean {
    return this.#connected && this.#live;
  }
  get team(): string | null {
    return this.#team;
  }
  get teams(): Array<{ id: string; name: string }> {
    return this.#teams;
  }
  get online(): PersonWhereDTO[] {
    return this.#online;
  }
  get away(): PersonWhereDTO[] {
    return this.#away;
  }
  get stalledTotal(): number {
    return this.#stalledTotal;
  }
  get lastLoadedAt(): number | null {
    return this.#lastLoadedAt;
  }

  start(): () => void {
    this.#connected = this.#ports.connected();
    void this.#subscribe();
    void this.reload();
    const stopPush = this.#ports.onChanged(() => this.changed());
    const stopConnection = this.#ports.onConnection((connected) => {
      const was = this.#connected;
      this.#connected = connected;
      if (connected && !was) {
        void this.#subscribe();
        this.changed();
      }
      if (!connected) this.#live = false;
    });
    this.#armTick();
    return () => {
      stopPush();
      stopConnection();
      this.#ports.unsubscribe();
      this.#abort?.abort();
      for (const handle of [this.#pushTimer, this.#tick]) if (handle !== null) this.#ports.clearTimeout(handle);
      this.#pushTimer = this.#tick = null;
    };
  }

  /** Picks another team (null: every team the caller may watch). */
  setTeam(team: string | null): void {
    if (team === this.#team) return;
    this.#team = team;
    this.#board = null; // another team's people must not show under this team's name while loading
    void this.#subscribe();
    void this.reload();
  }

  /** A push or a reconnect: one refetch per burst. */
  changed(): void {
    if (this.#pushTimer !== null) return;
    this.#pushTimer = this.#ports.setTimeout(() => {
      this.#pushTimer = null;
      void this.reload();
    }, WHEREABOUTS_COALESCE_MS);
  }

  async reload(): Promise<void> {
    this.#abort?.abort();
    const abort = (this.#abort = new AbortController());
    try {
      const board = await this.#ports.getBoard({ team: this.#team, signal: abort.signal });
      if (abort !== this.#abort) return;
      this.#board = board;
      this.#error = null;
      this.#lastLoadedAt = this.#ports.now();
      if (this.#team === null) this.#teams = board.teams;
    } catch (err) {
      if (abort.signal.aborted) return;
      this.#error = err instanceof ApiError ? err.code : 'internal';
    }
  }

  async #subscribe(): Promise<void> {
    const team = this.#team;
    try {
      await this.#ports.subscribe(team);
      if (team === this.#team) this.#live = true;
    } catch {
      if (team === this.#team) this.#live = false;
    }
  }

  #armTick(): void {
    this.#tick = this.#ports.setTimeout(() => {
      void this.reload();
      this.#armTick();
    }, WHEREABOUTS_REFRESH_MS);
  }
}
