import {
  completeWinbackStep,
  failWinback,
  getDossierWinback,
  getPremium,
  getSleeping,
  getWinbackBoard,
  patchDossierRecord,
  runDormancySweep,
  startWinback
} from '$lib/api/winback-api';
import type { DossierWinbackPorts } from './dossier-winback-state.svelte';
import type { WinbackPagePorts } from './winback-page-state.svelte';

export const browserWinbackPagePorts = (): WinbackPagePorts => ({
  sleeping: (sort) => getSleeping({ sort }),
  board: () => getWinbackBoard(),
  premium: (share) => getPremium({ share }),
  sweep: () => runDormancySweep(),
  start: (dossierId) => startWinback(dossierId),
  patch: (dossierId, body) => patchDossierRecord(dossierId, body)
});

export const browserDossierWinbackPorts = (): DossierWinbackPorts => ({
  load: (dossierId) => getDossierWinback(dossierId),
  start: (dossierId, assigneeId) => startWinback(dossierId, assigneeId),
  completeStep: (dossierId, n, body) => completeWinbackStep(dossierId, n, body),
  fail: (dossierId, reason) => failWinback(dossierId, reason)
});
