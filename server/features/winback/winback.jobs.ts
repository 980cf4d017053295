import type { JobDefinition } from '../../ports/scheduler';
import type { Timer } from '../../ports/timer';
import type { DormancyService } from './dormancy.service';

/**
 * The dormancy sweep (D2) runs daily at 03:30 in the teams' home zone (Europe/Berlin): nobody works then, and
 * a customer that crossed the 24-month line during the day is marked by the next morning. The scheduler claims
 * each daily slot once across restarts and nodes (SC2); within a run each dossier moves by a conditional
 * update (DS10), so a second run — the start-up sweep below, another node — marks nothing twice.
 */
export const DORMANCY_SWEEP_CRON = '30 3 * * *';

export function createDormancyJobs(deps: { dormancy: Pick<DormancyService, 'sweep'> }): JobDefinition[] {
  return [
    {
      name: 'winback.dormancy-sweep',
      schedule: { cron: DORMANCY_SWEEP_CRON },
      run: async () => {
        await deps.dormancy.sweep();
      }
    }
  ];
}

/**
 * Issue #11 "on start and daily": one sweep right after start (on the injected timer, so tests with fake time
 * decide when). Idempotent per dossier as above; close() waits for it.
 */
export function startDormancySweepOnStart(deps: {
  dormancy: Pick<DormancyService, 'sweep'>;
  timer: Timer;
  onError(error: unknown): void;
}): { close(): Promise<void> } {
  let running: Promise<void> | null = null;
  const handle = deps.timer.setTimeout(() => {
    running = deps.dormancy.sweep().then(
      () => undefined,
      (error: unknown) => deps.onError(error)
    );
    return running;
  }, 0);
  return {
    async close() {
      deps.timer.clearTimeout(handle);
      await running;
    }
  };
}
