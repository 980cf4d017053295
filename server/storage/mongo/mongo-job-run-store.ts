import type { Db } from 'mongodb';
import type { JobRunRecord, JobRunStore } from '../../ports/job-run-store';
import { isDuplicateKey } from './mongo-support';

type JobRunDoc = Omit<JobRunRecord, 'job'> & { _id: string };

/**
 * Scheduler claims in MongoDB, one document per job keyed by its name. A claim is an upsert filtered on an
 * older slot (JR1, JR2); no index beyond the unique _id is needed. When the document exists with this or a newer slot the filter matches nothing, the
 * upsert tries to insert a second document with the same _id and the unique index refuses it. Of several
 * nodes claiming the same slot at once, exactly one matches or inserts.
 */
export function createMongoJobRunStore(db: Db): JobRunStore {
  const runs = db.collection<JobRunDoc>('job_runs');
  return {
    async claim({ job, dueAt, node, claimedAt }) {
      try {
        const result = await runs.updateOne(
          { _id: job, dueAt: { $lt: dueAt } },
          { $set: { dueAt, node, claimedAt, finishedAt: null, error: null } },
          { upsert: true }
        );
        return result.modifiedCount + result.upsertedCount === 1;
      } catch (error) {
        if (isDuplicateKey(error)) return false;
        throw error;
      }
    },
    async latest(job) {
      const doc = await runs.findOne({ _id: job });
      if (!doc) return null;
      const { _id, ...rest } = doc;
      return { job: _id, ...rest };
    },
    async finish({ job, dueAt, finishedAt, error }) {
      await runs.updateOne({ _id: job, dueAt }, { $set: { finishedAt, error } });
    }
  };
}
