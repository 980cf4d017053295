import type { UserSummaryDTO } from '../../../src/lib/contract';
import type { NewEvent } from '../../kernel/events';
import type { User } from '../../kernel/types';
import type { UserStore } from './user-store';

export interface UserService {
  /** Colleagues the actor can see: members of the actor's teams, everyone for admins. */
  listColleagues(actor: User): Promise<UserSummaryDTO[]>;
  /** Display names by user id (unknown ids are omitted): what other features show next to an owner or author. */
  namesOf(ids: string[]): Promise<Map<string, string>>;
  /** A user by id, or null (other features check owners and assignees through this). */
  get(id: string): Promise<User | null>;
  /** Everyone (active only unless asked): coverage needs deactivated owners too (issue #9). */
  listAll(options?: { includeDeactivated?: boolean }): Promise<User[]>;
  /** Members of a team, deactivated included (callers filter). */
  membersOf(teamId: string): Promise<User[]>;
  /**
   * Issue #9: sets or clears a person's default deputy with the caller's events in one transaction (UserStore
   * US9); null for an unknown user. Continuity checks permission and validity first.
   */
  setDeputy(options: { userId: string; deputyId: string | null; events: readonly NewEvent[] }): Promise<User | null>;
}

export function createUserService(deps: { users: UserStore }): UserService {
  return {
    namesOf: (ids) => deps.users.getUserNames(ids),
    get: (id) => deps.users.getUser(id),
    listAll: (options) => deps.users.listUsers(options),
    membersOf: (teamId) => deps.users.listUsersOfTeam(teamId),
    setDeputy: (options) => deps.users.setDeputy(options),
    async listColleagues(actor) {
      const teamIds = actor.role === 'admin' ? (await deps.users.listTeams()).map((t) => t.id) : actor.teamIds;
      const byId = new Map<string, User>();
      for (const teamId of teamIds) {
        for (const u of await deps.users.listUsersOfTeam(teamId)) byId.set(u.id, u);
      }
      return [...byId.values()]
        .map((u) => ({
          id: u.id,
          name: u.name,
          role: u.role,
          teamIds: u.teamIds,
          active: u.deactivatedAt === null,
          deputyId: u.deputyId
        }))
        .sort((a, b) => a.name.localeCompare(b.name));
    }
  };
}
