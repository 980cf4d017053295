import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/lib/api/api-error';
import { WINBACK_STEPS, type DossierWinbacksDTO, type WinbackDTO } from '../../src/lib/contract';
import { DossierWinbackState, type DossierWinbackPorts } from '../../src/lib/state/dossier-winback-state.svelte';

const process = (nextStep: number, status: WinbackDTO['status'] = 'open'): WinbackDTO => ({
  id: 'w1',
  dossierId: 'd1',
  company: 'Müller GmbH',
  teamId: 't1',
  assigneeId: 'u1',
  assigneeName: 'Anna',
  startedById: 'u1',
  startedAt: '2026-11-29T10:00:00.000Z',
  status,
  nextStep: status === 'open' ? nextStep : null,
  nextTaskId: null,
  steps: WINBACK_STEPS.map((key, i) => ({
    n: i + 1,
    key,
    completedAt: i + 1 < nextStep ? '2026-11-29T11:00:00.000Z' : null,
    byId: null,
    byName: null,
    note: null,
    interactionId: null
  })),
  endedAt: null,
  endReason: null
});

/** Answers like the server: steps only in order, one open process. */
class FakeWinbackPorts implements DossierWinbackPorts {
  current: WinbackDTO | null = null;
  sent: Array<{ n: number; note: string; outcome?: string }> = [];
  async load(): Promise<DossierWinbacksDTO> {
    return { current: this.current, past: [] };
  }
  async start(): Promise<WinbackDTO> {
    if (this.current?.status === 'open')
      throw new ApiError({ status: 409, code: 'conflict', message: 'already running' });
    this.current = process(1);
    return this.current;
  }
  async completeStep(_d: string, n: number, body: { note: string; outcome?: 'done' | 'failed' }): Promise<WinbackDTO> {
    this.sent.push({ n, ...body });
    if (!this.current || n !== this.current.nextStep)
      throw new ApiError({ status: 409, code: 'conflict', message: 'out of order' });
    this.current = body.outcome === 'failed' ? process(n, 'failed') : process(n + 1, n === 6 ? 'won' : 'open');
    return this.current;
  }
  async fail(): Promise<WinbackDTO> {
    this.current = process(1, 'failed');
    return this.current;
  }
}

describe('DossierWinbackState', () => {
  it('starts a win-back and completes the next step with a trimmed note; an empty note sends nothing', async () => {
    const ports = new FakeWinbackPorts();
    const state = new DossierWinbackState({ ports, dossierId: 'd1' });
    await state.load();
    expect(state.loaded).toBe(true);
    expect(state.current).toBeNull();
    expect(await state.start()).toBe(true);
    expect(state.open).toBe(true);
    expect(await state.completeNext({ note: '   ' })).toBe(false);
    expect(ports.sent).toEqual([]);
    expect(await state.completeNext({ note: ' Analyse fertig ' })).toBe(true);
    expect(ports.sent).toEqual([{ n: 1, note: 'Analyse fertig' }]);
    expect(state.current?.nextStep).toBe(2);
  });

  it('a failed step ends the process; a refused start keeps the error for the panel', async () => {
    const ports = new FakeWinbackPorts();
    const state = new DossierWinbackState({ ports, dossierId: 'd1' });
    await state.start();
    expect(await state.start()).toBe(false);
    expect(state.error).toBe('conflict');
    expect(await state.completeNext({ note: 'Kein Bedarf', failed: true })).toBe(true);
    expect(ports.sent.at(-1)).toMatchObject({ n: 1, outcome: 'failed' });
    expect(state.open).toBe(false);
    expect(state.current?.status).toBe('failed');
  });
});
