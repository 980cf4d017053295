import * as Y from 'yjs';
import { diffLines, diffWordsWithSpace } from 'diff';
import type { ContactSnapshotDTO, VersionDiffDTO, VersionDTO } from '../../../src/lib/contract';
import {
  FIELD_KEYS,
  notesPlainText,
  readContacts,
  readField,
  replaceDossierContent
} from '../../../src/lib/dossier-doc';
import { DomainError } from '../../kernel/domain-error';
import type { User } from '../../kernel/types';
import type { DossierService } from '../dossiers';
import type { UserService } from '../identity';
import type { VersionChain } from './version-chain';
import { versionDTOs } from './version-dto';
import type { VersionStore } from './version-store';
import type { VersionRecorder } from './version-recorder';

/**
 * What history needs of a loaded document (the collab runtime provides it; history never sees its internals):
 * its state once durable, a change made by the server for a user, and a version recorded on demand.
 */
export interface LiveDocument {
  readonly doc: Y.Doc;
  flushed(): Promise<void>;
  applyServerChange(actorId: string, change: (doc: Y.Doc) => void): void;
  /** Records a version through the checkpoint hook; resolves with what the hook returned (a VersionDTO). */
  checkpoint(options: { kind: 'edit' | 'restore'; restoredFrom?: string | null }): Promise<unknown>;
}

export interface LiveDocuments {
  open(docId: string): Promise<{ doc: LiveDocument; release(): void }>;
}

export interface HistoryService {
  list(actor: User, dossierId: string): Promise<VersionDTO[]>;
  diff(actor: User, options: { dossierId: string; from: string; against: string }): Promise<VersionDiffDTO>;
  /** Restores a version's content as a new, attributed change; the state before it stays a version. */
  restore(actor: User, options: { dossierId: string; versionId: string }): Promise<VersionDTO>;
}

const CONTACT_KEYS = ['name', 'role', 'phone', 'email', 'primary'] as const;

function contactChanges(before: ContactSnapshotDTO[], after: ContactSnapshotDTO[]): VersionDiffDTO['contacts'] {
  const old = new Map(before.map((c) => [c.id, c]));
  const now = new Map(after.map((c) => [c.id, c]));
  return {
    added: after.filter((c) => !old.has(c.id)),
    removed: before.filter((c) => !now.has(c.id)),
    changed: after
      .filter((c) => old.has(c.id))
      .map((c) => {
        const prev = old.get(c.id)!;
        const changes = CONTACT_KEYS.filter((k) => prev[k] !== c[k]).map((k) => ({
          key: k,
          before: String(prev[k]),
          after: String(c[k])
        }));
        return { id: c.id, name: c.name || prev.name, changes };
      })
      .filter((c) => c.changes.length > 0)
  };
}

function docFrom(snapshot: Uint8Array): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, snapshot);
  return doc;
}

export function createHistoryService(deps: {
  versions: VersionStore;
  chain: VersionChain;
  live: LiveDocuments;
  dossiers: Pick<DossierService, 'authorize'>;
  people: Pick<UserService, 'namesOf'>;
  /** Told about a restore before its checkpoint, so the restore's version carries dossier.restored. */
  recorder: Pick<VersionRecorder, 'noteRestore'>;
}): HistoryService {
  const { chain } = deps;

  async function versionState(dossierId: string, versionId: string): Promise<Uint8Array> {
    const state = await chain.load(dossierId, versionId);
    if (!state) throw new DomainError('not_found', 'version not found');
    return state;
  }

  async function stateOf(dossierId: string, versionId: string): Promise<{ doc: Y.Doc; label: string }> {
    if (versionId === 'current') {
      const live = await deps.live.open(dossierId);
      try {
        await live.doc.flushed();
        return { doc: docFrom(Y.encodeStateAsUpdate(live.doc.doc)), label: 'current' };
      } finally {
        live.release();
      }
    }
    return { doc: docFrom(await versionState(dossierId, versionId)), label: versionId };
  }

  const service: HistoryService = {
    async list(actor, dossierId) {
      await deps.dossiers.authorize(actor, dossierId);
      return versionDTOs(await deps.versions.list(dossierId, { limit: 200 }), deps.people);
    },

    async diff(actor, { dossierId, from, against }) {
      await deps.dossiers.authorize(actor, dossierId);
      const [a, b] = await Promise.all([stateOf(dossierId, from), stateOf(dossierId, against)]);
      const fields = FIELD_KEYS.map((key) => ({ key, before: readField(a.doc, key), after: readField(b.doc, key) }))
        .filter((f) => f.before !== f.after)
        .map((f) => ({ ...f, parts: diffWordsWithSpace(f.before, f.after) }));
      const [notesBefore, notesAfter] = [notesPlainText(a.doc), notesPlainText(b.doc)];
      return {
        from: a.label,
        to: b.label,
        fields,
        contacts: contactChanges(readContacts(a.doc), readContacts(b.doc)),
        notes: notesBefore === notesAfter ? null : { parts: diffLines(notesBefore, notesAfter) }
      };
    },

    async restore(actor, { dossierId, versionId }) {
      const { access } = await deps.dossiers.authorize(actor, dossierId);
      if (access !== 'edit') throw new DomainError('forbidden', 'read-only access');
      const state = await versionState(dossierId, versionId);
      const live = await deps.live.open(dossierId);
      try {
        // The state being replaced becomes a version first, so the restore can itself be undone.
        const replaced = (await live.doc.checkpoint({ kind: 'edit' })) as VersionDTO | undefined;
        // Nothing changed since the latest version (no checkpoint recorded): that version holds the state replaced.
        const replacedVersionId = replaced?.id ?? (await deps.versions.list(dossierId, { limit: 1 }))[0]?.id ?? null;
        const restoredFromAt = (await deps.versions.get(dossierId, versionId))?.createdAt;
        deps.recorder.noteRestore({
          docId: dossierId,
          restoredFrom: versionId,
          actorId: actor.id,
          replacedVersionId,
          restoredFromAt: restoredFromAt === undefined ? null : new Date(restoredFromAt).toISOString()
        });
        const source = docFrom(state);
        live.doc.applyServerChange(actor.id, (doc) => replaceDossierContent(doc, source));
        source.destroy();
        // Goes through the checkpoint hook (→ record), so edits racing with the restore keep their authors.
        // dossier.restored is written with that version, in the same transaction (noteRestore above).
        return (await live.doc.checkpoint({ kind: 'restore', restoredFrom: versionId })) as VersionDTO;
      } finally {
        live.release();
      }
    }
  };
  return service;
}
