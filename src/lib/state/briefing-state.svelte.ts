import { ApiError } from '$lib/api/api-error';
import type { ErrorCode, HandoffChangedPush, HandoffDTO } from '$lib/contract';
import type { HandoffPorts } from './handoff-ports';

/** The briefing page of one hand-off: the snapshot, its status kept live, and "Picked up" for the receiver. */
export class BriefingState {
  #handoff = $state.raw<HandoffDTO | null>(null);
  #loadError = $state<ErrorCode | null>(null);
  #picking = $state(false);
  #error = $state<ErrorCode | null>(null);

  readonly #ports: HandoffPorts;
  readonly #handoffId: string;
  readonly #userId: string;

  constructor(options: { ports: HandoffPorts; handoffId: string; userId: string }) {
    this.#ports = options.ports;
    this.#handoffId = options.handoffId;
    this.#userId = options.userId;
  }

  get handoff(): HandoffDTO | null {
    return this.#handoff;
  }
  get loadError(): ErrorCode | null {
    return this.#loadError;
  }
  get picking(): boolean {
    return this.#picking;
  }
  get error(): ErrorCode | null {
    return this.#error;
  }
  get isReceiver(): boolean {
    return this.#handoff?.toUserId === this.#userId;
  }
  get canPickUp(): boolean {
    return this.isReceiver && this.#handoff?.status === 'pending' && !this.#picking;
  }

  async load(): Promise<void> {
    try {
      this.#handoff = await this.#ports.getHandoff({ handoffId: this.#handoffId });
      this.#loadError = null;
    } catch (err) {
      this.#loadError = err instanceof ApiError ? err.code : 'internal';
    }
  }

  /** Loads and follows pushes (picked up elsewhere, returned, escalated); returns the stop function. */
  start(): () => void {
    const stopPush = this.#ports.onHandoffChanged((push) => this.#apply(push));
    const stopReconnect = this.#ports.onReconnect(() => void this.load());
    void this.load();
    return () => {
      stopPush();
      stopReconnect();
    };
  }

  async pickUp(): Promise<boolean> {
    if (!this.canPickUp) return false;
    this.#picking = true;
    this.#error = null;
    try {
      this.#handoff = await this.#ports.pickUpHandoff({ handoffId: this.#handoffId });
      return true;
    } catch (err) {
      this.#error = err instanceof ApiError ? err.code : 'internal';
      // Picked up in another tab meanwhile: show what the server has.
      if (this.#error === 'conflict') await this.load();
      return false;
    } finally {
      this.#picking = false;
    }
  }

  #apply(push: HandoffChangedPush): void {
    const current = this.#handoff;
    if (!current || push.handoff.id !== current.id) return;
    // The briefing never changes (a snapshot); only the hand-off's status and times do.
    this.#handoff = { ...current, ...push.handoff, briefing: current.briefing };
  }
}
