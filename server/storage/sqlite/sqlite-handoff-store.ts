import type { BriefingDTO, HandoffStatus } from '../../../src/lib/contract';
import type { NewEvent } from '../../kernel/events';
import { DomainError } from '../../kernel/domain-error';
import type { Handoff, HandoffStore, PermanentOwnerChange } from '../../features/continuity/handoff-store';
import { createSqliteEventWriter } from './sqlite-activity-store';
import { withConflict } from './sqlite-errors';
import { createSqliteOwnerChange } from './sqlite-dossier-owner';
import type { SqliteDatabase } from './open-sqlite-database';

interface HandoffRow {
  id: string;
  dossier_id: string;
  team_id: string;
  from_user_id: string;
  to_user_id: string;
  by_id: string;
  kind: string;
  until: number | null;
  note: string;
  status: string;
  created_at: number;
  picked_up_at: number | null;
  escalated_at: number | null;
  returned_at: number | null;
  briefing: string;
}

const toHandoff = (r: HandoffRow): Handoff => ({
  id: r.id,
  dossierId: r.dossier_id,
  teamId: r.team_id,
  fromUserId: r.from_user_id,
  toUserId: r.to_user_id,
  byId: r.by_id,
  kind: r.kind as Handoff['kind'],
  until: r.until,
  note: r.note,
  status: r.status as HandoffStatus,
  createdAt: r.created_at,
  pickedUpAt: r.picked_up_at,
  escalatedAt: r.escalated_at,
  returnedAt: r.returned_at,
  briefing: JSON.parse(r.briefing) as BriefingDTO
});

const OPEN = `status IN ('pending', 'picked_up')`;

