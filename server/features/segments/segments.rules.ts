import type { User } from '../../kernel/types';
import type { SavedList } from './segment-store';

/**
 * Who may do what with tags and saved lists (issue #11), pure.
 * - T1 managers rename or merge tags across the dossiers of their own teams; admins across all teams; reps
 *   and viewers never (a rename changes colleagues' dossiers wholesale).
 * - L1 a private list is read by its creator only; a shared one by the members of its team; admins read all.
 * - L2 only the creator (or an admin) changes or deletes a list; members of its team use it.
 */
export function managedTeams(user: Pick<User, 'role' | 'teamIds'>): string[] | 'all' {
  if (user.role === 'admin') return 'all';
  return user.role === 'manager' ? user.teamIds : [];
}

export function mayReadList(user: Pick<User, 'id' | 'role' | 'teamIds'>, list: SavedList): boolean {
  if (user.role === 'admin' || list.ownerId === user.id) return true;
  return list.visibility === 'team' && list.teamId !== null && user.teamIds.includes(list.teamId);
}

export function mayChangeList(user: Pick<User, 'id' | 'role'>, list: SavedList): boolean {
  return user.role === 'admin' || list.ownerId === user.id;
}
