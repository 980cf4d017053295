/** Feed: the activity log and the one path every domain event takes. Public face. */
export { createEventPublisher, type EventPublisher, type EventInput } from './event-publisher';
export type { ActivityStore } from './activity-store';
