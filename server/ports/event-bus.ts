import type { DomainEvent } from '../kernel/types';

/**
 * The one path for live events: services publish, the activity log and the transports subscribe.
 * In-process for one node; a Redis-backed adapter fans out across nodes.
 */
export interface EventBus {
  /** EB1 delivers the event to every current subscriber, in publish order. */
  publish(event: DomainEvent): Promise<void>;
  /** EB2 returns an unsubscribe function; after it is called the handler receives nothing more. */
  subscribe(handler: (event: DomainEvent) => void): () => void;
  close(): Promise<void>;
}
