import type { ClientSession, Db, Filter } from 'mongodb';
import { DomainError } from '../../kernel/domain-error';
import { decodeCursor, encodeCursor } from '../../kernel/list-cursor';
import type { Task, TaskStore } from '../../features/followups/task-store';
import { writeMongoEvents } from './mongo-activity-store';
import { inTransaction, withConflict, type MongoContext } from './mongo-support';

type TaskDoc = Omit<Task, 'id'> & { _id: string };

const toDoc = ({ id, ...rest }: Task): TaskDoc => ({ _id: id, ...rest });
// Documents written before task.overdue have no overdueAt: read as null (never fired).
const toTask = ({ _id, ...rest }: TaskDoc): Task => ({ id: _id, ...rest, overdueAt: rest.overdueAt ?? null });

/** Indexes mirroring the SQLite ones: each list scope by (key, dueAt, _id), escalation by escalateAt. */
export async function ensureMongoTaskIndexes(db: Db): Promise<void> {
  await db
    .collection<TaskDoc>('tasks')
    .createIndexes([
      { key: { assigneeId: 1, dueAt: 1, _id: 1 } },
      { key: { actingAssigneeId: 1, dueAt: 1, _id: 1 } },
      { key: { teamId: 1, dueAt: 1, _id: 1 } },
      { key: { dossierId: 1, dueAt: 1, _id: 1 } },
      { key: { escalateAt: 1 }, partialFilterExpression: { escalatedAt: null } },
      { key: { dueAt: 1 }, name: 'overdue_due', partialFilterExpression: { overdueAt: null } }
    ]);
}

/** Inserts one task in the caller's transaction (the intake store writes a lead's callback with it). */
export async function insertMongoTask(db: Db, session: ClientSession, task: Task): Promise<void> {
  await db.collection<TaskDoc>('tasks').insertOne(toDoc(task), { session });
}

/** Tasks in MongoDB; every change and its events in one transaction. */
export function createMongoTaskStore(ctx: MongoContext): TaskStore {
  const { db } = ctx;
  const tasks = db.collection<TaskDoc>('tasks');
  return {
    async create(task, events) {
      await withConflict(`task ${task.id}`, () =>
        inTransaction(ctx, async (session) => {
          await tasks.insertOne(toDoc(task), { session });
          await writeMongoEvents(db, session, events);
        })
      );
    },
    async createMany(list) {
      if (list.length === 0) return;
      await withConflict('a task', () =>
        inTransaction(ctx, async (session) => {
          await tasks.insertMany(list.map(toDoc), { session });
        })
      );
    },
    async get(id) {
      const doc = await tasks.findOne({ _id: id });
      return doc ? toTask(doc) : null;
    },
    async update(task, expectedVersion, events) {
      return inTransaction(ctx, async (session) => {
        const { _id, ...fields } = toDoc({ ...task, version: expectedVersion + 1 });
        const doc = await tasks.findOneAndUpdate(
          { _id, version: expectedVersion },
          { $set: fields },
          { session, returnDocument: 'after' }
        );
        if (!doc) return null;
        await writeMongoEvents(db, session, events);
        return toTask(doc);
      });
    },
    async list(filter) {
      const and: Filter<TaskDoc>[] = [{ status: { $in: [...filter.statuses] } }];
      if (filter.teamIds !== 'all') and.push({ teamId: { $in: filter.teamIds } });
      if (filter.assigneeId !== undefined) and.push({ assigneeId: filter.assigneeId });
      if (filter.assigneeIds !== undefined) and.push({ assigneeId: { $in: [...filter.assigneeIds] } });
      if (filter.actingAssigneeId !== undefined) and.push({ actingAssigneeId: filter.actingAssigneeId });
      if (filter.notAssigneeId !== undefined) and.push({ assigneeId: { $ne: filter.notAssigneeId } });
      if (filter.dossierId !== undefined) and.push({ dossierId: filter.dossierId });
      if (filter.dueFrom !== undefined) and.push({ dueAt: { $gte: filter.dueFrom } });
      if (filter.dueBefore !== undefined) and.push({ dueAt: { $lt: filter.dueBefore } });
      if (filter.cursor) {
        const c = decodeCursor(filter.cursor);
        if (typeof c.key !== 'number') throw new DomainError('invalid', 'cursor is malformed');
        and.push({ $or: [{ dueAt: { $gt: c.key } }, { dueAt: c.key, _id: { $gt: c.id } }] });
      }
      const docs = await tasks
        .find({ $and: and })
        .sort({ dueAt: 1, _id: 1 })
        .limit(filter.limit + 1)
        .toArray();
      const items = docs.slice(0, filter.limit).map(toTask);
      const last = items.at(-1);
      const nextCursor = docs.length > filter.limit && last ? encodeCursor({ key: last.dueAt, id: last.id }) : null;
      return { items, nextCursor };
    },
    async dueForEscalation(now, limit) {
      const docs = await tasks
        .find({ status: { $ne: 'done' }, escalatedAt: null, escalateAt: { $lte: now } })
        .sort({ escalateAt: 1, _id: 1 })
        .limit(limit)
        .toArray();
      return docs.map(toTask);
    },
    async claimEscalation(id, at, events) {
      return inTransaction(ctx, async (session) => {
        const result = await tasks.updateOne(
          { _id: id, escalatedAt: null, status: { $ne: 'done' } },
          { $set: { escalatedAt: at }, $inc: { version: 1 } },
          { session }
        );
        if (result.modifiedCount !== 1) return false;
        await writeMongoEvents(db, session, events);
        return true;
      });
    },
    async dueOverdue(now, limit) {
      // `overdueAt: null` also matches documents from before the field existed (TK11).
      const docs = await tasks
        .find({ status: { $ne: 'done' }, overdueAt: null, dueAt: { $lte: now } })
        .sort({ dueAt: 1, _id: 1 })
        .limit(limit)
        .toArray();
      return docs.map(toTask);
    },
    async claimOverdue(id, at, events) {
      return inTransaction(ctx, async (session) => {
        const result = await tasks.updateOne(
          { _id: id, overdueAt: null, status: { $ne: 'done' }, dueAt: { $lte: at } },
          { $set: { overdueAt: at }, $inc: { version: 1 } },
          { session }
        );
        if (result.modifiedCount !== 1) return false;
        await writeMongoEvents(db, session, events);
        return true;
      });
    }
  };
}
