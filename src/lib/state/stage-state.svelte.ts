import { ApiError } from '$lib/api/api-error';
import {
  isLifecycleStage,
  stageMoveNeedsReason,
  type ErrorCode,
  type LifecycleStage,
  type StageChangeDTO
} from '$lib/contract';
import type { StagePorts } from './followup-ports';

/** The stage control of a dossier header: the current stage, a deliberate change with a reason, the history. */
export class StageState {
  #stage = $state<LifecycleStage>('lead');
  #history = $state.raw<StageChangeDTO[]>([]);
  #historyLoaded = $state(false);
  #historyError = $state<ErrorCode | null>(null);
  #saving = $state(false);
  #error = $state<ErrorCode | null>(null);

  readonly #ports: StagePorts;
  readonly #dossierId: string;

  constructor(options: { ports: StagePorts; dossierId: string; stage: string }) {
    this.#ports = options.ports;
    this.#dossierId = options.dossierId;
    if (isLifecycleStage(options.stage)) this.#stage = options.stage;
  }

  get stage(): LifecycleStage {
    return this.#stage;
  }
  get history(): StageChangeDTO[] {
    return this.#history;
  }
  get historyLoaded(): boolean {
    return this.#historyLoaded;
  }
  get historyError(): ErrorCode | null {
    return this.#historyError;
  }
  get saving(): boolean {
    return this.#saving;
  }
  get error(): ErrorCode | null {
    return this.#error;
  }

  /** Whether the server requires a reason for moving to `to` (lost, dormant, backwards: rules L2). */
  reasonRequired(to: LifecycleStage): boolean {
    return stageMoveNeedsReason({ from: this.#stage, to });
  }

  /** A pushed dossier change (another person moved the stage). */
  syncStage(stage: string): void {
    if (isLifecycleStage(stage)) this.#stage = stage;
  }

  async loadHistory(): Promise<void> {
    this.#historyError = null;
    try {
      this.#history = await this.#ports.listStageChanges({ dossierId: this.#dossierId });
      this.#historyLoaded = true;
    } catch (err) {
      this.#historyError = err instanceof ApiError ? err.code : 'internal';
    }
  }

  async change(options: { stage: LifecycleStage; reason: string }): Promise<boolean> {
    if (this.#saving || options.stage === this.#stage) return false;
    this.#saving = true;
    this.#error = null;
    try {
      const reason = options.reason.trim() || undefined;
      const change = await this.#ports.changeStage({
        dossierId: this.#dossierId,
        // `from`: the stage the user looked at; if a colleague moved it meanwhile the server answers 409.
        input: { stage: options.stage, reason, from: this.#stage }
      });
      this.#stage = change.to;
      this.#history = [change, ...this.#history.filter((h) => h.id !== change.id)];
      return true;
    } catch (err) {
      this.#error = err instanceof ApiError ? err.code : 'internal';
      return false;
    } finally {
      this.#saving = false;
    }
  }

  clearError(): void {
    this.#error = null;
  }
}
