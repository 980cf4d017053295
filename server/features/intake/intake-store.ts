import type { NewEvent } from '../../kernel/events';

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
  recordLead(options: {
    teamId: string;
    dossierId: string;
    keys: readonly string[];
    at: number;
    events: readonly NewEvent[];
  }): Promise<void>;
  nextTurn(teamId: string): Promise<number>;
}
