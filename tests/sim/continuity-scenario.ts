/**
 * The seeded quarter of the continuity simulation (issue #9): who works where, who deputises for whom, 20,000
 * dossiers with stand-ins on some, and a time-ordered plan of what people do over 13 weeks — planned absences
 * (recorded ahead, some edited, some ended early), sudden illness recorded "now", temporary and permanent
 * hand-offs, and two departures. Pure data from one seed: the same seed gives the same quarter, so a failing
 * seed printed by the test can be replayed with SIM_SEED.
 *
 * The plan names absences and hand-offs by scenario keys; the runner maps them to the ids the services return.
 */
import type { AbsenceKind } from '../../src/lib/contract/continuity';
import { fromLocal, toLocal } from '../../src/lib/state/zoned-time';
import type { Dossier } from '../../server/kernel/types';
import { generateBulkDossiers } from '../../server/seed/demo-company';
import { createSeededRandom, type SeededRandom } from '../../server/seed/seeded-random';

export const SIM_TIME_ZONE = 'Europe/Berlin';
const MINUTE = 60_000;
const DAY = 86_400_000;

export interface SimPerson {
  id: string;
  name: string;
  email: string;
  role: 'rep' | 'manager' | 'admin';
  teamId: string;
  deputyId: string | null;
}

export type SimAction =
  | {
      at: number;
      type: 'record_absence';
      key: string;
      byId: string;
      userId: string;
      kind: AbsenceKind;
      /** Omitted for an illness that starts "now" (the service defaults `from` to its clock). */
      from: number | null;
      to: number;
      handToId: string | null;
    }
  | { at: number; type: 'patch_absence'; key: string; byId: string; to: number }
  | { at: number; type: 'end_absence'; key: string; byId: string }
  | {
      at: number;
      type: 'handoff';
      key: string;
      byId: string;
      dossierId: string;
      toUserId: string;
      until: number | null;
    }
  | { at: number; type: 'pickup'; key: string; byId: string }
  | { at: number; type: 'offboard'; byId: string; userId: string };

export interface SimScenario {
  seed: number;
  start: number;
  end: number;
  teams: Array<{ id: string; name: string; managerIds: string[]; memberIds: string[] }>;
  admin: SimPerson;
  people: SimPerson[];
  dossiers: Dossier[];
  /** The deliberate deputy cycle (a ↔ b) and the week all of them (and their manager) are away together. */
  cycle: { a: string; b: string; managerId: string };
  departures: string[];
  actions: SimAction[];
}

export interface ScenarioOptions {
  seed: number;
  people?: number;
  teams?: number;
  dossiers?: number;
  /** Monday 00:00 Berlin of the first week; 13 weeks follow (the 2026 spring DST switch falls inside). */
  start?: number;
  weeks?: number;
}

/** 09:00–16:00 local on a weekday: when people record things. */
function officeMinute(rng: SeededRandom, dayStart: number): number {
  return dayStart + (9 * 60 + rng.int(0, 7 * 60)) * MINUTE;
}

/** Local midnight `days` calendar days after the day of `ms` (DST-safe: via wall-clock fields). */
function localDay(ms: number, days: number): number {
  const l = toLocal(ms, SIM_TIME_ZONE);
  const shifted = new Date(Date.UTC(l.year, l.month - 1, l.day + days));
  return fromLocal(
    { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate(), hour: 0, minute: 0 },
    SIM_TIME_ZONE
  );
}

const atLocal = (dayStart: number, hour: number) => {
  const l = toLocal(dayStart, SIM_TIME_ZONE);
  return fromLocal({ year: l.year, month: l.month, day: l.day, hour, minute: 0 }, SIM_TIME_ZONE);
};

