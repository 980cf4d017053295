import type { StalledLeadReason, WhereaboutsChangeReason } from '../../../src/lib/contract';
import { DomainError } from '../../kernel/domain-error';
import type { EventType } from '../../kernel/events';
import type { User } from '../../kernel/types';

/**
 * Pure rules of the "who is where" board (issue #10). Rule ids are used by tests/unit/whereabouts-rules.test.ts.
 *
 * - W1  Scope: an admin watches every team (or the one named); everyone else watches their own teams, or one of
 *       them by name. Naming another team is `forbidden` (403 / error ack) — no stalled work of other teams leaks.
 * - W2  A lead waits for its first call while its callback is open on a dossier still in stage `lead`; it is
 *       STALLED when the callback is overdue (dueAt <= now) or nobody can act on it now: its acting assignee is
 *       unavailable and the coverage service names nobody for its dossier (a gap). Who acts now (`holderOf`) is
 *       the coverage service's answer, never worked out here. It is listed under leads only.
 * - W3  An overdue callback: any other open callback with dueAt <= now.
 * - W4  A ticket past due: an open (or in-progress) ticket with dueAt <= now.
 * - W5  An unacknowledged hand-off: status `pending` (not picked up), oldest first, however young — the board
 *       shows its age and whether it has been escalated already.
 * - W6  Every list is ordered oldest first (dueAt / createdAt, then id) so the most urgent is on top.
 */

/** W1: the teams a board of `actor` covers; 'all' for an admin who named none. */
export function boardScope(actor: Pick<User, 'role' | 'teamIds'>, team: string | undefined): string[] | 'all' {
  if (actor.role === 'admin') return team ? [team] : 'all';
  if (!team) return [...actor.teamIds];
  if (!actor.teamIds.includes(team)) {
    throw new DomainError('forbidden', 'You can only see who is where in your own teams.');
  }
  return [team];
}

/** A task as the rules need it (ms times). */
export interface StalledTaskInput {
  id: string;
  dossierId: string;
  kind: 'callback' | 'task' | 'ticket';
  status: 'open' | 'in_progress' | 'done';
  dueAt: number;
  assigneeId: string;
  actingAssigneeId: string;
}

export interface ClassifiedTask<T extends StalledTaskInput> {
  task: T;
  reasons: StalledLeadReason[];
}

/** W2–W4, W6 over open tasks (any order, duplicates allowed): what is stalled, and why. */
export function classifyStalledTasks<T extends StalledTaskInput>(options: {
  tasks: readonly T[];
  now: number;
  /** Dossiers still in stage `lead`. */
  isLead: (dossierId: string) => boolean;
  /** Who acts on the task now: its acting assignee while available, else the dossier's acting owner; null: nobody. */
  holderOf: (task: T) => string | null;
}): { leads: Array<ClassifiedTask<T>>; callbacks: Array<ClassifiedTask<T>>; tickets: Array<ClassifiedTask<T>> } {
  const { now } = options;
  const leads: Array<ClassifiedTask<T>> = [];
  const callbacks: Array<ClassifiedTask<T>> = [];
  const tickets: Array<ClassifiedTask<T>> = [];
  const seen = new Set<string>();
  for (const task of options.tasks) {
    if (task.status === 'done' || seen.has(task.id)) continue;
    seen.add(task.id);
    const overdue = task.dueAt <= now;
    if (task.kind === 'callback' && options.isLead(task.dossierId)) {
      const reasons: StalledLeadReason[] = [];
      if (overdue) reasons.push('overdue');
      if (options.holderOf(task) === null) reasons.push('unassigned');
      if (reasons.length) leads.push({ task, reasons });
    } else if (task.kind === 'callback' && overdue) callbacks.push({ task, reasons: [] });
    else if (task.kind === 'ticket' && overdue) tickets.push({ task, reasons: [] });
  }
  const byDue = (a: ClassifiedTask<T>, b: ClassifiedTask<T>) =>
    a.task.dueAt - b.task.dueAt || a.task.id.localeCompare(b.task.id);
  return { leads: leads.sort(byDue), callbacks: callbacks.sort(byDue), tickets: tickets.sort(byDue) };
}

/** W5, W6: pending hand-offs, oldest first; `createdAt` in ms. */
export function unacknowledgedHandoffs<H extends { id: string; status: string; createdAt: number }>(
  handoffs: readonly H[]
): H[] {
  const byId = new Map<string, H>();
  for (const h of handoffs) if (h.status === 'pending') byId.set(h.id, h);
  return [...byId.values()].sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
}

/**
 * Who acts for an absent colleague's dossiers, grouped from the coverage service's per-dossier answers (never
 * recomputed here): most dossiers first, then by name; gaps counted apart.
 */
export function coverersOf(
  coverages: ReadonlyArray<{ actingOwnerId: string | null; kind: 'owner' | 'covered' | 'handoff' | 'gap' }>
): { coverers: Array<{ userId: string; dossiers: number }>; gaps: number } {
  const counts = new Map<string, number>();
  let gaps = 0;
  for (const c of coverages) {
    if (c.kind === 'gap' || c.actingOwnerId === null) gaps += 1;
    else if (c.kind !== 'owner') counts.set(c.actingOwnerId, (counts.get(c.actingOwnerId) ?? 0) + 1);
  }
  const coverers = [...counts.entries()].map(([userId, dossiers]) => ({ userId, dossiers }));
  return { coverers: coverers.sort((a, b) => b.dossiers - a.dossiers || a.userId.localeCompare(b.userId)), gaps };
}

/** Which board change a domain event is (null: it changes nothing on the board). */
export function changeReasonOf(type: EventType): WhereaboutsChangeReason | null {
  if (type.startsWith('absence.')) return 'absence';
  if (type.startsWith('handoff.')) return 'handoff';
  if (type.startsWith('task.')) return 'task';
  if (type === 'intake.lead_received' || type === 'dossier.stage_changed') return 'lead';
  if (
    type === 'coverage.changed' ||
    type === 'deputy.changed' ||
    type === 'user.deactivated' ||
    type === 'dossier.owner_changed'
  ) {
    return 'coverage';
  }
  return null;
}
