/**
 * The body of POST /backups and PUT /backup/{id} (and an imported configuration): validated field by field into
 * a NewBackup and a schedule. Every problem is an HttpError 400 that names the field (`Backup.Sources[1]`);
 * password placeholders are swapped back for the stored secrets of the backup being updated.
 * @module
 */
import { isAbsolute as isPosixAbsolute, win32 } from "node:path";
import { builtinBackends } from "../../backends/builtin.ts";
import { parseTargetUrl } from "../../backends/target_url.ts";
import { errorMessage } from "../../core/errors.ts";
import { currentFilterOs } from "../../filters/filter_groups.ts";
import { compileFilterExpression } from "../../filters/parse_filter.ts";
import { PASSWORD_PLACEHOLDER, type Weekday } from "../api_types.ts";
import type { BackupConfig, BackupFilterRule, BackupSetting, NewBackup, Schedule } from "../config_store/model.ts";
import { badField } from "../http_error.ts";
import { objectField, parsedField, stringArrayField, stringField } from "../request_body.ts";
import { parseRepeat } from "../scheduler/timespan.ts";
import { bareOptionName } from "../tasks/cli_arguments.ts";
import { expandSpecialFolder, specialFolders } from "../special_folders.ts";
import { unmaskTargetUrl } from "../url_secrets.ts";
import { daysFromRule, isUnencryptedOrPassphraseStored, WEEKDAYS } from "./backup_dto.ts";

/** What {@link parseBackupInput} needs besides the body. */
export interface BackupInputEnv {
  /** The stored backup on PUT: placeholders stand for its secrets, and its dbPath and metadata stay. */
  readonly existing?: BackupConfig;
  /** Its schedule, whose Time and LastRun stay when the body leaves them out. */
  readonly existingSchedule?: Schedule;
  /** Epoch ms, the Time of a new schedule that gives none. */
  readonly now: number;
  /** Global `--option` defaults: a global passphrase or --no-encryption also satisfies the passphrase check. */
  readonly globalOptions: readonly BackupSetting[];
}

/** A validated body. `schedule` null means no schedule (an existing one is removed). */
export interface ParsedBackupInput {
  readonly backup: NewBackup;
  readonly schedule: Omit<Schedule, "backupId"> | null;
}

/** Validates `{Backup, Schedule?}`; throws HttpError 400 naming the first bad field. */
export function parseBackupInput(body: unknown, env: BackupInputEnv): ParsedBackupInput {
  const root = objectField(body, "body");
  const input = objectField(root.Backup, "Backup");
  const path = "Backup";
  const name = stringField(input, "Name", { path });
  if (name.trim() === "") throw badField("Backup.Name", "must not be empty");
  const operation = stringField(input, "OperationType", { path, optional: true });
  if (operation !== undefined && operation !== "Backup") {
    throw badField("Backup.OperationType", `only "Backup" is supported, not "${operation}"`);
  }
  const targetUrl = unmaskTargetUrl(stringField(input, "TargetURL", { path }), {
    previous: env.existing?.targetUrl,
    field: "Backup.TargetURL",
  });
  checkTargetUrl(targetUrl);
  const settings = parseSettings(input.Settings, env.existing?.settings);
  if (!isUnencryptedOrPassphraseStored([...env.globalOptions, ...settings])) {
    throw badField("Backup.Settings", 'a "passphrase" setting is required unless "--no-encryption" is set');
  }
  const externalId = input.ExternalID;
  if (externalId !== undefined && externalId !== null && typeof externalId !== "string") {
    throw badField("Backup.ExternalID", "must be a string or null");
  }
  const backup: NewBackup = {
    name,
    description: stringField(input, "Description", { path, optional: true }) ?? "",
    tags: stringArrayField(input, "Tags", { path, fallback: [] }),
    targetUrl,
    externalId: externalId ?? env.existing?.externalId ?? null,
    sources: parseSources(input),
    settings,
    filters: parseFilters(input.Filters),
    ...(env.existing ? { dbPath: env.existing.dbPath } : newBackupExtras(input)),
  };
  return { backup, schedule: parseSchedule(root.Schedule, env) };
}

