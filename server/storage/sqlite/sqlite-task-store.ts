import type { Statement } from 'better-sqlite3';
import type { TaskKind, TaskStatus } from '../../../src/lib/contract';
import { DomainError } from '../../kernel/domain-error';
import { decodeCursor, encodeCursor } from '../../kernel/list-cursor';
import type { NewEvent } from '../../kernel/events';
import type { Task, TaskListFilter, TaskStore, TicketSeverity } from '../../features/followups/task-store';
import { createSqliteEventWriter } from './sqlite-activity-store';
import { withConflict } from './sqlite-errors';
import type { SqliteDatabase } from './open-sqlite-database';

interface TaskRow {
  id: string;
  dossier_id: string;
  team_id: string;
  kind: string;
  title: string;
  due_at: number;
  assignee_id: string;
  acting_assignee_id: string;
  status: string;
  outcome: string | null;
  escalate_at: number;
  escalated_at: number | null;
  overdue_at: number | null;
  created_at: number;
  created_by: string;
  updated_at: number;
  interaction_id: string | null;
  severity: string | null;
  version: number;
}

const toTask = (r: TaskRow): Task => ({
  id: r.id,
  dossierId: r.dossier_id,
  teamId: r.team_id,
  kind: r.kind as TaskKind,
  title: r.title,
  dueAt: r.due_at,
  assigneeId: r.assignee_id,
  actingAssigneeId: r.acting_assignee_id,
  status: r.status as TaskStatus,
  outcome: r.outcome,
  escalateAt: r.escalate_at,
  escalatedAt: r.escalated_at,
  overdueAt: r.overdue_at,
  createdAt: r.created_at,
  createdBy: r.created_by,
  updatedAt: r.updated_at,
  interactionId: r.interaction_id,
  severity: r.severity as TicketSeverity | null,
  version: r.version
});

const params = (t: Task) => ({
  id: t.id,
  dossierId: t.dossierId,
  teamId: t.teamId,
  kind: t.kind,
  title: t.title,
  dueAt: t.dueAt,
  assigneeId: t.assigneeId,
  actingAssigneeId: t.actingAssigneeId,
  status: t.status,
  outcome: t.outcome,
  escalateAt: t.escalateAt,
  escalatedAt: t.escalatedAt,
  overdueAt: t.overdueAt,
  createdAt: t.createdAt,
  createdBy: t.createdBy,
  updatedAt: t.updatedAt,
  interactionId: t.interactionId,
  severity: t.severity,
  version: t.version
});

/** Tasks in SQLite: keyset pages over (due_at, id); escalation finds open rows by escalate_at. */
/** Inserts one task inside the caller's transaction (also used by the intake store for a lead's callback). */
export function createSqliteTaskInsert(db: SqliteDatabase): (task: Task) => void {
  const insert = db.prepare(
    `INSERT INTO tasks (id, dossier_id, team_id, kind, title, due_at, assignee_id, acting_assignee_id, status,
       outcome, escalate_at, escalated_at, overdue_at, created_at, created_by, updated_at, interaction_id, severity,
       version)
     VALUES (@id, @dossierId, @teamId, @kind, @title, @dueAt, @assigneeId, @actingAssigneeId, @status, @outcome,
       @escalateAt, @escalatedAt, @overdueAt, @createdAt, @createdBy, @updatedAt, @interactionId, @severity,
       @version)`
  );
  return (task) => {
    insert.run(params(task));
  };
}

