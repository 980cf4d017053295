import type { DomainEvent } from '../../kernel/types';

/** The persisted activity log: every domain event, in order. */
export interface ActivityStore {
  /** AS1 assigns increasing seq numbers and returns the event with its seq. */
  append(event: DomainEvent): Promise<DomainEvent>;
  /** AS2 events with seq > afterSeq of the given teams (or all), oldest first, at most `limit`. */
  listSince(options: { afterSeq: number; teamIds: string[] | 'all'; limit: number }): Promise<DomainEvent[]>;
}
