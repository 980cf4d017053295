import type { ActivityStore } from './activity-store';
import type { DocumentStore } from './document-store';
import type { DossierStore } from './dossier-store';
import type { SessionStore } from './session-store';
import type { UserStore } from './user-store';
import type { VersionStore } from './version-store';

/** Everything persistent, behind one handle so the composition root can pick SQLite or MongoDB. */
export interface Store {
  readonly kind: 'sqlite' | 'mongodb';
  readonly users: UserStore;
  readonly sessions: SessionStore;
  readonly dossiers: DossierStore;
  readonly documents: DocumentStore;
  readonly activity: ActivityStore;
  readonly versions: VersionStore;
  close(): Promise<void>;
}
