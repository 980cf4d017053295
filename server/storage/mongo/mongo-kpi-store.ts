import type { Db, Document } from 'mongodb';
import { pairGaps, type KpiFacts, type KpiStore } from '../../features/kpis/kpi-store';
import type { MongoContext } from './mongo-support';

const KEY_FIELD = { team: '$teamId', person: '$authorId', pointOfSale: '$pointOfSale' } as const;

/** Indexes the KPI pipelines use (the SQLite adapter's sqlite-kpi-migration.ts, in MongoDB). */
export async function ensureMongoKpiIndexes(db: Db): Promise<void> {
  await Promise.all([
    db.collection('interactions').createIndex({ teamId: 1, at: 1 }),
    db.collection('interactions').createIndex({ dossierId: 1, direction: 1, at: 1 }),
    db.collection('stage_changes').createIndex({ dossierId: 1, at: 1 }),
    db.collection('tasks').createIndex({ teamId: 1, updatedAt: 1 }, { partialFilterExpression: { status: 'done' } }),
    db.collection('handoffs').createIndex({ teamId: 1, createdAt: 1 }),
    db.collection('activity').createIndex({ type: 1, teamId: 1, at: 1 }),
    db.collection('dossiers').createIndex({ teamId: 1, createdAt: 1 })
  ]);
}

/**
 * KpiStore over MongoDB (KS1–KS6) with aggregation pipelines. MongoDB computes local days itself
 * (`$dateToString` with the team's `timezone`), so interactions are grouped straight from the collection by
 * the { teamId, at } index; no read model. Not tuned for the 1,000,000-interaction benchmark (SQLite is).
 */
