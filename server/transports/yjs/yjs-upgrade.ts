import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { WS_CLOSE, presenceColor } from '../../../src/lib/contract';
import { CollabConnection } from '../../collab/collab-connection';
import type { DocRegistry } from '../../collab/doc-registry';
import { isDomainError } from '../../kernel/domain-error';
import { readSessionToken, type AuthService } from '../../features/identity';
import type { DossierService } from '../../features/dossiers';
import type { EventBus } from '../../ports/event-bus';
import { isAllowedOrigin } from '../origin-check';

export const YJS_PATH_PREFIX = '/yjs/';
const DOSSIER_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** ws's error code for a message longer than maxPayload. */
const TOO_LARGE = 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH';

/**
 * ws refuses a message longer than maxPayload as soon as its frame header announces the length (nothing is
 * buffered), but closes with 1009, which y-websocket clients treat like any drop and retry. The contract's
 * answer to a too-large message is 4413 (permanent). ws reports the error from its frame parser, then
 * closes; a listener placed before its own closes with 4413 first, and ws's close then finds the socket
 * already closing. (The parser is ws's `_receiver`, not public API: the 5 MiB case in
 * tests/integration/yjs-security.test.ts fails should a ws upgrade change this.)
 */
function answerTooLargeWith4413(ws: WebSocket, maxMessageBytes: number): void {
  const receiver = (ws as unknown as { _receiver?: NodeJS.EventEmitter })._receiver;
  receiver?.prependListener('error', (err: Error & { code?: string }) => {
    if (err.code === TOO_LARGE) ws.close(WS_CLOSE.too_large, `message exceeds ${maxMessageBytes} bytes`);
  });
}

export interface YjsTransport {
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  close(): Promise<void>;
}

/**
 * WS /yjs/:dossierId. Authenticates and authorises before the document is loaded; failures complete the
 * handshake and close with an application code (4401/4403/4404) so the client can tell why.
 */
