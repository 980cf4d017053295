import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { io, type Socket } from 'socket.io-client';
import * as decoding from 'lib0/decoding';
import { YJS_MESSAGE_SAVED, type ClientToServerEvents, type ServerToClientEvents } from '../../src/lib/contract';

/** Logs in over real HTTP and returns the Cookie header value to send on later requests. */
export async function login(baseUrl: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password })
  });
  if (res.status !== 200) throw new Error(`login ${email} failed: ${res.status} ${await res.text()}`);
  const setCookie = res.headers.get('set-cookie') ?? '';
  return setCookie.split(';')[0];
}

export interface ApiResponse<T = any> {
  status: number;
  body: T;
}

/** JSON request with an optional cookie; never throws on HTTP errors so tests can assert on them. */
export async function api<T = any>(
  baseUrl: string,
  path: string,
  options: { method?: string; cookie?: string; body?: unknown; rawBody?: string } = {}
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = {};
  if (options.cookie) headers.cookie = options.cookie;
  if (options.body !== undefined || options.rawBody !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${baseUrl}${path}`, {
    method: options.method ?? 'GET',
    headers,
    body: options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body))
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

/** A y-websocket client (the real `y-websocket` provider) authenticated by cookie. */
export function yClient(baseUrl: string, dossierId: string, cookie: string, options: { origin?: string } = {}) {
  const headers: Record<string, string> = { cookie };
  if (options.origin) headers.origin = options.origin;
  class CookieWebSocket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers });
    }
  }
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(baseUrl.replace(/^http/, 'ws') + '/yjs', dossierId, doc, {
    WebSocketPolyfill: CookieWebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    resyncInterval: -1
  });
  const synced = new Promise<void>((resolve) => {
    if (provider.synced) resolve();
    provider.on('sync', (isSynced: boolean) => isSynced && resolve());
  });
  // The server's "saved" extension: the durable state vector, after each batch with our updates.
  let durable = new Map<number, number>();
  (provider as unknown as { messageHandlers: unknown[] }).messageHandlers[YJS_MESSAGE_SAVED] = (
    _encoder: unknown,
    decoder: decoding.Decoder
  ) => {
    durable = Y.decodeStateVector(decoding.readVarUint8Array(decoder));
  };
  return {
    doc,
    provider,
    synced,
    /** True when the server has confirmed that every local edit of this client is on disk. */
    allSaved: () => (durable.get(doc.clientID) ?? 0) >= Y.getState(doc.store, doc.clientID),
    destroy() {
      provider.destroy();
      doc.destroy();
    }
  };
}

/** A raw WebSocket to /yjs, resolving with how the server closed it. */
export function rawYjsSocket(baseUrl: string, dossierId: string, headers: Record<string, string> = {}) {
  const ws = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/yjs/${dossierId}`, { headers });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() }))
  );
  const opened = new Promise<void>((resolve, reject) => {
    ws.on('open', () => resolve());
    ws.on('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.on('error', reject);
  });
  return { ws, opened, closed };
}

export type TestSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A socket.io client authenticated by cookie; resolves once connected or rejects with the server's refusal. */
export async function socketClient(baseUrl: string, cookie?: string): Promise<TestSocket> {
  const socket: TestSocket = io(baseUrl, {
    path: '/socket.io',
    transports: ['websocket'],
    extraHeaders: cookie ? { cookie } : {},
    reconnection: false,
    forceNew: true
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (err) => {
      socket.close();
      reject(err);
    });
  });
  return socket;
}

/** Emits with an ack and a timeout. */
export function emitWithAck<T = any>(socket: TestSocket, event: string, payload: unknown): Promise<T> {
  return (socket.timeout(5000) as any).emitWithAck(event, payload);
}
