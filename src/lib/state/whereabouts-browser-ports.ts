import { ApiError, getWhereabouts } from '$lib/api';
import { getSocket } from '$lib/realtime';
import type { WhereaboutsPorts } from './whereabouts.svelte';

/** A subscribe the server does not answer within this is treated as refused (the board still loads). */
const SUBSCRIBE_TIMEOUT_MS = 5000;

export function browserWhereaboutsPorts(): WhereaboutsPorts {
  return {
    now: () => Date.now(),
    setTimeout: (handler, ms) => setTimeout(handler, ms),
    clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
    getBoard: ({ team, signal }) => getWhereabouts({ team, signal }),
    subscribe: (team) =>
      new Promise((resolve, reject) => {
        getSocket()
          .timeout(SUBSCRIBE_TIMEOUT_MS)
          .emit('whereabouts:subscribe', team ? { team } : {}, (err, res) => {
            if (err) reject(new ApiError({ code: 'internal', message: 'no answer', status: 0 }));
            else if (!res.ok) reject(new ApiError({ ...res.error, status: 0 }));
            else resolve();
          });
      }),
    unsubscribe: () => void getSocket().emit('whereabouts:unsubscribe', {}, () => {}),
    onChanged(handler) {
      const socket = getSocket();
      const listener = () => handler();
      socket.on('whereabouts:changed', listener);
      return () => socket.off('whereabouts:changed', listener);
    },
    onConnection(handler) {
      const socket = getSocket();
      const up = () => handler(true);
      const down = () => handler(false);
      socket.on('connect', up);
      socket.on('disconnect', down);
      return () => {
        socket.off('connect', up);
        socket.off('disconnect', down);
      };
    },
    connected: () => getSocket().connected
  };
}
