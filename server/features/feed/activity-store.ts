import type { EventType, NewEvent, StoredEvent } from '../../kernel/events';
import type { TimelineKey } from '../../kernel/timeline-cursor';

/**
 * The persisted activity log: every domain event, in commit order. It is also the outbox: the store ports'
 * change methods (sessions create/delete, dossiers create/updateProjection, versions add) take the events
 * that describe the change and write them in the same transaction.
 *
 * Rules (contract suite: tests/contract/activity-store.contract.ts):
 * - AS1 events get consecutive seqs after every earlier committed event, in the order given: the log has no
 *   holes and a reader that has seen seq n has seen every seq below it once its commit is visible.
 * - AS2 listSince returns events with seq > afterSeq of the given teams (or all) and types (or all), oldest
 *   first, at most `limit`.
 * - AS3 change and event commit together: a change method that fails writes no event; a change that does not
 *   happen (unknown id, nothing deleted) writes no event; an event is never written without its change.
 * - AS4 bounds: lastSeq is the highest seq ever assigned (0 when none; it survives deletion), oldestSeq the
 *   lowest retained (null when the log is empty).
 * - AS5 deleteOlderThan removes events with `at` < the given time and renumbers nothing.
 * - AS6 the stored event reads back equal to what was written (envelope and data), with its seq.
 * - AS7 listForDossier returns one dossier's events of the given types in timeline order (at desc, id desc),
 *   strictly after `before` in that order when given, at most `limit`; paging by the last event's (at, id)
 *   visits each exactly once. No types yields nothing.
 * - AS8 listForDossiers returns the events of the given dossiers and types with from <= at < to, oldest first
 *   (by at, then seq), at most `limit`. No dossiers or no types yields nothing. (The digest of an absence:
 *   one query over a person's dossiers, served by the per-dossier (dossier_id, at) index.)
 * - AS9 listPage (the activity feed, issue #10) returns events visible through `teamIds` (events of those
 *   teams, or all) or through `dossierIds` (covered dossiers of other teams, any team), narrowed by every
 *   filter given: `userId` as actor or on-behalf-of, `dossierId`, `types`, `pointOfSale` (the interaction's),
 *   seq > afterSeq, seq < beforeSeq; at most `limit`. `order: 'newest'` (default) pages backwards from
 *   beforeSeq; `'oldest'` reads forwards from afterSeq (a backlog). Events without a team are never listed
 *   through `teamIds` (they belong to no team's feed). No teams and no dossiers, or no types, yields nothing.
 */
export interface ActivityStore {
  /** AS1 appends events that describe no stored change (a change's events go through its change method). */
  append(events: readonly NewEvent[]): Promise<StoredEvent[]>;
  /** AS2 */
  listSince(options: {
    afterSeq: number;
    teamIds: string[] | 'all';
    types?: readonly EventType[];
    limit: number;
  }): Promise<StoredEvent[]>;
  /** AS7 the system entries of a dossier's timeline (kernel/timeline-entries.ts). */
  listForDossier(
    dossierId: string,
    options: { types: readonly EventType[]; before?: TimelineKey; limit: number }
  ): Promise<StoredEvent[]>;
  /** AS8 */
  listForDossiers(options: {
    dossierIds: readonly string[];
    types: readonly EventType[];
    from: number;
    to: number;
    limit: number;
  }): Promise<StoredEvent[]>;
  /** AS9 */
  listPage(options: ActivityPageQuery): Promise<StoredEvent[]>;
  /** AS4 */
  bounds(): Promise<{ oldestSeq: number | null; lastSeq: number }>;
  /** AS5 returns how many were removed. */
  deleteOlderThan(at: number): Promise<number>;
}

/** AS9 what the activity feed asks the log for (authorisation has already narrowed teamIds / dossierIds). */
export interface ActivityPageQuery {
  teamIds: readonly string[] | 'all';
  /** Dossiers visible beside the teams (coverage of another team's dossiers). */
  dossierIds?: readonly string[];
  userId?: string;
  dossierId?: string;
  types?: readonly EventType[];
  pointOfSale?: string;
  afterSeq?: number;
  beforeSeq?: number;
  order?: 'newest' | 'oldest';
  limit: number;
}
