import type { UserSummaryDTO } from '../../../src/lib/contract';
import type { User } from '../../kernel/types';
import type { Store } from '../../storage/store';

export interface UserService {
  /** Colleagues the actor can see: members of the actor's teams, everyone for admins. */
  listColleagues(actor: User): Promise<UserSummaryDTO[]>;
}

export function createUserService(deps: { store: Store }): UserService {
  return {
    async listColleagues(actor) {
      const teamIds = actor.role === 'admin' ? (await deps.store.users.listTeams()).map((t) => t.id) : actor.teamIds;
      const byId = new Map<string, User>();
      for (const teamId of teamIds) {
        for (const u of await deps.store.users.listUsersOfTeam(teamId)) byId.set(u.id, u);
      }
      return [...byId.values()]
        .map((u) => ({ id: u.id, name: u.name, role: u.role, teamIds: u.teamIds }))
        .sort((a, b) => a.name.localeCompare(b.name));
    }
  };
}
