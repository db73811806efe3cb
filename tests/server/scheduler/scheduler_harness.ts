/**
 * A Scheduler over a FakeClock, an in-memory schedule table and a real SerialTaskQueue whose backup tasks record
 * when they started and finish at once (or when the test lets them, with `hold`).
 * @module
 */
import type { Weekday } from "../../../lib/server/api_types.ts";
import type { Schedule } from "../../../lib/server/config_store/model.ts";
import { Scheduler } from "../../../lib/server/scheduler/scheduler.ts";
import { SerialTaskQueue } from "../../../lib/server/tasks/task_queue.ts";
import type { TaskOutcome, TaskRequest } from "../../../lib/server/tasks/task_types.ts";
import { FakeClock } from "../../support/fake_clock.ts";

export const utc = (text: string): number => Date.parse(text);
export const iso = (time: number): string => new Date(time).toISOString();

/** The three methods the scheduler uses, over a Map; `writes` counts setSchedule calls. */
export class MemorySchedules {
  readonly rows = new Map<number, Schedule>();
  writes = 0;
  constructor(rows: readonly Schedule[] = []) {
    for (const row of rows) this.rows.set(row.backupId, row);
  }
  listSchedules(): Schedule[] {
    return [...this.rows.values()];
  }
  getSchedule(backupId: number): Schedule | undefined {
    return this.rows.get(backupId);
  }
  setSchedule(backupId: number, schedule: Omit<Schedule, "backupId"> | null): void {
    this.writes++;
    if (schedule === null) this.rows.delete(backupId);
    else this.rows.set(backupId, { backupId, ...schedule });
  }
}

export function row(
  backupId: number,
  time: string,
  repeat: string,
  extra: { lastRun?: string; allowedDays?: Weekday[] } = {},
): Schedule {
  return {
    backupId,
    time: utc(time),
    repeat,
    lastRun: extra.lastRun ? utc(extra.lastRun) : 0,
    allowedDays: extra.allowedDays ?? [],
  };
}

export interface Run {
  readonly backupId: number;
  /** ISO start time. */
  readonly at: string;
  /** ISO time of the schedule's next run as the scheduler proposes it while this run starts. */
  readonly next: string;
}

export class Harness {
  readonly clock: FakeClock;
  readonly store: MemorySchedules;
  readonly queue: SerialTaskQueue;
  readonly scheduler: Scheduler;
  readonly runs: Run[] = [];
  readonly errors: { backupId: number; message: string }[] = [];
  changes = 0;
  /** When true, started tasks wait for `finishAll()` (or a stop). */
  hold = false;
  readonly #held: (() => void)[] = [];

  constructor(env: { now: string; rows?: readonly Schedule[]; timeZone?: string; store?: MemorySchedules }) {
    this.clock = new FakeClock(utc(env.now));
    this.store = env.store ?? new MemorySchedules(env.rows);
    this.queue = new SerialTaskQueue({ clock: this.clock });
    this.scheduler = new Scheduler({
      clock: this.clock,
      schedules: this.store,
      queue: this.queue,
      timeZone: () => env.timeZone ?? "UTC",
      makeTask: (backupId) => this.task(backupId, { scheduled: true }),
      onError: (backupId, error) => this.errors.push({ backupId, message: String(error) }),
      onChange: () => this.changes++,
    });
  }

  /** A backup task like the server's, recording its start. */
  task(backupId: number, env: { scheduled?: boolean } = {}): TaskRequest {
    return {
      operation: "Backup",
      backupId: String(backupId),
      run: (control) => {
        // Only scheduled runs have a next run; one queued by hand records "".
        const next = env.scheduled
          ? this.scheduler.proposedSchedule().find((p) => p.backupId === backupId)?.time
          : undefined;
        this.runs.push({ backupId, at: iso(this.clock.now()), next: next === undefined ? "" : iso(next) });
        if (!this.hold) return Promise.resolve({ exitCode: 0 });
        return new Promise<TaskOutcome>((resolve) => {
          const done = () => resolve({ exitCode: 0 });
          this.#held.push(done);
          control.signal.addEventListener("abort", done, { once: true });
        });
      },
    };
  }

  async finishAll(): Promise<void> {
    for (const done of this.#held.splice(0)) done();
    await flush();
  }

  /** Moves the fake time forward, firing timers in order and letting promise chains run after each. */
  async walk(ms: number): Promise<void> {
    const target = this.clock.now() + ms;
    await flush();
    for (let due = this.clock.nextDue(); due !== undefined && due <= target; due = this.clock.nextDue()) {
      this.clock.advance(due - this.clock.now());
      await flush();
    }
    this.clock.advance(target - this.clock.now());
    await flush();
  }

  async walkTo(time: string): Promise<void> {
    await this.walk(utc(time) - this.clock.now());
  }

  runTimes(): string[] {
    return this.runs.map((run) => run.at);
  }

  async close(): Promise<void> {
    this.scheduler.stop();
    await this.queue.shutdown({ stopRunning: true });
  }
}

/** Lets chained promise callbacks run (cheaper than a macrotask turn per fake timer). */
export async function flush(): Promise<void> {
  for (let i = 0; i < 30; i++) await Promise.resolve();
}
