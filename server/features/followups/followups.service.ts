import type {
  CompleteTaskInput,
  CreateTaskInput,
  PatchTaskInput,
  SnoozeTaskInput,
  TaskDTO,
  TaskListQuery,
  TaskPage
} from '../../../src/lib/contract';
import { DomainError } from '../../kernel/domain-error';
import { visibleTeams } from '../../kernel/permissions';
import type { WorkingHours } from '../../kernel/team-calendar';
import type { Dossier, User } from '../../kernel/types';
import type { NewEvent } from '../../kernel/events';
import type { Clock } from '../../ports/clock';
import type { IdGenerator } from '../../ports/id-generator';
import type { DossierService } from '../dossiers';
import type { EventOutbox } from '../feed';
import {
  addWorkingMinutes,
  dueWindow,
  escalationDueAt,
  statusAllowed,
  TICKET_DUE_WORKING_MINUTES,
  type TicketSeverity
} from './followups.rules';
import type { Task, TaskStore } from './task-store';

/** A team's time zone and working hours (from identity's teams; app.ts wires it). */
export type TeamCalendarLookup = (teamId: string) => Promise<{ timeZone: string; workingHours: WorkingHours }>;

/** Writes a completed task's outcome to the dossier's timeline (the interactions feature; injected by app.ts). */
export type OutcomeLogger = (options: {
  dossierId: string;
  taskId: string;
  outcome: string;
  actor: User;
}) => Promise<void>;

/**
 * What follow-ups ask of continuity's CoverageService (issue #9), declared structurally: continuity (the desk)
 * depends on follow-ups, so importing it back would be a cycle. Late-bound by app.ts.
 */
export interface TaskCoverage {
  /** Who acts on a task of `assigneeId` on `dossier` now: the assignee when available; null in a gap. */
  actingAssigneeOf(options: { assigneeId: string; dossier: Dossier }): Promise<string | null>;
  /** The same for a page of tasks at once (one coverage snapshot for the page). */
  actingAssigneesOf(items: ReadonlyArray<{ assigneeId: string; dossier: Dossier }>): Promise<Array<string | null>>;
  /** Whether `userId` acts for the dossier through coverage (a stand-in of another team may take its tasks). */
  isCovering(userId: string, dossier: Dossier): Promise<boolean>;
}

export interface FollowupService {
  list(actor: User, query: TaskListQuery): Promise<TaskPage>;
  create(actor: User, input: CreateTaskInput): Promise<TaskDTO>;
  /**
   * The task create would write and its task.created event, not written and without an access check (the
   * caller decided; the assignee is still checked): lead intake stores a lead's callback with its dossier in
   * one transaction, so `dossier` may not be stored yet.
   */
  draftCreate(options: {
    actor: User;
    dossier: Dossier;
    input: Omit<CreateTaskInput, 'dossierId'>;
  }): Promise<{ task: Task; events: NewEvent[] }>;
  complete(actor: User, id: string, input: CompleteTaskInput): Promise<TaskDTO>;
  snooze(actor: User, id: string, input: SnoozeTaskInput): Promise<TaskDTO>;
  patch(actor: User, id: string, input: PatchTaskInput): Promise<TaskDTO>;
  /** A complaint's follow-up for the owner, due by severity in working time (TS1: critical 1 h … low 5 days). */
  openTicket(options: {
    dossierId: string;
    title: string;
    actor: User;
    interactionId: string;
    severity?: TicketSeverity;
  }): Promise<TaskDTO>;
  /**
   * Issue #9 (the desk): open tasks assigned to these people, without an access check (the caller covers them),
   * at most `limit` each, by due time.
   */
  openAssignedToAny(assigneeIds: readonly string[], limit: number): Promise<TaskDTO[]>;
  /** Escalates every task whose escalation time has come, each exactly once; returns how many it escalated. */
  escalateDue(): Promise<number>;
  /** Issue #9 offboarding: every open (open or in progress) callback, task and ticket assigned to the user. */
  openAssignedTo(userId: string): Promise<Array<TaskDTO & { teamId: string }>>;
  /**
   * Issue #9: after coverage changed, the open tasks assigned to or acted on by `userIds` get the acting assignee
   * coverage gives now (RT1); each moved task is written with a task.changed event naming who it left, so task
   * lists and desks follow live. Returns how many moved.
   */
  rerouteFor(userIds: readonly string[]): Promise<number>;
}

