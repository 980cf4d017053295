import { describe, expect, it } from 'vitest';
import {
  boardScope,
  changeReasonOf,
  classifyStalledTasks,
  coverersOf,
  unacknowledgedHandoffs,
  type StalledTaskInput
} from '../../server/features/whereabouts/whereabouts.rules';
import { createFakeTime } from '../helpers/fake-time';

const MIN = 60_000;
const task = (over: Partial<StalledTaskInput> & { id: string }): StalledTaskInput => ({
  dossierId: 'd-customer',
  kind: 'callback',
  status: 'open',
  dueAt: 0,
  assigneeId: 'anna',
  actingAssigneeId: 'anna',
  ...over
});

describe('whereabouts rules (issue #10)', () => {
  it('W1 admins watch every team or one; others only their own, else forbidden', () => {
    expect(boardScope({ role: 'admin', teamIds: [] }, undefined)).toBe('all');
    expect(boardScope({ role: 'admin', teamIds: [] }, 'sued')).toEqual(['sued']);
    expect(boardScope({ role: 'manager', teamIds: ['nord', 'west'] }, undefined)).toEqual(['nord', 'west']);
    expect(boardScope({ role: 'manager', teamIds: ['nord', 'west'] }, 'west')).toEqual(['west']);
    expect(boardScope({ role: 'rep', teamIds: ['nord'] }, 'nord')).toEqual(['nord']);
    expect(() => boardScope({ role: 'manager', teamIds: ['nord'] }, 'sued')).toThrow(/own teams/);
    expect(() => boardScope({ role: 'rep', teamIds: ['nord'] }, 'sued')).toThrow(
      expect.objectContaining({ code: 'forbidden' })
    );
  });

  it('W2 a lead stalls when its callback is overdue or held by someone unavailable; listed under leads only', () => {
    const time = createFakeTime(Date.UTC(2026, 10, 23, 9, 0, 0));
    const now = time.now();
    const result = classifyStalledTasks({
      tasks: [
        task({ id: 'due-later', dossierId: 'd-lead', dueAt: now + 30 * MIN }),
        task({ id: 'overdue', dossierId: 'd-lead', dueAt: now - MIN }),
        task({ id: 'due-now', dossierId: 'd-lead', dueAt: now }),
        task({ id: 'parked', dossierId: 'd-lead', dueAt: now + 60 * MIN, actingAssigneeId: 'away' }),
        task({ id: 'both', dossierId: 'd-lead', dueAt: now - 5 * MIN, actingAssigneeId: 'away' }),
        // Its acting assignee is away but the coverage service names a stand-in for the dossier: held.
        task({ id: 'covered', dossierId: 'd-lead-covered', dueAt: now + 60 * MIN, actingAssigneeId: 'away' })
      ],
      now,
      isLead: (id) => id.startsWith('d-lead'),
      holderOf: (t) =>
        t.actingAssigneeId !== 'away' ? t.actingAssigneeId : t.dossierId === 'd-lead-covered' ? 'lena' : null
    });
    expect(result.leads.map((c) => [c.task.id, c.reasons])).toEqual([
      ['both', ['overdue', 'unassigned']],
      ['overdue', ['overdue']],
      ['due-now', ['overdue']],
      ['parked', ['unassigned']]
    ]);
    expect(result.callbacks).toEqual([]);
  });

  it('W3/W4/W6 overdue callbacks and past-due tickets, oldest first; done, future and plain tasks are not stalled', () => {
    const now = Date.UTC(2026, 10, 23, 9, 0, 0);
    const result = classifyStalledTasks({
      tasks: [
        task({ id: 'cb-2', dueAt: now - MIN }),
        task({ id: 'cb-1', dueAt: now - 60 * MIN }),
        task({ id: 'cb-1', dueAt: now - 60 * MIN }), // a duplicate from a second query counts once
        task({ id: 'cb-future', dueAt: now + MIN }),
        task({ id: 'cb-done', dueAt: now - MIN, status: 'done' }),
        task({ id: 'tk', kind: 'ticket', status: 'in_progress', dueAt: now - 2 * MIN }),
        task({ id: 'tk-future', kind: 'ticket', dueAt: now + 2 * MIN }),
        task({ id: 'plain', kind: 'task', dueAt: now - 10 * MIN }),
        task({ id: 'cb-away', dueAt: now + MIN, actingAssigneeId: 'away' })
      ],
      now,
      isLead: () => false,
      holderOf: (t) => (t.actingAssigneeId === 'away' ? null : t.actingAssigneeId)
    });
    expect(result.callbacks.map((c) => c.task.id)).toEqual(['cb-1', 'cb-2']);
    expect(result.tickets.map((c) => c.task.id)).toEqual(['tk']);
    expect(result.leads).toEqual([]);
  });

  it('W5 unacknowledged hand-offs are the pending ones, oldest first', () => {
    const list = unacknowledgedHandoffs([
      { id: 'b', status: 'pending', createdAt: 20 },
      { id: 'a', status: 'picked_up', createdAt: 5 },
      { id: 'c', status: 'pending', createdAt: 10 },
      { id: 'd', status: 'returned', createdAt: 1 }
    ]);
    expect(list.map((h) => h.id)).toEqual(['c', 'b']);
  });

  it("groups the coverage service's answers into coverers and gaps", () => {
    expect(
      coverersOf([
        { kind: 'covered', actingOwnerId: 'lena' },
        { kind: 'covered', actingOwnerId: 'joerg' },
        { kind: 'covered', actingOwnerId: 'lena' },
        { kind: 'handoff', actingOwnerId: 'mehmet' },
        { kind: 'gap', actingOwnerId: null },
        { kind: 'owner', actingOwnerId: 'anna' }
      ])
    ).toEqual({
      coverers: [
        { userId: 'lena', dossiers: 2 },
        { userId: 'joerg', dossiers: 1 },
        { userId: 'mehmet', dossiers: 1 }
      ],
      gaps: 1
    });
  });

  it('maps domain events to board changes and ignores the rest', () => {
    expect(changeReasonOf('absence.started')).toBe('absence');
    expect(changeReasonOf('handoff.picked_up')).toBe('handoff');
    expect(changeReasonOf('task.escalated')).toBe('task');
    expect(changeReasonOf('intake.lead_received')).toBe('lead');
    expect(changeReasonOf('coverage.changed')).toBe('coverage');
    expect(changeReasonOf('dossier.version_recorded')).toBeNull();
    expect(changeReasonOf('interaction.logged')).toBeNull();
  });
});
