/**
 * GET /tasks, GET /task/{taskid}, POST /task/{taskid}/stop and /abort: the task queue as clients see it.
 * @module
 */
import { Hono } from "hono";
import type { Context } from "hono";
import type { TaskDto } from "../api_types.ts";
import type { ServerDeps } from "../deps.ts";
import { HttpError } from "../http_error.ts";
import { idParam } from "../request_body.ts";
import type { TaskInfo } from "../tasks/task_types.ts";

/** Routes for the task queue; paths relative to /api/v1. */
export function tasksRoutes(deps: ServerDeps): Hono {
  const app = new Hono();
  app.get("/tasks", (c) => c.json(deps.queue.list().map(taskDto)));
  app.get("/task/:taskid", (c) => {
    const task = deps.queue.get(taskIdParam(c));
    if (task === undefined) throw noSuchTask(c.req.param("taskid"), "");
    return c.json(taskDto(task));
  });
  app.post("/task/:taskid/stop", (c) => {
    if (!deps.queue.stop(taskIdParam(c))) throw noSuchTask(c.req.param("taskid"), " or has already finished");
    deps.events.bump();
    return c.json({ Status: "OK" });
  });
  app.post("/task/:taskid/abort", (c) => {
    if (!deps.queue.abort(taskIdParam(c))) throw noSuchTask(c.req.param("taskid"), " or has already finished");
    deps.events.bump();
    return c.json({ Status: "OK" });
  });
  return app;
}

/** The wire form of a task (its progress is served by /progressstate). */
export function taskDto(task: TaskInfo): TaskDto {
  return {
    ID: task.ID,
    Status: task.Status,
    Operation: task.Operation,
    BackupID: task.BackupID,
    TaskStarted: task.TaskStarted,
    TaskFinished: task.TaskFinished,
    ErrorMessage: task.ErrorMessage,
    Exception: task.Exception,
  };
}

function taskIdParam(c: Context): number {
  return idParam(c, { name: "taskid", what: "Task" });
}

function noSuchTask(raw: string | undefined, extra: string): HttpError {
  return new HttpError(404, `Task "${raw ?? ""}" was not found${extra}`, { reason: "not-found" });
}
