import { assert, assertEquals } from "../../support/assert.ts";
import { CancelledError } from "../../../lib/core/errors.ts";
import { SerialTaskQueue } from "../../../lib/server/tasks/task_queue.ts";
import type { TaskControl, TaskInfo, TaskOutcome, TaskRequest } from "../../../lib/server/tasks/task_types.ts";
import { FAKE_CLOCK_START, FakeClock } from "../../support/fake_clock.ts";

/** A task the test finishes by hand; it ends with exit code 50 when its signal aborts. */
class Held {
  control: TaskControl | undefined;
  runs = 0;
  #finish: ((outcome: TaskOutcome) => void) | undefined;
  #fail: ((error: unknown) => void) | undefined;
  readonly request: TaskRequest;
  constructor(
    readonly log: string[],
    operation: string,
    backupId: string,
    readonly label = `${operation}:${backupId}`,
  ) {
    this.request = {
      operation,
      backupId,
      run: (control) => {
        this.runs++;
        this.control = control;
        log.push(`start ${this.label}`);
        return new Promise<TaskOutcome>((resolve, reject) => {
          this.#finish = resolve;
          this.#fail = reject;
          control.signal.addEventListener("abort", () => resolve({ exitCode: 50 }), { once: true });
        });
      },
    };
  }
  finish(outcome: TaskOutcome = { exitCode: 0 }): Promise<void> {
    this.#finish?.(outcome);
    return flush();
  }
  fail(error: unknown): Promise<void> {
    this.#fail?.(error);
    return flush();
  }
}

async function flush(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}

function setup(options: { keepFinished?: number } = {}) {
  const clock = new FakeClock();
  const log: string[] = [];
  const finished: { id: number; status: string; outcome: TaskOutcome }[] = [];
  const persisted: (number | null)[] = [];
  let changes = 0;
  const queue = new SerialTaskQueue({
    clock,
    onChange: () => changes++,
    onFinished: (task, outcome) => finished.push({ id: task.ID, status: task.Status, outcome }),
    persist: (until) => persisted.push(until),
    ...options,
  });
  const held = (operation: string, backupId: string, label?: string) => new Held(log, operation, backupId, label);
  return { clock, log, finished, persisted, queue, held, changes: () => changes };
}

const brief = (tasks: TaskInfo[]) =>
  tasks.map((task) => `${task.ID}:${task.Operation}:${task.BackupID}:${task.Status}`);

Deno.test("SerialTaskQueue: runs one task at a time in FIFO order", async () => {
  const { queue, held, log, clock } = setup();
  const [a, b, c] = [held("Backup", "1"), held("Verify", "1"), held("Backup", "2")];
  assertEquals([queue.enqueue(a.request), queue.enqueue(b.request), queue.enqueue(c.request)], [1, 2, 3]);
  await flush();
  assertEquals(log, ["start Backup:1"]);
  assertEquals(queue.active()?.ID, 1);
  assertEquals(queue.active()?.TaskStarted, new Date(FAKE_CLOCK_START).toISOString());
  assertEquals(brief(queue.queued()), ["2:Verify:1:Waiting", "3:Backup:2:Waiting"]);
  clock.advance(5000);
  await a.finish();
  assertEquals(log, ["start Backup:1", "start Verify:1"]);
  await b.finish();
  await c.finish();
  assertEquals(log, ["start Backup:1", "start Verify:1", "start Backup:2"]);
  assertEquals(brief(queue.list()), ["3:Backup:2:Completed", "2:Verify:1:Completed", "1:Backup:1:Completed"]);
  assertEquals(queue.get(1)?.TaskFinished, new Date(FAKE_CLOCK_START + 5000).toISOString());
  assertEquals(queue.active(), undefined);
  await queue.shutdown({ stopRunning: false });
});

Deno.test("SerialTaskQueue: skipQueue runs a task next; list shows running, waiting, finished", async () => {
  const { queue, held, log } = setup();
  const [a, b, c, d] = [held("Backup", "1"), held("Backup", "2"), held("Backup", "3"), held("Restore", "4")];
  queue.enqueue(a.request);
  queue.enqueue(b.request);
  queue.enqueue(c.request);
  const urgent = queue.enqueue(d.request, { skipQueue: true });
  await flush();
  assertEquals(brief(queue.list()), [
    "1:Backup:1:Running",
    "4:Restore:4:Waiting",
    "2:Backup:2:Waiting",
    "3:Backup:3:Waiting",
  ]);
  await a.finish();
  assertEquals(queue.active()?.ID, urgent);
  assertEquals(brief(queue.list()), [
    "4:Restore:4:Running",
    "2:Backup:2:Waiting",
    "3:Backup:3:Waiting",
    "1:Backup:1:Completed",
  ]);
  await d.finish();
  await b.finish();
  await c.finish();
  assertEquals(log, ["start Backup:1", "start Restore:4", "start Backup:2", "start Backup:3"]);
  await queue.shutdown({ stopRunning: false });
});

