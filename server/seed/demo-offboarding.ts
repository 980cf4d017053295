import type { Task } from '../features/followups/task-store';
import { escalationDueAt } from '../features/followups/followups.rules';
import { DEFAULT_TEAM_TIME_ZONE, DEFAULT_WORKING_HOURS } from '../kernel/team-calendar';
import type { Store } from '../storage/store';
import type { DemoCompany } from './demo-company';
import { DAY, HOUR } from './demo-time';

/** Who is "ready to be offboarded" in the demo (issue #9): a Hamburg rep with a bit of everything. */
export const DEMO_LEAVER_NAME = 'Mehmet Yılmaz';
const DEPUTY_NAME = 'Jörg Petersen';
const STAND_IN_FOR_NAME = 'Lena Schröder';
const DEPUTY_FOR_NAME = 'Katarzyna Nowak';

/**
 * Gives the leaver what the offboarding flow must reassign, beyond the dossiers he already owns: a default
 * deputy (so the deputy rule has a target), a stand-in role on a colleague's dossier, a key-account role on a
 * colleague's key account, a colleague whose deputy he is, and an open callback due tomorrow. Written without
 * events, like the rest of the seeded past. Only with the demo history: tests that count from zero get the
 * plain company.
 */
export async function seedOffboardingCandidate(deps: { store: Store; company: DemoCompany; now: number }) {
  const { store, company, now } = deps;
  const byName = (name: string) => company.users.find((u) => u.name === name);
  const leaver = byName(DEMO_LEAVER_NAME);
  const deputy = byName(DEPUTY_NAME);
  const standInFor = byName(STAND_IN_FOR_NAME);
  const deputyFor = byName(DEPUTY_FOR_NAME);
  if (!leaver || !deputy || !standInFor || !deputyFor) return;
  const teamId = leaver.teamIds[0];

  await store.users.setDeputy({ userId: leaver.id, deputyId: deputy.id, events: [] });
  await store.users.setDeputy({ userId: deputyFor.id, deputyId: leaver.id, events: [] });

  const ofTeam = company.dossiers.map((d) => d.dossier).filter((d) => d.teamId === teamId);
  const standIn = ofTeam.find((d) => d.ownerId === standInFor.id && d.stage !== 'lost');
  if (standIn) {
    const standInIds = [...new Set([...standIn.standInIds, leaver.id])];
    await store.dossiers.patch({ id: standIn.id, patch: { standInIds }, updatedAt: standIn.updatedAt, events: [] });
  }
  const keyAccount = ofTeam.find((d) => d.stage === 'key_account' && d.ownerId !== leaver.id);
  if (keyAccount) {
    await store.dossiers.patch({
      id: keyAccount.id,
      patch: { keyAccountManagerId: leaver.id },
      updatedAt: keyAccount.updatedAt,
      events: []
    });
  }

  const own = ofTeam.find((d) => d.ownerId === leaver.id && d.stage !== 'lost');
  if (own) {
    const dueAt = now + DAY + 2 * HOUR;
    const task: Task = {
      id: `t-offboarding-${own.id}`,
      dossierId: own.id,
      teamId,
      kind: 'callback',
      title: 'Rückruf: Rahmenvertrag 2027 besprechen',
      dueAt,
      assigneeId: leaver.id,
      actingAssigneeId: leaver.id,
      status: 'open',
      outcome: null,
      escalateAt: escalationDueAt({
        dueAt,
        workingHours: DEFAULT_WORKING_HOURS,
        timeZone: DEFAULT_TEAM_TIME_ZONE,
        delayMinutes: 120
      }),
      escalatedAt: null,
      overdueAt: null,
      createdAt: now - HOUR,
      createdBy: leaver.id,
      updatedAt: now - HOUR,
      interactionId: null,
      severity: null,
      version: 1
    };
    await store.tasks.createMany([task]);
  }
}
