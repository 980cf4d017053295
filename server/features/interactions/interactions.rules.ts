import { AMOUNT_TYPES, type InteractionType } from '../../../src/lib/contract';
import type { DossierAccess } from '../../kernel/permissions';
import type { User } from '../../kernel/types';

/*
 * Who may write a dossier's timeline, and which times are accepted (issue #8). Pure.
 *
 * I1 Logging: anyone who may see the dossier may log an interaction or a complaint on it — members of its
 *    team including the read-only 'viewer' role (support and marketing colleagues take calls and
 *    complaints too; the quick-log is open to them), and admins. Viewers still cannot edit the dossier's
 *    fields: that is `dossierAccess` = 'read', unchanged.
 * I2 Correcting: the author (while they still see the dossier) or anyone with edit access to it. A viewer
 *    corrects only what they logged themselves.
 * I3 `at` may be back-dated without limit (a visit written up next week) but not lie in the future beyond
 *    MAX_CLOCK_SKEW_MS: a browser clock a little ahead must not be refused, a typo of a day must be.
 * I4 Only offers and orders carry an amount, also after a correction that changes nothing else.
 */
export const MAX_CLOCK_SKEW_MS = 60_000;

/** I1 */
export const mayLog = (access: DossierAccess): boolean => access !== 'none';

/** I2 */
export const mayCorrect = (options: { actor: Pick<User, 'id'>; authorId: string; access: DossierAccess }): boolean =>
  options.access === 'edit' || (options.access === 'read' && options.actor.id === options.authorId);

/** I3 */
export const isTooFarAhead = (at: number, now: number): boolean => at > now + MAX_CLOCK_SKEW_MS;

/** I4 */
export const mayCarryAmount = (type: InteractionType): boolean => AMOUNT_TYPES.includes(type);
