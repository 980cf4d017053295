/** Issue #11: sleeping customers, the dormancy sweep, win-back processes, premium customers. Public face. */
export { createDormancyService, type DormancyService } from './dormancy.service';
export { createWinbackService, type WinbackService } from './winback.service';
export { createPremiumService, type PremiumService } from './premium.service';
export { createWinbackRoutes } from './winback.routes';
export { createDormancyJobs, startDormancySweepOnStart } from './winback.jobs';
export type { WinbackStore, WinbackProcess, WinbackStepRecord } from './winback-store';
export type { CustomerValueStore, QuietDossier, DossierValueStats, DossierRevenue } from './customer-value-store';
