import { z } from 'zod';
import { Id } from './ids';
import type { Ack, ErrorCode } from './errors';
import type { DossierSummaryDTO } from './dossier';

export const WatchDossierInput = z.object({ dossierId: Id }).strict();
export type WatchDossierInput = z.infer<typeof WatchDossierInput>;

export interface OnlineUser {
  id: string;
  name: string;
  dossierId: string | null;
}

/** Events the browser sends; every one has an ack callback. */
export interface ClientToServerEvents {
  'dossier:watch': (input: WatchDossierInput, ack: (res: Ack<{ viewers: OnlineUser[] }>) => void) => void;
  'dossier:unwatch': (input: WatchDossierInput, ack: (res: Ack<null>) => void) => void;
  'presence:list': (input: Record<string, never>, ack: (res: Ack<{ online: OnlineUser[] }>) => void) => void;
}

/** Events the server pushes. */
export interface ServerToClientEvents {
  /** A dossier of one of the user's teams was created or its listed values changed. */
  'dossier:changed': (dossier: DossierSummaryDTO) => void;
  /** Who is looking at a watched dossier right now. */
  'dossier:viewers': (payload: { dossierId: string; viewers: OnlineUser[] }) => void;
  /** Team members online and where they are. */
  'presence:changed': (payload: { online: OnlineUser[] }) => void;
  /**
   * Sent just before the server ends the connection, saying why (socket.io itself only reports
   * "io server disconnect"): `unauthenticated` (session ended or expired), `rate_limited` (too many events).
   */
  'connection:closing': (payload: { code: ErrorCode; message: string }) => void;
}
