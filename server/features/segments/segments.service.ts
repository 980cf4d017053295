import type {
  CreateListInput,
  ListDossierPage,
  ListFilter,
  PatchListInput,
  RenameTagResultDTO,
  SavedListDTO,
  TagCountDTO
} from '../../../src/lib/contract';
import { DomainError } from '../../kernel/domain-error';
import { visibleTeams } from '../../kernel/permissions';
import type { User } from '../../kernel/types';
import type { Clock } from '../../ports/clock';
import type { IdGenerator } from '../../ports/id-generator';
import type { DossierService } from '../dossiers';
import type { SavedList, SegmentScope, SegmentStore } from './segment-store';
import { managedTeams, mayChangeList, mayReadList } from './segments.rules';

export interface SegmentService {
  tags(actor: User, options: { prefix: string; limit: number }): Promise<TagCountDTO[]>;
  renameTag(actor: User, options: { from: string; to: string }): Promise<RenameTagResultDTO>;
  lists(actor: User): Promise<SavedListDTO[]>;
  getList(actor: User, id: string): Promise<SavedListDTO>;
  createList(actor: User, input: CreateListInput): Promise<SavedListDTO>;
  updateList(actor: User, id: string, input: PatchListInput): Promise<SavedListDTO>;
  deleteList(actor: User, id: string): Promise<void>;
  /** A saved list's filter (read access checked), for its pages and its export. */
  filterOf(actor: User, id: string): Promise<ListFilter>;
  dossiers(actor: User, filter: ListFilter, page: { limit: number; cursor?: string }): Promise<ListDossierPage>;
  count(actor: User, filter: ListFilter): Promise<number>;
}

/** Tags (suggestions, rename/merge) and saved lists (issue #11). Visibility: the teams the dossier list shows. */
export function createSegmentService(deps: {
  segments: SegmentStore;
  dossiers: Pick<DossierService, 'summarize' | 'findMany' | 'retag'>;
  people: { namesOf(ids: string[]): Promise<Map<string, string>> };
  clock: Clock;
  ids: IdGenerator;
}): SegmentService {
  const { segments, clock } = deps;
  const scopeOf = (actor: User): SegmentScope => ({ teamIds: visibleTeams(actor), now: clock.now() });

  async function toDTOs(actor: User, lists: SavedList[]): Promise<SavedListDTO[]> {
    const names = await deps.people.namesOf([...new Set(lists.map((l) => l.ownerId))]);
    const scope = scopeOf(actor);
    return Promise.all(
      lists.map(async (l) => ({
        id: l.id,
        name: l.name,
        filter: l.filter,
        visibility: l.visibility,
        teamId: l.teamId,
        ownerId: l.ownerId,
        ownerName: names.get(l.ownerId) ?? '',
        count: await segments.count({ scope, filter: l.filter }),
        mine: mayChangeList(actor, l),
        createdAt: new Date(l.createdAt).toISOString(),
        updatedAt: new Date(l.updatedAt).toISOString()
      }))
    );
  }

  async function readable(actor: User, id: string): Promise<SavedList> {
    const list = await segments.getList(id);
    if (!list || !mayReadList(actor, list)) throw new DomainError('not_found', 'list not found');
    return list;
  }

  async function changeable(actor: User, id: string): Promise<SavedList> {
    const list = await readable(actor, id);
    if (!mayChangeList(actor, list)) throw new DomainError('forbidden', 'only its creator changes a saved list');
    return list;
  }

  function checkTeam(actor: User, filter: ListFilter): void {
    const teams = visibleTeams(actor);
    if (filter.teamId && teams !== 'all' && !teams.includes(filter.teamId)) {
      throw new DomainError('forbidden', 'not a member of that team');
    }
  }

  return {
    async tags(actor, { prefix, limit }) {
      return segments.tagCounts({ scope: scopeOf(actor), prefix, limit });
    },

    async renameTag(actor, { from, to }) {
      const teams = managedTeams(actor);
      if (teams !== 'all' && teams.length === 0) {
        throw new DomainError('forbidden', 'only managers and admins rename tags');
      }
      const ids = await segments.dossierIdsWithTag({ scope: { teamIds: teams, now: clock.now() }, tag: from });
      const dossiers = await deps.dossiers.findMany(ids);
      return deps.dossiers.retag({ actorId: actor.id, dossiers, from, to });
    },

    async lists(actor) {
      return toDTOs(actor, await segments.listsFor(actor.id, visibleTeams(actor)));
    },

    async getList(actor, id) {
      return (await toDTOs(actor, [await readable(actor, id)]))[0];
    },

    async createList(actor, input) {
      if (actor.role === 'viewer' && input.visibility === 'team') {
        throw new DomainError('forbidden', 'viewers keep private lists only');
      }
      checkTeam(actor, input.filter);
      const teamId = input.teamId ?? actor.teamIds[0] ?? null;
      if (input.visibility === 'team') {
        if (!teamId) throw new DomainError('invalid', 'teamId is required to share a list');
        if (actor.role !== 'admin' && !actor.teamIds.includes(teamId)) {
          throw new DomainError('forbidden', 'lists are shared with your own teams only');
        }
      }
      const now = clock.now();
      const list: SavedList = {
        id: deps.ids.next(),
        name: input.name,
        filter: input.filter,
        visibility: input.visibility,
        teamId,
        ownerId: actor.id,
        createdAt: now,
        updatedAt: now
      };
      await segments.saveList(list);
      return (await toDTOs(actor, [list]))[0];
    },

    async updateList(actor, id, input) {
      const list = await changeable(actor, id);
      if (input.filter) checkTeam(actor, input.filter);
      if (input.visibility === 'team' && !list.teamId) throw new DomainError('invalid', 'no team to share it with');
      const updated = await segments.updateList(id, {
        name: input.name ?? list.name,
        filter: input.filter ?? list.filter,
        visibility: input.visibility ?? list.visibility,
        updatedAt: clock.now()
      });
      if (!updated) throw new DomainError('not_found', 'list not found');
      return (await toDTOs(actor, [updated]))[0];
    },

    async deleteList(actor, id) {
      await changeable(actor, id);
      await segments.deleteList(id);
    },

    async filterOf(actor, id) {
      return (await readable(actor, id)).filter;
    },

    async dossiers(actor, filter, page) {
      checkTeam(actor, filter);
      const result = await segments.query({ scope: scopeOf(actor), filter, ...page });
      return { items: await deps.dossiers.summarize(result.items), nextCursor: result.nextCursor };
    },

    async count(actor, filter) {
      checkTeam(actor, filter);
      return segments.count({ scope: scopeOf(actor), filter });
    }
  };
}
