import { assert, assertEquals } from "../../support/assert.ts";
import { Harness, iso, MemorySchedules, row, utc } from "./scheduler_harness.ts";

Deno.test("Scheduler: 1D runs at the scheduled time every day and passes the next run", async () => {
  const h = new Harness({ now: "2024-01-01T09:00:00Z", rows: [row(1, "2024-01-01T10:00:00Z", "1D")] });
  h.scheduler.start();
  assertEquals(h.scheduler.proposedSchedule(), [{ backupId: 1, time: utc("2024-01-01T10:00:00Z") }]);
  await h.walkTo("2024-01-04T09:00:00Z");
  assertEquals(h.runTimes(), ["2024-01-01T10:00:00.000Z", "2024-01-02T10:00:00.000Z", "2024-01-03T10:00:00.000Z"]);
  assertEquals(h.runs[0]!.next, "2024-01-02T10:00:00.000Z");
  assertEquals(h.store.getSchedule(1), row(1, "2024-01-04T10:00:00Z", "1D", { lastRun: "2024-01-03T10:00:00Z" }));
  assertEquals(h.scheduler.proposedSchedule(), [{ backupId: 1, time: utc("2024-01-04T10:00:00Z") }]);
  assertEquals(h.queue.list().map((task) => [task.Operation, task.BackupID, task.Status]), [
    ["Backup", "1", "Completed"],
    ["Backup", "1", "Completed"],
    ["Backup", "1", "Completed"],
  ]);
  await h.close();
});

Deno.test("Scheduler: 2h repeats every two hours", async () => {
  const h = new Harness({ now: "2024-01-01T00:00:00Z", rows: [row(1, "2024-01-01T01:00:00Z", "2h")] });
  h.scheduler.start();
  await h.walkTo("2024-01-01T08:00:00Z");
  assertEquals(h.runTimes(), [
    "2024-01-01T01:00:00.000Z",
    "2024-01-01T03:00:00.000Z",
    "2024-01-01T05:00:00.000Z",
    "2024-01-01T07:00:00.000Z",
  ]);
  await h.close();
});

Deno.test("Scheduler: 1W runs on the same weekday and local time", async () => {
  // Monday 2024-01-01 09:00 in Berlin; the fourth run is after the March change (07:00 UTC).
  const h = new Harness({
    now: "2024-01-01T00:00:00Z",
    rows: [row(1, "2024-03-11T08:00:00Z", "1W")],
    timeZone: "Europe/Berlin",
  });
  h.scheduler.start();
  await h.walkTo("2024-04-02T00:00:00Z");
  assertEquals(h.runTimes(), [
    "2024-03-11T08:00:00.000Z",
    "2024-03-18T08:00:00.000Z",
    "2024-03-25T08:00:00.000Z",
    "2024-04-01T07:00:00.000Z",
  ]);
  await h.close();
});

Deno.test("Scheduler: 1M runs on the same day of month, the month's last day when it is shorter", async () => {
  const h = new Harness({ now: "2024-01-31T00:00:00Z", rows: [row(1, "2024-01-31T12:00:00Z", "1M")] });
  h.scheduler.start();
  await h.walkTo("2024-02-01T00:00:00Z");
  // The next run, Feb 29, is clamped: it is not stored as the new Time (that would make March the 29th).
  assertEquals(iso(h.store.getSchedule(1)!.time), "2024-01-31T12:00:00.000Z");
  assertEquals(iso(h.store.getSchedule(1)!.lastRun), "2024-01-31T12:00:00.000Z");
  assertEquals(h.scheduler.proposedSchedule(), [{ backupId: 1, time: utc("2024-02-29T12:00:00Z") }]);
  await h.walkTo("2024-03-01T00:00:00Z");
  assertEquals(h.runTimes(), ["2024-01-31T12:00:00.000Z", "2024-02-29T12:00:00.000Z"]);
  assertEquals(h.store.getSchedule(1), row(1, "2024-03-31T12:00:00Z", "1M", { lastRun: "2024-02-29T12:00:00Z" }));
  await h.walkTo("2024-05-01T00:00:00Z");
  assertEquals(h.runTimes().slice(2), ["2024-03-31T12:00:00.000Z", "2024-04-30T12:00:00.000Z"]);
  assertEquals(h.scheduler.proposedSchedule(), [{ backupId: 1, time: utc("2024-05-31T12:00:00Z") }]);
  await h.close();
});

