import type {
  CompleteTaskInput,
  CreateTaskInput,
  PatchTaskInput,
  TaskDTO,
  TaskDue,
  TaskPage,
  TaskScope,
  TaskStatusFilter
} from '$lib/contract';
import { request, type Fetch } from './request';

export interface TaskListParams {
  scope: TaskScope;
  status?: TaskStatusFilter;
  due?: TaskDue;
  dossierId?: string;
  cursor?: string;
  limit?: number;
}

const taskPath = (id: string) => `/api/tasks/${encodeURIComponent(id)}`;

/** GET /api/tasks: one page ordered by due time; follow `nextCursor`. */
export function listTasks(options: { params: TaskListParams; fetch?: Fetch; signal?: AbortSignal }): Promise<TaskPage> {
  const { scope, status, due, dossierId, cursor, limit } = options.params;
  return request<TaskPage>({
    path: '/api/tasks',
    query: { scope, status, due, dossierId, cursor, limit },
    fetch: options.fetch,
    signal: options.signal
  });
}

/** POST /api/tasks → 201 the task. */
export function createTask(options: { input: CreateTaskInput; fetch?: Fetch }): Promise<TaskDTO> {
  return request<TaskDTO>({ method: 'POST', path: '/api/tasks', body: options.input, fetch: options.fetch });
}

/** POST /api/tasks/:id/complete → the done task. */
export function completeTask(options: { taskId: string; input: CompleteTaskInput; fetch?: Fetch }): Promise<TaskDTO> {
  return request<TaskDTO>({
    method: 'POST',
    path: `${taskPath(options.taskId)}/complete`,
    body: options.input,
    fetch: options.fetch
  });
}

/** POST /api/tasks/:id/snooze → the task with its new due time. */
export function snoozeTask(options: { taskId: string; until: string; fetch?: Fetch }): Promise<TaskDTO> {
  return request<TaskDTO>({
    method: 'POST',
    path: `${taskPath(options.taskId)}/snooze`,
    body: { until: options.until },
    fetch: options.fetch
  });
}

/** PATCH /api/tasks/:id (reassign, rename, move a ticket along) → the task. */
export function patchTask(options: { taskId: string; input: PatchTaskInput; fetch?: Fetch }): Promise<TaskDTO> {
  return request<TaskDTO>({
    method: 'PATCH',
    path: taskPath(options.taskId),
    body: options.input,
    fetch: options.fetch
  });
}
