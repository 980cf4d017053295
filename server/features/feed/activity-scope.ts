import {
  ACTIVITY_TYPE_GROUPS,
  ACTIVITY_TYPES,
  type ActivityFilter,
  type ActivityTypeGroup
} from '../../../src/lib/contract';
import { DomainError } from '../../kernel/domain-error';
import type { User } from '../../kernel/types';
import type { FeedSourceEvent } from './activity-item';

/**
 * What one person asking with one filter may see, as a store query and an event predicate (issue #10).
 * - SC1 admins: every team; `team` narrows to it.
 * - SC2 managers, reps and viewers: their own teams, plus the dossiers of other teams they cover now
 *   (continuity's coverage audience, F1); `team` narrows to one of their own teams.
 * - SC3 asking for a team that is not theirs is refused (forbidden, with a message), never answered empty.
 * - SC4 `type` names groups or event types; none means every rendered type. Internal events never match.
 * - SC5 the same scope yields the same `roomKey`, so sockets with the same effective filter share one room.
 */
export interface ActivityScope {
  teamIds: string[] | 'all';
  dossierIds: string[];
  userId?: string;
  dossierId?: string;
  types: string[];
  pointOfSale?: string;
}

export function resolveScope(options: {
  user: Pick<User, 'role' | 'teamIds'>;
  filter: ActivityFilter;
  /** The dossiers of other teams the user covers now (SC2); not asked for admins. */
  covered: readonly string[];
}): ActivityScope {
  const { user, filter } = options;
  const admin = user.role === 'admin';
  if (filter.team && !admin && !user.teamIds.includes(filter.team)) {
    throw new DomainError('forbidden', 'You can only see the activity of your own team(s).');
  }
  const teamIds = filter.team ? [filter.team] : admin ? 'all' : [...user.teamIds].sort();
  const dossierIds = admin || filter.team ? [] : [...new Set(options.covered)].sort();
  const types = new Set<string>();
  for (const name of filter.type ?? []) {
    const group = ACTIVITY_TYPE_GROUPS[name as ActivityTypeGroup] as readonly string[] | undefined;
    for (const type of group ?? [name]) types.add(type);
  }
  return {
    teamIds,
    dossierIds,
    ...(filter.user ? { userId: filter.user } : {}),
    ...(filter.dossier ? { dossierId: filter.dossier } : {}),
    types: types.size ? [...types].sort() : [...ACTIVITY_TYPES],
    ...(filter.pointOfSale ? { pointOfSale: filter.pointOfSale } : {})
  };
}

/** SC5 */
export function roomKeyOf(scope: ActivityScope): string {
  return JSON.stringify([
    scope.teamIds,
    scope.dossierIds,
    scope.userId ?? null,
    scope.dossierId ?? null,
    scope.types.length === ACTIVITY_TYPES.length ? '*' : scope.types,
    scope.pointOfSale ?? null
  ]);
}

/** The live twin of the store's AS9 filter: does this event belong to the scope? */
export function scopeMatches(scope: ActivityScope, event: FeedSourceEvent): boolean {
  if (!scope.types.includes(event.type)) return false;
  const visible =
    scope.teamIds === 'all' ||
    (event.teamId !== null && scope.teamIds.includes(event.teamId)) ||
    (event.dossierId !== null && scope.dossierIds.includes(event.dossierId));
  if (!visible) return false;
  if (scope.userId !== undefined && event.actorId !== scope.userId && event.onBehalfOfId !== scope.userId) return false;
  if (scope.dossierId !== undefined && event.dossierId !== scope.dossierId) return false;
  if (scope.pointOfSale !== undefined) {
    const item = (event.data as { item?: { pointOfSale?: unknown } } | null)?.item;
    if (item?.pointOfSale !== scope.pointOfSale) return false;
  }
  return true;
}
