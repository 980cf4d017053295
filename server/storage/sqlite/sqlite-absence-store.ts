import type { AbsenceKind } from '../../../src/lib/contract';
import type { NewEvent } from '../../kernel/events';
import { absenceEnd, type Absence, type AbsenceStore } from '../../features/continuity/absence-store';
import { createSqliteEventWriter } from './sqlite-activity-store';
import { withConflict } from './sqlite-errors';
import type { SqliteDatabase } from './open-sqlite-database';

interface AbsenceRow {
  id: string;
  user_id: string;
  kind: string;
  from_at: number;
  to_at: number;
  hand_to_id: string | null;
  note: string | null;
  ended_at: number | null;
  created_by: string;
  created_at: number;
  updated_at: number;
  started_fired_at: number | null;
  ended_fired_at: number | null;
  version: number;
}

const toAbsence = (r: AbsenceRow): Absence => ({
  id: r.id,
  userId: r.user_id,
  kind: r.kind as AbsenceKind,
  from: r.from_at,
  to: r.to_at,
  handToId: r.hand_to_id,
  note: r.note,
  endedAt: r.ended_at,
  createdById: r.created_by,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  startedFiredAt: r.started_fired_at,
  endedFiredAt: r.ended_fired_at,
  version: r.version
});

const params = (a: Absence) => ({ ...a, endsAt: absenceEnd(a) });

/** Absences in SQLite; the jobs' queries use partial indexes over rows not yet fired. */
export function createSqliteAbsenceStore(db: SqliteDatabase): AbsenceStore {
  const writeEvents = createSqliteEventWriter(db);
  const insert = db.prepare(
    `INSERT INTO absences (id, user_id, kind, from_at, to_at, ends_at, hand_to_id, note, ended_at, created_by,
       created_at, updated_at, started_fired_at, ended_fired_at, version)
     VALUES (@id, @userId, @kind, @from, @to, @endsAt, @handToId, @note, @endedAt, @createdById, @createdAt,
       @updatedAt, @startedFiredAt, @endedFiredAt, @version)`
  );
  const select = db.prepare<[string], AbsenceRow>('SELECT * FROM absences WHERE id = ?');
  const replace = db.prepare(
    `UPDATE absences SET kind = @kind, from_at = @from, to_at = @to, ends_at = @endsAt, hand_to_id = @handToId,
       note = @note, ended_at = @endedAt, updated_at = @updatedAt, started_fired_at = @startedFiredAt,
       ended_fired_at = @endedFiredAt, version = @expectedVersion + 1
     WHERE id = @id AND version = @expectedVersion`
  );
  const endOne = db.prepare(
    `UPDATE absences SET ended_at = @at, ends_at = MIN(to_at, @at), updated_at = @at,
       started_fired_at = COALESCE(started_fired_at, CASE WHEN from_at <= @at THEN @at END),
       ended_fired_at = @at, version = version + 1
     WHERE id = @id AND ended_at IS NULL AND to_at > @at`
  );
  const overlapping = db.prepare<{ from: number; to: number; userIds: string | null }, AbsenceRow>(
    `SELECT * FROM absences WHERE ends_at > @from AND from_at < @to AND ends_at > from_at
       AND (@userIds IS NULL OR user_id IN (SELECT value FROM json_each(@userIds)))
     ORDER BY from_at, id`
  );
  const dueStarts = db.prepare<[number, number], AbsenceRow>(
    `SELECT * FROM absences WHERE started_fired_at IS NULL AND from_at <= ? AND ends_at > from_at
     ORDER BY from_at, id LIMIT ?`
  );
  const dueEnds = db.prepare<[number, number], AbsenceRow>(
    `SELECT * FROM absences WHERE ended_fired_at IS NULL AND started_fired_at IS NOT NULL AND ends_at <= ?
     ORDER BY ends_at, id LIMIT ?`
  );
  const claimStart = db.prepare(
    'UPDATE absences SET started_fired_at = ?, version = version + 1 WHERE id = ? AND started_fired_at IS NULL'
  );
  const claimEnd = db.prepare(
    'UPDATE absences SET ended_fired_at = ?, version = version + 1 WHERE id = ? AND ended_fired_at IS NULL'
  );

  const create = db.transaction((absence: Absence, events: readonly NewEvent[]) => {
    withConflict(`absence ${absence.id}`, () => insert.run(params(absence)));
    writeEvents(events);
  });
  const update = db.transaction((absence: Absence, expectedVersion: number, events: readonly NewEvent[]) => {
    if (replace.run({ ...params(absence), expectedVersion }).changes !== 1) return null;
    writeEvents(events);
    return toAbsence(select.get(absence.id)!);
  });
  const end = db.transaction((id: string, at: number, events: readonly NewEvent[]) => {
    if (endOne.run({ id, at }).changes !== 1) return null;
    writeEvents(events);
    return toAbsence(select.get(id)!);
  });
  const claim = db.transaction((statement: typeof claimStart, id: string, at: number, events: readonly NewEvent[]) => {
    if (statement.run(at, id).changes !== 1) return false;
    writeEvents(events);
    return true;
  });

  return {
    create: async (absence, events) => create(absence, events),
    get: async (id) => {
      const row = select.get(id);
      return row ? toAbsence(row) : null;
    },
    update: async (absence, expectedVersion, events) => update(absence, expectedVersion, events),
    end: async ({ id, at, events }) => end(id, at, events),
    listOverlapping: async ({ userIds, from, to }) =>
      overlapping.all({ from, to, userIds: userIds === 'all' ? null : JSON.stringify(userIds) }).map(toAbsence),
    inForceAt: async (at) => overlapping.all({ from: at, to: at + 1, userIds: null }).map(toAbsence),
    dueStarts: async (now, limit) => dueStarts.all(now, limit).map(toAbsence),
    claimStart: async (id, at, events) => claim(claimStart, id, at, events),
    dueEnds: async (now, limit) => dueEnds.all(now, limit).map(toAbsence),
    claimEnd: async (id, at, events) => claim(claimEnd, id, at, events)
  };
}
