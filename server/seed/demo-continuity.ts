import type { Absence } from '../features/continuity/absence-store';
import { DEFAULT_TEAM_TIME_ZONE } from '../kernel/team-calendar';
import { absenceWindow } from '../kernel/zoned-time';
import type { DemoCompany } from './demo-company';

/** Default deputies by name (most reps; deputies form a ring per team, one pair deputises for each other). */
const DEPUTIES: Record<string, string> = {
  'Jörg Petersen': 'Lena Schröder',
  'Lena Schröder': 'Mehmet Yılmaz',
  'Mehmet Yılmaz': 'Katarzyna Nowak',
  'Katarzyna Nowak': 'Jörg Petersen',
  'Sophie Gruber': "Liam O'Connor",
  // Daniel and Emma deputise for each other: with both away the chain is a cycle (rule C5) → the demo's gap.
  'Daniel Köhler': 'Emma Clarke',
  'Emma Clarke': 'Daniel Köhler'
};

/** The local calendar date (YYYY-MM-DD) `days` after the one containing `at`, in `timeZone`. */
function localDate(at: number, timeZone: string, days = 0): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })
    .format(at)
    .split('-')
    .map(Number);
  return new Date(Date.UTC(today[0], today[1] - 1, today[2] + days)).toISOString().slice(0, 10);
}

/**
 * Continuity for the demo (issue #9), deterministic given `now`: deputies for most reps and four absences —
 * - Emma Clarke on vacation now, handed to Sophie Gruber (her cases are covered: rule C3a);
 * - Markus Weiß, Süd's manager, at a training now, handed to Liam O'Connor (so no manager catches a gap, C3d);
 * - Daniel Köhler ill now, no hand-to; his deputy Emma is away and deputises back to him (a cycle). His dossiers
 *   have Liam as stand-in except one, which is the demo's single coverage gap (C6, cause 'cycle');
 * - Jörg Petersen on vacation next week (upcoming), handed to Lena Schröder.
 * Mutates `company` (deputies on users, stand-ins on Daniel's dossiers) and returns the absences to store.
 */
export function applyDemoContinuity(company: DemoCompany, now: number): Absence[] {
  const byName = new Map(company.users.map((u) => [u.name, u]));
  const id = (name: string) => byName.get(name)?.id ?? null;
  for (const user of company.users) user.deputyId = id(DEPUTIES[user.name] ?? '') ?? null;

  const daniel = id('Daniel Köhler');
  const liam = id("Liam O'Connor");
  const his = company.dossiers.filter((d) => d.dossier.ownerId === daniel);
  for (const d of his.slice(1)) if (liam) d.dossier.standInIds = [liam];

  const tz = company.teams[0]?.timeZone ?? DEFAULT_TEAM_TIME_ZONE;
  // Next week's Monday: days until Monday (1..7) from today's weekday.
  const weekday = new Date(`${localDate(now, tz)}T12:00:00Z`).getUTCDay();
  const toMonday = (8 - weekday) % 7 || 7;
  const plans: Array<{ name: string; kind: Absence['kind']; from: number; to: number; handTo: string | null }> = [
    { name: 'Emma Clarke', kind: 'vacation', handTo: 'Sophie Gruber', ...days(-2, 4) },
    { name: 'Markus Weiß', kind: 'training', handTo: "Liam O'Connor", ...days(0, 1) },
    { name: 'Daniel Köhler', kind: 'illness', handTo: null, ...days(0, 2) },
    { name: 'Jörg Petersen', kind: 'vacation', handTo: 'Lena Schröder', ...days(toMonday, toMonday + 4) }
  ];
  function days(first: number, last: number) {
    return absenceWindow({ date: localDate(now, tz, first), toDate: localDate(now, tz, last), timeZone: tz });
  }
  return plans.flatMap((p) => {
    const userId = id(p.name);
    if (!userId) return [];
    const current = p.from <= now;
    return [
      {
        id: `absence-${userId}`,
        userId,
        kind: p.kind,
        from: p.from,
        to: p.to,
        handToId: p.handTo ? id(p.handTo) : null,
        note: null,
        endedAt: null,
        createdById: id('Claudia Brandt') ?? userId,
        createdAt: Math.min(now, p.from) - 7 * 86_400_000,
        updatedAt: Math.min(now, p.from) - 7 * 86_400_000,
        // Seeded as already begun: a seeded present is not news, so the start job writes no events for it.
        startedFiredAt: current ? now : null,
        endedFiredAt: null,
        version: 1
      }
    ];
  });
}
