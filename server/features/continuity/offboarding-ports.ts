import type { TaskDTO } from '../../../src/lib/contract';
import type { NewEvent } from '../../kernel/events';
import type { Dossier, User } from '../../kernel/types';

/**
 * What offboarding needs of the rest of the server, as narrow functions the composition root wires (each feature
 * through its public service; users through the identity store's change methods, which write their events in
 * the same transaction). Hand-offs and absences are optional so offboarding works before those features exist.
 */
export interface OffboardingPorts {
  people: {
    get(id: string): Promise<User | null>;
    /** Everybody, deactivated included (deputy roles, eligibility). */
    listAll(): Promise<User[]>;
    setDeputy(options: { userId: string; deputyId: string | null; events: readonly NewEvent[] }): Promise<User | null>;
    deactivate(options: { userId: string; at: number; events: readonly NewEvent[] }): Promise<User | null>;
    /** Deletes every session of the user; returns their ids. */
    endSessions(userId: string): Promise<string[]>;
  };
  dossiers: {
    listHeldBy(userId: string): Promise<Dossier[]>;
    find(id: string): Promise<Dossier | null>;
    patch(
      actor: User,
      id: string,
      input: { standInIds?: string[]; keyAccountManagerId?: string | null }
    ): Promise<unknown>;
  };
  /**
   * Gives a dossier to its new owner: a permanent hand-off with its briefing when the hand-off feature is wired,
   * else DossierService.changeOwner alone. Atomic with its events; conflicts when the owner moved meanwhile.
   */
  handOver(options: {
    actor: User;
    dossierId: string;
    fromUserId: string;
    toUserId: string;
    note: string | null;
  }): Promise<void>;
  tasks: {
    openAssignedTo(userId: string): Promise<Array<TaskDTO & { teamId: string }>>;
    reassign(actor: User, taskId: string, assigneeId: string): Promise<unknown>;
  };
  handoffs?: {
    /** Open (pending or picked up) hand-offs from or to the user. */
    openOf(
      userId: string
    ): Promise<Array<{ id: string; dossierId: string; company: string; fromUserId: string; toUserId: string }>>;
    /** Moves the leaving user's side of the hand-off to `toUserId` (or ends it when that no longer makes sense). */
    reassign(options: { actor: User; handoffId: string; leavingUserId: string; toUserId: string }): Promise<void>;
  };
  absences?: {
    /** Current and upcoming absences whose hand-to is the user. */
    handingTo(userId: string): Promise<Array<{ id: string; userId: string; userName: string }>>;
    redirectHandTo(options: { actor: User; absenceId: string; toUserId: string }): Promise<void>;
  };
}
