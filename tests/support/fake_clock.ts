/**
 * FakeClock: a {@link Clock} whose time moves only when a test says so. Timers fire in due-time order (ties in the
 * order they were set) while {@link FakeClock.advance} walks the time forward; `now()` inside a callback is that
 * timer's due time. Timers set by a callback fire in the same advance when they fall due within it.
 * @module
 */
import type { Clock } from "../../lib/server/clock.ts";

interface Timer {
  readonly id: number;
  readonly due: number;
  readonly callback: () => void;
}

/** 2024-01-01T00:00:00Z, a whole second so token `exp` values (seconds) are exact. */
export const FAKE_CLOCK_START = Date.UTC(2024, 0, 1);

export class FakeClock implements Clock {
  #now: number;
  #nextId = 1;
  #timers = new Map<number, Timer>();
  #advancing = false;

  constructor(start: number = FAKE_CLOCK_START) {
    if (!Number.isFinite(start)) throw new RangeError(`Cannot start a fake clock at "${start}": not a finite number`);
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  setTimeout(callback: () => void, ms: number): number {
    const delay = Number.isFinite(ms) && ms > 0 ? ms : 0;
    const id = this.#nextId++;
    this.#timers.set(id, { id, due: this.#now + delay, callback });
    return id;
  }

  clearTimeout(id: number): void {
    this.#timers.delete(id);
  }

  /** How many timers are set and not yet fired or cleared. */
  get pendingTimers(): number {
    return this.#timers.size;
  }

  /** Due time (epoch ms) of the next timer, undefined when none is set. */
  nextDue(): number | undefined {
    return this.#earliest()?.due;
  }

  /**
   * Moves the time forward by `ms`, firing every timer that falls due on the way, in order. A callback that throws
   * stops the advance there (time stays at that timer's due time) and the error propagates.
   */
  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`Cannot advance a fake clock by "${ms}" ms`);
    const target = this.#now + ms;
    this.#enter();
    try {
      for (let timer = this.#dueBy(target); timer; timer = this.#dueBy(target)) this.#fire(timer);
      this.#now = target;
    } finally {
      this.#advancing = false;
    }
  }

  /**
   * Like {@link advance}, but lets pending promise callbacks run after each timer (and before returning), so async
   * work started by a timer can set its next timer before the clock moves past it.
   */
  async advanceAsync(ms: number): Promise<void> {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`Cannot advance a fake clock by "${ms}" ms`);
    const target = this.#now + ms;
    this.#enter();
    try {
      await settle();
      for (let timer = this.#dueBy(target); timer; timer = this.#dueBy(target)) {
        this.#fire(timer);
        await settle();
      }
      this.#now = target;
      await settle();
    } finally {
      this.#advancing = false;
    }
  }

  /** Jumps to the next timer's due time and fires the timers due then; false when no timer is set. */
  runNext(): boolean {
    const due = this.nextDue();
    if (due === undefined) return false;
    this.advance(due - this.#now);
    return true;
  }

  #enter(): void {
    if (this.#advancing) throw new Error("Cannot advance a fake clock from inside one of its timers");
    this.#advancing = true;
  }

  #fire(timer: Timer): void {
    this.#timers.delete(timer.id);
    this.#now = Math.max(this.#now, timer.due);
    timer.callback();
  }

  #dueBy(target: number): Timer | undefined {
    const timer = this.#earliest();
    return timer && timer.due <= target ? timer : undefined;
  }

  #earliest(): Timer | undefined {
    let best: Timer | undefined;
    for (const timer of this.#timers.values()) {
      if (!best || timer.due < best.due || (timer.due === best.due && timer.id < best.id)) best = timer;
    }
    return best;
  }
}

/** Lets queued promise callbacks (and the chains they start) run, via one real macrotask turn. */
function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
