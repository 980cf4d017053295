import type { DomainEvent } from '../../kernel/types';
import type { ActivityStore } from './activity-store';
import type { Clock } from '../../ports/clock';
import type { EventBus } from '../../ports/event-bus';
import type { IdGenerator } from '../../ports/id-generator';

export type EventInput = Omit<DomainEvent, 'id' | 'at' | 'seq'>;

export interface EventPublisher {
  /** Persists the event in the activity log, then publishes it: the one path every change takes. */
  emit(event: EventInput): Promise<DomainEvent>;
}

export function createEventPublisher(deps: {
  activity: ActivityStore;
  bus: EventBus;
  clock: Clock;
  ids: IdGenerator;
}): EventPublisher {
  return {
    async emit(input) {
      const stored = await deps.activity.append({ ...input, id: deps.ids.next(), at: deps.clock.now() });
      await deps.bus.publish(stored);
      return stored;
    }
  };
}
