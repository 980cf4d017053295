import * as Y from 'yjs';
import type { TaskDTO, TimelineItemDTO } from '../../src/lib/contract';
import { composeBriefing } from '../features/continuity/briefing';
import type { Handoff } from '../features/continuity/handoff-store';
import { toInteractionItem } from '../features/interactions/interaction-dto';
import { teamCalendar } from '../kernel/team-calendar';
import { localDay, zonedTime } from '../kernel/zoned-time';
import type { Store } from '../storage/store';
import type { DemoCompany } from './demo-company';
import { MINUTE } from './demo-time';

const FROM_NAME = 'Lena Schröder';
const TO_NAME = 'Katarzyna Nowak';
export const DEMO_HANDOFF_NOTE = 'Bitte Rückruf zum Angebot übernehmen – Kunde wartet auf Konditionen';
/** HANDOFF_ESCALATE_AFTER_MINUTES' default: the seed has no config, and the demo runs with the default. */
const ESCALATE_AFTER_MINUTES = 240;

/** The instant of `minuteOfDay` on the local day `days` after the one containing `at`. */
function localAt(at: number, timeZone: string, days: number, minuteOfDay: number): number {
  const today = localDay(at, timeZone);
  const d = new Date(Date.UTC(today.year, today.month - 1, today.day + days));
  return zonedTime({
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    minuteOfDay,
    timeZone
  });
}

/** The dossier's seeded document, replayed from the store (confirmations included, as a hand-off would see it). */
async function loadDoc(store: Store, dossierId: string): Promise<Y.Doc> {
  const stored = await store.documents.load(dossierId);
  const doc = new Y.Doc();
  if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
  for (const { update } of stored.tail) Y.applyUpdate(doc, update);
  return doc;
}

/**
 * The demo's pending hand-off (issue #9): yesterday afternoon Lena Schröder handed one of her customer dossiers
 * to Katarzyna Nowak until next Friday (end of the team's working day), and Katarzyna has not picked it up yet.
 * The briefing is composed with the same pure `composeBriefing` as a live hand-off, from the seeded document,
 * interactions and open tasks. Written without events, like the rest of the seeded past; seeded as already
 * escalated (when its escalation time has passed) so the escalation job does not report old news on first start.
 * Only with the demo history. Katarzyna is never absent in the demo, so coverage gaps stay as they are.
 */
export async function seedDemoHandoff(deps: { store: Store; company: DemoCompany; now: number }): Promise<void> {
  const { store, company, now } = deps;
  const from = company.users.find((u) => u.name === FROM_NAME);
  const to = company.users.find((u) => u.name === TO_NAME);
  if (!from || !to) return;
  const hers = company.dossiers.map((d) => d.dossier).filter((d) => d.ownerId === from.id);
  // Not her first active dossier: the offboarding demo makes the leaver a stand-in there (demo-offboarding.ts).
  const offboardingStandIn = hers.find((d) => d.stage !== 'lost');
  const dossier = hers.find((d) => d.stage === 'customer' && d !== offboardingStandIn);
  if (!dossier) return;

  const team = company.teams.find((t) => t.id === dossier.teamId);
  const { timeZone, workingHours } = teamCalendar(team);
  const weekday = localDay(now, timeZone).weekday;
  const toFriday = (5 - weekday + 7) % 7 || 7; // the coming Friday; a week ahead when today is Friday
  const createdAt = Math.min(now - MINUTE, localAt(now, timeZone, -1, 15 * 60 + 30));
  const until = localAt(now, timeZone, toFriday, workingHours.endMinute);

  const names = new Map(company.users.map((u) => [u.id, u.name]));
  const timeline: TimelineItemDTO[] = company.history.interactions
    .filter((i) => i.dossierId === dossier.id && i.at <= createdAt)
    .map((i) => toInteractionItem(i, names));
  const openTasks: TaskDTO[] = company.history.tasks
    .filter((t) => t.dossierId === dossier.id && t.status !== 'done')
    .map((t) => ({
      id: t.id,
      dossierId: t.dossierId,
      dossierCompany: dossier.company,
      kind: t.kind,
      title: t.title,
      dueAt: new Date(t.dueAt).toISOString(),
      assigneeId: t.assigneeId,
      assigneeName: names.get(t.assigneeId) ?? '',
      actingAssigneeId: t.actingAssigneeId,
      status: t.status,
      severity: t.severity,
      escalatedAt: t.escalatedAt === null ? null : new Date(t.escalatedAt).toISOString(),
      createdAt: new Date(t.createdAt).toISOString(),
      overdue: t.dueAt < createdAt
    }));
  const doc = await loadDoc(store, dossier.id);
  const briefing = composeBriefing({
    dossier,
    ownerName: from.name,
    doc,
    timeline,
    openTasks,
    note: DEMO_HANDOFF_NOTE,
    generatedAt: createdAt
  });
  doc.destroy();

  const escalateAt = createdAt + ESCALATE_AFTER_MINUTES * MINUTE;
  const handoff: Handoff = {
    id: `handoff-demo-${dossier.id}`,
    dossierId: dossier.id,
    teamId: dossier.teamId,
    fromUserId: from.id,
    toUserId: to.id,
    byId: from.id,
    kind: 'temporary',
    until,
    note: DEMO_HANDOFF_NOTE,
    status: 'pending',
    createdAt,
    pickedUpAt: null,
    escalatedAt: escalateAt <= now ? escalateAt : null,
    returnedAt: null,
    briefing
  };
  await store.handoffs.create(handoff, []);
}
