/** Feed: the activity log (the outbox), the relay to the event bus, resume and socket routing. Public face. */
export { createEventOutbox, type EventOutbox, type EventFields } from './event-outbox';
export { createEventRelay, type EventRelay, type SetTimer } from './event-relay';
export { createFeedResume, type FeedResume, MAX_REPLAY } from './feed-resume';
export { registerFeedSocket } from './feed.socket';
export type { ActivityStore } from './activity-store';
export { createFeedJobs, DEFAULT_FEED_RETENTION_DAYS } from './feed.jobs';
export { createActivityService, type ActivityService, DEFAULT_COALESCE_MS } from './activity.service';
export { createActivityRoutes } from './activity.routes';
export { registerActivitySocket } from './activity.socket';
