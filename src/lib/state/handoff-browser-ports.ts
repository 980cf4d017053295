import { cancelHandoff, createHandoff, getHandoff, listHandoffs, listUsers, pickUpHandoff } from '$lib/api';
import type { HandoffChangedPush } from '$lib/contract';
import { getSocket } from '$lib/realtime';
import type { HandoffPorts } from './handoff-ports';

export function browserHandoffPorts(): HandoffPorts {
  return {
    now: () => Date.now(),
    listUsers: () => listUsers(),
    createHandoff,
    getHandoff,
    pickUpHandoff,
    cancelHandoff,
    listHandoffs,
    onHandoffChanged(handler) {
      const socket = getSocket();
      const listener = (push: HandoffChangedPush) => handler(push);
      socket.on('handoff:changed', listener);
      return () => socket.off('handoff:changed', listener);
    },
    onReconnect(handler) {
      const socket = getSocket();
      socket.io.on('reconnect', handler);
      return () => socket.io.off('reconnect', handler);
    }
  };
}
