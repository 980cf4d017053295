import { ApiError } from '$lib/api/api-error';
import {
  DESK_COVERING_PAGE,
  DESK_OWN_PAGE,
  type DeskDTO,
  type ErrorCode,
  type HandoffDTO,
  type TaskDTO
} from '$lib/contract';
import type { DeskPorts } from './continuity-ports';

/**
 * Pushes come in bursts (an absence starting moves 40 dossiers and their tasks: one `desk:changed` per
 * change on the server). 150 ms gathers a burst into one GET /api/desk without the stand-in noticing a lag;
 * the budget from absence start to updated desk is 1 s.
 */
export const DESK_COALESCE_MS = 150;

/**
 * My own dossiers on the desk: the first dozen in company order (the server sends only those, ownLimit, and
 * counts all: ownTotal); the full list is one click away.
 */
export const DESK_OWN_SHOWN = DESK_OWN_PAGE;

export type DeskSection = 'gaps' | 'handoffs' | 'covering' | 'tasks' | 'own' | 'sent';

/** One row the keyboard walks over: its section, a stable key and where Enter goes. */
export interface DeskRow {
  section: DeskSection;
  key: string;
  href: string;
}

const compareDue = (a: TaskDTO, b: TaskDTO) => a.dueAt.localeCompare(b.dueAt) || a.id.localeCompare(b.id);

/**
 * The stand-in desk (issue #9): my dossiers, whom I cover, tasks and hand-offs routed to me, coverage gaps
 * for managers. The server decides all of it (kernel/coverage.ts); this class only fetches, refetches on
 * `desk:changed` (coalesced) and after a reconnect, and keeps the keyboard selection (j/k, ↑/↓, Enter).
 * Rows that appeared through a push are marked `fresh` so the stand-in sees what just arrived.
 */
export class DeskState {
  #desk = $state.raw<DeskDTO | null>(null);
  #loading = $state(false);
  #error = $state<ErrorCode | null>(null);
  #connected = $state(false);
  #selectedKey = $state<string | null>(null);
  #fresh = $state.raw<ReadonlySet<string>>(new Set());
  #lastLoadedAt = $state<number | null>(null);
  /** "Show all" was chosen: fetch the full covering list from now on (kept until the page reloads). */
  #allCovering = $state(false);

