import type { NewEvent } from '../../kernel/events';
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
  /**
   * US8 every user, ordered by name then id; deactivated ones only with `includeDeactivated` (coverage needs
   * them: a deactivated owner is acted for, C3).
   */
  listUsers(options?: { includeDeactivated?: boolean }): Promise<User[]>;
  /**
   * US9 sets (or with null clears) the user's deputy and writes the events in the same transaction; returns
   * the updated user, or null for an unknown id (then nothing, events included, is written).
   */
  setDeputy(options: { userId: string; deputyId: string | null; events: readonly NewEvent[] }): Promise<User | null>;
  /**
   * US10 sets deactivatedAt only while it is null (a conditional update: exactly once), writing the events in
   * the same transaction; returns the updated user, or null when unknown or already deactivated (nothing
   * written). A deactivated user keeps their row: history stays attributed.
   */
  deactivate(options: { userId: string; at: number; events: readonly NewEvent[] }): Promise<User | null>;
}
