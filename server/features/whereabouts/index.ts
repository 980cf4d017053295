/** Whereabouts (issue #10 "who is where"): presence, absences and coverage, stalled work. Public face. */
export { createWhereaboutsService, type WhereaboutsService, type WhereaboutsDeps } from './whereabouts.service';
export { createWhereaboutsRoutes } from './whereabouts.routes';
export { registerWhereaboutsSocket } from './whereabouts.socket';
