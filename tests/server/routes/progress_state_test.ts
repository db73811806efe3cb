import { createApp } from "../../../lib/server/app.ts";
import type { ProgressState } from "../../../lib/server/api_types.ts";
import { assertEquals } from "../../support/assert.ts";
import { assertNeedsToken, callJson, fakeServerDeps } from "../../support/fake_server_deps.ts";

function setup() {
  const fake = fakeServerDeps();
  return { ...fake, app: createApp(fake.deps) };
}

Deno.test("GET /progressstate answers 404 No active backup while idle", async () => {
  const { app, queue } = setup();
  queue.add({ status: "Waiting" });
  queue.add({ status: "Completed" });
  const { status, body } = await callJson(app, "/api/v1/progressstate");
  assertEquals(status, 404);
  assertEquals((body as { Error: string; Code: number }).Error, "No active backup");
  assertEquals((body as { Error: string; Code: number }).Code, 404);
});

Deno.test("GET /progressstate returns the running task's progress", async () => {
  const { app, queue } = setup();
  const { body: idle } = await callJson(app, "/api/v1/progressstate");
  const progress = {
    BackupID: "4",
    TaskID: 1,
    Phase: "Backup_ProcessingFiles",
    OverallProgress: 0.25,
    ProcessedFileCount: 10,
    ProcessedFileSize: 1000,
    TotalFileCount: 40,
    TotalFileSize: 4000,
    StillCounting: false,
    CurrentFilename: "/data/a.txt",
    CurrentFilesize: 100,
    CurrentFileoffset: 50,
    CurrentFilecomplete: false,
    BackendAction: "Put",
    BackendPath: "duplicati-b1.dblock.zip.aes",
    BackendFileSize: 500,
    BackendFileProgress: 100,
    BackendSpeed: 2048,
    BackendIsBlocking: false,
    ActiveTransfers: [],
    Speed: 512,
    EstimatedTimeToCompletion: 6,
    RemoteSyncDestinationIndex: 0,
    RemoteSyncDestinationCount: 0,
  } satisfies ProgressState;
  queue.add({ status: "Running", backupId: "4", progress });
  const { status, body } = await callJson(app, "/api/v1/progressstate");
  assertEquals((idle as { Code: number }).Code, 404);
  assertEquals(status, 200);
  assertEquals(body, progress);
});

Deno.test("GET /progressstate for a task that has not reported yet shows its begin phase", async () => {
  const { app, queue } = setup();
  queue.add({ status: "Running", backupId: "2", operation: "Verify" });
  const { status, body } = await callJson(app, "/api/v1/progressstate");
  assertEquals(status, 200);
  const progress = body as ProgressState;
  assertEquals([progress.BackupID, progress.TaskID, progress.Phase], ["2", 1, "Verify_Begin"]);
  assertEquals([progress.OverallProgress, progress.EstimatedTimeToCompletion], [0, -1]);
});

Deno.test("progress state routes answer 401 without a token", async () => {
  await assertNeedsToken(createApp(fakeServerDeps().deps), [
    ["GET", "/progressstate"],
  ]);
});
