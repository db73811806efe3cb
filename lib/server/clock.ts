/**
 * The server's clock: the scheduler, tokens and pause timers read time and set timers only through it, so tests
 * run them on a fake clock.
 * @module
 */

export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  setTimeout(callback: () => void, ms: number): number;
  clearTimeout(id: number): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, Math.max(0, Math.min(ms, 2 ** 31 - 1))) as unknown as number,
  clearTimeout: (id) => clearTimeout(id),
};
