import { describe, expect, it } from 'vitest';
import type { TaskDTO, TimelineItemDTO } from '../../src/lib/contract';
import type { StoredEvent } from '../../server/kernel/events';
import { buildDigest, type DigestInput } from '../../server/features/continuity/digest.rules';

const FROM = Date.parse('2026-07-01T00:00:00Z');
const TO = Date.parse('2026-07-15T00:00:00Z');
const DAY = 86_400_000;
const OWNER = 'u-owner';
const STAND_IN = 'u-stand';

let seq = 0;
function ev(type: string, at: number, actorId: string | null, dossierId: string, data: unknown): StoredEvent {
  seq += 1;
  return { seq, id: `e${seq}`, type, at, actorId, onBehalfOfId: null, teamId: 't1', dossierId, data } as StoredEvent;
}
const item = (
  id: string,
  authorId: string,
  summary: string,
  extra: Partial<TimelineItemDTO> = {}
): TimelineItemDTO => ({
  id,
  kind: 'interaction',
  type: 'call',
  at: new Date(FROM + DAY).toISOString(),
  authorId,
  authorName: authorId === OWNER ? 'Olga Owner' : 'Sam Stand',
  summary,
  ...extra
});
const task = (id: string, kind: TaskDTO['kind'], title: string): TaskDTO => ({
  id,
  dossierId: 'd1',
  dossierCompany: 'Alpha',
  kind,
  title,
  dueAt: new Date(FROM).toISOString(),
  assigneeId: STAND_IN,
  actingAssigneeId: STAND_IN,
  status: 'done',
  escalatedAt: null,
  createdAt: new Date(FROM).toISOString()
});
const version = (id: string, authors: string[]) => ({
  version: {
    id,
    createdAt: new Date(FROM).toISOString(),
    kind: 'edit',
    authors: authors.map((a) => ({ id: a, name: a === OWNER ? 'Olga Owner' : 'Sam Stand' })),
    restoredFrom: null
  }
});

function input(events: StoredEvent[], extra: Partial<DigestInput> = {}): DigestInput {
  return {
    personId: OWNER,
    window: { from: FROM, to: TO },
    dossiers: new Map([
      ['d1', 'Alpha'],
      ['d2', 'Beta']
    ]),
    events,
    versionChanges: new Map(),
    names: new Map([
      [OWNER, 'Olga Owner'],
      [STAND_IN, 'Sam Stand']
    ]),
    ...extra
  };
}

