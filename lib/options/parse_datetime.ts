/**
 * Duplicati's date/time syntax for `--time` and friends: `now`; a relative timespan added to now (`2M10D5h`,
 * calendar-aware; a leading minus such as `-2D` goes back, which Duplicati itself rejects); a bare integer as
 * epoch seconds (Duplicati's help says so; its parser differs, see the surface spec); ISO-8601; and Duplicati's
 * serialized form `yyyyMMddTHHmmssZ`. Times without a zone are local, as in Duplicati.
 * @module
 */
import { InvalidValueError } from "./invalid_value_error.ts";
import { addCalendarSpan, isTimespan } from "./parse_timespan.ts";

const INTEGER = /^[+-]?\d+$/;
const SERIALIZED = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(Z?)$/i;
const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const FORMS = `"now", a relative time such as "2M10D", epoch seconds, ISO-8601 such as "2009-03-26T08:30:00+01:00" ` +
  `or "20090326T073000Z"`;

/**
 * Parses a date/time relative to `now`.
 * Throws UserInputError naming the accepted forms when nothing fits or a field is out of range.
 */
export function parseDateTime(text: string, now: Date): Date {
  const trimmed = text.trim();
  if (trimmed === "") throw new InvalidValueError("date/time", text, `it is empty; use ${FORMS}`);
  if (trimmed.toLowerCase() === "now") return new Date(now.getTime());
  if (INTEGER.test(trimmed)) return checked(text, new Date(Number(trimmed) * 1000));
  if (isTimespan(trimmed)) return checked(text, addCalendarSpan(now, trimmed));
  const serialized = SERIALIZED.exec(trimmed);
  if (serialized) return fromFields(text, serialized.slice(1, 7), "Z");
  const iso = ISO.exec(trimmed);
  if (iso) {
    const [, year = "", month = "", day = "", hour = "0", minute = "0", second = "0", fraction = "", zone = ""] = iso;
    const date = fromFields(text, [year, month, day, hour, minute, second], zone);
    return new Date(date.getTime() + Math.floor(Number(`0.${fraction || "0"}`) * 1000));
  }
  // Other spellings the platform understands ("01 jan 2004", "Jan 14 2000 10:00"), only when a year is visible,
  // so that stray numbers are not silently read as dates.
  if (/\b\d{4}\b/.test(trimmed)) {
    const parsed = Date.parse(trimmed);
    if (!Number.isNaN(parsed)) return new Date(parsed);
  }
  throw new InvalidValueError("date/time", text, `use ${FORMS}`);
}

function fromFields(text: string, fields: readonly string[], zone: string): Date {
  const [year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0] = fields.map(Number);
  const daysInMonth = month >= 1 && month <= 12 ? new Date(Date.UTC(2000, month, 0)).getUTCDate() : 0;
  const leapFix = month === 2 && day === 29 && !isLeapYear(year);
  if (day < 1 || day > daysInMonth || leapFix || hour > 23 || minute > 59 || second > 59) {
    throw new InvalidValueError("date/time", text, `a field is out of range`);
  }
  if (zone === "") {
    const local = new Date(2000, month - 1, day, hour, minute, second);
    local.setFullYear(year);
    return checked(text, local);
  }
  const utc = new Date(Date.UTC(2000, month - 1, day, hour, minute, second));
  utc.setUTCFullYear(year);
  return checked(text, new Date(utc.getTime() - zoneOffsetMinutes(zone) * 60_000));
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function zoneOffsetMinutes(zone: string): number {
  if (zone.toUpperCase() === "Z") return 0;
  const sign = zone.startsWith("-") ? -1 : 1;
  const digits = zone.slice(1).replace(":", "");
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || "0"));
}

function checked(text: string, date: Date): Date {
  if (Number.isNaN(date.getTime())) throw new InvalidValueError("date/time", text, `the value is out of range`);
  return date;
}
