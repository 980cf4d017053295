/**
 * Names of everything Staffel keeps on the device for offline use. Each user's data lives under its own
 * prefix, so a colleague signing in on the same browser never sees another's cached dossiers or unsent
 * edits, and sign-out can wipe exactly one user's data.
 */
export const SESSION_KEY = 'staffel:session';

export function userPrefix(userId: string): string {
  return `staffel:${userId}:`;
}

/** IndexedDB database holding one dossier's Y.Doc updates for one user. */
export function dossierDbName(options: { userId: string; dossierId: string }): string {
  return `${userPrefix(options.userId)}dossier:${options.dossierId}`;
}

/** localStorage key of the dossier metadata (DossierDTO) cache of one user. */
export function dossierMetaKey(userId: string): string {
  return `${userPrefix(userId)}dossiers`;
}
