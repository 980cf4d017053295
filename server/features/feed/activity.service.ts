import {
  coalesceItems,
  type ActivityFilter,
  type ActivityItemDTO,
  type ActivityPage,
  type ActivityQuery,
  type FeedSubscribeResult
} from '../../../src/lib/contract';
import { DomainError } from '../../kernel/domain-error';
import type { EventType } from '../../kernel/events';
import type { User } from '../../kernel/types';
import type { ActivityStore } from './activity-store';
import { dossierNameIn, peopleOf, toActivityItem, type FeedSourceEvent } from './activity-item';
import { resolveScope, type ActivityScope } from './activity-scope';

/** FEED_COALESCE_MINUTES default. */
export const DEFAULT_COALESCE_MS = 5 * 60_000;
/** A backlog longer than this is not replayed: the client reloads its first page (as feed:resume's MAX_REPLAY). */
export const MAX_BACKLOG = 500;
/** Team names change rarely (an admin renames a team): read at most once a minute. */
const TEAM_NAMES_MS = 60_000;

export interface ActivityService {
  readonly coalesceMs: number;
  /** Authorises a filter for a user (SC1–SC3): the scope, or forbidden. */
  scopeFor(user: User, filter: ActivityFilter): Promise<ActivityScope>;
  /** GET /api/activity: a page newest first, coalesced; nextCursor pages older (beforeSeq). */
  page(user: User, query: ActivityQuery): Promise<ActivityPage>;
  /** feed:subscribe's backlog: after afterSeq up to `head` (or the latest page), coalesced, newest first. */
  backlog(scope: ActivityScope, options: { afterSeq?: number; head: number }): Promise<FeedSubscribeResult>;
  /** Feed items of events, names resolved in one batch per kind (not coalesced). */
  itemsOf(events: readonly FeedSourceEvent[]): Promise<ActivityItemDTO[]>;
}

export function createActivityService(deps: {
  activity: ActivityStore;
  /** Continuity's coverage audience (F1): the dossiers of other teams a user covers now. */
  followedBy?: (userId: string) => Promise<Array<{ dossierId: string; teamId: string }>>;
  people: { namesOf(ids: string[]): Promise<Map<string, string>> };
  dossierNames: (ids: string[]) => Promise<Map<string, string>>;
  teamNames: () => Promise<Map<string, string>>;
  clock: { now(): number };
  coalesceMs?: number;
}): ActivityService {
  const coalesceMs = deps.coalesceMs ?? DEFAULT_COALESCE_MS;
  let teams: { readAt: number; names: Promise<Map<string, string>> } | null = null;
  const teamNames = () => {
    const now = deps.clock.now();
    if (!teams || now - teams.readAt >= TEAM_NAMES_MS || now < teams.readAt) {
      teams = { readAt: now, names: deps.teamNames() };
      teams.names.catch(() => (teams = null));
    }
    return teams.names;
  };

  async function itemsOf(events: readonly FeedSourceEvent[]): Promise<ActivityItemDTO[]> {
    if (events.length === 0) return [];
    const people = [...new Set(events.flatMap(peopleOf))];
    const unnamed = [
      ...new Set(events.filter((e) => e.dossierId && !dossierNameIn(e)).map((e) => e.dossierId as string))
    ];
    const [peopleNames, dossierNames, teamMap] = await Promise.all([
      people.length ? deps.people.namesOf(people) : new Map<string, string>(),
      unnamed.length ? deps.dossierNames(unnamed) : new Map<string, string>(),
      teamNames()
    ]);
    return events.map((e) => toActivityItem(e, { people: peopleNames, dossiers: dossierNames, teams: teamMap }));
  }

  const query = (scope: ActivityScope) => ({
    teamIds: scope.teamIds,
    dossierIds: scope.dossierIds,
    userId: scope.userId,
    dossierId: scope.dossierId,
    types: scope.types as EventType[],
    pointOfSale: scope.pointOfSale
  });

  async function latest(scope: ActivityScope, options: { beforeSeq?: number; afterSeq?: number; limit: number }) {
    const events = await deps.activity.listPage({ ...query(scope), ...options, order: 'newest' });
    const items = coalesceItems(await itemsOf(events), coalesceMs);
    const nextCursor = events.length === options.limit ? String(events[events.length - 1]!.seq) : null;
    return { items, nextCursor };
  }

  const service: ActivityService = {
    coalesceMs,
    async scopeFor(user, filter) {
      const admin = user.role === 'admin';
      const covered = !admin && !filter.team && deps.followedBy ? await deps.followedBy(user.id) : [];
      return resolveScope({
        user,
        filter,
        covered: covered.filter((c) => !user.teamIds.includes(c.teamId)).map((c) => c.dossierId)
      });
    },
    async page(user, { afterSeq, beforeSeq, limit, ...filter }) {
      if (afterSeq !== undefined && beforeSeq !== undefined && beforeSeq <= afterSeq + 1) {
        return { items: [], nextCursor: null };
      }
      const scope = await service.scopeFor(user, filter);
      return latest(scope, { afterSeq, beforeSeq, limit });
    },
    async backlog(scope, { afterSeq, head }) {
      const beforeSeq = head + 1;
      if (afterSeq === undefined) return { ...(await latest(scope, { beforeSeq, limit: 50 })), lastSeq: head };
      if (afterSeq > head) throw new DomainError('invalid', 'afterSeq is ahead of the log');
      // Events after afterSeq were deleted by retention: what the client shows cannot be completed.
      const { oldestSeq } = await deps.activity.bounds();
      const gone = oldestSeq === null ? afterSeq < head : afterSeq < oldestSeq - 1;
      if (gone) return { ...(await latest(scope, { beforeSeq, limit: 50 })), reset: true, lastSeq: head };
      const events = await deps.activity.listPage({
        ...query(scope),
        afterSeq,
        beforeSeq,
        order: 'oldest',
        limit: MAX_BACKLOG + 1
      });
      if (events.length > MAX_BACKLOG) {
        return { ...(await latest(scope, { beforeSeq, limit: 50 })), reset: true, lastSeq: head };
      }
      const items = coalesceItems((await itemsOf(events)).reverse(), coalesceMs);
      return { items, nextCursor: null, lastSeq: head };
    },
    itemsOf
  };
  return service;
}
