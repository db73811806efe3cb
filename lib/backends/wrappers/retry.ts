/**
 * Retries failed backend calls (Duplicati's `--number-of-retries`, `--retry-delay`,
 * `--retry-with-exponential-backoff`). Errors that `isPermanent()` recognises (missing file or folder, permanent
 * backend errors, cancellation) pass straight through; others are retried until `attempts` calls have failed.
 *
 * - `put` calls the inner backend again, which re-opens the upload source.
 * - `get` calls the inner backend again, which re-runs `consume`; consumers must be idempotent.
 * - `list` retries only until the first entry has been yielded; a failure after that is thrown, since the caller
 *   has already seen part of the listing.
 * - `delete` that finds the file gone on a retry counts as success: the failed attempt may have removed it.
 * - `close` is never retried.
 * @module
 */
import { CancelledError, isPermanent, RemoteFileNotFoundError } from "../../core/errors.ts";
import type { Backend, RemoteEntry } from "../backend.ts";
import { cancellableDelay } from "./_delay.ts";

/** How {@link withRetry} retries. */
export interface RetryPolicy {
  /** Total calls per action, at least 1: `--number-of-retries` + 1. */
  readonly attempts: number;
  /** Wait before the next call after failed call number `attempt` (1-based). */
  readonly delayMs: (attempt: number) => number;
  /** Stops waiting and retrying; waiting ends with CancelledError. */
  readonly signal: AbortSignal;
  /**
   * Called before each wait, with the action (`put "name"`, `get "name"`, `delete "name"`, `list`, `createFolder`,
   * `quota`), the error and the number of the failed call. Must not throw.
   */
  readonly onRetry?: (action: string, error: unknown, attempt: number) => void;
}

/** Wraps `inner` so transient failures are retried according to `policy`. */
export function withRetry(inner: Backend, policy: RetryPolicy): Backend {
  return {
    properties: inner.properties,
    list: () => retryList(inner, policy),
    put: (name, source) => retry(policy, `put "${name}"`, () => inner.put(name, source)),
    get: (name, consume) => retry(policy, `get "${name}"`, () => inner.get(name, consume)),
    delete: (name) =>
      retry(policy, `delete "${name}"`, async (attempt) => {
        try {
          await inner.delete(name);
        } catch (error) {
          if (attempt > 1 && error instanceof RemoteFileNotFoundError) return;
          throw error;
        }
      }),
    createFolder: () => retry(policy, "createFolder", () => inner.createFolder()),
    quota: () => retry(policy, "quota", () => inner.quota()),
    close: () => inner.close(),
    ...(inner.localPath ? { localPath: (name: string) => inner.localPath!(name) } : {}),
  };
}

async function retry<T>(policy: RetryPolicy, action: string, call: (attempt: number) => Promise<T>): Promise<T> {
  const attempts = Math.max(1, Math.floor(policy.attempts));
  for (let attempt = 1;; attempt++) {
    throwIfCancelled(policy.signal, action);
    try {
      return await call(attempt);
    } catch (error) {
      if (isPermanent(error) || attempt >= attempts) throw error;
      throwIfCancelled(policy.signal, action, error);
      policy.onRetry?.(action, error, attempt);
      await cancellableDelay(policy.delayMs(attempt), policy.signal, action);
    }
  }
}

async function* retryList(inner: Backend, policy: RetryPolicy): AsyncIterable<RemoteEntry> {
  const attempts = Math.max(1, Math.floor(policy.attempts));
  for (let attempt = 1;; attempt++) {
    throwIfCancelled(policy.signal, "list");
    let yielded = false;
    try {
      for await (const entry of inner.list()) {
        yielded = true;
        yield entry;
      }
      return;
    } catch (error) {
      if (yielded || isPermanent(error) || attempt >= attempts) throw error;
      throwIfCancelled(policy.signal, "list", error);
      policy.onRetry?.("list", error, attempt);
      await cancellableDelay(policy.delayMs(attempt), policy.signal, "list");
    }
  }
}

function throwIfCancelled(signal: AbortSignal, action: string, failure?: unknown): void {
  if (!signal.aborted) return;
  throw new CancelledError(`Cannot ${action}: cancelled`, { cause: failure ?? signal.reason });
}
