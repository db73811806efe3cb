import { createApp } from "../../../lib/server/app.ts";
import { assertEquals } from "../../support/assert.ts";
import { assertNeedsToken, callJson, fakeServerDeps } from "../../support/fake_server_deps.ts";

function setup() {
  const fake = fakeServerDeps();
  const running = fake.queue.add({ status: "Running", backupId: "1" });
  const waiting = fake.queue.add({ status: "Waiting", backupId: "2", operation: "Verify" });
  const failed = fake.queue.add({ status: "Failed", backupId: "3", error: "Disk full" });
  return { ...fake, running, waiting, failed, app: createApp(fake.deps) };
}

Deno.test("GET /tasks lists running, waiting and finished tasks without progress", async () => {
  const { app } = setup();
  const { status, body } = await callJson(app, "/api/v1/tasks");
  assertEquals(status, 200);
  assertEquals(body, [
    {
      ID: 1,
      Status: "Running",
      Operation: "Backup",
      BackupID: "1",
      TaskStarted: "2024-05-01T10:00:00.000Z",
      TaskFinished: null,
      ErrorMessage: null,
      Exception: null,
    },
    {
      ID: 2,
      Status: "Waiting",
      Operation: "Verify",
      BackupID: "2",
      TaskStarted: null,
      TaskFinished: null,
      ErrorMessage: null,
      Exception: null,
    },
    {
      ID: 3,
      Status: "Failed",
      Operation: "Backup",
      BackupID: "3",
      TaskStarted: "2024-05-01T10:00:00.000Z",
      TaskFinished: "2024-05-01T10:05:00.000Z",
      ErrorMessage: "Disk full",
      Exception: "Disk full",
    },
  ]);
});

Deno.test("GET /task/{id} returns one task, 404 for unknown or malformed ids", async () => {
  const { app } = setup();
  const { status, body } = await callJson(app, "/api/v1/task/3");
  assertEquals(status, 200);
  assertEquals((body as { Status: string; ErrorMessage: string }).Status, "Failed");
  assertEquals((body as { Status: string; ErrorMessage: string }).ErrorMessage, "Disk full");
  for (const id of ["99", "abc", "-1", "1.5"]) {
    const missing = await callJson(app, `/api/v1/task/${id}`);
    assertEquals(missing.status, 404, id);
    assertEquals((missing.body as { Code: number }).Code, 404);
  }
});

Deno.test("POST /task/{id}/stop and /abort reach the queue and bump the event id", async () => {
  const { app, queue, events } = setup();
  assertEquals((await callJson(app, "/api/v1/task/1/stop", { method: "POST" })).status, 200);
  assertEquals((await callJson(app, "/api/v1/task/2/abort", { method: "POST" })).status, 200);
  assertEquals(queue.stopped, [1]);
  assertEquals(queue.aborted, [2]);
  assertEquals(events.lastEventId, 2);
});

Deno.test("POST /task/{id}/stop and /abort answer 404 for unknown and finished tasks", async () => {
  const { app, queue, events } = setup();
  for (const path of ["/task/99/stop", "/task/3/stop", "/task/x/abort", "/task/3/abort"]) {
    const { status, body } = await callJson(app, `/api/v1${path}`, { method: "POST" });
    assertEquals(status, 404, path);
    assertEquals((body as { Code: number }).Code, 404);
  }
  assertEquals([queue.stopped, queue.aborted, events.lastEventId], [[], [], 0]);
});

Deno.test("tasks routes answer 401 without a token", async () => {
  await assertNeedsToken(createApp(fakeServerDeps().deps), [
    ["GET", "/tasks"],
    ["GET", "/task/1"],
    ["POST", "/task/1/stop"],
    ["POST", "/task/1/abort"],
  ]);
});
