import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

/**
 * Client events per second, per connection and per user (all of a user's tabs and scripts together).
 * Measured abuse before this limit: three sockets of one user sent 14,568 events/s, /healthz p99 rose 20×.
 * A browser tab sends about 3 events per navigation (unwatch, watch, presence:list), so the defaults
 * (20 per connection, 60 per user, in a 1 s window) leave a person clicking fast a wide margin.
 */
export function createEventRateLimit(options: { perConnection: number; perUser: number }) {
  const connections = new RateLimiterMemory({ keyPrefix: 'sio-conn', points: options.perConnection, duration: 1 });
  const users = new RateLimiterMemory({ keyPrefix: 'sio-user', points: options.perUser, duration: 1 });
  const allowed = (limiter: RateLimiterMemory, key: string) =>
    limiter.consume(key).then(
      () => true,
      (err: unknown) => {
        if (err instanceof RateLimiterRes) return false;
        throw err;
      }
    );
  return {
    /** Counts one event; null while within both limits, else which limit it broke (for the client's notice). */
    async exceeded(connectionId: string, userId: string): Promise<string | null> {
      const [conn, user] = await Promise.all([allowed(connections, connectionId), allowed(users, userId)]);
      if (!conn) return `more than ${options.perConnection} events per second on this connection`;
      if (!user) return `more than ${options.perUser} events per second from this user`;
      return null;
    },
    /** Forgets a closed connection's counter (the user's stays: it may reconnect to flood again). */
    forget(connectionId: string): void {
      void connections.delete(connectionId).catch(() => undefined);
    }
  };
}
