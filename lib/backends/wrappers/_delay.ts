/**
 * Private: a cancellable sleep for the wrappers.
 * @module
 */
import { CancelledError } from "../../core/errors.ts";

/** Waits `ms` milliseconds; rejects with CancelledError (cause: the abort reason) as soon as `signal` aborts. */
export function cancellableDelay(ms: number, signal: AbortSignal, action: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const cancelled = () => new CancelledError(`Cannot ${action}: cancelled`, { cause: signal.reason });
    if (signal.aborted) return reject(cancelled());
    const onAbort = () => {
      clearTimeout(timer);
      reject(cancelled());
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, Math.max(0, ms));
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
