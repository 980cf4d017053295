import type { HandoffChangedPush, HandoffDTO } from '$lib/contract';
import type { HandoffPorts } from './handoff-ports';

type InboxItem = HandoffChangedPush['handoff'] | HandoffDTO;

/**
 * Hand-offs to me not yet picked up, shown wherever I am in the app: a new one arrives by push (no reload),
 * one picked up (here or in another tab) or returned leaves.
 */
export class HandoffInboxState {
  #items = $state.raw<InboxItem[]>([]);
  readonly #ports: HandoffPorts;
  readonly #userId: string;

  constructor(options: { ports: HandoffPorts; userId: string }) {
    this.#ports = options.ports;
    this.#userId = options.userId;
  }

  get items(): InboxItem[] {
    return this.#items;
  }

  async load(): Promise<void> {
    try {
      this.#items = await this.#ports.listHandoffs({ role: 'to', status: 'pending' });
    } catch {
      // The inbox is a convenience: the next push or reconnect fills it.
    }
  }

  start(): () => void {
    const stopPush = this.#ports.onHandoffChanged((push) => this.#apply(push));
    const stopReconnect = this.#ports.onReconnect(() => void this.load());
    void this.load();
    return () => {
      stopPush();
      stopReconnect();
    };
  }

  #apply({ handoff }: HandoffChangedPush): void {
    const others = this.#items.filter((h) => h.id !== handoff.id);
    const mine = handoff.toUserId === this.#userId && handoff.status === 'pending';
    this.#items = mine ? [handoff, ...others] : others;
  }
}
