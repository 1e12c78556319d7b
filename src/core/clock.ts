// Time is injected everywhere so tests control it and never sleep.
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();