export function generateScenario(options: ScenarioOptions): SimScenario {
  const rng = createSeededRandom(options.seed);
  const peopleCount = options.people ?? 50;
  const teamCount = options.teams ?? 5;
  const weeks = options.weeks ?? 13;
  // Monday 5 January 2026, 00:00 in Berlin; the quarter runs into April across the 29 March DST switch.
  const start = options.start ?? fromLocal({ year: 2026, month: 1, day: 5, hour: 0, minute: 0 }, SIM_TIME_ZONE);
  const end = localDay(start, weeks * 7);
  const dayStarts = Array.from({ length: weeks * 7 }, (_, i) => localDay(start, i));
  const workdays = dayStarts.filter((d) => {
    const wd = new Date(d + 12 * 3_600_000).getUTCDay();
    return wd >= 1 && wd <= 5;
  });

  // ---- people: teams of ~10, one manager each (the first team has two) ----
  const teams: SimScenario['teams'] = [];
  const people: SimPerson[] = [];
  for (let t = 0; t < teamCount; t++) {
    teams.push({ id: `sim-team-${t + 1}`, name: `Sim team ${t + 1}`, managerIds: [], memberIds: [] });
  }
  for (let i = 0; i < peopleCount; i++) {
    const team = teams[i % teamCount];
    const isManager =
      team.managerIds.length === 0 || (team === teams[0] && team.managerIds.length === 1 && i >= teamCount);
    const id = `sim-u${String(i + 1).padStart(2, '0')}`;
    people.push({
      id,
      name: `Sim Person ${i + 1}`,
      email: `${id}@sim.example`,
      role: isManager ? 'manager' : 'rep',
      teamId: team.id,
      deputyId: null
    });
    (isManager ? team.managerIds : team.memberIds).push(id);
    if (isManager) team.memberIds.push(id);
  }
  const admin: SimPerson = {
    id: 'sim-admin',
    name: 'Sim Admin',
    email: 'sim-admin@sim.example',
    role: 'admin',
    teamId: teams[0].id,
    deputyId: null
  };
  const byId = new Map(people.map((p) => [p.id, p]));
  const reps = (teamId: string) => people.filter((p) => p.teamId === teamId && p.role === 'rep');

  // ---- deputies: most people name a teammate (chains form by themselves), one deliberate cycle ----
  for (const p of people) {
    if (!rng.chance(0.8)) continue;
    const mates = people.filter((q) => q.teamId === p.teamId && q.id !== p.id);
    p.deputyId = rng.pick(mates).id;
  }
  const [cycleA, cycleB] = reps(teams[0].id);
  byId.get(cycleA.id)!.deputyId = cycleB.id;
  byId.get(cycleB.id)!.deputyId = cycleA.id;
  const cycle = { a: cycleA.id, b: cycleB.id, managerId: teams[0].managerIds[0] };

  // ---- dossiers: bulk, owned by team members; stand-ins on ~30 % (never on the cycle pair's, so a gap can form) ----
  const dossiers = generateBulkDossiers({
    seed: options.seed ^ 0x5eed,
    count: options.dossiers ?? 20_000,
    teams: teams.map((t) => ({ teamId: t.id, ownerIds: t.memberIds })),
    now: start,
    idPrefix: 'sim-d'
  });
  for (const d of dossiers) {
    if (d.ownerId === cycle.a || d.ownerId === cycle.b || !rng.chance(0.3)) continue;
    const mates = teams.find((t) => t.id === d.teamId)!.memberIds.filter((id) => id !== d.ownerId);
    d.standInIds = rng.sample(mates, rng.int(1, 2));
  }

  const actions: SimAction[] = [];
  let n = 0;
  const key = (prefix: string) => `${prefix}${++n}`;
  const firstDay = dayStarts[0];

  // ---- departures: two reps (not the cycle pair), in weeks 4–11 ----
  const leavers = rng.sample(
    people.filter((p) => p.role === 'rep' && p.id !== cycle.a && p.id !== cycle.b),
    2
  );
  const departures = leavers.map((p) => p.id);
  const departureAt = new Map<string, number>();
  for (const p of leavers) {
    const at = officeMinute(
      rng,
      rng.pick(workdays.slice(Math.floor(workdays.length * 0.25), Math.ceil(workdays.length * 0.85)))
    );
    departureAt.set(p.id, at);
    actions.push({ at, type: 'offboard', byId: admin.id, userId: p.id });
  }
  const presentAt = (id: string, at: number) => !departureAt.has(id) || at < departureAt.get(id)!;

  // ---- the deliberate gap: the cycle pair and their team's managers away over the same days in week 6 ----
  const busyOf = new Map<string, Array<[number, number]>>();
  {
    const first = Math.floor(workdays.length * 0.4);
    const from = workdays[first];
    const to = localDay(workdays[Math.min(workdays.length - 1, first + 2)], 1);
    for (const id of [cycle.a, cycle.b, ...teams[0].managerIds]) {
      busyOf.set(id, [[from, to]]);
      actions.push({
        at: firstDay + 8 * 3_600_000,
        type: 'record_absence',
        key: key('g'),
        byId: id,
        userId: id,
        kind: 'vacation',
        from,
        to,
        handToId: null
      });
    }
  }

  // ---- absences: per person non-overlapping blocks (the calendar of one person never overlaps itself) ----
  for (const p of people) {
    const busy: Array<[number, number]> = busyOf.get(p.id) ?? [];
    const free = (from: number, to: number) => busy.every(([f, t]) => to <= f || from >= t);
    const mates = people.filter((q) => q.teamId === p.teamId && q.id !== p.id);
    const manager = teams.find((t) => t.id === p.teamId)!.managerIds[0];
    // Planned: 0–2 vacations of 1–10 workdays, 1 day of training sometimes; recorded 1–30 days ahead.
    const planned = rng.int(0, 2) + (rng.chance(0.3) ? 1 : 0);
    for (let i = 0; i < planned; i++) {
      const kind: AbsenceKind = i === 2 || rng.chance(0.15) ? 'training' : 'vacation';
      const startIdx = rng.int(3, workdays.length - 3);
      const len = kind === 'training' ? 1 : rng.int(1, 10);
      const halfDay = rng.chance(0.2);
      const from = halfDay ? atLocal(workdays[startIdx], 13) : workdays[startIdx];
      const to = localDay(workdays[Math.min(workdays.length - 1, startIdx + len - 1)], 1);
      if (!free(from, to) || !presentAt(p.id, to)) continue;
      busy.push([from, to]);
      const recordDay = Math.max(firstDay, localDay(from, -rng.int(1, 30)));
      const recordAt = recordDay === firstDay ? firstDay + 8 * 3_600_000 : officeMinute(rng, recordDay);
      const k = key('a');
      const handTo = rng.chance(0.3) ? rng.pick(mates).id : null;
      actions.push({
        at: recordAt,
        type: 'record_absence',
        key: k,
        byId: p.id,
        userId: p.id,
        kind,
        from,
        to,
        handToId: handTo
      });
      if (rng.chance(0.1) && recordAt + DAY < from) {
        // Moved: the end is pushed back or pulled in before it starts.
        const newTo = rng.chance(0.5) ? localDay(to, 1) : Math.max(from + 4 * 3_600_000, localDay(to, -1));
        if (free(to, newTo) || newTo < to) {
          actions.push({
            at: recordAt + rng.int(1, 20) * 60 * MINUTE,
            type: 'patch_absence',
            key: k,
            byId: p.id,
            to: newTo
          });
          busy[busy.length - 1] = [from, Math.max(to, newTo)];
        }
      }
      if (rng.chance(0.1) && to - from > DAY) {
        // Back early: ended at a random office minute during the absence.
        const at = Math.min(to - MINUTE, from + rng.int(1, Math.floor((to - from) / MINUTE) - 1) * MINUTE);
        actions.push({ at, type: 'end_absence', key: k, byId: p.id });
      }
    }
    // Sudden illness: 0–2 per quarter, recorded "now" by the manager (or by themselves), 1–5 days.
    const ill = rng.weighted([
      [0, 5],
      [1, 4],
      [2, 1]
    ] as const);
    for (let i = 0; i < ill; i++) {
      const day = rng.pick(workdays);
      const at = officeMinute(rng, day);
      const to = localDay(day, rng.int(1, 5));
      if (!free(at, to) || !presentAt(p.id, to)) continue;
      busy.push([at, to]);
      const by = manager !== p.id && rng.chance(0.7) ? manager : p.id;
      actions.push({
        at,
        type: 'record_absence',
        key: key('i'),
        byId: by,
        userId: p.id,
        kind: 'illness',
        from: null,
        to,
        handToId: null
      });
    }
  }

  // ---- hand-offs: 40 temporary (3–10 days, 70 % picked up within hours) and 10 permanent ----
  for (let i = 0; i < 50; i++) {
    const d = rng.pick(dossiers);
    const mates = teams.find((t) => t.id === d.teamId)!.memberIds.filter((id) => id !== d.ownerId);
    const at = officeMinute(rng, rng.pick(workdays));
    const permanent = i >= 40;
    const k = key('h');
    actions.push({
      at,
      type: 'handoff',
      key: k,
      byId: d.ownerId,
      dossierId: d.id,
      toUserId: rng.pick(mates),
      until: permanent ? null : localDay(at, rng.int(3, 10)) + 9 * 3_600_000
    });
    if (rng.chance(0.7)) actions.push({ at: at + rng.int(5, 240) * MINUTE, type: 'pickup', key: k, byId: '' });
  }

  actions.sort((a, b) => a.at - b.at);
  return { seed: options.seed, start, end, teams, admin, people, dossiers, cycle, departures, actions };
}