export function createSqliteTaskStore(db: SqliteDatabase): TaskStore {
  const writeEvents = createSqliteEventWriter(db);
  const insert = createSqliteTaskInsert(db);
  const select = db.prepare<[string], TaskRow>('SELECT * FROM tasks WHERE id = ?');
  const replace = db.prepare(
    `UPDATE tasks SET title = @title, due_at = @dueAt, assignee_id = @assigneeId,
       acting_assignee_id = @actingAssigneeId, status = @status, outcome = @outcome, escalate_at = @escalateAt,
       escalated_at = @escalatedAt, overdue_at = @overdueAt, updated_at = @updatedAt, severity = @severity, version = @expectedVersion + 1
     WHERE id = @id AND version = @expectedVersion`
  );
  const due = db.prepare<[number, number], TaskRow>(
    `SELECT * FROM tasks WHERE status != 'done' AND escalated_at IS NULL AND escalate_at <= ?
     ORDER BY escalate_at, id LIMIT ?`
  );
  const claim = db.prepare(
    `UPDATE tasks SET escalated_at = ?, version = version + 1
     WHERE id = ? AND escalated_at IS NULL AND status != 'done'`
  );

  const dueOverdue = db.prepare<[number, number], TaskRow>(
    `SELECT * FROM tasks WHERE status != 'done' AND overdue_at IS NULL AND due_at <= ? ORDER BY due_at, id LIMIT ?`
  );
  const claimOverdue = db.prepare(
    `UPDATE tasks SET overdue_at = @at, version = version + 1
     WHERE id = @id AND overdue_at IS NULL AND status != 'done' AND due_at <= @at`
  );
  const claimOverdueTx = db.transaction((id: string, at: number, events: readonly NewEvent[]) => {
    if (claimOverdue.run({ id, at }).changes !== 1) return false;
    writeEvents(events);
    return true;
  });

  const create = db.transaction((task: Task, events: readonly NewEvent[]) => {
    withConflict(`task ${task.id}`, () => insert(task));
    writeEvents(events);
  });
  const createMany = db.transaction((tasks: readonly Task[]) => {
    for (const t of tasks) insert(t);
  });
  const update = db.transaction((task: Task, expectedVersion: number, events: readonly NewEvent[]) => {
    if (replace.run({ ...params(task), expectedVersion }).changes !== 1) return null;
    writeEvents(events);
    return toTask(select.get(task.id)!);
  });
  const claimOnce = db.transaction((id: string, at: number, events: readonly NewEvent[]) => {
    if (claim.run(at, id).changes !== 1) return false;
    writeEvents(events);
    return true;
  });

  const listStatements = new Map<string, Statement<Record<string, unknown>, TaskRow>>();
  function list(filter: TaskListFilter) {
    const where: string[] = [];
    const args: Record<string, unknown> = {};
    if (filter.teamIds !== 'all') {
      where.push('team_id IN (SELECT value FROM json_each(@teamIds))');
      args.teamIds = JSON.stringify(filter.teamIds);
    }
    for (const [key, column] of [
      ['assigneeId', 'assignee_id'],
      ['actingAssigneeId', 'acting_assignee_id'],
      ['dossierId', 'dossier_id']
    ] as const) {
      if (filter[key] !== undefined) {
        where.push(`${column} = @${key}`);
        args[key] = filter[key];
      }
    }
    if (filter.assigneeIds !== undefined) {
      where.push('assignee_id IN (SELECT value FROM json_each(@assigneeIds))');
      args.assigneeIds = JSON.stringify(filter.assigneeIds);
    }
    if (filter.notAssigneeId !== undefined) {
      where.push('assignee_id != @notAssigneeId');
      args.notAssigneeId = filter.notAssigneeId;
    }
    where.push('status IN (SELECT value FROM json_each(@statuses))');
    args.statuses = JSON.stringify(filter.statuses);
    if (filter.dueFrom !== undefined) {
      where.push('due_at >= @dueFrom');
      args.dueFrom = filter.dueFrom;
    }
    if (filter.dueBefore !== undefined) {
      where.push('due_at < @dueBefore');
      args.dueBefore = filter.dueBefore;
    }
    if (filter.cursor) {
      const c = decodeCursor(filter.cursor);
      if (typeof c.key !== 'number') throw new DomainError('invalid', 'cursor is malformed');
      where.push('(due_at > @cKey OR (due_at = @cKey AND id > @cId))');
      args.cKey = c.key;
      args.cId = c.id;
    }
    args.limit = filter.limit + 1;
    const sql = `SELECT * FROM tasks WHERE ${where.join(' AND ')} ORDER BY due_at, id LIMIT @limit`;
    // One statement per filter shape (a bounded set: which filters are present), prepared once: preparing on
    // every call was a tenth of the desk's task time.
    let statement = listStatements.get(sql);
    if (!statement) listStatements.set(sql, (statement = db.prepare<Record<string, unknown>, TaskRow>(sql)));
    const rows = statement.all(args);
    const items = rows.slice(0, filter.limit).map(toTask);
    const last = items.at(-1);
    const nextCursor = rows.length > filter.limit && last ? encodeCursor({ key: last.dueAt, id: last.id }) : null;
    return { items, nextCursor };
  }

  return {
    create: async (task, events) => create(task, events),
    createMany: async (tasks) => withConflict('a task', () => createMany(tasks)),
    get: async (id) => {
      const row = select.get(id);
      return row ? toTask(row) : null;
    },
    update: async (task, expectedVersion, events) => update(task, expectedVersion, events),
    list: async (filter) => list(filter),
    dueForEscalation: async (now, limit) => due.all(now, limit).map(toTask),
    claimEscalation: async (id, at, events) => claimOnce(id, at, events),
    dueOverdue: async (now, limit) => dueOverdue.all(now, limit).map(toTask),
    claimOverdue: async (id, at, events) => claimOverdueTx(id, at, events)
  };
}
