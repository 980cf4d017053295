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
import { createTaskDeadlines } from './task-deadlines';
import { createTaskDTOs } from './task-dto';
import { createTaskRouting, type OpenAssignedOptions, type TaskCoverage } from './task-routing';

export type { TaskCoverage };
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
   * Issue #9: open (open or in progress) tasks assigned to these people, by due time, without an access check
   * (the caller covers them: the desk; offboarding lists everything a leaver holds); `limitEach` caps each
   * person's (the desk), none by default. One store query for all of them (TaskStore TK6 assigneeIds).
   * `keep` selects tasks before they are counted and described (the desk keeps only those on dossiers it acts
   * for: describing 500 tasks of 25 colleagues to keep 80 was most of its task time).
   */
  openAssignedTo(
    assigneeIds: readonly string[],
    options?: OpenAssignedOptions
  ): Promise<Array<TaskDTO & { teamId: string }>>;
  /** Escalates every task whose escalation time has come, each exactly once; returns how many it escalated. */
  escalateDue(): Promise<number>;
  /**
   * Writes `task.overdue` once for every open task whose due time has passed (TaskStore TK11/TK12: the claim
   * persists that it fired, so restarts and other nodes never repeat it); returns how many it marked.
   */
  markOverdue(): Promise<number>;
  /**
   * Issue #9: after coverage changed, the open tasks assigned to or acted on by `userIds` get the acting assignee
   * coverage gives now (RT1); each moved task is written with a task.changed event naming who it left, so task
   * lists and desks follow live. Returns how many moved.
   */
  rerouteFor(userIds: readonly string[]): Promise<number>;
}

/** Stale reads retry this often before giving up with 'conflict' (two people editing one task at once). */
const WRITE_ATTEMPTS = 3;

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

  const { toDTOs, toDTO } = createTaskDTOs({ people: deps.people, dossiers: deps.dossiers, clock });
  const routing = createTaskRouting({ tasks, dossiers: deps.dossiers, coverage: deps.coverage, toDTOs, events, clock });
  const { actingFor } = routing;

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
      overdueAt: null,
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

  /** A new due time is a new promise: the escalation clock restarts from it, and it can fall overdue again. */
  async function moveDue(task: Task, dueAt: number): Promise<Task> {
    return { ...task, dueAt, escalateAt: await escalateAtFor(task.teamId, dueAt), escalatedAt: null, overdueAt: null };
  }

  const deadlines = createTaskDeadlines({ tasks, toDTO, managersOf: deps.people.managersOf, events, clock });

  return {
    escalateDue: deadlines.escalateDue,
    markOverdue: deadlines.markOverdue,

    openAssignedTo: routing.openAssignedTo,
    rerouteFor: routing.rerouteFor,

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
        overdueAt: null,
        createdAt: now,
        createdBy: actor.id,
        updatedAt: now,
        interactionId,
        severity,
        version: 1
      });
    }
  };
}
