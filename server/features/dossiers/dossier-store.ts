import type { DossierSort, Stage } from '../../../src/lib/contract';
import type { NewEvent } from '../../kernel/events';
import type { Dossier, DossierPatch, DossierProjection, StageChange } from '../../kernel/types';

export interface DossierListFilter {
  /** Teams whose dossiers are visible; 'all' for admins. An empty array yields nothing. */
  teamIds: string[] | 'all';
  /** Words, each a case- and accent-insensitive substring of some listed value (DS6). */
  q?: string;
  tag?: string;
  stage?: Stage;
  ownerId?: string;
  sort: DossierSort;
  limit: number;
  /** Opaque cursor from a previous page's nextCursor. */
  cursor?: string;
}

/** Change methods take the events describing the change and write them in its transaction (ActivityStore AS3). */
export interface DossierStore {
  /** DS1 create then get returns an equal dossier; DS2 a duplicate id rejects with 'conflict'. */
  create(dossier: Dossier, events: readonly NewEvent[]): Promise<void>;
  /**
   * DS3 bulk insert for seeding and imports, with their stage history when given (read back by DS11); all or
   * nothing. Writes no events: a seeded past is not news for anyone's feed.
   */
  createMany(dossiers: Dossier[], stageHistory?: readonly StageChange[]): Promise<void>;
  /** DS4 unknown id resolves null. */
  get(id: string): Promise<Dossier | null>;
  /** DS4b the dossiers with these ids, in no particular order; unknown ids are left out (one query for a page). */
  getMany(ids: readonly string[]): Promise<Dossier[]>;
  /**
   * DS4c the 'name' sort key (companySortKey of the company, list-order.ts) of the dossiers with these ids, in no
   * particular order, unknown ids left out. Only the key, not the row: the desk orders a stand-in's 1,000+
   * covered dossiers and loads only the page it shows.
   */
  sortKeysOf(ids: readonly string[]): Promise<DossierSortKey[]>;
  /**
   * DS5 pages are ordered as list-order.ts says (the folded company with numbers by value, or updatedAt
   * newest first; then id); following nextCursor visits every matching dossier exactly once; the last page
   * has nextCursor null.
   * DS6 q is split into words; each word matches a substring of company, street, postcode, city, industry,
   * a tag or a contact name (any of them, not across two), ignoring case and accents, with ä/ö/ü also as
   * ae/oe/ue and ß as ss (search-fold.ts). More than MAX_SEARCH_WORDS words reject with 'invalid'.
   * DS7 teamIds, tag, stage and ownerId filters combine with AND.
   * DS8 a malformed cursor rejects with 'invalid'.
   */
  list(filter: DossierListFilter): Promise<{ items: Dossier[]; nextCursor: string | null }>;
  /**
   * DS9 replaces the projected values and updatedAt, and search follows (with the row's tags); returns the updated dossier, or null if unknown (then
   * the events are not written). `knowledge` (issue #9) is replaced when the projection has it and kept otherwise.
   */
  updateProjection(
    id: string,
    projection: DossierProjection,
    updatedAt: number,
    events: readonly NewEvent[]
  ): Promise<Dossier | null>;
  /**
   * DS10 moves the dossier to `change.to` only if its stage is still `expectedFrom` (a conditional update),
   * sets updatedAt = change.at, records the change in the stage history and writes the events, all in one
   * transaction; returns the updated dossier. Unknown id resolves null (nothing written); a stage other than
   * expectedFrom (a concurrent change won) rejects with 'conflict' and writes nothing.
   */
  changeStage(options: {
    expectedFrom: Stage;
    change: StageChange;
    events: readonly NewEvent[];
  }): Promise<Dossier | null>;
  /**
   * DS11 the dossier's stage changes, newest first (by at, then by the order they were recorded); an unknown
   * or never-moved dossier has none. Kept in their own table/collection, not read from the activity log,
   * which retention prunes.
   */
  stageHistory(dossierId: string): Promise<StageChange[]>;
  /**
   * DS12 sets the given record values (omitted keys stay), updatedAt, and writes the events in one
   * transaction; when tags change, search (DS6) and the tag filter (DS7) follow. Returns the updated
   * dossier, or null if unknown (then the events are not written).
   */
  patch(options: {
    id: string;
    patch: DossierPatch;
    updatedAt: number;
    events: readonly NewEvent[];
  }): Promise<Dossier | null>;
  /**
   * DS15 (issue #11 tag rename) applies DS12 to several dossiers and writes all the events, in ONE transaction:
   * all or nothing. Each item applies only while the dossier's tags are still `expectedTags` (same order);
   * otherwise (a concurrent edit) it rejects with 'conflict' and writes nothing. Unknown ids reject 'not_found'.
   */
  patchMany(options: {
    items: ReadonlyArray<{ id: string; patch: DossierPatch; expectedTags: readonly string[] }>;
    updatedAt: number;
    events: readonly NewEvent[];
  }): Promise<void>;
  /**
   * DS14 moves the dossier to owner `ownerId` only if its owner is still `expectedOwnerId` (a conditional
   * update), sets updatedAt and writes the events, all in one transaction; the owner filter (DS7) follows.
   * Returns the updated dossier. Unknown id resolves null (nothing written); another owner (a concurrent
   * change won) rejects with 'conflict' and writes nothing.
   */
  changeOwner(options: {
    id: string;
    expectedOwnerId: string;
    ownerId: string;
    updatedAt: number;
    events: readonly NewEvent[];
  }): Promise<Dossier | null>;
  /**
   * DS14 every dossier that names the user as owner, stand-in or key-account manager (offboarding, issue #9:
   * nothing may be left pointing at a leaving colleague), ordered by id. A full scan is fine: it runs once per
   * departure, not per request.
   */
  listHeldBy(userId: string): Promise<Dossier[]>;
  count(): Promise<number>;
  /**
   * DS13 who owns what, for coverage (issue #9): id, team, owner and stand-ins of every dossier owned by one of
   * `ownerIds`, in no particular order. Only these four values, so the desk can scan an absent colleague's
   * hundreds of dossiers without loading their rows. With `standInId`, only those naming that stand-in (the
   * filter runs in the store: a stand-in's few dossiers among thousands).
   */
  listByOwners(ownerIds: readonly string[], options?: { standInId?: string }): Promise<DossierOwnership[]>;
}

/** A dossier's id and its 'name' sort key (DS4c). */
export interface DossierSortKey {
  id: string;
  companySort: string;
}

/** What coverage needs of a dossier record (DS13). */
export type DossierOwnership = Pick<Dossier, 'id' | 'teamId' | 'ownerId' | 'standInIds'>;
