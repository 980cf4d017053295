import type { Clock } from '../ports/clock';

/** The wall clock. Only the composition root picks it; everything else receives a Clock. */
export const systemClock: Clock = { now: () => Date.now() };
