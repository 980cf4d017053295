export type CollabAccess = 'read' | 'edit';

export interface CollabUser {
  id: string;
  name: string;
  color: string;
}

/**
 * A client connection as the collab layer sees it. Transports (WebSocket today) build one per socket, so the
 * collab layer imports neither express nor ws. Its rights are read on every update message, not only at
 * connect; the transport lowers them through `setAccess` when a periodic re-check finds they changed.
 */
export class CollabConnection {
  readonly id: string;
  readonly user: Readonly<CollabUser>;
  #access: CollabAccess;
  readonly #send: (message: Uint8Array) => void;
  readonly #close: (code: number, reason: string) => void;

  constructor(options: {
    id: string;
    user: CollabUser;
    access: CollabAccess;
    send(message: Uint8Array): void;
    close(code: number, reason: string): void;
  }) {
    this.id = options.id;
    this.user = Object.freeze({ ...options.user });
    this.#access = options.access;
    this.#send = options.send;
    this.#close = options.close;
  }

  get access(): CollabAccess {
    return this.#access;
  }

  setAccess(access: CollabAccess): void {
    this.#access = access;
  }

  send(message: Uint8Array): void {
    this.#send(message);
  }

  close(code: number, reason: string): void {
    this.#close(code, reason);
  }
}
