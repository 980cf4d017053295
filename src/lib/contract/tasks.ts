import { z } from 'zod';
import { Id } from './ids';
import { IsoDateTime, TICKET_SEVERITIES, type TicketSeverity } from './timeline';

/** design.md → Public contract → Tasks. A ticket is a complaint's follow-up. */
export const TASK_KINDS = ['callback', 'task', 'ticket'] as const;
export type TaskKind = (typeof TASK_KINDS)[number];

/** `in_progress` is a ticket's middle state; callbacks and tasks go open → done. */
export const TASK_STATUSES = ['open', 'in_progress', 'done'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** The list filter: `open` covers open and in_progress. */
export const TASK_STATUS_FILTERS = ['open', 'done'] as const;
export type TaskStatusFilter = (typeof TASK_STATUS_FILTERS)[number];

/**
 * mine: assigned to me. covering: someone else's, acted on by me while they are away (actingAssigneeId = me).
 * team: every task of my teams' dossiers. See `taskInScope`.
 */
export const TASK_SCOPES = ['mine', 'team', 'covering'] as const;
export type TaskScope = (typeof TASK_SCOPES)[number];

/** Due buckets, computed in the team's time zone (Europe/Berlin by default). */
export const TASK_DUE = ['overdue', 'today', 'upcoming'] as const;
export type TaskDue = (typeof TASK_DUE)[number];

const Title = z.string().trim().min(1).max(200);

/** Body of POST /api/tasks. Without assigneeId the task goes to the dossier's acting owner. */
export const CreateTaskInput = z
  .object({
    dossierId: Id,
    kind: z.enum(TASK_KINDS),
    title: Title,
    dueAt: IsoDateTime,
    assigneeId: Id.optional(),
    /** The timeline entry this follows up ("call back about the offer on Friday"). */
    interactionId: Id.optional()
  })
  .strict();
export type CreateTaskInput = z.infer<typeof CreateTaskInput>;

/** Body of POST /api/tasks/:id/complete. A non-empty outcome becomes a timeline entry. */
export const CompleteTaskInput = z.object({ outcome: z.string().trim().max(4000).optional() }).strict();
export type CompleteTaskInput = z.infer<typeof CompleteTaskInput>;

/** Body of POST /api/tasks/:id/snooze: the new due time (must be in the future). */
export const SnoozeTaskInput = z.object({ until: IsoDateTime }).strict();
export type SnoozeTaskInput = z.infer<typeof SnoozeTaskInput>;

/** Body of PATCH /api/tasks/:id: reassign, rename, move, or move a ticket along. */
export const PatchTaskInput = z
  .object({
    title: Title.optional(),
    dueAt: IsoDateTime.optional(),
    assigneeId: Id.optional(),
    status: z.enum(['open', 'in_progress']).optional(),
    /** Tickets only: a new severity moves the due time to what it gives from the ticket's opening (unless dueAt is sent too). */
    severity: z.enum(TICKET_SEVERITIES).optional()
  })
  .strict()
  .refine((v) => Object.keys(v).length > 0, { message: 'nothing to change' });
export type PatchTaskInput = z.infer<typeof PatchTaskInput>;

/** Query of GET /api/tasks. Items come ordered by dueAt ascending (ties by id), so the most urgent page first. */
export const TaskListQuery = z
  .object({
    scope: z.enum(TASK_SCOPES).default('mine'),
    status: z.enum(TASK_STATUS_FILTERS).default('open'),
    due: z.enum(TASK_DUE).optional(),
    dossierId: Id.optional(),
    cursor: z.string().max(500).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(100)
  })
  .strict();
export type TaskListQuery = z.infer<typeof TaskListQuery>;

export interface TaskDTO {
  id: string;
  dossierId: string;
  dossierCompany: string;
  kind: TaskKind;
  title: string;
  dueAt: string;
  assigneeId: string;
  assigneeName?: string;
  /** Who acts on it now: the assignee, or their deputy while they are away. */
  actingAssigneeId: string;
  status: TaskStatus;
  /** A ticket's severity (sets its due time); null for callbacks and tasks. */
  severity?: TicketSeverity | null;
  /** Set once the team's manager was notified about it being overdue (default 2 working hours). */
  escalatedAt: string | null;
  createdAt: string;
  /** Server's view at answer time; the client recomputes it with its clock so it flips live. */
  overdue?: boolean;
}

export interface TaskPage {
  items: TaskDTO[];
  nextCursor: string | null;
}

/**
 * Whether a task belongs in a scope's list for `userId` (TS1 mine: assignee; TS2 covering: acting for an
 * absent assignee; TS3 team: everything the server sent). The server filters the same way; the client uses
 * this to place pushed `task:changed` updates.
 */
export function taskInScope(options: { task: TaskDTO; scope: TaskScope; userId: string }): boolean {
  const { task, scope, userId } = options;
  if (scope === 'mine') return task.assigneeId === userId;
  if (scope === 'covering') return task.actingAssigneeId === userId && task.assigneeId !== userId;
  return true;
}

/** Tasks order: due first, ties by id. */
export function compareTasks(a: TaskDTO, b: TaskDTO): number {
  const byDue = Date.parse(a.dueAt) - Date.parse(b.dueAt);
  return byDue || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
