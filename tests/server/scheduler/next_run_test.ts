import { assertEquals, assertThrows } from "../../support/assert.ts";
import { UserInputError } from "../../../lib/core/errors.ts";
import type { Weekday } from "../../../lib/server/api_types.ts";
import {
  checkTimeZone,
  nextRun,
  nextRunAfter,
  type PlannedRun,
  weekdayIn,
  zoneOffset,
} from "../../../lib/server/scheduler/next_run.ts";

const H = 3600_000;
const utc = (text: string) => Date.parse(text);
const iso = (plan: PlannedRun) => ({
  time: new Date(plan.time).toISOString(),
  store: new Date(plan.storeTime).toISOString(),
});

function schedule(time: string, repeat: string, extra: { lastRun?: string; allowedDays?: Weekday[] } = {}) {
  return {
    time: utc(time),
    repeat,
    lastRun: extra.lastRun ? utc(extra.lastRun) : 0,
    allowedDays: extra.allowedDays ?? [],
  };
}
function after(s: ReturnType<typeof schedule>, when: string, timeZone = "UTC"): string {
  return new Date(nextRunAfter(s, { after: utc(when), timeZone }).time).toISOString();
}

Deno.test("nextRun: a schedule that never ran is due at its Time", () => {
  const s = schedule("2024-01-01T10:00:00Z", "1D");
  assertEquals(nextRun(s, { now: utc("2024-01-01T09:00:00Z"), timeZone: "UTC" }).time, utc("2024-01-01T10:00:00Z"));
  assertEquals(nextRun(s, { now: utc("2024-03-01T00:00:00Z"), timeZone: "UTC" }).time, utc("2024-01-01T10:00:00Z"));
});

Deno.test("nextRun: 1D runs the day after the last run at the same time", () => {
  const s = schedule("2024-01-01T10:00:00Z", "1D", { lastRun: "2024-01-01T10:00:02Z" });
  assertEquals(iso(nextRun(s, { now: utc("2024-01-01T12:00:00Z"), timeZone: "UTC" })), {
    time: "2024-01-02T10:00:00.000Z",
    store: "2024-01-02T10:00:00.000Z",
  });
});

Deno.test("nextRun: after downtime the first missed occurrence is due (once), the next one is after now", () => {
  const s = schedule("2024-01-01T10:00:00Z", "1D", { lastRun: "2024-01-01T10:00:02Z" });
  const now = utc("2024-01-10T15:00:00Z");
  const due = nextRun(s, { now, timeZone: "UTC" });
  assertEquals(new Date(due.time).toISOString(), "2024-01-02T10:00:00.000Z");
  assertEquals(after({ ...s, time: due.storeTime }, "2024-01-10T15:00:00Z"), "2024-01-11T10:00:00.000Z");
});

Deno.test("nextRun: an occurrence at the exact start of the last run is that run", () => {
  const s = schedule("2024-01-01T10:00:00Z", "1D", { lastRun: "2024-01-01T10:00:00Z" });
  assertEquals(nextRun(s, { now: utc("2024-01-01T10:00:00Z"), timeZone: "UTC" }).time, utc("2024-01-02T10:00:00Z"));
});

Deno.test("nextRun: 2h steps in elapsed hours from the anchor", () => {
  const s = schedule("2024-01-01T00:00:00Z", "2h", { lastRun: "2024-01-01T05:10:00Z" });
  assertEquals(nextRun(s, { now: utc("2024-01-01T05:20:00Z"), timeZone: "UTC" }).time, utc("2024-01-01T06:00:00Z"));
  assertEquals(after(s, "2024-01-03T23:59:59Z"), "2024-01-04T00:00:00.000Z");
  assertEquals(after(s, "2024-01-04T00:00:00Z"), "2024-01-04T02:00:00.000Z");
});

Deno.test("nextRun: 1W keeps the weekday and local time", () => {
  // Monday 2024-01-01 09:00 in Berlin (08:00 UTC).
  const s = schedule("2024-01-01T08:00:00Z", "1W", { lastRun: "2024-01-01T08:00:01Z" });
  assertEquals(
    new Date(nextRun(s, { now: utc("2024-01-03T00:00:00Z"), timeZone: "Europe/Berlin" }).time).toISOString(),
    "2024-01-08T08:00:00.000Z",
  );
  // Across the March change the local 09:00 stays: 07:00 UTC in summer time.
  assertEquals(after(s, "2024-03-30T00:00:00Z", "Europe/Berlin"), "2024-04-01T07:00:00.000Z");
});

