import type {
  OffboardingDTO,
  OffboardingInput,
  OffboardingRefusalDTO,
  OffboardingResultDTO
} from '../../../src/lib/contract';
import { DomainError } from '../../kernel/domain-error';
import type { User } from '../../kernel/types';
import type { Clock } from '../../ports/clock';
import type { EventOutbox } from '../feed';
import type { OffboardingPorts } from './offboarding-ports';
import {
  offboardingItems,
  planOffboarding,
  toItemDTO,
  withSuggestions,
  type HeldItem,
  type Holdings,
  type OffboardingPerson
} from './offboarding.rules';

export interface OffboardingService {
  /** GET /api/users/:id/offboarding: everything the user still holds, with the deputy rule's suggestion. */
  get(actor: User, userId: string): Promise<OffboardingDTO>;
  /**
   * POST /api/users/:id/offboarding: reassigns everything (explicit assignments, then the rule) and deactivates.
   * 409 with `details: { unassigned, invalid: [] }` while anything has no taker, 400 with `details.invalid` for
   * assignments nobody may take; nothing is written in either case.
   */
  finish(actor: User, userId: string, input: OffboardingInput): Promise<OffboardingResultDTO>;
}

const toPerson = (u: User): OffboardingPerson => ({
  id: u.id,
  name: u.name,
  role: u.role,
  teamIds: u.teamIds,
  active: u.deactivatedAt === null,
  deputyId: u.deputyId
});

/**
 * Offboarding (issue #9). Why not one transaction: the reassignments touch dossiers, users, tasks, hand-offs and
 * absences, each owned by its feature and store (and, on MongoDB, possibly several collections). Instead:
 * - every step is one feature call that is atomic with its own event (owner change + dossier.owner_changed,
 *   PATCH + dossier.updated, task PATCH + task.changed, setDeputy + deputy.changed, …) and conditional where a
 *   race matters (changeOwner expects the leaving owner), so a step is either fully done or not at all;
 * - the plan is computed and checked before the first write (409/400 write nothing);
 * - the deactivation (with user.deactivated + coverage.changed) is the LAST step, so a crash midway leaves an
 *   active user holding less: GET shows exactly what is left and a second POST finishes from there;
 * - a POST for a user already deactivated with nothing left only ends any remaining sessions (idempotent).
 * Sessions are deleted after the deactivation commits; `authenticate` already refuses deactivated users, and the
 * transports close every live connection of the user on `user.deactivated`, so nothing outlives the deactivation.
 */
