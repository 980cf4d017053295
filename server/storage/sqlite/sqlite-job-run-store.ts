import type { JobRunRecord, JobRunStore } from '../../ports/job-run-store';
import type { SqliteDatabase } from './open-sqlite-database';

interface JobRunRow {
  job: string;
  due_at: number;
  node: string;
  claimed_at: number;
  finished_at: number | null;
  error: string | null;
}

const toRecord = (row: JobRunRow): JobRunRecord => ({
  job: row.job,
  dueAt: row.due_at,
  node: row.node,
  claimedAt: row.claimed_at,
  finishedAt: row.finished_at,
  error: row.error
});

/**
 * Scheduler claims in SQLite. The claim is one upsert whose update only applies to an older slot (JR1, JR2):
 * SQLite runs it under the write lock, so of two connections (processes) claiming the same slot exactly one
 * changes a row.
 */
export function createSqliteJobRunStore(db: SqliteDatabase): JobRunStore {
  const claim = db.prepare(
    `INSERT INTO job_runs (job, due_at, node, claimed_at, finished_at, error)
     VALUES (@job, @dueAt, @node, @claimedAt, NULL, NULL)
     ON CONFLICT (job) DO UPDATE SET
       due_at = excluded.due_at, node = excluded.node, claimed_at = excluded.claimed_at,
       finished_at = NULL, error = NULL
     WHERE job_runs.due_at < excluded.due_at`
  );
  const latest = db.prepare<[string], JobRunRow>('SELECT * FROM job_runs WHERE job = ?');
  const finish = db.prepare(
    'UPDATE job_runs SET finished_at = @finishedAt, error = @error WHERE job = @job AND due_at = @dueAt'
  );
  return {
    async claim(run) {
      return claim.run(run).changes === 1;
    },
    async latest(job) {
      const row = latest.get(job);
      return row ? toRecord(row) : null;
    },
    async finish(outcome) {
      finish.run(outcome);
    }
  };
}
