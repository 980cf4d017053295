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

export interface FollowupService {
  list(actor: User, query: TaskListQuery): Promise<TaskPage>;
  create(actor: User, input: CreateTaskInput): Promise<TaskDTO>;
  complete(actor: User, id: string, input: CompleteTaskInput): Promise<TaskDTO>;
  snooze(actor: User, id: string, input: SnoozeTaskInput): Promise<TaskDTO>;
  patch(actor: User, id: string, input: PatchTaskInput): Promise<TaskDTO>;
  /** A complaint's follow-up: due by severity in working time (high 4 h, normal 2 working days), for the owner. */
  openTicket(options: {
    dossierId: string;
    title: string;
    actor: User;
    interactionId: string;
    severity?: TicketSeverity;
  }): Promise<TaskDTO>;
  /** Escalates every task whose escalation time has come, each exactly once; returns how many it escalated. */
  escalateDue(): Promise<number>;
  /** Issue #9 offboarding: every open (open or in progress) callback, task and ticket assigned to the user. */
  openAssignedTo(userId: string): Promise<Array<TaskDTO & { teamId: string }>>;
}

/** Stale reads retry this often before giving up with 'conflict' (two people editing one task at once). */
const WRITE_ATTEMPTS = 3;
/** Escalations per store query; the job loops until a batch comes back short. */
const ESCALATION_BATCH = 100;

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
  onError?: (err: unknown) => void;
  events: EventOutbox;
  clock: Clock;
  ids: IdGenerator;
}): FollowupService {
  const { tasks, events, clock } = deps;

  async function toDTOs(list: Task[]): Promise<TaskDTO[]> {
    const names = await deps.people.namesOf([...new Set(list.map((t) => t.assigneeId))]);
    // One lookup for the page (a 200-row task page read its dossiers one by one: most of its 9 ms in the bench).
    const found = await deps.dossiers.findMany(list.map((t) => t.dossierId));
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

  async function checkAssignee(assigneeId: string, teamId: string): Promise<void> {
    const user = await deps.people.get(assigneeId);
    if (!user || user.role === 'viewer' || !user.teamIds.includes(teamId)) {
      throw new DomainError('invalid', 'the assignee must be a member of the dossier’s team');
    }
    if (user.deactivatedAt !== null) throw new DomainError('invalid', 'the assignee was deactivated');
  }

  async function escalateAtFor(teamId: string, dueAt: number): Promise<number> {
    const { timeZone, workingHours } = await deps.calendarOf(teamId);
    return escalationDueAt({ dueAt, timeZone, workingHours, delayMinutes: deps.escalateAfterWorkingMinutes });
  }

  async function insert(actor: User, task: Task): Promise<TaskDTO> {
    const dto = await toDTO(task);
    const created = events.event('task.created', {
      actorId: actor.id,
      teamId: task.teamId,
      dossierId: task.dossierId,
      data: { task: dto }
    });
    await tasks.create(task, [created]);
    events.committed();
    return dto;
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

  /** A new due time is a new promise: the escalation clock restarts from it. */
  async function moveDue(task: Task, dueAt: number): Promise<Task> {
    return { ...task, dueAt, escalateAt: await escalateAtFor(task.teamId, dueAt), escalatedAt: null };
  }

  return {
    async list(actor, query) {
      const teams = visibleTeams(actor);
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
      const assigneeId = input.assigneeId ?? dossier.ownerId;
      await checkAssignee(assigneeId, dossier.teamId);
      const now = clock.now();
      const dueAt = Date.parse(input.dueAt);
      return insert(actor, {
        id: deps.ids.next(),
        dossierId: dossier.id,
        teamId: dossier.teamId,
        kind: input.kind,
        title: input.title,
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
        interactionId: input.interactionId ?? null,
        severity: null,
        version: 1
      });
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
          await checkAssignee(input.assigneeId, dossier.teamId);
          // Until continuity (deputies) exists, the assignee acts on their own tasks.
          next = { ...next, assigneeId: input.assigneeId, actingAssigneeId: input.assigneeId };
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
      const now = clock.now();
      const { timeZone, workingHours } = await deps.calendarOf(dossier.teamId);
      const dueAt = addWorkingMinutes({
        from: now,
        minutes: TICKET_DUE_WORKING_MINUTES[severity],
        timeZone,
        workingHours
      });
      return insert(actor, {
        id: deps.ids.next(),
        dossierId,
        teamId: dossier.teamId,
        kind: 'ticket',
        title,
        dueAt,
        assigneeId: dossier.ownerId,
        actingAssigneeId: dossier.ownerId,
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
