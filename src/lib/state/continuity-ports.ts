import type {
  AbsenceDTO,
  AbsenceListQuery,
  DeskDTO,
  PatchAbsenceInput,
  RecordAbsenceInput,
  SetDeputyInput,
  UserSummaryDTO
} from '$lib/contract';
import type { ClockPorts } from './followup-ports';

/** What the stand-in desk needs (browser: continuity-browser-ports.ts; tests: tests/web/fakes). */
export interface DeskPorts extends ClockPorts {
  /** `coveringLimit`/`ownLimit`: only the first N covering/own rows with summaries (absent: all); totals count all. */
  getDesk(options: { coveringLimit?: number; ownLimit?: number; signal?: AbortSignal }): Promise<DeskDTO>;
  /** Socket.io push `desk:changed`; returns the unsubscribe. */
  onDeskChanged(handler: () => void): () => void;
  /** The socket (re)connected or dropped: pushes may have been missed meanwhile. */
  onConnection(handler: (connected: boolean) => void): () => void;
  connected(): boolean;
  /** Enter on a row: the page passes the router's goto. */
  open(href: string): void;
}

export interface AbsencePorts {
  now(): number;
  listAbsences(options: { query: AbsenceListQuery; signal?: AbortSignal }): Promise<AbsenceDTO[]>;
  recordAbsence(options: { input: RecordAbsenceInput }): Promise<AbsenceDTO>;
  patchAbsence(options: { absenceId: string; input: PatchAbsenceInput }): Promise<AbsenceDTO>;
  endAbsence(options: { absenceId: string }): Promise<AbsenceDTO>;
  listUsers(): Promise<UserSummaryDTO[]>;
  /** Absences change on the server by themselves (start and end jobs): the list follows `desk:changed`. */
  onDeskChanged(handler: () => void): () => void;
}

export interface DeputyPorts {
  listUsers(): Promise<UserSummaryDTO[]>;
  setDeputy(options: { userId: string; input: SetDeputyInput }): Promise<unknown>;
}
