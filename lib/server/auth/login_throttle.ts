/**
 * Slows down password guessing: after a few failed attempts from one client, further attempts are refused with
 * 429 (and a Retry-After) for a delay that doubles with each failure, capped at a minute. A success resets the
 * client. Time comes from the server {@link Clock}, so tests drive it with a fake clock.
 * @module
 */
import type { Clock } from "../clock.ts";
import { HttpError } from "../http_error.ts";

/** 429 while a client must wait; app.ts's error mapping copies `retryAfterSeconds` into the Retry-After header. */
export class TooManyAttemptsError extends HttpError {
  constructor(readonly retryAfterSeconds: number) {
    super(429, `Too many failed sign-in attempts; try again in ${retryAfterSeconds} seconds`, {
      reason: "too-many-attempts",
    });
    this.name = "TooManyAttemptsError";
  }
}

export interface LoginThrottleOptions {
  /** Failures allowed before delays start (default 3). */
  readonly freeFailures?: number;
  /** Delay after the first counted failure, doubled for each further one (default 1 s). */
  readonly baseDelayMs?: number;
  /** Cap of the delay (default 60 s). */
  readonly maxDelayMs?: number;
  /** A client with no failure for this long is forgotten (default 15 min). */
  readonly forgetAfterMs?: number;
  /** Most clients remembered; the least recently failed are dropped first (default 10,000). */
  readonly maxClients?: number;
}

interface ClientState {
  failures: number;
  lastFailure: number;
  lockedUntil: number;
}

export class LoginThrottle {
  readonly #clock: Clock;
  readonly #freeFailures: number;
  readonly #baseDelayMs: number;
  readonly #maxDelayMs: number;
  readonly #forgetAfterMs: number;
  readonly #maxClients: number;
  readonly #clients = new Map<string, ClientState>();

  constructor(clock: Clock, options: LoginThrottleOptions = {}) {
    this.#clock = clock;
    this.#freeFailures = options.freeFailures ?? 3;
    this.#baseDelayMs = options.baseDelayMs ?? 1_000;
    this.#maxDelayMs = options.maxDelayMs ?? 60_000;
    this.#forgetAfterMs = options.forgetAfterMs ?? 15 * 60_000;
    this.#maxClients = options.maxClients ?? 10_000;
  }

  /** Throws {@link TooManyAttemptsError} while `client` must wait; otherwise returns. */
  check(client: string): void {
    const now = this.#clock.now();
    this.#forgetIdle(now);
    const state = this.#clients.get(client);
    if (state && state.lockedUntil > now) {
      throw new TooManyAttemptsError(Math.max(1, Math.ceil((state.lockedUntil - now) / 1000)));
    }
  }

  /** Counts a failed attempt; from the `freeFailures`th on, the client must wait before the next one. */
  recordFailure(client: string): void {
    const now = this.#clock.now();
    const state = this.#clients.get(client) ?? { failures: 0, lastFailure: now, lockedUntil: 0 };
    state.failures++;
    state.lastFailure = now;
    const counted = state.failures - this.#freeFailures;
    if (counted >= 0) {
      state.lockedUntil = now + Math.min(this.#maxDelayMs, this.#baseDelayMs * 2 ** Math.min(counted, 30));
    }
    this.#clients.delete(client);
    this.#clients.set(client, state);
    while (this.#clients.size > this.#maxClients) {
      const oldest = this.#clients.keys().next().value;
      if (oldest === undefined) break;
      this.#clients.delete(oldest);
    }
  }

  /** Forgets the client's failures. */
  recordSuccess(client: string): void {
    this.#clients.delete(client);
  }

  /** Number of clients with remembered failures (for tests and diagnostics). */
  get trackedClients(): number {
    return this.#clients.size;
  }

  #forgetIdle(now: number): void {
    // Entries are kept in order of their last failure, so the idle ones are at the front.
    for (const [client, state] of this.#clients) {
      if (now - state.lastFailure < this.#forgetAfterMs || state.lockedUntil > now) break;
      this.#clients.delete(client);
    }
  }
}
