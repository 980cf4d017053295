import type { Team, User } from '../../kernel/types';

/** Users and teams. */
export interface UserStore {
  /** US1 createTeam then getTeams returns it; US2 a duplicate team id rejects with DomainError 'conflict'. */
  createTeam(team: Team): Promise<void>;
  /** US3 returns the teams with these ids, in no particular order; unknown ids are ignored. */
  getTeams(ids: string[]): Promise<Team[]>;
  listTeams(): Promise<Team[]>;
  /** US4 a second user with the same email (case-insensitive) rejects with 'conflict'. */
  createUser(user: User): Promise<void>;
  /** US5 unknown id resolves null. */
  getUser(id: string): Promise<User | null>;
  /** US6 email lookup is case-insensitive; unknown resolves null. */
  findUserByEmail(email: string): Promise<User | null>;
  /** US7 names of users by id (for list rendering); unknown ids are omitted. */
  getUserNames(ids: string[]): Promise<Map<string, string>>;
  /** All users of a team (including those in several teams). */
  listUsersOfTeam(teamId: string): Promise<User[]>;
  countUsers(): Promise<number>;
}
