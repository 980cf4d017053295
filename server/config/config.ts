import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const positiveInt = z.coerce.number().int().positive();

/** The one schema over process.env. Nobody else reads the environment. */
const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('./data'),
  MONGODB_URI: z
    .string()
    .regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb:// or mongodb+srv://')
    .optional(),
  MONGODB_DB: z.string().min(1).default('staffel'),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must start with redis:// or rediss://')
    .optional(),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Comma-separated origins allowed to open WebSockets besides the server's own host. */
  ALLOWED_ORIGINS: z.string().default(''),
  TRUST_PROXY: bool.default(false),
  SEED_DEMO: bool.default(true),
  SESSION_IDLE_MINUTES: positiveInt.default(8 * 60),
  SESSION_MAX_DAYS: positiveInt.default(7),
  LOGIN_ATTEMPTS_PER_MINUTE: positiveInt.default(10),
  LOGIN_ATTEMPTS_PER_MINUTE_PER_ADDRESS: positiveInt.default(30),
  YJS_MAX_MESSAGE_BYTES: positiveInt.default(1024 * 1024),
  YJS_MAX_DOC_BYTES: positiveInt.default(10 * 1024 * 1024),
  YJS_MAX_MESSAGES_PER_SECOND: positiveInt.default(500),
  YJS_MAX_BYTES_PER_SECOND: positiveInt.default(512 * 1024),
  YJS_CHECKPOINT_IDLE_MS: positiveInt.default(60_000),
  YJS_CHECKPOINT_MAX_MS: positiveInt.default(10 * 60_000),
  YJS_REAUTHORIZE_EVERY_MS: positiveInt.default(30_000),
  YJS_EVICT_AFTER_MS: positiveInt.default(30_000),
  YJS_COMPACT_AFTER_UPDATES: positiveInt.default(5000),
  YJS_COMPACT_TAIL_RATIO: z.coerce.number().positive().default(1),
  SOCKET_MAX_MESSAGE_BYTES: positiveInt.default(64 * 1024),
  SOCKET_EVENTS_PER_SECOND: positiveInt.default(20),
  SOCKET_USER_EVENTS_PER_SECOND: positiveInt.default(60),
  SOCKET_ANNOUNCE_EVERY_MS: positiveInt.default(250),
  HTTP_MAX_BODY_BYTES: positiveInt.default(64 * 1024),
  // Issue #8: an overdue callback/task goes to the team's managers after this many working minutes.
  ESCALATE_AFTER_WORKING_MINUTES: positiveInt.default(120),
  // Issue #8 intake: a web lead's callback is due this many working minutes after it arrived (2 h: a lead
  // called back the same morning still remembers the form), and one key may send this many leads a minute.
  INTAKE_CALLBACK_WITHIN_MINUTES: positiveInt.default(120),
  INTAKE_LEADS_PER_MINUTE: positiveInt.default(60),
  // Issue #9: a hand-off nobody picked up goes to the team's managers after this many minutes (4 h: the
  // receiver had half a working day to see it; longer and the customer waits for nobody).
  HANDOFF_ESCALATE_AFTER_MINUTES: positiveInt.default(240),
  // Issue #9 shadow week: a planned absence's stand-ins follow the owner's dossiers this many days before it
  // starts (a working week by default: enough to see every regular customer's rhythm once). 0 turns it off.
  SHADOW_DAYS: z.coerce.number().int().min(0).max(60).default(5),
  // Issue #10 "who is where": board changes are coalesced into one whereabouts:changed push per team per this
  // window (1 s: the board feels live, and a colleague flipping through 20 dossiers costs watchers one message).
  WHEREABOUTS_PUSH_DEBOUNCE_MS: z.coerce.number().int().min(0).max(60_000).default(1000),
  // Issue #10 activity feed: events older than this many days are deleted by a daily job (400: a year and a
  // month, so "this time last year" is still in the feed and the digest of a long absence finds its events).
  FEED_RETENTION_DAYS: positiveInt.default(400),
  // Edits by one person on one dossier within this many minutes show as one feed item (5: a checkpoint comes
  // after 60 s of quiet, so a few minutes of on-and-off typing is one visit to the dossier).
  FEED_COALESCE_MINUTES: z.coerce.number().int().min(0).max(1440).default(5),
  // Issue #11 CSV import: the largest file accepted (5 MB: ~25,000 rows of a typical company export; the whole
  // file is held in memory while pending) and the most rows one import may create.
  IMPORT_MAX_BYTES: positiveInt.default(5 * 1024 * 1024),
  IMPORT_MAX_ROWS: positiveInt.default(20_000),
  // Issue #11: a customer quiet this many months is sleeping (seed material: "no contact for more than two
  // years"); the premium list is this top share of customers by 12-month revenue (80/20).
  DORMANT_AFTER_MONTHS: z.coerce.number().int().min(1).max(240).default(24),
  PREMIUM_SHARE: z.coerce.number().gt(0).max(1).default(0.2)
});

