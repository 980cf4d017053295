import * as Y from 'yjs';
import { Awareness } from 'y-protocols/awareness';
import type { DossierDTO } from '../../../src/lib/contract';
import type { EditorLiveSession, EditorPorts, OpenSessionOptions } from '../../../src/lib/state/dossier-editor-ports';

/** A live session over a real in-memory Y.Doc; the test plays the server through `options`. */
export class FakeSession implements EditorLiveSession {
  readonly doc = new Y.Doc();
  readonly awareness = new Awareness(this.doc);
  focus: string | null = null;
  destroyed = false;
  discarded = false;
  constructor(readonly options: OpenSessionOptions) {}
  setFocus(focus: string | null): void {
    this.focus = focus;
  }
  async discardLocalCopy(): Promise<void> {
    this.discarded = true;
  }
  destroy(): void {
    this.destroyed = true;
    this.awareness.destroy();
    this.doc.destroy();
  }
}

/** Two docs exchanging their full state, as the relay would after a reconnect. */
export function syncDocs(a: Y.Doc, b: Y.Doc): void {
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
}

export function dossierDto(over: Partial<DossierDTO> = {}): DossierDTO {
  return {
    id: 'd1',
    teamId: 't1',
    ownerId: 'u1',
    ownerName: 'Anna',
    company: 'Müller GmbH',
    street: '',
    postalCode: '',
    city: 'Köln',
    industry: '',
    stage: 'lead',
    tags: [],
    contactNames: [],
    updatedAt: '2025-01-01T00:00:00.000Z',
    keyAccountManagerId: null,
    standInIds: [],
    actingOwnerId: over.ownerId ?? 'u1',
    actingOwnerName: over.ownerName ?? 'Anna',
    coverage: null,
    createdAt: '2025-01-01T00:00:00.000Z',
    createdBy: 'u1',
    access: 'edit',
    ...over
  };
}

export class FakeEditorPorts implements EditorPorts {
  meta: () => Promise<{ dossier: DossierDTO }> = async () => ({ dossier: dossierDto() });
  sessions: FakeSession[] = [];
  watched: string[] = [];
  clock = Date.UTC(2025, 2, 1, 10, 0, 0);
  #ids = 0;

  loadMeta = () => this.meta();
  openSession = (options: OpenSessionOptions) => {
    const session = new FakeSession(options);
    this.sessions.push(session);
    return session;
  };
  watch = (id: string) => void this.watched.push(id);
  unwatch = (id: string) => void (this.watched = this.watched.filter((w) => w !== id));
  now = () => this.clock;
  newId = () => `new${++this.#ids}`;

  get session(): FakeSession {
    const s = this.sessions.at(-1);
    if (!s) throw new Error('no session opened');
    return s;
  }
}
