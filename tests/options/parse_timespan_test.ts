import { assertEquals, assertThrows } from "../support/assert.ts";
import { UserInputError } from "../../lib/core/errors.ts";
import { addCalendarSpan, isTimespan, parseTimespan, parseTimespanParts } from "../../lib/options/parse_timespan.ts";

const S = 1000;
const MIN = 60 * S;
const H = 60 * MIN;
const D = 24 * H;

Deno.test("parseTimespan() reads every unit", () => {
  assertEquals(parseTimespan("10s"), 10 * S);
  assertEquals(parseTimespan("5m"), 5 * MIN);
  assertEquals(parseTimespan("2h"), 2 * H);
  assertEquals(parseTimespan("1D"), D);
  assertEquals(parseTimespan("2W"), 14 * D);
  assertEquals(parseTimespan("1M"), 30 * D);
  assertEquals(parseTimespan("1Y"), 365 * D);
});

Deno.test("parseTimespan() distinguishes m (minute) from M (month)", () => {
  assertEquals(parseTimespan("3m"), 3 * MIN);
  assertEquals(parseTimespan("3M"), 90 * D);
});

Deno.test("parseTimespan() adds concatenated and negative parts", () => {
  assertEquals(parseTimespan("1D-1s"), D - S);
  assertEquals(parseTimespan("2h30m"), 2 * H + 30 * MIN);
  assertEquals(parseTimespan("1W2D3h4m5s"), 9 * D + 3 * H + 4 * MIN + 5 * S);
  assertEquals(parseTimespan("-2D"), -2 * D);
});

Deno.test("parseTimespan() reads a bare integer as seconds", () => {
  assertEquals(parseTimespan("90"), 90 * S);
  assertEquals(parseTimespan("-5"), -5 * S);
  assertEquals(parseTimespan("0"), 0);
});

Deno.test("parseTimespan() rejects wrong-case units with a hint", () => {
  const error = assertThrows(() => parseTimespan("1d"), UserInputError);
  assertEquals(error.message.startsWith(`Cannot parse timespan "1d": unknown unit "d" (did you mean "D"?)`), true);
  assertThrows(() => parseTimespan("2H"), UserInputError, `did you mean "h"?`);
});

Deno.test("parseTimespan() rejects junk, fractions and dangling numbers", () => {
  assertThrows(() => parseTimespan(""), UserInputError, "it is empty");
  assertThrows(() => parseTimespan("1.5h"), UserInputError, "fractions are not allowed");
  assertThrows(() => parseTimespan("1D2"), UserInputError, "a number has no unit");
  assertThrows(() => parseTimespan("abc"), UserInputError);
  assertThrows(() => parseTimespan("1Dx"), UserInputError, `unexpected "x"`);
  assertThrows(() => parseTimespan("s"), UserInputError);
});

Deno.test("parseTimespanParts() keeps the parts in order", () => {
  assertEquals(parseTimespanParts("1M-2D"), [{ amount: 1, unit: "M" }, { amount: -2, unit: "D" }]);
  assertEquals(isTimespan("7D"), true);
  assertEquals(isTimespan("2009-01-01"), false);
});

Deno.test("addCalendarSpan() uses calendar months and clamps to the month end", () => {
  const jan31 = new Date(2024, 0, 31, 10, 0, 0);
  assertEquals(addCalendarSpan(jan31, "1M"), new Date(2024, 1, 29, 10, 0, 0));
  assertEquals(addCalendarSpan(new Date(2023, 0, 31, 10), "1M"), new Date(2023, 1, 28, 10));
  assertEquals(addCalendarSpan(new Date(2024, 1, 29), "1Y"), new Date(2025, 1, 28));
  assertEquals(addCalendarSpan(new Date(2024, 4, 15), "-3M"), new Date(2024, 1, 15));
});

Deno.test("addCalendarSpan() subtracts with sign -1 and keeps the wall-clock time for days", () => {
  const base = new Date(2024, 5, 15, 12, 30, 0);
  assertEquals(addCalendarSpan(base, "2D", -1), new Date(2024, 5, 13, 12, 30, 0));
  assertEquals(addCalendarSpan(base, "1W"), new Date(2024, 5, 22, 12, 30, 0));
  assertEquals(addCalendarSpan(base, "90"), new Date(base.getTime() + 90 * S));
  assertEquals(addCalendarSpan(base, "1h30m", -1), new Date(base.getTime() - 90 * MIN));
});