export type Env = z.infer<typeof EnvSchema>;

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  mongodb: { uri: string; dbName: string } | null;
  redisUrl: string | null;
  sessionSecret: string | null;
  logLevel: Env['LOG_LEVEL'];
  allowedOrigins: string[];
  trustProxy: boolean;
  seedDemo: boolean;
  session: { idleMs: number; maxAgeMs: number };
  /** Failed logins per minute per (client address, account) and per client address across all accounts. */
  loginAttemptsPerMinute: number;
  loginAttemptsPerMinutePerAddress: number;
  limits: {
    yjsMessageBytes: number;
    socketMessageBytes: number;
    httpBodyBytes: number;
  };
  /** Socket.io event limits and announcement coalescing (README's configuration table). */
  socket: { eventsPerSecond: number; userEventsPerSecond: number; announceEveryMs: number };
  /** Co-editing limits (meanings in the README's configuration table); the composition root hands them on. */
  collab: {
    evictAfterMs: number;
    compactAfterUpdates: number;
    compactTailRatio: number;
    maxDocBytes: number;
    maxMessagesPerSecond: number;
    maxBytesPerSecond: number;
    checkpointIdleMs: number;
    checkpointMaxMs: number;
    /** Open connections re-check their session and rights this often (logout closes them at once). */
    reauthorizeEveryMs: number;
  };
  /** Follow-ups (issue #8): working minutes after the due time before an open task is escalated. */
  followups: { escalateAfterWorkingMinutes: number };
  /** Lead intake (issue #8): callback due time in working minutes, and leads per key per minute. */
  intake: { callbackWithinMinutes: number; leadsPerMinute: number };
  /** Hand-offs (issue #9): minutes until an unacknowledged hand-off is escalated to the managers. */
  handoffs: { escalateAfterMinutes: number };
  /** Issue #9 shadow week: days before a planned absence that its stand-ins follow the owner's dossiers. */
  shadowDays: number;
  /** Issue #10: the coalescing window of whereabouts:changed pushes. */
  whereabouts: { pushDebounceMs: number };
  /** Issue #10 activity feed: retention of the activity log, and the edit-coalescing window (ms). */
  feed: { retentionMs: number; coalesceMs: number };
  /** Issue #11 CSV import: largest file in bytes, most rows per import. */
  imports: { maxBytes: number; maxRows: number };
  /** Issue #11: sleeping customers and premium list. */
  winback: { dormantAfterMonths: number; premiumShare: number };
}

export class ConfigError extends Error {}

/** Parses the environment; throws a ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv | Record<string, string | undefined>): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: e.DATA_DIR,
    mongodb: e.MONGODB_URI ? { uri: e.MONGODB_URI, dbName: e.MONGODB_DB } : null,
    redisUrl: e.REDIS_URL ?? null,
    sessionSecret: e.SESSION_SECRET ?? null,
    logLevel: e.LOG_LEVEL,
    allowedOrigins: e.ALLOWED_ORIGINS.split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    trustProxy: e.TRUST_PROXY,
    seedDemo: e.SEED_DEMO,
    session: { idleMs: e.SESSION_IDLE_MINUTES * 60_000, maxAgeMs: e.SESSION_MAX_DAYS * 86_400_000 },
    loginAttemptsPerMinute: e.LOGIN_ATTEMPTS_PER_MINUTE,
    loginAttemptsPerMinutePerAddress: e.LOGIN_ATTEMPTS_PER_MINUTE_PER_ADDRESS,
    limits: {
      yjsMessageBytes: e.YJS_MAX_MESSAGE_BYTES,
      socketMessageBytes: e.SOCKET_MAX_MESSAGE_BYTES,
      httpBodyBytes: e.HTTP_MAX_BODY_BYTES
    },
    socket: {
      eventsPerSecond: e.SOCKET_EVENTS_PER_SECOND,
      userEventsPerSecond: e.SOCKET_USER_EVENTS_PER_SECOND,
      announceEveryMs: e.SOCKET_ANNOUNCE_EVERY_MS
    },
    collab: {
      evictAfterMs: e.YJS_EVICT_AFTER_MS,
      compactAfterUpdates: e.YJS_COMPACT_AFTER_UPDATES,
      compactTailRatio: e.YJS_COMPACT_TAIL_RATIO,
      maxDocBytes: e.YJS_MAX_DOC_BYTES,
      maxMessagesPerSecond: e.YJS_MAX_MESSAGES_PER_SECOND,
      maxBytesPerSecond: e.YJS_MAX_BYTES_PER_SECOND,
      checkpointIdleMs: e.YJS_CHECKPOINT_IDLE_MS,
      checkpointMaxMs: e.YJS_CHECKPOINT_MAX_MS,
      reauthorizeEveryMs: e.YJS_REAUTHORIZE_EVERY_MS
    },
    followups: { escalateAfterWorkingMinutes: e.ESCALATE_AFTER_WORKING_MINUTES },
    intake: { callbackWithinMinutes: e.INTAKE_CALLBACK_WITHIN_MINUTES, leadsPerMinute: e.INTAKE_LEADS_PER_MINUTE },
    handoffs: { escalateAfterMinutes: e.HANDOFF_ESCALATE_AFTER_MINUTES },
    shadowDays: e.SHADOW_DAYS,
    whereabouts: { pushDebounceMs: e.WHEREABOUTS_PUSH_DEBOUNCE_MS },
    feed: { retentionMs: e.FEED_RETENTION_DAYS * 86_400_000, coalesceMs: e.FEED_COALESCE_MINUTES * 60_000 },
    imports: { maxBytes: e.IMPORT_MAX_BYTES, maxRows: e.IMPORT_MAX_ROWS },
    winback: { dormantAfterMonths: e.DORMANT_AFTER_MONTHS, premiumShare: e.PREMIUM_SHARE }
  };
}