/** Stale reads retry this often before giving up with 'conflict' (two people editing one task at once). */
const WRITE_ATTEMPTS = 3;
/** Escalations per store query; the job loops until a batch comes back short. */
const ESCALATION_BATCH = 100;
/** Tasks per page while rerouting after a coverage change. */
const REROUTE_BATCH = 200;

export function createFollowupService(deps: {
  tasks: TaskStore;
  dossiers: Pick<DossierService, 'authorize' | 'find' | 'findMany'>;
  people: {
    namesOf(ids: string[]): Promise<Map<string, string>>;
    get(id: string): Promise<User | null>;
    /** Ids of the users of a team whose role is manager. */
    managersOf(teamId: string): Promise<string[]>;
  };
  calendarOf: TeamCalendarLookup;
  escalateAfterWorkingMinutes: number;
  logOutcome?: OutcomeLogger;
  /** Late-bound coverage (built after this service); absent: every assignee acts on their own tasks. */
  coverage?: () => TaskCoverage;
  onError?: (err: unknown) => void;
  events: EventOutbox;
  clock: Clock;
  ids: IdGenerator;
}): FollowupService {
  const { tasks, events, clock } = deps;

  /** `known`: dossiers the caller has at hand (one not stored yet, for a draft). */
  async function toDTOs(list: Task[], known: Dossier[] = []): Promise<TaskDTO[]> {
    const names = await deps.people.namesOf([...new Set(list.map((t) => t.assigneeId))]);
    // One lookup for the page (a 200-row task page read its dossiers one by one: most of its 9 ms in the bench).
    const knownIds = new Set(known.map((d) => d.id));
    const found = [
      ...known,
      ...(await deps.dossiers.findMany(list.map((t) => t.dossierId).filter((id) => !knownIds.has(id))))
    ];
    const companies = new Map(found.map((d) => [d.id, d.company]));
    const now = clock.now();
    return list.map((t) => ({
      id: t.id,
      dossierId: t.dossierId,
      dossierCompany: companies.get(t.dossierId) ?? '',
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
      overdue: t.status !== 'done' && t.dueAt < now
    }));
  }
  const toDTO = async (task: Task) => (await toDTOs([task]))[0];

  async function editable(actor: User, dossierId: string): Promise<Dossier> {
    const { dossier, access } = await deps.dossiers.authorize(actor, dossierId);
    if (access !== 'edit') throw new DomainError('forbidden', 'read-only access to this dossier');
    return dossier;
  }

  /** A member of the dossier's team (not a viewer), or someone covering the dossier (issue #9, A3). */
  async function checkAssignee(assigneeId: string, dossier: Dossier): Promise<void> {
    const user = await deps.people.get(assigneeId);
    if (user && user.deactivatedAt !== null) throw new DomainError('invalid', 'the assignee was deactivated');
    if (user && user.role !== 'viewer') {
      if (user.teamIds.includes(dossier.teamId)) return;
      if (deps.coverage && (await deps.coverage().isCovering(assigneeId, dossier))) return;
    }
    throw new DomainError('invalid', 'the assignee must be a member of the dossier’s team');
  }

  /** RT1: who acts on a task of `assigneeId` now (the assignee in a gap: the task stays visible to them). */
  async function actingFor(assigneeId: string, dossier: Dossier): Promise<string> {
    if (!deps.coverage) return assigneeId;
    return (await deps.coverage().actingAssigneeOf({ assigneeId, dossier })) ?? assigneeId;
  }

  /**
   * RT2: a new task nobody named an assignee for goes to the owner, or, while the owner is away, to whoever acts
   * for the dossier — as its assignee, so it stays with them when the owner returns (unless done).
   */
  async function defaultAssignee(dossier: Dossier): Promise<string> {
    return actingFor(dossier.ownerId, dossier);
  }

  async function escalateAtFor(teamId: string, dueAt: number): Promise<number> {
    const { timeZone, workingHours } = await deps.calendarOf(teamId);
    return escalationDueAt({ dueAt, timeZone, workingHours, delayMinutes: deps.escalateAfterWorkingMinutes });
  }

  async function describeCreated(actor: User, task: Task, dossier?: Dossier) {
    const [dto] = await toDTOs([task], dossier ? [dossier] : []);
    const created = events.event('task.created', {
      actorId: actor.id,
      teamId: task.teamId,
      dossierId: task.dossierId,
      data: { task: dto }
    });
    return { dto, created };
  }

  async function insert(actor: User, task: Task): Promise<TaskDTO> {
    const { dto, created } = await describeCreated(actor, task);
    await tasks.create(task, [created]);
    events.committed();
    return dto;
  }

  /** A new task on `dossier`, assignee checked, not written. */
  async function newTask(actor: User, dossier: Dossier, input: Omit<CreateTaskInput, 'dossierId'>): Promise<Task> {
    const assigneeId = input.assigneeId ?? (await defaultAssignee(dossier));
    await checkAssignee(assigneeId, dossier);
    const now = clock.now();
    const dueAt = Date.parse(input.dueAt);
    return {
      id: deps.ids.next(),
      dossierId: dossier.id,
      teamId: dossier.teamId,
      kind: input.kind,
      title: input.title,
      dueAt,
      assigneeId,
      actingAssigneeId: await actingFor(assigneeId, dossier),
      status: 'open',
      outcome: null,
      escalateAt: await escalateAtFor(dossier.teamId, dueAt),
      escalatedAt: null,
      createdAt: now,
      createdBy: actor.id,
      updatedAt: now,
      interactionId: input.interactionId ?? null,
      severity: null,
      version: 1
    };
  }

  /**
   * Loads, authorizes, applies `change` and writes conditionally on the version read; a concurrent write makes
   * it re-read and re-apply (the change is a function of the current task), up to WRITE_ATTEMPTS times.
   */
  async function modify(
    actor: User,
    id: string,
    change: (task: Task, dossier: Dossier) => Promise<{ next: Task; describe: (dto: TaskDTO) => NewEvent }>
  ): Promise<{ before: Task; after: Task; dto: TaskDTO }> {
    for (let attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
      const task = await tasks.get(id);
      if (!task) throw new DomainError('not_found', 'task not found');
      const dossier = await editable(actor, task.dossierId);
      if (task.status === 'done') throw new DomainError('conflict', 'this task is already done');
      const { next, describe } = await change(task, dossier);
      const stamped = { ...next, updatedAt: clock.now() };
      const dto = await toDTO(stamped);
      const stored = await tasks.update(stamped, task.version, [describe(dto)]);
      if (stored) {
        events.committed();
        return { before: task, after: stored, dto };
      }
    }
    throw new DomainError('conflict', 'the task was changed by someone else at the same time; try again');
  }

  const changed = (actor: User, before: Task, next: Task) => (dto: TaskDTO) => {
    const stillThere = new Set([next.assigneeId, next.actingAssigneeId]);
    const left = [...new Set([before.assigneeId, before.actingAssigneeId])].filter((u) => !stillThere.has(u));
    return events.event('task.changed', {
      actorId: actor.id,
      teamId: next.teamId,
      dossierId: next.dossierId,
      data: left.length ? { task: dto, leftUserIds: left } : { task: dto }
    });
  };

  /** TS1: a ticket of this severity opened at `openedAt` is due this many working minutes later. */
  async function ticketDueAt(teamId: string, openedAt: number, severity: TicketSeverity): Promise<number> {
    const { timeZone, workingHours } = await deps.calendarOf(teamId);
    return addWorkingMinutes({ from: openedAt, minutes: TICKET_DUE_WORKING_MINUTES[severity], timeZone, workingHours });
  }

  /** RT1 for one task: writes the new acting assignee (system change) unless it is already right or the task moved. */
  async function reroute(task: Task, dossier: Dossier, known?: string): Promise<boolean> {
    const acting = known ?? (await actingFor(task.assigneeId, dossier));
    if (acting === task.actingAssigneeId) return false;
    const next: Task = { ...task, actingAssigneeId: acting, updatedAt: clock.now() };
    const dto = await toDTO(next);
    const event = events.event('task.changed', {
      actorId: null,
      teamId: task.teamId,
      dossierId: task.dossierId,
      data: { task: dto, leftUserIds: [task.actingAssigneeId].filter((u) => u !== task.assigneeId && u !== acting) }
    });
    // A concurrent edit wins: it computed the acting assignee itself (patch) or the next coverage change will.
    const stored = await tasks.update(next, task.version, [event]);
    if (stored) events.committed();
    return stored !== null;
  }

  /** A new due time is a new promise: the escalation clock restarts from it. */
  async function moveDue(task: Task, dueAt: number): Promise<Task> {
    return { ...task, dueAt, escalateAt: await escalateAtFor(task.teamId, dueAt), escalatedAt: null };
  }

  return {
    async openAssignedToAny(assigneeIds, limit) {
      const pages = await Promise.all(
        [...new Set(assigneeIds)].map((assigneeId) =>
          tasks.list({ teamIds: 'all', assigneeId, statuses: ['open', 'in_progress'], limit })
        )
      );
      return toDTOs(pages.flatMap((p) => p.items));
    },

    async list(actor, query) {
      // Personal scopes are not limited to the actor's teams: a stand-in covering another team's dossier has its
      // tasks routed to them (assignee or acting assignee), and the filter on themself is the permission.
      const teams = query.scope === 'team' ? visibleTeams(actor) : 'all';
      if (query.dossierId) await deps.dossiers.authorize(actor, query.dossierId);
      const now = clock.now();
      let window: { from?: number; before?: number } = {};
      if (query.due) {
        // One user, one zone: the buckets follow the first team's zone (all teams share Europe/Berlin today).
        const home = actor.teamIds[0];
        const { timeZone } = home ? await deps.calendarOf(home) : { timeZone: 'Europe/Berlin' };
        window = dueWindow({ due: query.due, now, timeZone });
      }
      const page = await tasks.list({
        teamIds: teams,
        assigneeId: query.scope === 'mine' ? actor.id : undefined,
        actingAssigneeId: query.scope === 'covering' ? actor.id : undefined,
        notAssigneeId: query.scope === 'covering' ? actor.id : undefined,
        dossierId: query.dossierId,
        statuses: query.status === 'open' ? ['open', 'in_progress'] : ['done'],
        dueFrom: window.from,
        dueBefore: window.before,
        limit: query.limit,
        cursor: query.cursor
      });
      return { items: await toDTOs(page.items), nextCursor: page.nextCursor };
    },

    async create(actor, input) {
      const dossier = await editable(actor, input.dossierId);
      return insert(actor, await newTask(actor, dossier, input));
    },

    async draftCreate({ actor, dossier, input }) {
      const task = await newTask(actor, dossier, input);
      const { created } = await describeCreated(actor, task, dossier);
      return { task, events: [created] };
    },

    async complete(actor, id, input) {
      const outcome = input.outcome?.trim() || null;
      const { after, dto } = await modify(actor, id, async (task) => {
        const next: Task = { ...task, status: 'done', outcome };
        return {
          next,
          describe: (d) =>
            events.event('task.completed', {
              actorId: actor.id,
              teamId: task.teamId,
              dossierId: task.dossierId,
              data: { task: d, outcome }
            })
        };
      });
      if (outcome && deps.logOutcome) {
        // The task is done whatever happens to the timeline entry; a failure there is reported, not undone.
        await deps.logOutcome({ dossierId: after.dossierId, taskId: after.id, outcome, actor }).catch(deps.onError);
      }
      return dto;
    },

    async snooze(actor, id, input) {
      const until = Date.parse(input.until);
      if (until <= clock.now()) throw new DomainError('invalid', 'snooze until a time in the future');
      const { dto } = await modify(actor, id, async (task) => {
        const next = await moveDue(task, until);
        return { next, describe: changed(actor, task, next) };
      });
      return dto;
    },

    async patch(actor, id, input) {
      const { dto } = await modify(actor, id, async (task, dossier) => {
        let next: Task = { ...task };
        if (input.title !== undefined) next.title = input.title;
        if (input.status !== undefined) {
          if (!statusAllowed(task.kind, input.status)) {
            throw new DomainError('invalid', 'only tickets can be in progress');
          }
          next.status = input.status;
        }
        if (input.assigneeId !== undefined && input.assigneeId !== task.assigneeId) {
          await checkAssignee(input.assigneeId, dossier);
          next = {
            ...next,
            assigneeId: input.assigneeId,
            actingAssigneeId: await actingFor(input.assigneeId, dossier)
          };
        }
        if (input.severity !== undefined && input.severity !== task.severity) {
          if (task.kind !== 'ticket') throw new DomainError('invalid', 'severity: only tickets have a severity');
          next.severity = input.severity;
          // TS1: the due time follows the severity, counted from when the ticket was opened; an explicit
          // dueAt in the same request wins (below).
          if (input.dueAt === undefined)
            next = await moveDue(next, await ticketDueAt(task.teamId, task.createdAt, input.severity));
        }
        if (input.dueAt !== undefined) next = await moveDue(next, Date.parse(input.dueAt));
        return { next, describe: changed(actor, task, next) };
      });
      return dto;
    },

    async openTicket({ dossierId, title, actor, interactionId, severity = 'normal' }) {
      // Whoever may log the complaint may cause its ticket (viewers in support log complaints too); the ticket
      // itself goes to the dossier's owner, who has edit access.
      const { dossier } = await deps.dossiers.authorize(actor, dossierId);
      const assigneeId = await defaultAssignee(dossier);
      const now = clock.now();
      const dueAt = await ticketDueAt(dossier.teamId, now, severity);
      return insert(actor, {
        id: deps.ids.next(),
        dossierId,
        teamId: dossier.teamId,
        kind: 'ticket',
        title,
        dueAt,
        assigneeId,
        actingAssigneeId: assigneeId,
        status: 'open',
        outcome: null,
        escalateAt: await escalateAtFor(dossier.teamId, dueAt),
        escalatedAt: null,
        createdAt: now,
        createdBy: actor.id,
        updatedAt: now,
        interactionId,
        severity,
        version: 1
      });
    },

    async openAssignedTo(userId) {
      const found: Task[] = [];
      let cursor: string | undefined;
      do {
        const page = await tasks.list({
          teamIds: 'all',
          assigneeId: userId,
          statuses: ['open', 'in_progress'],
          limit: 500,
          cursor
        });
        found.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return (await toDTOs(found)).map((dto, i) => ({ ...dto, teamId: found[i].teamId }));
    },

    async rerouteFor(userIds) {
      let moved = 0;
      const seen = new Set<string>();
      for (const userId of new Set(userIds)) {
        for (const filter of [{ assigneeId: userId }, { actingAssigneeId: userId }]) {
          let cursor: string | undefined;
          do {
            const page = await tasks.list({
              teamIds: 'all',
              ...filter,
              statuses: ['open', 'in_progress'],
              limit: REROUTE_BATCH,
              cursor
            });
            const fresh = page.items.filter((t) => !seen.has(t.id));
            fresh.forEach((t) => seen.add(t.id));
            const dossiers = new Map(
              (await deps.dossiers.findMany(fresh.map((t) => t.dossierId))).map((d) => [d.id, d])
            );
            const routed = fresh.flatMap((task) => {
              const dossier = dossiers.get(task.dossierId);
              return dossier ? [{ task, dossier }] : [];
            });
            // One coverage answer for the page (RT1 batched), then only the tasks that move are written.
            const acting = deps.coverage
              ? await deps
                  .coverage()
                  .actingAssigneesOf(routed.map((r) => ({ assigneeId: r.task.assigneeId, dossier: r.dossier })))
              : routed.map((r) => r.task.assigneeId);
            for (const [i, { task, dossier }] of routed.entries()) {
              if (await reroute(task, dossier, acting[i] ?? task.assigneeId)) moved++;
            }
            cursor = page.nextCursor ?? undefined;
          } while (cursor);
        }
      }
      return moved;
    },

    async escalateDue() {
      let escalated = 0;
      for (;;) {
        const now = clock.now();
        const due = await tasks.dueForEscalation(now, ESCALATION_BATCH);
        for (const task of due) {
          const managerIds = await deps.people.managersOf(task.teamId);
          const dto = await toDTO({ ...task, escalatedAt: now });
          const event = events.event('task.escalated', {
            actorId: null,
            teamId: task.teamId,
            dossierId: task.dossierId,
            data: { task: dto, managerIds }
          });
          // The claim is the exactly-once guard: another node or an earlier run may have won it.
          if (await tasks.claimEscalation(task.id, now, [event])) {
            escalated++;
            events.committed();
          }
        }
        if (due.length < ESCALATION_BATCH) return escalated;
      }
    }
  };
}
