import type { TaskListParams, TimelineParams } from '$lib/api';
import type {
  ChangeStageInput,
  CorrectInteractionInput,
  CreatedIntakeKeyDTO,
  CreateTaskInput,
  IntakeKeyDTO,
  LoggedInteractionDTO,
  LogInteractionInput,
  PatchTaskInput,
  StageChangeDTO,
  TaskDTO,
  TaskPage,
  TimelineItemDTO,
  TimelinePage,
  UserSummaryDTO
} from '$lib/contract';

/** Clock and timers as ports: tests of overdue flips and ticks drive fake ones. */
export interface ClockPorts {
  now(): number;
  setTimeout(handler: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** What the timeline panel needs: REST and the `timeline:entry` push (browser: followup-browser-ports.ts). */
export interface TimelinePorts {
  getTimeline(options: { dossierId: string; params: TimelineParams; signal?: AbortSignal }): Promise<TimelinePage>;
  correctInteraction(options: { interactionId: string; input: CorrectInteractionInput }): Promise<TimelineItemDTO>;
  /** Pushed new or corrected entries of any watched dossier; returns the unsubscribe. */
  onTimelineEntry(handler: (payload: { dossierId: string; item: TimelineItemDTO }) => void): () => void;
  /** The push channel reconnected (pushes may have been missed); returns the unsubscribe. */
  onReconnect(handler: () => void): () => void;
}

export interface QuickLogPorts {
  now(): number;
  logInteraction(options: { dossierId: string; input: LogInteractionInput }): Promise<LoggedInteractionDTO>;
  createTask(options: { input: CreateTaskInput }): Promise<TaskDTO>;
  /** Per-user memory of the last point of sale (localStorage in the browser); may be unavailable. */
  recall(key: string): string | null;
  remember(key: string, value: string): void;
}

export interface TaskListPorts extends ClockPorts {
  listTasks(options: { params: TaskListParams; signal?: AbortSignal }): Promise<TaskPage>;
  completeTask(options: { taskId: string; input: { outcome?: string } }): Promise<TaskDTO>;
  snoozeTask(options: { taskId: string; until: string }): Promise<TaskDTO>;
  patchTask(options: { taskId: string; input: PatchTaskInput }): Promise<TaskDTO>;
  listUsers(): Promise<UserSummaryDTO[]>;
  onTaskChanged(handler: (task: TaskDTO) => void): () => void;
  onTaskRemoved(handler: (taskId: string) => void): () => void;
  onReconnect(handler: () => void): () => void;
  /** Opens a dossier (Enter on a row); the page passes the router's goto. */
  openDossier(dossierId: string): void;
}

export interface IntakeKeyPorts {
  listIntakeKeys(options: { teamId: string }): Promise<IntakeKeyDTO[]>;
  createIntakeKey(options: { teamId: string; input: { label?: string } }): Promise<CreatedIntakeKeyDTO>;
  revokeIntakeKey(options: { teamId: string; keyId: string }): Promise<void>;
  now(): number;
}

export interface StagePorts {
  listStageChanges(options: { dossierId: string }): Promise<StageChangeDTO[]>;
  changeStage(options: { dossierId: string; input: ChangeStageInput }): Promise<StageChangeDTO>;
}
