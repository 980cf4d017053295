import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/lib/api/api-error';
import type { AtRiskDossierDTO, DigestDTO, KnowledgeRiskDTO } from '../../src/lib/contract';
import { DigestState } from '../../src/lib/state/digest-state.svelte';
import { KnowledgeRiskState } from '../../src/lib/state/knowledge-risk-state.svelte';

const row = (userId: string, dossierCount: number, atRisk: number): KnowledgeRiskDTO => ({
  userId,
  userName: userId.toUpperCase(),
  dossierCount,
  atRisk,
  reasons: { noStandIn: atRisk, contactUnconfirmed: 0, knowledgeEmpty: 0, quiet: 0 },
  dossierIds: []
});
const atRisk = (id: string): AtRiskDossierDTO => ({
  dossierId: id,
  company: id,
  stage: 'customer',
  reasons: ['noStandIn'],
  primaryContactConfirmedAt: null,
  lastInteractionAt: null
});

describe('KnowledgeRiskState', () => {
  it('loads the rows, scales bars to the biggest owner and opens one person’s fix list at a time', async () => {
    const asked: Array<string | undefined> = [];
    const state = new KnowledgeRiskState({
      ports: {
        summary: async ({ team }) => (asked.push(team), [row('a', 10, 4), row('b', 40, 0)]),
        dossiersOf: async (userId) => [atRisk(`${userId}-1`)]
      }
    });
    await state.load();
    expect(state.maxCount).toBe(40);
    expect(state.totalAtRisk).toBe(4);
    await state.select('a');
    expect(state.selected?.userId).toBe('a');
    expect(state.dossiers.map((d) => d.dossierId)).toEqual(['a-1']);
    await state.select('a'); // again: closes
    expect(state.selectedId).toBeNull();
    expect(state.dossiers).toEqual([]);
    state.setTeam('t2');
    await Promise.resolve();
    expect(asked).toEqual([undefined, 't2']);
  });

  it('drops the answer of an older pick, and keeps the error code of a failed load', async () => {
    const pending = new Map<string, (list: AtRiskDossierDTO[]) => void>();
    const state = new KnowledgeRiskState({
      ports: {
        summary: async () => {
          throw new ApiError({ code: 'forbidden', message: 'no', status: 403 });
        },
        dossiersOf: (userId) => new Promise((resolve) => pending.set(userId, resolve))
      }
    });
    await state.load();
    expect(state.error).toBe('forbidden');
    const first = state.select('a');
    const second = state.select('b');
    pending.get('b')!([atRisk('b-1')]);
    await second;
    pending.get('a')!([atRisk('a-1')]);
    await first;
    expect(state.selectedId).toBe('b');
    expect(state.dossiers.map((d) => d.dossierId)).toEqual(['b-1']);
  });
});

describe('DigestState', () => {
  const digest: DigestDTO = {
    absence: null,
    dossiers: [
      {
        dossierId: 'd1',
        company: 'Alpha',
        interactions: [],
        changedFields: [],
        tasksDone: [],
        tickets: [],
        handoffs: [],
        byNames: ['Sam'],
        entries: [
          { kind: 'interaction', at: '2026-07-02T10:00:00.000Z', byId: 'u2', byName: 'Sam', summary: 'x' },
          { kind: 'task_done', at: '2026-07-03T10:00:00.000Z', byId: 'u2', byName: 'Sam', summary: 'y' }
        ],
        lastAt: '2026-07-03T10:00:00.000Z'
      }
    ]
  };

  it('loads the given absence’s digest, counts its entries and folds dossiers', async () => {
    const asked: Array<string | undefined> = [];
    const state = new DigestState({
      ports: { load: async ({ absenceId }) => (asked.push(absenceId), digest) },
      absenceId: 'abs-1'
    });
    expect(state.loaded).toBe(false);
    await state.load();
    expect(asked).toEqual(['abs-1']);
    expect(state.entryCount).toBe(2);
    expect(state.empty).toBe(false);
    state.toggle('d1');
    expect(state.isFolded('d1')).toBe(true);
    state.toggle('d1');
    expect(state.isFolded('d1')).toBe(false);
  });

  it('is empty when nothing happened and keeps the error code when loading fails', async () => {
    const quiet = new DigestState({ ports: { load: async () => ({ absence: null, dossiers: [] }) } });
    await quiet.load();
    expect(quiet.empty).toBe(true);
    const failing = new DigestState({
      ports: {
        load: async () => {
          throw new ApiError({ code: 'not_found', message: 'gone', status: 404 });
        }
      }
    });
    await failing.load();
    expect(failing.error).toBe('not_found');
  });
});
