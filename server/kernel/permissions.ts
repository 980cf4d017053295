import type { Dossier, User } from './types';

export type DossierAccess = 'none' | 'read' | 'edit';

/**
 * Who may do what with a dossier: the union of team access and coverage (issue #9).
 * - A1 admins edit everything.
 * - A2 members of the dossier's team edit it; viewers of the team read it.
 * - A3 someone who covers the dossier (acts for its absent owner, or received a temporary hand-off: the coverage
 *   service's `isCovering`) edits it across teams, exactly while covering; a viewer never gets more than read.
 * - A4 anyone else: none.
 * Callers pass `covering` only when they asked (DossierService.authorize asks only when A1/A2 give less than
 * edit), so every transport still goes through this one function.
 */
export function dossierAccess(
  user: Pick<User, 'role' | 'teamIds'>,
  dossier: Pick<Dossier, 'teamId'>,
  facts: { covering?: boolean } = {}
): DossierAccess {
  if (user.role === 'admin') return 'edit';
  const viewer = user.role === 'viewer';
  if (user.teamIds.includes(dossier.teamId)) return viewer ? 'read' : 'edit';
  if (facts.covering) return viewer ? 'read' : 'edit';
  return 'none';
}

/** Whether asking about coverage could raise `access` (A3): only below edit, and never for admins. */
export function coverageCouldRaise(user: Pick<User, 'role'>, access: DossierAccess): boolean {
  if (user.role === 'admin') return false;
  return user.role === 'viewer' ? access === 'none' : access !== 'edit';
}

/** Teams whose dossiers a user may list: 'all' for admins. */
export function visibleTeams(user: Pick<User, 'role' | 'teamIds'>): string[] | 'all' {
  return user.role === 'admin' ? 'all' : user.teamIds;
}

/** A user may create dossiers in their teams (viewers nowhere); admins anywhere. */
export function canCreateIn(user: Pick<User, 'role' | 'teamIds'>, teamId: string): boolean {
  return user.role === 'admin' || (user.role !== 'viewer' && user.teamIds.includes(teamId));
}