export function createMongoKpiStore(ctx: MongoContext): KpiStore {
  const { db } = ctx;
  const col = (name: string) => db.collection<Document>(name);

  return {
    async knowledgeRisk(q) {
      const dossiers = await col('dossiers')
        .find({ teamId: q.teamId }, { projection: { _id: 1, ownerId: 1, standInIds: 1, knowledge: 1, createdAt: 1 } })
        .toArray();
      const last = new Map(
        (
          await col('interactions')
            .aggregate([
              { $match: { dossierId: { $in: dossiers.map((d) => d._id) } } },
              { $group: { _id: '$dossierId', at: { $max: '$at' } } }
            ])
            .toArray()
        ).map((r) => [r._id as string, r.at as number])
      );
      const byOwner = new Map<string, { ownerId: string; dossiers: number; atRisk: number }>();
      for (const d of dossiers) {
        const k = d.knowledge as
          | {
              hasPrimaryContact?: boolean;
              primaryContactConfirmedAt?: string | null;
              hasMainInterests?: boolean;
              hasAgreedConditions?: boolean;
            }
          | undefined;
        const confirmed =
          k?.hasPrimaryContact && k.primaryContactConfirmedAt ? Date.parse(k.primaryContactConfirmedAt) : NaN;
        const atRisk =
          ((d.standInIds as string[] | undefined) ?? []).length === 0 ||
          !(q.now - confirmed <= q.contactConfirmMs) ||
          !k?.hasMainInterests ||
          !k.hasAgreedConditions ||
          q.now - (last.get(d._id as unknown as string) ?? (d.createdAt as number)) > q.quietMs;
        const row = byOwner.get(d.ownerId as string) ?? { ownerId: d.ownerId as string, dossiers: 0, atRisk: 0 };
        row.dossiers += 1;
        if (atRisk) row.atRisk += 1;
        byOwner.set(row.ownerId, row);
      }
      return [...byOwner.values()];
    },
    async facts(q) {
      const inPeriod = { $gte: q.start, $lt: q.end };
      const localDay = { $dateToString: { format: '%Y-%m-%d', date: { $toDate: '$at' }, timezone: q.timeZone } };
      const interactionMatch = [{ $match: { teamId: q.teamId, at: inPeriod } }];
      const teamDossiers = (await col('dossiers')
        .find({ teamId: q.teamId }, { projection: { _id: 1, ownerId: 1, stage: 1, createdAt: 1 } })
        .toArray()) as unknown as Array<{ _id: string; ownerId: string; stage: string; createdAt: number }>;
      const ownerOf = new Map(teamDossiers.map((d) => [d._id, d.ownerId]));
      const dossierIds = teamDossiers.map((d) => d._id);

      const [interactions, interactionDays] = await Promise.all([
        col('interactions')
          .aggregate([
            ...interactionMatch,
            {
              $group: {
                _id: { key: KEY_FIELD[q.groupBy], type: '$type' },
                count: { $sum: 1 },
                amountCents: { $sum: { $round: [{ $multiply: [{ $ifNull: ['$amount', 0] }, 100] }, 0] } }
              }
            },
            { $project: { _id: 0, key: '$_id.key', type: '$_id.type', count: 1, amountCents: 1 } }
          ])
          .toArray(),
        col('interactions')
          .aggregate([
            ...interactionMatch,
            { $group: { _id: { day: localDay, type: '$type' }, count: { $sum: 1 } } },
            { $project: { _id: 0, day: '$_id.day', type: '$_id.type', count: 1 } }
          ])
          .toArray()
      ]);

      // KS2: dossiers created in the period whose first stage was lead.
      const created = teamDossiers.filter((d) => d.createdAt >= q.start && d.createdAt < q.end);
      const leads = (
        await Promise.all(
          created.map(async (d) => {
            const firstMove = await col('stage_changes')
              .find({ dossierId: d._id })
              .sort({ at: 1, order: 1 })
              .limit(1)
              .next();
            const initial = firstMove ? (firstMove.from ?? firstMove.to) : d.stage;
            if (initial !== 'lead') return null;
            const after = { dossierId: d._id, at: { $gte: d.createdAt } };
            const [first, outbound, converted] = await Promise.all([
              col('interactions').find(after).sort({ at: 1, _id: 1 }).limit(1).next(),
              col('interactions')
                .find({ ...after, direction: 'outbound' })
                .sort({ at: 1 })
                .limit(1)
                .next(),
              col('stage_changes')
                .find({ dossierId: d._id, to: { $in: ['customer', 'key_account'] } })
                .sort({ at: 1 })
                .limit(1)
                .next()
            ]);
            return {
              dossierId: d._id,
              arrivedAt: d.createdAt,
              ownerId: d.ownerId,
              pointOfSale: first?.pointOfSale ?? null,
              respondedAt: (outbound?.at as number | undefined) ?? null,
              convertedAt: (converted?.at as number | undefined) ?? null
            };
          })
        )
      ).filter((l) => l !== null);

      const [tasks, tickets, handoffs, opened, closed, moves, lastStages] = await Promise.all([
        col('tasks')
          .aggregate([
            { $match: { teamId: q.teamId, dueAt: inPeriod } },
            {
              $project: {
                _id: 0,
                kind: 1,
                assigneeId: 1,
                dueAt: 1,
                doneAt: { $cond: [{ $eq: ['$status', 'done'] }, '$updatedAt', null] }
              }
            }
          ])
          .toArray(),
        col('tasks')
          .aggregate([
            { $match: { teamId: q.teamId, status: 'done', kind: 'ticket', updatedAt: inPeriod } },
            { $lookup: { from: 'interactions', localField: 'interactionId', foreignField: '_id', as: 'complaint' } },
            {
              $project: {
                _id: 0,
                assigneeId: 1,
                createdAt: 1,
                doneAt: '$updatedAt',
                pointOfSale: { $ifNull: [{ $first: '$complaint.pointOfSale' }, null] }
              }
            }
          ])
          .toArray(),
        col('handoffs')
          .find(
            { teamId: q.teamId, createdAt: inPeriod },
            { projection: { _id: 0, toUserId: 1, createdAt: 1, pickedUpAt: 1 } }
          )
          .toArray(),
        col('activity')
          .find({ type: 'coverage.gap_opened', teamId: q.teamId, at: inPeriod })
          .sort({ seq: 1 })
          .toArray(),
        col('activity')
          .find({ type: 'coverage.gap_closed', teamId: q.teamId, at: { $gte: q.start } })
          .sort({ seq: 1 })
          .toArray(),
        col('stage_changes')
          .find({
            dossierId: { $in: dossierIds },
            at: inPeriod,
            $or: [
              { to: 'dormant' },
              { from: { $in: ['dormant', 'winback'] }, to: { $in: ['customer', 'key_account'] } }
            ]
          })
          .toArray(),
        // KS6: the last stage each dossier entered before the end.
        col('stage_changes')
          .aggregate([
            { $match: { dossierId: { $in: dossierIds }, at: { $lt: q.end } } },
            { $sort: { at: -1, order: -1 } },
            { $group: { _id: '$dossierId', stage: { $first: '$to' } } }
          ])
          .toArray()
      ]);

      const stageAt = new Map(lastStages.map((s) => [s._id as string, s.stage as string]));
      const stageCounts = new Map<string, { ownerId: string; stage: string; count: number }>();
      for (const d of teamDossiers) {
        if (d.createdAt >= q.end) continue;
        const stage = stageAt.get(d._id) ?? d.stage;
        const key = `${d.ownerId}\u0000${stage}`;
        const c = stageCounts.get(key) ?? { ownerId: d.ownerId, stage, count: 0 };
        c.count += 1;
        stageCounts.set(key, c);
      }
      const asRows = (docs: Document[]) =>
        docs.map((e) => ({ at: e.at as number, data: JSON.stringify(e.data ?? {}) }));

      return {
        interactions: interactions as KpiFacts['interactions'],
        interactionDays: interactionDays as KpiFacts['interactionDays'],
        leads: leads as KpiFacts['leads'],
        tasks: tasks.map((t) => ({ ...t, doneAt: t.doneAt ?? null })) as KpiFacts['tasks'],
        tickets: tickets as KpiFacts['tickets'],
        handoffs: handoffs.map((h) => ({ ...h, pickedUpAt: h.pickedUpAt ?? null })) as unknown as KpiFacts['handoffs'],
        gaps: pairGaps(asRows(opened), asRows(closed)),
        stageMoves: moves.map((m) => ({
          ownerId: ownerOf.get(m.dossierId as string) ?? '',
          from: m.from,
          to: m.to,
          at: m.at
        })),
        stagesAtEnd: [...stageCounts.values()] as KpiFacts['stagesAtEnd']
      };
    }
  };
}
