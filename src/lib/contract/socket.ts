import { z } from 'zod';
import { Id } from './ids';
import type { Ack } from './errors';
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
  /** Issue #8: a timeline entry was added or corrected (same id) on a watched dossier (room `dossier:<id>`). */
  'timeline:entry': (payload: { dossierId: string; item: import('./timeline').TimelineItemDTO; seq?: number }) => void;
  /** Issue #8: a task was created or changed; sent to the assignee's and the acting assignee's `user:<id>` room. */
  'task:changed': (payload: { task: import('./tasks').TaskDTO; seq?: number }) => void;
  /** Issue #8: a task left the recipient's lists (deleted, or reassigned away from them). */
  'task:removed': (payload: { taskId: string; seq?: number }) => void;
}
