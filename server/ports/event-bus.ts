import type { StoredEvent } from '../kernel/events';

/**
 * Fan-out of committed events: the feed's relay publishes what the activity log holds, in seq order; socket
 * routing and the transports subscribe. In-process for one node; a Redis-backed adapter fans out across nodes.
 * Services never publish: they write events with their change (the outbox) and the relay carries them here.
 */
export interface EventBus {
  /** EB1 delivers the event to every current subscriber, in publish order. */
  publish(event: StoredEvent): Promise<void>;
  /** EB2 returns an unsubscribe function; after it is called the handler receives nothing more. */
  subscribe(handler: (event: StoredEvent) => void): () => void;
  close(): Promise<void>;
}