Deno.test("Scheduler: allowed days mon and wed skip the other days and the weekend", async () => {
  // 2024-01-04 is a Thursday.
  const h = new Harness({
    now: "2024-01-04T00:00:00Z",
    rows: [row(1, "2024-01-04T08:00:00Z", "1D", { lastRun: "2024-01-03T08:00:00Z", allowedDays: ["mon", "wed"] })],
  });
  h.scheduler.start();
  assertEquals(h.scheduler.proposedSchedule(), [{ backupId: 1, time: utc("2024-01-08T08:00:00Z") }]);
  await h.walkTo("2024-01-16T00:00:00Z");
  assertEquals(h.runTimes(), ["2024-01-08T08:00:00.000Z", "2024-01-10T08:00:00.000Z", "2024-01-15T08:00:00.000Z"]);
  assertEquals(h.runs[1]!.next, "2024-01-15T08:00:00.000Z");
  await h.close();
});

Deno.test("Scheduler: after downtime an overdue schedule runs once at start, then at its next time", async () => {
  const h = new Harness({
    now: "2024-01-10T15:00:00Z",
    rows: [
      row(1, "2024-01-02T10:00:00Z", "1D", { lastRun: "2024-01-01T10:00:05Z" }),
      row(2, "2024-01-05T00:00:00Z", "2h", { lastRun: "2024-01-04T22:00:01Z" }),
    ],
  });
  h.scheduler.start();
  await h.walk(0);
  assertEquals(h.runs.map((run) => [run.backupId, run.at]), [
    [1, "2024-01-10T15:00:00.000Z"],
    [2, "2024-01-10T15:00:00.000Z"],
  ]);
  assertEquals(h.store.getSchedule(1), row(1, "2024-01-11T10:00:00Z", "1D", { lastRun: "2024-01-10T15:00:00Z" }));
  assertEquals(h.store.getSchedule(2), row(2, "2024-01-10T16:00:00Z", "2h", { lastRun: "2024-01-10T15:00:00Z" }));
  await h.walkTo("2024-01-11T09:59:59Z");
  assertEquals(h.runs.filter((run) => run.backupId === 1).length, 1);
  assertEquals(h.runs.filter((run) => run.backupId === 2).length, 1 + 9); // 16:00 ... 08:00
  await h.close();
});

Deno.test("Scheduler: a LastRun in the future (clock went back) runs now and continues from now", async () => {
  const h = new Harness({
    now: "2024-01-05T12:34:00Z",
    rows: [row(1, "2024-01-21T10:00:00Z", "1D", { lastRun: "2024-01-20T10:00:00Z" })],
  });
  h.scheduler.start();
  await h.walk(0);
  assertEquals(h.runTimes(), ["2024-01-05T12:34:00.000Z"]);
  assertEquals(h.store.getSchedule(1), row(1, "2024-01-06T12:34:00Z", "1D", { lastRun: "2024-01-05T12:34:00Z" }));
  await h.walkTo("2024-01-06T13:00:00Z");
  assertEquals(h.runTimes(), ["2024-01-05T12:34:00.000Z", "2024-01-06T12:34:00.000Z"]);
  await h.close();
});

Deno.test("Scheduler: a future LastRun whose backup was removed from the queue does not queue it again", async () => {
  const h = new Harness({
    now: "2024-01-05T12:34:00Z",
    rows: [row(1, "2024-01-21T10:00:00Z", "1D", { lastRun: "2024-01-20T10:00:00Z" })],
  });
  h.hold = true;
  h.queue.enqueue(h.task(2));
  h.scheduler.start();
  const [scheduled] = h.queue.queued();
  assertEquals(scheduled?.BackupID, "1");
  h.queue.stop(scheduled!.ID);
  await h.walkTo("2024-01-06T12:00:00Z");
  assertEquals(h.queue.queued(), []);
  assertEquals(h.scheduler.proposedSchedule(), [{ backupId: 1, time: utc("2024-01-06T12:34:00Z") }]);
  await h.close();
});

