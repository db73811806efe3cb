/**
 * GET /progressstate: the running task's progress (phase, files, bytes, speed, current file), or 404 when idle.
 * @module
 */
import { Hono } from "hono";
import type { ProgressState } from "../api_types.ts";
import type { ServerDeps } from "../deps.ts";
import { HttpError } from "../http_error.ts";
import type { TaskInfo } from "../tasks/task_types.ts";

/** Routes for the progress of the active task; paths relative to /api/v1. */
export function progressStateRoutes(deps: ServerDeps): Hono {
  const app = new Hono();
  app.get("/progressstate", (c) => {
    const active = deps.queue.active();
    if (active === undefined) throw new HttpError(404, "No active backup", { reason: "no-active-task" });
    return c.json(active.progress ?? startingProgress(active));
  });
  return app;
}

/** What a task that has not reported any progress yet looks like. */
export function startingProgress(task: TaskInfo): ProgressState {
  return {
    BackupID: task.BackupID,
    TaskID: task.ID,
    Phase: `${task.Operation}_Begin`,
    OverallProgress: 0,
    ProcessedFileCount: 0,
    ProcessedFileSize: 0,
    TotalFileCount: 0,
    TotalFileSize: 0,
    StillCounting: true,
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
  };
}
