import {
  OFFBOARDING_ITEM_KINDS,
  type OffboardingInput,
  type OffboardingItemDTO,
  type OffboardingItemKind,
  type Role
} from '../../../src/lib/contract';

/**
 * Offboarding (issue #9), pure: what a leaving colleague holds, and who takes each piece.
 *
 * OB1 items: every dossier they own, every stand-in and key-account role, every deputy role (people whose default
 *     deputy they are), every open callback/task ('task') and ticket assigned to them, every open hand-off to or
 *     from them, and every absence that hands to them; ordered by kind (OFFBOARDING_ITEM_KINDS), label, id.
 * OB2 an eligible target is active, not the leaving user, not a viewer, not excluded for the item (the dossier's
 *     owner for a stand-in role, the person for a deputy role, the other side of a hand-off, the absent person for
 *     a hand-to), and a member of the item's team when it has one (dossier, stand-in, key account, task, ticket).
 * OB3 an explicit assignment overrides the rule for its item; one with an ineligible target is invalid (reported
 *     with the reason, nothing planned); one for an item no longer held is ignored (a retry after a partial run).
 * OB4 rule 'deputy': the leaving user's default deputy when eligible for the item, else unassigned.
 * OB5 rule 'round_robin': over the active reps of the item's team (items without a team: the leaving user's teams)
 *     eligible for the item, ordered by name then id; one turn counter per pool, advanced in item order.
 * OB6 anything unassigned → no plan, the list of what is left; otherwise a plan with one target per item.
 * OB7 `suggestedToId` of every item is what OB4 gives.
 */

export interface OffboardingPerson {
  id: string;
  name: string;
  role: Role;
  teamIds: readonly string[];
  active: boolean;
  deputyId: string | null;
}

/** What the service gathers about the leaving user (from each feature's store, through its service). */
export interface Holdings {
  /** Dossiers that reference the user as owner, stand-in or key-account manager. */
  dossiers: ReadonlyArray<{
    id: string;
    company: string;
    teamId: string;
    ownerId: string;
    standInIds: readonly string[];
    keyAccountManagerId: string | null;
  }>;
  /** People whose default deputy the user is. */
  deputyOf: ReadonlyArray<{ id: string; name: string }>;
  /** Open callbacks, tasks and tickets assigned to the user. */
  tasks: ReadonlyArray<{
    id: string;
    kind: 'callback' | 'task' | 'ticket';
    title: string;
    dossierId: string;
    dossierCompany: string;
    teamId: string;
  }>;
  /** Open hand-offs from or to the user. */
  handoffs: ReadonlyArray<{ id: string; dossierId: string; company: string; fromUserId: string; toUserId: string }>;
  /** Absences (current or upcoming) whose hand-to is the user. */
  handTos: ReadonlyArray<{ id: string; userId: string; userName: string }>;
}

/** An item with what OB2 needs to check a target. */
export interface HeldItem extends OffboardingItemDTO {
  teamId: string | null;
  excludeIds: readonly string[];
}

export type OffboardingRule = NonNullable<OffboardingInput['rule']>;
export type Assignment = { kind: OffboardingItemKind; id: string; toUserId: string };
export type InvalidAssignment = Assignment & { reason: string };

export type OffboardingPlan =
  | { ok: true; plan: Array<{ item: HeldItem; toUserId: string }>; ignored: Assignment[] }
  | { ok: false; unassigned: HeldItem[]; invalid: InvalidAssignment[] };

const KIND_ORDER = new Map(OFFBOARDING_ITEM_KINDS.map((k, i) => [k, i]));
const keyOf = (kind: OffboardingItemKind, id: string) => `${kind}\u0000${id}`;

