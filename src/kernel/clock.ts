/** The one source of "now", so tests and jobs can reason about time explicitly. */
export type Clock = { now(): Date };
export const systemClock: Clock = { now: () => new Date() };
export const DAY_MS = 86_400_000;
