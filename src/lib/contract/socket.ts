import { z } from 'zod';
import type { Ack } from './errors';
import type { DossierSummaryDTO } from './dossier';

export const WatchDossierInput = z.object({ dossierId: z.string().min(1).max(64) }).strict();
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
  /** A colleague restored a version of a watched dossier (sent to the room of sockets that sent dossier:watch). */
  'dossier:restored': (payload: DossierRestoredPayload) => void;
}

export interface DossierRestoredPayload {
  dossierId: string;
  /** The new 'restore' version. */
  versionId: string;
  /** The version whose content was restored, and when that version was recorded (ISO; null if unknown). */
  restoredFrom: string;
  restoredFromAt: string | null;
  /** The version holding the content the restore replaced: restoring it undoes the restore. */
  replacedVersionId: string | null;
  actorId: string;
  actorName: string;
  /** When the restore happened (ISO). */
  at: string;
  /** Activity-log sequence number of the event. */
  seq?: number;
}
