import { expect, it } from 'vitest';
import type { NewEvent } from '../../server/kernel/events';
import { absence } from './absence-store.contract';
import type { StoreContext } from './store-contract';

const gapEvent = (
  id: string,
  type: 'coverage.gap_opened' | 'coverage.gap_closed',
  data: { ownerId: string; dossierIds: string[]; openedAt: number }
): NewEvent =>
  ({ id, type, at: data.openedAt, actorId: null, onBehalfOfId: null, teamId: 't1', dossierId: null, data }) as NewEvent;

/** CoverageGapStore rules GS1..GS4 (server/features/continuity/coverage-gap-store.ts). */
export function coverageGapStoreContract(store: StoreContext): void {
  it('GS1 a gap_opened event (appended or with a change) records its dossiers with owner and openedAt', async () => {
    await store().activity.append([
      gapEvent('e1', 'coverage.gap_opened', { ownerId: 'u1', dossierIds: ['d2', 'd1'], openedAt: 5 })
    ]);
    await store().absences.create(absence(), [
      gapEvent('e2', 'coverage.gap_opened', { ownerId: 'u2', dossierIds: ['d3'], openedAt: 7 })
    ]);
    expect(await store().coverageGaps.open('all')).toEqual([
      { dossierId: 'd1', ownerId: 'u1', openedAt: 5 },
      { dossierId: 'd2', ownerId: 'u1', openedAt: 5 },
      { dossierId: 'd3', ownerId: 'u2', openedAt: 7 }
    ]);
    // Opening an open dossier again replaces it.
    await store().activity.append([
      gapEvent('e3', 'coverage.gap_opened', { ownerId: 'u3', dossierIds: ['d1'], openedAt: 9 })
    ]);
    expect((await store().coverageGaps.open('all'))[0]).toEqual({ dossierId: 'd1', ownerId: 'u3', openedAt: 9 });
  });

  it('GS2 a gap_closed event removes its dossiers; unknown ones are ignored', async () => {
    await store().activity.append([
      gapEvent('e1', 'coverage.gap_opened', { ownerId: 'u1', dossierIds: ['d1', 'd2'], openedAt: 5 })
    ]);
    await store().activity.append([
      gapEvent('e2', 'coverage.gap_closed', { ownerId: 'u1', dossierIds: ['d1', 'nope'], openedAt: 5 })
    ]);
    expect(await store().coverageGaps.open('all')).toEqual([{ dossierId: 'd2', ownerId: 'u1', openedAt: 5 }]);
  });

  it('GS3 open lists the gaps of the given owners only', async () => {
    await store().activity.append([
      gapEvent('e1', 'coverage.gap_opened', { ownerId: 'u1', dossierIds: ['d1'], openedAt: 5 }),
      gapEvent('e2', 'coverage.gap_opened', { ownerId: 'u2', dossierIds: ['d2'], openedAt: 6 })
    ]);
    expect((await store().coverageGaps.open(['u2'])).map((g) => g.dossierId)).toEqual(['d2']);
    expect(await store().coverageGaps.open([])).toEqual([]);
  });

  it('GS4 a change that fails writes no gap state', async () => {
    await store().absences.create(absence(), []);
    await expect(
      store().absences.create(absence(), [
        gapEvent('e1', 'coverage.gap_opened', { ownerId: 'u1', dossierIds: ['d1'], openedAt: 5 })
      ])
    ).rejects.toMatchObject({ code: 'conflict' });
    expect(await store().coverageGaps.open('all')).toEqual([]);
  });
}
