/**
 * GET /notifications, GET /notification/{id}, DELETE /notification/{id}: the unacknowledged messages the UI shows
 * (backup errors and warnings, configuration issues).
 * @module
 */
import { Hono } from "hono";
import type { Context } from "hono";
import type { NotificationDto } from "../api_types.ts";
import type { Notification } from "../config_store/model.ts";
import type { ServerDeps } from "../deps.ts";
import { HttpError } from "../http_error.ts";
import { idParam } from "../request_body.ts";

/** Routes for notifications; paths relative to /api/v1. */
export function notificationsRoutes(deps: ServerDeps): Hono {
  const app = new Hono();
  app.get("/notifications", (c) => c.json(deps.store.listNotifications().map(notificationDto)));
  app.get("/notification/:id", (c) => {
    const id = notificationIdParam(c);
    const found = deps.store.listNotifications().find((n) => n.id === id);
    if (found === undefined) throw noSuchNotification(c);
    return c.json(notificationDto(found));
  });
  app.delete("/notification/:id", (c) => {
    if (!deps.store.dismissNotification(notificationIdParam(c))) throw noSuchNotification(c);
    deps.events.bump("notification");
    return c.json({ Status: "OK" });
  });
  return app;
}

/** The wire form of a stored notification. */
export function notificationDto(n: Notification): NotificationDto {
  return {
    ID: n.id,
    Type: n.type,
    Title: n.title,
    Message: n.message,
    Exception: n.exception,
    BackupID: n.backupId === null ? null : String(n.backupId),
    Action: n.action,
    Timestamp: new Date(n.timestamp).toISOString(),
    LogEntryID: null,
    MessageID: null,
    MessageLogTag: null,
  };
}

function notificationIdParam(c: Context): number {
  return idParam(c, { name: "id", what: "Notification" });
}

function noSuchNotification(c: Context): HttpError {
  return new HttpError(404, `Notification "${c.req.param("id") ?? ""}" was not found`, { reason: "not-found" });
}
