import { COALESCING_TYPES, type ActivityItemDTO } from './activity';

/**
 * Edits coalesce (issue #10): one person's saves and versions of one dossier, each within `windowMs`
 * (FEED_COALESCE_MINUTES) of the next, are one feed item listing every field they changed — "Anna edited
 * agreed conditions and notes in Müller GmbH" instead of a row per checkpoint. Pure and shared: the server
 * coalesces REST pages, backlogs and live pushes with it, and the browser merges arriving items with it.
 *
 * - CO1 only edit items (COALESCING_TYPES) with an actor and a dossier coalesce; everything else stays one
 *   item per event.
 * - CO2 two edit items merge when actor and dossier match and the newer one began at most `windowMs` after
 *   the older one ended (a sliding window: a long session of pauses shorter than the window is one item).
 * - CO3 a group's key is the edit key of its oldest event, so a group grown live and the same group read
 *   from a page have the same key, and a push replaces the row instead of adding one.
 * - CO4 merged: newest seq/at/versionId, oldest firstSeq/firstAt, count summed, fields in first-seen order
 *   (older first), type version_recorded when either part is one.
 */
export function isCoalescing(item: ActivityItemDTO): boolean {
  return COALESCING_TYPES.includes(item.type) && item.actorId !== null && item.dossierId !== null;
}

/** CO3 the key of an edit group starting at `firstSeq` (single events: `e:<seq>`). */
export function editKey(actorId: string, dossierId: string, firstSeq: number): string {
  return `edit:${actorId}:${dossierId}:${firstSeq}`;
}

/** CO2 may `newer` (later in the log) join the group `older`? */
export function canMerge(newer: ActivityItemDTO, older: ActivityItemDTO, windowMs: number): boolean {
  if (windowMs <= 0 || !isCoalescing(newer) || !isCoalescing(older)) return false;
  if (newer.actorId !== older.actorId || newer.dossierId !== older.dossierId) return false;
  if (newer.firstSeq <= older.seq) return false;
  const gap = Date.parse(newer.firstAt) - Date.parse(older.at);
  return gap >= 0 && gap <= windowMs;
}

/** CO4 one item out of two that canMerge. */
export function mergeItems(newer: ActivityItemDTO, older: ActivityItemDTO): ActivityItemDTO {
  const type =
    newer.type === 'dossier.version_recorded' || older.type === 'dossier.version_recorded'
      ? 'dossier.version_recorded'
      : newer.type;
  return {
    ...newer,
    key: older.key,
    type,
    firstSeq: older.firstSeq,
    firstAt: older.firstAt,
    count: newer.count + older.count,
    versionId: newer.versionId ?? older.versionId,
    dossierName: newer.dossierName ?? older.dossierName,
    fields: [...new Set([...older.fields, ...newer.fields])]
  };
}

/** CO1–CO4 over a page, newest first (as GET /api/activity lists): coalesced, still newest first. */
export function coalesceItems(items: readonly ActivityItemDTO[], windowMs: number): ActivityItemDTO[] {
  const out: ActivityItemDTO[] = [];
  /** The oldest open group of each actor+dossier, by index into `out`. */
  const open = new Map<string, number>();
  for (const item of items) {
    if (!isCoalescing(item)) {
      out.push(item);
      continue;
    }
    const who = `${item.actorId} ${item.dossierId}`;
    const at = open.get(who);
    if (at !== undefined && canMerge(out[at]!, item, windowMs)) {
      out[at] = mergeItems(out[at]!, item);
    } else {
      out.push(item);
      open.set(who, out.length - 1);
    }
  }
  return out;
}

/**
 * Puts an arriving item into a list shown newest first (the browser's live list): a row with its key is
 * replaced; an edit that continues the newest group of the same person and dossier merges into it (a
 * backlog after a reconnect, whose groups start later than the rows shown); otherwise it is inserted by seq.
 * An item whose seq is already covered by the row with its key (a duplicate) changes nothing. (`count` of a
 * row grown from overlapping groups may over-count; the UI does not show it as exact.)
 */
export function placeItem(
  list: readonly ActivityItemDTO[],
  item: ActivityItemDTO,
  windowMs: number
): ActivityItemDTO[] {
  const same = list.findIndex((row) => row.key === item.key);
  if (same >= 0) {
    if (list[same]!.seq >= item.seq) return list as ActivityItemDTO[];
    const rest = list.filter((_, i) => i !== same);
    return insertBySeq(rest, item);
  }
  if (isCoalescing(item)) {
    const group = list.findIndex(
      (row) => row.actorId === item.actorId && row.dossierId === item.dossierId && isCoalescing(row)
    );
    const row = group >= 0 ? list[group]! : null;
    // Already inside the group shown (a replayed edit after a reconnect): nothing new.
    if (row && row.firstSeq <= item.firstSeq && item.seq <= row.seq) return list as ActivityItemDTO[];
    // A group that began inside the row and runs past it (the server's live group started later than the page
    // the row came from, e.g. after a restart) extends the row too.
    const overlaps = row !== null && item.firstSeq >= row.firstSeq && item.firstSeq <= row.seq;
    if (row && (overlaps || canMerge(item, row, windowMs))) {
      return insertBySeq(
        list.filter((_, i) => i !== group),
        mergeItems(item, row)
      );
    }
  }
  return insertBySeq(list, item);
}

function insertBySeq(list: readonly ActivityItemDTO[], item: ActivityItemDTO): ActivityItemDTO[] {
  const at = list.findIndex((row) => row.seq < item.seq);
  return at < 0 ? [...list, item] : [...list.slice(0, at), item, ...list.slice(at)];
}
