import { describe, expect, it } from 'vitest';
import type { TaskDTO } from '../../src/lib/contract';
import { createOffboardingService } from '../../server/features/continuity/offboarding.service';
import { createEventOutbox } from '../../server/features/feed';
import { DomainError } from '../../server/kernel/domain-error';
import type { NewEvent } from '../../server/kernel/events';
import type { Dossier, User } from '../../server/kernel/types';
import { createFakeTime } from '../helpers/fake-time';

const user = (id: string, over: Partial<User> = {}): User => ({
  id,
  email: `${id}@x.test`,
  name: id.toUpperCase(),
  role: 'rep',
  locale: 'en',
  teamIds: ['north'],
  passwordHash: '',
  createdAt: 0,
  deputyId: null,
  deactivatedAt: null,
  ...over
});
const dossier = (id: string, ownerId: string): Dossier => ({
  id,
  teamId: 'north',
  ownerId,
  company: `Company ${id}`,
  street: '',
  postalCode: '',
  city: '',
  industry: '',
  stage: 'customer',
  tags: [],
  contactNames: [],
  createdAt: 0,
  createdBy: ownerId,
  updatedAt: 0,
  keyAccountManagerId: null,
  standInIds: []
});

/** In-memory world: every step is atomic (it changes one record and records its events), like the real ones. */
function world() {
  const time = createFakeTime();
  const users = new Map([
    ['admin', user('admin', { role: 'admin', teamIds: [] })],
    ['lea', user('lea', { deputyId: 'dan' })],
    ['dan', user('dan')]
  ]);
  const dossiers = new Map(['d1', 'd2', 'd3'].map((id) => [id, dossier(id, 'lea')]));
  const tasks = new Map([['t1', { id: 't1', assigneeId: 'lea', dossierId: 'd1' }]]);
  const written: NewEvent[] = [];
  let sessions = 2;
  let failHandOverOf: string | null = null;
  const service = createOffboardingService({
    people: {
      get: async (id) => users.get(id) ?? null,
      listAll: async () => [...users.values()],
      setDeputy: async () => null,
      deactivate: async ({ userId, at, events }) => {
        const u = users.get(userId)!;
        if (u.deactivatedAt !== null) return null;
        users.set(userId, { ...u, deactivatedAt: at });
        written.push(...events);
        return users.get(userId)!;
      },
      endSessions: async () => {
        const ended = Array.from({ length: sessions }, (_, i) => `s${i}`);
        sessions = 0;
        return ended;
      }
    },
    dossiers: {
      listHeldBy: async (userId) => [...dossiers.values()].filter((d) => d.ownerId === userId),
      find: async (id) => dossiers.get(id) ?? null,
      patch: async () => undefined
    },
    handOver: async ({ dossierId, fromUserId, toUserId }) => {
      if (dossierId === failHandOverOf) throw new Error('the process died here');
      const d = dossiers.get(dossierId)!;
      if (d.ownerId !== fromUserId) throw new DomainError('conflict', 'moved meanwhile');
      dossiers.set(dossierId, { ...d, ownerId: toUserId });
    },
    tasks: {
      openAssignedTo: async (userId) =>
        [...tasks.values()]
          .filter((t) => t.assigneeId === userId)
          .map(
            (t) =>
              ({
                id: t.id,
                kind: 'callback',
                title: 'Call',
                dossierId: t.dossierId,
                dossierCompany: 'C',
                teamId: 'north'
              }) as TaskDTO & {
                teamId: string;
              }
          ),
      reassign: async (_actor, id, assigneeId) => void tasks.set(id, { ...tasks.get(id)!, assigneeId })
    },
    events: createEventOutbox({ clock: time, ids: { next: () => `e${written.length}` }, onCommitted: () => {} }),
    clock: time
  });
  return {
    service,
    users,
    dossiers,
    written,
    admin: users.get('admin')!,
    failHandOverOf: (id: string | null) => void (failHandOverOf = id),
    sessionsLeft: () => sessions
  };
}

describe('offboarding service: steps one by one, deactivation last, a retry finishes', () => {
  it('a crash midway leaves an active user holding less; GET shows the rest and a second POST finishes', async () => {
    const w = world();
    w.failHandOverOf('d2');
    await expect(w.service.finish(w.admin, 'lea', { rule: 'deputy' })).rejects.toThrow('the process died here');
    // d1 moved, d2 and d3 and the task are still hers; she is still active and nothing was deactivated.
    expect(w.dossiers.get('d1')!.ownerId).toBe('dan');
    expect(w.users.get('lea')!.deactivatedAt).toBeNull();
    expect(w.written.filter((e) => e.type === 'user.deactivated')).toEqual([]);
    const left = await w.service.get(w.admin, 'lea');
    expect(left.items.map((i) => `${i.kind}:${i.id}`)).toEqual(['dossier:d2', 'dossier:d3', 'task:t1']);

    w.failHandOverOf(null);
    const done = await w.service.finish(w.admin, 'lea', { rule: 'deputy' });
    expect(done.moved.map((m) => `${m.kind}:${m.id}`)).toEqual(['dossier:d2', 'dossier:d3', 'task:t1']);
    expect(w.users.get('lea')!.deactivatedAt).not.toBeNull();
    expect(w.sessionsLeft()).toBe(0);
    expect(w.written.map((e) => e.type)).toEqual(['user.deactivated', 'coverage.changed']);
    expect((await w.service.get(w.admin, 'lea')).items).toEqual([]);
  });

  it('a refusal writes nothing at all', async () => {
    const w = world();
    await expect(w.service.finish(w.admin, 'lea', {})).rejects.toMatchObject({
      code: 'conflict',
      details: { unassigned: expect.arrayContaining([expect.objectContaining({ kind: 'dossier', id: 'd1' })]) }
    });
    expect([...w.dossiers.values()].every((d) => d.ownerId === 'lea')).toBe(true);
    expect(w.written).toEqual([]);
    expect(w.sessionsLeft()).toBe(2);
  });

  it('after it finished, a repeated POST only makes sure the sessions are gone', async () => {
    const w = world();
    await w.service.finish(w.admin, 'lea', { rule: 'deputy' });
    const again = await w.service.finish(w.admin, 'lea', { rule: 'deputy' });
    expect(again.moved).toEqual([]);
    expect(w.written.filter((e) => e.type === 'user.deactivated')).toHaveLength(1);
  });

  it('only admins; not themselves', async () => {
    const w = world();
    await expect(w.service.get(w.users.get('dan')!, 'lea')).rejects.toMatchObject({ code: 'forbidden' });
    await expect(w.service.finish(w.admin, 'admin', { rule: 'deputy' })).rejects.toMatchObject({ code: 'invalid' });
    await expect(w.service.get(w.admin, 'nobody')).rejects.toMatchObject({ code: 'not_found' });
  });
});
