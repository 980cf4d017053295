import { ApiError } from '../../../src/lib/api/api-error';
import type { TaskListParams, TimelineParams } from '../../../src/lib/api';
import {
  compareTasks,
  compareTimelineItems,
  taskInScope,
  type CreateTaskInput,
  type LoggedInteractionDTO,
  type LogInteractionInput,
  type TaskDTO,
  type TaskPage,
  type TimelineItemDTO,
  type TimelinePage,
  type UserSummaryDTO
} from '../../../src/lib/contract';
import type { QuickLogPorts, TaskListPorts, TimelinePorts } from '../../../src/lib/state/followup-ports';

/** A clock with timers, starting at a fixed instant (the shared fake, named for what these tests use it as). */
import { FakeTimers } from './fake-timers';

export { FakeTimers as FakeClock };
type FakeClock = FakeTimers;

const notFound = () => new ApiError({ code: 'not_found', message: 'no such route', status: 404 });

/** A timeline entry with plausible defaults. */
export function entry(over: Partial<TimelineItemDTO> & { id: string; at: string }): TimelineItemDTO {
  return {
    kind: 'interaction',
    type: 'call',
    authorId: 'u1',
    authorName: 'Anna Becker',
    summary: `Entry ${over.id}`,
    pointOfSale: 'call_centre',
    direction: 'outbound',
    contactName: null,
    amount: null,
    corrected: null,
    ...over
  };
}

/**
 * The timeline's ports over an in-memory server: entries per dossier, filtered and ordered as the contract
 * says (newest first, ties by id), cursor = offset. Can hold answers to test races and answer 404 (no server).
 */
export class FakeTimelineServer implements TimelinePorts {
  entries: TimelineItemDTO[] = [];
  missing = false;
  calls: Array<{ dossierId: string; params: TimelineParams }> = [];
  hold = false;
  #held: Array<() => void> = [];
  #listeners = new Set<(payload: { dossierId: string; item: TimelineItemDTO }) => void>();
  #reconnect = new Set<() => void>();

  page(params: TimelineParams): TimelinePage {
    const hits = this.entries
      .filter((e) => !params.type || e.type === params.type)
      .filter((e) => !params.pointOfSale || e.pointOfSale === params.pointOfSale)
      .sort(compareTimelineItems);
    const from = params.cursor ? Number(params.cursor) : 0;
    const limit = params.limit ?? 50;
    return {
      items: hits.slice(from, from + limit),
      nextCursor: from + limit < hits.length ? String(from + limit) : null
    };
  }