export function createYjsTransport(deps: {
  registry: DocRegistry;
  auth: AuthService;
  dossiers: DossierService;
  allowedOrigins: string[];
  maxMessageBytes: number;
  /** How often each connection's session and rights are checked again. */
  reauthorizeEveryMs: number;
  bus: EventBus;
  onError: (err: unknown) => void;
}): YjsTransport {
  // ws checks a frame's announced length against maxPayload before buffering it, which is the cheap place to
  // refuse a too-large message; it would close with 1009, so answerTooLargeWith4413 makes that a 4413.
  const wss = new WebSocketServer({ noServer: true, maxPayload: deps.maxMessageBytes, perMessageDeflate: false });
  let nextId = 0;
  /** Open connections with what is needed to check them again. */
  const live = new Map<
    WebSocket,
    { conn: CollabConnection; token: string; sessionId: string; userId: string; dossierId: string }
  >();

  /**
   * Rights change while a dossier is open (logout, expiry, team change): re-check and close or downgrade.
   * One session lookup per session and one authorisation per session and dossier, however many tabs share them.
   */
  async function reauthorizeSession(token: string, sockets: WebSocket[]): Promise<void> {
    const auth = await deps.auth.authenticate(token);
    const byDossier = new Map<string, Promise<'read' | 'edit' | Error>>();
    for (const ws of sockets) {
      const entry = live.get(ws);
      if (!entry) continue;
      if (!auth) {
        ws.close(WS_CLOSE.unauthenticated, 'session ended');
        continue;
      }
      let access = byDossier.get(entry.dossierId);
      if (!access) {
        access = deps.dossiers.authorize(auth.user, entry.dossierId).then(
          (r) => r.access,
          (err: unknown) => {
            if (!isDomainError(err)) throw err;
            return err;
          }
        );
        byDossier.set(entry.dossierId, access);
      }
      const result = await access;
      if (result instanceof Error) ws.close(WS_CLOSE.forbidden, result.message);
      else entry.conn.setAccess(result);
    }
  }
  const timer = setInterval(() => {
    const bySession = new Map<string, WebSocket[]>();
    for (const [ws, entry] of live) bySession.set(entry.token, [...(bySession.get(entry.token) ?? []), ws]);
    for (const [token, sockets] of bySession) reauthorizeSession(token, sockets).catch(deps.onError);
  }, deps.reauthorizeEveryMs);
  timer.unref();
  const unsubscribe = deps.bus.subscribe((event) => {
    if (event.type === 'session.ended') {
      for (const [ws, entry] of live) {
        if (entry.sessionId === event.data.sessionId) ws.close(WS_CLOSE.unauthenticated, 'session ended');
      }
    }
    // Offboarding (issue #9): every connection of the person ends at once, whichever session it came from.
    if (event.type === 'user.deactivated') {
      for (const [ws, entry] of live) {
        if (entry.userId === event.data.userId) ws.close(WS_CLOSE.unauthenticated, 'account deactivated');
      }
    }
  });

  const refuse = (req: IncomingMessage, socket: Duplex, head: Buffer, code: number, reason: string) =>
    wss.handleUpgrade(req, socket, head, (ws) => ws.close(code, reason));

  async function accept(req: IncomingMessage, socket: Duplex, head: Buffer, dossierId: string) {
    const token = readSessionToken(req.headers.cookie);
    const auth = await deps.auth.authenticate(token);
    if (!auth) return refuse(req, socket, head, WS_CLOSE.unauthenticated, 'not logged in');
    let access: 'read' | 'edit';
    try {
      access = (await deps.dossiers.authorize(auth.user, dossierId)).access;
    } catch (err) {
      if (!isDomainError(err)) throw err;
      const code = err.code === 'not_found' ? WS_CLOSE.not_found : WS_CLOSE.forbidden;
      return refuse(req, socket, head, code, err.message);
    }
    wss.handleUpgrade(
      req,
      socket,
      head,
      (ws) => void bind(ws, dossierId, auth.user, access, { token: token!, sessionId: auth.session.id })
    );
  }

  async function bind(
    ws: WebSocket,
    dossierId: string,
    user: { id: string; name: string },
    access: 'read' | 'edit',
    session: { token: string; sessionId: string }
  ) {
    const conn = new CollabConnection({
      id: `c${++nextId}`,
      user: { id: user.id, name: user.name, color: presenceColor(user.id) },
      access,
      send: (message) => {
        if (ws.readyState === ws.OPEN) ws.send(message);
      },
      close: (code, reason) => ws.close(code, reason)
    });
    answerTooLargeWith4413(ws, deps.maxMessageBytes);
    // Messages that arrive while the document loads are queued, then handled in order.
    const queue: Uint8Array[] = [];
    let handle: ((data: Uint8Array) => void) | null = null;
    ws.on('message', (data: Buffer, isBinary) => {
      if (!isBinary) return ws.close(WS_CLOSE.invalid, 'binary messages only');
      const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
      if (handle) handle(bytes);
      else queue.push(bytes);
    });
    ws.on('error', (err: Error & { code?: string }) => {
      // A too-large message was already answered with 4413 (answerTooLargeWith4413); let that close finish.
      if (err.code !== TOO_LARGE) ws.terminate();
    });
    live.set(ws, { conn, dossierId, userId: user.id, ...session });
    ws.on('close', () => live.delete(ws));
    let collab;
    try {
      collab = await deps.registry.connect(dossierId, conn);
    } catch (err) {
      deps.onError(err);
      return ws.close(WS_CLOSE.internal, 'could not load dossier');
    }
    const doc = collab;
    let chain = Promise.resolve();
    handle = (data) => {
      chain = chain.then(() => doc.receive(conn, data)).catch(deps.onError);
    };
    ws.on('close', () => deps.registry.disconnect(doc, conn));
    if (ws.readyState !== ws.OPEN) return deps.registry.disconnect(doc, conn);
    for (const data of queue.splice(0)) handle(data);
  }

  return {
    handleUpgrade(req, socket, head) {
      const url = new URL(req.url ?? '/', 'http://x');
      if (!isAllowedOrigin(req, deps.allowedOrigins)) {
        socket.end('HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\norigin not allowed');
        return;
      }
      const dossierId = url.pathname.slice(YJS_PATH_PREFIX.length);
      if (!DOSSIER_ID.test(dossierId)) return refuse(req, socket, head, WS_CLOSE.not_found, 'unknown dossier');
      accept(req, socket, head, dossierId).catch((err) => {
        deps.onError(err);
        socket.destroy();
      });
    },
    async close() {
      clearInterval(timer);
      unsubscribe();
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    }
  };
}
