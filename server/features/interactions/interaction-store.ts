import type { Direction, InteractionType, PointOfSale } from '../../../src/lib/contract';
import type { NewEvent } from '../../kernel/events';

/** One correction of an interaction: who, when, and the summary as it read before. */
export interface InteractionCorrection {
  byId: string;
  at: number;
  previousSummary: string;
}

/** What a person logged on a dossier's timeline (issue #8). Times are epoch ms. */
export interface Interaction {
  id: string;
  dossierId: string;
  teamId: string;
  type: InteractionType;
  /** When the contact happened (may be back-dated); the timeline sorts by it. */
  at: number;
  pointOfSale: PointOfSale;
  direction: Direction | null;
  contactName: string | null;
  summary: string;
  /** EUR, offers and orders only. */
  amount: number | null;
  /** Kept as an id: names come from identity, so an author stays named after deactivation. */
  authorId: string;
  createdAt: number;
  /** Every correction, oldest first (the whole chain is kept, so no earlier wording is ever lost). */
  corrections: InteractionCorrection[];
}

/** The values a correction may change; `null` clears an optional one. */
export interface InteractionPatch {
  summary?: string;
  contactName?: string | null;
  at?: number;
  pointOfSale?: PointOfSale;
  direction?: Direction | null;
  amount?: number | null;
}

export interface InteractionPageQuery {
  type?: InteractionType;
  pointOfSale?: PointOfSale;
  /** Opaque keyset cursor (list-cursor.ts, key = at): the page starts after that entry. */
  cursor?: string;
  limit: number;
}

/**
 * The interactions of dossiers' timelines.
 *
 * Rules (contract suite: tests/contract/interaction-store.contract.ts):
 * - IS1 add then get returns an equal interaction; a duplicate id rejects with 'conflict' and writes no event.
 * - IS2 correct applies the patch and appends { byId, at, previousSummary } to `corrections`, where
 *   previousSummary is the summary just before this correction; earlier corrections stay (the chain).
 *   Unknown id resolves null and writes no event.
 * - IS3 page returns one dossier's interactions newest first by `at`, ties by id descending; following
 *   nextCursor visits every matching interaction exactly once; the last page has nextCursor null.
 * - IS4 type and pointOfSale filter (AND); a malformed cursor rejects with 'invalid'.
 * - IS5 change and events commit together (ActivityStore AS3).
 * - IS6 addMany inserts a batch (seeding, imports) all or nothing and writes no events; a duplicate id rejects
 *   with 'conflict' and leaves none of the batch.
 * - IS7 lastAt gives, per dossier of the list that has interactions, the newest `at` (issue #9 knowledge at
 *   risk K4: one grouped query over a person's dossiers, served by the (dossier_id, at) index).
 */
export interface InteractionStore {
  /** IS1 IS5 */
  add(interaction: Interaction, events: readonly NewEvent[]): Promise<void>;
  /** IS6 */
  addMany(interactions: readonly Interaction[]): Promise<void>;
  /** IS2 IS5 returns the corrected interaction, or null if unknown. */
  correct(
    id: string,
    patch: InteractionPatch,
    correctedBy: string,
    at: number,
    events: readonly NewEvent[]
  ): Promise<Interaction | null>;
  /** IS1 null when unknown. */
  get(id: string): Promise<Interaction | null>;
  /** IS7 dossiers without interactions are left out. */
  lastAt(dossierIds: readonly string[]): Promise<Map<string, number>>;
  /** IS3 IS4 */
  page(dossierId: string, query: InteractionPageQuery): Promise<{ items: Interaction[]; nextCursor: string | null }>;
}

/** Applies a patch as IS2 says; both adapters use it so they cannot differ. */
export function applyCorrection(current: Interaction, patch: InteractionPatch, byId: string, at: number): Interaction {
  const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as InteractionPatch;
  return {
    ...current,
    ...defined,
    corrections: [...current.corrections, { byId, at, previousSummary: current.summary }]
  };
}