/** Throws HttpError 400 for a URL that does not parse or names a storage type this build does not have. */
export function checkTargetUrl(url: string): void {
  const field = "Backup.TargetURL";
  if (url.trim() === "") throw badField(field, "must not be empty");
  const hasScheme = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(url);
  if (!hasScheme && !isAbsolutePath(url)) {
    throw badField(field, 'must be a storage URL such as "file:///backups/documents" or an absolute folder path');
  }
  let scheme: string;
  try {
    scheme = parseTargetUrl(url).scheme;
  } catch (error) {
    throw badField(field, errorMessage(error));
  }
  const registry = builtinBackends();
  if (registry.lookup(scheme) === undefined) {
    const known = registry.all().map((f) => `"${f.scheme}"`).join(", ");
    throw badField(field, `the storage type "${scheme}" is not supported (supported: ${known})`);
  }
}

function newBackupExtras(input: Record<string, unknown>): Pick<NewBackup, "metadata" | "dbPath"> {
  const dbPath = stringField(input, "DBPath", { path: "Backup", optional: true });
  if (dbPath !== undefined && dbPath !== "" && !isAbsolutePath(dbPath)) {
    throw badField("Backup.DBPath", `must be an absolute path, not "${dbPath}"`);
  }
  const metadata = input.Metadata === undefined || input.Metadata === null
    ? undefined
    : stringMap(objectField(input.Metadata, "Backup.Metadata"));
  return {
    ...(dbPath === undefined || dbPath === "" ? {} : { dbPath }),
    ...(metadata === undefined ? {} : { metadata }),
  };
}

/** The sources as absolute paths; a leading special-folder token (`%HOME%/Documents/`) is expanded. */
function parseSources(input: Record<string, unknown>): string[] {
  const sources = stringArrayField(input, "Sources", { path: "Backup" });
  if (sources.length === 0) throw badField("Backup.Sources", "must name at least one folder or file");
  const folders = sources.some((source) => source.startsWith("%")) ? specialFolders() : [];
  return sources.map((source, i) => {
    const expanded = parsedField(`Backup.Sources[${i}]`, () => expandSpecialFolder(source, folders));
    if (!isAbsolutePath(expanded)) throw badField(`Backup.Sources[${i}]`, `must be an absolute path, not "${source}"`);
    return expanded;
  });
}

function parseSettings(value: unknown, previous: readonly BackupSetting[] | undefined): BackupSetting[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw badField("Backup.Settings", "must be an array");
  return value.map((item, i) => {
    const path = `Backup.Settings[${i}]`;
    const setting = objectField(item, path);
    const name = stringField(setting, "Name", { path });
    if (name.trim() === "") throw badField(`${path}.Name`, "must not be empty");
    if (bareOptionName(name) === "dbpath") {
      // The server passes --dbpath=<Backup.DBPath> to every run, and browsing reads that database too.
      throw badField(`${path}.Name`, `"${name}" cannot be a setting; the local database is set by Backup.DBPath`);
    }
    let text = scalarText(setting.Value, `${path}.Value`);
    if (text === PASSWORD_PLACEHOLDER) {
      const stored = previous?.find((s) => s.name.toLowerCase() === name.toLowerCase());
      if (stored === undefined) {
        throw badField(`${path}.Value`, `the password placeholder stands for no stored value of "${name}"`);
      }
      text = stored.value;
    }
    return { filter: stringField(setting, "Filter", { path, optional: true }) ?? "", name, value: text };
  });
}

function parseFilters(value: unknown): BackupFilterRule[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw badField("Backup.Filters", "must be an array");
  const syntax = { caseSensitive: true, os: currentFilterOs() };
  return value.map((item, i) => {
    const path = `Backup.Filters[${i}]`;
    const filter = objectField(item, path);
    const expression = stringField(filter, "Expression", { path });
    if (expression.trim() === "") throw badField(`${path}.Expression`, "must not be empty");
    try {
      compileFilterExpression(expression, syntax);
    } catch (error) {
      throw badField(`${path}.Expression`, errorMessage(error));
    }
    const include = filter.Include ?? false;
    if (typeof include !== "boolean") throw badField(`${path}.Include`, "must be true or false");
    const order = filter.Order ?? i;
    if (typeof order !== "number" || !Number.isSafeInteger(order)) {
      throw badField(`${path}.Order`, "must be a whole number");
    }
    return { order, include, expression };
  });
}