export function createOffboardingService(
  deps: OffboardingPorts & { events: EventOutbox; clock: Clock }
): OffboardingService {
  const { people, events } = deps;

  function requireAdmin(actor: User): void {
    if (actor.role !== 'admin') throw new DomainError('forbidden', 'only administrators offboard colleagues');
  }

  async function leavingUser(userId: string): Promise<User> {
    const user = await people.get(userId);
    if (!user) throw new DomainError('not_found', 'user not found');
    return user;
  }

  async function holdingsOf(userId: string, everybody: readonly User[]): Promise<Holdings> {
    const [dossiers, tasks, handoffs, handTos] = await Promise.all([
      deps.dossiers.listHeldBy(userId),
      deps.tasks.openAssignedTo(userId),
      deps.handoffs?.openOf(userId) ?? [],
      deps.absences?.handingTo(userId) ?? []
    ]);
    return {
      dossiers,
      deputyOf: everybody.filter((u) => u.deputyId === userId && u.id !== userId),
      tasks: tasks.map((t) => ({
        id: t.id,
        kind: t.kind,
        title: t.title,
        dossierId: t.dossierId,
        dossierCompany: t.dossierCompany,
        teamId: t.teamId
      })),
      handoffs,
      handTos
    };
  }

  async function snapshot(userId: string) {
    const [user, everybody] = await Promise.all([leavingUser(userId), people.listAll()]);
    const persons = everybody.map(toPerson);
    const leaving = toPerson(user);
    const items = withSuggestions(offboardingItems(userId, await holdingsOf(userId, everybody)), leaving, persons);
    return { user, leaving, persons, items };
  }

  /** One item, atomic with its event(s) inside the feature that owns it. */
  async function move(actor: User, leavingId: string, item: HeldItem, toUserId: string, note: string | null) {
    switch (item.kind) {
      case 'dossier': {
        await deps.handOver({ actor, dossierId: item.id, fromUserId: leavingId, toUserId, note });
        // A stand-in who became the owner no longer stands in for themself (PATCH refuses that state, P2).
        const after = await deps.dossiers.find(item.id);
        if (!after?.standInIds.includes(toUserId)) return;
        return deps.dossiers.patch(actor, item.id, { standInIds: after.standInIds.filter((id) => id !== toUserId) });
      }
      case 'stand_in': {
        const dossier = await deps.dossiers.find(item.id);
        if (!dossier || !dossier.standInIds.includes(leavingId)) return;
        const standInIds = [...new Set(dossier.standInIds.map((id) => (id === leavingId ? toUserId : id)))];
        return deps.dossiers.patch(actor, item.id, { standInIds: standInIds.filter((id) => id !== dossier.ownerId) });
      }
      case 'key_account':
        return deps.dossiers.patch(actor, item.id, { keyAccountManagerId: toUserId });
      case 'deputy': {
        const person = await people.get(item.id);
        if (!person) return;
        const teamId = person.teamIds[0] ?? null;
        await people.setDeputy({
          userId: item.id,
          deputyId: toUserId,
          events: [
            events.event('deputy.changed', {
              actorId: actor.id,
              teamId,
              dossierId: null,
              data: { userId: item.id, deputyId: toUserId }
            }),
            events.event('coverage.changed', {
              actorId: actor.id,
              teamId,
              dossierId: null,
              data: { userIds: [item.id, leavingId, toUserId], dossierIds: [], cause: 'deputy' }
            })
          ]
        });
        return events.committed();
      }
      case 'task':
      case 'ticket':
        return deps.tasks.reassign(actor, item.id, toUserId);
      case 'handoff':
        return deps.handoffs?.reassign({ actor, handoffId: item.id, leavingUserId: leavingId, toUserId });
      case 'absence_hand_to':
        return deps.absences?.redirectHandTo({ actor, absenceId: item.id, toUserId });
    }
  }

  async function deactivate(actor: User, user: User, moved: OffboardingResultDTO['moved']): Promise<number> {
    const at = deps.clock.now();
    const teams = user.teamIds.length ? user.teamIds : [null];
    const done = await people.deactivate({
      userId: user.id,
      at,
      events: [
        // One per team: each team's feed learns that the colleague left.
        ...teams.map((teamId) =>
          events.event('user.deactivated', {
            actorId: actor.id,
            teamId,
            dossierId: null,
            data: { userId: user.id, userName: user.name }
          })
        ),
        events.event('coverage.changed', {
          actorId: actor.id,
          teamId: teams[0],
          dossierId: null,
          data: {
            userIds: [...new Set([user.id, ...moved.map((m) => m.toUserId)])],
            dossierIds: [...new Set(moved.filter((m) => m.kind === 'dossier').map((m) => m.id))],
            cause: 'offboarding'
          }
        })
      ]
    });
    if (!done) throw new DomainError('conflict', 'the user was deactivated meanwhile');
    events.committed();
    return at;
  }

  return {
    async get(actor, userId) {
      requireAdmin(actor);
      const { user, items } = await snapshot(userId);
      return {
        userId: user.id,
        userName: user.name,
        active: user.deactivatedAt === null,
        deputyId: user.deputyId,
        teamIds: user.teamIds,
        items: items.map(toItemDTO)
      };
    },

    async finish(actor, userId, input) {
      requireAdmin(actor);
      if (actor.id === userId) throw new DomainError('invalid', 'you cannot offboard yourself');
      const { user, leaving, persons, items } = await snapshot(userId);
      if (user.deactivatedAt !== null && items.length === 0) {
        await people.endSessions(user.id);
        return { userId, deactivatedAt: new Date(user.deactivatedAt).toISOString(), moved: [] };
      }
      const result = planOffboarding({
        leaving,
        items,
        people: persons,
        rule: input.rule,
        assignments: input.assignments
      });
      if (!result.ok) {
        const details: OffboardingRefusalDTO = {
          unassigned: result.unassigned.map(toItemDTO),
          invalid: result.invalid
        };
        if (result.invalid.length) {
          throw new DomainError('invalid', 'some assignments name someone who may not take the item', details);
        }
        throw new DomainError('conflict', `${result.unassigned.length} item(s) still unassigned`, details);
      }
      const note = input.note ?? null;
      const moved: OffboardingResultDTO['moved'] = [];
      for (const { item, toUserId } of result.plan) {
        await move(actor, userId, item, toUserId, note);
        moved.push({ kind: item.kind, id: item.id, toUserId });
      }
      const at = user.deactivatedAt ?? (await deactivate(actor, user, moved));
      await people.endSessions(user.id);
      return { userId, deactivatedAt: new Date(at).toISOString(), moved };
    }
  };
}
