import { getActivity } from '$lib/api/activity-api';
import { ActivityFeedSync, getSocket } from '$lib/realtime';
import type { ActivityPorts } from './activity-state.svelte';

/** The activity screen's ports over the real API and the tab's socket. */
export const browserActivityPorts = (): ActivityPorts => ({
  older: ({ filter, beforeSeq }) => getActivity({ filter, beforeSeq }),
  subscribe: ({ filter, listener }) => {
    const sync = new ActivityFeedSync({ socket: getSocket(), filter, listener });
    return () => sync.close();
  }
});
