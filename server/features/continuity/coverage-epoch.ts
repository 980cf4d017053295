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

/**
 * Dossier writes that can change which dossiers a remembered answer (`remember`) covers: a new or imported
 * dossier, a changed owner, changed stand-ins (dossier.updated carries the row after a patch). They leave the
 * snapshot alone (it holds no dossiers) and drop the remembered answers that depend on that dossier's owner.
 */
export const DOSSIER_COVERAGE_EVENTS: ReadonlySet<EventType> = new Set<EventType>([
  'dossier.created',
  'dossier.updated',
  'dossier.owner_changed',
  'import.committed'
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
 *
 * Answers derived from the snapshot AND the dossier store (`remember`: coveringFor, the covered dossiers behind
 * gapsIn) are kept with the snapshot too, so a stand-in's desk does not re-scan 1,000+ dossiers per request:
 * - R1 an answer lives only as long as its snapshot is the epoch's (E1–E6 drop it with the snapshot);
 * - R2 a dossier event (DOSSIER_COVERAGE_EVENTS) built through the watched outbox, committed, or delivered by
 *      the bus drops the answers when it concerns an owner they were computed from (`owners`: the owners not
 *      acting, whose dossiers alone can be covered); dossier.created/updated name the row's owner, which a
 *      patch cannot change, so an edit of an acting owner's dossier keeps them; owner_changed and imports
 *      (no owner named) always drop them;
 * - R3 while such a write concerning the answer's owners is in flight (built, not yet seen on the bus), the
 *      answer is computed but not kept;
 * - R4 an answer whose computation overlapped a drop is not kept.
 */
export interface CoverageEpoch {
  /** The snapshot valid at `at`, built with `build` when there is none. */
  snapshotAt(at: number, build: (at: number) => Promise<CoverageSnapshot>): Promise<CoverageSnapshot>;
  /** E1/E2: the outbox the services use, watched for epoch events. */
  watch(outbox: EventOutbox): EventOutbox;
  /** E3: every committed event, from the bus. */
  observe(event: StoredEvent): void;
  /** E6 (drops the remembered answers too) */
  invalidate(): void;
  /**
   * R1–R4: the answer under `key` computed from `snapshot` and the dossiers of `owners`, kept while `snapshot`
   * is the epoch's and no dossier event concerning `owners` happened; `compute` when there is none. The kept
   * value is shared: callers must not mutate it.
   */
  remember<T>(
    snapshot: CoverageSnapshot,
    key: string,
    owners: readonly string[],
    compute: () => Promise<T>
  ): Promise<T>;
  /** Builds so far (tests and benchmarks check reuse). */
  readonly builds: number;
  /** Answers `remember` computed so far (tests check reuse). */
  readonly computed: number;
}

/** The owner a dossier event names (the row's owner), or null when it names none (owner changes, imports). */
function ownerNamedBy(type: EventType, data: unknown): string | null {
  if (type !== 'dossier.created' && type !== 'dossier.updated') return null;
  const ownerId = (data as { dossier?: { ownerId?: unknown } } | null)?.dossier?.ownerId;
  return typeof ownerId === 'string' ? ownerId : null;
}

export function createCoverageEpoch(deps: { clock: Clock }): CoverageEpoch {
  let epoch = 0;
  let builds = 0;
  let cached: { epoch: number; builtAt: number; snapshot: CoverageSnapshot } | null = null;
  /** Epoch events built but not yet seen on the bus, with when they were built. */
  const pending = new Map<string, number>();
  let computed = 0;
  /** Answers kept with `snapshot` (R1), computed from the dossiers of `owners`; `generation` counts drops (R4). */
  let answers: { snapshot: CoverageSnapshot; owners: Set<string>; values: Map<string, unknown> } | null = null;
  let generation = 0;
  /** Dossier events built but not yet seen on the bus: when, and the owner they name (null: any). */
  const dossierPending = new Map<string, { since: number; ownerId: string | null }>();

  const dropAnswers = () => {
    generation++;
    answers = null;
  };
  const invalidate = () => {
    epoch++;
    cached = null;
    dropAnswers();
  };
  /** Does a dossier event naming `ownerId` (null: any owner) concern answers computed from `owners`? (R2) */
  const concerns = (ownerId: string | null, owners: ReadonlySet<string>) => ownerId === null || owners.has(ownerId);
  const dropIfConcerned = (ownerId: string | null) => {
    if (answers && concerns(ownerId, answers.owners)) dropAnswers();
    // R4 for answers being computed (their owners are not known here): none of them is kept.
    else generation++;
  };
  /** Dossier writes still in flight (those whose event never reached the bus expire, as `pending`). */
  const dossierWritesInFlight = (now: number) => {
    for (const [id, p] of dossierPending) if (now - p.since > PENDING_EXPIRY_MS) dossierPending.delete(id);
    return dossierPending.values();
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
      if (aboutNow && epoch === started && !hasPending(deps.clock.now())) {
        cached = { epoch, builtAt: now, snapshot };
        answers = null; // R1: answers of the snapshot this one replaces (expired, not invalidated) go with it
      }
      return snapshot;
    },
    async remember(snapshot, key, owners, compute) {
      const kept = cached?.epoch === epoch && cached.snapshot === snapshot;
      if (kept && answers?.snapshot === snapshot && answers.values.has(key)) return answers.values.get(key) as never;
      const started = generation;
      computed++;
      const value = await compute();
      // R1 still the epoch's snapshot; R4 nothing dropped meanwhile; R3 no write concerning these owners in flight.
      const ownerSet = new Set(owners);
      const keep =
        cached?.epoch === epoch &&
        cached.snapshot === snapshot &&
        generation === started &&
        ![...dossierWritesInFlight(deps.clock.now())].some((p) => concerns(p.ownerId, ownerSet));
      if (keep) {
        if (answers?.snapshot !== snapshot) answers = { snapshot, owners: new Set(), values: new Map() };
        for (const id of ownerSet) answers.owners.add(id);
        answers.values.set(key, value);
      }
      return value;
    },
    watch(outbox) {
      return {
        event(type, fields) {
          const event = outbox.event(type, fields);
          if (COVERAGE_EPOCH_EVENTS.has(type)) {
            pending.set(event.id, deps.clock.now());
            invalidate();
          }
          if (DOSSIER_COVERAGE_EVENTS.has(type)) {
            const ownerId = ownerNamedBy(type, fields.data);
            dossierPending.set(event.id, { since: deps.clock.now(), ownerId });
            dropIfConcerned(ownerId);
          }
          return event;
        },
        committed() {
          if (pending.size > 0) invalidate();
          for (const p of dossierWritesInFlight(deps.clock.now())) dropIfConcerned(p.ownerId);
          outbox.committed();
        }
      };
    },
    observe(event) {
      if (DOSSIER_COVERAGE_EVENTS.has(event.type)) {
        dossierPending.delete(event.id);
        dropIfConcerned(ownerNamedBy(event.type, event.data));
      }
      if (!COVERAGE_EPOCH_EVENTS.has(event.type)) return;
      pending.delete(event.id);
      invalidate();
    },
    invalidate,
    get builds() {
      return builds;
    },
    get computed() {
      return computed;
    }
  };
}
