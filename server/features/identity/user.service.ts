import type { UserSummaryDTO } from '../../../src/lib/contract';
import type { User } from '../../kernel/types';
import type { UserStore } from './user-store';

export interface UserService {
  /** Colleagues the actor can see: members of the actor's teams, everyone for admins. */
  listColleagues(actor: User): Promise<UserSummaryDTO[]>;
  /** Display names by user id (unknown ids are omitted): what other features show next to an owner or author. */
  namesOf(ids: string[]): Promise<Map<string, string>>;
  /** A user by id, or null (other features check owners and assignees through this). */
  get(id: string): Promise<User | null>;
}

export function createUserService(deps: { users: UserStore }): UserService {
  return {
    namesOf: (ids) => deps.users.getUserNames(ids),
    get: (id) => deps.users.getUser(id),
    async listColleagues(actor) {
      const teamIds = actor.role === 'admin' ? (await deps.users.listTeams()).map((t) => t.id) : actor.teamIds;
      const byId = new Map<string, User>();
      for (const teamId of teamIds) {
        for (const u of await deps.users.listUsersOfTeam(teamId)) byId.set(u.id, u);
      }
      return [...byId.values()]
        .map((u) => ({ id: u.id, name: u.name, role: u.role, teamIds: u.teamIds, active: u.deactivatedAt === null }))
        .sort((a, b) => a.name.localeCompare(b.name));
    }
  };
}
