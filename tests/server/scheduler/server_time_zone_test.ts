import { serverTimeZone, systemTimeZone } from "../../../lib/server/scheduler/server_time_zone.ts";
import { assertEquals } from "../../support/assert.ts";
import { Harness, row } from "./scheduler_harness.ts";

function store(value: string | undefined) {
  return { getSetting: (name: string) => (name === "server-timezone" ? value : undefined) };
}

Deno.test("serverTimeZone: the stored zone when it is a known IANA zone", () => {
  assertEquals(serverTimeZone(store("Europe/Copenhagen")), "Europe/Copenhagen");
  assertEquals(serverTimeZone(store(" America/New_York ")), "America/New_York");
  assertEquals(serverTimeZone(store("UTC")), "UTC");
});

Deno.test("serverTimeZone: no, an empty or an unknown stored zone falls back to the system's", () => {
  assertEquals(systemTimeZone(), Intl.DateTimeFormat().resolvedOptions().timeZone);
  for (const value of [undefined, "", "   ", "Mars/Olympus_Mons", "not a zone"]) {
    assertEquals(serverTimeZone(store(value)), systemTimeZone(), `stored ${JSON.stringify(value)}`);
  }
});

Deno.test("serverTimeZone: a bad stored zone no longer stops the schedules", async () => {
  const rows = [row(1, "2024-01-01T10:00:00Z", "1D")];
  // What the server did before: the stored "" reached the scheduler, which could not compute any schedule.
  const broken = new Harness({ now: "2024-01-01T09:00:00Z", rows, timeZone: "" });
  broken.scheduler.start();
  await broken.walkTo("2024-01-02T09:00:00Z");
  assertEquals([broken.runs.length, broken.errors.length], [0, 1]);
  await broken.close();
  for (const stored of ["", "Not/AZone"]) {
    const h = new Harness({ now: "2024-01-01T09:00:00Z", rows, timeZone: serverTimeZone(store(stored)) });
    h.scheduler.start();
    await h.walkTo("2024-01-02T09:00:00Z");
    assertEquals(h.errors, []);
    assertEquals(h.runs.length, 1, `stored ${JSON.stringify(stored)}`);
    await h.close();
  }
});
