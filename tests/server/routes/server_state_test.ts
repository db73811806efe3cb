import { createApp } from "../../../lib/server/app.ts";
import { NO_TIME } from "../../../lib/server/api_types.ts";
import { statusIcon } from "../../../lib/server/routes/server_state.ts";
import type { ServerStatus } from "../../../lib/server/api_types.ts";
import { assert, assertEquals } from "../../support/assert.ts";
import { assertNeedsToken, callJson, fakeServerDeps, memoryStore, TEST_TOKEN } from "../../support/fake_server_deps.ts";

function setup() {
  const fake = fakeServerDeps({ store: memoryStore() });
  return { ...fake, app: createApp(fake.deps) };
}

function notification(type: "Warning" | "Error") {
  return { type, title: "t", message: "m", exception: "", backupId: 1, action: "backup:show-log" };
}

Deno.test("GET /serverstate while idle has Duplicati's full shape", async () => {
  using env = setup();
  const { app, proposed } = env;
  proposed.push({ backupId: 3, time: Date.UTC(2024, 4, 2, 13, 0, 0) });
  const { status, body } = await callJson(app, "/api/v1/serverstate");
  assertEquals(status, 200);
  assertEquals(body, {
    ActiveTask: null,
    ProgramState: "Running",
    SchedulerQueueIds: [],
    ProposedSchedule: [{ Item1: "3", Item2: "2024-05-02T13:00:00.000Z" }],
    HasWarning: false,
    HasError: false,
    SuggestedStatusIcon: "Ready",
    EstimatedPauseEnd: NO_TIME,
    LastEventID: 0,
    LastDataUpdateID: 0,
    LastNotificationUpdateID: 0,
    UpdatedVersion: null,
    UpdaterState: "Waiting",
    UpdateDownloadLink: null,
    UpdateDownloadProgress: 0,
    Type: "legacystatus",
  });
});

Deno.test("GET /serverstate reports the active task, the queue, notifications and counters", async () => {
  using env = setup();
  const { app, queue, store, events } = env;
  queue.add({ status: "Running", backupId: "2" });
  queue.add({ status: "Waiting", backupId: "5" });
  queue.add({ status: "Completed", backupId: "1" });
  store.addNotification(notification("Error"));
  store.addNotification(notification("Warning"));
  events.bump("data");
  events.bump("notification");
  const body = (await callJson(app, "/api/v1/serverstate")).body as ServerStatus;
  assertEquals(body.ActiveTask, { Item1: 1, Item2: "2" });
  assertEquals(body.SchedulerQueueIds, [{ Item1: 2, Item2: "5" }]);
  assertEquals([body.HasError, body.HasWarning, body.SuggestedStatusIcon], [true, true, "Active"]);
  assertEquals([body.LastEventID, body.LastDataUpdateID, body.LastNotificationUpdateID], [2, 1, 1]);
});

Deno.test("statusIcon follows Duplicati's rule", () => {
  const idle = { active: false, paused: false, hasError: false, hasWarning: false };
  assertEquals(statusIcon(idle), "Ready");
  assertEquals(statusIcon({ ...idle, hasWarning: true }), "ReadyWarning");
  assertEquals(statusIcon({ ...idle, hasWarning: true, hasError: true }), "ReadyError");
  assertEquals(statusIcon({ ...idle, hasError: true, paused: true }), "Paused");
  assertEquals(statusIcon({ ...idle, active: true, hasError: true }), "Active");
  assertEquals(statusIcon({ ...idle, active: true, paused: true }), "ActivePaused");
});

Deno.test("POST /serverstate/pause with a duration pauses the queue and bumps the event id", async () => {
  using env = setup();
  const { app, queue, events } = env;
  const { status } = await callJson(app, "/api/v1/serverstate/pause?duration=5m&pauseTransfers=true", {
    method: "POST",
  });
  assertEquals(status, 200);
  assertEquals(queue.pauseCalls, [{ durationMs: 300_000, pauseTransfers: true }]);
  assertEquals(events.lastEventId, 1);
  const body = (await callJson(app, "/api/v1/serverstate")).body as ServerStatus;
  assertEquals([body.ProgramState, body.SuggestedStatusIcon], ["Paused", "Paused"]);
  assertEquals(body.EstimatedPauseEnd, new Date(queue.pausedUntil).toISOString());
});

