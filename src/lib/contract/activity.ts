import { z } from 'zod';
import { POINTS_OF_SALE, type PointOfSale } from './timeline';

/**
 * Issue #10 activity feed: `GET /api/activity` and `feed:subscribe` / `feed:event`. Items are built on the
 * server from stored events (one place: server/features/feed/activity-item.ts) and coalesced
 * (activity-coalesce.ts); the client renders them by `type` and never sees raw event payloads.
 */

/** Every event type the feed renders, by group (the type filter of the page and of GET /api/activity). */
export const ACTIVITY_TYPE_GROUPS = {
  edits: ['dossier.created', 'dossier.updated', 'dossier.version_recorded', 'dossier.restored', 'dossier.tags_changed'],
  stages: [
    'dossier.stage_changed',
    'dossier.owner_changed',
    'winback.started',
    'winback.step_completed',
    'winback.ended'
  ],
  interactions: ['interaction.logged', 'interaction.corrected', 'intake.lead_received'],
  tasks: ['task.created', 'task.changed', 'task.completed', 'task.escalated', 'task.overdue'],
  continuity: [
    'absence.recorded',
    'absence.updated',
    'absence.started',
    'absence.ended',
    'deputy.changed',
    'handoff.created',
    'handoff.picked_up',
    'handoff.returned',
    'handoff.escalated',
    'handoff.cancelled',
    'coverage.gap_opened',
    'coverage.gap_closed',
    'user.deactivated'
  ]
} as const;
export type ActivityTypeGroup = keyof typeof ACTIVITY_TYPE_GROUPS;
export const ACTIVITY_TYPE_GROUP_NAMES = Object.keys(ACTIVITY_TYPE_GROUPS) as ActivityTypeGroup[];
export type ActivityType = (typeof ACTIVITY_TYPE_GROUPS)[ActivityTypeGroup][number];
export const ACTIVITY_TYPES: readonly ActivityType[] = Object.values(ACTIVITY_TYPE_GROUPS).flat();
/** The edits that coalesce: one person's saves and versions of one dossier within FEED_COALESCE_MINUTES. */
export const COALESCING_TYPES: readonly string[] = ['dossier.updated', 'dossier.version_recorded'];

/** A `type=` filter value: a group name or an event type. */
const typeFilter = z.enum([...ACTIVITY_TYPE_GROUP_NAMES, ...ACTIVITY_TYPES] as [string, ...string[]]);
const id = z.string().min(1).max(200);

/** The filters REST and feed:subscribe share (all optional; several types comma-separated in the URL). */
export const ActivityFilter = z
  .object({
    team: id.optional(),
    user: id.optional(),
    dossier: id.optional(),
    type: z.array(typeFilter).max(40).optional(),
    pointOfSale: z.enum(POINTS_OF_SALE).optional()
  })
  .strict();
export type ActivityFilter = z.infer<typeof ActivityFilter>;

const seq = z.coerce.number().int().min(0);
/** GET /api/activity query. `type` may repeat or be comma-separated. */
export const ActivityQuery = z
  .object({
    afterSeq: seq.optional(),
    beforeSeq: seq.optional(),
    team: id.optional(),
    user: id.optional(),
    dossier: id.optional(),
    type: z
      .union([z.string(), z.array(z.string())])
      .transform((v) => (Array.isArray(v) ? v : [v]).flatMap((s) => s.split(',')).filter(Boolean))
      .pipe(z.array(typeFilter).max(40))
      .optional(),
    pointOfSale: z.enum(POINTS_OF_SALE).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50)
  })
  .strict();
export type ActivityQuery = z.infer<typeof ActivityQuery>;

/** `feed:subscribe`: the backlog after afterSeq (or the latest page), then `feed:event` pushes matching `filter`. */
export const FeedSubscribeInput = z
  .object({ afterSeq: z.number().int().min(0).optional(), filter: ActivityFilter.optional() })
  .strict();
export type FeedSubscribeInput = z.infer<typeof FeedSubscribeInput>;

/** Simple values only: items are rendered by type from these (names already resolved). */
export type ActivityParam = string | number | boolean | null;

/** One row of the activity feed. Several coalesced edits are one item (`count` > 1, `fields` merged). */
export interface ActivityItemDTO {
  /**
   * Stable identity of the row: `e:<seq>` for a single event, `edit:<actorId>:<dossierId>:<firstSeq>` for an
   * edit group. A push with a key the client already shows replaces that row.
   */
  key: string;
  /** Newest seq in the item (order and dedupe); `firstSeq` the oldest. */
  seq: number;
  firstSeq: number;
  /** Events merged into it (1 when not coalesced). */
  count: number;
  type: ActivityType | string;
  /** Newest and oldest event times (ISO). */
  at: string;
  firstAt: string;
  actorId: string | null;
  actorName: string | null;
  onBehalfOfId: string | null;
  onBehalfOfName: string | null;
  teamId: string | null;
  teamName: string | null;
  dossierId: string | null;
  dossierName: string | null;
  pointOfSale: PointOfSale | null;
  /** The dossier version at that moment (click-through to history), where the event has one. */
  versionId: string | null;
  /** Edits: the document keys changed (FIELD_KEYS, 'contacts', 'notes'), in first-seen order. */
  fields: string[];
  /** Kind-specific values (names resolved): see server/features/feed/activity-item.ts for each type. */
  params: Record<string, ActivityParam>;
}

export interface ActivityPage {
  /** Newest first. */
  items: ActivityItemDTO[];
  /** The beforeSeq of the next (older) page; null when there is none. */
  nextCursor: string | null;
}

/** Ack of feed:subscribe: the backlog (newest first) and where live pushes continue. */
export interface FeedSubscribeResult {
  items: ActivityItemDTO[];
  /** More backlog than fits (after afterSeq): the client should treat its list as stale and reload. */
  reset?: true;
  lastSeq: number;
  nextCursor: string | null;
  /** FEED_COALESCE_MINUTES in ms: the window the client merges arriving edits with (activity-coalesce.ts). */
  coalesceMs?: number;
}

/** Push `feed:event`: a new or grown item for this socket's subscription. */
export interface FeedEventPush {
  item: ActivityItemDTO;
}
