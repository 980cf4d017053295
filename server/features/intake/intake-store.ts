import type { NewEvent } from '../../kernel/events';
import type { Dossier } from '../../kernel/types';
import type { Task } from '../followups';
import type { DocVersion } from '../history';
import type { Interaction } from '../interactions';

/** An intake key as stored: never the key itself, only its SHA-256 (keys are 256 random bits). */
export interface IntakeKey {
  id: string;
  teamId: string;
  label: string | null;
  /** Hex SHA-256 of the whole key; the lookup value. */
  hash: string;
  /** First characters of the key ("stk_4f9a"), shown so people can tell keys apart; not enough to guess it. */
  prefix: string;
  createdAt: number;
  createdBy: string;
  revokedAt: number | null;
  lastUsedAt: number | null;
}

/** What one received lead writes, all in one transaction (IL2..IL4). */
export interface LeadRecords {
  teamId: string;
  /** The lead's dossier: newDossier's id for a new lead, the known dossier's for a duplicate. */
  dossierId: string;
  /** Duplicate keys of the lead (intake.rules leadKeys): folded e-mail, folded company + person. */
  keys: readonly string[];
  at: number;
  /** A new lead's dossier, with its first Yjs state and the "created" version of it; absent for a duplicate. */
  newDossier?: { dossier: Dossier; document: Uint8Array; version: DocVersion };
  /** The inbound interaction holding the lead's message. */
  interaction?: Interaction;
  /** The callback. */
  task?: Task;
  /** Every event of the above, in order (dossier.created, intake.lead_received, interaction.logged, task.created). */
  events: readonly NewEvent[];
}

/**
 * Port: intake keys, the ledger of received leads (for duplicate detection) and each team's round-robin turn.
 *
 * IK1 createKey stores the key and its events in one transaction; a second key with the same id or hash is a
 *     conflict.
 * IK2 listKeys(teamId) gives that team's keys, revoked ones included, newest first (ties by id descending).
 * IK3 findKeyByHash finds a key by hash, revoked or not (the caller refuses revoked ones); null when unknown.
 * IK4 revokeKey sets revokedAt once (a second revoke keeps the first time and writes no events) and writes
 *     its events with it; null when the key is unknown or belongs to another team.
 * IK5 touchKey records lastUsedAt (last write wins; best effort, no event).
 * IL1 findLead(teamId, keys) gives the dossier of the EARLIEST recorded lead of that team sharing any key;
 *     null when none. Other teams' leads never match.
 * IL2 recordLead stores a lead's keys for a dossier with its events, in one transaction; recording the same
 *     (team, key, dossier) again adds no key (its events are still written: every arrival is news).
 * IL3 recordLead writes ALL of a lead's records in that one transaction: the new dossier (row, first document
 *     state, "created" version), the ledger keys, the interaction, the task and the events. If any write fails,
 *     none of them is stored (no half-written lead, nothing a retry would have to repair).
 * IL4 every key is an identity of the team that belongs to one dossier (the first to claim it). With newDossier,
 *     if any key is claimed already, recordLead writes nothing and resolves { duplicateOf: that dossier } (two
 *     identical leads at the same instant cannot make two dossiers, also across processes); otherwise it claims
 *     all keys. Without newDossier, unclaimed keys are claimed for dossierId, claimed ones stay where they are.
 *     Resolves { duplicateOf: null } when it wrote.
 * RR1 nextTurn(teamId) returns 0, 1, 2, … per team, atomically: concurrent callers never get the same number.
 */
export interface IntakeStore {
  createKey(key: IntakeKey, events: readonly NewEvent[]): Promise<void>;
  listKeys(teamId: string): Promise<IntakeKey[]>;
  findKeyByHash(hash: string): Promise<IntakeKey | null>;
  revokeKey(options: {
    teamId: string;
    id: string;
    at: number;
    events: readonly NewEvent[];
  }): Promise<IntakeKey | null>;
  touchKey(id: string, at: number): Promise<void>;
  findLead(teamId: string, keys: readonly string[]): Promise<string | null>;
  recordLead(lead: LeadRecords): Promise<{ duplicateOf: string | null }>;
  nextTurn(teamId: string): Promise<number>;
}
