/**
 * The configured backups as a collection: GET /backups (sortable list), POST /backups (create) and
 * POST /backups/import (a Duplicati configuration file, directly or into the editor).
 * @module
 */
import { Hono } from "hono";
import { fromBase64 } from "../../core/bytes.ts";
import type { BackupEnvelope } from "../api_types.ts";
import { ConflictError } from "../config_store/conflict_error.ts";
import type { BackupConfig, ConfigStore, Schedule } from "../config_store/model.ts";
import type { ServerDeps } from "../deps.ts";
import { badField, HttpError } from "../http_error.ts";
import { booleanField, objectField, queryBoolean, readJson, stringField } from "../request_body.ts";
import { localDatabaseExists } from "./backup_browse.ts";
import { toBackupDto, toScheduleDto } from "./backup_dto.ts";
import { type BackupInputEnv, parseBackupInput, type ParsedBackupInput } from "./backup_input.ts";
import { readConfiguration, replaceSettings } from "./config_export.ts";
import { temporaryBackupInput } from "./direct_restore.ts";
import { noticeExternalUse } from "../tasks/external_use.ts";

/** Routes for /backups; paths relative to /api/v1. */
export function backupsRoutes(deps: ServerDeps): Hono {
  const app = new Hono();
  app.get("/backups", (c) => {
    const schedules = new Map(deps.store.listSchedules().map((s) => [s.backupId, s]));
    const notice = { ...deps, now: deps.clock.now() };
    const rows = deps.store.listBackups().map((config) => ({
      config: noticeExternalUse(notice, config),
      schedule: schedules.get(config.id),
    }));
    const orderBy = c.req.query("orderBy") || deps.store.getSetting("backup-list-sort-order") || "";
    return c.json(sortBackups(rows, orderBy).map((row) => backupEnvelope(row.config, row.schedule)));
  });
  app.post("/backups", async (c) => {
    const temporary = queryBoolean(c, "temporary", false);
    if (queryBoolean(c, "existingdb", false)) {
      throw badField("existingdb", "adopting an existing database is not supported");
    }
    const body = await readJson(c);
    if (temporary) {
      // In memory only (temporary_backups.ts): not listed, no schedule, its name reserves nothing.
      const created = deps.temporaryBackups.create(temporaryBackupInput(body, inputEnv(deps)));
      return c.json({ ID: String(created.id), Temporary: true });
    }
    const parsed = parseBackupInput(body, inputEnv(deps));
    const created = createBackup(deps, parsed);
    return c.json({ ID: String(created.id), Temporary: false });
  });
  app.post("/backups/import", async (c) => {
    const body = objectField(await readJson(c), "body");
    if (booleanField(body, "cmdline", { fallback: false })) {
      throw badField("cmdline", "importing a command line is not supported; import an exported configuration file");
    }
    if (booleanField(body, "temporary", { fallback: false })) {
      throw badField("temporary", "temporary backups are not supported");
    }
    const imported = await readConfiguration(base64Field(stringField(body, "config", {})), {
      passphrase: stringField(body, "passphrase", { optional: true }),
      importMetadata: booleanField(body, "import_metadata", { fallback: false }),
    });
    const replace = body.replace_settings;
    if (replace !== undefined && replace !== null) {
      replaceSettings(imported.Backup, objectField(replace, "replace_settings"));
    }
    if (!booleanField(body, "direct", { fallback: false })) return c.json({ Id: null, data: imported });
    const name = uniqueName(deps.store, String(imported.Backup.Name ?? ""));
    const input = { Backup: { ...imported.Backup, Name: name }, Schedule: imported.Schedule };
    const created = createBackup(deps, parseBackupInput(input, inputEnv(deps)));
    return c.json({ Id: String(created.id), data: null });
  });
  return app;
}

/** A backup and its schedule as GET /backups and GET /backup/{id} return them. */
export function backupEnvelope(config: BackupConfig, schedule: Schedule | undefined): BackupEnvelope {
  return {
    Backup: toBackupDto(config, { dbPathExists: localDatabaseExists(config) }),
    Schedule: schedule === undefined ? null : toScheduleDto(schedule),
  };
}

