/**
 * A cancellable sleep: waits that end early when their signal aborts, so loops that poll or back off stop at once
 * and leave no timer behind.
 * @module
 */

/** Resolves after `ms`, or at once when `signal` aborts (already aborted: immediately). Never rejects. */
export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });
}
