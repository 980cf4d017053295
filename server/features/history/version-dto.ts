import type { VersionDTO } from '../../../src/lib/contract';
import type { UserService } from '../identity';
import type { DocVersionMeta } from './version-store';

/** Versions as the wire shows them: authors with their names. One name lookup for the whole page. */
export async function versionDTOs(
  metas: DocVersionMeta[],
  people: Pick<UserService, 'namesOf'>
): Promise<VersionDTO[]> {
  const names = await people.namesOf([...new Set(metas.flatMap((m) => m.authorIds))]);
  return metas.map((m) => ({
    id: m.id,
    createdAt: new Date(m.createdAt).toISOString(),
    kind: m.kind,
    authors: m.authorIds.map((id) => ({ id, name: names.get(id) ?? '' })),
    restoredFrom: m.restoredFrom
  }));
}