/** The environment parseBackupInput needs for a new backup. */
function inputEnv(deps: ServerDeps): BackupInputEnv {
  return { now: deps.clock.now(), globalOptions: deps.store.getGlobalOptions() };
}

/** 409 for a backup name that is taken (compared case-insensitively). */
export function duplicateName(name: string): HttpError {
  return new HttpError(409, `Cannot save the backup: a backup named "${name}" already exists`, {
    reason: "duplicate-name",
    field: "Backup.Name",
  });
}

function createBackup(deps: ServerDeps, parsed: ParsedBackupInput): BackupConfig {
  const name = parsed.backup.name;
  if (deps.store.findBackupByName(name) !== undefined) throw duplicateName(name);
  let created: BackupConfig;
  try {
    created = deps.store.createBackup(parsed.backup);
  } catch (error) {
    if (error instanceof ConflictError) throw duplicateName(name);
    throw error;
  }
  if (parsed.schedule !== null) deps.store.setSchedule(created.id, parsed.schedule);
  deps.events.bump("data");
  deps.scheduler.refresh();
  return created;
}

/** The name, or the first of `name (1)` … `name (100)` that is free, as Duplicati's direct import does. */
function uniqueName(store: ConfigStore, name: string): string {
  let candidate = name;
  for (let n = 1; n <= 100 && store.findBackupByName(candidate) !== undefined; n++) candidate = `${name} (${n})`;
  if (store.findBackupByName(candidate) !== undefined) throw duplicateName(name);
  return candidate;
}

function base64Field(text: string): Uint8Array {
  const cleaned = text.replace(/^data:[^,]*;base64,/, "").replace(/\s+/g, "");
  if (cleaned === "" || !/^[A-Za-z0-9+/]*={0,2}$/.test(cleaned) || cleaned.length % 4 === 1) {
    throw badField("config", "must be the content of an exported configuration file in base64");
  }
  return fromBase64(cleaned);
}

interface Row {
  readonly config: BackupConfig;
  readonly schedule: Schedule | undefined;
}
type SortValue = string | number | boolean | null;

const SORT_KEYS: Readonly<Record<string, (row: Row) => SortValue>> = {
  name: (r) => r.config.name,
  id: (r) => r.config.id,
  lastrun: (r) => r.config.metadata.LastBackupStarted ?? null,
  nextrun: (r) => r.schedule?.time ?? null,
  schedule: (r) => (r.schedule?.repeat ?? "") === "",
  backend: (r) => /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(r.config.targetUrl)?.[1]?.toLowerCase() ?? "file",
  sourcesize: (r) => numberOrNull(r.config.metadata.SourceFilesSize),
  destinationsize: (r) => numberOrNull(r.config.metadata.TargetFilesSize),
  duration: (r) => r.config.metadata.LastBackupDuration ?? null,
};

/** Sorts by `orderBy` (`name`, `-lastrun`, `sourcesize,name` …; unknown keys ignored, as Duplicati does). */
export function sortBackups<T extends Row>(rows: readonly T[], orderBy: string): T[] {
  const keys = orderBy.split(",").map((part) => part.trim().toLowerCase()).filter(Boolean).flatMap((part) => {
    const descending = part.startsWith("-");
    const select = SORT_KEYS[part.replace(/^[-+]/, "")];
    return select === undefined ? [] : [{ select, sign: descending ? -1 : 1 }];
  });
  if (keys.length === 0) return [...rows];
  return [...rows].sort((a, b) => {
    for (const { select, sign } of keys) {
      const order = compareValues(select(a), select(b));
      if (order !== 0) return order * sign;
    }
    return 0;
  });
}

/** Nulls first, as .NET's default comparer orders them. */
function compareValues(a: SortValue, b: SortValue): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  if (typeof a === "string" && typeof b === "string") return a.localeCompare(b);
  return a < b ? -1 : a > b ? 1 : 0;
}

function numberOrNull(text: string | undefined): number | null {
  const value = text === undefined || text.trim() === "" ? NaN : Number(text);
  return Number.isFinite(value) ? value : null;
}
