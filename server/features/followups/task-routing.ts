import type { TaskDTO } from '../../../src/lib/contract';
import type { Dossier } from '../../kernel/types';
import type { Clock } from '../../ports/clock';
import type { EventOutbox } from '../feed';
import type { Task, TaskStore } from './task-store';

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

/** Tasks per page while rerouting after a coverage change or listing someone's open tasks. */
const PAGE = 200;
const OPEN = ['open', 'in_progress'] as const;

/**
 * Who acts on tasks (issue #9, RT1): the acting assignee coverage gives, kept right after every coverage change,
 * and the open tasks of given assignees for the desk and offboarding.
 */
export interface TaskRouting {
  /** RT1: who acts on a task of `assigneeId` now (the assignee in a gap: the task stays visible to them). */
  actingFor(assigneeId: string, dossier: Dossier): Promise<string>;
  rerouteFor(userIds: readonly string[]): Promise<number>;
  openAssignedTo(
    assigneeIds: readonly string[],
    options?: OpenAssignedOptions
  ): Promise<Array<TaskDTO & { teamId: string }>>;
}

/** Options of openAssignedTo: each person's first `limitEach` (by due time) among the tasks `keep` accepts. */
export interface OpenAssignedOptions {
  limitEach?: number;
  keep?: (task: { dossierId: string; assigneeId: string }) => boolean;
}

export function createTaskRouting(deps: {
  tasks: Pick<TaskStore, 'list' | 'update'>;
  dossiers: { findMany(ids: readonly string[]): Promise<Dossier[]> };
  /** Late-bound coverage (built after this service); absent: every assignee acts on their own tasks. */
  coverage?: () => TaskCoverage;
  toDTOs: (list: Task[]) => Promise<TaskDTO[]>;
  events: EventOutbox;
  clock: Clock;
}): TaskRouting {
  const { tasks, events, clock } = deps;

  async function actingFor(assigneeId: string, dossier: Dossier): Promise<string> {
    if (!deps.coverage) return assigneeId;
    return (await deps.coverage().actingAssigneeOf({ assigneeId, dossier })) ?? assigneeId;
  }

  /** RT1 for one task: writes the new acting assignee (system change) unless it is already right or the task moved. */
  async function reroute(task: Task, dossier: Dossier, known?: string): Promise<boolean> {
    const acting = known ?? (await actingFor(task.assigneeId, dossier));
    if (acting === task.actingAssigneeId) return false;
    const next: Task = { ...task, actingAssigneeId: acting, updatedAt: clock.now() };
    const [dto] = await deps.toDTOs([next]);
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

  return {
    actingFor,

    async rerouteFor(userIds) {
      let moved = 0;
      const seen = new Set<string>();
      for (const userId of new Set(userIds)) {
        for (const filter of [{ assigneeId: userId }, { actingAssigneeId: userId }]) {
          let cursor: string | undefined;
          do {
            const page = await tasks.list({ teamIds: 'all', ...filter, statuses: OPEN, limit: PAGE, cursor });
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

    async openAssignedTo(assigneeIds, options = {}) {
      const ids = [...new Set(assigneeIds)];
      if (ids.length === 0) return [];
      const { limitEach, keep } = options;
      // One query over all of them, by due time; each person's first `limitEach` are kept. Paging stops once
      // everyone has their share (a desk: at most limitEach × people rows are needed).
      const perPerson = new Map<string, number>();
      const found: Task[] = [];
      let cursor: string | undefined;
      do {
        const page = await tasks.list({ teamIds: 'all', assigneeIds: ids, statuses: OPEN, limit: PAGE, cursor });
        for (const task of page.items) {
          if (keep && !keep(task)) continue;
          const count = perPerson.get(task.assigneeId) ?? 0;
          if (limitEach !== undefined && count >= limitEach) continue;
          perPerson.set(task.assigneeId, count + 1);
          found.push(task);
        }
        const full = limitEach !== undefined && ids.every((id) => (perPerson.get(id) ?? 0) >= limitEach);
        cursor = full ? undefined : (page.nextCursor ?? undefined);
      } while (cursor);
      return (await deps.toDTOs(found)).map((dto, i) => ({ ...dto, teamId: found[i].teamId }));
    }
  };
}
