import type { App } from '../../server/app';
import type { CoverageService } from '../../server/features/continuity';

/**
 * The app's CoverageService for the simulation and the benchmark. Placeholder until createCoverageService
 * (i9-core) is merged: then it is built on the app's stores exactly as the composition root wires it.
 */
export function simCoverageOf(_app: App): CoverageService {
  throw new Error('createCoverageService is not merged yet (i9-core)');
}
