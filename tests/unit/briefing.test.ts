import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { TaskDTO, TimelineItemDTO } from '../../src/lib/contract';
import { confirmContact, writeDossierContent } from '../../src/lib/dossier-doc';
import { briefingContact, composeBriefing } from '../../server/features/continuity/briefing';

const entry = (id: string, at: string, kind: TimelineItemDTO['kind'] = 'interaction'): TimelineItemDTO => ({
  id,
  kind,
  type: kind === 'interaction' ? 'call' : 'stage_changed',
  at,
  authorId: 'u1',
  authorName: 'Anna',
  summary: `entry ${id}`
});

const task = (id: string, kind: TaskDTO['kind'], dueAt: string, status: TaskDTO['status'] = 'open'): TaskDTO => ({
  id,
  dossierId: 'd1',
  dossierCompany: 'Müller GmbH',
  kind,
  title: `task ${id}`,
  dueAt,
  assigneeId: 'u1',
  actingAssigneeId: 'u1',
  status,
  escalatedAt: null,
  createdAt: '2026-01-01T00:00:00.000Z'
});

function doc(): Y.Doc {
  const d = new Y.Doc();
  writeDossierContent(d, {
    fields: { company: 'Müller Pumpen GmbH', mainInterests: 'Pumpen, Wartung', agreedConditions: '3 % Skonto' },
    contacts: [
      { id: 'c1', name: 'Eva Erst', role: 'Empfang' },
      { id: 'c2', name: 'Jörg Haupt', role: 'Einkauf', phone: '+49 221 1', email: 'j@example.com', primary: true }
    ]
  });
  return d;
}

describe('briefing (issue #9 hand-off with a briefing)', () => {
  it('names the primary contact with when and by whom it was last confirmed', () => {
    const d = doc();
    expect(briefingContact(d)).toEqual({
      name: 'Jörg Haupt',
      role: 'Einkauf',
      phone: '+49 221 1',
      email: 'j@example.com',
      lastConfirmedAt: null,
      lastConfirmedByName: null
    });
    confirmContact(d, { contactId: 'c2', at: '2026-02-01T10:00:00.000Z', by: 'u3', byName: 'Carla' });
    expect(briefingContact(d)).toMatchObject({
      lastConfirmedAt: '2026-02-01T10:00:00.000Z',
      lastConfirmedByName: 'Carla'
    });
  });

  it('falls back to the first contact when none is primary, and to null without contacts', () => {
    const d = new Y.Doc();
    writeDossierContent(d, { fields: {}, contacts: [{ id: 'c1', name: 'Eva' }] });
    expect(briefingContact(d)?.name).toBe('Eva');
    expect(briefingContact(new Y.Doc())).toBeNull();
  });

  it('takes the document fields, the last five interactions newest first, open tasks and tickets apart', () => {
    const timeline = [
      entry('i1', '2026-02-01T10:00:00.000Z'),
      entry('s1', '2026-02-09T10:00:00.000Z', 'system'),
      ...['02', '03', '04', '05', '06', '07'].map((day, i) => entry(`i${i + 2}`, `2026-02-${day}T10:00:00.000Z`))
    ];
    const briefing = composeBriefing({
      dossier: { id: 'd1', company: 'Müller GmbH', stage: 'customer' },
      ownerName: 'Anna',
      doc: doc(),
      timeline,
      openTasks: [
        task('t2', 'task', '2026-03-05T10:00:00.000Z'),
        task('k1', 'ticket', '2026-03-02T10:00:00.000Z'),
        task('t1', 'callback', '2026-03-01T10:00:00.000Z'),
        task('t3', 'task', '2026-03-01T09:00:00.000Z', 'done')
      ],
      note: 'Bitte bis Freitag anrufen',
      generatedAt: Date.parse('2026-03-01T08:00:00.000Z')
    });
    expect(briefing).toMatchObject({
      generatedAt: '2026-03-01T08:00:00.000Z',
      dossierId: 'd1',
      company: 'Müller Pumpen GmbH',
      stage: 'customer',
      ownerName: 'Anna',
      mainInterests: 'Pumpen, Wartung',
      agreedConditions: '3 % Skonto',
      winbackStep: null,
      note: 'Bitte bis Freitag anrufen'
    });
    expect(briefing.lastInteractions.map((i) => i.id)).toEqual(['i7', 'i6', 'i5', 'i4', 'i3']);
    expect(briefing.openTasks.map((t) => t.id)).toEqual(['t1', 't2']);
    expect(briefing.openTickets.map((t) => t.id)).toEqual(['k1']);
  });

  it('keeps the record’s company when the document has none yet', () => {
    const briefing = composeBriefing({
      dossier: { id: 'd1', company: 'Record GmbH', stage: 'lead' },
      ownerName: 'Anna',
      doc: new Y.Doc(),
      timeline: [],
      openTasks: [],
      note: 'n',
      generatedAt: 0
    });
    expect(briefing).toMatchObject({ company: 'Record GmbH', mainInterests: '', contact: null, lastInteractions: [] });
  });
});
