/**
 * GET /serverstate (with long poll), POST /serverstate/pause and /serverstate/resume: the state every client
 * (web UI, tray launcher, serverutil) polls to show idle, running, paused, warning and error.
 * @module
 */
import { Hono } from "hono";
import type { Context } from "hono";
import { parseTimespan } from "../../options/parse_timespan.ts";
import { NO_TIME, type ServerStatus, type StatusIcon } from "../api_types.ts";
import type { ServerDeps } from "../deps.ts";
import { badField } from "../http_error.ts";
import { parsedField, queryBoolean } from "../request_body.ts";

/** How long a long poll may wait, in milliseconds (Duplicati: 10 s to 1 h). */
export const LONG_POLL_MIN_MS = 10_000;
export const LONG_POLL_MAX_MS = 3_600_000;

/** Routes for the server state; paths relative to /api/v1. */
export function serverStateRoutes(deps: ServerDeps): Hono {
  const app = new Hono();
  app.get("/serverstate", async (c) => {
    if (queryBoolean(c, "longpoll", false)) {
      const lastEventId = requiredInteger(c, "lastEventId");
      const timeoutMs = longPollDuration(c);
      await deps.events.waitForChange(lastEventId, { timeoutMs, signal: c.req.raw.signal });
    }
    return c.json(serverStatus(deps));
  });
  app.post("/serverstate/pause", (c) => {
    const pauseTransfers = queryBoolean(c, "pauseTransfers", false);
    const raw = c.req.query("duration");
    const durationMs = raw === undefined || raw.trim() === "" ? 0 : parsedField("duration", () => parseTimespan(raw));
    if (durationMs < 0) throw badField("duration", `must not be negative, not "${raw}"`);
    deps.queue.pause(durationMs > 0 ? { durationMs, pauseTransfers } : { pauseTransfers });
    deps.events.bump();
    return c.json({ Status: "OK" });
  });
  app.post("/serverstate/resume", (c) => {
    deps.queue.resume();
    deps.events.bump();
    return c.json({ Status: "OK" });
  });
  return app;
}

/** The current ServerStatus (also what the websocket's LegacyStatus service pushes). */
export function serverStatus(deps: ServerDeps): ServerStatus {
  const active = deps.queue.active();
  const paused = deps.queue.paused;
  let hasWarning = false;
  let hasError = false;
  for (const notification of deps.store.listNotifications()) {
    if (notification.type === "Error") hasError = true;
    if (notification.type === "Warning") hasWarning = true;
  }
  const pausedUntil = paused ? deps.queue.pausedUntil : 0;
  return {
    ActiveTask: active === undefined ? null : { Item1: active.ID, Item2: active.BackupID },
    ProgramState: paused ? "Paused" : "Running",
    SchedulerQueueIds: deps.queue.queued().map((task) => ({ Item1: task.ID, Item2: task.BackupID })),
    ProposedSchedule: deps.scheduler.proposedSchedule().map((entry) => ({
      Item1: String(entry.backupId),
      Item2: new Date(entry.time).toISOString(),
    })),
    HasWarning: hasWarning,
    HasError: hasError,
    SuggestedStatusIcon: statusIcon({ active: active !== undefined, paused, hasError, hasWarning }),
    EstimatedPauseEnd: pausedUntil > 0 ? new Date(pausedUntil).toISOString() : NO_TIME,
    LastEventID: deps.events.lastEventId,
    LastDataUpdateID: deps.events.lastDataUpdateId,
    LastNotificationUpdateID: deps.events.lastNotificationUpdateId,
    UpdatedVersion: null,
    UpdaterState: "Waiting",
    UpdateDownloadLink: null,
    UpdateDownloadProgress: 0,
    Type: "legacystatus",
  };
}

/**
 * Duplicati's icon rule: with a running task Active (ActivePaused when paused); otherwise Paused, then
 * ReadyError, ReadyWarning, Ready.
 */
export function statusIcon(
  s: { active: boolean; paused: boolean; hasError: boolean; hasWarning: boolean },
): StatusIcon {
  if (s.active) return s.paused ? "ActivePaused" : "Active";
  if (s.paused) return "Paused";
  if (s.hasError) return "ReadyError";
  if (s.hasWarning) return "ReadyWarning";
  return "Ready";
}

function requiredInteger(c: Context, name: string): number {
  const raw = c.req.query(name);
  if (raw === undefined || raw.trim() === "") throw badField(name, "is required when longpoll is true");
  const value = Number(raw);
  if (!/^-?[0-9]+$/.test(raw.trim()) || !Number.isSafeInteger(value)) {
    throw badField(name, `must be a whole number, not "${raw}"`);
  }
  return value;
}

function longPollDuration(c: Context): number {
  const raw = c.req.query("duration");
  if (raw === undefined || raw.trim() === "") throw badField("duration", "is required when longpoll is true");
  const ms = parsedField("duration", () => parseTimespan(raw));
  if (ms < LONG_POLL_MIN_MS || ms > LONG_POLL_MAX_MS) {
    throw badField("duration", `must be between 10s and 1h, not "${raw}"`);
  }
  return ms;
}
