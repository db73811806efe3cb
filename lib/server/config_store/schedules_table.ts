/**
 * One schedule per backup: next run and last run as epoch milliseconds, the repeat timespan, and the allowed
 * weekdays as a comma list ("mon,tue"; "" = every day).
 * @module
 */
import type { DatabaseSync } from "node:sqlite";
import { stmt } from "../../database/statements.ts";
import type { Weekday } from "../api_types.ts";
import type { Schedule } from "./model.ts";

const WEEKDAYS: ReadonlySet<string> = new Set(["mon", "tue", "wed", "thu", "fri", "sat", "sun"]);

interface ScheduleRow {
  backup_id: number;
  time: number;
  repeat: string;
  last_run: number;
  allowed_days: string;
}

/** The `schedule` table. */
export class SchedulesTable {
  readonly #db: DatabaseSync;

  constructor(db: DatabaseSync) {
    this.#db = db;
  }

  get(backupId: number): Schedule | undefined {
    const row = stmt(this.#db, "SELECT * FROM schedule WHERE backup_id = ?").get(backupId);
    return row === undefined ? undefined : toSchedule(row as unknown as ScheduleRow);
  }

  /** Every schedule, by backup id. */
  list(): Schedule[] {
    const rows = stmt(this.#db, "SELECT * FROM schedule ORDER BY backup_id").all();
    return (rows as unknown as ScheduleRow[]).map(toSchedule);
  }

  /** null removes it; a schedule for an unknown backup (deleted meanwhile) is ignored. */
  set(backupId: number, schedule: Omit<Schedule, "backupId"> | null): void {
    if (schedule === null) {
      stmt(this.#db, "DELETE FROM schedule WHERE backup_id = ?").run(backupId);
      return;
    }
    stmt(
      this.#db,
      "INSERT INTO schedule (backup_id, time, repeat, last_run, allowed_days) " +
        "SELECT id, ?, ?, ?, ? FROM backup WHERE id = ? " +
        "ON CONFLICT (backup_id) DO UPDATE SET time = excluded.time, repeat = excluded.repeat, " +
        "last_run = excluded.last_run, allowed_days = excluded.allowed_days",
    ).run(
      Math.trunc(schedule.time),
      schedule.repeat,
      Math.trunc(schedule.lastRun),
      schedule.allowedDays.join(","),
      backupId,
    );
  }
}

function toSchedule(row: ScheduleRow): Schedule {
  return {
    backupId: Number(row.backup_id),
    time: Number(row.time),
    repeat: row.repeat,
    lastRun: Number(row.last_run),
    allowedDays: row.allowed_days.split(",").filter((day): day is Weekday => WEEKDAYS.has(day)),
  };
}
