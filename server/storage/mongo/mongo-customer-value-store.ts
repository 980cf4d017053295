import type { Db, Document } from 'mongodb';
import type { CustomerValueStore, DossierRevenue, QuietDossier } from '../../features/winback/customer-value-store';
import type { MongoContext } from './mongo-support';

/** Team scope of a dossier filter: every team, or listed teams plus listed dossiers (covered ones). */
function scope(teamIds: readonly string[] | 'all', dossierIds: readonly string[] = []): Document {
  if (teamIds === 'all') return {};
  return { $or: [{ teamId: { $in: [...teamIds] } }, { _id: { $in: [...dossierIds] } }] };
}

/** Orders by dossier and time serve CV2/CV3 (interactions' own index serves the newest `at` of CV1). */
export async function ensureMongoCustomerValueIndexes(db: Db): Promise<void> {
  await db
    .collection('interactions')
    .createIndex({ dossierId: 1, at: 1 }, { partialFilterExpression: { type: 'order' }, name: 'interactions_orders' });
}

/**
 * The issue #11 read model in MongoDB (CustomerValueStore CV1–CV3) as aggregation pipelines. CV1 looks up
 * the newest interaction of each dossier in the stages asked for (dossiers in customer/key_account/dormant:
 * a bounded share of all).
 */
export function createMongoCustomerValueStore(ctx: MongoContext): CustomerValueStore {
  const { db } = ctx;
  const dossiers = db.collection('dossiers');
  const interactions = db.collection('interactions');
  return {
    async quiet({ teamIds, dossierIds, stages, before }) {
      const rows = await dossiers
        .aggregate<QuietDossier>([
          { $match: { stage: { $in: [...stages] }, ...scope(teamIds, dossierIds) } },
          {
            $lookup: {
              from: 'interactions',
              let: { id: '$_id' },
              pipeline: [
                { $match: { $expr: { $eq: ['$dossierId', '$$id'] } } },
                { $sort: { at: -1 } },
                { $limit: 1 },
                { $project: { at: 1 } }
              ],
              as: 'last'
            }
          },
          {
            $project: {
              _id: 0,
              dossierId: '$_id',
              stage: 1,
              createdAt: 1,
              lastInteractionAt: { $ifNull: [{ $first: '$last.at' }, null] }
            }
          },
          { $match: { $expr: { $lt: [{ $ifNull: ['$lastInteractionAt', '$createdAt'] }, before] } } },
          { $sort: { dossierId: 1 } }
        ])
        .toArray();
      return rows;
    },
    async stats(list) {
      if (list.length === 0) return [];
      const from = new Map(list.map((d) => [d.dossierId, d.activeFrom]));
      const rows = await interactions
        .find({ dossierId: { $in: [...from.keys()] } }, { projection: { dossierId: 1, at: 1, type: 1, amount: 1 } })
        .toArray();
      const out = new Map(
        list.map((d) => [d.dossierId, { dossierId: d.dossierId, orderTotal: 0, interactionCount: 0, activeCount: 0 }])
      );
      for (const r of rows) {
        const entry = out.get(r.dossierId as string);
        if (!entry) continue;
        entry.interactionCount += 1;
        if ((r.at as number) >= (from.get(r.dossierId as string) ?? Infinity)) entry.activeCount += 1;
        if (r.type === 'order') entry.orderTotal += (r.amount as number | null) ?? 0;
      }
      return [...out.values()];
    },
    async revenue({ teamIds, dossierIds, since12, since36 }) {
      const inScope =
        teamIds === 'all'
          ? null
          : new Set(
              (await dossiers.find(scope(teamIds, dossierIds), { projection: { _id: 1 } }).toArray()).map((d) =>
                String(d._id)
              )
            );
      const rows = await interactions
        .aggregate<DossierRevenue>([
          {
            $match: { type: 'order', at: { $gte: since36 }, ...(inScope ? { dossierId: { $in: [...inScope] } } : {}) }
          },
          {
            $group: {
              _id: '$dossierId',
              revenue12: { $sum: { $cond: [{ $gte: ['$at', since12] }, { $ifNull: ['$amount', 0] }, 0] } },
              revenue36: { $sum: { $ifNull: ['$amount', 0] } }
            }
          },
          { $project: { _id: 0, dossierId: '$_id', revenue12: 1, revenue36: 1 } }
        ])
        .toArray();
      return rows;
    }
  };
}