Deno.test("nextRun: 1M adds calendar months; a clamped month end keeps the old anchor to store", () => {
  const s = schedule("2024-01-31T12:00:00Z", "1M");
  assertEquals(iso(nextRunAfter(s, { after: utc("2024-02-01T00:00:00Z"), timeZone: "UTC" })), {
    time: "2024-02-29T12:00:00.000Z",
    store: "2024-01-31T12:00:00.000Z",
  });
  assertEquals(iso(nextRunAfter(s, { after: utc("2024-03-01T00:00:00Z"), timeZone: "UTC" })), {
    time: "2024-03-31T12:00:00.000Z",
    store: "2024-03-31T12:00:00.000Z",
  });
  // No drift: April is the 30th, May the 31st again, years later too.
  assertEquals(after(s, "2024-04-01T00:00:00Z"), "2024-04-30T12:00:00.000Z");
  assertEquals(after(s, "2024-05-01T00:00:00Z"), "2024-05-31T12:00:00.000Z");
  assertEquals(after(s, "2030-02-01T00:00:00Z"), "2030-02-28T12:00:00.000Z");
  assertEquals(after(schedule("2024-02-29T12:00:00Z", "1Y"), "2024-03-01T00:00:00Z"), "2025-02-28T12:00:00.000Z");
});

Deno.test("nextRun: allowed days skip to the next allowed weekday by days (1D, mon and wed only)", () => {
  // Thursday 2024-01-04 after the run: Friday, Saturday and Sunday are skipped.
  const s = schedule("2024-01-01T08:00:00Z", "1D", { lastRun: "2024-01-04T08:00:03Z", allowedDays: ["mon", "wed"] });
  assertEquals(iso(nextRun(s, { now: utc("2024-01-04T09:00:00Z"), timeZone: "UTC" })), {
    time: "2024-01-08T08:00:00.000Z",
    store: "2024-01-05T08:00:00.000Z",
  });
  // Storing the series time (Friday) finds the same Monday again.
  const stored = { ...s, time: utc("2024-01-05T08:00:00Z") };
  assertEquals(
    nextRun(stored, { now: utc("2024-01-06T00:00:00Z"), timeZone: "UTC" }).time,
    utc("2024-01-08T08:00:00Z"),
  );
  assertEquals(after(s, "2024-01-08T08:00:00Z"), "2024-01-10T08:00:00.000Z");
});

Deno.test("nextRun: allowed days for short repeats continue from the next allowed day's first occurrence", () => {
  const s = schedule("2024-01-01T00:00:00Z", "6h", { allowedDays: ["mon"] });
  assertEquals(after(s, "2024-01-01T17:00:00Z"), "2024-01-01T18:00:00.000Z");
  assertEquals(after(s, "2024-01-01T18:00:00Z"), "2024-01-08T00:00:00.000Z");
  // Weekdays are local: 23:00 UTC on Monday is 18:00 in New York, still Monday there; 05:00 UTC is midnight.
  const ny = schedule("2024-01-01T05:00:00Z", "6h", { allowedDays: ["mon"] });
  assertEquals(after(ny, "2024-01-01T22:00:00Z", "America/New_York"), "2024-01-01T23:00:00.000Z");
  assertEquals(after(ny, "2024-01-01T23:00:00Z", "America/New_York"), "2024-01-08T05:00:00.000Z");
  // The same series in UTC: 23:00 is Monday, the next Tuesday occurrence is 05:00 UTC.
  const tue = schedule("2024-01-01T05:00:00Z", "6h", { allowedDays: ["tue"] });
  assertEquals(after(tue, "2024-01-01T22:00:00Z"), "2024-01-02T05:00:00.000Z");
});

Deno.test("DST Europe/Berlin, March: 1D at 02:30 runs at 03:30 on the day 02:30 does not exist, then 02:30 again", () => {
  // 2024-03-29 02:30 CET = 01:30 UTC. On 2024-03-31 clocks jump from 02:00 to 03:00.
  const s = schedule("2024-03-29T01:30:00Z", "1D");
  const tz = "Europe/Berlin";
  assertEquals(after(s, "2024-03-29T05:00:00Z", tz), "2024-03-30T01:30:00.000Z");
  const gapDay = nextRunAfter(s, { after: utc("2024-03-30T05:00:00Z"), timeZone: tz });
  assertEquals(iso(gapDay), { time: "2024-03-31T01:30:00.000Z", store: "2024-03-29T01:30:00.000Z" }); // 03:30 CEST
  assertEquals(after(s, "2024-03-31T05:00:00Z", tz), "2024-04-01T00:30:00.000Z"); // 02:30 CEST
  // From the stored anchor (the shifted time is never stored) the wall clock is still 02:30.
  assertEquals(after({ ...s, time: gapDay.storeTime }, "2024-04-01T05:00:00Z", tz), "2024-04-02T00:30:00.000Z");
  // 03:00 exists on every day: 02:00 UTC in winter, 01:00 UTC from the change on.
  const three = schedule("2024-03-29T02:00:00Z", "1D");
  assertEquals(after(three, "2024-03-30T05:00:00Z", tz), "2024-03-31T01:00:00.000Z");
  assertEquals(after(three, "2024-03-31T05:00:00Z", tz), "2024-04-01T01:00:00.000Z");
});

