import { createApp } from "../../../lib/server/app.ts";
import { assertEquals } from "../../support/assert.ts";
import { assertNeedsToken, callJson, fakeServerDeps, memoryStore } from "../../support/fake_server_deps.ts";

function setup() {
  const fake = fakeServerDeps({ store: memoryStore() });
  const error = fake.store.addNotification({
    type: "Error",
    title: "Backup failed",
    message: "The destination is unreachable",
    exception: "Error: ECONNREFUSED",
    backupId: 7,
    action: "backup:show-log",
    timestamp: Date.UTC(2024, 4, 1, 9, 30, 0),
  });
  const info = fake.store.addNotification({
    type: "Information",
    title: "Welcome",
    message: "Hello",
    exception: "",
    backupId: null,
    action: "",
    timestamp: Date.UTC(2024, 4, 1, 9, 31, 0),
  });
  return { ...fake, error, info, app: createApp(fake.deps) };
}

Deno.test("GET /notifications lists them with Duplicati's field names", async () => {
  using env = setup();
  const { app, error, info } = env;
  const { status, body } = await callJson(app, "/api/v1/notifications");
  assertEquals(status, 200);
  assertEquals(body, [
    {
      ID: error.id,
      Type: "Error",
      Title: "Backup failed",
      Message: "The destination is unreachable",
      Exception: "Error: ECONNREFUSED",
      BackupID: "7",
      Action: "backup:show-log",
      Timestamp: "2024-05-01T09:30:00.000Z",
      LogEntryID: null,
      MessageID: null,
      MessageLogTag: null,
    },
    {
      ID: info.id,
      Type: "Information",
      Title: "Welcome",
      Message: "Hello",
      Exception: "",
      BackupID: null,
      Action: "",
      Timestamp: "2024-05-01T09:31:00.000Z",
      LogEntryID: null,
      MessageID: null,
      MessageLogTag: null,
    },
  ]);
});

Deno.test("GET /notification/{id} returns one; 404 for unknown ids", async () => {
  using env = setup();
  const { app, info } = env;
  const { status, body } = await callJson(app, `/api/v1/notification/${info.id}`);
  assertEquals(status, 200);
  assertEquals((body as { Title: string }).Title, "Welcome");
  for (const id of ["999", "nope"]) assertEquals((await callJson(app, `/api/v1/notification/${id}`)).status, 404);
});

Deno.test("DELETE /notification/{id} dismisses it and bumps the notification counter", async () => {
  using env = setup();
  const { app, error, store, events } = env;
  const { status } = await callJson(app, `/api/v1/notification/${error.id}`, { method: "DELETE" });
  assertEquals(status, 200);
  assertEquals(store.listNotifications().map((n) => n.title), ["Welcome"]);
  assertEquals([events.lastEventId, events.lastNotificationUpdateId], [1, 1]);
  const again = await callJson(app, `/api/v1/notification/${error.id}`, { method: "DELETE" });
  assertEquals(again.status, 404);
  assertEquals((again.body as { Code: number }).Code, 404);
  assertEquals(events.lastNotificationUpdateId, 1);
});

Deno.test("notifications routes answer 401 without a token", async () => {
  await assertNeedsToken(createApp(fakeServerDeps().deps), [
    ["GET", "/notifications"],
    ["GET", "/notification/1"],
    ["DELETE", "/notification/1"],
  ]);
});
