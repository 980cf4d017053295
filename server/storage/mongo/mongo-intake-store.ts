import type { ClientSession, Db } from 'mongodb';
import { DomainError } from '../../kernel/domain-error';
import type { IntakeKey, IntakeStore, LeadRecords } from '../../features/intake/intake-store';
import { writeMongoEvents } from './mongo-activity-store';
import { appendMongoDocument } from './mongo-document-store';
import { insertMongoDossier } from './mongo-dossier-store';
import { insertMongoInteraction } from './mongo-interaction-store';
import { insertMongoTask } from './mongo-task-store';
import { insertMongoVersion } from './mongo-version-store';
import { inTransaction, isDuplicateKey, withConflict, type MongoContext } from './mongo-support';

type KeyDoc = Omit<IntakeKey, 'id'> & { _id: string };
/** One document per (team, key, dossier): _id makes IL2's repeat a no-op. */
interface LeadDoc {
  _id: string;
  teamId: string;
  key: string;
  dossierId: string;
  at: number;
}
/** IL4: `_id` is JSON [teamId, key], so a key of a team belongs to one dossier (the first to insert it). */
interface IdentityDoc {
  _id: string;
  dossierId: string;
}
interface TurnDoc {
  _id: string;
  turn: number;
}

const toKey = ({ _id, ...rest }: KeyDoc): IntakeKey => ({ id: _id, ...rest });

export async function ensureMongoIntakeIndexes(db: Db): Promise<void> {
  await db
    .collection<KeyDoc>('intake_keys')
    .createIndexes([{ key: { hash: 1 }, unique: true }, { key: { teamId: 1, createdAt: -1, _id: -1 } }]);
  await db.collection<LeadDoc>('intake_leads').createIndex({ teamId: 1, key: 1, at: 1 });
  // IL4 identities came after the ledger: a database with leads but no identities gets them once, the
  // earliest lead per key winning (as the SQLite migration does). Duplicate _ids are the later leads: ignored.
  const identities = db.collection<IdentityDoc>('intake_identities');
  if ((await identities.estimatedDocumentCount()) === 0) {
    const ledger = await db.collection<LeadDoc>('intake_leads').find().sort({ at: 1, _id: 1 }).toArray();
    const seen = new Set<string>();
    const docs: IdentityDoc[] = [];
    for (const lead of ledger) {
      const _id = JSON.stringify([lead.teamId, lead.key]);
      if (!seen.has(_id)) docs.push({ _id, dossierId: lead.dossierId });
      seen.add(_id);
    }
    if (docs.length)
      await identities.insertMany(docs, { ordered: false }).catch((e: unknown) => {
        if (!isDuplicateKey(e)) throw e;
      });
  }
}

/** Intake keys, lead ledger and round-robin turns in MongoDB (IntakeStore IK1..RR1). */
export function createMongoIntakeStore(ctx: MongoContext): IntakeStore {
  const keys = ctx.db.collection<KeyDoc>('intake_keys');
  const leads = ctx.db.collection<LeadDoc>('intake_leads');
  const turns = ctx.db.collection<TurnDoc>('intake_turns');
  const identities = ctx.db.collection<IdentityDoc>('intake_identities');
  const identityId = (teamId: string, key: string) => JSON.stringify([teamId, key]);

  async function claimant(lead: LeadRecords, session?: ClientSession): Promise<string | null> {
    const ids = lead.keys.map((key) => identityId(lead.teamId, key));
    const docs = await identities.find({ _id: { $in: ids } }, { session }).toArray();
    // The first key that is claimed, in the lead's key order (as SQLite does).
    const byId = new Map(docs.map((d) => [d._id, d.dossierId]));
    return ids.map((id) => byId.get(id)).find((d) => d !== undefined) ?? null;
  }
  return {
    async createKey(key, events) {
      const { id, ...rest } = key;
      await withConflict(`intake key ${key.id}`, () =>
        inTransaction(ctx, async (session) => {
          await keys.insertOne({ _id: id, ...rest }, { session });
          await writeMongoEvents(ctx.db, session, events);
        })
      );
    },
    async listKeys(teamId) {
      return (await keys.find({ teamId }).sort({ createdAt: -1, _id: -1 }).toArray()).map(toKey);
    },
    async findKeyByHash(hash) {
      const doc = await keys.findOne({ hash });
      return doc ? toKey(doc) : null;
    },
    async revokeKey({ teamId, id, at, events }) {
      return inTransaction(ctx, async (session) => {
        const doc = await keys.findOne({ _id: id, teamId }, { session });
        if (!doc) return null;
        if (doc.revokedAt !== null) return toKey(doc);
        await keys.updateOne({ _id: id }, { $set: { revokedAt: at } }, { session });
        await writeMongoEvents(ctx.db, session, events);
        return toKey({ ...doc, revokedAt: at });
      });
    },
    async touchKey(id, at) {
      await keys.updateOne({ _id: id }, { $set: { lastUsedAt: at } });
    },
    async findLead(teamId, leadKeys) {
      if (leadKeys.length === 0) return null;
      const doc = await leads
        .find({ teamId, key: { $in: [...leadKeys] } })
        .sort({ at: 1, _id: 1 })
        .limit(1)
        .next();
      return doc?.dossierId ?? null;
    },
    async recordLead(lead) {
      const { teamId, dossierId, at } = lead;
      try {
        // IL3: the whole lead in one transaction. A concurrent identical lead makes one of the two
        // transactions fail on the identity _id (a write conflict, retried by the driver, then E11000).
        return await inTransaction(ctx, async (session) => {
          if (lead.newDossier) {
            const owner = await claimant(lead, session);
            if (owner !== null) return { duplicateOf: owner };
            await identities.insertMany(
              lead.keys.map((key) => ({ _id: identityId(teamId, key), dossierId })),
              { session }
            );
            const { dossier, document, version } = lead.newDossier;
            await appendMongoDocument(ctx.db, session, dossier.id, [document]);
            await insertMongoVersion(ctx.db, session, version);
            await insertMongoDossier(ctx.db, session, dossier);
          } else {
            // Upserts, not inserts: a duplicate-key error would abort the whole transaction.
            for (const key of lead.keys) {
              const _id = identityId(teamId, key);
              await identities.updateOne({ _id }, { $setOnInsert: { dossierId } }, { upsert: true, session });
            }
          }
          // Upserts, not inserts: IL2 repeats are no-ops.
          for (const key of lead.keys) {
            const _id = JSON.stringify([teamId, key, dossierId]);
            await leads.updateOne({ _id }, { $setOnInsert: { teamId, key, dossierId, at } }, { upsert: true, session });
          }
          if (lead.interaction) await insertMongoInteraction(ctx.db, session, lead.interaction);
          if (lead.task) await insertMongoTask(ctx.db, session, lead.task);
          await writeMongoEvents(ctx.db, session, lead.events);
          return { duplicateOf: null };
        });
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
        const owner = lead.newDossier ? await claimant(lead) : null;
        if (owner !== null) return { duplicateOf: owner };
        throw new DomainError('conflict', 'a record of this lead already exists');
      }
    },
    async nextTurn(teamId) {
      // $inc on an upsert is atomic per document; the first call creates turn 1, so subtract one for 0-based.
      const doc = await turns.findOneAndUpdate(
        { _id: teamId },
        { $inc: { turn: 1 } },
        { upsert: true, returnDocument: 'after' }
      );
      return doc!.turn - 1;
    }
  };
}
