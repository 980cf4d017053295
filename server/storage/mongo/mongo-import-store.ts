import type { ImportStore } from '../../features/segments/import-store';
import { writeMongoEvents } from './mongo-activity-store';
import { appendMongoDocument } from './mongo-document-store';
import { insertMongoDossier, type DossierDoc } from './mongo-dossier-store';
import { inTransaction, withConflict, type MongoContext } from './mongo-support';
import { insertMongoVersion } from './mongo-version-store';

/**
 * CSV imports in MongoDB (ImportStore IM1–IM2). IM2 is one multi-document transaction, as the intake store
 * writes a lead: a taken id aborts it and nothing is stored. MongoDB bounds a transaction (60 s by default,
 * transactionLifetimeLimitSeconds; 16 MB of oplog per entry before 4.2): an import of tens of thousands of
 * rows may need that limit raised, or the import split, which would give up IM2's all-or-nothing.
 */
export function createMongoImportStore(ctx: MongoContext): ImportStore {
  const dossiers = ctx.db.collection<DossierDoc>('dossiers');
  return {
    async identities(teamId) {
      // Served by the dossiers index (teamId, companySort, _id); company and city come from the documents.
      const docs = await dossiers.find({ teamId }, { projection: { _id: 1, company: 1, city: 1 } }).toArray();
      return docs.map((d) => ({ id: d._id, company: d.company, city: d.city }));
    },
    async commit({ dossiers: rows, events, onProgress }) {
      await withConflict('a dossier', () =>
        inTransaction(ctx, async (session) => {
          for (const { dossier, document, version } of rows) {
            await appendMongoDocument(ctx.db, session, dossier.id, [document]);
            await insertMongoVersion(ctx.db, session, version);
            await insertMongoDossier(ctx.db, session, dossier);
          }
          await writeMongoEvents(ctx.db, session, events);
        })
      );
      // IM3: one transaction, so one report at the end.
      await onProgress?.(rows.length);
    }
  };
}
