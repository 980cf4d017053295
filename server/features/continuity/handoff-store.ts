import type { BriefingDTO, HandoffStatus } from '../../../src/lib/contract';
import type { NewEvent } from '../../kernel/events';

/** A hand-off of a dossier to a colleague (issue #9), with the briefing generated when it was made. Times in ms. */
export interface Handoff {
  id: string;
  dossierId: string;
  /** The dossier's team when it was handed off: managers of this team see it and get the escalation. */
  teamId: string;
  /** The owner it came from (for a permanent hand-off: the owner before it). */
  fromUserId: string;
  toUserId: string;
  /** Who made it: the owner, a manager of the team, or an admin. */
  byId: string;
  kind: 'temporary' | 'permanent';
  /** When a temporary hand-off returns to the owner; null for a permanent one. */
  until: number | null;
  note: string;
  status: HandoffStatus;
  createdAt: number;
  pickedUpAt: number | null;
  escalatedAt: number | null;
  returnedAt: number | null;
  /** The snapshot kept for the audit: never regenerated. */
  briefing: BriefingDTO;
}

/** The owner move a permanent hand-off makes (conditional, as DossierStore.changeOwner). */
export interface PermanentOwnerChange {
  id: string;
  expectedOwnerId: string;
  ownerId: string;
  updatedAt: number;
}

export type HandoffRole = 'to' | 'from' | 'any';

/**
 * Hand-offs and their briefing snapshots. Change methods take the events describing the change and write them
 * in its transaction (ActivityStore AS3); claims are conditional updates so jobs fire exactly once.
 */
export interface HandoffStore {
  /** HO1 create then get returns an equal hand-off (briefing included); HO2 a duplicate id rejects with 'conflict' and writes no events. */
  create(handoff: Handoff, events: readonly NewEvent[]): Promise<void>;
  /**
   * HO12 a permanent hand-off and the owner change it makes, in ONE transaction with the events: inserts the
   * hand-off, moves dossier `ownerChange.id` from `expectedOwnerId` to `ownerId` (updatedAt), writes the events.
   * Any failure writes nothing: a duplicate hand-off id or another owner (a concurrent change won, DossierStore
   * DS14) rejects with 'conflict', an unknown dossier with 'not_found', an event that cannot be written rejects.
   */
  createPermanent(handoff: Handoff, ownerChange: PermanentOwnerChange, events: readonly NewEvent[]): Promise<void>;
  /** HO3 unknown id resolves null. */
  get(id: string): Promise<Handoff | null>;
  /**
   * HO4 hand-offs to (`role` 'to'), from (the owner it came from or the one who made it: 'from') or either
   * ('any') `userId`, with one of `statuses` when given; newest first (createdAt, then id), at most `limit`.
   */
  listFor(options: {
    userId: string;
    role: HandoffRole;
    statuses?: readonly HandoffStatus[];
    limit: number;
  }): Promise<Handoff[]>;
  /** HO5 temporary hand-offs in force at `at`: status pending or picked_up and createdAt <= at < until. */
  inForce(at: number): Promise<Handoff[]>;
  /**
   * HO6 moves a pending hand-off to picked_up with pickedUpAt = at, writing the events; returns it after, or
   * null when it is unknown or no longer pending (then nothing is written).
   */
  pickUp(id: string, at: number, events: readonly NewEvent[]): Promise<Handoff | null>;
  /** HO7 temporary hand-offs still pending or picked up whose until <= now; oldest until first, at most `limit`. */
  dueReturns(now: number, limit: number): Promise<Handoff[]>;
  /**
   * HO8 marks a due temporary hand-off returned (returnedAt = at) only if it is still pending or picked up and
   * its until <= at, writing the events; true for the one caller that won, false for every other.
   */
  claimReturn(id: string, at: number, events: readonly NewEvent[]): Promise<boolean>;
  /** HO9 pending hand-offs not escalated, created at or before `createdBefore`; oldest first, at most `limit`. */
  dueEscalations(createdBefore: number, limit: number): Promise<Handoff[]>;
  /**
   * HO10 sets escalatedAt only if the hand-off is still pending and not escalated, writing the events; true for
   * the one caller that won, false for every other (exactly once).
   */
  claimEscalation(id: string, at: number, events: readonly NewEvent[]): Promise<boolean>;
  /**
   * HO11 cancels a pending or picked-up hand-off (returnedAt stays null), writing the events; returns it after,
   * or null when unknown or already closed.
   */
  cancel(id: string, events: readonly NewEvent[]): Promise<Handoff | null>;
  /**
   * HO13 withdraws a hand-off that is still PENDING (status cancelled), with `ownerChange` (a permanent one's
   * owner moving back) and the events in one transaction; returns it after, or null when unknown or no longer
   * pending (picked up meanwhile: nothing written). Another owner meanwhile rejects with 'conflict', writing
   * nothing.
   */
  withdraw(id: string, ownerChange: PermanentOwnerChange | null, events: readonly NewEvent[]): Promise<Handoff | null>;
}
