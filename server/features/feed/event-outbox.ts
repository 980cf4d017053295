import type { EventType, NewEvent } from '../../kernel/events';
import type { Clock } from '../../ports/clock';
import type { IdGenerator } from '../../ports/id-generator';

/** What a service states about an event; id and time are filled in, onBehalfOfId defaults to null. */
export type EventFields<T extends EventType> = Pick<NewEvent<T>, 'actorId' | 'teamId' | 'dossierId' | 'data'> & {
  onBehalfOfId?: string | null;
};

/**
 * How services record events (the outbox): build them here, pass them to the store change method that
 * writes them in the change's transaction, and call `committed()` after it resolved so the relay reads
 * the log now instead of at its next poll. Services never publish to the bus themselves.
 */
export interface EventOutbox {
  event<T extends EventType>(type: T, fields: EventFields<T>): NewEvent<T>;
  committed(): void;
}

export function createEventOutbox(deps: { clock: Clock; ids: IdGenerator; onCommitted: () => void }): EventOutbox {
  return {
    event(type, fields) {
      // The one generic construction site: `type` and `data` come from the same T.
      return { onBehalfOfId: null, ...fields, id: deps.ids.next(), type, at: deps.clock.now() } as NewEvent<
        typeof type
      >;
    },
    committed: deps.onCommitted
  };
}
