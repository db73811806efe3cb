/**
 * When a schedule runs next: Duplicati's rule (Scheduler.GetNextValidTime), computed in an IANA time zone with
 * Intl.DateTimeFormat and no libraries. Pure functions; the Scheduler keeps the state.
 *
 * The algorithm, for a schedule (Time, Repeat, LastRun, AllowedDays), "now" and a time zone:
 *
 * 1. The series. Time is the anchor; occurrence k is the anchor plus k × Repeat (k = 0, 1, 2, ...), always from the
 *    anchor (not step by step) so nothing drifts. A Repeat without s/m/h parts ("1D", "1W", "1M", "1Y", "1M2D") is
 *    applied on the local wall clock: add calendar months (the day of month is clamped to the month's length, so Jan
 *    31 + 1M is Feb 29 or 28) then calendar days to the anchor's local date, keep its local time of day, and convert
 *    back to an instant. A Repeat with s/m/h parts ("2h", "30m", "1D12h") is elapsed time: days are 24 h, months
 *    are calendar months on the UTC calendar.
 * 2. Local times that do not exist or exist twice (DST changes): a nonexistent local time (in the spring-forward
 *    gap, e.g. 02:30 on 2024-03-31 in Europe/Berlin or on 2024-03-10 in America/New_York) runs at the same
 *    distance after the gap's start as it would have, using the offset from before the change: 02:30 becomes 03:30
 *    (the JavaScript Date and Temporal "compatible" rule). The next day is 02:30 again, because every occurrence is
 *    computed from the anchor's wall clock. A local time that occurs twice (the autumn fall-back, e.g. 02:30 on
 *    2024-10-27 in Berlin) runs at the first of the two (still summer time).
 * 3. The first due occurrence. If LastRun is in the future (the clock went back), both Time and LastRun are taken as
 *    now, so the schedule is due at once (Duplicati resets both). Otherwise the result is the first occurrence
 *    strictly after LastRun (LastRun 0 = never: the anchor itself). Duplicati uses "at or after LastRun"; an
 *    occurrence at the exact millisecond the last run started is that run, so it is not repeated.
 * 4. Allowed weekdays (in the time zone; empty = every day). For a Repeat of a day or more, step one local day at a
 *    time (keeping the intended wall-clock time) up to 7 times until the weekday is allowed. For shorter Repeats,
 *    take the first occurrence from the next local midnight on until the day is allowed.
 * 5. The run after a due one ({@link nextRunAfter}) is the same search for the first occurrence strictly after the
 *    given time (the scheduler passes now), from the same anchor.
 *
 * `storeTime` of a plan is the Time the scheduler stores once the run finishes: the series occurrence found in
 * step 3 (before the weekday skip) when it shows the anchor's wall-clock time and day of month exactly, else the
 * anchor unchanged. Storing a DST-shifted 03:30 or a clamped Feb 28 as the new anchor would move every later run;
 * storing the anchor instead keeps them, and the search from it with the new LastRun finds the same next run.
 * @module
 */
import type { Weekday } from "../api_types.ts";
import { UserInputError } from "../../core/errors.ts";
import { parseRepeat, type RepeatSpan, stepsByDays } from "./timespan.ts";

/** The schedule fields the computation reads (a config_store Schedule fits). */
export interface ScheduleTiming {
  /** Anchor, epoch ms. */
  readonly time: number;
  /** Timespan text; must not be empty. */
  readonly repeat: string;
  /** Start of the last run, epoch ms; 0 = never. */
  readonly lastRun: number;
  /** Empty = every day. */
  readonly allowedDays: readonly Weekday[];
}

/** One planned run. */
export interface PlannedRun {
  /** When to run, epoch ms (on an allowed weekday). */
  readonly time: number;
  /** The schedule Time to store after this run, so that a later search finds the same series (see the module doc). */
  readonly storeTime: number;
}

/** Local calendar fields; month 1-12. */
interface Wall {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly ms: number;
}

const DAY_MS = 86_400_000;
const WEEKDAYS: readonly Weekday[] = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];
const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * The next run per the module's rule; a time at or before `env.now` means the schedule is due.
 * Throws UserInputError for a bad Repeat or time zone.
 */
export function nextRun(schedule: ScheduleTiming, env: { now: number; timeZone: string }): PlannedRun {
  if (schedule.lastRun > env.now) return plan({ ...schedule, time: env.now }, { from: env.now, zone: env.timeZone });
  const from = schedule.lastRun > 0 ? schedule.lastRun + 1 : Number.NEGATIVE_INFINITY;
  return plan(schedule, { from, zone: env.timeZone });
}

/** The first run strictly after `env.after` in the series anchored at `schedule.time` (LastRun is not read). */
export function nextRunAfter(schedule: ScheduleTiming, env: { after: number; timeZone: string }): PlannedRun {
  return plan(schedule, { from: env.after + 1, zone: env.timeZone });
}

/** Throws UserInputError unless `timeZone` is an IANA time zone name this runtime knows. */
export function checkTimeZone(timeZone: string): void {
  formatter(timeZone);
}

/** The local weekday of an instant in a time zone. */
export function weekdayIn(time: number, timeZone: string): Weekday {
  return weekdayOf(wallOf(time, timeZone));
}

/** The UTC offset (ms, east positive) of a time zone at an instant. */
export function zoneOffset(time: number, timeZone: string): number {
  return naiveMs(wallOf(time, timeZone)) - time;
}

