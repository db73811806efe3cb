/**
 * The server's scheduler (Duplicati's Scheduler.cs, spec §3.9): queues a backup when its schedule falls due and
 * records the run in the schedule row once the backup finishes.
 *
 * - One timer: it fires at the soonest next run, at most 5 minutes ahead (1 minute when nothing is scheduled, never
 *   sooner than 100 ms), so an idle server does no work in between. `refresh()` re-reads the schedules at once.
 * - A due schedule queues one backup unless a backup of that backup id is already waiting or running; then (queued
 *   or not) its next run becomes the first occurrence after now, so missed occurrences are never replayed.
 * - While the queue is paused nothing is queued: a due schedule stays due and runs once after the resume (call
 *   `refresh()` after `resume()`; otherwise the next wake-up, at most a minute later, finds it).
 * - The row (Time = next run's series time, LastRun = when the backup actually started) is written only when the
 *   queued backup finishes. A server that dies while the backup waits or runs has written nothing, so it runs the
 *   schedule again right after the restart; after downtime each overdue schedule runs once.
 * - Schedules with an empty Repeat are not scheduled (Duplicati's rule).
 * @module
 */
import type { Clock } from "../clock.ts";
import type { ConfigStore, Schedule } from "../config_store/model.ts";
import type { SchedulerView } from "../deps.ts";
import type { TaskQueue, TaskRequest } from "../tasks/task_types.ts";
import { nextRun, nextRunAfter, type PlannedRun } from "./next_run.ts";
import { systemTimeZone } from "./server_time_zone.ts";

const MAX_SLEEP_MS = 5 * 60_000;
const IDLE_SLEEP_MS = 60_000;
const MIN_SLEEP_MS = 100;

export interface SchedulerOptions {
  readonly clock: Clock;
  readonly schedules: Pick<ConfigStore, "listSchedules" | "setSchedule" | "getSchedule">;
  readonly queue: TaskQueue;
  /** The backup task to queue (the run after it shows in `proposedSchedule()` once it is queued). */
  readonly makeTask: (backupId: number) => TaskRequest;
  /** The IANA time zone schedules are computed in, read on every pass; default the system's. */
  readonly timeZone?: () => string;
  /**
   * A schedule that cannot be computed (bad Repeat or time zone; reported once per schedule version), a task that
   * cannot be made, or a failed write of the schedule row; backup id -1 when the schedules cannot be read.
   */
  readonly onError?: (backupId: number, error: unknown) => void;
  /** Called when the proposed schedule changes (the lead bumps the EventHub). */
  readonly onChange?: () => void;
}

/** What the scheduler remembers about one schedule between passes. */
interface Entry {
  /** The row and time zone this entry was computed from. */
  readonly key: string;
  /** Next run, epoch ms; NaN when the schedule cannot be computed. */
  readonly time: number;
  /** Series time to store after that run. */
  readonly storeTime: number;
}

export class Scheduler implements SchedulerView {
  readonly #options: SchedulerOptions;
  readonly #entries = new Map<number, Entry>();
  #timer: number | undefined;
  #started = false;
  #stopped = false;
  #passing = false;
  #again = false;
  #proposed = "";

  constructor(options: SchedulerOptions) {
    this.#options = options;
  }