Deno.test("DST Europe/Berlin, October: a repeated 02:30 runs at the first one, 03:00 keeps its wall clock", () => {
  const tz = "Europe/Berlin";
  const s = schedule("2024-10-25T00:30:00Z", "1D"); // 02:30 CEST
  assertEquals(after(s, "2024-10-26T05:00:00Z", tz), "2024-10-27T00:30:00.000Z"); // first 02:30 (CEST)
  assertEquals(after(s, "2024-10-27T05:00:00Z", tz), "2024-10-28T01:30:00.000Z"); // 02:30 CET
  const three = schedule("2024-10-25T01:00:00Z", "1D"); // 03:00 CEST
  assertEquals(after(three, "2024-10-26T05:00:00Z", tz), "2024-10-27T02:00:00.000Z"); // 03:00 CET
  const plan = nextRunAfter(three, { after: utc("2024-10-26T05:00:00Z"), timeZone: tz });
  assertEquals(plan.storeTime, plan.time);
});

Deno.test("DST America/New_York: 1D at 02:30 and 03:00 keep their wall clock across March and November", () => {
  const tz = "America/New_York";
  const s = schedule("2024-03-08T07:30:00Z", "1D"); // 02:30 EST
  assertEquals(after(s, "2024-03-09T12:00:00Z", tz), "2024-03-10T07:30:00.000Z"); // 03:30 EDT (02:30 does not exist)
  assertEquals(after(s, "2024-03-10T12:00:00Z", tz), "2024-03-11T06:30:00.000Z"); // 02:30 EDT
  const three = schedule("2024-03-08T08:00:00Z", "1D"); // 03:00 EST
  assertEquals(after(three, "2024-03-09T12:00:00Z", tz), "2024-03-10T07:00:00.000Z"); // 03:00 EDT
  const autumn = schedule("2024-11-01T06:30:00Z", "1D"); // 02:30 EDT
  assertEquals(after(autumn, "2024-11-02T12:00:00Z", tz), "2024-11-03T07:30:00.000Z"); // 02:30 EST
  const ambiguous = schedule("2024-11-01T05:30:00Z", "1D"); // 01:30 EDT; on Nov 3 01:30 happens twice
  assertEquals(after(ambiguous, "2024-11-02T12:00:00Z", tz), "2024-11-03T05:30:00.000Z"); // the first (EDT)
  assertEquals(after(ambiguous, "2024-11-03T05:30:00Z", tz), "2024-11-04T06:30:00.000Z"); // not the second one
});

Deno.test("DST: an elapsed repeat (2h) counts real hours across the change", () => {
  const s = schedule("2024-03-31T00:00:00Z", "2h");
  assertEquals(after(s, "2024-03-31T00:00:00Z", "Europe/Berlin"), "2024-03-31T02:00:00.000Z");
});

Deno.test("nextRun: a LastRun in the future resets Time and LastRun to now (due at once)", () => {
  const s = schedule("2024-01-01T10:00:00Z", "1D", { lastRun: "2024-01-20T10:00:00Z" });
  const now = utc("2024-01-05T12:34:00Z");
  const plan = nextRun(s, { now, timeZone: "UTC" });
  assertEquals(plan, { time: now, storeTime: now });
  assertEquals(after({ ...s, time: plan.storeTime }, "2024-01-05T12:34:00Z"), "2024-01-06T12:34:00.000Z");
});

Deno.test("nextRun: bad repeat and time zone are UserInputErrors", () => {
  assertThrows(() => nextRun(schedule("2024-01-01T00:00:00Z", "1x"), { now: 0, timeZone: "UTC" }), UserInputError);
  assertThrows(() => checkTimeZone("Mars/Olympus_Mons"), UserInputError, `Cannot use time zone "Mars/Olympus_Mons"`);
  checkTimeZone("Europe/Berlin");
});

Deno.test("zoneOffset and weekdayIn read the zone's rules", () => {
  assertEquals(zoneOffset(utc("2024-01-15T12:00:00Z"), "Europe/Berlin"), 1 * H);
  assertEquals(zoneOffset(utc("2024-07-15T12:00:00Z"), "Europe/Berlin"), 2 * H);
  assertEquals(zoneOffset(utc("2024-07-15T12:00:00Z"), "America/New_York"), -4 * H);
  assertEquals(weekdayIn(utc("2024-01-01T02:00:00Z"), "UTC"), "mon");
  assertEquals(weekdayIn(utc("2024-01-01T02:00:00Z"), "America/New_York"), "sun");
});
