import type { ZodType } from 'zod';
import type { Ack, ClientToServerEvents, ErrorCode, ServerToClientEvents } from '../../src/lib/contract';
import type { User } from '../kernel/types';

/** One connected Socket.io client as features see it (the transport adapts socket.io's Socket to this). */
export interface SocketClient {
  readonly id: string;
  readonly user: User;
  readonly sessionId: string;
  /** Per-connection values a feature keeps (e.g. the dossier being watched), keyed by the feature. */
  readonly state: Map<string, unknown>;
  join(rooms: string | string[]): Promise<void>;
  leave(room: string): Promise<void>;
  /**
   * Ends the connection with a reason the client can show: it receives `connection:closing { code, message }`
   * first (code defaults to `forbidden`).
   */
  disconnect(reason: string, code?: ErrorCode): void;
}

export type ClientEventName = keyof ClientToServerEvents;
export type ServerEventName = keyof ServerToClientEvents;

/** The data a client event's ack carries on success, read off the contract's event signature. */
export type AckData<E extends ClientEventName> = ClientToServerEvents[E] extends (
  input: never,
  ack: (res: Ack<infer O>) => void
) => void
  ? O
  : never;

/**
 * How features speak Socket.io without importing the transport (dependency rule: transports → features).
 * The transport owns authentication, rate limits, the ack envelope and error mapping; features own what an
 * event means and which rooms an event goes to.
 *
 * Rules: SG1 every client event is validated with its schema and answered with exactly one ack
 * (`{ ok: false, error }` for bad input, a DomainError, or an unexpected failure); SG2 a handler runs only for
 * an authenticated client whose session is still valid; SG3 `emit` reaches every client in any of the rooms,
 * once, except clients whose session has expired.
 */
export interface SocketGateway {
  handle<E extends ClientEventName, I>(
    event: E,
    schema: ZodType<I>,
    handler: (client: SocketClient, input: I) => Promise<AckData<E>>
  ): void;
  onConnect(handler: (client: SocketClient) => Promise<void>): void;
  onDisconnect(handler: (client: SocketClient) => Promise<void>): void;
  emit<E extends ServerEventName>(
    rooms: string | string[],
    event: E,
    ...args: Parameters<ServerToClientEvents[E]>
  ): void;
  /**
   * SG4 a state announcement (who is online, who is viewing) that many client events can trigger: sent to
   * `room` at most once per coalescing window per room and event, with the payload computed when it is sent
   * (so the last state wins). One client's burst of events therefore costs each colleague one message per
   * window, not one per event.
   */
  announce<E extends ServerEventName>(
    room: string,
    event: E,
    compute: () => Promise<Parameters<ServerToClientEvents[E]>>
  ): void;
  /** Clients in any of these rooms (on this node; later across nodes through the adapter). */
  clientsIn(rooms: string[]): Promise<SocketClient[]>;
  /** Every connected client on this node (re-authorisation, session end). */
  clients(): Iterable<SocketClient>;
}

/** Room names, one place: per user, per team, all teams (admins), per dossier. */
export const rooms = {
  user: (id: string) => `user:${id}`,
  team: (id: string) => `team:${id}`,
  allTeams: 'all-teams',
  dossier: (id: string) => `dossier:${id}`
} as const;
