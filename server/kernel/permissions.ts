import type { Dossier, User } from './types';

export type DossierAccess = 'none' | 'read' | 'edit';

/**
 * Who may do what with a dossier. Today: admins everything, members of the dossier's team edit, viewers read.
 * Coverage (a stand-in edits what they cover while they cover it) will arrive as a further argument,
 * so every transport already asks this one function.
 */
export function dossierAccess(user: Pick<User, 'role' | 'teamIds'>, dossier: Pick<Dossier, 'teamId'>): DossierAccess {
  if (user.role === 'admin') return 'edit';
  if (!user.teamIds.includes(dossier.teamId)) return 'none';
  return user.role === 'viewer' ? 'read' : 'edit';
}

/** Teams whose dossiers a user may list: 'all' for admins. */
export function visibleTeams(user: Pick<User, 'role' | 'teamIds'>): string[] | 'all' {
  return user.role === 'admin' ? 'all' : user.teamIds;
}

/** A user may create dossiers in their teams (viewers nowhere); admins anywhere. */
export function canCreateIn(user: Pick<User, 'role' | 'teamIds'>, teamId: string): boolean {
  return user.role === 'admin' || (user.role !== 'viewer' && user.teamIds.includes(teamId));
}
