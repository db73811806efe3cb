import { assertEquals, assertThrows } from "../../support/assert.ts";
import { UserInputError } from "../../../lib/core/errors.ts";
import { parseRepeat, stepsByDays } from "../../../lib/server/scheduler/timespan.ts";

const H = 3600_000;
const D = 24 * H;

Deno.test("parseRepeat: calendar units become months and days, kept on the wall clock", () => {
  assertEquals(pick(parseRepeat("1D")), { months: 0, days: 1, ms: 0, calendar: true });
  assertEquals(pick(parseRepeat("1W")), { months: 0, days: 7, ms: 0, calendar: true });
  assertEquals(pick(parseRepeat("1M")), { months: 1, days: 0, ms: 0, calendar: true });
  assertEquals(pick(parseRepeat("1Y")), { months: 12, days: 0, ms: 0, calendar: true });
  assertEquals(pick(parseRepeat("1M2D")), { months: 1, days: 2, ms: 0, calendar: true });
});

Deno.test("parseRepeat: s, m and h are elapsed time and make the whole span elapsed", () => {
  assertEquals(pick(parseRepeat("2h")), { months: 0, days: 0, ms: 2 * H, calendar: false });
  assertEquals(pick(parseRepeat("30m")), { months: 0, days: 0, ms: 30 * 60_000, calendar: false });
  assertEquals(pick(parseRepeat("10s")), { months: 0, days: 0, ms: 10_000, calendar: false });
  assertEquals(pick(parseRepeat("1D12h")), { months: 0, days: 1, ms: 12 * H, calendar: false });
  assertEquals(pick(parseRepeat("90")), { months: 0, days: 0, ms: 90_000, calendar: false });
  assertEquals(pick(parseRepeat("1D-1s")), { months: 0, days: 1, ms: -1000, calendar: false });
});

Deno.test("parseRepeat: units are case-sensitive (m minute, M month)", () => {
  assertEquals(parseRepeat("1m").ms, 60_000);
  assertEquals(parseRepeat("1M").months, 1);
  const error = assertThrows(() => parseRepeat("1d"), UserInputError);
  assertEquals(error.message.startsWith(`Cannot parse timespan "1d": unknown unit "d" (did you mean "D"?)`), true);
});

Deno.test("parseRepeat: bad text and spans that are not positive are UserInputErrors naming the value", () => {
  assertThrows(() => parseRepeat("12x"), UserInputError, `Cannot parse timespan "12x": unknown unit "x"`);
  assertThrows(() => parseRepeat(""), UserInputError, `Cannot parse timespan "": it is empty`);
  assertThrows(() => parseRepeat("1.5h"), UserInputError, "fractions are not allowed");
  for (const text of ["0D", "0", "-1D", "1D-24h", "1M-31D", "-1s"]) {
    assertThrows(() => parseRepeat(text), UserInputError, `Cannot parse timespan "${text}": a repeat interval`);
  }
  assertEquals(parseRepeat("1M-27D").months, 1);
});

Deno.test("stepsByDays: a day or more steps through allowed weekdays by days", () => {
  assertEquals(stepsByDays(parseRepeat("1D")), true);
  assertEquals(stepsByDays(parseRepeat("24h")), true);
  assertEquals(stepsByDays(parseRepeat("1M")), true);
  assertEquals(stepsByDays(parseRepeat("23h")), false);
  assertEquals(parseRepeat("1W").approxMs, 7 * D);
});

function pick(span: ReturnType<typeof parseRepeat>) {
  return { months: span.months, days: span.days, ms: span.ms, calendar: span.calendar };
}
