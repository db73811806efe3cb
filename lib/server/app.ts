/**
 * createApp(deps): the whole HTTP surface as a Hono app that listens nowhere (run_server.ts serves it; tests call
 * `createApp(deps).request(...)`). Order: host check, auth and the body size limit on /api/v1, the resource routes,
 * then error mapping: HttpError and the engine's typed errors become `{Error, Code, Reason, Field}` JSON, never an
 * HTML 500; an unexpected error is logged to the server log and answered with a generic message.
 * @module
 */
import { Hono } from "hono";
import type { Context, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { DuplicatiError, errorMessage, UserInputError } from "../core/errors.ts";
import type { ErrorBody } from "./api_types.ts";
import { hostFilter } from "./auth/host_filter.ts";
import { TooManyAttemptsError } from "./auth/login_throttle.ts";
import { requireAuth } from "./auth/require_auth.ts";
import { ConflictError } from "./config_store/conflict_error.ts";
import type { ServerDeps } from "./deps.ts";
import { HttpError } from "./http_error.ts";
import { authRoutes } from "./routes/auth.ts";
import { backupRoutes } from "./routes/backup.ts";
import { backupsRoutes } from "./routes/backups.ts";
import { directRestoreRoutes } from "./routes/direct_restore.ts";
import { filesystemRoutes } from "./routes/filesystem.ts";
import { filesystemPreviewRoutes } from "./routes/filesystem_preview.ts";
import { logDataRoutes } from "./routes/log_data.ts";
import { notificationsRoutes } from "./routes/notifications.ts";
import { progressStateRoutes } from "./routes/progress_state.ts";
import { remoteOperationRoutes } from "./routes/remote_operation.ts";
import { serverAboutRoutes } from "./routes/server_about.ts";
import { serverSettingsRoutes } from "./routes/server_settings.ts";
import { serverStateRoutes } from "./routes/server_state.ts";
import { systemInfoRoutes } from "./routes/system_info.ts";
import { tasksRoutes } from "./routes/tasks.ts";
import { addStaticWebRoutes } from "./static_web.ts";

/** The largest request body /api/v1 reads (imported configurations carry base64 files). */
export const MAX_REQUEST_BODY_BYTES = 16 * 1024 * 1024;
/** The body of a 500: the details (SQLite text, paths) go to the server log only. */
export const INTERNAL_ERROR_MESSAGE = "Internal server error; see the server log";

/** Routes reachable without a Bearer token (method and path below /api/v1). */
const PUBLIC_ROUTES: readonly { method: string; path: RegExp }[] = [
  { method: "POST", path: /^\/auth\/(login|signin|refresh|refresh\/logout|issuesignintoken|status)$/ },
  // Authorized by a single-operation token in ?token= instead (checked by the route).
  { method: "GET", path: /^\/backup\/[^/]+\/export$/ },
];

/** Errors the routes and the engine raise that are the client's fault, by code. */
const CLIENT_ERROR_CODES = new Set(["wrong-passphrase", "folder-missing", "backend-permanent", "cancelled"]);

/** The app: /health, the web UI's static files, and every route under /api/v1 behind the host check, the auth check and the body limit. */
export function createApp(deps: ServerDeps): Hono {
  const app = new Hono();
  app.get("/health", (c) => c.text("Healthy"));
  const web = new Hono();
  web.use("*", hostFilter(deps.info.allowedHostnames));
  addStaticWebRoutes(web);
  app.route("/", web);
  const api = new Hono();
  api.use("*", hostFilter(deps.info.allowedHostnames));
  api.use("*", authUnlessPublic(requireAuth(deps.auth)));
  api.use("*", bodyLimit({ maxSize: MAX_REQUEST_BODY_BYTES, onError: bodyTooLarge }));
  for (
    const routes of [
      authRoutes,
      backupsRoutes,
      backupRoutes,
      directRestoreRoutes,
      serverStateRoutes,
      progressStateRoutes,
      tasksRoutes,
      serverSettingsRoutes,
      notificationsRoutes,
      systemInfoRoutes,
      serverAboutRoutes,
      filesystemRoutes,
      filesystemPreviewRoutes,
      logDataRoutes,
      remoteOperationRoutes,
    ]
  ) api.route("/", routes(deps));
  app.route("/api/v1", api);
  app.notFound((c) =>
    c.req.path.startsWith("/api/")
      ? c.json<ErrorBody>({ Error: `No such API endpoint: ${c.req.method} ${c.req.path}`, Code: 404 }, 404)
      : c.text("Not found", 404)
  );
  app.onError((error, c) => errorResponse(error, { c, deps }));
  return app;
}

/** True for a route that takes no Bearer token; `path` with or without the "/api/v1" prefix. */
export function isPublicRoute(method: string, path: string): boolean {
  const relative = path.replace(/^\/api\/v1(?=\/)/, "");
  return PUBLIC_ROUTES.some((r) => r.method === method && r.path.test(relative));
}

function authUnlessPublic(auth: MiddlewareHandler): MiddlewareHandler {
  return async (c, next) => {
    if (isPublicRoute(c.req.method, c.req.path)) return await next();
    return await auth(c, next);
  };
}

function bodyTooLarge(): never {
  throw new HttpError(413, `Cannot read the request: its body is larger than ${MAX_REQUEST_BODY_BYTES >> 20} MiB`, {
    reason: "body-too-large",
  });
}

/** Maps any thrown value to a JSON error response; unexpected errors are logged to the server log. */
function errorResponse(error: unknown, env: { c: Context; deps: ServerDeps }): Response {
  const { c, deps } = env;
  const body = (status: number, message: string, extra: { reason?: string; field?: string } = {}) =>
    c.json<ErrorBody>({
      Error: message,
      Code: status,
      ...(extra.reason ? { Reason: extra.reason } : {}),
      ...(extra.field ? { Field: extra.field } : {}),
    }, status as 400);
  if (error instanceof TooManyAttemptsError) c.header("Retry-After", String(error.retryAfterSeconds));
  if (error instanceof HttpError) return body(error.status, error.message, error.details);
  if (error instanceof ConflictError) return body(409, error.message, { reason: error.code });
  if (error instanceof UserInputError) return body(400, error.message, { reason: error.code });
  if (error instanceof DuplicatiError && CLIENT_ERROR_CODES.has(error.code)) {
    return body(400, error.message, { reason: error.code });
  }
  const message = errorMessage(error);
  try {
    deps.store.addServerLog({
      backupId: null,
      level: "Error",
      message: `${c.req.method} ${c.req.path} failed: ${message}`,
      exception: error instanceof Error ? error.stack ?? null : null,
      timestamp: deps.clock.now(),
    });
  } catch {
    // the store itself may be what failed
  }
  return body(500, INTERNAL_ERROR_MESSAGE, { reason: error instanceof DuplicatiError ? error.code : "internal-error" });
}