  getTimeline = (options: { dossierId: string; params: TimelineParams }): Promise<TimelinePage> => {
    this.calls.push({ dossierId: options.dossierId, params: options.params });
    const answer = () =>
      this.missing ? Promise.reject(notFound()) : Promise.resolve(structuredClone(this.page(options.params)));
    if (!this.hold) return answer();
    return new Promise((resolve, reject) => this.#held.push(() => answer().then(resolve, reject)));
  };

  release(index = 0): void {
    this.#held.splice(index, 1)[0]?.();
  }

  correctInteraction = async (options: { interactionId: string; input: { summary?: string } }) => {
    const current = this.entries.find((e) => e.id === options.interactionId);
    if (!current) throw notFound();
    const corrected: TimelineItemDTO = {
      ...current,
      summary: options.input.summary ?? current.summary,
      corrected: {
        byId: 'u2',
        byName: 'Jörg Petersen',
        at: '2026-11-29T10:00:00.000Z',
        previousSummary: current.summary
      }
    };
    this.entries = this.entries.map((e) => (e.id === corrected.id ? corrected : e));
    return structuredClone(corrected);
  };

  onTimelineEntry = (handler: (payload: { dossierId: string; item: TimelineItemDTO }) => void) => {
    this.#listeners.add(handler);
    return () => void this.#listeners.delete(handler);
  };
  onReconnect = (handler: () => void) => {
    this.#reconnect.add(handler);
    return () => void this.#reconnect.delete(handler);
  };

  /** The server stored an entry (new or corrected) and pushes it as `timeline:entry` does. */
  push(dossierId: string, item: TimelineItemDTO): void {
    this.entries = [...this.entries.filter((e) => e.id !== item.id), item];
    for (const handler of this.#listeners) handler({ dossierId, item: structuredClone(item) });
  }

  get listeners(): number {
    return this.#listeners.size + this.#reconnect.size;
  }
}

/** The quick-log's ports: records what was sent, answers like the server would. */
export class FakeQuickLogPorts implements QuickLogPorts {
  logged: Array<{ dossierId: string; input: LogInteractionInput }> = [];
  tasks: CreateTaskInput[] = [];
  storage = new Map<string, string>();
  fail: ApiError | null = null;
  constructor(readonly clock: FakeClock) {}

  now = () => this.clock.now;
  logInteraction = async (options: {
    dossierId: string;
    input: LogInteractionInput;
  }): Promise<LoggedInteractionDTO> => {
    if (this.fail) throw this.fail;
    this.logged.push(structuredClone(options));
    return entry({
      id: `i${this.logged.length}`,
      at: options.input.at ?? new Date(this.clock.now).toISOString(),
      summary: options.input.summary,
      type: options.input.type,
      pointOfSale: options.input.pointOfSale
    });
  };
  createTask = async (options: { input: CreateTaskInput }): Promise<TaskDTO> => {
    this.tasks.push(structuredClone(options.input));
    return task({ id: `t${this.tasks.length}`, dueAt: options.input.dueAt, title: options.input.title });
  };
  recall = (key: string) => this.storage.get(key) ?? null;
  remember = (key: string, value: string) => void this.storage.set(key, value);
}

export function task(over: Partial<TaskDTO> & { id: string; dueAt: string }): TaskDTO {
  return {
    dossierId: 'd1',
    dossierCompany: 'Kessler Haustechnik GmbH',
    kind: 'callback',
    title: `Task ${over.id}`,
    assigneeId: 'me',
    assigneeName: 'Me',
    actingAssigneeId: 'me',
    status: 'open',
    escalatedAt: null,
    createdAt: '2026-11-01T08:00:00.000Z',
    ...over
  };
}

/** The task list's ports over an in-memory server that scopes and orders tasks as the contract says. */
export class FakeTaskServer implements TaskListPorts {
  tasks: TaskDTO[] = [];
  users: UserSummaryDTO[] = [];
  missing = false;
  failNext: ApiError | null = null;
  opened: string[] = [];
  calls: TaskListParams[] = [];
  #changed = new Set<(task: TaskDTO) => void>();
  #removed = new Set<(taskId: string) => void>();
  #reconnect = new Set<() => void>();

  constructor(
    readonly clock: FakeClock,
    readonly userId = 'me'
  ) {}

  now = () => this.clock.now;
  setTimeout = (run: () => void, ms: number) => this.clock.setTimeout(run, ms);
  clearTimeout = (handle: unknown) => this.clock.clearTimeout(handle);

  listTasks = async (options: { params: TaskListParams }): Promise<TaskPage> => {
    this.calls.push(options.params);
    if (this.missing) throw notFound();
    const { scope, cursor, limit = 100, dossierId } = options.params;
    const hits = this.tasks
      .filter((t) => t.status !== 'done' && taskInScope({ task: t, scope, userId: this.userId }))
      .filter((t) => !dossierId || t.dossierId === dossierId)
      .sort(compareTasks);
    const from = cursor ? Number(cursor) : 0;
    return structuredClone({
      items: hits.slice(from, from + limit),
      nextCursor: from + limit < hits.length ? String(from + limit) : null
    });
  };

  #update(taskId: string, change: (t: TaskDTO) => TaskDTO): TaskDTO {
    if (this.failNext) {
      const err = this.failNext;
      this.failNext = null;
      throw err;
    }
    const current = this.tasks.find((t) => t.id === taskId);
    if (!current) throw notFound();
    const next = change(current);
    this.tasks = this.tasks.map((t) => (t.id === taskId ? next : t));
    return structuredClone(next);
  }

  completes: Array<{ taskId: string; outcome?: string }> = [];
  completeTask = async (options: { taskId: string; input: { outcome?: string } }) => {
    this.completes.push({ taskId: options.taskId, ...options.input });
    return this.#update(options.taskId, (t) => ({ ...t, status: 'done' }));
  };
  snoozeTask = async (options: { taskId: string; until: string }) =>
    this.#update(options.taskId, (t) => ({ ...t, dueAt: options.until }));
  patchTask = async (options: { taskId: string; input: { assigneeId?: string } }) =>
    this.#update(options.taskId, (t) => ({
      ...t,
      assigneeId: options.input.assigneeId ?? t.assigneeId,
      actingAssigneeId: options.input.assigneeId ?? t.actingAssigneeId
    }));
  listUsers = async () => this.users;

  onTaskChanged = (handler: (task: TaskDTO) => void) => {
    this.#changed.add(handler);
    return () => void this.#changed.delete(handler);
  };
  onTaskRemoved = (handler: (taskId: string) => void) => {
    this.#removed.add(handler);
    return () => void this.#removed.delete(handler);
  };
  onReconnect = (handler: () => void) => {
    this.#reconnect.add(handler);
    return () => void this.#reconnect.delete(handler);
  };
  openDossier = (dossierId: string) => void this.opened.push(dossierId);

  /** The server changed or created a task and pushes it as `task:changed` does. */
  push(next: TaskDTO): void {
    this.tasks = [...this.tasks.filter((t) => t.id !== next.id), next];
    for (const handler of this.#changed) handler(structuredClone(next));
  }
  pushRemoved(taskId: string): void {
    this.tasks = this.tasks.filter((t) => t.id !== taskId);
    for (const handler of this.#removed) handler(taskId);
  }
  get listeners(): number {
    return this.#changed.size + this.#removed.size + this.#reconnect.size;
  }
}
