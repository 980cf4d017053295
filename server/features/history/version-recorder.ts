import type { VersionDTO } from '../../../src/lib/contract';
import type { Clock } from '../../ports/clock';
import type { IdGenerator } from '../../ports/id-generator';
import type { DossierService } from '../dossiers';
import type { NewEvent } from '../../kernel/events';
import type { EventOutbox } from '../feed';
import type { UserService } from '../identity';
import type { VersionChain } from './version-chain';
import { changedKeys } from './version-changes';
import { versionDTOs } from './version-dto';
import type { DocVersionMeta, VersionStore } from './version-store';

export interface CheckpointInput {
  docId: string;
  /** The document's whole durable state. */
  snapshot: Uint8Array;
  authorIds: string[];
  kind: DocVersionMeta['kind'];
  restoredFrom: string | null;
}

export interface VersionRecorder {
  /**
   * Stores a version. The collab runtime's checkpoint hook calls this; it needs nothing of the runtime, so
   * the runtime can be built after it without a cycle (history's restore, which needs the runtime, is
   * built after both).
   */
  record(checkpoint: CheckpointInput): Promise<VersionDTO>;
  /**
   * Says who is restoring which version of a document, before the restore's checkpoint runs: the version
   * that checkpoint records carries dossier.restored (with this actor) in the same transaction.
   */
  noteRestore(options: RestoreNote): void;
}

export interface RestoreNote {
  docId: string;
  restoredFrom: string;
  actorId: string;
  /** The version that kept the state the restore replaced (null when unknown). */
  replacedVersionId: string | null;
  /** When the restored version was recorded, ISO (null when unknown). */
  restoredFromAt: string | null;
}

export function createVersionRecorder(deps: {
  versions: VersionStore;
  chain: VersionChain;
  dossiers: Pick<DossierService, 'find'>;
  people: Pick<UserService, 'namesOf'>;
  events: EventOutbox;
  clock: Clock;
  ids: IdGenerator;
}): VersionRecorder {
  const lastAt = new Map<string, number>();
  /** Restores announced by the history service, by `${docId} ${restoredFrom}`, consumed by their checkpoint. */
  const restores = new Map<string, RestoreNote>();
  const restoreKey = (docId: string, restoredFrom: string) => `${docId} ${restoredFrom}`;

  /** Versions order by createdAt, so it must be strictly increasing per document even within a millisecond. */
  async function nextTimestamp(docId: string): Promise<number> {
    if (!lastAt.has(docId)) lastAt.set(docId, (await deps.versions.list(docId, { limit: 1 }))[0]?.createdAt ?? 0);
    const at = Math.max(deps.clock.now(), lastAt.get(docId)! + 1);
    lastAt.set(docId, at);
    return at;
  }

  /**
   * Issue #10: which fields, contacts or notes this version changed, for the feed ("Anna edited agreed conditions
   * and notes"). One state load of the previous version (cached deltas, at most 20 reads) per checkpoint, which
   * comes after a minute of quiet; a failure leaves the keys out rather than the version.
   */
  async function changedSincePrevious(checkpoint: CheckpointInput): Promise<string[] | null> {
    try {
      const [previous] = await deps.versions.list(checkpoint.docId, { limit: 1 });
      const before = previous ? await deps.chain.load(checkpoint.docId, previous.id) : null;
      return changedKeys(before, checkpoint.snapshot);
    } catch {
      return null;
    }
  }

  return {
    noteRestore(note) {
      restores.set(restoreKey(note.docId, note.restoredFrom), note);
    },
    async record(checkpoint) {
      const meta: DocVersionMeta = {
        id: deps.ids.next(),
        docId: checkpoint.docId,
        createdAt: await nextTimestamp(checkpoint.docId),
        kind: checkpoint.kind,
        authorIds: checkpoint.authorIds,
        restoredFrom: checkpoint.restoredFrom
      };
      const changed = await changedSincePrevious(checkpoint);
      const stored = await deps.chain.encode(checkpoint.docId, checkpoint.snapshot);
      const [dto] = await versionDTOs([meta], deps.people);
      const dossier = await deps.dossiers.find(checkpoint.docId);
      const scope = { teamId: dossier?.teamId ?? null, dossierId: checkpoint.docId };
      // The activity feed's "who changed which dossier": one event per version, not per keystroke.
      const events: NewEvent[] = [
        deps.events.event('dossier.version_recorded', {
          ...scope,
          actorId: checkpoint.authorIds[0] ?? null,
          data: changed ? { version: dto, changedKeys: changed } : { version: dto }
        })
      ];
      const restore =
        checkpoint.kind === 'restore' && checkpoint.restoredFrom
          ? restores.get(restoreKey(checkpoint.docId, checkpoint.restoredFrom))
          : undefined;
      if (restore) {
        restores.delete(restoreKey(restore.docId, restore.restoredFrom));
        events.push(
          deps.events.event('dossier.restored', {
            ...scope,
            actorId: restore.actorId,
            data: {
              versionId: meta.id,
              restoredFrom: restore.restoredFrom,
              restoredFromAt: restore.restoredFromAt,
              replacedVersionId: restore.replacedVersionId
            }
          })
        );
      }
      await deps.versions.add({ ...meta, snapshot: stored.snapshot, baseId: stored.baseId }, events);
      deps.events.committed();
      deps.chain.remember(checkpoint.docId, meta.id, checkpoint.snapshot, stored.depth);
      return dto;
    }
  };
}