/** OB1 (suggestions filled by `withSuggestions`). */
export function offboardingItems(userId: string, holdings: Holdings): HeldItem[] {
  const items: HeldItem[] = [];
  const add = (item: Omit<HeldItem, 'suggestedToId'>) => items.push({ ...item, suggestedToId: null });
  for (const d of holdings.dossiers) {
    const base = { id: d.id, label: d.company, dossierId: d.id, teamId: d.teamId };
    if (d.ownerId === userId) add({ ...base, kind: 'dossier', excludeIds: [] });
    if (d.standInIds.includes(userId)) add({ ...base, kind: 'stand_in', excludeIds: [d.ownerId, ...d.standInIds] });
    if (d.keyAccountManagerId === userId) add({ ...base, kind: 'key_account', excludeIds: [] });
  }
  for (const p of holdings.deputyOf) {
    add({ kind: 'deputy', id: p.id, label: p.name, dossierId: null, teamId: null, excludeIds: [p.id] });
  }
  for (const t of holdings.tasks) {
    add({
      kind: t.kind === 'ticket' ? 'ticket' : 'task',
      id: t.id,
      label: `${t.title} · ${t.dossierCompany}`,
      dossierId: t.dossierId,
      teamId: t.teamId,
      excludeIds: []
    });
  }
  for (const h of holdings.handoffs) {
    const other = h.fromUserId === userId ? h.toUserId : h.fromUserId;
    add({ kind: 'handoff', id: h.id, label: h.company, dossierId: h.dossierId, teamId: null, excludeIds: [other] });
  }
  for (const a of holdings.handTos) {
    add({
      kind: 'absence_hand_to',
      id: a.id,
      label: a.userName,
      dossierId: null,
      teamId: null,
      excludeIds: [a.userId]
    });
  }
  return items.sort(
    (a, b) =>
      KIND_ORDER.get(a.kind)! - KIND_ORDER.get(b.kind)! ||
      a.label.localeCompare(b.label) ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

/** OB2: why `target` may not take `item`, or null when it may. */
export function ineligibility(item: HeldItem, target: OffboardingPerson | undefined, leavingId: string): string | null {
  if (!target) return 'unknown user';
  if (target.id === leavingId) return 'the leaving user';
  if (!target.active) return 'deactivated';
  if (target.role === 'viewer') return 'a viewer cannot hold work';
  if (item.excludeIds.includes(target.id)) return 'already involved in this item';
  if (item.teamId !== null && !target.teamIds.includes(item.teamId)) return 'not a member of the team';
  return null;
}

/** OB4 */
function byDeputy(item: HeldItem, leaving: OffboardingPerson, people: Map<string, OffboardingPerson>): string | null {
  if (!leaving.deputyId) return null;
  return ineligibility(item, people.get(leaving.deputyId), leaving.id) === null ? leaving.deputyId : null;
}

/** OB5: a picker keeping one turn counter per pool (a team, or the leaving user's teams). */
function roundRobin(leaving: OffboardingPerson, people: readonly OffboardingPerson[]) {
  const turns = new Map<string, number>();
  const reps = people
    .filter((p) => p.role === 'rep' && p.active && p.id !== leaving.id)
    .sort((a, b) => a.name.localeCompare(b.name) || (a.id < b.id ? -1 : 1));
  return (item: HeldItem): string | null => {
    const pool = item.teamId ?? `*${leaving.teamIds.join(',')}`;
    const teams = item.teamId ? [item.teamId] : leaving.teamIds;
    const candidates = reps.filter((p) => p.teamIds.some((t) => teams.includes(t)));
    const start = turns.get(pool) ?? 0;
    for (let i = 0; i < candidates.length; i++) {
      const pick = candidates[(start + i) % candidates.length];
      if (ineligibility(item, pick, leaving.id) === null) {
        turns.set(pool, start + i + 1);
        return pick.id;
      }
    }
    return null;
  };
}

/** OB7 */
export function withSuggestions(
  items: readonly HeldItem[],
  leaving: OffboardingPerson,
  people: readonly OffboardingPerson[]
): HeldItem[] {
  const byId = new Map(people.map((p) => [p.id, p]));
  return items.map((item) => ({ ...item, suggestedToId: byDeputy(item, leaving, byId) }));
}

/** OB3–OB6 */
export function planOffboarding(options: {
  leaving: OffboardingPerson;
  items: readonly HeldItem[];
  people: readonly OffboardingPerson[];
  rule?: OffboardingRule;
  assignments?: readonly Assignment[];
}): OffboardingPlan {
  const { leaving, items } = options;
  const byId = new Map(options.people.map((p) => [p.id, p]));
  const held = new Map(items.map((i) => [keyOf(i.kind, i.id), i]));
  const explicit = new Map<string, string>();
  const invalid: InvalidAssignment[] = [];
  const ignored: Assignment[] = [];
  for (const a of options.assignments ?? []) {
    const item = held.get(keyOf(a.kind, a.id));
    if (!item) {
      ignored.push(a);
      continue;
    }
    const reason = ineligibility(item, byId.get(a.toUserId), leaving.id);
    if (reason) invalid.push({ ...a, reason });
    else explicit.set(keyOf(a.kind, a.id), a.toUserId);
  }
  const next = roundRobin(leaving, options.people);
  const plan: Array<{ item: HeldItem; toUserId: string }> = [];
  const unassigned: HeldItem[] = [];
  for (const item of items) {
    const chosen =
      explicit.get(keyOf(item.kind, item.id)) ??
      (options.rule === 'deputy' ? byDeputy(item, leaving, byId) : null) ??
      (options.rule === 'round_robin' ? next(item) : null);
    if (chosen) plan.push({ item, toUserId: chosen });
    else unassigned.push(item);
  }
  if (invalid.length || unassigned.length) return { ok: false, unassigned, invalid };
  return { ok: true, plan, ignored };
}

/** The wire form of an item (no internal eligibility data). */
export const toItemDTO = ({ kind, id, label, dossierId, suggestedToId, teamId }: HeldItem) => ({
  kind,
  id,
  label,
  dossierId,
  suggestedToId,
  teamId
});
