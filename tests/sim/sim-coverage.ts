import type { App } from '../../server/app';
import type { CoverageService } from '../../server/features/continuity';

/** The app's own CoverageService (the one desk, permissions and routing ask) for the simulation and benchmark. */
export function simCoverageOf(app: App): CoverageService {
  return app.coverage;
}
