import type { ClientSession, Db, Filter } from 'mongodb';
import { decodeTimelineCursor, encodeTimelineCursor } from '../../kernel/timeline-cursor';
import {
  applyCorrection,
  type Interaction,
  type InteractionStore
} from '../../features/interactions/interaction-store';
import { writeMongoEvents } from './mongo-activity-store';
import { inTransaction, withConflict, type MongoContext } from './mongo-support';

type InteractionDoc = Omit<Interaction, 'id'> & { _id: string };

export async function ensureMongoInteractionIndexes(db: Db): Promise<void> {
  await db.collection<InteractionDoc>('interactions').createIndex({ dossierId: 1, at: -1, _id: -1 });
}

const toInteraction = ({ _id, ...rest }: InteractionDoc): Interaction => ({ id: _id, ...rest });
const toDoc = ({ id, ...rest }: Interaction): InteractionDoc => ({ _id: id, ...rest });

/** Inserts one interaction in the caller's transaction (the intake store writes a lead's message with it). */
export async function insertMongoInteraction(db: Db, session: ClientSession, interaction: Interaction): Promise<void> {
  await db.collection<InteractionDoc>('interactions').insertOne(toDoc(interaction), { session });
}

/** Timeline interactions in MongoDB; corrections are an embedded array (the chain, IS2). */
export function createMongoInteractionStore(ctx: MongoContext): InteractionStore {
  const interactions = ctx.db.collection<InteractionDoc>('interactions');
  return {
    async add(interaction, events) {
      await withConflict(`interaction ${interaction.id}`, () =>
        inTransaction(ctx, async (session) => {
          await interactions.insertOne(toDoc(interaction), { session });
          await writeMongoEvents(ctx.db, session, events);
        })
      );
    },
    async addMany(list) {
      if (list.length === 0) return;
      await withConflict('an interaction', () =>
        inTransaction(ctx, async (session) => {
          await interactions.insertMany(list.map(toDoc), { session });
        })
      );
    },
    async correct(id, patch, correctedBy, at, events) {
      return inTransaction(ctx, async (session) => {
        const doc = await interactions.findOne({ _id: id }, { session });
        if (!doc) return null;
        const corrected = applyCorrection(toInteraction(doc), patch, correctedBy, at);
        await interactions.replaceOne({ _id: id }, toDoc(corrected), { session });
        await writeMongoEvents(ctx.db, session, events);
        return corrected;
      });
    },
    async get(id) {
      const doc = await interactions.findOne({ _id: id });
      return doc ? toInteraction(doc) : null;
    },
    async lastAt(dossierIds) {
      if (dossierIds.length === 0) return new Map();
      const rows = await interactions
        .aggregate<{ _id: string; at: number }>([
          { $match: { dossierId: { $in: [...dossierIds] } } },
          { $group: { _id: '$dossierId', at: { $max: '$at' } } }
        ])
        .toArray();
      return new Map(rows.map((r) => [r._id, r.at]));
    },
    async page(dossierId, { type, pointOfSale, cursor, limit }) {
      const filter: Filter<InteractionDoc> = { dossierId };
      if (type) filter.type = type;
      if (pointOfSale) filter.pointOfSale = pointOfSale;
      if (cursor) {
        const after = decodeTimelineCursor(cursor);
        filter.$or = [{ at: { $lt: after.at } }, { at: after.at, _id: { $lt: after.id } }];
      }
      const docs = await interactions
        .find(filter)
        .sort({ at: -1, _id: -1 })
        .limit(limit + 1)
        .toArray();
      const items = docs.slice(0, limit).map(toInteraction);
      const last = items.at(-1);
      return { items, nextCursor: docs.length > limit && last ? encodeTimelineCursor(last) : null };
    }
  };
}