function parseSchedule(value: unknown, env: BackupInputEnv): Omit<Schedule, "backupId"> | null {
  if (value === undefined || value === null) return null;
  const schedule = objectField(value, "Schedule");
  const path = "Schedule";
  const repeat = (stringField(schedule, "Repeat", { path, optional: true }) ?? "").trim();
  if (repeat !== "") {
    try {
      parseRepeat(repeat);
    } catch (error) {
      throw badField("Schedule.Repeat", errorMessage(error));
    }
  }
  const parsed = {
    time: timeField(schedule, "Time") ?? env.existingSchedule?.time ?? env.now,
    repeat,
    lastRun: timeField(schedule, "LastRun") ?? env.existingSchedule?.lastRun ?? 0,
    allowedDays: allowedDays(schedule),
  };
  // As in Duplicati, a schedule without a repeat is no schedule (checked after the fields, so they still get a 400).
  return repeat === "" ? null : parsed;
}

function allowedDays(schedule: Record<string, unknown>): Weekday[] {
  const value = schedule.AllowedDays;
  if (value === undefined || value === null) {
    return daysFromRule(stringField(schedule, "Rule", { path: "Schedule", optional: true }) ?? "");
  }
  if (!Array.isArray(value)) throw badField("Schedule.AllowedDays", "must be an array of weekdays");
  const days = new Set<Weekday>();
  value.forEach((item, i) => {
    const text = typeof item === "string" ? item.trim().toLowerCase() : "";
    const day = WEEKDAYS.find((d) => d.short === text || d.name.toLowerCase() === text);
    if (day === undefined) {
      throw badField(
        `Schedule.AllowedDays[${i}]`,
        `must be one of mon, tue, wed, thu, fri, sat, sun, not ${JSON.stringify(item)}`,
      );
    }
    days.add(day.short);
  });
  return WEEKDAYS.filter((d) => days.has(d.short)).map((d) => d.short);
}

const ISO_TIME = /^(\d{4})-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/** An ISO 8601 time field as epoch ms (no zone = UTC; before 1970, such as .NET's year 1, = 0); absent = undefined. */
function timeField(obj: Record<string, unknown>, key: string): number | undefined {
  const text = stringField(obj, key, { path: "Schedule", optional: true });
  if (text === undefined || text.trim() === "") return undefined;
  const trimmed = text.trim();
  const match = ISO_TIME.exec(trimmed);
  if (match === null) {
    throw badField(`Schedule.${key}`, `must be an ISO 8601 time such as "2025-03-10T12:00:00Z", not "${text}"`);
  }
  if (Number(match[1]) < 1970) return 0;
  const zone = match[2];
  const normalized = zone === undefined
    ? `${trimmed.replace(/(\.\d{3})\d+$/, "$1")}Z`
    : trimmed.replace(/(\.\d{3})\d+(?=Z|[+-])/i, "$1").replace(/([+-]\d{2})(\d{2})$/, "$1:$2");
  const ms = Date.parse(normalized);
  if (Number.isNaN(ms)) throw badField(`Schedule.${key}`, `is not a valid time: "${text}"`);
  return Math.max(0, ms);
}

function scalarText(value: unknown, field: string): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  throw badField(field, "must be a string");
}

function stringMap(obj: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(obj)) {
    if (value !== undefined && value !== null) out[key] = scalarText(value, `Backup.Metadata.${key}`);
  }
  return out;
}

/** True for an absolute path on this machine's OS. */
export function isAbsolutePath(path: string): boolean {
  return Deno.build.os === "windows" ? win32.isAbsolute(path) : isPosixAbsolute(path);
}
