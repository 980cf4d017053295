import type { NewEvent } from '../../kernel/events';
import type { User } from '../../kernel/types';
import type { Clock } from '../../ports/clock';
import type { ActivityStore, EventOutbox } from '../feed';
import type { CoverageGapStore, OpenCoverageGap } from './coverage-gap-store';
import type { CoverageEngine } from './create-coverage-service';

/** A dossier nobody can act for at some instant (rule C6), with its owner. */
export interface GapNow {
  dossierId: string;
  ownerId: string;
}

/** What changed between the stored open gaps and the gaps now, grouped as the events carry it. */
export interface GapChanges {
  opened: Array<{ ownerId: string; dossierIds: string[] }>;
  /** Grouped by owner and the openedAt of the gap they close (duration = closing time − openedAt). */
  closed: Array<{ ownerId: string; dossierIds: string[]; openedAt: number }>;
}

/**
 * Pure: gaps now vs the stored ones. A dossier in a gap now and not stored opens one; a stored one not in a gap
 * now closes; one whose owner changed while in a gap closes for the old owner and opens for the new one.
 */
export function gapChanges(now: readonly GapNow[], stored: readonly OpenCoverageGap[]): GapChanges {
  const storedById = new Map(stored.map((g) => [g.dossierId, g]));
  const nowById = new Map(now.map((g) => [g.dossierId, g]));
  const opened = new Map<string, string[]>();
  const closed = new Map<string, { ownerId: string; dossierIds: string[]; openedAt: number }>();
  for (const g of now) {
    if (storedById.get(g.dossierId)?.ownerId === g.ownerId) continue;
    opened.set(g.ownerId, [...(opened.get(g.ownerId) ?? []), g.dossierId]);
  }
  for (const g of stored) {
    if (nowById.get(g.dossierId)?.ownerId === g.ownerId) continue;
    const key = `${g.ownerId}\u0000${g.openedAt}`;
    const entry = closed.get(key) ?? { ownerId: g.ownerId, dossierIds: [], openedAt: g.openedAt };
    entry.dossierIds.push(g.dossierId);
    closed.set(key, entry);
  }
  const sorted = (ids: string[]) => [...ids].sort();
  return {
    opened: [...opened].map(([ownerId, ids]) => ({ ownerId, dossierIds: sorted(ids) })),
    closed: [...closed.values()].map((c) => ({ ...c, dossierIds: sorted(c.dossierIds) }))
  };
}

/**
 * coverage.gap_opened / coverage.gap_closed (issue #9: activity feed and KPIs), exactly once. The stored gap
 * state (CoverageGapStore) is the projection of these very events, written in their transaction, so comparing
 * the gaps now with it tells what is new — after a restart too.
 * - A change (absence recorded/updated/ended, start and end jobs, deputy change) asks `eventsFor` with the
 *   gaps of the state after it and writes the events with the change.
 * - Everything else (time edges without a change, hand-offs, offboarding, stand-in edits) is caught by the
 *   `sweep` job, which appends the difference through the activity store. It costs one scan of the dossiers
 *   of everyone away, so it runs only when the activity log grew or a coverage time edge passed since the
 *   last sweep.
 */
export interface CoverageGapTracker {
  /** `scope`: the dossiers `gapsNow` was computed over (stored gaps outside it are left alone); default all. */
  eventsFor(options: {
    gapsNow: readonly GapNow[];
    scope?: readonly string[];
    actorId: string | null;
  }): Promise<NewEvent[]>;
  /** Job: returns how many events it appended. */
  sweep(): Promise<number>;
}

export function createCoverageGapTracker(deps: {
  gaps: CoverageGapStore;
  coverage: Pick<CoverageEngine, 'gapsIn' | 'validUntil'>;
  activity: Pick<ActivityStore, 'append'>;
  /** The highest seq relayed so far (EventRelay.publishedSeq): the sweep's cheap "did anything happen". */
  lastSeq: () => number;
  people: { get(id: string): Promise<User | null> };
  events: EventOutbox;
  clock: Clock;
}): CoverageGapTracker {
  let lastSweep: { seq: number; validUntil: number } | null = null;

  async function eventsFor(
    gapsNow: readonly GapNow[],
    scope: readonly string[] | undefined,
    actorId: string | null
  ): Promise<NewEvent[]> {
    const inScope = scope ? new Set(scope) : null;
    const stored = (await deps.gaps.open('all')).filter((g) => !inScope || inScope.has(g.dossierId));
    const { opened, closed } = gapChanges(gapsNow, stored);
    if (opened.length === 0 && closed.length === 0) return [];
    const at = deps.clock.now();
    const teamOf = async (ownerId: string) => (await deps.people.get(ownerId))?.teamIds[0] ?? null;
    const fields = async (ownerId: string) => ({ actorId, teamId: await teamOf(ownerId), dossierId: null });
    const written: NewEvent[] = [];
    for (const c of closed)
      written.push(deps.events.event('coverage.gap_closed', { ...(await fields(c.ownerId)), data: c }));
    for (const o of opened)
      written.push(
        deps.events.event('coverage.gap_opened', { ...(await fields(o.ownerId)), data: { ...o, openedAt: at } })
      );
    return written;
  }

  return {
    eventsFor: ({ gapsNow, scope, actorId }) => eventsFor(gapsNow, scope, actorId),

    async sweep() {
      const now = deps.clock.now();
      const lastSeq = deps.lastSeq();
      if (lastSweep && lastSweep.seq === lastSeq && now < lastSweep.validUntil) return 0;
      const gapsNow = (await deps.coverage.gapsIn('all', now)).flatMap(({ dossierId, coverage }) =>
        coverage.kind === 'gap' ? [{ dossierId, ownerId: coverage.forUserId }] : []
      );
      const written = await eventsFor(gapsNow, undefined, null);
      const stored = written.length ? await deps.activity.append(written) : [];
      if (stored.length) deps.events.committed();
      lastSweep = { seq: stored.at(-1)?.seq ?? lastSeq, validUntil: await deps.coverage.validUntil(now) };
      return stored.length;
    }
  };
}
