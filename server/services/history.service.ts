import * as Y from 'yjs';
import { diffLines, diffWordsWithSpace } from 'diff';
import { FIELD_KEYS, type ContactSnapshotDTO, type VersionDiffDTO, type VersionDTO } from '../../src/lib/contract';
import { notesPlainText, readContacts, readField, replaceDossierContent } from '../collab/dossier-doc';
import type { Checkpoint } from '../collab/collab-types';
import type { CollabDocument } from '../collab/collab-document';
import { DomainError } from '../domain/domain-error';
import type { User } from '../domain/types';
import type { Clock } from '../ports/clock';
import type { IdGenerator } from '../ports/id-generator';
import type { Store } from '../ports/store';
import type { DocVersionMeta } from '../ports/version-store';
import type { DossierService } from './dossier.service';
import { createVersionChain } from './version-chain';
import type { EventPublisher } from './event-publisher';

/** What history needs of the collab layer: a live document to read or change. */
export interface LiveDocuments {
  open(docId: string): Promise<{ doc: CollabDocument; release(): void }>;
}

export interface HistoryService {
  /** Stores a version (called by the collab layer's checkpoint hook and on creation). */
  record(checkpoint: Omit<Checkpoint, 'kind'> & { kind: DocVersionMeta['kind'] }): Promise<VersionDTO>;
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
  store: Store;
  live: LiveDocuments;
  dossiers: DossierService;
  events: EventPublisher;
  clock: Clock;
  ids: IdGenerator;
}): HistoryService {
  const { store } = deps;
  const lastAt = new Map<string, number>();
  const chain = createVersionChain({ versions: store.versions });

  async function versionState(dossierId: string, versionId: string): Promise<Uint8Array> {
    const state = await chain.load(dossierId, versionId);
    if (!state) throw new DomainError('not_found', 'version not found');
    return state;
  }

  async function toDTO(metas: DocVersionMeta[]): Promise<VersionDTO[]> {
    const names = await store.users.getUserNames([...new Set(metas.flatMap((m) => m.authorIds))]);
    return metas.map((m) => ({
      id: m.id,
      createdAt: new Date(m.createdAt).toISOString(),
      kind: m.kind,
      authors: m.authorIds.map((id) => ({ id, name: names.get(id) ?? '' })),
      restoredFrom: m.restoredFrom
    }));
  }

  /** Versions order by createdAt, so it must be strictly increasing per document even within a millisecond. */
  async function nextTimestamp(docId: string): Promise<number> {
    if (!lastAt.has(docId)) lastAt.set(docId, (await store.versions.list(docId, { limit: 1 }))[0]?.createdAt ?? 0);
    const at = Math.max(deps.clock.now(), lastAt.get(docId)! + 1);
    lastAt.set(docId, at);
    return at;
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
    async record(checkpoint) {
      const meta: DocVersionMeta = {
        id: deps.ids.next(),
        docId: checkpoint.docId,
        createdAt: await nextTimestamp(checkpoint.docId),
        kind: checkpoint.kind,
        authorIds: checkpoint.authorIds,
        restoredFrom: checkpoint.restoredFrom
      };
      const stored = await chain.encode(checkpoint.docId, checkpoint.snapshot);
      await store.versions.add({ ...meta, snapshot: stored.snapshot, baseId: stored.baseId });
      chain.remember(checkpoint.docId, meta.id, checkpoint.snapshot, stored.depth);
      const dto = (await toDTO([meta]))[0];
      // The activity feed's "who changed which dossier": one event per version, not per keystroke.
      const dossier = await store.dossiers.get(checkpoint.docId);
      await deps.events.emit({
        type: 'dossier.version_recorded',
        actorId: checkpoint.authorIds[0] ?? null,
        teamId: dossier?.teamId ?? null,
        dossierId: checkpoint.docId,
        data: { version: dto }
      });
      return dto;
    },

    async list(actor, dossierId) {
      await deps.dossiers.authorize(actor, dossierId);
      return toDTO(await store.versions.list(dossierId, { limit: 200 }));
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
      const { dossier, access } = await deps.dossiers.authorize(actor, dossierId);
      if (access !== 'edit') throw new DomainError('forbidden', 'read-only access');
      const state = await versionState(dossierId, versionId);
      const live = await deps.live.open(dossierId);
      try {
        // The state being replaced becomes a version first, so the restore can itself be undone. Nothing changed
        // since the latest version (no checkpoint recorded): that version holds the state being replaced.
        const replaced = (await live.doc.checkpoint({ kind: 'edit' })) as VersionDTO | undefined;
        const replacedVersionId = replaced?.id ?? (await store.versions.list(dossierId, { limit: 1 }))[0]?.id ?? null;
        const restoredFromAt = (await store.versions.get(dossierId, versionId))?.createdAt ?? null;
        const source = docFrom(state);
        live.doc.applyServerChange(actor.id, (doc) => replaceDossierContent(doc, source));
        source.destroy();
        // Goes through the checkpoint hook (→ record), so edits racing with the restore keep their authors.
        const restored = (await live.doc.checkpoint({ kind: 'restore', restoredFrom: versionId })) as VersionDTO;
        await deps.events.emit({
          type: 'dossier.restored',
          actorId: actor.id,
          teamId: dossier.teamId,
          dossierId,
          // Colleagues with the dossier open are told who restored what, with the id to undo it (socket transport).
          data: {
            versionId: restored.id,
            restoredFrom: versionId,
            restoredFromAt: restoredFromAt === null ? null : new Date(restoredFromAt).toISOString(),
            replacedVersionId
          }
        });
        return restored;
      } finally {
        live.release();
      }
    }
  };
  return service;
}
