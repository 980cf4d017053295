import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { randomBytes } from 'node:crypto';
import express from 'express';
import helmet from 'helmet';
import { pino, type Logger } from 'pino';
import { createArgon2PasswordHasher } from './adapters/argon2-password-hasher';
import { createInProcessEventBus } from './adapters/in-process-event-bus';
import { randomIds } from './adapters/random-ids';
import { projectDossier } from './collab/dossier-doc';
import { createDocRegistry, type DocRegistry } from './collab/doc-registry';
import type { CollabLimits } from './collab/collab-types';
import type { Config } from './config/config';
import { systemClock, type Clock } from './ports/clock';
import type { IdGenerator } from './ports/id-generator';
import type { PasswordHasher } from './ports/password-hasher';
import type { Store } from './ports/store';
import { createAuthService } from './services/auth.service';
import { seedDemoCompany, type SeedResult } from './services/demo-seed.service';
import { createDossierService } from './services/dossier.service';
import { createEventPublisher } from './services/event-publisher';
import { createHistoryService } from './services/history.service';
import { createUserService } from './services/user.service';
import { createSqliteStore } from './storage/sqlite/create-sqlite-store';
import { createApiRouter } from './transports/http/api-router';
import { createErrorHandler } from './transports/http/error-handler';
import { createSocketTransport } from './transports/socket/socket-transport';
import { createYjsTransport, YJS_PATH_PREFIX } from './transports/yjs/yjs-upgrade';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

export interface AppOptions {
  config: Config;
  clock?: Clock;
  ids?: IdGenerator;
  hasher?: PasswordHasher;
  logger?: Logger;
  /** Overrides the store the config would pick (tests inject one to inspect it). */
  store?: Store;
  /** Number of demo dossiers when seeding (default 200). */
  demoDossiers?: number;
  collab?: Partial<Pick<CollabLimits, 'projectionDelayMs'>>;
}

export interface App {
  readonly httpServer: Server;
  readonly store: Store;
  readonly registry: DocRegistry;
  readonly seed: SeedResult;
  readonly logger: Logger;
  listen(): Promise<{ port: number; url: string }>;
  /** Graceful: closes connections, flushes and compacts documents, closes the store. Idempotent. */
  close(): Promise<void>;
}

/** The session secret from config, or one generated once and kept in DATA_DIR. */
function resolveSessionSecret(config: Config): string {
  if (config.sessionSecret) return config.sessionSecret;
  const file = join(config.dataDir, 'session-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

async function openStore(config: Config): Promise<Store> {
  if (config.mongodb) {
    const { createMongoStore } = await import('./storage/mongo/create-mongo-store');
    return createMongoStore({ uri: config.mongodb.uri, dbName: config.mongodb.dbName });
  }
  return createSqliteStore({ file: join(config.dataDir, 'staffel.db') });
}

/** SvelteKit's adapter-node handler, if the UI was built. */
async function loadUiHandler(): Promise<express.RequestHandler | null> {
  const file = join(ROOT, 'build', 'handler.js');
  if (!existsSync(file)) return null;
  const mod = (await import(pathToFileURL(file).href)) as { handler: express.RequestHandler };
  return mod.handler;
}

/** Composition root: the only place that picks adapters and wires services and transports. */
export async function createApp(options: AppOptions): Promise<App> {
  const { config } = options;
  const logger = options.logger ?? pino({ level: config.logLevel });
  const clock = options.clock ?? systemClock;
  const ids = options.ids ?? randomIds;
  const hasher = options.hasher ?? createArgon2PasswordHasher();
  mkdirSync(config.dataDir, { recursive: true });
  const store = options.store ?? (await openStore(config));
  const bus = createInProcessEventBus({ onHandlerError: (err) => logger.error({ err }, 'event handler failed') });
  const events = createEventPublisher({ activity: store.activity, bus, clock, ids });
  const auth = createAuthService({
    store,
    hasher,
    clock,
    events,
    sessionSecret: resolveSessionSecret(config),
    idleMs: config.session.idleMs,
    maxAgeMs: config.session.maxAgeMs
  });
  const dossiers = createDossierService({ store, events, clock, ids });
  const users = createUserService({ store });
  const seed = config.seedDemo
    ? await seedDemoCompany({ store, hasher, clock, dossierCount: options.demoDossiers })
    : { seeded: false, company: null, password: '' };

  const onError = (err: unknown) => logger.error({ err }, 'unexpected error');
  const registry = createDocRegistry({
    documents: store.documents,
    limits: {
      ...config.collab,
      maxMessageBytes: config.limits.yjsMessageBytes,
      projectionDelayMs: options.collab?.projectionDelayMs ?? 300
    },
    hooks: {
      onProjection: ({ docId, doc, actorId }) =>
        dossiers.applyProjection({ dossierId: docId, projection: projectDossier(doc), actorId }),
      onCheckpoint: (checkpoint) => history.record(checkpoint),
      onError: (err, context) => logger.error({ err, ...context }, 'collab error')
    }
  });
  const history = createHistoryService({ store, live: registry, dossiers, events, clock, ids });

  const web = express();
  web.disable('x-powered-by');
  if (config.trustProxy) web.set('trust proxy', 1);
  // SvelteKit sets its own CSP (svelte.config.js) with hashes for its inline bootstrap script.
  web.use(helmet({ contentSecurityPolicy: false }));
  web.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', store: store.kind, version: VERSION });
  });
  web.use(
    '/api',
    createApiRouter({
      auth,
      dossiers,
      users,
      history,
      maxBodyBytes: config.limits.httpBodyBytes,
      loginAttemptsPerMinute: config.loginAttemptsPerMinute
    }),
    createErrorHandler(onError)
  );
  const ui = await loadUiHandler();
  web.use(ui ?? ((_req, res) => void res.status(503).type('text').send('UI not built: run `npm run build`.')));

  const httpServer = createServer(web);
  const allowedOrigins = config.allowedOrigins;
  const socket = createSocketTransport({
    httpServer,
    auth,
    dossiers,
    users: store.users,
    bus,
    allowedOrigins,
    maxMessageBytes: config.limits.socketMessageBytes,
    onError
  });
  const yjs = createYjsTransport({
    registry,
    auth,
    dossiers,
    allowedOrigins,
    bus,
    maxMessageBytes: config.limits.yjsMessageBytes,
    reauthorizeEveryMs: config.collab.reauthorizeEveryMs,
    onError
  });
  httpServer.on('upgrade', (req, sock, head) => {
    if (req.url?.startsWith(YJS_PATH_PREFIX)) yjs.handleUpgrade(req, sock, head);
    else if (!req.url?.startsWith('/socket.io/')) sock.destroy();
  });

  // Sessions that are never presented again would otherwise stay in the store forever.
  const sweep = () => auth.sweepExpired().catch(onError);
  void sweep();
  const sweepTimer = setInterval(sweep, 60 * 60_000);
  sweepTimer.unref();

  let closing: Promise<void> | null = null;
  return {
    httpServer,
    store,
    registry,
    seed,
    logger,
    listen: () =>
      new Promise((resolveListen, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(config.port, config.host, () => {
          const { port } = httpServer.address() as AddressInfo;
          const host = config.host === '0.0.0.0' ? 'localhost' : config.host;
          resolveListen({ port, url: `http://${host}:${port}` });
        });
      }),
    close: () =>
      (closing ??= (async () => {
        clearInterval(sweepTimer);
        await registry.close();
        await yjs.close();
        await socket.close();
        httpServer.closeAllConnections();
        await new Promise<void>((r) => httpServer.close(() => r()));
        await bus.close();
        await store.close();
      })())
  };
}
