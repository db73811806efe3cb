/**
 * Duplicati's backup configuration file (surface spec §4.5): `{CreatedByVersion, Schedule, Backup, DisplayNames}`
 * written the way Duplicati 2.1's export endpoint writes it (System.Text.Json, indented by two spaces, property
 * order of its Backup and Schedule classes, `"Argument": null` in each setting, HTML-sensitive and non-ASCII
 * characters as `\uXXXX`, enums as strings), optionally wrapped in AES Crypt. Import reads those files and the
 * older Newtonsoft-written ones, encrypted or not.
 * @module
 */
import { relative, resolve, sep } from "node:path";
import { fromUtf8, utf8 } from "../../core/bytes.ts";
import { errorMessage, WrongPassphraseError } from "../../core/errors.ts";
import { PRODUCT_VERSION } from "../../version.ts";
import { decryptAesCrypt, encryptAesCrypt, isAesCrypt } from "../../volumes/aescrypt/mod.ts";
import type { ExportedSchedule, ExportStructure } from "../api_types.ts";
import type { BackupConfig, Schedule } from "../config_store/model.ts";
import { badField } from "../http_error.ts";
import { isSecretOptionName } from "../config_store/secret_names.ts";
import { bareOptionName } from "../tasks/cli_arguments.ts";
import { stripTargetUrlSecrets } from "../url_secrets.ts";
import { displayNames, ruleFromDays, toScheduleDto } from "./backup_dto.ts";

/** A configuration file ready to download. */
export interface ExportedFile {
  readonly bytes: Uint8Array;
  /** `<name>-duplicati-config.json`, plus `.aes` when encrypted; percent-encoded as Duplicati does. */
  readonly fileName: string;
}

/** How {@link exportConfiguration} writes the file. */
export interface ExportOptions {
  readonly schedule: Schedule | undefined;
  /** Keep password-type settings and URL credentials (else they are removed). */
  readonly exportPasswords: boolean;
  /** Encrypts the file with AES Crypt when non-blank. */
  readonly passphrase?: string | undefined;
  /** Database paths inside the data folder are written relative to it, as Duplicati does. */
  readonly dataFolder: string;
}

/** The export file of a configured backup. */
export async function exportConfiguration(config: BackupConfig, options: ExportOptions): Promise<ExportedFile> {
  const json = utf8(formatDotNetJson(buildExportStructure(config, options)));
  const passphrase = options.passphrase?.trim() ? options.passphrase : undefined;
  const fileName = escapeDataString(`${config.name}-duplicati-config.json`) + (passphrase ? ".aes" : "");
  return { bytes: passphrase ? await encryptAesCrypt(json, passphrase) : json, fileName };
}

/** The export structure of a configured backup (what {@link exportConfiguration} serializes). */
export function buildExportStructure(
  config: BackupConfig,
  options: Pick<ExportOptions, "schedule" | "exportPasswords" | "dataFolder">,
): ExportStructure {
  const keep = options.exportPasswords;
  return {
    CreatedByVersion: PRODUCT_VERSION,
    Schedule: options.schedule === undefined ? null : exportedSchedule(options.schedule),
    Backup: {
      ID: String(config.id),
      ExternalID: config.externalId,
      Name: config.name,
      Description: config.description,
      Tags: config.tags,
      TargetURL: keep ? config.targetUrl : stripTargetUrlSecrets(config.targetUrl),
      DBPath: relativeDbPath(config.dbPath, options.dataFolder),
      ConnectionStringID: -1,
      OperationType: "Backup",
      Sources: config.sources,
      Settings: config.settings
        .filter((s) => keep || !isSecretOptionName(s.name))
        .map((s) => ({ Filter: s.filter, Name: s.name, Value: s.value, Argument: null })),
      Filters: config.filters.map((f) => ({ Order: f.order, Include: f.include, Expression: f.expression })),
      Metadata: config.metadata,
      AdditionalTargetURLs: [],
      IsTemporary: false,
    },
    DisplayNames: displayNames(config.sources),
  };
}

function exportedSchedule(schedule: Schedule): ExportedSchedule {
  const dto = toScheduleDto(schedule);
  return {
    ID: dto.ID,
    Tags: dto.Tags,
    Time: dotNetUtc(schedule.time),
    Repeat: schedule.repeat,
    LastRun: schedule.lastRun === 0 ? "0001-01-01T00:00:00" : dotNetUtc(schedule.lastRun),
    Rule: ruleFromDays(schedule.allowedDays),
    AllowedDays: schedule.allowedDays.length === 0 ? null : dto.AllowedDays,
  };
}

/**
 * What {@link readConfiguration} returns: the file's object with ID, DBPath, `--dbpath` settings (and Metadata unless
 * asked) dropped.
 */
export interface ImportedConfiguration {
  readonly CreatedByVersion: string;
  readonly Schedule: Record<string, unknown> | null;
  readonly Backup: Record<string, unknown>;
  readonly DisplayNames: Record<string, unknown>;
}

/**
 * Reads an export file (plain or AES Crypt) and drops what must not be imported: IDs, DBPath, connection string,
 * additional targets and, unless `importMetadata`, Metadata. A `--dbpath` setting names the exporting machine's
 * database as DBPath does, so it is dropped too (the server takes the database only from DBPath). Throws HttpError
 * 400 naming `config` or `passphrase`.
 */
