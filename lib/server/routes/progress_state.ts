/**
 * GET /progressstate: the running task's progress (phase, files, bytes, speed, current file), or 404 when idle.
 * The queue gives the running task its progress from the start (Phase "<Operation>_Begin" until the task reports).
 * @module
 */
import { Hono } from "hono";
import type { ServerDeps } from "../deps.ts";
import { HttpError } from "../http_error.ts";

/** Routes for the progress of the active task; paths relative to /api/v1. */
export function progressStateRoutes(deps: ServerDeps): Hono {
  const app = new Hono();
  app.get("/progressstate", (c) => {
    const progress = deps.queue.active()?.progress;
    if (progress === undefined) throw new HttpError(404, "No active backup", { reason: "no-active-task" });
    return c.json(progress);
  });
  return app;
}
