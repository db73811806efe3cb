/**
 * The retry options (`--number-of-retries`, `--retry-delay`, `--retry-with-exponential-backoff`) and the
 * {@link RetryPolicy} they describe, and `--throttle-upload`. Read by `open_backend.ts`.
 * @module
 */
import { errorMessage } from "../core/errors.ts";
import { type Logger, LogWriter } from "../core/log.ts";
import { booleanOption, integerOption, sizeOption, timespanOption } from "../options/define.ts";
import type { Options } from "../options/option_spec.ts";
import type { RetryPolicy } from "./wrappers/retry.ts";

/** Retries after the first failed call; negative values count as 0 (Duplicati's default: 5). */
export const NUMBER_OF_RETRIES = integerOption({
  name: "number-of-retries",
  default: 5,
  summary: "How many times a failed remote operation is retried before it counts as an error",
  category: "backend",
});

/** Wait between retries (Duplicati's default: 10s). */
export const RETRY_DELAY = timespanOption({
  name: "retry-delay",
  default: "10s",
  summary: "How long to wait before retrying a failed remote operation",
  category: "backend",
});

/** Doubles the wait after every failed call, up to 1024 times the base delay. */
export const RETRY_WITH_EXPONENTIAL_BACKOFF = booleanOption({
  name: "retry-with-exponential-backoff",
  summary: "Double the retry delay after every failed attempt",
  category: "backend",
});

/** Upper limit for the upload rate of all uploads together (Duplicati's --throttle-upload); none by default. */
export const THROTTLE_UPLOAD = sizeOption({
  name: "throttle-upload",
  summary: "The most bytes per second to upload, all uploads together (e.g. 500KB); no limit when not set",
  category: "backend",
  min: 1,
});

/** Every option this file declares, for the option registry. */
export const RETRY_OPTIONS = [NUMBER_OF_RETRIES, RETRY_DELAY, RETRY_WITH_EXPONENTIAL_BACKOFF, THROTTLE_UPLOAD] as const;

/** Base delay, doubled per failed call when backing off; the exponent stops growing at 10 (as in Duplicati). */
export function retryDelayMs(baseMs: number, attempt: number, exponential: boolean): number {
  if (!exponential) return baseMs;
  return baseMs * 2 ** Math.min(Math.max(attempt, 1) - 1, 10);
}

/** The policy the options describe; each retry is logged at level "Retry". */
export function retryPolicyFromOptions(options: Options, context: { signal: AbortSignal; log: Logger }): RetryPolicy {
  const attempts = Math.max(0, options.get(NUMBER_OF_RETRIES)) + 1;
  const baseMs = options.get(RETRY_DELAY);
  const exponential = options.get(RETRY_WITH_EXPONENTIAL_BACKOFF);
  const log = new LogWriter(context.log);
  return {
    attempts,
    delayMs: (attempt) => retryDelayMs(baseMs, attempt, exponential),
    signal: context.signal,
    onRetry(action, error, attempt) {
      const wait = retryDelayMs(baseMs, attempt, exponential);
      log.write(
        "Retry",
        "BackendRetry",
        `Operation ${action} attempt ${attempt} of ${attempts} failed, retrying in ${wait / 1000}s: ${
          errorMessage(error)
        }`,
        error,
      );
    },
  };
}
