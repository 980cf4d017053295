import type { ActivityItemDTO, ActivityParam, PointOfSale } from '../../../src/lib/contract';
import { editKey, isCoalescing } from '../../../src/lib/contract';
import type { StoredEvent } from '../../kernel/events';

/**
 * The one place a stored event becomes a feed row (issue #10). Pure: names come in resolved. Payloads are read
 * field by field (not through the typed map), so a row survives an event written by an older version.
 */

/** An event as the feed reads it: any type, the payload read field by field. */
export type FeedSourceEvent = Omit<StoredEvent, 'type' | 'data'> & { type: string; data: unknown };

export interface ActivityNames {
  people: ReadonlyMap<string, string>;
  dossiers: ReadonlyMap<string, string>;
  teams: ReadonlyMap<string, string>;
}

type Loose = Record<string, unknown>;
const obj = (v: unknown): Loose => (v && typeof v === 'object' ? (v as Loose) : {});
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);
/** Summaries and notes are cut: the feed is a glance, the dossier has the whole text. */
const cut = (v: unknown, max = 140): string | null => {
  const s = str(v);
  return s === null ? null : s.length > max ? `${s.slice(0, max - 1)}…` : s;
};

/** The people an event names beside its actor (their names are looked up with the actor's). */
export function peopleOf(event: FeedSourceEvent): string[] {
  const d = obj(event.data);
  const ids: unknown[] = [event.actorId, event.onBehalfOfId];
  switch (event.type) {
    case 'dossier.owner_changed':
      ids.push(d.fromUserId, d.toUserId);
      break;
    case 'deputy.changed':
      ids.push(d.userId, d.deputyId);
      break;
    case 'coverage.gap_opened':
    case 'coverage.gap_closed':
      ids.push(d.ownerId);
      break;
    case 'intake.lead_received':
      ids.push(d.assigneeId);
      break;
    default:
      if (event.type.startsWith('task.')) ids.push(obj(d.task).assigneeId);
  }
  return [...new Set(ids.filter((id): id is string => typeof id === 'string'))];
}

/** The dossier name an event carries itself (a list row, a task, a hand-off), so most need no lookup. */
export function dossierNameIn(event: FeedSourceEvent): string | null {
  const d = obj(event.data);
  return str(obj(d.dossier).company) ?? str(obj(d.task).dossierCompany) ?? str(obj(d.handoff).dossierCompany);
}

/** Kind-specific values, names resolved (the UI phrases them per type). */
function paramsOf(event: FeedSourceEvent, name: (id: unknown) => string | null): Record<string, ActivityParam> {
  const d = obj(event.data);
  const t = event.type;
  if (t === 'dossier.stage_changed') return { from: str(d.from), to: str(d.to), reason: cut(d.reason) };
  if (t === 'dossier.owner_changed') {
    return { fromName: name(d.fromUserId), toName: name(d.toUserId), reason: cut(d.reason) };
  }
  if (t === 'dossier.restored') return { restoredFromAt: str(d.restoredFromAt) };
  if (t === 'interaction.logged' || t === 'interaction.corrected') {
    const item = obj(d.item);
    return {
      interactionType: str(item.type),
      direction: str(item.direction),
      contactName: str(item.contactName),
      amount: num(item.amount),
      summary: cut(item.summary)
    };
  }
  if (t === 'intake.lead_received') {
    return {
      source: str(d.source),
      campaign: str(d.campaign),
      duplicate: d.duplicate === true,
      assigneeName: name(d.assigneeId)
    };
  }
  if (t.startsWith('task.')) {
    const task = obj(d.task);
    return {
      taskKind: str(task.kind),
      title: cut(task.title),
      dueAt: str(task.dueAt),
      assigneeName: str(task.assigneeName) ?? name(task.assigneeId),
      outcome: cut(d.outcome)
    };
  }
  if (t.startsWith('absence.')) {
    const absence = obj(d.absence);
    return {
      userName: str(absence.userName),
      absenceKind: str(absence.kind),
      from: str(absence.from),
      to: str(absence.to),
      handToName: str(absence.handToName),
      early: d.early === true
    };
  }
  if (t === 'deputy.changed') return { userName: name(d.userId), deputyName: name(d.deputyId) };
  if (t.startsWith('handoff.')) {
    const handoff = obj(d.handoff);
    return {
      fromName: str(handoff.fromName),
      toName: str(handoff.toName),
      handoffKind: str(handoff.kind),
      until: str(handoff.until),
      reason: cut(d.reason)
    };
  }
  if (t === 'coverage.gap_opened' || t === 'coverage.gap_closed') {
    return {
      ownerName: name(d.ownerId),
      dossierCount: Array.isArray(d.dossierIds) ? d.dossierIds.length : null,
      // The gap events carry openedAt as epoch ms (CoverageGapEventData).
      openedAt: typeof d.openedAt === 'number' ? new Date(d.openedAt).toISOString() : str(d.openedAt)
    };
  }
  if (t === 'dossier.tags_changed') {
    const list = (v: unknown) =>
      Array.isArray(v) && v.length ? v.filter((x) => typeof x === 'string').join(', ') : null;
    return { added: list(d.added), removed: list(d.removed) };
  }
  if (t.startsWith('winback.')) return { step: num(d.step), status: str(d.status), reason: cut(d.reason) };
  if (t === 'user.deactivated') return { userName: str(d.userName) };
  return {};
}

/** Where the event has one: the version at that moment, and the point of sale of an interaction. */
function versionOf(event: FeedSourceEvent): string | null {
  const d = obj(event.data);
  if (event.type === 'dossier.version_recorded') return str(obj(d.version).id);
  if (event.type === 'dossier.restored') return str(d.versionId);
  return null;
}

const POINT_OF_SALE = (event: FeedSourceEvent): PointOfSale | null =>
  str(obj(obj(event.data).item).pointOfSale) as PointOfSale | null;

/** A single event as a feed item (coalescing merges edit items afterwards: activity-coalesce.ts). */
export function toActivityItem(event: FeedSourceEvent, names: ActivityNames): ActivityItemDTO {
  const name = (id: unknown) => (typeof id === 'string' ? (names.people.get(id) ?? null) : null);
  const at = new Date(event.at).toISOString();
  const changed = obj(event.data).changedKeys;
  const item: ActivityItemDTO = {
    key: `e:${event.seq}`,
    seq: event.seq,
    firstSeq: event.seq,
    count: 1,
    type: event.type,
    at,
    firstAt: at,
    actorId: event.actorId,
    actorName: name(event.actorId),
    onBehalfOfId: event.onBehalfOfId,
    onBehalfOfName: name(event.onBehalfOfId),
    teamId: event.teamId,
    teamName: event.teamId ? (names.teams.get(event.teamId) ?? null) : null,
    dossierId: event.dossierId,
    dossierName: (event.dossierId ? names.dossiers.get(event.dossierId) : undefined) ?? dossierNameIn(event),
    pointOfSale: POINT_OF_SALE(event),
    versionId: versionOf(event),
    fields: Array.isArray(changed) ? changed.filter((k): k is string => typeof k === 'string') : [],
    params: paramsOf(event, name)
  };
  // CO3: an edit starts a group keyed by its own seq; later edits of the group keep that key.
  if (isCoalescing(item)) item.key = editKey(item.actorId!, item.dossierId!, item.seq);
  return item;
}
