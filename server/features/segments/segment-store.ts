import type { ListFilter, ListVisibility } from '../../../src/lib/contract';
import type { Dossier } from '../../kernel/types';

/** A saved list: a named filter set, private to its owner or shared with a team. */
export interface SavedList {
  id: string;
  name: string;
  filter: ListFilter;
  visibility: ListVisibility;
  /** The team a shared list is shared with (also kept for private lists: the owner's team when saved). */
  teamId: string | null;
  ownerId: string;
  createdAt: number;
  updatedAt: number;
}

/**
 * What a query may see: the teams whose dossiers the caller may list ('all' for admins), as the dossier list
 * applies it (DossierService.list: lists stay team lists; covered dossiers are on the desk).
 */
export interface SegmentScope {
  teamIds: string[] | 'all';
  /** Epoch ms "now": the revenue window (REVENUE_WINDOW_MONTHS) ends here. */
  now: number;
}

/**
 * Port: tags, saved lists and the segment queries over dossier records (issue #11).
 *
 * SG1 tagCounts gives tags starting with `prefix` (case-insensitive; '' = all) on dossiers in scope, with how
 *     many such dossiers carry each, most used first then by tag; at most `limit`.
 * SG2 dossierIdsWithTag gives the ids of the dossiers in scope carrying exactly `tag`.
 * SG3 saveList then getList returns an equal list; updateList replaces name/filter/visibility and updatedAt
 *     (null when unknown); deleteList removes it (false when unknown).
 * SG4 listsFor(userId, teamIds) gives the user's own lists and the lists shared with one of `teamIds`
 *     ('all': every shared list), by name then id.
 * SG5 query pages the dossiers in scope matching every given filter (AND), ordered by the folded company then
 *     id; following nextCursor visits each exactly once; count gives their number. Filters: tag (exact),
 *     stage, ownerId, teamId (exact), industry and city (trimmed, ASCII case-insensitive), and from the
 *     timeline: the last interaction's time (lastContactBefore: before that day or never; lastContactAfter: on
 *     or after it) and point of sale, and the revenue band of the order amounts in the window (REVENUE_BANDS).
 * SG6 a malformed cursor rejects with 'invalid'.
 */
export interface SegmentStore {
  tagCounts(options: { scope: SegmentScope; prefix: string; limit: number }): Promise<{ tag: string; count: number }[]>;
  dossierIdsWithTag(options: { scope: SegmentScope; tag: string }): Promise<string[]>;
  saveList(list: SavedList): Promise<void>;
  getList(id: string): Promise<SavedList | null>;
  updateList(
    id: string,
    values: Pick<SavedList, 'name' | 'filter' | 'visibility' | 'updatedAt'>
  ): Promise<SavedList | null>;
  deleteList(id: string): Promise<boolean>;
  listsFor(userId: string, teamIds: string[] | 'all'): Promise<SavedList[]>;
  query(options: {
    scope: SegmentScope;
    filter: ListFilter;
    limit: number;
    cursor?: string;
  }): Promise<{ items: Dossier[]; nextCursor: string | null }>;
  count(options: { scope: SegmentScope; filter: ListFilter }): Promise<number>;
}
