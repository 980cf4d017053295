import type { ClientSession, Db } from 'mongodb';
import type { CoverageGapStore } from '../../features/continuity/coverage-gap-store';
import type { NewEvent } from '../../kernel/events';

interface GapDoc {
  _id: string;
  ownerId: string;
  openedAt: number;
}

export async function ensureMongoCoverageGapIndexes(db: Db): Promise<void> {
  await db.collection<GapDoc>('coverage_gaps').createIndex({ ownerId: 1 });
}

/**
 * GS1/GS2: applies coverage.gap_opened / gap_closed events to the coverage_gaps collection, in the session of
 * the transaction that writes them (writeMongoEvents calls it), so state and events commit together (GS4).
 */
export async function projectMongoGapEvents(
  db: Db,
  session: ClientSession,
  events: readonly NewEvent[]
): Promise<void> {
  const gaps = db.collection<GapDoc>('coverage_gaps');
  for (const event of events) {
    if (event.type === 'coverage.gap_opened') {
      const { ownerId, openedAt } = event.data;
      for (const id of event.data.dossierIds)
        await gaps.replaceOne({ _id: id }, { ownerId, openedAt }, { upsert: true, session });
    } else if (event.type === 'coverage.gap_closed') {
      await gaps.deleteMany({ _id: { $in: event.data.dossierIds } }, { session });
    }
  }
}

/** The open coverage gaps in MongoDB (GS3); written only through the event writer. */
export function createMongoCoverageGapStore(db: Db): CoverageGapStore {
  return {
    async open(ownerIds) {
      const filter = ownerIds === 'all' ? {} : { ownerId: { $in: [...ownerIds] } };
      const docs = await db.collection<GapDoc>('coverage_gaps').find(filter).sort({ _id: 1 }).toArray();
      return docs.map((d) => ({ dossierId: d._id, ownerId: d.ownerId, openedAt: d.openedAt }));
    }
  };
}