  #handoffsToMe = $derived.by<HandoffDTO[]>(() =>
    (this.#desk?.handoffs ?? []).filter((h) => h.toUserId === this.userId && h.status === 'pending')
  );
  #handoffsSent = $derived.by<HandoffDTO[]>(() =>
    (this.#desk?.handoffs ?? []).filter((h) => h.toUserId !== this.userId)
  );
  #tasks = $derived.by<TaskDTO[]>(() => [...(this.#desk?.tasks ?? [])].sort(compareDue));
  #rows = $derived.by<DeskRow[]>(() => {
    const desk = this.#desk;
    if (!desk) return [];
    return [
      ...desk.gaps.map((g) => ({
        section: 'gaps' as const,
        key: `gap:${g.dossier.id}`,
        href: `/dossiers/${g.dossier.id}`
      })),
      ...this.#handoffsToMe.map((h) => ({
        section: 'handoffs' as const,
        key: `handoff:${h.id}`,
        href: `/handoffs/${h.id}`
      })),
      ...desk.covering.map((c) => ({
        section: 'covering' as const,
        key: `covering:${c.dossier.id}`,
        href: `/dossiers/${c.dossier.id}`
      })),
      ...this.#tasks.map((t) => ({ section: 'tasks' as const, key: `task:${t.id}`, href: `/dossiers/${t.dossierId}` })),
      ...desk.own
        .slice(0, DESK_OWN_SHOWN)
        .map((d) => ({ section: 'own' as const, key: `own:${d.id}`, href: `/dossiers/${d.id}` })),
      ...this.#handoffsSent.map((h) => ({ section: 'sent' as const, key: `sent:${h.id}`, href: `/handoffs/${h.id}` }))
    ];
  });

  readonly #ports: DeskPorts;
  readonly userId: string;
  readonly timeZone: string;
  #abort: AbortController | null = null;
  #timer: unknown = null;
  /** A push arrived while a fetch was in flight: fetch once more when it lands. */
  #dirty = false;
  #inFlight = false;

  constructor(options: { ports: DeskPorts; userId: string; timeZone: string }) {
    this.#ports = options.ports;
    this.userId = options.userId;
    this.timeZone = options.timeZone;
  }

  get desk(): DeskDTO | null {
    return this.#desk;
  }
  get loaded(): boolean {
    return this.#desk !== null;
  }
  get loading(): boolean {
    return this.#loading;
  }
  get error(): ErrorCode | null {
    return this.#error;
  }
  /** The server has no desk yet (404 on the route). */
  get unavailable(): boolean {
    return this.#error === 'not_found';
  }
  /** Live: pushes reach the desk. */
  get connected(): boolean {
    return this.#connected;
  }
  /** How many dossiers I cover in all (the list may show fewer: DESK_COVERING_PAGE until "Show all"). */
  get coveringTotal(): number {
    return this.#desk?.coveringTotal ?? 0;
  }
  /** How many dossiers I own in all (the desk shows DESK_OWN_SHOWN of them). */
  get ownTotal(): number {
    return this.#desk?.ownTotal ?? 0;
  }
  /** The covering list shows fewer than I cover: offer "Show all". */
  get coveringTruncated(): boolean {
    const desk = this.#desk;
    return desk !== null && desk.covering.length < desk.coveringTotal;
  }
  get showingAllCovering(): boolean {
    return this.#allCovering;
  }
  /** "Show all N": refetch without the limit; pushes keep fetching the full list until the page reloads. */
  showAllCovering(): Promise<void> {
    this.#allCovering = true;
    return this.reload();
  }
  get lastLoadedAt(): number | null {
    return this.#lastLoadedAt;
  }
  get handoffsToMe(): HandoffDTO[] {
    return this.#handoffsToMe;
  }
  get handoffsSent(): HandoffDTO[] {
    return this.#handoffsSent;
  }
  get tasks(): TaskDTO[] {
    return this.#tasks;
  }
  get rows(): DeskRow[] {
    return this.#rows;
  }
  get empty(): boolean {
    return this.#rows.length === 0;
  }
  get selectedKey(): string | null {
    return this.#selectedKey;
  }
  isSelected(key: string): boolean {
    return this.#selectedKey === key;
  }
  isFresh(key: string): boolean {
    return this.#fresh.has(key);
  }

  start(): () => void {
    this.#connected = this.#ports.connected();
    void this.reload();
    const stopPush = this.#ports.onDeskChanged(() => this.changed());
    const stopConnection = this.#ports.onConnection((connected) => {
      const was = this.#connected;
      this.#connected = connected;
      if (connected && !was) this.changed();
    });
    return () => {
      stopPush();
      stopConnection();
      this.#abort?.abort();
      if (this.#timer !== null) this.#ports.clearTimeout(this.#timer);
      this.#timer = null;
    };
  }

  /** A push (or a reconnect): one refetch per burst. */
  changed(): void {
    if (this.#timer !== null) return;
    this.#timer = this.#ports.setTimeout(() => {
      this.#timer = null;
      if (this.#inFlight) this.#dirty = true;
      else void this.#fetch({ live: true });
    }, DESK_COALESCE_MS);
  }

  reload(): Promise<void> {
    return this.#fetch({ live: false });
  }

  async #fetch(options: { live: boolean }): Promise<void> {
    this.#abort?.abort();
    const abort = (this.#abort = new AbortController());
    this.#inFlight = true;
    this.#loading = true;
    try {
      // A stand-in for a team covers 1,000+ dossiers: the page asks for the first DESK_COVERING_PAGE and counts
      // the rest (coveringTotal, coveringBy) until "Show all".
      const coveringLimit = this.#allCovering ? undefined : DESK_COVERING_PAGE;
      // Of my own dossiers the desk shows a dozen and links to the list for the rest: only those are sent.
      const desk = await this.#ports.getDesk({ coveringLimit, ownLimit: DESK_OWN_SHOWN, signal: abort.signal });
      if (abort !== this.#abort) return;
      const before = new Set(this.#rows.map((r) => r.key));
      const hadDesk = this.#desk !== null;
      this.#desk = desk;
      this.#error = null;
      this.#lastLoadedAt = this.#ports.now();
      this.#fresh =
        options.live && hadDesk ? new Set(this.#rows.map((r) => r.key).filter((k) => !before.has(k))) : new Set();
      if (!this.#rows.some((r) => r.key === this.#selectedKey)) this.#selectedKey = this.#rows[0]?.key ?? null;
    } catch (err) {
      if (abort.signal.aborted) return;
      this.#error = err instanceof ApiError ? err.code : 'internal';
    } finally {
      if (this.#abort === abort) {
        this.#loading = false;
        this.#inFlight = false;
        if (this.#dirty) {
          this.#dirty = false;
          void this.#fetch({ live: true });
        }
      }
    }
  }

  select(key: string | null): void {
    this.#selectedKey = key;
  }

  move(step: 1 | -1): void {
    const rows = this.#rows;
    if (rows.length === 0) return;
    const index = rows.findIndex((r) => r.key === this.#selectedKey);
    const next = index < 0 ? 0 : Math.min(rows.length - 1, Math.max(0, index + step));
    this.#selectedKey = rows[next].key;
  }

  /** j/k or ↑/↓ move, Enter opens; true when the key was used (the tasks page's pattern). */
  handleKey(event: { key: string; ctrlKey?: boolean; metaKey?: boolean; altKey?: boolean }): boolean {
    if (event.ctrlKey || event.metaKey || event.altKey) return false;
    switch (event.key) {
      case 'ArrowDown':
      case 'j':
        this.move(1);
        return true;
      case 'ArrowUp':
      case 'k':
        this.move(-1);
        return true;
      case 'Enter': {
        const row = this.#rows.find((r) => r.key === this.#selectedKey);
        if (!row) return false;
        this.#ports.open(row.href);
        return true;
      }
      default:
        return false;
    }
  }
}
