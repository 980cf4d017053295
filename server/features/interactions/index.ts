/** Interactions: the timeline of a dossier — what people logged, merged with system entries. Public face. */
export { createInteractionService, type InteractionService, type OpenTicket } from './interactions.service';
export { createInteractionRoutes } from './interactions.routes';
export type { InteractionStore, Interaction, InteractionPatch } from './interaction-store';
