import type { VersionDTO } from '../../../src/lib/contract';
import type { Clock } from '../../ports/clock';
import type { IdGenerator } from '../../ports/id-generator';
import type { DossierService } from '../dossiers';
import type { EventPublisher } from '../feed';
import type { UserService } from '../identity';
import type { VersionChain } from './version-chain';
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
}

export function createVersionRecorder(deps: {
  versions: VersionStore;
  chain: VersionChain;
  dossiers: Pick<DossierService, 'find'>;
  people: Pick<UserService, 'namesOf'>;
  events: EventPublisher;
  clock: Clock;
  ids: IdGenerator;
}): VersionRecorder {
  const lastAt = new Map<string, number>();

  /** Versions order by createdAt, so it must be strictly increasing per document even within a millisecond. */
  async function nextTimestamp(docId: string): Promise<number> {
    if (!lastAt.has(docId)) lastAt.set(docId, (await deps.versions.list(docId, { limit: 1 }))[0]?.createdAt ?? 0);
    const at = Math.max(deps.clock.now(), lastAt.get(docId)! + 1);
    lastAt.set(docId, at);
    return at;
  }

  return {
    async record(checkpoint) {
      const meta: DocVersionMeta = {
        id: deps.ids.next(),
        docId: checkpoint.docId,
        createdAt: await nextTimestamp(checkpoint.docId),
        kind: checkpoint.kind,
        authorIds: checkpoint.authorIds,
        restoredFrom: checkpoint.restoredFrom
      };
      const stored = await deps.chain.encode(checkpoint.docId, checkpoint.snapshot);
      await deps.versions.add({ ...meta, snapshot: stored.snapshot, baseId: stored.baseId });
      deps.chain.remember(checkpoint.docId, meta.id, checkpoint.snapshot, stored.depth);
      const [dto] = await versionDTOs([meta], deps.people);
      // The activity feed's "who changed which dossier": one event per version, not per keystroke.
      const dossier = await deps.dossiers.find(checkpoint.docId);
      await deps.events.emit({
        type: 'dossier.version_recorded',
        actorId: checkpoint.authorIds[0] ?? null,
        teamId: dossier?.teamId ?? null,
        dossierId: checkpoint.docId,
        data: { version: dto }
      });
      return dto;
    }
  };
}
