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
  /**
   * Team members online and the dossier each is watching (`dossierId`): the top bar's count and the list's
   * "viewing now" per row. (There is no per-dossier viewers push: the dossier page shows who is there from
   * Yjs awareness, which also knows the field each person is in.)
   */
  'presence:changed': (payload: { online: OnlineUser[] }) => void;
}
