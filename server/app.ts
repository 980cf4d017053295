import * as Y from 'yjs';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { hostname } from 'node:os';
import type { AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { randomBytes } from 'node:crypto';
import express from 'express';
import helmet from 'helmet';
import { pino, type Logger } from 'pino';
import { createArgon2PasswordHasher } from './adapters/argon2-password-hasher';
import { createInProcessEventBus } from './adapters/in-process-event-bus';
import { createInProcessPresenceDirectory } from './adapters/in-process-presence-directory';
import { randomIds } from './adapters/random-ids';
import { createScheduler } from './adapters/scheduler';
import { systemClock } from './adapters/system-clock';
import { systemTimer } from './adapters/system-timer';
import { inspectDossierUpdate, projectDossier } from '../src/lib/dossier-doc';
import { createDocRegistry, type DocRegistry } from './collab/doc-registry';
import type { Config } from './config/config';
import { createDossierRoutes, createDossierService, registerDossierSocket } from './features/dossiers';
import {
  createFollowupJobs,
  createFollowupRoutes,
  createFollowupService,
  registerTaskRerouting
} from './features/followups';
import { teamCalendar } from './kernel/team-calendar';
import {
  createActivityRoutes,
  createActivityService,
  registerActivitySocket,
  createEventOutbox,
  createEventRelay,
  type EventRelay,
  createFeedJobs,
  createFeedResume,
  registerFeedSocket
} from './features/feed';
import {
  createHistoryRoutes,
  createHistoryService,
  createVersionChanges,
  createVersionChain,
  createVersionRecorder,
  createClientAttribution,
  storeInitialDocument
} from './features/history';
import {
  createAuthService,
  createIdentityJobs,
  createIdentityRoutes,
  createUserService,
  registerPresenceSocket,
  requireAuth,
  sessionMiddleware
} from './features/identity';
import { createInteractionRoutes, createInteractionService } from './features/interactions';
import { createKpiRoutes, createKpiService } from './features/kpis';
import { createIntakeRoutes, createIntakeService, INTAKE_LEADS_PATH } from './features/intake';
import {
  createImportRoutes,
  createImportService,
  createSegmentRoutes,
  createSegmentService
} from './features/segments';
import type { Dossier } from './kernel/types';
import {
  createDormancyJobs,
  createDormancyService,
  createPremiumService,
  createWinbackRoutes,
  createWinbackService,
  startDormancySweepOnStart
} from './features/winback';
import {
  createAbsenceJobs,
  createAbsenceRoutes,
  createOffboardingRoutes,
  createOffboardingService,
  offboardingHandoffs,
  createAbsenceService,
  createCoverageEpoch,
  createCoverageGapTracker,
  createCoverageService,
  createHandoffsInForce,
  createDeskRoutes,
  createDeskService,
  registerContinuitySocket,
  createBriefingGenerator,
  createHandoffJobs,
  createHandoffRoutes,
  createHandoffService,
  createCoverageAudience,
  createDigestAbsences,
  createDigestRoutes,
  createDigestService,
  createKnowledgeRiskRoutes,
  createKnowledgeRiskService,
  CONTACT_CONFIRM_MS,
  QUIET_MS,
  type CoverageService
} from './features/continuity';
import { absenceEnd } from './features/continuity/absence-store';
import { createWhereaboutsRoutes, createWhereaboutsService, registerWhereaboutsSocket } from './features/whereabouts';
import type { Clock } from './ports/clock';
import type { IdGenerator } from './ports/id-generator';
import type { PasswordHasher } from './ports/password-hasher';
import type { Scheduler } from './ports/scheduler';
import type { Timer } from './ports/timer';
import { composeSearch } from './compose-search';
import { seedDemoCompany, type SeedResult } from './seed/demo-seed';
import { createSqliteStore } from './storage/sqlite/create-sqlite-store';
import type { Store } from './storage/store';
import { createApiRouter } from './transports/http/api-router';
import { contentPolicy } from './transports/http/content-policy';
import { createErrorHandler } from './transports/http/error-handler';
import { requestId } from './transports/http/request-id';
import { createSocketTransport } from './transports/socket/socket-transport';
import { createYjsTransport, YJS_PATH_PREFIX } from './transports/yjs/yjs-upgrade';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

export interface AppOptions {
  config: Config;
  clock?: Clock;
  /** Timers of the scheduler; tests pass a fake paired with `clock`. */
  timer?: Timer;
  ids?: IdGenerator;
  hasher?: PasswordHasher;
  logger?: Logger;
  /** Overrides the store the config would pick (tests inject one to inspect it). */
  store?: Store;
  /** Number of demo dossiers when seeding (default 200). */
  demoDossiers?: number;
  /**
   * Whether the demo seed writes its past (timeline, stage history, tasks); default true. Tests that count
   * their own entries and tasks from zero turn it off.
   */
  demoHistory?: boolean;
  collab?: { projectionDelayMs?: number };
}

export interface App {
  readonly httpServer: Server;
  readonly store: Store;
  readonly registry: DocRegistry;
  readonly scheduler: Scheduler;
  readonly seed: SeedResult;
  readonly logger: Logger;
  /** Issue #11: resolves when the search index has followed every event relayed so far (tests). */
  readonly searchIdle: () => Promise<void>;
  /** The one coverage service (issue #9) the desk, permissions and routing ask; the simulation checks it. */
  readonly coverage: CoverageService;
  /** The event relay: benchmarks and tests that append to the activity log directly poke it (issue #10 bench). */
  readonly relay: Pick<EventRelay, 'poke' | 'drained' | 'publishedSeq'>;
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
  // The event path: services write events with their change (outbox); the relay reads the log in seq order
  // and publishes to the bus; feed.socket routes them to rooms and answers feed:resume.
  const relay = createEventRelay({
    activity: store.activity,
    bus,
    clock,
    onError: (err, context) => logger.error({ err, ...context }, 'event relay')
  });
  await relay.start();
  // Issue #9 performance: one coverage snapshot per coverage epoch, ended by every coverage-changing event the
  // services build (watched outbox) or the bus delivers (subscribed first, before anyone asks coverage).
  const coverageEpoch = createCoverageEpoch({ clock });
  const unobserveCoverage = bus.subscribe((event) => coverageEpoch.observe(event));
  const events = coverageEpoch.watch(createEventOutbox({ clock, ids, onCommitted: () => relay.poke() }));
  const auth = createAuthService({
    users: store.users,
    sessions: store.sessions,
    hasher,
    clock,
    events,
    sessionSecret: resolveSessionSecret(config),
    idleMs: config.session.idleMs,
    maxAgeMs: config.session.maxAgeMs
  });
  const users = createUserService({ users: store.users });
  const dossiers = createDossierService({
    dossiers: store.dossiers,
    people: users,
    writeInitialDocument: ({ dossierId, createdAt, createdBy, fields }) =>
      storeInitialDocument({ store, dossierId, versionId: ids.next(), createdAt, createdBy, content: { fields } }),
    // Late-bound: the coverage service below reads dossiers through this service (no construction cycle).
    coverage: () => coverage,
    events,
    clock,
    ids
  });
  // Issue #9 continuity: who acts for whom (the kernel's coverage rule over users, absences and hand-offs).
  // Temporary hand-offs in force (C2) are read from the hand-off store directly: the hand-off service is built
  // later (it needs the document registry for briefings).
  const coverage = createCoverageService({
    people: { listUsers: (options) => users.listAll(options) },
    absences: store.absences,
    dossiers,
    handoffsInForce: createHandoffsInForce(store.handoffs),
    epoch: coverageEpoch,
    clock
  });
  // coverage.gap_opened / gap_closed exactly once: diffed against the stored gaps (the events' own projection).
  const coverageGaps = createCoverageGapTracker({
    gaps: store.coverageGaps,
    coverage,
    activity: store.activity,
    lastSeq: () => relay.publishedSeq(),
    people: users,
    events,
    clock
  });
  const absences = createAbsenceService({
    absences: store.absences,
    people: users,
    coverage,
    gaps: coverageGaps,
    events,
    clock,
    ids
  });
  const seed = config.seedDemo
    ? await seedDemoCompany({ store, hasher, clock, dossierCount: options.demoDossiers, history: options.demoHistory })
    : { seeded: false, company: null, password: '' };
  // The demo company is written straight to the stores (no events): start a new coverage epoch after it.
  coverageEpoch.invalidate();

  const onError = (err: unknown) => logger.error({ err }, 'unexpected error');
  // Issue #11 full-text search: backfilled from the records (after the seed), then fed by projection and events.
  const search = await composeSearch({ store, bus, dossiers, coverage: () => coverage, onError });
  // A team's managers (escalations of tasks and hand-offs) and its calendar (due times, working hours).
  const managersOf = async (teamId: string) =>
    (await store.users.listUsersOfTeam(teamId)).filter((u) => u.role === 'manager').map((u) => u.id);
  const calendarOf = async (teamId: string) => teamCalendar((await store.users.getTeams([teamId]))[0]);
  // Built in dependency order, no cycle: versions are recorded without the runtime; the runtime calls the
  // recorder at checkpoints; history's restore uses the runtime.
  const chain = createVersionChain({ versions: store.versions });
  const recorder = createVersionRecorder({
    versions: store.versions,
    chain,
    dossiers,
    people: users,
    events,
    clock,
    ids
  });
  const { reauthorizeEveryMs: _reauthorizeEveryMs, ...collabLimits } = config.collab;
  const registry = createDocRegistry({
    documents: store.documents,
    limits: {
      ...collabLimits,
      maxMessageBytes: config.limits.yjsMessageBytes,
      projectionDelayMs: options.collab?.projectionDelayMs ?? 300
    },
    hooks: {
      onProjection: async ({ docId, doc, actorId }) => {
        const indexed = search.indexDocument(docId, doc);
        await dossiers.applyProjection({ dossierId: docId, projection: projectDossier(doc), actorId });
        await indexed;
      },
      onCheckpoint: (checkpoint) => recorder.record(checkpoint),
      inspectUpdate: inspectDossierUpdate,
      attributeClients: createClientAttribution({ versions: store.versions }),
      onError: (err, context) => logger.error({ err, ...context }, 'collab error')
    }
  });
  const history = createHistoryService({
    versions: store.versions,
    chain,
    live: registry,
    dossiers,
    people: users,
    recorder
  });

  // Follow-ups (issue #8): tasks on dossiers, escalated in the team's working time. No `logOutcome`: the
  // timeline shows task.completed (with its outcome) as a system entry (kernel/timeline-entries.ts).
  const followups = createFollowupService({
    tasks: store.tasks,
    dossiers,
    people: {
      namesOf: (userIds) => users.namesOf(userIds),
      get: (id) => users.get(id),
      managersOf
    },
    calendarOf,
    escalateAfterWorkingMinutes: config.followups.escalateAfterWorkingMinutes,
    onError: (err) => logger.error({ err }, 'follow-up side effect failed'),
    // Issue #9: acting assignees from coverage; open tasks are rerouted when coverage changes (below).
    coverage: () => coverage,
    events,
    clock,
    ids
  });
  const taskRerouting = registerTaskRerouting({ bus, followups, onError });

  // Issue #8 timeline: interactions merged with system entries from the activity log; a complaint opens a
  // ticket through the follow-ups feature.
  const interactions = createInteractionService({
    interactions: store.interactions,
    activity: store.activity,
    dossiers,
    people: users,
    openTicket: (options) => followups.openTicket(options),
    lifecycle: dossiers,
    events,
    clock,
    ids
  });

  // Issue #11 segments: tags (suggestions, managers' rename/merge), saved lists and CSV export.
  const segments = createSegmentService({
    segments: store.segments,
    dossiers,
    people: users,
    clock,
    ids
  });

  // Issue #11 CSV import: preview kept in memory, commit in one store transaction.
  const imports = createImportService({
    imports: store.imports,
    events,
    clock,
    ids,
    maxRows: config.imports.maxRows
  });

  // Issue #8 lead intake: web forms post leads with a team key; each becomes a lead dossier (or lands on the
  // known one), an inbound interaction and a callback for the owner or the team's next rep. Issue #9: absent
  // reps are skipped, and a known customer's callback goes to whoever acts for its absent owner.
  const intake = createIntakeService({
    intake: store.intake,
    dossiers,
    interactions,
    followups,
    people: {
      get: (id) => users.get(id),
      namesOf: (ids) => users.namesOf(ids),
      membersOf: (teamId) => store.users.listUsersOfTeam(teamId)
    },
    calendarOf,
    callbackWithinMinutes: config.intake.callbackWithinMinutes,
    isAvailable: ({ userId, at }) => coverage.isAvailable(userId, at),
    actingOwnerOf: async ({ dossier, at }) =>
      (await coverage.coverageOf([dossier], at)).get(dossier.id)?.actingOwnerId ?? null,
    events,
    clock,
    ids
  });

  // Issue #9 hand-offs: the briefing is generated from the dossier's current document (live if loaded), its
  // timeline and open follow-ups, and kept with the hand-off; the desk lists `handoffs.handoffsFor(userId)`.
  const handoffs = createHandoffService({
    handoffs: store.handoffs,
    dossiers,
    people: {
      get: (id) => users.get(id),
      namesOf: (userIds) => users.namesOf(userIds),
      managersOf
    },
    briefing: createBriefingGenerator({
      loadDocument: async (dossierId) => {
        const live = await registry.open(dossierId);
        try {
          const copy = new Y.Doc();
          Y.applyUpdate(copy, Y.encodeStateAsUpdate(live.doc.doc));
          return copy;
        } finally {
          live.release();
        }
      },
      timeline: async (actor, dossierId) => (await interactions.timeline(actor, dossierId, { limit: 50 })).items,
      openTasks: async (actor, dossierId) =>
        (await followups.list(actor, { scope: 'team', status: 'open', dossierId, limit: 200 })).items,
      namesOf: (userIds) => users.namesOf(userIds),
      // Late-bound: the win-back service is built further down (it needs follow-ups and coverage).
      winbackStep: (dossierId) => winbacks.openStepOf(dossierId),
      clock
    }),
    escalateAfterMinutes: config.handoffs.escalateAfterMinutes,
    events,
    clock,
    ids
  });

  // Issue #9 offboarding: everything a leaving colleague holds is reassigned through each feature's service
  // (one atomic step each), then they are deactivated and their sessions end. Each owned dossier moves by a
  // permanent hand-off with its own briefing (offboarding-handoffs.ts).
  const offboardingHandoffPorts = offboardingHandoffs({
    store: store.handoffs,
    service: handoffs,
    events,
    now: () => clock.now()
  });
  const offboarding = createOffboardingService({
    people: {
      get: (id) => store.users.getUser(id),
      listAll: () => store.users.listUsers({ includeDeactivated: true }),
      setDeputy: (o) => store.users.setDeputy(o),
      deactivate: (o) => store.users.deactivate(o),
      endSessions: (userId) => store.sessions.deleteAllOfUser(userId, [])
    },
    dossiers,
    handOver: offboardingHandoffPorts.handOver,
    handoffs: offboardingHandoffPorts.handoffs,
    absences: {
      // Current and upcoming absences handing to the leaver (ended and past ones no longer route anything).
      handingTo: async (userId) => {
        const now = clock.now();
        const found = (
          await store.absences.listOverlapping({ userIds: 'all', from: now, to: now + 10 * 365 * 86_400_000 })
        ).filter((a) => a.handToId === userId);
        const names = await users.namesOf([...new Set(found.map((a) => a.userId))]);
        return found.map((a) => ({ id: a.id, userId: a.userId, userName: names.get(a.userId) ?? '' }));
      },
      redirectHandTo: async ({ actor, absenceId, toUserId }) => {
        await absences.update(actor, absenceId, { handToId: toUserId });
      }
    },
    tasks: {
      openAssignedTo: (userId) => followups.openAssignedTo([userId]),
      reassign: (actor, taskId, assigneeId) => followups.patch(actor, taskId, { assigneeId })
    },
    events,
    clock
  });

  // The stand-in desk (issue #9): own, covering, routed tasks, hand-offs, gaps.
  const desk = createDeskService({
    dossiers,
    coverage,
    followups,
    absences,
    people: users,
    handoffsFor: (userId) => handoffs.handoffsFor(userId)
  });

  // Issue #9 "while you were away" and "knowledge at risk": read-only views over the person's dossiers, the
  // activity log, recorded versions and interactions. A person owns at most a few thousand dossiers: paged
  // through the owner index.
  const ownedDossiers = async (userId: string) => {
    const all: Dossier[] = [];
    let cursor: string | undefined;
    do {
      const page = await store.dossiers.list({ teamIds: 'all', ownerId: userId, sort: 'name', limit: 1000, cursor });
      all.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return all;
  };
  const digest = createDigestService({
    absences: createDigestAbsences({ absences: store.absences, namesOf: (ids) => users.namesOf(ids), clock }),
    people: users,
    ownedDossiers: async (userId) => new Map((await ownedDossiers(userId)).map((d) => [d.id, d.company])),
    activity: store.activity,
    versionChanges: createVersionChanges({ versions: store.versions, chain }),
    clock
  });
  const knowledgeRisk = createKnowledgeRiskService({
    people: users,
    membersOf: (teamId) => store.users.listUsersOfTeam(teamId),
    allTeamIds: async () => (await store.users.listTeams()).map((t) => t.id),
    ownedDossiers,
    lastInteractionAt: (ids) => store.interactions.lastAt(ids),
    clock
  });

  // Issue #9: stand-ins of other teams (and, SHADOW_DAYS before a planned absence, those who will stand in)
  // follow the dossiers they cover: live pushes and feed:resume.
  const coverageAudience = createCoverageAudience({
    coverage,
    dossiers,
    people: users,
    absencesBetween: (from, to) => store.absences.listOverlapping({ userIds: 'all', from, to }),
    shadowDays: config.shadowDays,
    clock
  });
  // Issue #10 activity feed: pages and subscriptions over the activity log, names resolved in batches.
  const activity = createActivityService({
    activity: store.activity,
    followedBy: (userId) => coverageAudience.followedBy(userId),
    people: users,
    dossierNames: async (ids) => new Map((await dossiers.findMany(ids)).map((d) => [d.id, d.company])),
    teamNames: async () => new Map((await store.users.listTeams()).map((t) => [t.id, t.name])),
    clock,
    coalesceMs: config.feed.coalesceMs
  });

  // Issue #10 "who is where": presence behind a port (in-process now, Redis with several nodes), coverage from
  // the one coverage service, tasks and hand-offs from their features; stalled-work rules in the feature.
  const presenceDirectory = createInProcessPresenceDirectory({ clock });
  const whereabouts = createWhereaboutsService({
    presence: presenceDirectory,
    people: {
      teams: async (ids) => (await store.users.listTeams()).filter((t) => ids === 'all' || ids.includes(t.id)),
      membersOf: async (teamIds) => {
        const byId = new Map(
          (await Promise.all(teamIds.map((t) => store.users.listUsersOfTeam(t)))).flat().map((u) => [u.id, u])
        );
        return [...byId.values()].filter((u) => u.deactivatedAt === null);
      },
      namesOf: (ids) => users.namesOf(ids)
    },
    dossiers,
    coverage,
    absencesInForce: async (at) =>
      (await store.absences.inForceAt(at)).map((a) => ({ userId: a.userId, kind: a.kind, end: absenceEnd(a) })),
    openTasks: async ({ teamIds, dueBefore, actingAssigneeId, limit }) =>
      (
        await store.tasks.list({
          teamIds: teamIds === 'all' ? 'all' : [...teamIds],
          statuses: ['open', 'in_progress'],
          dueBefore,
          actingAssigneeId,
          limit
        })
      ).items,
    pendingHandoffsTo: async (userIds) =>
      (await Promise.all(userIds.map((id) => handoffs.handoffsFor(id))))
        .flat()
        .filter((h) => h.status === 'pending' && userIds.includes(h.toUserId)),
    clock
  });

  // Issue #10 KPIs: facts from the store's indexed queries and interaction read model; knowledge at risk is
  // counted by the store with continuity's thresholds (K2, K4).
  const kpis = createKpiService({
    kpis: store.kpis,
    teams: { get: async (teamId) => (await store.users.getTeams([teamId]))[0] ?? null },
    membersOf: (teamId) => store.users.listUsersOfTeam(teamId),
    namesOf: (userIds) => users.namesOf([...userIds]),
    riskThresholds: { contactConfirmMs: CONTACT_CONFIRM_MS, quietMs: QUIET_MS },
    clock
  });

  // Issue #11: sleeping customers (the dormancy sweep moves them through the lifecycle), win-back processes
  // (steps become follow-up tasks) and premium customers; visibility is team plus coverage.
  const coveredBy = async (userId: string) => (await coverage.coveringFor(userId)).map((c) => c.dossierId);
  const dormancy = createDormancyService({
    values: store.customerValue,
    dossiers,
    people: users,
    coveredBy,
    dormantAfterMonths: config.winback.dormantAfterMonths,
    clock,
    onError: (err, context) => logger.error({ err, ...context }, 'dormancy sweep')
  });
  const winbacks = createWinbackService({
    winbacks: store.winbacks,
    dossiers,
    people: users,
    followups,
    events,
    clock,
    ids,
    onError
  });
  const premium = createPremiumService({
    values: store.customerValue,
    dossiers,
    people: users,
    coveredBy,
    defaultShare: config.winback.premiumShare,
    clock
  });

  const web = express();
  web.disable('x-powered-by');
  if (config.trustProxy) web.set('trust proxy', 1);
  // Content-Security-Policy: pages get SvelteKit's (svelte.config.js), the rest content-policy.ts's.
  web.use(helmet({ contentSecurityPolicy: false }));
  web.use(requestId());
  const policy = contentPolicy();
  web.use(['/api', '/healthz'], policy.json);
  web.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', store: store.kind, version: VERSION });
  });
  web.use(
    '/api',
    createApiRouter({
      session: sessionMiddleware(auth),
      features: [
        createIdentityRoutes({
          auth,
          users,
          loginAttemptsPerMinute: config.loginAttemptsPerMinute,
          loginAttemptsPerMinutePerAddress: config.loginAttemptsPerMinutePerAddress
        }),
        // Before the dossier routes: GET /dossiers/:id would otherwise take /dossiers/export.csv.
        createSegmentRoutes({ segments }),
        createImportRoutes({ imports, maxBytes: config.imports.maxBytes }),
        createDossierRoutes({ dossiers }),
        createHistoryRoutes({ history }),
        createInteractionRoutes({ interactions }),
        createFollowupRoutes({ followups }),
        createIntakeRoutes({ intake, leadsPerMinute: config.intake.leadsPerMinute }),
        createAbsenceRoutes({ absences }),
        createDeskRoutes({ desk }),
        createOffboardingRoutes({ offboarding }),
        createHandoffRoutes({ handoffs }),
        createDigestRoutes({ digest }),
        createKnowledgeRiskRoutes({ risk: knowledgeRisk }),
        createWhereaboutsRoutes({ whereabouts }),
        createActivityRoutes({ activity, requireAuth }),
        createKpiRoutes({ kpis }),
        createWinbackRoutes({ dormancy, winbacks, premium }),
        search.router
      ],
      maxBodyBytes: config.limits.httpBodyBytes,
      allowedOrigins: config.allowedOrigins,
      bearerPaths: [INTAKE_LEADS_PATH]
    }),
    createErrorHandler((err, request) => logger.error({ err, ...request }, 'unexpected error in HTTP request'))
  );
  const ui = await loadUiHandler();
  web.use(policy.files);
  web.use(ui ?? ((_req, res) => void res.status(503).type('text').send('UI not built: run `npm run build`.')));

  const httpServer = createServer(web);
  const allowedOrigins = config.allowedOrigins;
  const socket = createSocketTransport({
    httpServer,
    auth,
    bus,
    clock,
    timer: options.timer ?? systemTimer,
    pacingTimer: systemTimer,
    allowedOrigins,
    maxMessageBytes: config.limits.socketMessageBytes,
    ...config.socket,
    reauthorizeEveryMs: config.collab.reauthorizeEveryMs,
    onError
  });
  const presence = registerPresenceSocket({ gateway: socket.gateway });
  const dossierSocket = registerDossierSocket({
    gateway: socket.gateway,
    dossiers,
    // dossier:watch tells both the team's presence push and the whereabouts directory (issue #10).
    presence: {
      setLocation: (client, dossierId) => {
        presence.setLocation(client, dossierId);
        presenceDirectory.located(client.id, dossierId);
      }
    },
    bus,
    onError
  });
  const whereaboutsSocket = registerWhereaboutsSocket({
    gateway: socket.gateway,
    bus,
    presence: presenceDirectory,
    whereabouts,
    allTeamIds: async () => (await store.users.listTeams()).map((t) => t.id),
    timer: options.timer ?? systemTimer,
    debounceMs: config.whereabouts.pushDebounceMs,
    onError
  });
  const feedSocket = registerFeedSocket({
    gateway: socket.gateway,
    bus,
    feed: createFeedResume({
      activity: store.activity,
      publishedSeq: relay.publishedSeq,
      followedBy: (userId) => coverageAudience.followedBy(userId)
    }),
    followersOf: (event) => coverageAudience.followersOf(event),
    people: users,
    onError
  });
  const activitySocket = registerActivitySocket({
    gateway: socket.gateway,
    bus,
    activity,
    publishedSeq: relay.publishedSeq,
    onError
  });
  const continuitySocket = registerContinuitySocket({ gateway: socket.gateway, bus });
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

  // Timed work: each feature's jobs, claimed in the store so a restart or a second node never runs a slot twice.
  const scheduler = createScheduler({
    clock,
    timer: options.timer ?? systemTimer,
    runs: store.jobRuns,
    node: `${hostname()}:${process.pid}`,
    onError: (err, context) => logger.error({ err, ...context }, 'scheduled job failed'),
    onRun: (run) => logger.debug(run, 'scheduled job ran')
  });
  for (const job of createIdentityJobs({ auth })) scheduler.register(job);
  for (const job of createFollowupJobs({ followups })) scheduler.register(job);
  for (const job of createAbsenceJobs({ absences, gaps: coverageGaps })) scheduler.register(job);
  for (const job of createHandoffJobs({ handoffs })) scheduler.register(job);
  for (const job of createFeedJobs({ activity: store.activity, clock, retentionMs: config.feed.retentionMs })) {
    scheduler.register(job);
  }
  for (const job of createDormancyJobs({ dormancy })) scheduler.register(job);
  scheduler.start();
  const startupSweep = startDormancySweepOnStart({
    dormancy,
    timer: options.timer ?? systemTimer,
    onError: (err) => logger.error({ err }, 'dormancy sweep on start')
  });

  let closing: Promise<void> | null = null;
  return {
    httpServer,
    store,
    registry,
    scheduler,
    seed,
    logger,
    coverage,
    relay,
    searchIdle: search.idle,
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
        await scheduler.stop();
        await startupSweep.close();
        await registry.close();
        await yjs.close();
        dossierSocket.close();
        feedSocket.close();
        continuitySocket.close();
        whereaboutsSocket.close();
        activitySocket.close();
        unobserveCoverage();
        search.close();
        taskRerouting.close();
        await socket.close();
        httpServer.closeAllConnections();
        await new Promise<void>((r) => httpServer.close(() => r()));
        await relay.close();
        await bus.close();
        await store.close();
      })())
  };
}
