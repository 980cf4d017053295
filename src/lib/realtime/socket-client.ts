import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import { notifyUnauthenticated, probeSession } from '$lib/api';
import type { ClientToServerEvents, ServerToClientEvents } from '$lib/contract';
import { keepSocketConnected } from './socket-keepalive';

export type StaffelSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * The options of the tab's socket, exported so integration tests connect exactly as a browser does.
 * Default transports (long-polling first, then the WebSocket upgrade) and socket.io's own reconnection
 * (1 s doubling, randomised, capped at 5 s) for every disconnect it deems transient; see socket-keepalive.ts
 * for the ones it does not.
 */
export const SOCKET_OPTIONS = {
  path: '/socket.io',
  withCredentials: true,
  autoConnect: true,
  reconnectionDelayMax: 5_000
} as const satisfies Partial<ManagerOptions & SocketOptions>;

let socket: StaffelSocket | null = null;
let stopKeepAlive: (() => void) | null = null;

/**
 * One Socket.io connection per tab, opened lazily after sign-in. The session cookie authenticates it,
 * so it must be dropped on sign-out (a reconnect would otherwise carry the next user's cookie).
 */
export function getSocket(): StaffelSocket {
  if (!socket) {
    socket = io(SOCKET_OPTIONS);
    stopKeepAlive = keepSocketConnected({
      socket,
      probeSession,
      // The cookie is dead: to the login page (the app shell's handler); the next sign-in opens a fresh socket.
      onSessionEnded: () => {
        closeSocket();
        notifyUnauthenticated();
      }
    });
  }
  return socket;
}

export function closeSocket(): void {
  stopKeepAlive?.();
  stopKeepAlive = null;
  socket?.disconnect();
  socket?.removeAllListeners();
  socket = null;
}
