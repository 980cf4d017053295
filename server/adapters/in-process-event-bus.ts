import type { EventBus } from '../ports/event-bus';
import type { StoredEvent } from '../kernel/events';

/** Single-node event bus. A subscriber that throws is isolated so one bad listener cannot starve others. */
export function createInProcessEventBus(options: { onHandlerError?: (err: unknown) => void } = {}): EventBus {
  const handlers = new Set<(event: StoredEvent) => void>();
  return {
    async publish(event) {
      for (const handler of [...handlers]) {
        try {
          handler(event);
        } catch (err) {
          options.onHandlerError?.(err);
        }
      }
    },
    subscribe(handler) {
      handlers.add(handler);
      return () => handlers.delete(handler);
    },
    async close() {
      handlers.clear();
    }
  };
}
