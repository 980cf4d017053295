import type { Dossier, DossierProjection } from '../../kernel/types';

/*
 * When a dossier counts as updated, and when the list hears about it.
 *
 * U1 Every projection stores updatedAt = now. The collab runtime projects after a durable batch of document
 *    updates, at most once per 300 ms per dossier, so any change — a note, a phone number, a condition, a
 *    contact's confirmation — moves the dossier in the "last updated" order.
 * U2 `dossier.updated` (and the `dossier:changed` push it becomes) is emitted when a listed value changed
 *    (company, street, postcode, city, industry, contact names), or when updatedAt enters a new
 *    UPDATED_ANNOUNCE_WINDOW_MS window. Someone typing a note for ten minutes thus announces about ten
 *    times, not 2,000 (every event is also a row in the activity log), and a list sorted by "updated" is
 *    at most one window behind for edits that change no listed value.
 */
export const UPDATED_ANNOUNCE_WINDOW_MS = 60_000;

/** U2, first half: a value the list shows or searches changed. */
export function listedValuesChanged(before: Dossier, projection: DossierProjection): boolean {
  return (
    before.company !== projection.company ||
    before.street !== projection.street ||
    before.postalCode !== projection.postalCode ||
    before.city !== projection.city ||
    before.industry !== projection.industry ||
    before.contactNames.length !== projection.contactNames.length ||
    before.contactNames.some((n, i) => n !== projection.contactNames[i])
  );
}

/** U2: whether storing `projection` at `updatedAt` over `before` is announced to lists. */
export function announcesUpdate(options: {
  before: Dossier;
  projection: DossierProjection;
  updatedAt: number;
}): boolean {
  const window = (t: number) => Math.floor(t / UPDATED_ANNOUNCE_WINDOW_MS);
  return (
    listedValuesChanged(options.before, options.projection) ||
    window(options.updatedAt) !== window(options.before.updatedAt)
  );
}