describe('digest rules', () => {
  it('D1 only events inside [from, to) count', () => {
    const digest = buildDigest(
      input([
        ev('interaction.logged', FROM - 1, STAND_IN, 'd1', { item: item('i0', STAND_IN, 'before') }),
        ev('interaction.logged', FROM, STAND_IN, 'd1', { item: item('i1', STAND_IN, 'first day') }),
        ev('interaction.logged', TO, STAND_IN, 'd1', { item: item('i2', STAND_IN, 'back already') })
      ])
    );
    expect(digest).toHaveLength(1);
    expect(digest[0]!.interactions.map((i) => i.summary)).toEqual(['first day']);
  });

  it('D2 events of other dossiers and other types are left out', () => {
    const digest = buildDigest(
      input([
        ev('interaction.logged', FROM + DAY, STAND_IN, 'd9', { item: item('i1', STAND_IN, 'not mine') }),
        ev('dossier.updated', FROM + DAY, STAND_IN, 'd1', { dossier: {} })
      ])
    );
    expect(digest).toEqual([]);
  });

  it('D3 the person’s own actions are skipped, system actions kept without a name', () => {
    const handoff = { id: 'h1', fromName: 'Olga Owner', toName: 'Sam Stand', status: 'returned' };
    const digest = buildDigest(
      input([
        ev('interaction.logged', FROM + DAY, OWNER, 'd1', { item: item('i1', OWNER, 'from home') }),
        ev('task.completed', FROM + DAY, OWNER, 'd1', { task: task('t1', 'callback', 'Ring back'), outcome: null }),
        ev('handoff.returned', FROM + 2 * DAY, null, 'd1', { handoff })
      ])
    );
    expect(digest).toHaveLength(1);
    expect(digest[0]!.interactions).toEqual([]);
    expect(digest[0]!.tasksDone).toEqual([]);
    expect(digest[0]!.entries).toMatchObject([{ kind: 'handoff', byId: null, byName: null }]);
    expect(digest[0]!.byNames).toEqual([]);
  });

  it('D4 a correction replaces the listed entry and is an entry of its own', () => {
    const digest = buildDigest(
      input([
        ev('interaction.logged', FROM + DAY, STAND_IN, 'd1', { item: item('i1', STAND_IN, 'draft') }),
        ev('interaction.corrected', FROM + 2 * DAY, STAND_IN, 'd1', {
          item: item('i1', STAND_IN, 'final', {
            corrected: { byId: STAND_IN, byName: 'Sam Stand', at: '', previousSummary: 'draft', count: 1 } as never
          })
        })
      ])
    );
    expect(digest[0]!.interactions.map((i) => i.summary)).toEqual(['final']);
    expect(digest[0]!.entries.map((e) => e.kind)).toEqual(['interaction', 'interaction_corrected']);
  });

  it('D5 changed keys come from the versions, in field order, attributed to the other authors', () => {
    const digest = buildDigest(
      input(
        [
          ev('dossier.version_recorded', FROM + DAY, STAND_IN, 'd1', version('v1', [STAND_IN])),
          ev('dossier.version_recorded', FROM + 2 * DAY, OWNER, 'd1', version('v2', [OWNER, STAND_IN])),
          ev('dossier.version_recorded', FROM + 3 * DAY, OWNER, 'd1', version('v3', [OWNER])),
          ev('dossier.version_recorded', FROM + 3 * DAY, STAND_IN, 'd2', version('v4', [STAND_IN]))
        ],
        {
          versionChanges: new Map([
            ['v1', ['notes', 'agreedConditions']],
            ['v2', ['company']],
            ['v3', ['city']],
            ['v4', []]
          ])
        }
      )
    );
    expect(digest).toHaveLength(1);
    expect(digest[0]!.changedFields).toEqual(['company', 'agreedConditions', 'notes']);
    expect(digest[0]!.entries.map((e) => [e.kind, e.byName, e.fields])).toEqual([
      ['fields_changed', 'Sam Stand', ['notes', 'agreedConditions']],
      ['fields_changed', 'Sam Stand', ['company']]
    ]);
  });

  it('D6 done tasks and tickets are listed once each with their latest state', () => {
    const ticket = task('t2', 'ticket', 'Broken pump');
    const digest = buildDigest(
      input([
        ev('task.created', FROM + DAY, STAND_IN, 'd1', { task: { ...ticket, status: 'open' } }),
        ev('task.created', FROM + DAY, STAND_IN, 'd1', { task: task('t3', 'task', 'Send offer') }),
        ev('task.completed', FROM + 2 * DAY, STAND_IN, 'd1', {
          task: task('t1', 'callback', 'Ring back'),
          outcome: 'ok'
        }),
        ev('task.completed', FROM + 3 * DAY, STAND_IN, 'd1', { task: ticket, outcome: 'replaced' })
      ])
    );
    const row = digest[0]!;
    expect(row.tasksDone.map((t) => t.id)).toEqual(['t1']);
    expect(row.tickets.map((t) => [t.id, t.status])).toEqual([['t2', 'done']]);
    expect(row.entries.map((e) => e.kind)).toEqual(['ticket_opened', 'task_done', 'ticket_resolved']);
    expect(row.entries[1]!.summary).toBe('Ring back — ok');
    expect(row.entries[1]!.detail).toBe('ok');
  });

  it('D7 D8 hand-offs keep their latest state; stage and owner changes are entries', () => {
    const h = { id: 'h1', fromName: 'Olga Owner', toName: 'Sam Stand' };
    const digest = buildDigest(
      input([
        ev('handoff.created', FROM + DAY, 'u-manager', 'd1', { handoff: { ...h, status: 'pending' } }),
        ev('handoff.picked_up', FROM + 2 * DAY, STAND_IN, 'd1', { handoff: { ...h, status: 'picked_up' } }),
        ev('dossier.stage_changed', FROM + 3 * DAY, STAND_IN, 'd1', { from: 'lead', to: 'customer', reason: null }),
        ev('dossier.owner_changed', FROM + 4 * DAY, 'u-manager', 'd1', {
          fromUserId: OWNER,
          toUserId: STAND_IN,
          reason: null
        })
      ])
    );
    const row = digest[0]!;
    expect(row.handoffs.map((x) => x.status)).toEqual(['picked_up']);
    expect(row.entries.map((e) => e.kind)).toEqual(['handoff', 'handoff', 'stage_changed', 'owner_changed']);
    expect(row.entries[0]!.byName).toBe('u-manager');
  });

  it('D9 names in order of first appearance; dossiers newest activity first', () => {
    const digest = buildDigest(
      input([
        ev('interaction.logged', FROM + DAY, STAND_IN, 'd1', { item: item('i1', STAND_IN, 'a') }),
        ev('interaction.logged', FROM + 2 * DAY, 'u-x', 'd1', {
          item: { ...item('i2', 'u-x', 'b'), authorName: 'Xena' }
        }),
        ev('interaction.logged', FROM + 3 * DAY, STAND_IN, 'd2', { item: item('i3', STAND_IN, 'c') })
      ])
    );
    expect(digest.map((d) => d.company)).toEqual(['Beta', 'Alpha']);
    expect(digest[1]!.byNames).toEqual(['Sam Stand', 'Xena']);
    expect(digest[0]!.lastAt).toBe(new Date(FROM + 3 * DAY).toISOString());
  });
});
