/**
 * One configured backup: GET/PUT/DELETE /backup/{id}, browsing (filesets, files), its log, state checks, and the
 * configuration as an export file or a CLI command line. The task-starting routes (run, restore, verify, …) are
 * in backup_operations.ts and mounted here.
 * @module
 */
import { noticeExternalUse } from "../tasks/external_use.ts";
import { Hono } from "hono";
import type { Context } from "hono";
import { readDbConfig } from "../../data_folder/dbconfig_file.ts";
import { parseDateTime } from "../../options/parse_datetime.ts";
import type { LogRowDto } from "../api_types.ts";
import { ConflictError } from "../config_store/conflict_error.ts";
import type { BackupConfig } from "../config_store/model.ts";
import type { ServerDeps } from "../deps.ts";
import { badField, HttpError } from "../http_error.ts";
import { parsedField, queryBoolean, queryInteger, readJson } from "../request_body.ts";
import { browseFiles, browseFilesets } from "./backup_browse.ts";
import { displayNames } from "./backup_dto.ts";
import { parseBackupInput } from "./backup_input.ts";
import { backupOperationRoutes, loadBackup } from "./backup_operations.ts";
import { backupRemoteLogRoutes } from "./backup_remote_log.ts";
import { backupEnvelope, duplicateName } from "./backups.ts";
import { exportConfiguration } from "./config_export.ts";

