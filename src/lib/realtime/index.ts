export { getSocket, closeSocket, type StaffelSocket } from './socket-client';
export { FeedSync, feedOf, type FeedPushes, type FeedPushName } from './feed-sync';
export { DossierSession, type ConnectionStatus, type CloseReason, type Peer } from './dossier-session';
export { userColor, initials } from './user-color';
export { diffText, transformPosition, type TextDelta, type TextChange } from '$lib/contract/text-diff';
export { isBrowserOnline, watchNetwork } from './network-watch';
export { ActivityFeedSync, type ActivityFeedListener } from './activity-feed-sync';