  /** Runs the first pass (overdue schedules are queued now) and keeps waking up until `stop()`. */
  start(): void {
    if (this.#started || this.#stopped) return;
    this.#started = true;
    this.refresh();
  }

  /** Re-reads the schedules and queues what is due; no-op before `start()` and after `stop()`. */
  refresh(): void {
    if (!this.#started || this.#stopped) return;
    if (this.#passing) {
      this.#again = true;
      return;
    }
    this.#passing = true;
    try {
      do {
        this.#again = false;
        this.#pass();
      } while (this.#again && !this.#stopped);
    } finally {
      this.#passing = false;
    }
    this.#arm();
    this.#announce();
  }

  /** (backup id, next run) for every schedule that can be computed, soonest first. */
  proposedSchedule(): { backupId: number; time: number }[] {
    const list: { backupId: number; time: number }[] = [];
    for (const [backupId, entry] of this.#entries) {
      if (!Number.isNaN(entry.time)) list.push({ backupId, time: entry.time });
    }
    return list.sort((a, b) => a.time - b.time || a.backupId - b.backupId);
  }

  /** Stops waking up. Backups already queued still record their run when they finish. */
  stop(): void {
    this.#stopped = true;
    if (this.#timer !== undefined) this.#options.clock.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #pass(): void {
    const { clock, schedules, queue } = this.#options;
    const now = clock.now();
    const zone = this.#zone();
    let rows: Schedule[];
    try {
      rows = schedules.listSchedules();
    } catch (error) {
      this.#report(-1, error);
      return;
    }
    const present = new Set<number>();
    for (const row of rows) {
      if (row.repeat.trim() === "") continue;
      present.add(row.backupId);
      const key = `${rowKey(row)}|${zone}`;
      let entry = this.#entries.get(row.backupId);
      if (entry?.key === key && Number.isNaN(entry.time)) continue;
      try {
        // A cached plan stands while the row is unchanged (also with a LastRun in the future, so the reset to now
        // happens once, not on every pass).
        if (entry?.key !== key) entry = toEntry(key, nextRun(row, { now, timeZone: zone }));
        if (entry.time <= now && !queue.paused) {
          const following = nextRunAfter({ ...row, time: entry.storeTime }, { after: now, timeZone: zone });
          if (!this.#isQueued(row.backupId)) this.#enqueue(row, following);
          entry = toEntry(key, following);
        }
      } catch (error) {
        this.#report(row.backupId, error);
        entry = { key, time: Number.NaN, storeTime: Number.NaN };
      }
      this.#entries.set(row.backupId, entry);
    }
    for (const id of [...this.#entries.keys()]) if (!present.has(id)) this.#entries.delete(id);
  }

  #enqueue(row: Schedule, following: PlannedRun): void {
    const { clock, queue, makeTask } = this.#options;
    let inner: TaskRequest;
    try {
      inner = makeTask(row.backupId);
    } catch (error) {
      this.#report(row.backupId, error);
      return;
    }
    const key = rowKey(row);
    const request: TaskRequest = {
      operation: inner.operation,
      backupId: inner.backupId,
      run: async (control) => {
        const startedAt = clock.now();
        try {
          return await inner.run(control);
        } finally {
          this.#record(row.backupId, { key, time: following.storeTime, lastRun: startedAt });
        }
      },
    };
    queue.enqueue(request);
  }

  /** Writes the finished run into the schedule row (only LastRun when the schedule was edited meanwhile). */
  #record(backupId: number, run: { key: string; time: number; lastRun: number }): void {
    const { schedules } = this.#options;
    try {
      const current = schedules.getSchedule(backupId);
      if (!current) return;
      const time = rowKey(current) === run.key ? run.time : current.time;
      schedules.setSchedule(backupId, {
        time,
        repeat: current.repeat,
        lastRun: run.lastRun,
        allowedDays: current.allowedDays,
      });
    } catch (error) {
      this.#report(backupId, error);
      return;
    }
    // Look again once the queue has let go of the finished task (it still counts as running until run() returns).
    this.#arm(0);
  }

  #isQueued(backupId: number): boolean {
    const { queue } = this.#options;
    const id = String(backupId);
    const tasks = [queue.active(), ...queue.queued()];
    return tasks.some((task) => task !== undefined && task.Operation === "Backup" && task.BackupID === id);
  }

  /** Sets the one wake-up timer: in `delayMs`, or when the soonest schedule is due (see the module doc). */
  #arm(delayMs?: number): void {
    const { clock, queue } = this.#options;
    if (this.#timer !== undefined) clock.clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#stopped || !this.#started) return;
    const wake = () => {
      this.#timer = undefined;
      this.refresh();
    };
    if (delayMs !== undefined) {
      this.#timer = clock.setTimeout(wake, delayMs);
      return;
    }
    const now = clock.now();
    const soonest = this.proposedSchedule()[0]?.time;
    let delay = soonest === undefined ? IDLE_SLEEP_MS : soonest - now;
    // Due but not queued: only a pause holds it back; wake when a timed pause ends, else look again in a minute.
    if (delay <= 0) delay = queue.pausedUntil > now ? Math.min(queue.pausedUntil - now, IDLE_SLEEP_MS) : IDLE_SLEEP_MS;
    delay = Math.max(MIN_SLEEP_MS, Math.min(delay, MAX_SLEEP_MS));
    this.#timer = clock.setTimeout(wake, delay);
  }

  #announce(): void {
    const proposed = JSON.stringify(this.proposedSchedule());
    if (proposed === this.#proposed) return;
    this.#proposed = proposed;
    try {
      this.#options.onChange?.();
    } catch {
      // A failing change hook must not stop the scheduler.
    }
  }

  #zone(): string {
    return this.#options.timeZone?.() ?? systemTimeZone();
  }

  #report(backupId: number, error: unknown): void {
    try {
      this.#options.onError?.(backupId, error);
    } catch {
      // A failing error hook must not stop the scheduler.
    }
  }
}

function toEntry(key: string, plan: PlannedRun): Entry {
  return { key, time: plan.time, storeTime: plan.storeTime };
}

/** The row fields that decide the next run; a change means recompute. */
function rowKey(row: Schedule): string {
  const days = [...new Set(row.allowedDays)].sort().join(",");
  return `${row.time}|${row.repeat}|${row.lastRun}|${days}`;
}
