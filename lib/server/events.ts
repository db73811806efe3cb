/**
 * Change counters behind GET /serverstate's LastEventID / LastDataUpdateID / LastNotificationUpdateID, and the
 * long-poll wait on them. Anything that changes what a client shows calls one of the bump methods.
 * @module
 */

export type ChangeKind = "state" | "data" | "notification";

export class EventHub {
  #eventId = 0;
  #dataId = 0;
  #notificationId = 0;
  #waiters = new Set<() => void>();
  #closed = false;

  get lastEventId(): number {
    return this.#eventId;
  }
  get lastDataUpdateId(): number {
    return this.#dataId;
  }
  get lastNotificationUpdateId(): number {
    return this.#notificationId;
  }

  /** Records a change: every kind bumps LastEventID; "data" and "notification" also bump their own counter. */
  bump(kind: ChangeKind = "state"): void {
    this.#eventId++;
    if (kind === "data") this.#dataId++;
    if (kind === "notification") this.#notificationId++;
    this.#wakeAll();
  }

  /**
   * Ends every long poll (the server is stopping): open waits resolve now and later ones at once, so stopping the
   * web server, which waits for requests in flight, is not held up to an hour. Idempotent.
   */
  close(): void {
    this.#closed = true;
    this.#wakeAll();
  }

  /**
   * Resolves when LastEventID differs from `lastSeen`, after `timeoutMs`, when `signal` aborts, or when the hub is
   * closed; at once when it already differs or the hub is closed.
   */
  waitForChange(lastSeen: number, env: { timeoutMs: number; signal?: AbortSignal }): Promise<void> {
    if (this.#closed || this.#eventId !== lastSeen || env.signal?.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#waiters.delete(done);
        env.signal?.removeEventListener("abort", done);
        resolve();
      };
      const timer = setTimeout(done, env.timeoutMs);
      this.#waiters.add(done);
      env.signal?.addEventListener("abort", done, { once: true });
    });
  }

  #wakeAll(): void {
    const waiters = [...this.#waiters];
    this.#waiters.clear();
    for (const wake of waiters) wake();
  }
}