Deno.test("Scheduler: the row is written only when the backup finishes; a killed server runs it again", async () => {
  const store = new MemorySchedules([row(1, "2024-01-01T10:00:00Z", "1D", { lastRun: "2023-12-31T10:00:00Z" })]);
  const before = store.getSchedule(1);
  const first = new Harness({ now: "2024-01-01T09:00:00Z", store });
  first.hold = true;
  first.scheduler.start();
  await first.walkTo("2024-01-01T10:30:00Z");
  assertEquals(first.runTimes(), ["2024-01-01T10:00:00.000Z"]);
  assertEquals(first.queue.active()?.Status, "Running");
  assertEquals(store.getSchedule(1), before);
  assertEquals(store.writes, 0);
  // The server dies here: the task never finishes and nothing was written.
  first.scheduler.stop();

  const second = new Harness({ now: "2024-01-01T11:00:00Z", store });
  second.hold = true;
  second.scheduler.start();
  await second.walk(0);
  assertEquals(second.runTimes(), ["2024-01-01T11:00:00.000Z"]);
  await second.walkTo("2024-01-01T11:20:00Z");
  assertEquals(store.writes, 0);
  await second.finishAll();
  assertEquals(store.getSchedule(1), row(1, "2024-01-02T10:00:00Z", "1D", { lastRun: "2024-01-01T11:00:00Z" }));
  assertEquals(store.writes, 1);
  await second.close();
  await first.close();
});

Deno.test("Scheduler: nothing is queued while paused; a due schedule runs once after the resume", async () => {
  const h = new Harness({ now: "2024-01-01T09:00:00Z", rows: [row(1, "2024-01-01T10:00:00Z", "2h")] });
  h.queue.pause();
  h.scheduler.start();
  await h.walkTo("2024-01-01T17:00:00Z");
  assertEquals(h.runs, []);
  assertEquals(h.queue.list(), []);
  assertEquals(h.scheduler.proposedSchedule(), [{ backupId: 1, time: utc("2024-01-01T10:00:00Z") }]);
  assertEquals(h.clock.nextDue(), utc("2024-01-01T17:01:00Z"));
  h.queue.resume();
  h.scheduler.refresh();
  await h.walk(0);
  assertEquals(h.runTimes(), ["2024-01-01T17:00:00.000Z"]);
  assertEquals(h.scheduler.proposedSchedule(), [{ backupId: 1, time: utc("2024-01-01T18:00:00Z") }]);
  await h.close();
});

Deno.test("Scheduler: a timed pause holds a due schedule until the pause ends", async () => {
  const h = new Harness({ now: "2024-01-01T09:00:00Z", rows: [row(1, "2024-01-01T10:00:00Z", "1D")] });
  h.scheduler.start();
  h.queue.pause({ durationMs: 90 * 60_000 });
  await h.walkTo("2024-01-01T10:29:00Z");
  assertEquals(h.runs, []);
  await h.walkTo("2024-01-01T10:31:00Z");
  assertEquals(h.runTimes(), ["2024-01-01T10:30:00.000Z"]);
  await h.close();
});

Deno.test("Scheduler: a backup already queued or running is not queued again", async () => {
  const h = new Harness({ now: "2024-01-01T09:00:00Z", rows: [row(1, "2024-01-01T10:00:00Z", "1D")] });
  h.hold = true;
  const manual = h.queue.enqueue(h.task(1));
  h.scheduler.start();
  await h.walkTo("2024-01-01T10:05:00Z");
  assertEquals(h.queue.list().map((task) => task.ID), [manual]);
  assertEquals(h.runs.length, 1);
  // The occurrence is passed, not kept for later, and the row is not touched.
  assertEquals(h.scheduler.proposedSchedule(), [{ backupId: 1, time: utc("2024-01-02T10:00:00Z") }]);
  await h.finishAll();
  assertEquals(h.store.writes, 0);
  await h.walkTo("2024-01-01T23:00:00Z");
  assertEquals(h.runs.length, 1);
  await h.close();
});

