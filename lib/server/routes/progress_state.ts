/**
 * GET /progressstate: the running task's progress (phase, files, bytes, speed, current file), or 404 when idle.
 * With ifactive=true an idle server answers null instead. The queue gives the running task its progress from the start (Phase "<Operation>_Begin" until the task reports).
 * @module
 */
import { Hono } from "hono";
import type { ServerDeps } from "../deps.ts";
import { HttpError } from "../http_error.ts";
import { queryBoolean } from "../request_body.ts";

/** Routes for the progress of the active task; paths relative to /api/v1. */
export function progressStateRoutes(deps: ServerDeps): Hono {
  const app = new Hono();
  app.get("/progressstate", (c) => {
    const progress = deps.queue.active()?.progress;
    if (progress === undefined) {
      // The web UI asks with ifactive=true so that "idle" is an answer, not an error in the browser's console.
      if (queryBoolean(c, "ifactive", false)) return c.json(null);
      throw new HttpError(404, "No active backup", { reason: "no-active-task" });
    }
    return c.json(progress);
  });
  return app;
}