/** Routes for /backup/{id}; paths relative to /api/v1. */
export function backupRoutes(deps: ServerDeps): Hono {
  const app = new Hono();
  app.get("/backup/:id", (c) => {
    const config = noticeExternalUse({ ...deps, now: deps.clock.now() }, loadBackup(deps, c));
    const envelope = backupEnvelope(config, deps.store.getSchedule(config.id));
    return c.json({ Schedule: envelope.Schedule, Backup: envelope.Backup, DisplayNames: displayNames(config.sources) });
  });
  app.put("/backup/:id", async (c) => {
    const existing = loadBackup(deps, c);
    const existingSchedule = deps.store.getSchedule(existing.id);
    const parsed = parseBackupInput(await readJson(c), {
      existing,
      ...(existingSchedule ? { existingSchedule } : {}),
      now: deps.clock.now(),
      globalOptions: deps.store.getGlobalOptions(),
    });
    const name = parsed.backup.name;
    const other = deps.store.findBackupByName(name);
    if (other !== undefined && other.id !== existing.id) throw duplicateName(name);
    try {
      deps.store.updateBackup(existing.id, parsed.backup);
    } catch (error) {
      if (error instanceof ConflictError) throw duplicateName(name);
      throw error;
    }
    deps.store.setSchedule(existing.id, parsed.schedule);
    deps.events.bump("data");
    deps.scheduler.refresh();
    return c.json({ Status: "OK", ID: String(existing.id) });
  });
  app.delete("/backup/:id", (c) => {
    const config = loadBackup(deps, c);
    const deleteRemoteFiles = queryBoolean(c, "delete-remote-files", false);
    const deleteLocalDb = queryBoolean(c, "delete-local-db", false);
    const force = queryBoolean(c, "force", false);
    const running = deps.queue.active();
    if (running !== undefined && running.BackupID === String(config.id)) {
      if (!force) {
        throw new HttpError(
          409,
          `Cannot delete backup "${config.name}" while task ${running.ID} is running for it; stop it first or use force=true`,
          { reason: "backup-in-progress" },
        );
      }
      deps.queue.abort(running.ID);
    }
    const id = deps.queue.enqueue(deps.tasks.deleteBackup(config.id, { deleteRemoteFiles, deleteLocalDb }));
    deps.events.bump("data");
    deps.scheduler.refresh();
    return c.json({ Status: "OK", Reason: null, ID: id });
  });
  app.route("/", backupOperationRoutes(deps));
  app.route("/", backupRemoteLogRoutes(deps));
  app.get("/backup/:id/filesets", (c) => c.json(browseFilesets(loadBackup(deps, c))));
  app.get("/backup/:id/files", (c) => {
    const config = loadBackup(deps, c);
    const allVersions = queryBoolean(c, "all-versions", false);
    const timeText = c.req.query("time");
    if (!allVersions && (timeText === undefined || timeText.trim() === "")) {
      throw badField("time", 'is required unless all-versions=true; use a fileset Time or "now"');
    }
    return c.json(browseFiles(config, {
      filter: c.req.query("filter") || undefined,
      time: allVersions || timeText === undefined
        ? undefined
        : parsedField("time", () => parseDateTime(timeText, new Date(deps.clock.now()))),
      allVersions,
      prefixOnly: queryBoolean(c, "prefix-only", false),
      folderContents: queryBoolean(c, "folder-contents", false),
    }));
  });
  app.get("/backup/:id/log", (c) => {
    const config = loadBackup(deps, c);
    const before = queryInteger(c, "offset", { fallback: 0, min: 0, max: Number.MAX_SAFE_INTEGER });
    const pageSize = queryInteger(c, "pagesize", { fallback: 100, min: 1, max: 1000 });
    const rows = deps.store.listBackupLog(config.id, { ...(before > 0 ? { before } : {}), pageSize });
    return c.json(rows.map((row): LogRowDto => ({
      ID: row.id,
      OperationID: row.operationId,
      Timestamp: Math.floor(row.timestamp / 1000),
      Type: row.type,
      Message: row.message,
      Exception: row.exception,
    })));
  });
  app.get("/backup/:id/isactive", (c) => {
    const id = String(loadBackup(deps, c).id);
    const active = deps.queue.active()?.BackupID === id || deps.queue.queued().some((t) => t.BackupID === id);
    return c.json({ Status: "OK", Active: active });
  });
  app.get("/backup/:id/isdbusedelsewhere", (c) => {
    const config = loadBackup(deps, c);
    return c.json({ inuse: databaseUsedElsewhere(deps, config) });
  });
  app.get("/backup/:id/export", async (c) => {
    // Reached without a Bearer token: a single-operation export token in ?token= authorizes it.
    const token = c.req.query("token") ?? "";
    if (token === "" || !(await deps.auth.verifyOperationToken(token, "export"))) {
      throw new HttpError(401, "Cannot export: the export token is missing, invalid or expired; request a new one", {
        reason: "invalid-token",
      });
    }
    const config = loadBackup(deps, c);
    const file = await exportConfiguration(config, {
      schedule: deps.store.getSchedule(config.id),
      exportPasswords: queryBoolean(c, "export-passwords", false),
      passphrase: c.req.query("passphrase"),
      dataFolder: deps.info.dataFolder,
    });
    return c.body(new Uint8Array(file.bytes), 200, {
      "Content-Type": "application/octet-stream",
      "Content-Disposition": `attachment; filename=${file.fileName}`,
      "Content-Length": String(file.bytes.length),
    });
  });
  app.get("/backup/:id/export-cmdline", (c) => c.json({ Command: commandLine(deps, c).command }));
  app.get("/backup/:id/export-argsonly", (c) => {
    const line = commandLine(deps, c);
    const args = line.arguments[0] === line.backend ? line.arguments.slice(1) : line.arguments;
    return c.json({ Backend: line.backend, Arguments: args, Options: line.options });
  });
  return app;
}

function commandLine(deps: ServerDeps, c: Context) {
  return deps.tasks.commandLine(loadBackup(deps, c), {
    exportPasswords: queryBoolean(c, "export-passwords", false),
    globalOptions: deps.store.getGlobalOptions(),
  });
}

/** True when the CLI's dbconfig.json or another configured backup points at this backup's local database. */
function databaseUsedElsewhere(deps: ServerDeps, config: BackupConfig): boolean {
  if (deps.store.listBackups().some((other) => other.id !== config.id && other.dbPath === config.dbPath)) return true;
  try {
    return readDbConfig(deps.info.dataFolder).some((entry) => entry.Databasepath === config.dbPath);
  } catch {
    return false; // an unreadable dbconfig.json is the CLI's problem, not a reason to fail this check
  }
}