Deno.test("SerialTaskQueue: a backup already waiting or running returns its id", async () => {
  const { queue, held } = setup();
  const running = held("Backup", "1");
  const waiting = held("Backup", "2");
  assertEquals(queue.enqueue(running.request), 1);
  assertEquals(queue.enqueue(waiting.request), 2);
  await flush();
  assertEquals(queue.enqueue(held("Backup", "1").request), 1);
  assertEquals(queue.enqueue(held("Backup", "2").request, { skipQueue: true }), 2);
  // Other operations and server-level tasks are not merged.
  assertEquals(queue.enqueue(held("Verify", "1").request), 3);
  assertEquals(queue.enqueue(held("Backup", "").request), 4);
  assertEquals(queue.enqueue(held("Backup", "").request), 5);
  assertEquals(queue.queued().map((task) => task.ID), [2, 3, 4, 5]);
  await running.finish();
  assertEquals(queue.enqueue(held("Backup", "1").request), 6);
  await queue.shutdown({ stopRunning: true });
});

Deno.test('SerialTaskQueue: stop of a waiting task removes it as Failed "Stopped"; of a running one aborts it', async () => {
  const { queue, held, log, finished, clock } = setup();
  const [a, b, c] = [held("Backup", "1"), held("Backup", "2"), held("Backup", "3")];
  queue.enqueue(a.request);
  queue.enqueue(b.request);
  queue.enqueue(c.request);
  await flush();
  clock.advance(1000);
  assertEquals(queue.stop(2), true);
  assertEquals(queue.get(2), {
    ID: 2,
    Status: "Failed",
    Operation: "Backup",
    BackupID: "2",
    TaskStarted: null,
    TaskFinished: new Date(FAKE_CLOCK_START + 1000).toISOString(),
    ErrorMessage: "Stopped",
    Exception: null,
    progress: undefined,
  });
  assertEquals(queue.queued().map((task) => task.ID), [3]);
  assertEquals(queue.stop(1), true);
  assertEquals(a.control!.signal.aborted, true);
  assertEquals((a.control!.signal.reason as DOMException).message, "The task was stopped");
  await flush();
  assertEquals(queue.get(1)?.Status, "Completed");
  assertEquals(log, ["start Backup:1", "start Backup:3"]);
  assertEquals(b.runs, 0);
  // onFinished is for tasks that ran.
  assertEquals(finished, [{ id: 1, status: "Completed", outcome: { exitCode: 50 } }]);
  assertEquals(queue.stop(1), false);
  assertEquals(queue.stop(99), false);
  await c.finish();
  await queue.shutdown({ stopRunning: false });
});

Deno.test('SerialTaskQueue: abort aborts the running task\'s signal and removes a waiting one as "Aborted"', async () => {
  const { queue, held } = setup();
  const running: TaskRequest = {
    operation: "Backup",
    backupId: "1",
    run: (control) =>
      new Promise((_, reject) => {
        control.signal.addEventListener("abort", () => reject(new CancelledError("Cancelled by the user")));
      }),
  };
  queue.enqueue(running);
  queue.enqueue(held("Backup", "2").request);
  await flush();
  assertEquals(queue.abort(2), true);
  assertEquals([queue.get(2)?.Status, queue.get(2)?.ErrorMessage], ["Failed", "Aborted"]);
  assertEquals(queue.abort(1), true);
  await flush();
  assertEquals(queue.get(1)?.Status, "Failed");
  assertEquals(queue.get(1)?.ErrorMessage, "Cancelled by the user");
  assertEquals(queue.get(1)?.Exception, "CancelledError: Cancelled by the user");
  assertEquals(queue.abort(1), false);
  await queue.shutdown({ stopRunning: false });
});

