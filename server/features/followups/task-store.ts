import type { TaskKind, TaskStatus } from '../../../src/lib/contract';
import type { NewEvent } from '../../kernel/events';
import type { TicketSeverity } from './followups.rules';

export type { TicketSeverity };

/** A callback, task or ticket on a dossier (issue #8). Times are ms since the epoch. */
export interface Task {
  id: string;
  dossierId: string;
  /** The dossier's team when the task was made: lists, permissions and working hours go by it. */
  teamId: string;
  kind: TaskKind;
  title: string;
  dueAt: number;
  assigneeId: string;
  /** Who acts on it now: the assignee until continuity (deputies while away) exists. */
  actingAssigneeId: string;
  status: TaskStatus;
  outcome: string | null;
  /** When it is escalated if still open: dueAt plus the configured working minutes (followups.rules ES1). */
  escalateAt: number;
  escalatedAt: number | null;
  /**
   * When `task.overdue` was written for its current due time (the overdue job, TK12); null while not yet
   * overdue or since a new due time (a snooze or edit restarts it, as it does escalation).
   */
  overdueAt: number | null;
  createdAt: number;
  createdBy: string;
  updatedAt: number;
  /** The timeline entry this follows up, if any. */
  interactionId: string | null;
  severity: TicketSeverity | null;
  /** Bumped by every write; updates are conditional on it (optimistic concurrency). */
  version: number;
}

export interface TaskListFilter {
  /** Tasks of these teams only; 'all' for admins. An empty array yields nothing. */
  teamIds: string[] | 'all';
  assigneeId?: string;
  /** Tasks assigned to any of these users (the desk, offboarding); an empty array yields nothing. */
  assigneeIds?: readonly string[];
  actingAssigneeId?: string;
  /** Excludes tasks assigned to this user (scope covering: acting for someone else). */
  notAssigneeId?: string;
  dossierId?: string;
  statuses: readonly TaskStatus[];
  /** Due window [dueFrom, dueBefore) in ms. */
  dueFrom?: number;
  dueBefore?: number;
  limit: number;
  cursor?: string;
}

/** Change methods take the events describing the change and write them in its transaction (ActivityStore AS3). */
export interface TaskStore {
  /** TK1 create then get returns an equal task; TK2 a duplicate id rejects with 'conflict' and writes no events. */
  create(task: Task, events: readonly NewEvent[]): Promise<void>;
  /**
   * TK10 bulk insert for seeding and imports, all or nothing, writing no events (a seeded past is not news); a
   * duplicate id rejects with 'conflict' and leaves none of the batch.
   */
  createMany(tasks: readonly Task[]): Promise<void>;
  /** TK3 unknown id resolves null. */
  get(id: string): Promise<Task | null>;
  /**
   * TK4 replaces the task (complete, snooze, reassign, patch) only if its stored version is `expectedVersion`;
   * the stored version becomes expectedVersion + 1. Returns the stored task, or null when the id is unknown or
   * the version moved on (then nothing, events included, is written).
   */
  update(task: Task, expectedVersion: number, events: readonly NewEvent[]): Promise<Task | null>;
  /**
   * TK5 ordered by dueAt ascending then id; following nextCursor visits every match exactly once; the last page
   * has nextCursor null. TK6 the filters combine with AND. TK7 a malformed cursor rejects with 'invalid'.
   */
  list(filter: TaskListFilter): Promise<{ items: Task[]; nextCursor: string | null }>;
  /** TK8 tasks not done, not escalated, with escalateAt ≤ now; oldest escalateAt first, at most `limit`. */
  dueForEscalation(now: number, limit: number): Promise<Task[]>;
  /**
   * TK9 sets escalatedAt (and bumps version) only if the task is not done and escalatedAt is still null, writing
   * the events in the same transaction; true for the one caller that won, false for every other (exactly once).
   */
  claimEscalation(id: string, at: number, events: readonly NewEvent[]): Promise<boolean>;
  /** TK11 tasks not done, not yet marked overdue, with dueAt ≤ now; oldest dueAt first (then id), at most `limit`. */
  dueOverdue(now: number, limit: number): Promise<Task[]>;
  /**
   * TK12 sets overdueAt = at (and bumps version) only if the task is not done, overdueAt is still null and its
   * dueAt ≤ at (a snooze meanwhile makes it not due), writing the events in the same transaction; true for the
   * one caller that won, false for every other (exactly once per due time, across restarts and nodes).
   */
  claimOverdue(id: string, at: number, events: readonly NewEvent[]): Promise<boolean>;
}
