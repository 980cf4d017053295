import { ApiError } from '$lib/api/api-error';
import {
  compareTasks,
  taskInScope,
  type ErrorCode,
  type TaskDTO,
  type TaskDue,
  type TaskScope,
  type UserSummaryDTO
} from '$lib/contract';
import type { TaskListPorts } from './followup-ports';
import { atDayOffset, dayKey, nextMidnight, nextMondayAt } from './zoned-time';

/** Open tasks of a rep fit in one page almost always (the benchmark's extreme is 2,000; the rest pages in). */
export const TASK_PAGE_SIZE = 200;
/**
 * Relative due times ("in 5 minutes") and the overdue flag are refreshed at the next due time or midnight,
 * and at least every 30 s so "in 1 minute" does not stand for long.
 */
const MAX_TICK_MS = 30_000;

export type SnoozePreset = 'hour' | 'tomorrow' | 'monday';
export const SNOOZE_PRESETS: SnoozePreset[] = ['hour', 'tomorrow', 'monday'];

export type TaskMode =
  | { kind: 'idle' }
  | { kind: 'complete'; taskId: string }
  | { kind: 'snooze'; taskId: string }
  | { kind: 'reassign'; taskId: string };

export interface TaskBuckets {
  overdue: TaskDTO[];
  today: TaskDTO[];
  upcoming: TaskDTO[];
}

/** Which bucket a due time falls in at `now`, by the calendar of the team's time zone. */
export function dueBucket(options: { dueAt: string; now: number; timeZone: string }): TaskDue {
  const due = Date.parse(options.dueAt);
  if (due <= options.now) return 'overdue';
  return dayKey(due, options.timeZone) === dayKey(options.now, options.timeZone) ? 'today' : 'upcoming';
}

/**
 * "My tasks" (or the team's, or the ones I cover): open tasks in three buckets by the team's calendar, kept
 * live by `task:changed` pushes and a clock tick that flips a task to overdue the moment it is due. Keyboard:
 * ↑/↓ select, Enter opens the dossier, x completes (asks for an optional outcome), s snoozes.
 */
export class TaskListState {
  #scope = $state<TaskScope>('mine');
  #items = $state.raw<TaskDTO[]>([]);
  #nextCursor = $state<string | null>(null);
  #loading = $state(false);
  #loadingMore = $state(false);
  #loaded = $state(false);
  #error = $state<ErrorCode | null>(null);
  #actionError = $state<ErrorCode | null>(null);
  #now = $state(0);
  #selectedId = $state<string | null>(null);
  #mode = $state<TaskMode>({ kind: 'idle' });
  #users = $state.raw<UserSummaryDTO[]>([]);
  /** Ids that turned overdue while the list was open: the row flashes once so the change is seen. */
  #justOverdue = $state.raw<ReadonlySet<string>>(new Set());

