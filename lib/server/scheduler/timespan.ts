/**
 * A schedule's Repeat value ("1D", "1W", "2h", "30m", "1M", "1Y", "10s", "1D12h", ...) in the form the scheduler
 * steps with. The syntax is Duplicati's timespan syntax (lib/options/parse_timespan.ts: case-sensitive units, `m`
 * minute and `M` month, a bare integer is seconds, negative parts allowed).
 * @module
 */
import { InvalidValueError } from "../../options/invalid_value_error.ts";
import { parseTimespanParts } from "../../options/parse_timespan.ts";

const SECOND = 1000;
const DAY_MS = 86_400 * SECOND;
const PART_MS: Readonly<Record<"s" | "m" | "h", number>> = { s: SECOND, m: 60 * SECOND, h: 3600 * SECOND };

/** A repeat interval split into calendar months, calendar days and elapsed milliseconds. */
export interface RepeatSpan {
  /** Calendar months (`M`, and 12 per `Y`). */
  readonly months: number;
  /** Calendar days (`D`, and 7 per `W`). */
  readonly days: number;
  /** Elapsed milliseconds (`s`, `m`, `h`). */
  readonly ms: number;
  /**
   * True when the span has no `s`/`m`/`h` part: it is then applied on the wall clock of the configured time zone
   * (the local time of day stays across DST changes). Otherwise the whole span is elapsed time: a day is 24 h and
   * months are added on the UTC calendar (Duplicati does the same).
   */
  readonly calendar: boolean;
  /** Rough length in ms (a month as 30.436875 days), for estimates only. */
  readonly approxMs: number;
}

/**
 * Parses a repeat interval. Throws UserInputError (InvalidValueError) for text that is not a timespan and for spans
 * that are not positive, for example `Cannot parse timespan "12x": unknown unit "x"; use units s, m, h, ...`.
 */
export function parseRepeat(text: string): RepeatSpan {
  let months = 0, days = 0, ms = 0, calendar = true;
  for (const { amount, unit } of parseTimespanParts(text)) {
    if (unit === "Y") months += 12 * amount;
    else if (unit === "M") months += amount;
    else if (unit === "W") days += 7 * amount;
    else if (unit === "D") days += amount;
    else {
      ms += amount * PART_MS[unit];
      calendar = false;
    }
  }
  // A month has 28 to 31 days; a span that can be zero or negative would never move the schedule forward.
  const shortest = months * (months > 0 ? 28 : 31) * DAY_MS + days * DAY_MS + ms;
  if (shortest <= 0) {
    throw new InvalidValueError("timespan", text, "a repeat interval must be longer than zero");
  }
  return { months, days, ms, calendar, approxMs: months * 30.436875 * DAY_MS + days * DAY_MS + ms };
}

/** True when a schedule with this span steps through the allowed weekdays day by day (span of a day or more). */
export function stepsByDays(span: RepeatSpan): boolean {
  return span.approxMs >= DAY_MS;
}
