import {
  STALLED_LIST_LIMIT,
  type AbsenceKind,
  type HandoffDTO,
  type PersonWhereDTO,
  type StalledGapDTO,
  type StalledTaskDTO,
  type WhereaboutsDTO,
  type WhereaboutsQuery
} from '../../../src/lib/contract';
import type { Coverage } from '../../kernel/coverage';
import { DomainError } from '../../kernel/domain-error';
import type { Dossier, User } from '../../kernel/types';
import type { Clock } from '../../ports/clock';
import type { PresenceDirectory } from '../../ports/presence-directory';
import type { CoverageService } from '../continuity';
import type { DossierService } from '../dossiers';
import {
  boardScope,
  classifyStalledTasks,
  coverersOf,
  unacknowledgedHandoffs,
  type StalledTaskInput
} from './whereabouts.rules';

/**
 * Open tasks fetched per question. The board lists the oldest 25 of each kind; 500 bounds the work on a team
 * that has let things pile up (the counts then say "500", which is already the message).
 */
const TASK_FETCH = 500;

export interface WhereaboutsService {
  /** GET /api/whereabouts: who is online, what they have open, who is away and who covers, stalled work. */
  board(actor: User, query: WhereaboutsQuery): Promise<WhereaboutsDTO>;
  /** The teams `actor` may watch for `team` (W1); throws forbidden / not_found. */
  scope(actor: User, team: string | undefined): Promise<string[]>;
}

export interface WhereaboutsDeps {
  presence: Pick<PresenceDirectory, 'entries'>;
  people: {
    /** Teams by id ('all': every team), with their names. */
    teams(ids: readonly string[] | 'all'): Promise<Array<{ id: string; name: string }>>;
    /** Members of any of these teams, deactivated ones left out. */
    membersOf(teamIds: readonly string[]): Promise<User[]>;
    namesOf(ids: string[]): Promise<Map<string, string>>;
  };
  dossiers: Pick<DossierService, 'findMany' | 'ownedBy'>;
  /** The ONE coverage rule, through continuity's service: who acts, who is available, where the gaps are. */
  coverage: Pick<CoverageService, 'coverageOf' | 'gapsIn' | 'isAvailable'>;
  /** Absences in force at `at`, with their end (ended early: that time). */
  absencesInForce(at: number): Promise<Array<{ userId: string; kind: AbsenceKind; end: number }>>;
  /** Open (and in-progress) tasks of the teams, by dueAt ascending, optionally due before / held by someone. */
  openTasks(options: {
    teamIds: readonly string[] | 'all';
    dueBefore?: number;
    actingAssigneeId?: string;
    limit: number;
  }): Promise<Array<StalledTaskInput & { title: string; severity: StalledTaskDTO['severity'] }>>;
  /** Hand-offs to these people not yet picked up (continuity's hand-off service). */
  pendingHandoffsTo(userIds: readonly string[]): Promise<HandoffDTO[]>;
  clock: Clock;
}

const iso = (ms: number) => new Date(ms).toISOString();
const untilOf = (c: Coverage | undefined) =>
  !c || c.kind === 'owner' || c.until === null ? null : new Date(c.until).toISOString();

/**
 * The "who is where" board (issue #10). It only assembles answers: presence from the PresenceDirectory port,
 * coverage (who covers whom, gaps, availability) from continuity's CoverageService, tasks and hand-offs from
 * their features; what counts as stalled is whereabouts.rules (pure, clock injected).
 */
