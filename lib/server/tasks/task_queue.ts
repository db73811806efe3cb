/**
 * SerialTaskQueue: the server's one worker (spec §3.10). Tasks run one at a time in FIFO order; `skipQueue` puts a
 * task first. Pausing stops dispatching (and, with pauseTransfers, makes `control.whileRunning()` wait); a timed
 * pause resumes itself through the Clock. The last 100 finished tasks stay listed.
 *
 * Status rules: a task whose run() throws is Failed with the error's message; one whose outcome has exit code 100
 * (fatal) is Failed; every other outcome is Completed (ErrorMessage = the outcome's errorMessage, if any). A waiting
 * task that is stopped or aborted is removed from the queue and Failed with ErrorMessage "Stopped" or "Aborted"; it
 * never ran, so `onFinished` is not called for it.
 * @module
 */
import type { Clock } from "../clock.ts";
import type { TaskStatus } from "../api_types.ts";
import { errorMessage } from "../../core/errors.ts";
import { ProgressTracker } from "./progress_state.ts";
import type { ActiveTaskInfo, TaskControl, TaskInfo, TaskOutcome, TaskQueue, TaskRequest } from "./task_types.ts";

const KEEP_FINISHED = 100;
const MIN_PAUSE_MS = 100;
/** A timed pause's timer wakes at least once a day and re-arms until the pause ends. */
const MAX_PAUSE_TIMER_MS = 24 * 3600_000;
const FATAL_EXIT_CODE = 100;

export interface SerialTaskQueueOptions {
  readonly clock: Clock;
  /** Called after every change clients can see (queued, started, finished, stopped, paused, resumed). */
  readonly onChange?: () => void;
  /** Called when a task that ran has finished, after its status is recorded and before the next task starts. */
  readonly onFinished?: (task: TaskInfo, outcome: TaskOutcome) => void;
  /** Stores the pause: epoch ms when a timed pause ends, 0 = paused until resumed, null = not paused. */
  readonly persist?: (pausedUntil: number | null) => void;
  /** How many finished tasks to keep listed (default 100). */
  readonly keepFinished?: number;
}

interface Entry {
  readonly id: number;
  readonly request: TaskRequest;
  readonly controller: AbortController;
  status: TaskStatus;
  started: number | null;
  finished: number | null;
  error: string | null;
  exception: string | null;
  tracker: ProgressTracker | undefined;
  done: Promise<void> | undefined;
}

export class SerialTaskQueue implements TaskQueue {
  readonly #options: SerialTaskQueueOptions;
  #nextId = 1;
  #waiting: Entry[] = [];
  #running: Entry | undefined;
  /** Newest first. */
  #finished: Entry[] = [];
  #paused = false;
  #pausedUntil = 0;
  #transfersPaused = false;
  #pauseTimer: number | undefined;
  #resumeWaiters = new Set<() => void>();
  #shutDown = false;

  constructor(options: SerialTaskQueueOptions) {
    this.#options = options;
  }

  enqueue(request: TaskRequest, env: { skipQueue?: boolean } = {}): number {
    if (request.operation === "Backup" && request.backupId !== "") {
      const same = [this.#running, ...this.#waiting].find((entry) =>
        entry?.request.operation === "Backup" && entry.request.backupId === request.backupId
      );
      if (same) return same.id;
    }
    const entry: Entry = {
      id: this.#nextId++,
      request,
      controller: new AbortController(),
      status: "Waiting",
      started: null,
      finished: null,
      error: null,
      exception: null,
      tracker: undefined,
      done: undefined,
    };
    if (env.skipQueue) this.#waiting.unshift(entry);
    else this.#waiting.push(entry);
    this.#changed();
    this.#dispatch();
    return entry.id;
  }

  get(id: number): TaskInfo | undefined {
    const entry = this.#all().find((candidate) => candidate.id === id);
    return entry && info(entry);
  }

  list(): TaskInfo[] {
    return this.#all().map(info);
  }

  active(): ActiveTaskInfo | undefined {
    const running = this.#running;
    if (!running) return undefined;
    return { ...info(running), progress: running.tracker!.state() };
  }

  queued(): TaskInfo[] {
    return this.#waiting.map(info);
  }

  stop(id: number): boolean {
    return this.#cancel(id, "Stopped");
  }

  abort(id: number): boolean {
    return this.#cancel(id, "Aborted");
  }

