import { assertEquals } from "../../support/assert.ts";
import { ProgressTracker } from "../../../lib/server/tasks/progress_state.ts";
import { FakeClock } from "../../support/fake_clock.ts";

function tracker() {
  const clock = new FakeClock();
  return { clock, progress: new ProgressTracker({ taskId: 3, backupId: "12", clock }) };
}

Deno.test("ProgressTracker: the initial state is empty with an unknown estimate", () => {
  const { progress } = tracker();
  assertEquals(progress.state(), {
    BackupID: "12",
    TaskID: 3,
    Phase: "",
    OverallProgress: 0,
    ProcessedFileCount: 0,
    ProcessedFileSize: 0,
    TotalFileCount: 0,
    TotalFileSize: 0,
    StillCounting: false,
    CurrentFilename: null,
    CurrentFilesize: 0,
    CurrentFileoffset: 0,
    CurrentFilecomplete: false,
    BackendAction: "",
    BackendPath: null,
    BackendFileSize: 0,
    BackendFileProgress: 0,
    BackendSpeed: 0,
    BackendIsBlocking: false,
    ActiveTransfers: [],
    Speed: 0,
    EstimatedTimeToCompletion: -1,
    RemoteSyncDestinationIndex: 0,
    RemoteSyncDestinationCount: 0,
  });
});

Deno.test("ProgressTracker: counting, processed files, overall progress by bytes, speed and estimate", () => {
  const { clock, progress } = tracker();
  progress.sink({ type: "phase", phase: "Backup_ProcessingFiles" });
  progress.sink({ type: "counted", files: 2, bytes: 1000, done: false });
  progress.sink({ type: "file", path: "/src/a.txt", size: 400 });
  clock.advance(4000);
  let state = progress.state();
  assertEquals([state.Phase, state.StillCounting, state.TotalFileCount, state.TotalFileSize], [
    "Backup_ProcessingFiles",
    true,
    2,
    1000,
  ]);
  // Totals are not final while counting: no progress fraction and no estimate yet.
  assertEquals([state.OverallProgress, state.EstimatedTimeToCompletion, state.Speed], [0, -1, 100]);
  progress.sink({ type: "counted", files: 4, bytes: 2000, done: true });
  progress.sink({ type: "file", path: "/src/b.txt", size: 600 });
  state = progress.state();
  assertEquals(
    [state.StillCounting, state.ProcessedFileCount, state.ProcessedFileSize, state.OverallProgress],
    [false, 2, 1000, 0.5],
  );
  assertEquals([state.CurrentFilename, state.CurrentFilesize], ["/src/b.txt", 600]);
  // 1000 bytes in 4 s = 250 B/s; 1000 bytes left = 4 s.
  assertEquals([state.Speed, state.EstimatedTimeToCompletion], [250, 4]);
  progress.sink({ type: "processed", files: 1, bytes: 1500 });
  state = progress.state();
  assertEquals([state.ProcessedFileCount, state.ProcessedFileSize, state.OverallProgress], [3, 2500, 1]);
  assertEquals(state.EstimatedTimeToCompletion, 0);
  progress.sink({ type: "phase", phase: "Backup_Complete" });
  assertEquals([progress.state().OverallProgress, progress.state().EstimatedTimeToCompletion], [1, 0]);
});

Deno.test("ProgressTracker: progress by file count when the total size is 0", () => {
  const { progress } = tracker();
  progress.sink({ type: "counted", files: 4, bytes: 0, done: true });
  progress.sink({ type: "file", path: "/e1", size: 0 });
  assertEquals(progress.state().OverallProgress, 0.25);
  assertEquals(progress.state().EstimatedTimeToCompletion, -1);
});

Deno.test("ProgressTracker: transfers set the backend fields, active transfers and backend speed", () => {
  const { clock, progress } = tracker();
  progress.sink({ type: "transfer", action: "put", remoteName: "duplicati-b1.dblock.zip", size: 5000, done: false });
  progress.sink({ type: "transfer", action: "put", remoteName: "duplicati-i1.dindex.zip", size: 300, done: false });
  let state = progress.state();
  assertEquals(
    [state.BackendAction, state.BackendPath, state.BackendFileSize, state.BackendFileProgress],
    ["Put", "duplicati-i1.dindex.zip", 300, 0],
  );
  assertEquals(state.ActiveTransfers.length, 2);
  clock.advance(2000);
  progress.sink({ type: "transfer", action: "put", remoteName: "duplicati-b1.dblock.zip", size: 5000, done: true });
  state = progress.state();
  assertEquals([state.BackendPath, state.BackendFileProgress, state.BackendSpeed], [
    "duplicati-b1.dblock.zip",
    5000,
    2500,
  ]);
  assertEquals(state.ActiveTransfers, [{
    BackendAction: "Put",
    BackendPath: "duplicati-i1.dindex.zip",
    BackendFileSize: 300,
    BackendFileProgress: 0,
    BackendSpeed: 0,
    BackendIsBlocking: false,
  }]);
  progress.sink({ type: "transfer", action: "list", remoteName: "", size: 0, done: false });
  assertEquals([progress.state().BackendAction, progress.state().BackendPath], ["List", ""]);
  progress.sink({ type: "transfer", action: "delete", remoteName: "old.zip", size: 10, done: true });
  // Deletes and lists are not counted as transferred bytes.
  assertEquals([progress.state().BackendAction, progress.state().BackendSpeed], ["Delete", 2500]);
});
