import {
  changeStage,
  completeTask,
  correctInteraction,
  createIntakeKey,
  createTask,
  getTimeline,
  listIntakeKeys,
  listStageChanges,
  listTasks,
  listUsers,
  logInteraction,
  patchTask,
  revokeIntakeKey,
  snoozeTask
} from '$lib/api';
import type { TaskDTO, UserDTO } from '$lib/contract';
import { feedOf, getSocket } from '$lib/realtime';
import type { IntakeKeyPorts, QuickLogPorts, StagePorts, TaskListPorts, TimelinePorts } from './followup-ports';
import { validTimeZone } from './zoned-time';

/**
 * The team's time zone for due buckets and "tomorrow 09:00". TeamDTO does not carry one yet (issue #8 adds
 * per-team time zones on the server); until it does, Europe/Berlin.
 */
export function teamTimeZone(user: UserDTO | null): string {
  const team = user?.teams[0] as { timeZone?: string } | undefined;
  return validTimeZone(team?.timeZone);
}

function onReconnect(handler: () => void): () => void {
  const socket = getSocket();
  socket.io.on('reconnect', handler);
  return () => socket.io.off('reconnect', handler);
}

const clock = {
  now: () => Date.now(),
  setTimeout: (handler: () => void, ms: number) => setTimeout(handler, ms),
  clearTimeout: (handle: unknown) => clearTimeout(handle as ReturnType<typeof setTimeout>)
};

export function browserTimelinePorts(): TimelinePorts {
  return {
    getTimeline,
    correctInteraction,
    onTimelineEntry(handler) {
      const socket = getSocket();
      const listener = (payload: { dossierId: string; item: Parameters<typeof handler>[0]['item'] }) =>
        handler(payload);
      socket.on('timeline:entry', listener);
      return () => socket.off('timeline:entry', listener);
    },
    onReconnect
  };
}

/**
 * Task changes made in this tab, told to every task list of the tab (the page's and the nav badge's) at once:
 * the server's `task:changed` push goes to the user's room too, but the badge should not wait for it.
 */
const localTaskChanges = new Set<(task: TaskDTO) => void>();
function announce(task: TaskDTO): TaskDTO {
  for (const handler of localTaskChanges) handler(task);
  return task;
}

export function browserQuickLogPorts(): QuickLogPorts {
  return {
    now: clock.now,
    logInteraction,
    createTask: async (input) => announce(await createTask(input)),
    recall(key) {
      try {
        return localStorage.getItem(key);
      } catch {
        return null; // storage blocked (privacy mode): the default point of sale applies
      }
    },
    remember(key, value) {
      try {
        localStorage.setItem(key, value);
      } catch {
        // not remembered; the choice still holds until the page is left
      }
    }
  };
}

/** `openDossier` is the router's (the page passes goto, which this module does not import so it stays testable). */
export function browserTaskListPorts(options: { openDossier: (dossierId: string) => void }): TaskListPorts {
  return {
    ...clock,
    listTasks,
    completeTask: async (input) => announce(await completeTask(input)),
    snoozeTask: async (input) => announce(await snoozeTask(input)),
    patchTask: async (input) => announce(await patchTask(input)),
    listUsers: () => listUsers(),
    // Through the socket's FeedSync: a reconnect replays the task changes missed meanwhile (feed:resume),
    // and only when it cannot (a reset) do the lists refetch.
    onTaskChanged(handler) {
      const stop = feedOf(getSocket()).on('task:changed', (payload) => handler(payload.task));
      localTaskChanges.add(handler);
      return () => {
        stop();
        localTaskChanges.delete(handler);
      };
    },
    onTaskRemoved(handler) {
      return feedOf(getSocket()).on('task:removed', (payload) => handler(payload.taskId));
    },
    onReconnect: (handler) => feedOf(getSocket()).onReset(handler),
    openDossier: options.openDossier
  };
}

export function browserIntakeKeyPorts(): IntakeKeyPorts {
  return { listIntakeKeys, createIntakeKey, revokeIntakeKey, now: clock.now };
}

export function browserStagePorts(): StagePorts {
  return { listStageChanges, changeStage };
}
