import { storeInitialDocument } from '../features/history/initial-document';
import type { ContactSeed, DocKnowledgeProjection } from '../../src/lib/dossier-doc';
import type { Clock } from '../ports/clock';
import type { PasswordHasher } from '../ports/password-hasher';
import type { Store } from '../storage/store';
import { DEMO_PASSWORD, generateDemoCompany, type DemoCompany } from './demo-company';
import { applyDemoContinuity } from './demo-continuity';
import { seedDemoHandoff } from './demo-handoff';
import { seedOffboardingCandidate } from './demo-offboarding';

export interface SeedResult {
  seeded: boolean;
  company: DemoCompany | null;
  password: string;
}

/**
 * Seeds the demo company into an empty store (no users yet). A store that has users is left alone, so a
 * restart never duplicates or overwrites real data.
 */
const DAY = 86_400_000;

/**
 * Issue #9 knowledge at risk: most demo owners confirmed their primary contact at some point in the last
 * two years (so "not confirmed for 12 months" flags about half, not every dossier). Chosen from the dossier id,
 * not the generator's random stream, so the generated company stays exactly as it was.
 */
function withConfirmations(options: {
  dossier: { id: string; ownerId: string; createdAt: number };
  contacts: ContactSeed[];
  now: number;
  names: ReadonlyMap<string, string>;
}): ContactSeed[] {
  const { dossier, now } = options;
  let hash = 0;
  for (const ch of dossier.id) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  if (hash % 10 === 0) return options.contacts; // never confirmed
  const at = Math.max(dossier.createdAt, now - ((hash >>> 4) % 730) * DAY);
  const confirmed = {
    at: new Date(at).toISOString(),
    by: dossier.ownerId,
    byName: options.names.get(dossier.ownerId) ?? ''
  };
  return options.contacts.map((c) => (c.primary ? { ...c, confirmed } : c));
}

export async function seedDemoCompany(deps: {
  store: Store;
  hasher: PasswordHasher;
  clock: Clock;
  dossierCount?: number;
  /** Write the generated past too (default true); off for tests that count their own entries from zero. */
  history?: boolean;
}): Promise<SeedResult> {
  const { store } = deps;
  if ((await store.users.countUsers()) > 0) return { seeded: false, company: null, password: DEMO_PASSWORD };
  const company = generateDemoCompany({ now: deps.clock.now(), dossierCount: deps.dossierCount });
  // Issue #9: deputies, current and upcoming absences and one coverage gap — with the demo's past only, since
  // they change who acts for dossiers, which tests starting from a quiet company must not inherit.
  const absences = deps.history === false ? [] : applyDemoContinuity(company, deps.clock.now());
  const passwordHash = await deps.hasher.hash(DEMO_PASSWORD);
  for (const team of company.teams) await store.users.createTeam(team);
  // Documents before rows: a listed dossier must always open with its content.
  const knowledge = new Map<string, DocKnowledgeProjection>();
  const names = new Map(company.users.map((u) => [u.id, u.name]));
  for (const { dossier, fields, contacts: generated } of company.dossiers) {
    const contacts = withConfirmations({ dossier, contacts: generated, now: deps.clock.now(), names });
    const projected = await storeInitialDocument({
      store,
      dossierId: dossier.id,
      versionId: `v0-${dossier.id}`,
      createdAt: dossier.createdAt,
      createdBy: dossier.createdBy,
      content: { fields, contacts }
    });
    knowledge.set(dossier.id, projected);
  }
  const history = deps.history === false ? { interactions: [], tasks: [], stageChanges: [] } : company.history;
  await store.dossiers.createMany(
    company.dossiers.map((d) => ({ ...d.dossier, knowledge: knowledge.get(d.dossier.id) })),
    history.stageChanges
  );
  // The past is written without activity events: thousands of three-year-old entries are not news for the
  // feed, and the timeline reads interactions from their own table. (Seeded stage moves and done tasks are
  // therefore in the stage history and the done list, not as system entries on the timeline.)
  await store.interactions.addMany(history.interactions);
  await store.tasks.createMany(history.tasks);
  for (const absence of absences) await store.absences.create(absence, []);
  // Users last: their presence is what marks the store as seeded.
  for (const user of company.users) await store.users.createUser({ ...user, passwordHash });
  if (deps.history !== false) await seedOffboardingCandidate({ store, company, now: deps.clock.now() });
  if (deps.history !== false) await seedDemoHandoff({ store, company, now: deps.clock.now() });
  return { seeded: true, company, password: DEMO_PASSWORD };
}