Deno.test("POST /serverstate/pause without a duration pauses until resumed; resume undoes it", async () => {
  using env = setup();
  const { app, queue, events } = env;
  assertEquals((await callJson(app, "/api/v1/serverstate/pause", { method: "POST" })).status, 200);
  assertEquals(queue.pauseCalls, [{ pauseTransfers: false }]);
  const paused = (await callJson(app, "/api/v1/serverstate")).body as ServerStatus;
  assertEquals([paused.ProgramState, paused.EstimatedPauseEnd], ["Paused", NO_TIME]);
  assertEquals((await callJson(app, "/api/v1/serverstate/resume", { method: "POST" })).status, 200);
  assertEquals([queue.resumeCalls, queue.paused, events.lastEventId], [1, false, 2]);
});

Deno.test("POST /serverstate/pause rejects bad query values naming the field", async () => {
  using env = setup();
  const { app, queue } = env;
  for (
    const [query, field] of [
      ["duration=5x", "duration"],
      ["duration=-1h", "duration"],
      ["pauseTransfers=maybe", "pauseTransfers"],
    ]
  ) {
    const { status, body } = await callJson(app, `/api/v1/serverstate/pause?${query}`, { method: "POST" });
    assertEquals(status, 400, query);
    assertEquals((body as { Field: string }).Field, field);
  }
  assertEquals(queue.pauseCalls, []);
});

Deno.test("GET /serverstate long poll returns at once when the event id already changed", async () => {
  using env = setup();
  const { app, events } = env;
  events.bump();
  events.bump();
  const { status, body } = await callJson(app, "/api/v1/serverstate?longpoll=true&lastEventId=1&duration=1h");
  assertEquals(status, 200);
  assertEquals((body as ServerStatus).LastEventID, 2);
});

Deno.test("GET /serverstate long poll waits until the next change", async () => {
  using env = setup();
  const { app, events } = env;
  events.bump();
  let settled = false;
  const pending = callJson(app, "/api/v1/serverstate?longpoll=true&lastEventId=1&duration=10s").finally(() => {
    settled = true;
  });
  await new Promise((resolve) => setTimeout(resolve, 20));
  assertEquals(settled, false, "the long poll answered before anything changed");
  events.bump("notification");
  const { status, body } = await pending;
  assertEquals(status, 200);
  assertEquals((body as ServerStatus).LastEventID, 2);
  assertEquals((body as ServerStatus).LastNotificationUpdateID, 1);
});

Deno.test("GET /serverstate long poll ends when the client goes away", async () => {
  using env = setup();
  const { app } = env;
  const abort = new AbortController();
  const pending = app.request(
    new Request("http://localhost/api/v1/serverstate?longpoll=true&lastEventId=0&duration=1h", {
      signal: abort.signal,
      headers: { authorization: `Bearer ${TEST_TOKEN}` },
    }),
  );
  await new Promise((resolve) => setTimeout(resolve, 10));
  abort.abort();
  const response = await pending;
  assertEquals(response.status, 200);
  assert(typeof (await response.json()).LastEventID === "number");
});

Deno.test("GET /serverstate long poll rejects missing or out-of-range parameters", async () => {
  using env = setup();
  const { app } = env;
  for (
    const [query, field] of [
      ["longpoll=true&duration=5m", "lastEventId"],
      ["longpoll=true&lastEventId=x&duration=5m", "lastEventId"],
      ["longpoll=true&lastEventId=0", "duration"],
      ["longpoll=true&lastEventId=0&duration=5s", "duration"],
      ["longpoll=true&lastEventId=0&duration=2h", "duration"],
      ["longpoll=true&lastEventId=0&duration=soon", "duration"],
      ["longpoll=perhaps", "longpoll"],
    ]
  ) {
    const { status, body } = await callJson(app, `/api/v1/serverstate?${query}`);
    assertEquals(status, 400, query);
    assertEquals((body as { Field: string; Code: number }).Field, field, query);
    assertEquals((body as { Code: number }).Code, 400);
  }
});

Deno.test("server state routes answer 401 without a token", async () => {
  await assertNeedsToken(createApp(fakeServerDeps().deps), [
    ["GET", "/serverstate"],
    ["POST", "/serverstate/pause"],
    ["POST", "/serverstate/resume"],
  ]);
});
