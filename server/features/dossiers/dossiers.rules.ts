import { MAX_TAG_LENGTH, MAX_TAGS, STAGE_LADDER, stageMoveNeedsReason, type Stage } from '../../../src/lib/contract';
import type { Dossier, DossierPatch, DossierProjection } from '../../kernel/types';

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

/*
 * The lifecycle (issue #8; design.md → Public contract → Stages).
 *
 * L1 A manual move must go somewhere: moving to the current stage is 'invalid'.
 * L2 A manual move needs a non-empty reason when it is bad news or a correction: to `lost` or `dormant`, or
 *    backwards along the ladder lead → prospect → customer → key_account. Other moves (forward on the
 *    ladder, out of dormant/winback/lost, into winback) may leave the reason empty: the timeline still
 *    records who moved it when. The stage control always asks for a reason; the server enforces it only
 *    where the history would otherwise not say why something was given up.
 * L3 `key_account` requires a key-account manager on the dossier (PATCH it first); so a dossier cannot be
 *    created as a key account (creation sets no manager).
 * L4 Moves that follow from events (stageAfterEvent): an order makes any stage but customer/key_account/winback a
 *    customer (a first order, a dormant account reactivated; a win-back's trial order is one of its steps); going dormant (no order for
 *    the sweep's period) moves customer and key_account to dormant; a started win-back moves dormant and
 *    lost to winback; a won win-back moves winback to customer, a failed one winback to lost (issue #11).
 *    Anything else stays where it is (null).
 * L5 While a dossier is a key account its manager cannot be cleared (that would break L3 after the fact).
 *
 * P1 Tags are trimmed, empty ones dropped, duplicates ignoring case dropped (the first spelling wins), at
 *    most MAX_TAGS of at most MAX_TAG_LENGTH characters (the contract rejects longer input before this).
 * P2 keyAccountManagerId and every stand-in must be members of the dossier's team; the owner is no
 *    stand-in for themself; stand-ins are deduplicated in the order given.
 */
/** L2 lives in the contract (the stage control marks the reason required with it). */
export { STAGE_LADDER, stageMoveNeedsReason };

/** L1–L3: why a manual move is refused, or null when it is allowed. */
export function stageMoveProblem(options: {
  dossier: Pick<Dossier, 'stage' | 'keyAccountManagerId'>;
  to: Stage;
  reason: string | null;
}): string | null {
  const { dossier, to } = options;
  if (dossier.stage === to) return `the dossier is already in stage ${to}`;
  if (stageMoveNeedsReason({ from: dossier.stage, to }) && !options.reason?.trim()) {
    return `moving from ${dossier.stage} to ${to} needs a reason`;
  }
  if (to === 'key_account' && !dossier.keyAccountManagerId) {
    return 'a key account needs a key-account manager: set keyAccountManagerId first';
  }
  return null;
}

/** What happened to a dossier that may move its stage (L4). The interactions/tasks features report these. */
export type LifecycleEvent =
  | { type: 'order_placed' }
  | { type: 'went_dormant' }
  | { type: 'winback_started' }
  | { type: 'winback_won' }
  | { type: 'winback_failed' };

/** L4: the stage an event moves a dossier to, or null when it stays where it is. */
export function stageAfterEvent(options: { stage: Stage; event: LifecycleEvent }): Stage | null {
  const { stage, event } = options;
  switch (event.type) {
    // Issue #11: during a win-back the trial order is step 5 of the process, not its end: the win-back moves
    // the dossier back to customer when its step 6 is done (winback_won).
    case 'order_placed':
      return stage === 'customer' || stage === 'key_account' || stage === 'winback' ? null : 'customer';
    case 'went_dormant':
      return stage === 'customer' || stage === 'key_account' ? 'dormant' : null;
    case 'winback_started':
      return stage === 'dormant' || stage === 'lost' ? 'winback' : null;
    // Issue #11: a win-back's end moves a dossier still in winback (a colleague's manual move meanwhile wins).
    case 'winback_won':
      return stage === 'winback' ? 'customer' : null;
    case 'winback_failed':
      return stage === 'winback' ? 'lost' : null;
  }
}

/** P1: tags as stored. */
export function normaliseTags(tags: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of tags) {
    const tag = raw.trim().slice(0, MAX_TAG_LENGTH);
    const key = tag.toLocaleLowerCase('de');
    if (!tag || seen.has(key)) continue;
    seen.add(key);
    out.push(tag);
    if (out.length === MAX_TAGS) break;
  }
  return out;
}

/** P1, P2, L5: the patch as stored, or the reason it is refused. `isMember` answers for the dossier's team. */
export function normalisePatch(options: {
  dossier: Pick<Dossier, 'stage' | 'ownerId'>;
  patch: DossierPatch;
  isMember: (userId: string) => boolean;
}): { patch: DossierPatch } | { problem: string } {
  const { dossier, patch, isMember } = options;
  const out: DossierPatch = {};
  if (patch.tags !== undefined) out.tags = normaliseTags(patch.tags);
  if (patch.keyAccountManagerId !== undefined) {
    const manager = patch.keyAccountManagerId;
    if (manager === null && dossier.stage === 'key_account') {
      return { problem: 'a key account keeps its key-account manager: move it to another stage first' };
    }
    if (manager !== null && !isMember(manager)) {
      return { problem: 'the key-account manager must be a member of the dossier’s team' };
    }
    out.keyAccountManagerId = manager;
  }
  if (patch.standInIds !== undefined) {
    const standIns = [...new Set(patch.standInIds)];
    if (standIns.includes(dossier.ownerId)) return { problem: 'the owner cannot be their own stand-in' };
    const outsider = standIns.find((id) => !isMember(id));
    if (outsider) return { problem: 'every stand-in must be a member of the dossier’s team' };
    out.standInIds = standIns;
  }
  return { patch: out };
}
