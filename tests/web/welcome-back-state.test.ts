import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/lib/api/api-error';
import type { DigestDossierDTO, DigestDTO } from '../../src/lib/contract';
import { WelcomeBackState } from '../../src/lib/state/welcome-back-state.svelte';
import { absence } from './fakes/fake-continuity-ports';

const DAY = 24 * 60 * 60 * 1000;
// Lena's vacation ran Mon 16 – Fri 20 November 2026 (Berlin), ending at midnight.
const ENDS = '2026-11-20T23:00:00.000Z';
const away = absence({ id: 'a1', from: '2026-11-15T23:00:00.000Z', to: ENDS, status: 'ended' });

const dossier = (id: string, entries: number): DigestDossierDTO => ({
  dossierId: id,
  company: id,
  interactions: [],
  changedFields: [],
  tasksDone: [],
  tickets: [],
  handoffs: [],
  byNames: ['Tom'],
  entries: Array.from({ length: entries }, (_, i) => ({
    kind: 'interaction' as const,
    at: ENDS,
    byId: 'tom',
    byName: 'Tom',
    summary: `call ${i}`
  })),
  lastAt: ENDS
});

async function loaded(digest: DigestDTO | Error, nowMs: number, userId = 'lena') {
  const state = new WelcomeBackState({
    userId,
    ports: {
      now: () => nowMs,
      getDigest: async () => {
        if (digest instanceof Error) throw digest;
        return digest;
      }
    }
  });
  await state.load();
  return state;
}

describe('WelcomeBackState: the desk banner after an absence', () => {
  it('shows for a week after the absence ended when colleagues touched my dossiers', async () => {
    const digest = { absence: away, dossiers: [dossier('d1', 2), dossier('d2', 1)] };
    const justBack = await loaded(digest, Date.parse(ENDS) + 9 * 60 * 60 * 1000);
    expect(justBack.visible).toBe(true);
    expect([justBack.dossierCount, justBack.entryCount]).toEqual([2, 3]);
    expect((await loaded(digest, Date.parse(ENDS) + 7 * DAY)).visible).toBe(true);
    expect((await loaded(digest, Date.parse(ENDS) + 7 * DAY + 1)).visible).toBe(false);
  });

  it('counts an absence ended early from when it ended', async () => {
    const early = { ...away, endedAt: '2026-11-18T12:00:00.000Z' };
    const digest = { absence: early, dossiers: [dossier('d1', 1)] };
    const state = await loaded(digest, Date.parse('2026-11-25T13:00:00.000Z'));
    expect(state.endedAt).toBe('2026-11-18T12:00:00.000Z');
    expect(state.visible).toBe(false);
    expect((await loaded(digest, Date.parse('2026-11-25T11:00:00.000Z'))).visible).toBe(true);
  });

  it('stays hidden with nothing to report, for another person’s absence, or when the digest fails', async () => {
    const now = Date.parse(ENDS) + DAY;
    expect((await loaded({ absence: away, dossiers: [] }, now)).visible).toBe(false);
    expect((await loaded({ absence: null, dossiers: [] }, now)).visible).toBe(false);
    expect((await loaded({ absence: away, dossiers: [dossier('d1', 1)] }, now, 'boss')).visible).toBe(false);
    const active = { ...away, status: 'active' as const };
    expect((await loaded({ absence: active, dossiers: [dossier('d1', 1)] }, now)).visible).toBe(false);
    const failed = await loaded(new ApiError({ code: 'internal', message: 'down', status: 500 }), now);
    expect(failed.visible).toBe(false);
  });
});
