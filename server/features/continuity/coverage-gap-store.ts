/** A dossier in a coverage gap (rule C6) as last recorded by a coverage.gap_opened event. */
export interface OpenCoverageGap {
  dossierId: string;
  ownerId: string;
  /** When its gap opened (the gap_opened event's `openedAt`). */
  openedAt: number;
}

/**
 * The persisted gap state (issue #9): which dossiers are in an open coverage gap, so gap_opened and gap_closed
 * are emitted exactly once — across restarts and whichever service or job notices the change. It is a
 * projection of the events themselves: the activity writer of each adapter applies every coverage.gap_opened
 * (rows in) and coverage.gap_closed (rows out) in the transaction that writes the event, so state and events
 * never disagree (a change that rolls back leaves neither).
 *
 * Rules (contract suite: tests/contract/coverage-gap-store.contract.ts):
 * - GS1 a gap_opened event, written by any change method or `ActivityStore.append`, records each of its
 *   dossiers with the event's ownerId and openedAt; recording an open dossier again replaces it.
 * - GS2 a gap_closed event removes its dossiers (unknown ones are ignored).
 * - GS3 `open` lists the open gaps of the given owners ('all': everyone's), ordered by dossier id.
 * - GS4 a change that fails writes no gap state (ActivityStore AS3).
 */
export interface CoverageGapStore {
  /** GS3 */
  open(ownerIds: readonly string[] | 'all'): Promise<OpenCoverageGap[]>;
}