function plan(schedule: ScheduleTiming, env: { from: number; zone: string }): PlannedRun {
  const span = parseRepeat(schedule.repeat);
  const series = new Series(schedule.time, span, env.zone);
  const first = series.firstFrom(env.from);
  const allowed = allowedSet(schedule.allowedDays);
  const storeTime = first.exact ? first.time : schedule.time;
  if (allowed.size === 0 || allowed.has(weekdayOf(first.wall))) return { time: first.time, storeTime };
  if (stepsByDays(span)) {
    let wall = first.wall;
    for (let n = 0; n < 7 && !allowed.has(weekdayOf(wall)); n++) wall = addCalendar(wall, { months: 0, days: 1 }).wall;
    return { time: series.instant(wall), storeTime };
  }
  let candidate = first;
  for (let n = 0; n < 8 && !allowed.has(weekdayOf(candidate.wall)); n++) {
    const midnight = {
      ...addCalendar(candidate.wall, { months: 0, days: 1 }).wall,
      hour: 0,
      minute: 0,
      second: 0,
      ms: 0,
    };
    candidate = series.firstFrom(toInstant(midnight, env.zone));
  }
  return { time: candidate.time, storeTime };
}

interface Occurrence {
  readonly time: number;
  /** The intended local wall clock (for a calendar span, before DST resolution). */
  readonly wall: Wall;
  /** Wall clock and day of month are exactly the anchor's (no DST shift, no month-end clamp). */
  readonly exact: boolean;
}

/** The occurrences anchor + k × span, k >= 0. */
class Series {
  readonly #anchorWall: Wall;
  constructor(readonly anchor: number, readonly span: RepeatSpan, readonly zone: string) {
    this.#anchorWall = span.calendar ? wallOf(anchor, zone) : utcWall(anchor);
  }

  at(k: number): Occurrence {
    if (k === 0) return { time: this.anchor, wall: wallOf(this.anchor, this.zone), exact: true };
    const moved = addCalendar(this.#anchorWall, { months: k * this.span.months, days: k * this.span.days });
    if (!this.span.calendar) {
      const time = naiveMs(moved.wall) + k * this.span.ms;
      return { time, wall: wallOf(time, this.zone), exact: !moved.clamped };
    }
    const time = toInstant(moved.wall, this.zone);
    return { time, wall: moved.wall, exact: !moved.clamped && sameWall(wallOf(time, this.zone), moved.wall) };
  }

  /** The first occurrence at or after `from` (the anchor itself when it is not before `from`). */
  firstFrom(from: number): Occurrence {
    if (this.anchor >= from) return this.at(0);
    let k = Math.max(1, Math.floor((from - this.anchor) / this.span.approxMs));
    while (k > 1 && this.at(k - 1).time >= from) k--;
    let occurrence = this.at(k);
    while (occurrence.time < from) occurrence = this.at(++k);
    return occurrence;
  }

  /** The instant of a wall-clock time in this series' terms. */
  instant(wall: Wall): number {
    return toInstant(wall, this.zone);
  }
}

function allowedSet(days: readonly Weekday[]): Set<Weekday> {
  return new Set(days.filter((day) => WEEKDAYS.includes(day)));
}

function weekdayOf(wall: Wall): Weekday {
  return WEEKDAYS[new Date(Date.UTC(wall.year, wall.month - 1, wall.day)).getUTCDay()]!;
}

function sameWall(a: Wall, b: Wall): boolean {
  return a.year === b.year && a.month === b.month && a.day === b.day && a.hour === b.hour &&
    a.minute === b.minute && a.second === b.second && a.ms === b.ms;
}

/** Adds calendar months (clamping the day to the month's length) then days; the time of day stays. */
function addCalendar(wall: Wall, add: { months: number; days: number }): { wall: Wall; clamped: boolean } {
  const monthIndex = wall.year * 12 + (wall.month - 1) + add.months;
  const year = Math.floor(monthIndex / 12);
  const month = monthIndex - year * 12 + 1;
  const length = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const day = Math.min(wall.day, length);
  const date = new Date(Date.UTC(year, month - 1, day + add.days));
  return {
    wall: { ...wall, year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() },
    clamped: day !== wall.day,
  };
}

/** The wall clock read as if it were UTC, in ms. */
function naiveMs(wall: Wall): number {
  return Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second, wall.ms);
}

function utcWall(time: number): Wall {
  const d = new Date(time);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    ms: d.getUTCMilliseconds(),
  };
}

/**
 * The instant showing `wall` in the zone: of two (fall-back) the earlier; none (spring-forward gap) the instant
 * the offset from before the change gives, which is as far after the gap as the wall time was into it.
 */
function toInstant(wall: Wall, zone: string): number {
  const naive = naiveMs(wall);
  const before = naive - zoneOffset(naive - DAY_MS, zone);
  const after = naive - zoneOffset(naive + DAY_MS, zone);
  const valid = [before, after].filter((time) => naiveMs(wallOf(time, zone)) === naive);
  return valid.length > 0 ? Math.min(...valid) : before;
}

function wallOf(time: number, zone: string): Wall {
  const fields: Record<string, number> = {};
  for (const part of formatter(zone).formatToParts(time)) {
    if (part.type !== "literal") fields[part.type] = Number(part.value);
  }
  const ms = ((time % 1000) + 1000) % 1000;
  return {
    year: fields.year ?? 1970,
    month: fields.month ?? 1,
    day: fields.day ?? 1,
    hour: (fields.hour ?? 0) % 24,
    minute: fields.minute ?? 0,
    second: fields.second ?? 0,
    ms,
  };
}

function formatter(zone: string): Intl.DateTimeFormat {
  let format = formatters.get(zone);
  if (format) return format;
  try {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
  } catch (error) {
    throw new UserInputError(`Cannot use time zone "${zone}": not an IANA time zone name`, { cause: error });
  }
  formatters.set(zone, format);
  return format;
}
