/**
 * A 1D schedule keeps its local wall-clock time across DST changes. A local time that does not exist on the day
 * of the spring change (02:30 in Berlin and New York) runs an hour later (03:30) that day and at 02:30 again
 * afterwards; a local time that occurs twice in autumn runs once, at the first.
 */
import { assertEquals } from "../../support/assert.ts";
import { Harness, iso, MemorySchedules, row, utc } from "./scheduler_harness.ts";

Deno.test("Scheduler DST: Europe/Berlin March, 02:30 daily (03:30 on the change day) and 03:00 daily", async () => {
  const store = new MemorySchedules([
    row(1, "2024-03-29T01:30:00Z", "1D"), // 02:30 CET
    row(2, "2024-03-29T02:00:00Z", "1D"), // 03:00 CET
  ]);
  const first = new Harness({ now: "2024-03-29T00:00:00Z", store, timeZone: "Europe/Berlin" });
  first.scheduler.start();
  await first.walkTo("2024-03-30T12:00:00Z");
  // The next 02:30 does not exist; the stored Time stays on the real 02:30 series.
  assertEquals(iso(store.getSchedule(1)!.time), "2024-03-30T01:30:00.000Z");
  await first.close();

  // A restart between the runs: the new scheduler plans from the stored row alone.
  const second = new Harness({ now: "2024-03-30T12:00:00Z", store, timeZone: "Europe/Berlin" });
  second.scheduler.start();
  await second.walkTo("2024-04-03T00:00:00Z");
  const byBackup = (h: Harness, id: number) => h.runs.filter((run) => run.backupId === id).map((run) => run.at);
  assertEquals([...byBackup(first, 1), ...byBackup(second, 1)], [
    "2024-03-29T01:30:00.000Z", // 02:30 CET
    "2024-03-30T01:30:00.000Z", // 02:30 CET
    "2024-03-31T01:30:00.000Z", // 03:30 CEST: 02:30 does not exist that day
    "2024-04-01T00:30:00.000Z", // 02:30 CEST
    "2024-04-02T00:30:00.000Z", // 02:30 CEST
  ]);
  assertEquals([...byBackup(first, 2), ...byBackup(second, 2)], [
    "2024-03-29T02:00:00.000Z", // 03:00 CET
    "2024-03-30T02:00:00.000Z",
    "2024-03-31T01:00:00.000Z", // 03:00 CEST
    "2024-04-01T01:00:00.000Z",
    "2024-04-02T01:00:00.000Z",
  ]);
  assertEquals(first.runs.filter((run) => run.backupId === 1)[1]!.next, "2024-03-31T01:30:00.000Z");
  await second.close();
});

Deno.test("Scheduler DST: Europe/Berlin October, 02:30 (occurs twice) runs once, 03:00 keeps its time", async () => {
  const h = new Harness({
    now: "2024-10-25T00:00:00Z",
    rows: [row(1, "2024-10-25T00:30:00Z", "1D"), row(2, "2024-10-25T01:00:00Z", "1D")],
    timeZone: "Europe/Berlin",
  });
  h.scheduler.start();
  await h.walkTo("2024-10-29T00:00:00Z");
  assertEquals(h.runs.filter((run) => run.backupId === 1).map((run) => run.at), [
    "2024-10-25T00:30:00.000Z", // 02:30 CEST
    "2024-10-26T00:30:00.000Z",
    "2024-10-27T00:30:00.000Z", // the first 02:30 (CEST); not again at 01:30 UTC (02:30 CET)
    "2024-10-28T01:30:00.000Z", // 02:30 CET
  ]);
  assertEquals(h.runs.filter((run) => run.backupId === 2).map((run) => run.at), [
    "2024-10-25T01:00:00.000Z", // 03:00 CEST
    "2024-10-26T01:00:00.000Z",
    "2024-10-27T02:00:00.000Z", // 03:00 CET
    "2024-10-28T02:00:00.000Z",
  ]);
  await h.close();
});

Deno.test("Scheduler DST: America/New_York March and November", async () => {
  const h = new Harness({
    now: "2024-03-09T00:00:00Z",
    rows: [row(1, "2024-03-09T07:30:00Z", "1D"), row(2, "2024-03-09T08:00:00Z", "1D")], // 02:30 and 03:00 EST
    timeZone: "America/New_York",
  });
  h.scheduler.start();
  await h.walkTo("2024-03-12T00:00:00Z");
  assertEquals(h.runs.filter((run) => run.backupId === 1).map((run) => run.at), [
    "2024-03-09T07:30:00.000Z", // 02:30 EST
    "2024-03-10T07:30:00.000Z", // 03:30 EDT: 02:30 does not exist that day
    "2024-03-11T06:30:00.000Z", // 02:30 EDT
  ]);
  assertEquals(h.runs.filter((run) => run.backupId === 2).map((run) => run.at), [
    "2024-03-09T08:00:00.000Z", // 03:00 EST
    "2024-03-10T07:00:00.000Z", // 03:00 EDT
    "2024-03-11T07:00:00.000Z",
  ]);
  await h.close();

  const autumn = new Harness({
    now: "2024-11-02T00:00:00Z",
    rows: [row(1, "2024-11-02T05:30:00Z", "1D"), row(2, "2024-11-02T06:30:00Z", "1D")], // 01:30 and 02:30 EDT
    timeZone: "America/New_York",
  });
  autumn.scheduler.start();
  await autumn.walkTo("2024-11-05T00:00:00Z");
  assertEquals(autumn.runs.filter((run) => run.backupId === 1).map((run) => run.at), [
    "2024-11-02T05:30:00.000Z", // 01:30 EDT
    "2024-11-03T05:30:00.000Z", // the first 01:30 (EDT) only
    "2024-11-04T06:30:00.000Z", // 01:30 EST
  ]);
  assertEquals(autumn.runs.filter((run) => run.backupId === 2).map((run) => run.at), [
    "2024-11-02T06:30:00.000Z", // 02:30 EDT
    "2024-11-03T07:30:00.000Z", // 02:30 EST
    "2024-11-04T07:30:00.000Z",
  ]);
  assertEquals(autumn.scheduler.proposedSchedule()[0], { backupId: 1, time: utc("2024-11-05T06:30:00Z") });
  await autumn.close();
});
