import { randomIds } from '../../server/adapters/random-ids';
import { createDossierService } from '../../server/features/dossiers';
import { createEventOutbox } from '../../server/features/feed';
import { createUserService } from '../../server/features/identity';
import type { Dossier, User } from '../../server/kernel/types';
import { createSqliteStore } from '../../server/storage/sqlite/create-sqlite-store';
import { createFakeCoverage } from './fake-coverage';
import { createFakeTime } from './fake-time';

/** A user of one team, as the coverage tests need them (no password, no deputy of their own). */
export const coverageUser = (id: string, teamId: string, role: User['role'] = 'rep'): User => ({
  id,
  email: `${id}@example.test`,
  name: `Name ${id}`,
  role,
  locale: 'de',
  teamIds: [teamId],
  passwordHash: 'x',
  createdAt: 0,
  deputyId: null,
  deactivatedAt: null
});

/**
 * Real SQLite (in memory) with teams `nord` and `sued`, the given users and dossiers, a fake clock and a fake
 * coverage service deciding through the kernel rule: `ownerId`'s deputy is `deputyId`, everybody else has none.
 * `away()` makes the owner absent from now for one day. Used by the dossier and task coverage tests.
 */
export async function createCoverageWorld(options: {
  users: User[];
  ownerId: string;
  deputyId: string;
  dossiers: Dossier[];
  /** The dossiers the coverage service knows (those the owner's absence can hand over). */
  covered: Dossier[];
  absenceKind: 'vacation' | 'illness';
  /** Start of the absence relative to now (ms). */
  absenceFromOffset?: number;
}) {
  const store = createSqliteStore({ file: ':memory:' });
  const time = createFakeTime(Date.parse('2026-11-23T09:00:00Z'));
  await store.users.createTeam({ id: 'nord', name: 'Nord', site: 'Kiel' });
  await store.users.createTeam({ id: 'sued', name: 'Süd', site: 'München' });
  for (const u of options.users) await store.users.createUser(u);
  for (const d of options.dossiers) await store.dossiers.create(d, []);
  const coverage = createFakeCoverage({
    now: () => time.now(),
    people: options.users.map((u) => ({
      id: u.id,
      active: true,
      deputyId: u.id === options.ownerId ? options.deputyId : null
    })),
    dossiers: options.covered
  });
  const events = createEventOutbox({ clock: time, ids: randomIds, onCommitted: () => {} });
  const users = createUserService({ users: store.users });
  const dossiers = createDossierService({
    dossiers: store.dossiers,
    people: users,
    writeInitialDocument: async () => {},
    coverage: () => coverage,
    events,
    clock: time,
    ids: randomIds
  });
  const away = () =>
    coverage.absences.push({
      id: 'a1',
      userId: options.ownerId,
      kind: options.absenceKind,
      from: time.now() + (options.absenceFromOffset ?? 0),
      to: time.now() + 86_400_000,
      handToId: null
    });
  return { store, time, coverage, events, users, dossiers, away };
}
