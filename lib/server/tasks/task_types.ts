/**
 * The task queue's contract: what can be queued, what a running task is given, and what clients see. The queue
 * (task_queue.ts) runs one task at a time; backup_tasks.ts turns a configured backup into tasks.
 * @module
 */
import type { ProgressSink } from "../../operations/progress.ts";
import type { ProgressState, TaskDto } from "../api_types.ts";

/** What a task reports when it ends; the queue records it and the runner logs it. */
export interface TaskOutcome {
  /** Duplicati's CLI exit code: 0 ok, 1 no changes, 2 warnings, 3 errors, 50 stopped (partial), 100 fatal. */
  readonly exitCode: number;
  readonly errorMessage?: string;
}

export interface TaskControl {
  readonly id: number;
  /** Aborted by stop (graceful: the engine stops at its next safe point) and by abort. */
  readonly signal: AbortSignal;
  /** Engine progress events; the queue folds them into the task's ProgressState. */
  readonly progress: ProgressSink;
  /** Resolves at once unless the server is paused with pauseTransfers; then when it resumes or the task stops. */
  readonly whileRunning: () => Promise<void>;
}

export interface TaskRequest {
  /** "Backup", "Restore", "Verify", "Compact", "Repair", "Delete", "Vacuum", "CreateReport", "DeleteBackup" */
  readonly operation: string;
  /** The configured backup's id as a string ("" for server-level tasks). */
  readonly backupId: string;
  run(control: TaskControl): Promise<TaskOutcome>;
}

export interface TaskInfo extends TaskDto {
  /** The running task's progress (from its start, Phase "<Operation>_Begin"); undefined for other tasks. */
  readonly progress: ProgressState | undefined;
}

/** The running task: its progress is always there. */
export interface ActiveTaskInfo extends TaskInfo {
  readonly progress: ProgressState;
}

export interface TaskQueue {
  /**
   * Queues a task (or runs it next with `skipQueue`). A backup already queued or running for the same backup id
   * and operation returns that task's id instead of a new one.
   */
  enqueue(request: TaskRequest, env?: { skipQueue?: boolean }): number;
  get(id: number): TaskInfo | undefined;
  /** Running, waiting, then the last finished ones (kept for a while). */
  list(): TaskInfo[];
  /** The running task; a queue that runs tasks gives its progress (ActiveTaskInfo), as SerialTaskQueue does. */
  active(): TaskInfo | undefined;
  queued(): TaskInfo[];
  /** Graceful stop; false when the id is unknown or finished. */
  stop(id: number): boolean;
  abort(id: number): boolean;
  /** Pauses dispatching (and transfers when asked) until resume() or, with durationMs, until the time passes. */
  pause(env?: { durationMs?: number; pauseTransfers?: boolean }): void;
  resume(): void;
  readonly paused: boolean;
  /** Epoch ms when a timed pause ends; 0 when paused indefinitely or not paused. */
  readonly pausedUntil: number;
  /** Resolves when the running task (if any) has finished; no new tasks start afterwards. */
  shutdown(env: { stopRunning: boolean }): Promise<void>;
}
