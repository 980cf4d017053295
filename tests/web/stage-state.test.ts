import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/lib/api/api-error';
import type { ChangeStageInput, StageChangeDTO } from '../../src/lib/contract';
import { StageState } from '../../src/lib/state/stage-state.svelte';
import type { StagePorts } from '../../src/lib/state/followup-ports';

/** Ports that record what the state sends and answer like the server, or fail with `failWith`. */
class FakeStagePorts implements StagePorts {
  sent: ChangeStageInput[] = [];
  failWith: ApiError | null = null;
  async listStageChanges(): Promise<StageChangeDTO[]> {
    return [];
  }
  async changeStage(options: { dossierId: string; input: ChangeStageInput }): Promise<StageChangeDTO> {
    this.sent.push(options.input);
    if (this.failWith) throw this.failWith;
    return {
      id: `c${this.sent.length}`,
      dossierId: options.dossierId,
      from: options.input.from ?? null,
      to: options.input.stage,
      reason: options.input.reason ?? null,
      byId: 'u1',
      byName: 'Anna',
      at: '2026-11-27T14:00:00.000Z'
    };
  }
}

describe('StageState', () => {
  it('sends the stage the user saw as `from`, so a colleague’s move in between is a conflict, not overwritten', async () => {
    const ports = new FakeStagePorts();
    const state = new StageState({ ports, dossierId: 'd1', stage: 'lead' });
    expect(await state.change({ stage: 'prospect', reason: '' })).toBe(true);
    expect(ports.sent).toEqual([{ stage: 'prospect', reason: undefined, from: 'lead' }]);

    state.syncStage('customer'); // pushed: a colleague moved it
    ports.failWith = new ApiError({ status: 409, code: 'conflict', message: 'moved meanwhile' });
    expect(await state.change({ stage: 'lost', reason: 'Insolvenz' })).toBe(false);
    expect(ports.sent[1]).toEqual({ stage: 'lost', reason: 'Insolvenz', from: 'customer' });
    expect(state.error).toBe('conflict');
    expect(state.stage).toBe('customer');
  });

  it('knows which moves the server requires a reason for (L2)', () => {
    const state = new StageState({ ports: new FakeStagePorts(), dossierId: 'd1', stage: 'customer' });
    expect(state.reasonRequired('lost')).toBe(true);
    expect(state.reasonRequired('prospect')).toBe(true);
    expect(state.reasonRequired('key_account')).toBe(false);
    expect(state.reasonRequired('winback')).toBe(false);
  });
});
