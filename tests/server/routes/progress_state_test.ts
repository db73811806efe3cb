import { createApp } from "../../../lib/server/app.ts";
import type { ProgressState } from "../../../lib/server/api_types.ts";
import { SerialTaskQueue } from "../../../lib/server/tasks/task_queue.ts";
import type { TaskOutcome } from "../../../lib/server/tasks/task_types.ts";
import { assertEquals } from "../../support/assert.ts";
import { FakeClock } from "../../support/fake_clock.ts";
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

Deno.test("GET /progressstate for a task that has not reported yet shows its begin phase (real queue)", async () => {
  const fake = fakeServerDeps();
  const clock = new FakeClock();
  const queue = new SerialTaskQueue({ clock });
  const app = createApp({ ...fake.deps, queue, clock });
  let release!: () => void;
  const running = new Promise<TaskOutcome>((resolve) => (release = () => resolve({ exitCode: 0 })));
  const taskId = queue.enqueue({ operation: "Verify", backupId: "2", run: () => running });
  const { status, body } = await callJson(app, "/api/v1/progressstate");
  assertEquals(status, 200);
  const progress = body as ProgressState;
  assertEquals([progress.BackupID, progress.TaskID, progress.Phase], ["2", taskId, "Verify_Begin"]);
  assertEquals([progress.OverallProgress, progress.EstimatedTimeToCompletion], [0, -1]);
  assertEquals(progress, queue.active()!.progress);
  release();
  await queue.shutdown({ stopRunning: false });
  assertEquals((await callJson(app, "/api/v1/progressstate")).status, 404);
});

Deno.test("GET /progressstate shows the real queue's progress once the task reports", async () => {
  const fake = fakeServerDeps();
  const clock = new FakeClock();
  const queue = new SerialTaskQueue({ clock });
  const app = createApp({ ...fake.deps, queue, clock });
  let release!: () => void;
  queue.enqueue({
    operation: "Backup",
    backupId: "3",
    run: (control) => {
      control.progress({ type: "phase", phase: "Backup_ProcessingFiles" });
      control.progress({ type: "counted", files: 4, bytes: 400, done: true });
      control.progress({ type: "file", path: "/data/a.txt", size: 100 });
      return new Promise<TaskOutcome>((resolve) => (release = () => resolve({ exitCode: 0 })));
    },
  });
  await Promise.resolve();
  await Promise.resolve();
  const { status, body } = await callJson(app, "/api/v1/progressstate");
  assertEquals(status, 200);
  const progress = body as ProgressState;
  assertEquals([progress.Phase, progress.TotalFileCount, progress.ProcessedFileCount], [
    "Backup_ProcessingFiles",
    4,
    1,
  ]);
  assertEquals([progress.OverallProgress, progress.CurrentFilename], [0.25, "/data/a.txt"]);
  release();
  await queue.shutdown({ stopRunning: false });
});

Deno.test("progress state routes answer 401 without a token", async () => {
  await assertNeedsToken(createApp(fakeServerDeps().deps), [
    ["GET", "/progressstate"],
  ]);
});