Deno.test("SerialTaskQueue: a task that throws is Failed with its message; the next one still runs", async () => {
  const { queue, held, finished } = setup();
  const boom: TaskRequest = {
    operation: "Backup",
    backupId: "1",
    run: () => Promise.reject(new Error('Cannot open "x": boom')),
  };
  const syncThrow: TaskRequest = {
    operation: "Repair",
    backupId: "1",
    run: () => {
      throw new TypeError("bad");
    },
  };
  const fatal = held("Compact", "1");
  const warnings = held("Verify", "1");
  queue.enqueue(boom);
  queue.enqueue(syncThrow);
  queue.enqueue(fatal.request);
  queue.enqueue(warnings.request);
  await flush();
  await fatal.finish({ exitCode: 100, errorMessage: "Fatal: no space" });
  await warnings.finish({ exitCode: 2, errorMessage: "2 warnings" });
  assertEquals(
    queue.list().map((task) => [task.ID, task.Status, task.ErrorMessage, task.Exception]),
    [
      [4, "Completed", "2 warnings", null],
      [3, "Failed", "Fatal: no space", null],
      [2, "Failed", "bad", "TypeError: bad"],
      [1, "Failed", 'Cannot open "x": boom', 'Error: Cannot open "x": boom'],
    ],
  );
  assertEquals(finished.map((f) => [f.id, f.status, f.outcome.exitCode]), [
    [1, "Failed", 100],
    [2, "Failed", 100],
    [3, "Failed", 100],
    [4, "Completed", 2],
  ]);
  await queue.shutdown({ stopRunning: false });
});

Deno.test("SerialTaskQueue: a timed pause holds dispatching and resumes itself on the clock", async () => {
  const { queue, held, log, clock, persisted } = setup();
  queue.pause({ durationMs: 120_000 });
  assertEquals([queue.paused, queue.pausedUntil], [true, FAKE_CLOCK_START + 120_000]);
  assertEquals(persisted, [FAKE_CLOCK_START + 120_000]);
  const a = held("Backup", "1");
  queue.enqueue(a.request);
  await clock.advanceAsync(119_999);
  assertEquals(log, []);
  assertEquals(queue.queued().length, 1);
  await clock.advanceAsync(1);
  assertEquals(log, ["start Backup:1"]);
  assertEquals([queue.paused, queue.pausedUntil], [false, 0]);
  assertEquals(persisted, [FAKE_CLOCK_START + 120_000, null]);
  assertEquals(clock.pendingTimers, 0);
  await a.finish();
  await queue.shutdown({ stopRunning: false });
});

Deno.test("SerialTaskQueue: pause without a duration lasts until resume; short and long durations", async () => {
  const { queue, held, log, clock, persisted } = setup();
  queue.pause();
  assertEquals([queue.paused, queue.pausedUntil, clock.pendingTimers], [true, 0, 0]);
  const a = held("Backup", "1");
  queue.enqueue(a.request);
  await clock.advanceAsync(3 * 86_400_000);
  assertEquals(log, []);
  queue.resume();
  await flush();
  assertEquals(log, ["start Backup:1"]);
  queue.resume(); // not paused: nothing happens
  assertEquals(persisted, [0, null]);
  // Durations under 100 ms count as 100 ms; a 30 h pause re-arms its daily timer and ends at 30 h.
  queue.pause({ durationMs: 1 });
  assertEquals(queue.pausedUntil, clock.now() + 100);
  queue.pause({ durationMs: 30 * 3600_000 });
  assertEquals(clock.pendingTimers, 1);
  assertEquals(clock.nextDue(), clock.now() + 24 * 3600_000);
  await clock.advanceAsync(24 * 3600_000);
  assertEquals([queue.paused, clock.pendingTimers], [true, 1]);
  await clock.advanceAsync(6 * 3600_000);
  assertEquals([queue.paused, clock.pendingTimers], [false, 0]);
  await a.finish();
  await queue.shutdown({ stopRunning: false });
});

Deno.test("SerialTaskQueue: pauseTransfers makes whileRunning() wait until resume or stop", async () => {
  const { queue, held } = setup();
  const a = held("Backup", "1");
  queue.enqueue(a.request);
  await flush();
  let passed = 0;
  await a.control!.whileRunning();
  queue.pause({ pauseTransfers: false });
  await a.control!.whileRunning(); // a plain pause does not hold the running task's transfers
  queue.pause({ pauseTransfers: true });
  a.control!.whileRunning().then(() => passed++);
  a.control!.whileRunning().then(() => passed++);
  await flush();
  assertEquals(passed, 0);
  queue.resume();
  await flush();
  assertEquals(passed, 2);
  queue.pause({ pauseTransfers: true });
  const waiting = a.control!.whileRunning().then(() => passed++);
  await flush();
  assertEquals(passed, 2);
  queue.stop(1);
  await waiting;
  assertEquals(passed, 3);
  await queue.shutdown({ stopRunning: false });
});