export function createWhereaboutsService(deps: WhereaboutsDeps): WhereaboutsService {
  async function scope(actor: User, team: string | undefined): Promise<string[]> {
    const wanted = boardScope(actor, team);
    const teams = await deps.people.teams(wanted);
    if (wanted !== 'all' && teams.length === 0) throw new DomainError('not_found', 'No such team.');
    return teams.map((t) => t.id);
  }

  type InForce = Awaited<ReturnType<WhereaboutsDeps['absencesInForce']>>;

  async function people(
    actor: User,
    teamIds: string[],
    members: User[],
    absences: InForce,
    now: number
  ): Promise<PersonWhereDTO[]> {
    const ids = new Set(members.map((m) => m.id));
    const entries = await deps.presence.entries(teamIds);
    const absentNow = new Map<string, { kind: AbsenceKind; end: number }>();
    for (const a of absences) if (ids.has(a.userId)) absentNow.set(a.userId, a);
    // Who acts for each absent colleague's dossiers: the coverage service's answer per dossier, grouped.
    const owned = absentNow.size ? await deps.dossiers.ownedBy([...absentNow.keys()]) : [];
    const coverage = owned.length ? await deps.coverage.coverageOf(owned, now) : new Map<string, Coverage>();
    const openIds = [...new Set(entries.map((e) => e.dossierId).filter((d): d is string => !!d))];
    const open = new Map((await deps.dossiers.findMany(openIds)).map((d) => [d.id, d]));
    const visible = (d: Dossier | undefined) => !!d && (actor.role === 'admin' || actor.teamIds.includes(d.teamId));
    const coverIds = [...coverage.values()].map((c) => c.actingOwnerId).filter((id): id is string => !!id);
    const names = await deps.people.namesOf([...new Set(coverIds)]);

    return members
      .map((m): PersonWhereDTO => {
        const mine = entries.filter((e) => e.userId === m.id);
        const away = absentNow.get(m.id);
        let absence: PersonWhereDTO['absence'] = null;
        if (away) {
          const theirs = owned.filter((o) => o.ownerId === m.id).map((o) => coverage.get(o.id));
          const known = theirs.filter((c): c is Coverage => !!c);
          const { coverers, gaps } = coverersOf(known);
          const joined = known.find((c) => c.kind !== 'owner' && c.kind !== 'handoff');
          absence = {
            kind: away.kind,
            until: joined ? untilOf(joined) : iso(away.end),
            coveredBy: coverers.map((c) => ({ ...c, name: names.get(c.userId) ?? '' })),
            gaps
          };
        }
        return {
          id: m.id,
          name: m.name,
          role: m.role,
          teamIds: m.teamIds.filter((t) => teamIds.includes(t)),
          online: mine.length > 0,
          open: mine
            .filter((e) => e.dossierId)
            .sort((a, b) => b.since - a.since)
            .map((e) => {
              const d = open.get(e.dossierId!);
              return visible(d)
                ? { dossierId: d!.id, company: d!.company, since: iso(e.since) }
                : { dossierId: null, company: null, since: iso(e.since) };
            }),
          absence
        };
      })
      .sort((a, b) => Number(b.online) - Number(a.online) || a.name.localeCompare(b.name));
  }

  async function stalled(scopeIds: readonly string[] | 'all', members: User[], absences: InForce, now: number) {
    const memberIds = members.map((m) => m.id);
    const away = [...new Set(absences.map((a) => a.userId))].filter((id) => memberIds.includes(id));
    const [overdue, parked, handoffs, gaps] = await Promise.all([
      deps.openTasks({ teamIds: scopeIds, dueBefore: now + 1, limit: TASK_FETCH }),
      Promise.all(away.map((id) => deps.openTasks({ teamIds: scopeIds, actingAssigneeId: id, limit: TASK_FETCH }))),
      deps.pendingHandoffsTo(memberIds),
      deps.coverage.gapsIn(scopeIds, now)
    ]);
    const tasks = [...overdue, ...parked.flat()];
    const taskDossiers = new Map(
      (await deps.dossiers.findMany([...new Set(tasks.map((t) => t.dossierId))])).map((d) => [d.id, d])
    );
    // Who acts on each task now, as the coverage service says: the acting assignee while available; otherwise
    // whoever acts for the dossier (a task's stored acting assignee can lag behind an absence that just began).
    const assignees = [...new Set(tasks.map((t) => t.actingAssigneeId))];
    const availability = new Map(
      await Promise.all(assignees.map(async (id) => [id, await deps.coverage.isAvailable(id, now)] as const))
    );
    const stranded = [...new Set(tasks.filter((t) => !availability.get(t.actingAssigneeId)).map((t) => t.dossierId))]
      .map((id) => taskDossiers.get(id))
      .filter((d): d is Dossier => !!d);
    const dossierCoverage = stranded.length
      ? await deps.coverage.coverageOf(stranded, now)
      : new Map<string, Coverage>();
    const holderOf = (t: StalledTaskInput) =>
      availability.get(t.actingAssigneeId)
        ? t.actingAssigneeId
        : (dossierCoverage.get(t.dossierId)?.actingOwnerId ?? null);
    const classified = classifyStalledTasks({
      tasks,
      now,
      isLead: (id) => taskDossiers.get(id)?.stage === 'lead',
      holderOf
    });
    const gapDossiers = gaps.slice(0, STALLED_LIST_LIMIT);
    const gapRecords = new Map(
      (await deps.dossiers.findMany(gapDossiers.map((g) => g.dossierId))).map((d) => [d.id, d])
    );
    const shown = {
      leads: classified.leads.slice(0, STALLED_LIST_LIMIT),
      callbacks: classified.callbacks.slice(0, STALLED_LIST_LIMIT),
      tickets: classified.tickets.slice(0, STALLED_LIST_LIMIT)
    };
    const personIds = [
      ...Object.values(shown).flatMap((list) =>
        list.flatMap((c) => [c.task.assigneeId, holderOf(c.task) ?? c.task.actingAssigneeId])
      ),
      ...gapDossiers.map((g) => (g.coverage.kind === 'owner' ? '' : g.coverage.forUserId))
    ];
    const names = await deps.people.namesOf([...new Set(personIds.filter(Boolean))]);
    const taskDTO = ({ task, reasons }: (typeof shown.leads)[number]): StalledTaskDTO => {
      const acting = holderOf(task) ?? task.actingAssigneeId;
      return {
        taskId: task.id,
        dossierId: task.dossierId,
        dossierCompany: taskDossiers.get(task.dossierId)?.company ?? '',
        title: task.title,
        assigneeId: task.assigneeId,
        assigneeName: names.get(task.assigneeId) ?? '',
        actingAssigneeId: acting,
        actingAssigneeName: names.get(acting) ?? '',
        dueAt: iso(task.dueAt),
        severity: task.severity,
        reasons
      };
    };
    const pending = unacknowledgedHandoffs(
      handoffs.map((h) => ({ ...h, createdAt: Date.parse(h.createdAt), createdAtIso: h.createdAt }))
    );
    const gapDTOs: StalledGapDTO[] = [];
    for (const g of gapDossiers) {
      if (g.coverage.kind !== 'gap') continue;
      gapDTOs.push({
        dossierId: g.dossierId,
        dossierCompany: gapRecords.get(g.dossierId)?.company ?? '',
        forUserId: g.coverage.forUserId,
        forUserName: names.get(g.coverage.forUserId) ?? '',
        reason: g.coverage.reason,
        until: untilOf(g.coverage)
      });
    }
    return {
      handoffs: pending.slice(0, STALLED_LIST_LIMIT).map((h) => ({
        id: h.id,
        dossierId: h.dossierId,
        dossierCompany: h.dossierCompany,
        fromName: h.fromName,
        toUserId: h.toUserId,
        toName: h.toName,
        createdAt: h.createdAtIso,
        escalated: h.escalatedAt !== null
      })),
      leads: shown.leads.map(taskDTO),
      callbacks: shown.callbacks.map(taskDTO),
      tickets: shown.tickets.map(taskDTO),
      gaps: gapDTOs,
      counts: {
        handoffs: pending.length,
        leads: classified.leads.length,
        callbacks: classified.callbacks.length,
        tickets: classified.tickets.length,
        gaps: gaps.length
      }
    };
  }

  return {
    scope,
    async board(actor, query) {
      const teamIds = await scope(actor, query.team);
      const now = deps.clock.now();
      const [teams, members, absences] = await Promise.all([
        deps.people.teams(teamIds),
        deps.people.membersOf(teamIds),
        deps.absencesInForce(now)
      ]);
      const scopeIds = actor.role === 'admin' && !query.team ? 'all' : teamIds;
      const [board, work] = await Promise.all([
        people(actor, teamIds, members, absences, now),
        stalled(scopeIds, members, absences, now)
      ]);
      return {
        at: iso(now),
        teams: teams.map((t) => ({ id: t.id, name: t.name })).sort((a, b) => a.name.localeCompare(b.name)),
        people: board,
        stalled: work
      };
    }
  };
}