  #buckets = $derived.by<TaskBuckets>(() => {
    const buckets: TaskBuckets = { overdue: [], today: [], upcoming: [] };
    for (const task of this.#items)
      buckets[dueBucket({ dueAt: task.dueAt, now: this.#now, timeZone: this.timeZone })].push(task);
    return buckets;
  });
  /** The rows in screen order, for ↑/↓. */
  #ordered = $derived([...this.#buckets.overdue, ...this.#buckets.today, ...this.#buckets.upcoming]);

  readonly #ports: TaskListPorts;
  readonly #userId: string;
  readonly #dossierId: string | undefined;
  readonly timeZone: string;
  #abort: AbortController | null = null;
  #tick: unknown = null;
  #running = false;

  /** `dossierId` narrows the list to one dossier's open tasks (the strip on the dossier page). */
  constructor(options: {
    ports: TaskListPorts;
    userId: string;
    timeZone: string;
    scope?: TaskScope;
    dossierId?: string;
  }) {
    this.#ports = options.ports;
    this.#userId = options.userId;
    this.#dossierId = options.dossierId;
    this.timeZone = options.timeZone;
    this.#scope = options.scope ?? 'mine';
    this.#now = options.ports.now();
  }

  get scope(): TaskScope {
    return this.#scope;
  }
  get items(): TaskDTO[] {
    return this.#items;
  }
  get buckets(): TaskBuckets {
    return this.#buckets;
  }
  get ordered(): TaskDTO[] {
    return this.#ordered;
  }
  get overdueCount(): number {
    return this.#buckets.overdue.length;
  }
  get now(): number {
    return this.#now;
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
  get hasMore(): boolean {
    return this.#nextCursor !== null;
  }
  get error(): ErrorCode | null {
    return this.#error;
  }
  /** The server has no task list yet (404 on the route). */
  get unavailable(): boolean {
    return this.#error === 'not_found';
  }
  get actionError(): ErrorCode | null {
    return this.#actionError;
  }
  get selectedId(): string | null {
    return this.#selectedId;
  }
  get selected(): TaskDTO | null {
    return this.#items.find((t) => t.id === this.#selectedId) ?? null;
  }
  get mode(): TaskMode {
    return this.#mode;
  }
  get users(): UserSummaryDTO[] {
    return this.#users;
  }
  isJustOverdue(id: string): boolean {
    return this.#justOverdue.has(id);
  }

  start(): () => void {
    void this.reload();
    const stopChanged = this.#ports.onTaskChanged((task) => this.applyChange(task));
    const stopRemoved = this.#ports.onTaskRemoved((taskId) => this.applyRemoval(taskId));
    const stopReconnect = this.#ports.onReconnect(() => void this.reload());
    this.#running = true;
    this.#schedule();
    return () => {
      this.#running = false;
      stopChanged();
      stopRemoved();
      stopReconnect();
      this.#abort?.abort();
      if (this.#tick !== null) this.#ports.clearTimeout(this.#tick);
      this.#tick = null;
    };
  }

  setScope(scope: TaskScope): void {
    if (scope === this.#scope) return;
    this.#scope = scope;
    this.#mode = { kind: 'idle' };
    void this.reload();
  }

  async reload(): Promise<void> {
    this.#abort?.abort();
    const abort = (this.#abort = new AbortController());
    this.#loading = true;
    this.#error = null;
    try {
      const page = await this.#ports.listTasks({
        params: { scope: this.#scope, status: 'open', limit: TASK_PAGE_SIZE, dossierId: this.#dossierId },
        signal: abort.signal
      });
      this.#items = page.items.filter((t) => t.status !== 'done').sort(compareTasks);
      this.#nextCursor = page.nextCursor;
      this.#loaded = true;
      this.#now = this.#ports.now();
      if (!this.selected) this.#selectedId = this.#ordered[0]?.id ?? null;
      this.#schedule();
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
      const page = await this.#ports.listTasks({
        params: { scope: this.#scope, status: 'open', limit: TASK_PAGE_SIZE, cursor, dossierId: this.#dossierId },
        signal: abort.signal
      });
      if (abort !== this.#abort || cursor !== this.#nextCursor) return;
      const seen = new Set(this.#items.map((t) => t.id));
      this.#items = [...this.#items, ...page.items.filter((t) => !seen.has(t.id) && t.status !== 'done')].sort(
        compareTasks
      );
      this.#nextCursor = page.nextCursor;
      this.#schedule();
    } catch (err) {
      if (!abort.signal.aborted) this.#error = err instanceof ApiError ? err.code : 'internal';
    } finally {
      this.#loadingMore = false;
    }
  }

  /** Loads colleagues for "reassign" once, on first need. */
  async loadUsers(): Promise<void> {
    if (this.#users.length > 0) return;
    try {
      this.#users = await this.#ports.listUsers();
    } catch {
      // The reassign menu then offers nobody; the list itself is unaffected.
    }
  }

  /**
   * A pushed create or change: upserts it when it belongs in this scope and is open, drops it otherwise. A
   * task due after the loaded window (more pages exist) waits for its page.
   */
  applyChange(task: TaskDTO): void {
    const rest = this.#items.filter((t) => t.id !== task.id);
    const known = rest.length !== this.#items.length;
    const belongs =
      task.status !== 'done' &&
      (!this.#dossierId || task.dossierId === this.#dossierId) &&
      taskInScope({ task, scope: this.#scope, userId: this.#userId });
    if (!belongs) {
      if (known) this.#remove(task.id);
      return;
    }
    const last = rest.at(-1);
    if (!known && this.#nextCursor && last && compareTasks(task, last) > 0) return;
    this.#items = [...rest, task].sort(compareTasks);
    if (!this.#selectedId) this.#selectedId = task.id;
    this.#schedule();
  }

  applyRemoval(taskId: string): void {
    this.#remove(taskId);
  }

  /** The clock moved: recompute buckets; tasks that just became overdue are marked. */
  tick(): void {
    const before = this.#now;
    const now = this.#ports.now();
    const flipped = this.#items.filter((t) => {
      const due = Date.parse(t.dueAt);
      return due > before && due <= now;
    });
    this.#now = now;
    if (flipped.length > 0) this.#justOverdue = new Set([...this.#justOverdue, ...flipped.map((t) => t.id)]);
    this.#schedule();
  }

  select(id: string | null): void {
    this.#selectedId = id;
  }

  move(step: 1 | -1): void {
    const rows = this.#ordered;
    if (rows.length === 0) return;
    const index = rows.findIndex((t) => t.id === this.#selectedId);
    const next = index < 0 ? 0 : Math.min(rows.length - 1, Math.max(0, index + step));
    this.#selectedId = rows[next].id;
  }

  /**
   * The list's keyboard, while focus is on the list (not in a field): true when the key was used. While a
   * row asks for an outcome or a snooze time, the row's own controls have the keys.
   */
  handleKey(event: { key: string; ctrlKey?: boolean; metaKey?: boolean; altKey?: boolean }): boolean {
    if (event.ctrlKey || event.metaKey || event.altKey) return false;
    if (this.#mode.kind !== 'idle') {
      if (event.key === 'Escape') {
        this.cancelMode();
        return true;
      }
      if (this.#mode.kind === 'snooze' && /^[1-3]$/.test(event.key)) {
        void this.snooze({ taskId: this.#mode.taskId, preset: SNOOZE_PRESETS[Number(event.key) - 1] });
        return true;
      }
      return false;
    }
    const task = this.selected;
    switch (event.key) {
      case 'ArrowDown':
      case 'j':
        this.move(1);
        return true;
      case 'ArrowUp':
      case 'k':
        this.move(-1);
        return true;
      case 'Enter':
        if (!task) return false;
        this.#ports.openDossier(task.dossierId);
        return true;
      case 'x':
        if (!task) return false;
        this.#mode = { kind: 'complete', taskId: task.id };
        return true;
      case 's':
        if (!task) return false;
        this.#mode = { kind: 'snooze', taskId: task.id };
        return true;
      case 'a':
        if (!task) return false;
        this.beginReassign(task.id);
        return true;
      default:
        return false;
    }
  }

  beginComplete(taskId: string): void {
    this.#selectedId = taskId;
    this.#mode = { kind: 'complete', taskId };
  }
  beginSnooze(taskId: string): void {
    this.#selectedId = taskId;
    this.#mode = { kind: 'snooze', taskId };
  }
  beginReassign(taskId: string): void {
    this.#selectedId = taskId;
    this.#mode = { kind: 'reassign', taskId };
    void this.loadUsers();
  }
  cancelMode(): void {
    this.#mode = { kind: 'idle' };
  }

  /** The instant a snooze preset means now: in an hour, tomorrow 09:00, next Monday 09:00 (team time). */
  snoozeUntil(preset: SnoozePreset): number {
    const now = this.#ports.now();
    if (preset === 'hour') return now + 3_600_000;
    if (preset === 'tomorrow') return atDayOffset({ now, timeZone: this.timeZone, days: 1, hour: 9 });
    return nextMondayAt({ now, timeZone: this.timeZone, hour: 9 });
  }

  /** Completes at once (the row leaves the list); put back with the error shown if the server refuses. */
  async complete(options: { taskId: string; outcome?: string }): Promise<boolean> {
    const task = this.#items.find((t) => t.id === options.taskId);
    if (!task) return false;
    this.#mode = { kind: 'idle' };
    this.#remove(task.id);
    const outcome = options.outcome?.trim();
    return this.#act(task, () => this.#ports.completeTask({ taskId: task.id, input: outcome ? { outcome } : {} }));
  }

  async snooze(options: { taskId: string; preset: SnoozePreset }): Promise<boolean> {
    const task = this.#items.find((t) => t.id === options.taskId);
    if (!task) return false;
    const until = new Date(this.snoozeUntil(options.preset)).toISOString();
    this.#mode = { kind: 'idle' };
    this.applyChange({ ...task, dueAt: until, overdue: false });
    return this.#act(task, () => this.#ports.snoozeTask({ taskId: task.id, until }));
  }

  async reassign(options: { taskId: string; assigneeId: string }): Promise<boolean> {
    const task = this.#items.find((t) => t.id === options.taskId);
    if (!task) return false;
    this.#mode = { kind: 'idle' };
    const name = this.#users.find((u) => u.id === options.assigneeId)?.name;
    this.applyChange({
      ...task,
      assigneeId: options.assigneeId,
      actingAssigneeId: options.assigneeId,
      assigneeName: name
    });
    return this.#act(task, () => this.#ports.patchTask({ taskId: task.id, input: { assigneeId: options.assigneeId } }));
  }

  /** Runs an optimistic action: the server's answer is applied; on failure the task as it was comes back. */
  async #act(before: TaskDTO, call: () => Promise<TaskDTO>): Promise<boolean> {
    this.#actionError = null;
    try {
      this.applyChange(await call());
      return true;
    } catch (err) {
      this.#actionError = err instanceof ApiError ? err.code : 'internal';
      this.#items = [...this.#items.filter((t) => t.id !== before.id), before].sort(compareTasks);
      return false;
    }
  }

  #remove(taskId: string): void {
    const rows = this.#ordered;
    const index = rows.findIndex((t) => t.id === taskId);
    if (index < 0) return;
    if (this.#selectedId === taskId) this.#selectedId = (rows[index + 1] ?? rows[index - 1])?.id ?? null;
    this.#items = this.#items.filter((t) => t.id !== taskId);
    if (this.#mode.kind !== 'idle' && this.#mode.taskId === taskId) this.#mode = { kind: 'idle' };
  }

  /** Next tick: the earliest of the next due time, the next midnight (today → overdue/upcoming → today), 30 s. */
  #schedule(): void {
    if (this.#tick !== null) this.#ports.clearTimeout(this.#tick);
    this.#tick = null;
    if (!this.#running) return;
    const now = this.#ports.now();
    let next = Math.min(now + MAX_TICK_MS, nextMidnight({ now, timeZone: this.timeZone }));
    for (const task of this.#items) {
      const due = Date.parse(task.dueAt);
      if (due > now && due < next) next = due;
    }
    this.#tick = this.#ports.setTimeout(
      () => {
        this.#tick = null;
        this.tick();
      },
      Math.max(0, next - now)
    );
  }
}