  pause(env: { durationMs?: number; pauseTransfers?: boolean } = {}): void {
    const { clock } = this.#options;
    this.#clearPauseTimer();
    this.#paused = true;
    this.#transfersPaused = env.pauseTransfers ?? false;
    if (!this.#transfersPaused) this.#releaseTransfers();
    const duration = env.durationMs;
    this.#pausedUntil = duration !== undefined && duration > 0 ? clock.now() + Math.max(MIN_PAUSE_MS, duration) : 0;
    if (this.#pausedUntil > 0 && !this.#shutDown) this.#armPauseTimer();
    this.#persist(this.#pausedUntil);
    this.#changed();
  }

  resume(): void {
    if (!this.#paused) return;
    this.#clearPauseTimer();
    this.#paused = false;
    this.#pausedUntil = 0;
    this.#transfersPaused = false;
    this.#releaseTransfers();
    this.#persist(null);
    this.#changed();
    this.#dispatch();
  }

  get paused(): boolean {
    return this.#paused;
  }

  get pausedUntil(): number {
    return this.#pausedUntil;
  }

  /**
   * Starts no more tasks (waiting ones stay Waiting; later enqueues are listed but never run), clears the pause
   * timer, lets a task held by pauseTransfers go on, and resolves when the running task has finished.
   */
  async shutdown(env: { stopRunning: boolean }): Promise<void> {
    this.#shutDown = true;
    this.#clearPauseTimer();
    this.#transfersPaused = false;
    this.#releaseTransfers();
    const running = this.#running;
    if (!running) return;
    if (env.stopRunning) running.controller.abort(new DOMException("The server is shutting down", "AbortError"));
    await running.done;
  }

  #all(): Entry[] {
    return [...(this.#running ? [this.#running] : []), ...this.#waiting, ...this.#finished];
  }

  #dispatch(): void {
    if (this.#running || this.#paused || this.#shutDown) return;
    const entry = this.#waiting.shift();
    if (!entry) return;
    const { clock } = this.#options;
    entry.status = "Running";
    entry.started = clock.now();
    // Before the task's first phase event clients see "<Operation>_Begin" (Duplicati's first phase).
    entry.tracker = new ProgressTracker({
      taskId: entry.id,
      backupId: entry.request.backupId,
      clock,
      phase: `${entry.request.operation}_Begin`,
    });
    this.#running = entry;
    this.#changed();
    entry.done = this.#run(entry);
  }

  async #run(entry: Entry): Promise<void> {
    const tracker = entry.tracker!;
    const control: TaskControl = {
      id: entry.id,
      signal: entry.controller.signal,
      progress: tracker.sink,
      whileRunning: () => this.#whileRunning(entry.controller.signal),
    };
    let outcome: TaskOutcome;
    let threw = false;
    try {
      // Start on a later microtask, so enqueue() returns before any of the task's code runs.
      await Promise.resolve();
      outcome = await entry.request.run(control);
    } catch (error) {
      threw = true;
      outcome = { exitCode: FATAL_EXIT_CODE, errorMessage: errorMessage(error) };
      entry.exception = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    }
    entry.status = threw || outcome.exitCode >= FATAL_EXIT_CODE ? "Failed" : "Completed";
    entry.error = outcome.errorMessage ?? null;
    this.#retire(entry);
    try {
      this.#options.onFinished?.(info(entry), outcome);
    } catch {
      // The hook's failure is the hook's business; the queue goes on.
    }
    this.#changed();
    this.#dispatch();
  }

  /** Moves a task that has ended (ran, or was removed while waiting) to the finished list. */
  #retire(entry: Entry): void {
    entry.finished = this.#options.clock.now();
    entry.tracker = undefined;
    if (this.#running === entry) this.#running = undefined;
    this.#finished.unshift(entry);
    this.#finished.length = Math.min(this.#finished.length, this.#options.keepFinished ?? KEEP_FINISHED);
  }

  #cancel(id: number, reason: "Stopped" | "Aborted"): boolean {
    const index = this.#waiting.findIndex((entry) => entry.id === id);
    if (index >= 0) {
      const [entry] = this.#waiting.splice(index, 1);
      entry!.status = "Failed";
      entry!.error = reason;
      this.#retire(entry!);
      this.#changed();
      return true;
    }
    const running = this.#running;
    if (running?.id !== id) return false;
    const message = reason === "Stopped" ? "The task was stopped" : "The task was aborted";
    if (!running.controller.signal.aborted) running.controller.abort(new DOMException(message, "AbortError"));
    return true;
  }

  #whileRunning(signal: AbortSignal): Promise<void> {
    if (!this.#paused || !this.#transfersPaused || signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        signal.removeEventListener("abort", done);
        this.#resumeWaiters.delete(done);
        resolve();
      };
      this.#resumeWaiters.add(done);
      signal.addEventListener("abort", done, { once: true });
    });
  }

  #releaseTransfers(): void {
    const waiters = [...this.#resumeWaiters];
    this.#resumeWaiters.clear();
    for (const wake of waiters) wake();
  }

  #armPauseTimer(): void {
    const { clock } = this.#options;
    const delay = Math.min(Math.max(this.#pausedUntil - clock.now(), 0), MAX_PAUSE_TIMER_MS);
    this.#pauseTimer = clock.setTimeout(() => {
      this.#pauseTimer = undefined;
      if (clock.now() >= this.#pausedUntil) this.resume();
      else this.#armPauseTimer();
    }, delay);
  }

  #clearPauseTimer(): void {
    if (this.#pauseTimer !== undefined) this.#options.clock.clearTimeout(this.#pauseTimer);
    this.#pauseTimer = undefined;
  }

  #persist(pausedUntil: number | null): void {
    try {
      this.#options.persist?.(pausedUntil);
    } catch {
      // Losing the stored pause only matters after a restart; the pause itself holds.
    }
  }

  #changed(): void {
    try {
      this.#options.onChange?.();
    } catch {
      // A failing change hook must not break the queue.
    }
  }
}

function info(entry: Entry): TaskInfo {
  return {
    ID: entry.id,
    Status: entry.status,
    Operation: entry.request.operation,
    BackupID: entry.request.backupId,
    TaskStarted: entry.started === null ? null : new Date(entry.started).toISOString(),
    TaskFinished: entry.finished === null ? null : new Date(entry.finished).toISOString(),
    ErrorMessage: entry.error,
    Exception: entry.exception,
    progress: entry.tracker?.state(),
  };
}
