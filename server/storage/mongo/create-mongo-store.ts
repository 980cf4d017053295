import { MongoClient } from 'mongodb';
import type { Store } from '../store';
import { createMongoActivityStore, ensureMongoActivityIndexes } from './mongo-activity-store';
import { createMongoDocumentStore, ensureMongoDocumentIndexes } from './mongo-document-store';
import { createMongoDossierStore, ensureMongoDossierIndexes, ensureMongoDossierSearch } from './mongo-dossier-store';
import { createMongoSessionStore, ensureMongoSessionIndexes } from './mongo-session-store';
import { createMongoUserStore, ensureMongoUserIndexes } from './mongo-user-store';
import { createMongoVersionStore, ensureMongoVersionIndexes } from './mongo-version-store';
import { createMongoJobRunStore } from './mongo-job-run-store';
import { createMongoInteractionStore, ensureMongoInteractionIndexes } from './mongo-interaction-store';
import { createMongoTaskStore, ensureMongoTaskIndexes } from './mongo-task-store';
import { createMongoIntakeStore, ensureMongoIntakeIndexes } from './mongo-intake-store';
import { createMongoAbsenceStore, ensureMongoAbsenceIndexes } from './mongo-absence-store';
import { createMongoHandoffStore, ensureMongoHandoffIndexes } from './mongo-handoff-store';
import { createMongoCoverageGapStore, ensureMongoCoverageGapIndexes } from './mongo-coverage-gap-store';
import { createMongoKpiStore, ensureMongoKpiIndexes } from './mongo-kpi-store';
import { createMongoWinbackStore, ensureMongoWinbackIndexes } from './mongo-winback-store';
import { createMongoCustomerValueStore, ensureMongoCustomerValueIndexes } from './mongo-customer-value-store';
import { assertReplicaSet } from './mongo-support';
import { createMongoSegmentStore, ensureMongoSegmentIndexes } from './mongo-segment-store';
import { createMongoImportStore } from './mongo-import-store';
import { createMongoSearchIndex, ensureMongoSearchIndexes } from './mongo-search-index';

/**
 * Connects to MongoDB and creates the indexes. Writes use majority + journal write concern: a resolved
 * append has survived the loss of the primary, which is the durability the document store promises.
 * `dbName` defaults to the database named in the URI (or 'staffel'). Refuses a standalone server: each change
 * and its activity event are written in one multi-document transaction, which needs a replica set.
 */
export async function createMongoStore(options: { uri: string; dbName?: string }): Promise<Store> {
  const client = new MongoClient(options.uri, {
    writeConcern: { w: 'majority', journal: true },
    readConcern: { level: 'majority' },
    serverSelectionTimeoutMS: 10_000
  });
  await client.connect();
  try {
    const db = client.db(options.dbName ?? (client.options.dbName || 'staffel'));
    await assertReplicaSet(db);
    const ctx = { db, client };
    await Promise.all([
      ensureMongoUserIndexes(db),
      ensureMongoSessionIndexes(db),
      ensureMongoDossierIndexes(db),
      ensureMongoDocumentIndexes(db),
      ensureMongoActivityIndexes(db),
      ensureMongoVersionIndexes(db),
      ensureMongoInteractionIndexes(db),
      ensureMongoTaskIndexes(db),
      ensureMongoIntakeIndexes(db),
      ensureMongoAbsenceIndexes(db),
      ensureMongoHandoffIndexes(db),
      ensureMongoCoverageGapIndexes(db),
      ensureMongoKpiIndexes(db),
      ensureMongoWinbackIndexes(db),
      ensureMongoCustomerValueIndexes(db),
      ensureMongoSearchIndexes(db),
      ensureMongoSegmentIndexes(db)
    ]);
    await ensureMongoDossierSearch(db);
    return {
      kind: 'mongodb',
      users: createMongoUserStore(ctx),
      sessions: createMongoSessionStore(ctx),
      dossiers: createMongoDossierStore(ctx),
      documents: createMongoDocumentStore(db),
      activity: createMongoActivityStore(ctx),
      versions: createMongoVersionStore(ctx),
      interactions: createMongoInteractionStore(ctx),
      jobRuns: createMongoJobRunStore(db),
      tasks: createMongoTaskStore(ctx),
      intake: createMongoIntakeStore(ctx),
      absences: createMongoAbsenceStore(ctx),
      handoffs: createMongoHandoffStore(ctx),
      coverageGaps: createMongoCoverageGapStore(db),
      kpis: createMongoKpiStore(ctx),
      segments: createMongoSegmentStore(ctx),
      imports: createMongoImportStore(ctx),
      winbacks: createMongoWinbackStore(ctx),
      customerValue: createMongoCustomerValueStore(ctx),
      search: createMongoSearchIndex(db),
      async close() {
        await client.close();
      }
    };
  } catch (error) {
    await client.close();
    throw error;
  }
}
