/**
 * `--throttle-upload` as a wrapper: uploads together stay at or below a rate. Each put books its share of time
 * on one shared timeline (bytes / rate, starting where the previous booking ended, or now) and resolves no earlier
 * than the end of its booking; a put that took longer by itself is not delayed further. Reads, lists and deletes
 * pass through. The wait ends early with CancelledError when the operation is cancelled.
 * @module
 */
import type { Backend } from "../backend.ts";
import { cancellableDelay } from "./_delay.ts";

/** Options of {@link withUploadThrottle}. */
export interface UploadThrottle {
  /** Bytes per second; 0 or less means no limit. */
  readonly bytesPerSecond: number;
  readonly signal: AbortSignal;
  /** Milliseconds since some fixed point; defaults to performance.now (tests pass a fake). */
  readonly now?: () => number;
}

/** Wraps `inner` so its uploads together stay at or below `bytesPerSecond`. */
export function withUploadThrottle(inner: Backend, throttle: UploadThrottle): Backend {
  if (!(throttle.bytesPerSecond > 0)) return inner;
  const now = throttle.now ?? (() => performance.now());
  let bookedUntil = 0;
  return {
    properties: inner.properties,
    list: () => inner.list(),
    get: (name, consume) => inner.get(name, consume),
    delete: (name) => inner.delete(name),
    createFolder: () => inner.createFolder(),
    quota: () => inner.quota(),
    close: () => inner.close(),
    ...(inner.localPath ? { localPath: (name: string) => inner.localPath!(name) } : {}),
    async put(name, source) {
      const start = Math.max(now(), bookedUntil);
      bookedUntil = start + (source.size / throttle.bytesPerSecond) * 1000;
      const until = bookedUntil;
      await inner.put(name, source);
      const wait = until - now();
      if (wait > 0) await cancellableDelay(wait, throttle.signal, `upload "${name}"`);
    },
  };
}
