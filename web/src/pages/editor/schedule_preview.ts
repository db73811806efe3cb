/**
 * The next few run times of a schedule as the editor shows them, in the browser's local time: the series anchor,
 * anchor + Repeat, anchor + 2 × Repeat, … (days, weeks, months and years on the calendar, hours and minutes as
 * elapsed time), moved to the next allowed weekday as the server's scheduler does. A preview only: the server's
 * scheduler decides (in its own time zone). Also the conversions between the schedule's ISO time and the local
 * date and time inputs. Pure functions.
 * @module
 */
import type { Weekday } from "../../../../lib/server/api_types.ts";
import { addCalendarSpan, parseTimespanParts } from "../../../../lib/options/parse_timespan.ts";

const DAY_NAMES: readonly Weekday[] = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

/** The local "YYYY-MM-DD" and "HH:MM" of an instant. */
export function localParts(time: Date): { date: string; time: string } {
  return {
    date: `${time.getFullYear()}-${pad(time.getMonth() + 1)}-${pad(time.getDate())}`,
    time: `${pad(time.getHours())}:${pad(time.getMinutes())}`,
  };
}

/** The instant of a local date ("YYYY-MM-DD") and time ("HH:MM"); undefined when either does not parse. */
export function localInstant(date: string, time: string): Date | undefined {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const t = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(time);
  if (!d || !t) return undefined;
  const result = new Date(Number(d[1]), Number(d[2]) - 1, Number(d[3]), Number(t[1]), Number(t[2]), Number(t[3] ?? 0));
  return Number.isNaN(result.getTime()) ? undefined : result;
}

/** ISO 8601 UTC without milliseconds, as the server writes it: "2025-03-10T12:00:00Z". */
export function isoUtc(time: Date): string {
  return time.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** True when the repeat has no s/m/h parts, so it steps on the calendar (keeps the time of day). */
function isCalendarRepeat(repeat: string): boolean {
  return parseTimespanParts(repeat).every((p) => p.unit !== "s" && p.unit !== "m" && p.unit !== "h");
}

function approxMs(repeat: string): number {
  const unit = { s: 1e3, m: 6e4, h: 36e5, D: 864e5, W: 6048e5, M: 2592e6, Y: 31536e6 } as const;
  return parseTimespanParts(repeat).reduce((sum, p) => sum + p.amount * unit[p.unit], 0);
}

/** occurrence k of the series: the anchor plus k times the repeat. */
function occurrence(anchor: Date, repeat: string, k: number, calendar: boolean): Date {
  if (!calendar) return new Date(anchor.getTime() + k * approxMs(repeat));
  // Calendar parts multiplied: "1M2D" k times = kM and 2kD from the anchor, so nothing drifts.
  const scaled = parseTimespanParts(repeat).map((p) => `${p.amount * k}${p.unit}`).join("");
  return k === 0 ? new Date(anchor) : addCalendarSpan(anchor, scaled);
}

/**
 * Up to `count` run times after `now` (and after `lastRun`, epoch ms, 0 = never) for a schedule anchored at
 * `anchor`. Empty when the repeat does not parse or is not positive. An empty `days` allows every day.
 */
export function nextRuns(
  schedule: { anchor: Date; repeat: string; days: readonly Weekday[]; lastRun?: number },
  env: { now: number; count: number },
): Date[] {
  let calendar: boolean;
  let span: number;
  try {
    calendar = isCalendarRepeat(schedule.repeat);
    span = approxMs(schedule.repeat);
  } catch {
    return [];
  }
  if (!(span > 0)) return [];
  const allowed = (d: Date) => schedule.days.length === 0 || schedule.days.includes(DAY_NAMES[d.getDay()]!);
  const after = Math.max(env.now, schedule.lastRun ?? 0);
  const anchor = schedule.anchor;
  // Start a little before the first occurrence after `after` (estimated), then walk.
  let k = Math.max(0, Math.floor((after - anchor.getTime()) / span) - 2);
  const runs: Date[] = [];
  let guard = 0;
  while (runs.length < env.count && guard++ < 2000) {
    let time = occurrence(anchor, schedule.repeat, k++, calendar);
    if (time.getTime() <= after) continue;
    if (!allowed(time)) {
      if (span >= 864e5) {
        for (let step = 0; step < 7 && !allowed(time); step++) time = addCalendarSpan(time, "1D");
      } else {
        continue; // shorter repeats: the next occurrence on an allowed day
      }
    }
    if (!allowed(time)) return runs;
    if (runs.length > 0 && time.getTime() <= runs[runs.length - 1]!.getTime()) continue;
    runs.push(time);
  }
  return runs;
}
