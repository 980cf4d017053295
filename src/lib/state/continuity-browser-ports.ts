import {
  endAbsence,
  getDesk,
  getDigest,
  listAbsences,
  listUsers,
  patchAbsence,
  recordAbsence,
  setDeputy
} from '$lib/api';
import { getSocket } from '$lib/realtime';
import type { AbsencePorts, DeputyPorts, DeskPorts } from './continuity-ports';
import type { WelcomeBackPorts } from './welcome-back-state.svelte';

const clock = {
  now: () => Date.now(),
  setTimeout: (handler: () => void, ms: number) => setTimeout(handler, ms),
  clearTimeout: (handle: unknown) => clearTimeout(handle as ReturnType<typeof setTimeout>)
};

/**
 * `desk:changed` carries no seq and is not replayed by feed:resume: it only says "refetch". A reconnect
 * therefore refetches too (onConnection), since a push may have been lost while the socket was down.
 */
function onDeskChanged(handler: () => void): () => void {
  const socket = getSocket();
  const listener = () => handler();
  socket.on('desk:changed', listener);
  return () => socket.off('desk:changed', listener);
}

export function browserDeskPorts(options: { open: (href: string) => void }): DeskPorts {
  return {
    ...clock,
    getDesk: (o) => getDesk(o),
    onDeskChanged,
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
    connected: () => getSocket().connected,
    open: options.open
  };
}

export function browserAbsencePorts(): AbsencePorts {
  return {
    now: clock.now,
    listAbsences,
    recordAbsence,
    patchAbsence,
    endAbsence,
    listUsers: () => listUsers(),
    onDeskChanged
  };
}

export function browserDeputyPorts(): DeputyPorts {
  return { listUsers: () => listUsers(), setDeputy };
}

/** The desk's "Welcome back" banner over GET /api/digest. */
export const browserWelcomeBackPorts = (): WelcomeBackPorts => ({
  now: () => Date.now(),
  getDigest: () => getDigest()
});
