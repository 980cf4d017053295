import * as Y from 'yjs';
import { writeDossierContent } from '../collab/dossier-doc';
import type { Clock } from '../ports/clock';
import type { PasswordHasher } from '../ports/password-hasher';
import type { Store } from '../ports/store';
import { DEMO_PASSWORD, generateDemoCompany, type DemoCompany } from '../seed/demo-company';

export interface SeedResult {
  seeded: boolean;
  company: DemoCompany | null;
  password: string;
}

/**
 * Seeds the demo company into an empty store (no users yet). A store that has users is left alone, so a
 * restart never duplicates or overwrites real data.
 */
export async function seedDemoCompany(deps: {
  store: Store;
  hasher: PasswordHasher;
  clock: Clock;
  dossierCount?: number;
}): Promise<SeedResult> {
  const { store } = deps;
  if ((await store.users.countUsers()) > 0) return { seeded: false, company: null, password: DEMO_PASSWORD };
  const company = generateDemoCompany({ now: deps.clock.now(), dossierCount: deps.dossierCount });
  const passwordHash = await deps.hasher.hash(DEMO_PASSWORD);
  for (const team of company.teams) await store.users.createTeam(team);
  // Documents before rows: a listed dossier must always open with its content.
  for (const { dossier, fields, contacts } of company.dossiers) {
    const doc = new Y.Doc();
    writeDossierContent(doc, { fields, contacts });
    const initial = Y.encodeStateAsUpdate(doc);
    doc.destroy();
    await store.documents.append(dossier.id, [initial]);
    await store.versions.add({
      id: `v0-${dossier.id}`,
      docId: dossier.id,
      createdAt: dossier.createdAt,
      kind: 'created',
      authorIds: [dossier.createdBy],
      restoredFrom: null,
      snapshot: initial,
      baseId: null
    });
  }
  await store.dossiers.createMany(company.dossiers.map((d) => d.dossier));
  // Users last: their presence is what marks the store as seeded.
  for (const user of company.users) await store.users.createUser({ ...user, passwordHash });
  return { seeded: true, company, password: DEMO_PASSWORD };
}
