import type { NewEvent } from '../../kernel/events';
import type { User } from '../../kernel/types';
import type { EventOutbox } from '../feed';
import type { CoverageGapTracker } from './coverage-gaps';
import type { CoverageEngine, CoverageOverlay } from './create-coverage-service';

/** Says what a coverage change does, as events written with the change. */
export type CoverageChangeEvents = (options: {
  actorId: string | null;
  person: User;
  at: number;
  overlays: { before?: CoverageOverlay; after?: CoverageOverlay };
  cause: string;
  extraUserIds?: Array<string | null>;
}) => Promise<NewEvent[]>;

/**
 * The events of a change to someone's coverage (an absence starting, ending or moving, a deputy change):
 * coverage.changed naming everyone whose desk or access moves (none when nobody's cases move), and the
 * coverage.gap_opened / gap_closed the state after the change brings (CoverageGapTracker, exactly once).
 */
export function createCoverageChangeEvents(deps: {
  coverage: Pick<CoverageEngine, 'impact'>;
  gaps?: Pick<CoverageGapTracker, 'eventsFor'>;
  events: EventOutbox;
}): CoverageChangeEvents {
  return async ({ actorId, person, at, overlays, cause, extraUserIds = [] }) => {
    const impact = await deps.coverage.impact({ userId: person.id, at, ...overlays });
    const gapEvents = deps.gaps
      ? await deps.gaps.eventsFor({ gapsNow: impact.gaps, scope: impact.scanned, actorId })
      : [];
    const userIds = [...new Set([...impact.userIds, ...extraUserIds.filter((id): id is string => !!id)])];
    if (impact.dossierIds.length === 0 && userIds.length <= 1) return gapEvents;
    const changed = deps.events.event('coverage.changed', {
      actorId,
      teamId: person.teamIds[0] ?? null,
      dossierId: null,
      data: { userIds, dossierIds: impact.dossierIds, cause }
    });
    return [changed, ...gapEvents];
  };
}
