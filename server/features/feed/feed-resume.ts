import type { FeedResumeResult } from '../../../src/lib/contract';
import { FEED_EVENT_TYPES, isFeedEvent, mayReceive, toFeedEventDTO } from '../../kernel/events';
import { visibleTeams } from '../../kernel/permissions';
import type { User } from '../../kernel/types';
import type { ActivityStore } from './activity-store';

/**
 * A reconnecting client sends the last seq it saw; it gets the events it missed and may see, in order, once.
 * Past 1000 events a refetch of the screen is cheaper than replaying them (a list page is one query).
 */
export const MAX_REPLAY = 1_000;

export interface FeedResume {
  resume(user: User, options: { afterSeq?: number }): Promise<FeedResumeResult>;
}

/**
 * Answers feed:resume from the activity log, up to what the relay has published: later events reach the
 * client as pushes (it joined its rooms before asking), so none arrives twice from the server's side.
 * Reset when the gap cannot be replayed: events after afterSeq were deleted by retention, the gap holds more
 * than `maxReplay` events for this user, or afterSeq was never issued by this store (a restored backup).
 */
export function createFeedResume(deps: {
  activity: ActivityStore;
  publishedSeq: () => number;
  maxReplay?: number;
  /**
   * Issue #9: the dossiers a user follows through coverage (a stand-in covering another team's dossiers), whose
   * events they receive beside their teams' (kernel/events.ts mayReceive `follows`). Typed here to avoid a cycle.
   */
  followedBy?: (userId: string) => Promise<Array<{ dossierId: string; teamId: string }>>;
}): FeedResume {
  const maxReplay = deps.maxReplay ?? MAX_REPLAY;
  return {
    async resume(user, { afterSeq }) {
      const head = deps.publishedSeq();
      if (afterSeq === undefined) return { events: [], lastSeq: head };
      const reset: FeedResumeResult = { events: [], reset: true, lastSeq: head };
      const { oldestSeq, lastSeq } = await deps.activity.bounds();
      if (afterSeq > lastSeq) return reset;
      if (afterSeq >= head) return { events: [], lastSeq: afterSeq };
      // Seqs are gap-free (AS1): anything between afterSeq and the oldest retained seq existed and is gone.
      if (oldestSeq === null ? afterSeq < lastSeq : afterSeq < oldestSeq - 1) return reset;
      const teams = visibleTeams(user);
      const rows = await deps.activity.listSince({
        afterSeq,
        teamIds: teams,
        types: FEED_EVENT_TYPES,
        limit: maxReplay + 1
      });
      // Covered dossiers of other teams: their teams' events, kept only for those dossiers.
      const followed = deps.followedBy && teams !== 'all' ? await deps.followedBy(user.id) : [];
      const outside = followed.filter((f) => !teams.includes(f.teamId));
      const follows = new Set(outside.map((f) => f.dossierId));
      if (outside.length) {
        const more = await deps.activity.listSince({
          afterSeq,
          teamIds: [...new Set(outside.map((f) => f.teamId))],
          types: FEED_EVENT_TYPES,
          limit: maxReplay + 1
        });
        if (more.length > maxReplay) return reset;
        const seen = new Set(rows.map((e) => e.seq));
        rows.push(...more.filter((e) => e.dossierId !== null && follows.has(e.dossierId) && !seen.has(e.seq)));
        rows.sort((a, b) => a.seq - b.seq);
      }
      const upToHead = rows.filter((e) => e.seq <= head);
      if (upToHead.length > maxReplay) return reset;
      const events = upToHead
        .filter((e) => mayReceive(user, e, { follows: e.dossierId !== null && follows.has(e.dossierId) }))
        .filter(isFeedEvent)
        .map(toFeedEventDTO);
      return { events, lastSeq: head };
    }
  };
}