/** Hand-offs in SQLite: the briefing as JSON in its row; job queries by partial indexes (migration handoffs). */
export function createSqliteHandoffStore(db: SqliteDatabase): HandoffStore {
  const writeEvents = createSqliteEventWriter(db);
  const moveOwner = createSqliteOwnerChange(db);
  const insert = db.prepare(
    `INSERT INTO handoffs (id, dossier_id, team_id, from_user_id, to_user_id, by_id, kind, until, note, status,
       created_at, picked_up_at, escalated_at, returned_at, briefing)
     VALUES (@id, @dossierId, @teamId, @fromUserId, @toUserId, @byId, @kind, @until, @note, @status,
       @createdAt, @pickedUpAt, @escalatedAt, @returnedAt, @briefing)`
  );
  const select = db.prepare<[string], HandoffRow>('SELECT * FROM handoffs WHERE id = ?');
  const inForce = db.prepare<[number, number], HandoffRow>(
    `SELECT * FROM handoffs WHERE until IS NOT NULL AND ${OPEN} AND created_at <= ? AND until > ?`
  );
  const pickUp = db.prepare<[number, string], HandoffRow>(
    `UPDATE handoffs SET status = 'picked_up', picked_up_at = ? WHERE id = ? AND status = 'pending' RETURNING *`
  );
  const dueReturns = db.prepare<[number, number], HandoffRow>(
    `SELECT * FROM handoffs WHERE until IS NOT NULL AND ${OPEN} AND until <= ? ORDER BY until, id LIMIT ?`
  );
  const claimReturn = db.prepare(
    `UPDATE handoffs SET status = 'returned', returned_at = @at
     WHERE id = @id AND until IS NOT NULL AND until <= @at AND ${OPEN}`
  );
  const dueEscalations = db.prepare<[number, number], HandoffRow>(
    `SELECT * FROM handoffs WHERE status = 'pending' AND escalated_at IS NULL AND created_at <= ?
     ORDER BY created_at, id LIMIT ?`
  );
  const claimEscalation = db.prepare(
    `UPDATE handoffs SET escalated_at = ? WHERE id = ? AND status = 'pending' AND escalated_at IS NULL`
  );
  const cancel = db.prepare<[string], HandoffRow>(
    `UPDATE handoffs SET status = 'cancelled' WHERE id = ? AND ${OPEN} RETURNING *`
  );

  const create = db.transaction((h: Handoff, events: readonly NewEvent[]) => {
    withConflict(`hand-off ${h.id}`, () => insert.run({ ...h, briefing: JSON.stringify(h.briefing) }));
    writeEvents(events);
  });
  const withdraw = db.prepare<[string], HandoffRow>(
    `UPDATE handoffs SET status = 'cancelled' WHERE id = ? AND status = 'pending' RETURNING *`
  );
  const withdrawTx = db.transaction((id: string, change: PermanentOwnerChange | null, events: readonly NewEvent[]) => {
    const row = withdraw.get(id);
    if (!row) return null;
    if (change && !moveOwner(change)) throw new DomainError('not_found', 'dossier not found');
    writeEvents(events);
    return toHandoff(row);
  });
  const createPermanent = db.transaction((h: Handoff, change: PermanentOwnerChange, events: readonly NewEvent[]) => {
    withConflict(`hand-off ${h.id}`, () => insert.run({ ...h, briefing: JSON.stringify(h.briefing) }));
    if (!moveOwner(change)) throw new DomainError('not_found', 'dossier not found');
    writeEvents(events);
  });
  const pickUpTx = db.transaction((id: string, at: number, events: readonly NewEvent[]) => {
    const row = pickUp.get(at, id);
    if (!row) return null;
    writeEvents(events);
    return toHandoff(row);
  });
  const returnTx = db.transaction((id: string, at: number, events: readonly NewEvent[]) => {
    if (claimReturn.run({ id, at }).changes !== 1) return false;
    writeEvents(events);
    return true;
  });
  const escalateTx = db.transaction((id: string, at: number, events: readonly NewEvent[]) => {
    if (claimEscalation.run(at, id).changes !== 1) return false;
    writeEvents(events);
    return true;
  });
  const cancelTx = db.transaction((id: string, events: readonly NewEvent[]) => {
    const row = cancel.get(id);
    if (!row) return null;
    writeEvents(events);
    return toHandoff(row);
  });

  function listFor(options: Parameters<HandoffStore['listFor']>[0]): Handoff[] {
    const who =
      options.role === 'to'
        ? 'to_user_id = @userId'
        : options.role === 'from'
          ? '(from_user_id = @userId OR by_id = @userId)'
          : '(to_user_id = @userId OR from_user_id = @userId OR by_id = @userId)';
    const statuses = options.statuses ? ' AND status IN (SELECT value FROM json_each(@statuses))' : '';
    return db
      .prepare<Record<string, unknown>, HandoffRow>(
        `SELECT * FROM handoffs WHERE ${who}${statuses} ORDER BY created_at DESC, id DESC LIMIT @limit`
      )
      .all({
        userId: options.userId,
        limit: options.limit,
        ...(options.statuses ? { statuses: JSON.stringify(options.statuses) } : {})
      })
      .map(toHandoff);
  }

  return {
    create: async (handoff, events) => create(handoff, events),
    createPermanent: async (handoff, change, events) => createPermanent(handoff, change, events),
    get: async (id) => {
      const row = select.get(id);
      return row ? toHandoff(row) : null;
    },
    listFor: async (options) => listFor(options),
    inForce: async (at) => inForce.all(at, at).map(toHandoff),
    pickUp: async (id, at, events) => pickUpTx(id, at, events),
    dueReturns: async (now, limit) => dueReturns.all(now, limit).map(toHandoff),
    claimReturn: async (id, at, events) => returnTx(id, at, events),
    dueEscalations: async (createdBefore, limit) => dueEscalations.all(createdBefore, limit).map(toHandoff),
    claimEscalation: async (id, at, events) => escalateTx(id, at, events),
    cancel: async (id, events) => cancelTx(id, events),
    withdraw: async (id, change, events) => withdrawTx(id, change, events)
  };
}