Deno.test("SerialTaskQueue: onChange is called for every visible change", async () => {
  const { queue, held, changes } = setup();
  const a = held("Backup", "1");
  const b = held("Backup", "2");
  queue.enqueue(a.request); // queued + started
  await flush();
  assertEquals(changes(), 2);
  queue.enqueue(b.request); // queued
  assertEquals(changes(), 3);
  queue.enqueue(held("Backup", "2").request); // duplicate: no change
  assertEquals(changes(), 3);
  queue.pause();
  assertEquals(changes(), 4);
  await a.finish(); // finished; b does not start while paused
  assertEquals(changes(), 5);
  queue.resume(); // resumed + b started
  await flush();
  assertEquals(changes(), 7);
  queue.enqueue(held("Backup", "3").request);
  queue.stop(3); // queued + removed
  assertEquals(changes(), 9);
  await b.finish();
  assertEquals(changes(), 10);
  await queue.shutdown({ stopRunning: false });
});

Deno.test("SerialTaskQueue: shutdown waits for the running task and starts no other", async () => {
  const { queue, held, log } = setup();
  const a = held("Backup", "1");
  queue.enqueue(a.request);
  queue.enqueue(held("Backup", "2").request);
  await flush();
  let done = false;
  const shutdown = queue.shutdown({ stopRunning: false }).then(() => done = true);
  await flush();
  assertEquals([done, a.control!.signal.aborted], [false, false]);
  await a.finish();
  await shutdown;
  assertEquals(done, true);
  assertEquals(log, ["start Backup:1"]);
  assertEquals(queue.get(2)?.Status, "Waiting");
  queue.enqueue(held("Backup", "3").request);
  await flush();
  assertEquals(log, ["start Backup:1"]);
});

Deno.test("SerialTaskQueue: shutdown with stopRunning aborts the running task; it ends a paused one too", async () => {
  const { queue, held, clock } = setup();
  const a = held("Backup", "1");
  queue.enqueue(a.request);
  await flush();
  queue.pause({ durationMs: 60_000, pauseTransfers: true });
  const transfer = a.control!.whileRunning();
  await queue.shutdown({ stopRunning: true });
  await transfer;
  assertEquals(a.control!.signal.aborted, true);
  assertEquals(queue.get(1)?.Status, "Completed");
  assertEquals(clock.pendingTimers, 0);
});

Deno.test("SerialTaskQueue: keeps only the newest finished tasks", async () => {
  const { queue } = setup({ keepFinished: 3 });
  for (let i = 1; i <= 5; i++) {
    queue.enqueue({ operation: "Verify", backupId: String(i), run: () => Promise.resolve({ exitCode: 0 }) });
    await flush();
  }
  assertEquals(queue.list().map((task) => task.ID), [5, 4, 3]);
  assertEquals(queue.get(1), undefined);
  await queue.shutdown({ stopRunning: false });
});

Deno.test("SerialTaskQueue: the running task's progress events show in its TaskInfo", async () => {
  const { queue, held, clock } = setup();
  const a = held("Backup", "7");
  queue.enqueue(a.request);
  await flush();
  clock.advance(2000);
  a.control!.progress({ type: "phase", phase: "Backup_ProcessingFiles" });
  a.control!.progress({ type: "file", path: "/data/a.bin", size: 4096 });
  const progress = queue.get(1)?.progress;
  assert(progress);
  assertEquals(
    [progress.TaskID, progress.BackupID, progress.Phase, progress.ProcessedFileSize, progress.CurrentFilename],
    [1, "7", "Backup_ProcessingFiles", 4096, "/data/a.bin"],
  );
  assertEquals(progress.Speed, 2048);
  await a.finish();
  assertEquals(queue.get(1)?.progress, undefined);
  await queue.shutdown({ stopRunning: false });
});

Deno.test("SerialTaskQueue: a running task has progress from its start (<Operation>_Begin), others none", async () => {
  const { queue, held } = setup();
  const a = held("Restore", "3");
  const b = held("Backup", "4");
  queue.enqueue(a.request);
  queue.enqueue(b.request);
  // Running before its code has run at all (it starts on a later microtask).
  const active = queue.active();
  assert(active);
  assertEquals(a.runs, 0);
  assertEquals([active.ID, active.progress.TaskID, active.progress.BackupID], [1, 1, "3"]);
  assertEquals([active.progress.Phase, active.progress.OverallProgress, active.progress.EstimatedTimeToCompletion], [
    "Restore_Begin",
    0,
    -1,
  ]);
  assertEquals(queue.get(2)?.progress, undefined);
  await flush();
  assertEquals(a.runs, 1);
  await a.finish();
  assertEquals(queue.active()?.progress.Phase, "Backup_Begin");
  assertEquals(queue.get(1)?.progress, undefined);
  await b.finish();
  assertEquals(queue.active(), undefined);
  await queue.shutdown({ stopRunning: false });
});
