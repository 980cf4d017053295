import type { TaskDTO } from '../../../src/lib/contract';
import type { Clock } from '../../ports/clock';
import type { EventOutbox } from '../feed';
import type { Task, TaskStore } from './task-store';

/** Tasks per store query; the jobs loop until a batch comes back short. */
const JOB_BATCH = 100;

/**
 * What happens to an open task when time passes (the followups.* minute jobs): it falls overdue (task.overdue,
 * once per due time) and, later, is escalated to the team's managers (task.escalated, once). Both find due
 * rows by query and claim each with a conditional update (TaskStore TK9, TK12), so a restart or a second node
 * never fires one twice.
 */
export interface TaskDeadlines {
  /** Escalates every task whose escalation time has come, each exactly once; returns how many it escalated. */
  escalateDue(): Promise<number>;
  /** Writes `task.overdue` once for every open task whose due time has passed; returns how many it marked. */
  markOverdue(): Promise<number>;
}

export function createTaskDeadlines(deps: {
  tasks: Pick<TaskStore, 'dueForEscalation' | 'claimEscalation' | 'dueOverdue' | 'claimOverdue'>;
  toDTO: (task: Task) => Promise<TaskDTO>;
  /** Ids of the users of a team whose role is manager. */
  managersOf: (teamId: string) => Promise<string[]>;
  events: EventOutbox;
  clock: Clock;
}): TaskDeadlines {
  const { tasks, events, clock } = deps;

  /** Runs `claim` over due batches until one comes back short; counts the claims won. */
  async function sweep(find: (now: number) => Promise<Task[]>, claim: (task: Task, now: number) => Promise<boolean>) {
    let won = 0;
    for (;;) {
      const now = clock.now();
      const due = await find(now);
      for (const task of due) {
        if (await claim(task, now)) {
          won++;
          events.committed();
        }
      }
      if (due.length < JOB_BATCH) return won;
    }
  }

  return {
    escalateDue: () =>
      sweep(
        (now) => tasks.dueForEscalation(now, JOB_BATCH),
        async (task, now) => {
          const managerIds = await deps.managersOf(task.teamId);
          const dto = await deps.toDTO({ ...task, escalatedAt: now });
          const event = events.event('task.escalated', {
            actorId: null,
            teamId: task.teamId,
            dossierId: task.dossierId,
            data: { task: dto, managerIds }
          });
          // The claim is the exactly-once guard: another node or an earlier run may have won it.
          return tasks.claimEscalation(task.id, now, [event]);
        }
      ),
    markOverdue: () =>
      sweep(
        (now) => tasks.dueOverdue(now, JOB_BATCH),
        async (task, now) => {
          const event = events.event('task.overdue', {
            actorId: null,
            teamId: task.teamId,
            dossierId: task.dossierId,
            data: { task: await deps.toDTO(task) }
          });
          // The claim is the exactly-once guard (a snooze meanwhile, another node or an earlier run wins).
          return tasks.claimOverdue(task.id, now, [event]);
        }
      )
  };
}
