import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '$lib/contract';

export type StaffelSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

let socket: StaffelSocket | null = null;

/**
 * One Socket.io connection per tab, opened lazily after sign-in. The session cookie authenticates it,
 * so it must be dropped on sign-out (a reconnect would otherwise carry the next user's cookie).
 */
export function getSocket(): StaffelSocket {
  if (!socket) {
    socket = io({ path: '/socket.io', withCredentials: true, autoConnect: true });
  }
  return socket;
}

export function closeSocket(): void {
  socket?.disconnect();
  socket?.removeAllListeners();
  socket = null;
}
