import type { EventType, StoredEvent } from '../../kernel/events';
import type { Clock } from '../../ports/clock';
import type { EventOutbox } from '../feed';
import type { CoverageSnapshot } from './coverage-snapshot';

/**
 * Events whose change can move who acts for a dossier: they end the coverage epoch. Users, absences, deputies
 * and hand-offs are what a snapshot holds; dossier ownership and stand-ins are read per question, not cached.
 */
export const COVERAGE_EPOCH_EVENTS: ReadonlySet<EventType> = new Set<EventType>([
  'coverage.changed',
  'absence.recorded',
  'absence.updated',
  'absence.started',
  'absence.ended',
  'deputy.changed',
  'handoff.created',
  'handoff.picked_up',
  'handoff.returned',
  'user.deactivated',
  'coverage.gap_opened',
  'coverage.gap_closed'
]);

/** A write whose events never reached the bus (its transaction rolled back) stops blocking the cache after this. */
const PENDING_EXPIRY_MS = 60_000;
/** Safety net for writes that carry no event (users created by setup or imports): rebuild at least this often. */
export const MAX_SNAPSHOT_AGE_MS = 5 * 60_000;

/**
 * The coverage epoch (issue #9 performance): ONE snapshot of people, absences and hand-offs, built once and
 * reused by every question (desk, routing, permissions, feed audience) until something that changes coverage
 * happens. Invalidation is explicit, never a guess:
 * - E1 an epoch event (COVERAGE_EPOCH_EVENTS) built by a service through `watch(outbox)` ends the epoch at
 *      once and marks the write pending; until the relay delivers that event (`observe`, from the bus) —
 *      i.e. while the write may or may not be committed — no snapshot is kept (every question reads fresh);
 * - E2 `committed()` of such a write ends the epoch again (a question between build and commit read the old
 *      state);
 * - E3 an epoch event from the bus (any node, any writer) ends the epoch;
 * - E4 time: a snapshot is valid only in [at, validUntil) — the next absence or hand-off start or end — and
 *      at most MAX_SNAPSHOT_AGE_MS;
 * - E5 a snapshot whose build overlapped an invalidation is not kept (epoch counter);
 * - E6 `invalidate()` for anything else (tests, a store written without events).
 * Only questions about (about) now are kept; questions about another instant (the feed's shadow week, the
 * simulation's look-ahead) read a fresh snapshot when they miss.
 */
export interface CoverageEpoch {
  /** The snapshot valid at `at`, built with `build` when there is none. */
  snapshotAt(at: number, build: (at: number) => Promise<CoverageSnapshot>): Promise<CoverageSnapshot>;
  /** E1/E2: the outbox the services use, watched for epoch events. */
  watch(outbox: EventOutbox): EventOutbox;
  /** E3: every committed event, from the bus. */
  observe(event: StoredEvent): void;
  /** E6 */
  invalidate(): void;
  /** Builds so far (tests and benchmarks check reuse). */
  readonly builds: number;
}

export function createCoverageEpoch(deps: { clock: Clock }): CoverageEpoch {
  let epoch = 0;
  let builds = 0;
  let cached: { epoch: number; builtAt: number; snapshot: CoverageSnapshot } | null = null;
  /** Epoch events built but not yet seen on the bus, with when they were built. */
  const pending = new Map<string, number>();

  const invalidate = () => {
    epoch++;
    cached = null;
  };
  const hasPending = (now: number) => {
    for (const [id, since] of pending) if (now - since > PENDING_EXPIRY_MS) pending.delete(id);
    return pending.size > 0;
  };
  const fresh = (at: number, now: number) =>
    cached !== null &&
    cached.epoch === epoch &&
    cached.snapshot.at <= at &&
    at < cached.snapshot.validUntil &&
    now - cached.builtAt < MAX_SNAPSHOT_AGE_MS;

  return {
    async snapshotAt(at, build) {
      const now = deps.clock.now();
      if (fresh(at, now)) return cached!.snapshot;
      const started = epoch;
      builds++;
      const snapshot = await build(at);
      // Keep it only for questions about now, when nothing changed meanwhile and no write is in flight (E1, E5).
      const aboutNow = Math.abs(at - now) <= 1_000;
      if (aboutNow && epoch === started && !hasPending(deps.clock.now())) cached = { epoch, builtAt: now, snapshot };
      return snapshot;
    },
    watch(outbox) {
      return {
        event(type, fields) {
          const event = outbox.event(type, fields);
          if (COVERAGE_EPOCH_EVENTS.has(type)) {
            pending.set(event.id, deps.clock.now());
            invalidate();
          }
          return event;
        },
        committed() {
          if (pending.size > 0) invalidate();
          outbox.committed();
        }
      };
    },
    observe(event) {
      if (!COVERAGE_EPOCH_EVENTS.has(event.type)) return;
      pending.delete(event.id);
      invalidate();
    },
    invalidate,
    get builds() {
      return builds;
    }
  };
}
