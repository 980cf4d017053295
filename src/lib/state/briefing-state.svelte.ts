import { ApiError } from '$lib/api/api-error';
import type { ErrorCode, HandoffChangedPush, HandoffDTO, Role } from '$lib/contract';
import type { HandoffPorts } from './handoff-ports';

/**
 * The briefing page of one hand-off: the snapshot, its status kept live, "Picked up" for the receiver, and
 * "Cancel hand-off" for whoever may withdraw it while nobody picked it up (the server's rule, mirrored to show
 * the button: the sender, the one who made it, a manager of the dossier's team, an admin).
 */
export class BriefingState {
  #handoff = $state.raw<HandoffDTO | null>(null);
  #loadError = $state<ErrorCode | null>(null);
  #picking = $state(false);
  #error = $state<ErrorCode | null>(null);
  #cancelling = $state(false);
  #cancelError = $state<ErrorCode | null>(null);

  readonly #ports: HandoffPorts;
  readonly #handoffId: string;
  readonly #userId: string;
  readonly #role: Role | null;
  readonly #teamIds: readonly string[];

  constructor(options: {
    ports: HandoffPorts;
    handoffId: string;
    userId: string;
    /** The viewer's role and teams (who may cancel); without them only the sender and maker may. */
    role?: Role;
    teamIds?: readonly string[];
  }) {
    this.#ports = options.ports;
    this.#handoffId = options.handoffId;
    this.#userId = options.userId;
    this.#role = options.role ?? null;
    this.#teamIds = options.teamIds ?? [];
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
  get cancelling(): boolean {
    return this.#cancelling;
  }
  get cancelError(): ErrorCode | null {
    return this.#cancelError;
  }
  /** Whether the viewer may withdraw it: pending, and the sender, the maker, a manager of its team or an admin. */
  get mayCancel(): boolean {
    const h = this.#handoff;
    if (!h || h.status !== 'pending') return false;
    if (this.#role === 'admin' || h.fromUserId === this.#userId || h.byId === this.#userId) return true;
    return this.#role === 'manager' && this.#teamIds.includes(h.teamId);
  }
  get canCancel(): boolean {
    return this.mayCancel && !this.#cancelling && !this.#picking;
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

  /** Withdraws the hand-off with an optional reason; true when the server cancelled it. */
  async cancel(reason = ''): Promise<boolean> {
    if (!this.canCancel) return false;
    this.#cancelling = true;
    this.#cancelError = null;
    try {
      const trimmed = reason.trim();
      this.#handoff = await this.#ports.cancelHandoff({
        handoffId: this.#handoffId,
        ...(trimmed ? { reason: trimmed } : {})
      });
      return true;
    } catch (err) {
      this.#cancelError = err instanceof ApiError ? err.code : 'internal';
      // Picked up meanwhile: show what the server has (the button goes away).
      if (this.#cancelError === 'conflict') await this.load();
      return false;
    } finally {
      this.#cancelling = false;
    }
  }

  #apply(push: HandoffChangedPush): void {
    const current = this.#handoff;
    if (!current || push.handoff.id !== current.id) return;
    // The briefing never changes (a snapshot); only the hand-off's status and times do.
    this.#handoff = { ...current, ...push.handoff, briefing: current.briefing };
  }
}
