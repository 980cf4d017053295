/** Lead intake (issue #8): team intake keys and the lead endpoint for web forms. The only public face. */
export { createIntakeService, hashIntakeKey, type IntakeService, type LeadAvailability } from './intake.service';
export { createIntakeRoutes, INTAKE_LEADS_PATH, bearerToken } from './intake.routes';
export type { IntakeStore, IntakeKey, LeadRecords } from './intake-store';
