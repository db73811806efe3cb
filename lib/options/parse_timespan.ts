/**
 * Duplicati's timespan syntax: concatenated `<integer><unit>` parts with the **case-sensitive** units
 * `s` second, `m` minute, `h` hour, `D` day, `W` week, `M` month, `Y` year. Parts may be negative (`1D-1s`);
 * a bare integer is seconds. As a plain span a month is 30 days and a year 365 days; applied to a date
 * ({@link addCalendarSpan}) calendar months and years are used.
 * @module
 */
import { InvalidValueError } from "./invalid_value_error.ts";

/** A timespan unit letter. */
export type TimespanUnit = "s" | "m" | "h" | "D" | "W" | "M" | "Y";

/** One `<integer><unit>` part of a timespan. */
export interface TimespanPart {
  readonly amount: number;
  readonly unit: TimespanUnit;
}

const SECOND = 1000;
const DAY = 86_400 * SECOND;
const UNIT_MS: Readonly<Record<TimespanUnit, number>> = {
  s: SECOND,
  m: 60 * SECOND,
  h: 3600 * SECOND,
  D: DAY,
  W: 7 * DAY,
  M: 30 * DAY,
  Y: 365 * DAY,
};
const PART = /\s*([+-]?\d+)\s*([A-Za-z]?)/y;
const INTEGER = /^\s*[+-]?\d+\s*$/;
const FORMS = `units s, m, h, D, W, M, Y (case-sensitive), for example "1D", "2h30m" or "1D-1s"`;

/**
 * Splits a timespan into parts. A bare integer gives one part in seconds.
 * Throws UserInputError for empty text, unknown units (with a hint when only the case is wrong) and leftovers.
 */
export function parseTimespanParts(text: string): TimespanPart[] {
  if (text.trim() === "") throw new InvalidValueError("timespan", text, `it is empty; use ${FORMS}`);
  if (INTEGER.test(text)) return [{ amount: Number(text.trim()), unit: "s" }];
  if (/\d[.,]\d/.test(text)) {
    throw new InvalidValueError("timespan", text, `fractions are not allowed; use smaller units such as "90m"`);
  }
  const parts: TimespanPart[] = [];
  PART.lastIndex = 0;
  while (PART.lastIndex < text.length) {
    const start = PART.lastIndex;
    const match = PART.exec(text);
    if (!match) {
      if (text.slice(start).trim() === "") break;
      throw new InvalidValueError("timespan", text, `unexpected "${text.slice(start).trim()}"; use ${FORMS}`);
    }
    const [, amount = "", unit = ""] = match;
    if (!isUnit(unit)) throw new InvalidValueError("timespan", text, `${unitProblem(unit)}; use ${FORMS}`);
    parts.push({ amount: Number(amount), unit });
  }
  return parts;
}

/** Parses a timespan into milliseconds, with months as 30 days and years as 365 days. */
export function parseTimespan(text: string): number {
  let total = 0;
  for (const part of parseTimespanParts(text)) total += part.amount * UNIT_MS[part.unit];
  return total;
}

/** True when the text is a timespan (parts with units, or a bare integer). */
export function isTimespan(text: string): boolean {
  try {
    parseTimespanParts(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * Applies a timespan to a date the way Duplicati's ParseTimeInterval does: seconds, minutes and hours as elapsed
 * time, days and weeks on the local calendar (the wall-clock time stays), months and years as calendar months
 * (Jan 31 + 1M = the last day of February). `sign` -1 subtracts the span (as `--keep-time` does).
 */
export function addCalendarSpan(date: Date, text: string, sign: 1 | -1 = 1): Date {
  let result = new Date(date.getTime());
  for (const { amount, unit } of parseTimespanParts(text)) {
    const n = amount * sign;
    if (unit === "s" || unit === "m" || unit === "h") result = new Date(result.getTime() + n * UNIT_MS[unit]);
    else if (unit === "D" || unit === "W") result = addLocalDays(result, unit === "W" ? n * 7 : n);
    else result = addLocalMonths(result, unit === "Y" ? n * 12 : n);
  }
  return result;
}

function isUnit(unit: string): unit is TimespanUnit {
  return Object.hasOwn(UNIT_MS, unit);
}

function unitProblem(unit: string): string {
  if (unit === "") return "a number has no unit";
  if (unit === "d" || unit === "w" || unit === "y") {
    return `unknown unit "${unit}" (did you mean "${unit.toUpperCase()}"?)`;
  }
  if (unit === "H" || unit === "S") return `unknown unit "${unit}" (did you mean "${unit.toLowerCase()}"?)`;
  return `unknown unit "${unit}"`;
}

function addLocalDays(date: Date, days: number): Date {
  const result = new Date(date.getTime());
  result.setDate(result.getDate() + days);
  return result;
}

function addLocalMonths(date: Date, months: number): Date {
  const result = new Date(date.getTime());
  const day = result.getDate();
  result.setDate(1);
  result.setMonth(result.getMonth() + months);
  const lastDay = new Date(result.getFullYear(), result.getMonth() + 1, 0).getDate();
  result.setDate(Math.min(day, lastDay));
  return result;
}