export async function readConfiguration(
  bytes: Uint8Array,
  options: { readonly passphrase?: string | undefined; readonly importMetadata: boolean },
): Promise<ImportedConfiguration> {
  let plain = bytes;
  if (isAesCrypt(bytes)) {
    if (!options.passphrase) {
      throw badField("passphrase", "the file is encrypted; give the passphrase it was exported with");
    }
    try {
      plain = await decryptAesCrypt(bytes, options.passphrase);
    } catch (error) {
      if (error instanceof WrongPassphraseError) throw badField("passphrase", "wrong passphrase for this file");
      throw badField("config", `the encrypted file is damaged: ${errorMessage(error)}`);
    }
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(fromUtf8(plain));
  } catch (error) {
    throw badField("config", `is not a Duplicati configuration file: ${errorMessage(error)}`);
  }
  const file = isObject(parsed) ? parsed : {};
  if (!isObject(file.Backup)) throw badField("config", "the file holds no backup configuration");
  // Same keys in the same order, with what must not be imported replaced (as Duplicati's LoadConfiguration does).
  const metadata = options.importMetadata && isObject(file.Backup.Metadata) ? file.Backup.Metadata : {};
  const dropped: Record<string, unknown> = { ID: null, DBPath: "", ConnectionStringID: -1, Metadata: metadata };
  if (Array.isArray(file.Backup.Settings)) dropped.Settings = file.Backup.Settings.filter((s) => !isDbPathSetting(s));
  const backup: Record<string, unknown> = { ...file.Backup, ...dropped, AdditionalTargetURLs: [] };
  const schedule = isObject(file.Schedule) ? { ...file.Schedule, ID: -1 } : null;
  return {
    CreatedByVersion: typeof file.CreatedByVersion === "string" ? file.CreatedByVersion : "",
    Schedule: schedule,
    Backup: backup,
    DisplayNames: isObject(file.DisplayNames) ? file.DisplayNames : {},
  };
}

/**
 * Applies POST /backups/import's `replace_settings`: `name`, `targeturl`, `dbpath`, `description`, `sources`
 * (separated by the OS path delimiter) and `settings.<option>` (set or added; `settings.dbpath` or
 * `settings.--dbpath` sets DBPath instead, unless `dbpath` is given, as the server accepts no such setting).
 */
export function replaceSettings(backup: Record<string, unknown>, replace: Readonly<Record<string, unknown>>): void {
  const text = (key: string) => {
    const value = replace[key];
    return typeof value === "string" && value.trim() !== "" ? value : undefined;
  };
  const settings = Array.isArray(backup.Settings) ? [...backup.Settings] : [];
  for (const [key, value] of Object.entries(replace)) {
    if (!key.toLowerCase().startsWith("settings.") || typeof value !== "string") continue;
    const name = key.slice("settings.".length);
    if (isDbPathSetting({ Name: name })) {
      if (value.trim() !== "") backup.DBPath = value;
      continue;
    }
    const at = settings.findIndex((s) => isObject(s) && String(s.Name).toLowerCase() === name.toLowerCase());
    if (at < 0) settings.push({ Filter: "", Name: name, Value: value });
    else settings[at] = { ...settings[at], Value: value };
  }
  backup.Settings = settings;
  const fields: [string, string][] = [["name", "Name"], ["targeturl", "TargetURL"], ["dbpath", "DBPath"], [
    "description",
    "Description",
  ]];
  for (const [key, field] of fields) {
    const value = text(key);
    if (value !== undefined) backup[field] = value;
  }
  const sources = text("sources");
  if (sources !== undefined) backup.Sources = sources.split(Deno.build.os === "windows" ? ";" : ":").filter(Boolean);
}

/**
 * JSON as System.Text.Json writes it indented with its default encoder: two-space indentation, `"name": value`,
 * `[]`/`{}` when empty, and `"&'+<>` backtick, control and non-ASCII characters escaped as upper-case `\uXXXX`.
 */
export function formatDotNetJson(value: unknown, indent = ""): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "string") return quoteDotNet(value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    return `[\n${value.map((v) => inner + formatDotNetJson(v, inner)).join(",\n")}\n${indent}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return "{}";
  const body = entries.map(([k, v]) => `${inner}${quoteDotNet(k)}: ${formatDotNetJson(v, inner)}`).join(",\n");
  return `{\n${body}\n${indent}}`;
}

const SHORT_ESCAPES: Readonly<Record<string, string>> = {
  "\\": "\\\\",
  "\b": "\\b",
  "\f": "\\f",
  "\n": "\\n",
  "\r": "\\r",
  "\t": "\\t",
};

function quoteDotNet(text: string): string {
  let out = '"';
  for (const char of text) {
    for (let i = 0; i < char.length; i++) {
      const c = char[i]!;
      const code = c.charCodeAt(0);
      const short = SHORT_ESCAPES[c];
      if (short !== undefined) out += short;
      else if (code < 0x20 || code >= 0x7f || `"&'+<>\``.includes(c)) {
        out += `\\u${code.toString(16).toUpperCase().padStart(4, "0")}`;
      } else out += c;
    }
  }
  return `${out}"`;
}

/** .NET's round-trip UTC form: fractions only when non-zero, trailing zeros dropped. */
function dotNetUtc(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d*?)0*Z$/, (_, digits: string) => digits ? `.${digits}Z` : "Z");
}

/** The database path relative to the data folder when it lies inside it (Duplicati's GetRelativeDbPath). */
function relativeDbPath(dbPath: string, dataFolder: string): string {
  if (dbPath === "") return "";
  const folder = resolve(dataFolder) + sep;
  const full = resolve(dbPath);
  return full.startsWith(folder) ? relative(folder, full) : dbPath;
}

/** .NET's Uri.EscapeDataString: everything but `A-Z a-z 0-9 - _ . ~` percent-encoded. */
function escapeDataString(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** A setting object (as in the file) named `dbpath` or `--dbpath`, case-insensitively. */
function isDbPathSetting(setting: unknown): boolean {
  return isObject(setting) && typeof setting.Name === "string" && bareOptionName(setting.Name) === "dbpath";
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
