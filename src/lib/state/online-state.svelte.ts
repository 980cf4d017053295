import type { OnlineUser } from '$lib/contract';
import { getSocket } from '$lib/realtime';

/** Colleagues online (Socket.io presence) and whether our own live channel is up, for the top bar. */
class OnlineState {
  connected = $state(false);
  online = $state.raw<OnlineUser[]>([]);

  /** Starts listening; returns the stop function (the app layout calls both). */
  start(): () => void {
    const socket = getSocket();
    const onConnect = () => {
      this.connected = true;
      // After a reconnect the push may have been missed; ask for the current list once.
      socket.emit('presence:list', {}, (res) => {
        if (res.ok) this.online = res.data.online;
      });
    };
    const onDisconnect = () => {
      this.connected = false;
    };
    const onPresence = (payload: { online: OnlineUser[] }) => {
      this.online = payload.online;
    };
    socket.on('connect', onConnect);
    socket.on('disconnect', onDisconnect);
    socket.on('presence:changed', onPresence);
    if (socket.connected) onConnect();
    return () => {
      socket.off('connect', onConnect);
      socket.off('disconnect', onDisconnect);
      socket.off('presence:changed', onPresence);
      this.connected = false;
      this.online = [];
    };
  }
}

export const onlineState = new OnlineState();
