/**
 * A TaskQueue for route tests whose tasks never run: tests place tasks in any state and read back what the
 * routes asked for (stop, abort, pause, resume).
 * @module
 */
import type { ProgressState, TaskStatus } from "../../lib/server/api_types.ts";
import type { TaskInfo, TaskQueue, TaskRequest } from "../../lib/server/tasks/task_types.ts";

/** A queue that records calls instead of running anything. */
export class FakeTaskQueue implements TaskQueue {
  tasks: TaskInfo[] = [];
  requests = new Map<number, TaskRequest>();
  stopped: number[] = [];
  aborted: number[] = [];
  pauseCalls: { durationMs?: number; pauseTransfers?: boolean }[] = [];
  resumeCalls = 0;
  paused = false;
  pausedUntil = 0;
  #nextId = 1;

  /** Adds a task in the given state and returns it. */
  add(
    env: { status: TaskStatus; backupId?: string; operation?: string; progress?: ProgressState; error?: string },
  ): TaskInfo {
    const id = this.#nextId++;
    const info: TaskInfo = {
      ID: id,
      Status: env.status,
      Operation: env.operation ?? "Backup",
      BackupID: env.backupId ?? "1",
      TaskStarted: env.status === "Waiting" ? null : "2024-05-01T10:00:00.000Z",
      TaskFinished: env.status === "Completed" || env.status === "Failed" ? "2024-05-01T10:05:00.000Z" : null,
      ErrorMessage: env.error ?? null,
      Exception: env.error ?? null,
      progress: env.progress,
    };
    this.tasks.push(info);
    return info;
  }

  enqueue(request: TaskRequest): number {
    const info = this.add({ status: "Waiting", backupId: request.backupId, operation: request.operation });
    this.requests.set(info.ID, request);
    return info.ID;
  }
  get(id: number): TaskInfo | undefined {
    return this.tasks.find((t) => t.ID === id);
  }
  list(): TaskInfo[] {
    return [...this.active() ? [this.active()!] : [], ...this.queued(), ...this.#finished()];
  }
  active(): TaskInfo | undefined {
    return this.tasks.find((t) => t.Status === "Running");
  }
  queued(): TaskInfo[] {
    return this.tasks.filter((t) => t.Status === "Waiting");
  }
  stop(id: number): boolean {
    if (!this.#live(id)) return false;
    this.stopped.push(id);
    return true;
  }
  abort(id: number): boolean {
    if (!this.#live(id)) return false;
    this.aborted.push(id);
    return true;
  }
  pause(env: { durationMs?: number; pauseTransfers?: boolean } = {}): void {
    this.pauseCalls.push(env);
    this.paused = true;
    this.pausedUntil = env.durationMs === undefined ? 0 : Date.now() + env.durationMs;
  }
  resume(): void {
    this.resumeCalls++;
    this.paused = false;
    this.pausedUntil = 0;
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }

  #live(id: number): boolean {
    const task = this.get(id);
    return task !== undefined && (task.Status === "Running" || task.Status === "Waiting");
  }
  #finished(): TaskInfo[] {
    return this.tasks.filter((t) => t.Status === "Completed" || t.Status === "Failed");
  }
}
