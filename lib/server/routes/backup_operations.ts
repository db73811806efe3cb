/**
 * The routes that queue work on one configured backup and answer `{Status:"OK", ID:<task id>}`: run (alias
 * start), restore, verify, compact, repair, vacuum and delete-versions (our v1 addition of Duplicati's v2
 * delete-versions). The queue returns the existing task's id when the same work is already queued or running.
 * @module
 */
import { Hono } from "hono";
import type { Context } from "hono";
import { parseDateTime } from "../../options/parse_datetime.ts";
import type { TaskStarted } from "../api_types.ts";
import type { BackupConfig } from "../config_store/model.ts";
import type { ServerDeps } from "../deps.ts";
import { badField, notFound } from "../http_error.ts";
import {
  backupIdParam,
  booleanField,
  objectField,
  parsedField,
  queryBoolean,
  readJson,
  stringArrayField,
  stringField,
} from "../request_body.ts";
import type { RestoreRequest } from "../tasks/backup_tasks_types.ts";
import type { TaskRequest } from "../tasks/task_types.ts";
import { isAbsolutePath } from "./backup_input.ts";

/** Task-starting routes under /backup/{id}; paths relative to /api/v1. */
export function backupOperationRoutes(deps: ServerDeps): Hono {
  const app = new Hono();
  const started = (c: Context, request: TaskRequest, skipQueue = false) =>
    c.json<TaskStarted>({ Status: "OK", ID: deps.queue.enqueue(request, { skipQueue }) });
  for (const path of ["/backup/:id/run", "/backup/:id/start"]) {
    app.post(path, (c) => {
      const config = loadBackup(deps, c);
      return started(c, deps.tasks.backup(config.id), queryBoolean(c, "skipQueue", false));
    });
  }
  app.post("/backup/:id/restore", async (c) => {
    const config = loadBackup(deps, c);
    const body = objectField(await readJson(c, { allowEmpty: true }), "body");
    return started(c, deps.tasks.restore(config.id, restoreRequest(body, deps.clock.now())));
  });
  app.post("/backup/:id/verify", (c) => started(c, deps.tasks.verify(loadBackup(deps, c).id)));
  app.post("/backup/:id/compact", (c) => started(c, deps.tasks.compact(loadBackup(deps, c).id)));
  app.post("/backup/:id/vacuum", (c) => started(c, deps.tasks.vacuum(loadBackup(deps, c).id)));
  app.post("/backup/:id/repair", async (c) => {
    const config = loadBackup(deps, c);
    // Duplicati's optional {only_paths, time, version, paths} narrow a repair; ours always repairs the whole database.
    objectField(await readJson(c, { allowEmpty: true }), "body");
    return started(c, deps.tasks.repair(config.id));
  });
  app.post("/backup/:id/delete-versions", async (c) => {
    const config = loadBackup(deps, c);
    const body = objectField(await readJson(c), "body");
    return started(c, deps.tasks.deleteVersions(config.id, versionList(body.Versions)));
  });
  return app;
}

/** The backup named by the `:id` parameter (a temporary backup's id is negative); 404 when there is none. */
export function loadBackup(deps: ServerDeps, c: Context): BackupConfig {
  const raw = c.req.param("id") ?? "";
  const id = /^-[1-9][0-9]{0,14}$/.test(raw) ? Number(raw) : backupIdParam(c);
  const config = deps.store.getBackup(id);
  if (config === undefined) throw notFound(`Backup "${id}"`);
  return config;
}

/** The body of POST /backup/{id}/restore as a RestoreRequest; 400 naming the field for bad values. */
export function restoreRequest(body: Record<string, unknown>, now: number): RestoreRequest {
  const timeText = stringField(body, "time", { optional: true })?.trim();
  let time: string | undefined;
  if (timeText !== undefined && timeText !== "" && timeText.toLowerCase() !== "now") {
    time = parsedField("time", () => parseDateTime(timeText, new Date(now))).toISOString();
  }
  const version = body.version;
  if (version !== undefined && version !== null && !(Number.isSafeInteger(version) && (version as number) >= 0)) {
    throw badField("version", "must be a version number (0 is the newest)");
  }
  const restorePath = stringField(body, "restore_path", { optional: true }) ?? "";
  if (restorePath !== "" && !isAbsolutePath(restorePath)) {
    throw badField("restore_path", `must be an absolute folder path, not "${restorePath}"`);
  }
  const passphrase = stringField(body, "passphrase", { optional: true }) ?? "";
  return {
    paths: stringArrayField(body, "paths", { fallback: [] }),
    ...(time === undefined ? {} : { time }),
    ...(typeof version === "number" ? { version } : {}),
    ...(restorePath === "" ? {} : { restorePath }),
    overwrite: booleanField(body, "overwrite", { fallback: false }),
    permissions: booleanField(body, "permissions", { fallback: false }),
    skipMetadata: booleanField(body, "skip_metadata", { fallback: false }),
    ...(passphrase.trim() === "" ? {} : { passphrase }),
  };
}

function versionList(value: unknown): number[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw badField("Versions", "must be a non-empty array of version numbers (0 is the newest)");
  }
  value.forEach((v, i) => {
    if (!Number.isSafeInteger(v) || (v as number) < 0) {
      throw badField(`Versions[${i}]`, `must be a version number (0 is the newest), not ${JSON.stringify(v)}`);
    }
  });
  return [...new Set(value as number[])];
}