Deno.test("Scheduler: refresh() picks up edits at once; empty Repeat is not scheduled; removed rows go", async () => {
  const h = new Harness({ now: "2024-01-01T09:00:00Z", rows: [row(1, "2024-01-01T10:00:00Z", "1D")] });
  h.scheduler.start();
  const changes = h.changes;
  h.store.setSchedule(1, { time: utc("2024-01-01T12:00:00Z"), repeat: "1D", lastRun: 0, allowedDays: [] });
  h.store.setSchedule(2, { time: utc("2024-01-01T11:00:00Z"), repeat: "", lastRun: 0, allowedDays: [] });
  h.scheduler.refresh();
  assertEquals(h.scheduler.proposedSchedule(), [{ backupId: 1, time: utc("2024-01-01T12:00:00Z") }]);
  assertEquals(h.changes, changes + 1);
  h.store.setSchedule(1, null);
  h.scheduler.refresh();
  assertEquals(h.scheduler.proposedSchedule(), []);
  await h.walkTo("2024-01-02T00:00:00Z");
  assertEquals(h.runs, []);
  await h.close();
});

Deno.test("Scheduler: a schedule edited while its backup runs keeps the edit; only LastRun is written", async () => {
  const h = new Harness({ now: "2024-01-01T09:00:00Z", rows: [row(1, "2024-01-01T10:00:00Z", "1D")] });
  h.hold = true;
  h.scheduler.start();
  await h.walkTo("2024-01-01T10:10:00Z");
  h.store.setSchedule(1, { time: utc("2024-01-01T20:00:00Z"), repeat: "1W", lastRun: 0, allowedDays: [] });
  h.scheduler.refresh();
  await h.finishAll();
  assertEquals(h.store.getSchedule(1), row(1, "2024-01-01T20:00:00Z", "1W", { lastRun: "2024-01-01T10:00:00Z" }));
  await h.walk(0);
  assertEquals(h.scheduler.proposedSchedule(), [{ backupId: 1, time: utc("2024-01-01T20:00:00Z") }]);
  await h.close();
});

Deno.test("Scheduler: a bad Repeat is reported once and does not stop the other schedules", async () => {
  const h = new Harness({
    now: "2024-01-01T09:00:00Z",
    rows: [row(1, "2024-01-01T10:00:00Z", "1x"), row(2, "2024-01-01T10:00:00Z", "1D")],
  });
  h.scheduler.start();
  await h.walkTo("2024-01-01T11:00:00Z");
  assertEquals(h.errors.length, 1);
  assertEquals(h.errors[0]!.backupId, 1);
  assert(h.errors[0]!.message.includes(`Cannot parse timespan "1x"`), h.errors[0]!.message);
  assertEquals(h.runs.map((run) => run.backupId), [2]);
  assertEquals(h.scheduler.proposedSchedule(), [{ backupId: 2, time: utc("2024-01-02T10:00:00Z") }]);
  await h.close();
});

Deno.test("Scheduler: one timer, 1 minute when idle and at most 5 minutes ahead; stop() clears it", async () => {
  const idle = new Harness({ now: "2024-01-01T00:00:00Z" });
  idle.scheduler.start();
  assertEquals(idle.clock.pendingTimers, 1);
  assertEquals(idle.clock.nextDue(), utc("2024-01-01T00:01:00Z"));
  await idle.walk(3600_000);
  assertEquals(idle.clock.pendingTimers, 1);
  idle.scheduler.stop();
  assertEquals(idle.clock.pendingTimers, 0);
  await idle.close();

  const far = new Harness({ now: "2024-01-01T00:00:00Z", rows: [row(1, "2024-01-03T00:00:00Z", "1D")] });
  far.scheduler.start();
  assertEquals(far.clock.nextDue(), utc("2024-01-01T00:05:00Z"));
  await far.walkTo("2024-01-02T23:58:00Z");
  assertEquals(far.clock.pendingTimers, 1);
  assertEquals(far.clock.nextDue(), utc("2024-01-03T00:00:00Z"));
  far.scheduler.stop();
  far.scheduler.refresh();
  assertEquals(far.clock.pendingTimers, 0);
  await far.close();
});
