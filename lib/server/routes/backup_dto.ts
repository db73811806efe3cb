/**
 * A configured backup on the wire: BackupConfig and Schedule to Duplicati's BackupDto and ScheduleDto, with secrets
 * masked. Password-type settings and credentials inside the target URL (`user:password@` and secret query values
 * such as `auth-password`) are replaced by {@link PASSWORD_PLACEHOLDER}; {@link unmaskTargetUrl} puts the stored
 * values back when a client sends the placeholder again. Input parsing is in backup_input.ts.
 * @module
 */
import { isSecretOptionName } from "../config_store/secret_names.ts";
import { basename } from "node:path";
import { type BackupDto, PASSWORD_PLACEHOLDER, type ScheduleDto, type SettingDto, type Weekday } from "../api_types.ts";
import type { BackupConfig, BackupSetting, Schedule } from "../config_store/model.ts";
import { badField } from "../http_error.ts";

/** Weekdays in Duplicati's order of `DayOfWeek` names used in a schedule Rule, Monday first. */
export const WEEKDAYS: readonly { readonly short: Weekday; readonly name: string }[] = [
  { short: "mon", name: "Monday" },
  { short: "tue", name: "Tuesday" },
  { short: "wed", name: "Wednesday" },
  { short: "thu", name: "Thursday" },
  { short: "fri", name: "Friday" },
  { short: "sat", name: "Saturday" },
  { short: "sun", name: "Sunday" },
];

/** What a never-run schedule reports as LastRun (.NET's DateTime.MinValue). */
export const NEVER = "0001-01-01T00:00:00Z";

/** Epoch ms as ISO 8601 UTC without fractions when there are none: "2025-03-10T12:00:00Z". */
export function isoUtc(ms: number): string {
  return new Date(ms).toISOString().replace(/\.000Z$/, "Z");
}

/** The schedule Rule Duplicati stores: `AllowedWeekDays=Monday,Tuesday`; "" for every day. */
export function ruleFromDays(days: readonly Weekday[]): string {
  if (days.length === 0) return "";
  const names = WEEKDAYS.filter((d) => days.includes(d.short)).map((d) => d.name);
  return `AllowedWeekDays=${names.join(",")}`;
}

/** The weekdays of a Rule's `AllowedWeekDays=` part (names case-insensitive, unknown ones skipped). */
export function daysFromRule(rule: string): Weekday[] {
  const part = rule.split(";").find((p) => p.toLowerCase().startsWith("allowedweekdays="));
  if (part === undefined) return [];
  const names = part.slice("allowedweekdays=".length).split(",").map((n) => n.trim().toLowerCase());
  return WEEKDAYS.filter((d) => names.includes(d.name.toLowerCase())).map((d) => d.short);
}

/** Path -> label for the sources, as Duplicati shows them: the last folder or file name. */
export function displayNames(sources: readonly string[]): Record<string, string> {
  const names: Record<string, string> = {};
  for (const source of sources) {
    if (source.trim() === "" || source.startsWith("@") || Object.hasOwn(names, source)) continue;
    const trimmed = source.length > 1 ? source.replace(/[\\/]$/, "") : source;
    names[source] = basename(trimmed.replaceAll("\\", "/")) || source;
  }
  return names;
}

/** The ScheduleDto of a backup's schedule; its ID is the backup id (one schedule per backup). */
export function toScheduleDto(schedule: Schedule): ScheduleDto {
  return {
    ID: schedule.backupId,
    Tags: [`ID=${schedule.backupId}`],
    Time: isoUtc(schedule.time),
    Repeat: schedule.repeat,
    LastRun: schedule.lastRun === 0 ? NEVER : isoUtc(schedule.lastRun),
    Rule: ruleFromDays(schedule.allowedDays),
    AllowedDays: WEEKDAYS.filter((d) => schedule.allowedDays.includes(d.short)).map((d) => d.short),
  };
}

/** The BackupDto of a configured backup with secrets masked. */
export function toBackupDto(config: BackupConfig, env: { dbPathExists: boolean }): BackupDto {
  return {
    ID: String(config.id),
    ExternalID: config.externalId,
    Name: config.name,
    Description: config.description,
    Tags: [...config.tags],
    TargetURL: maskTargetUrl(config.targetUrl),
    ConnectionStringID: -1,
    OperationType: "Backup",
    DBPath: config.dbPath,
    DBPathExists: env.dbPathExists,
    Sources: [...config.sources],
    Settings: config.settings.map(maskSetting),
    Filters: config.filters.map((f) => ({ Order: f.order, Include: f.include, Expression: f.expression })),
    Metadata: { ...config.metadata },
    IsTemporary: false,
    IsUnencryptedOrPassphraseStored: isUnencryptedOrPassphraseStored(config.settings),
    AdditionalTargetURLs: [],
  };
}

function maskSetting(setting: BackupSetting): SettingDto {
  const masked = isSecretOptionName(setting.name) && setting.value !== "";
  return {
    Filter: setting.filter,
    Name: setting.name,
    Value: masked ? PASSWORD_PLACEHOLDER : setting.value,
    Argument: null,
  };
}

/** True when the backup runs without asking for a passphrase: encryption off, or the passphrase is stored. */
export function isUnencryptedOrPassphraseStored(settings: readonly BackupSetting[]): boolean {
  const value = (name: string) => settings.find((s) => s.name.replace(/^-+/, "").toLowerCase() === name)?.value;
  const noEncryption = value("no-encryption");
  if (noEncryption !== undefined && !/^(false|0|off|no)$/i.test(noEncryption.trim())) return true;
  if (value("encryption-module") === "") return true;
  return (value("passphrase") ?? "") !== "";
}

/** The target URL with its password and secret query values replaced by {@link PASSWORD_PLACEHOLDER}. */
export function maskTargetUrl(url: string): string {
  return rewriteUrlSecrets(url, () => PASSWORD_PLACEHOLDER);
}

/** The target URL without its password and secret query parameters (an export without passwords). */
export function stripTargetUrlSecrets(url: string): string {
  return rewriteUrlSecrets(url, () => undefined);
}

/**
 * Replaces placeholders in `url` (the user-info password, secret query values) with the values in `previous`.
 * Throws HttpError 400 naming `field` when a placeholder has no stored value to stand for.
 */
export function unmaskTargetUrl(url: string, env: { previous: string | undefined; field: string }): string {
  if (!url.includes(PASSWORD_PLACEHOLDER)) return url;
  const stored = env.previous === undefined ? undefined : urlSecrets(env.previous);
  return rewriteUrlSecrets(url, (key, raw) => {
    if (safeDecode(raw) !== PASSWORD_PLACEHOLDER) return raw;
    const value = stored?.get(key);
    if (value === undefined) {
      const what = key === USER_PASSWORD ? "the URL password" : `the URL parameter "${key}"`;
      throw badField(env.field, `the password placeholder stands for ${what}, but no value is stored for it`);
    }
    return value;
  });
}

/** Key used for the user-info password in {@link rewriteUrlSecrets} callbacks. */
const USER_PASSWORD = ":password";
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//;

/** The raw (still encoded) secret values of a URL by lower-cased key. */
function urlSecrets(url: string): Map<string, string> {
  const found = new Map<string, string>();
  rewriteUrlSecrets(url, (key, raw) => {
    if (!found.has(key)) found.set(key, raw);
    return raw;
  });
  return found;
}

/**
 * Rewrites every secret in a URL through `replace(key, rawValue)`; undefined drops it. Keys are the lower-cased
 * query parameter names, or {@link USER_PASSWORD}. Everything else is kept byte for byte.
 */
function rewriteUrlSecrets(url: string, replace: (key: string, raw: string) => string | undefined): string {
  const scheme = SCHEME.exec(url);
  if (!scheme) return url;
  const rest = url.slice(scheme[0].length);
  const queryAt = rest.indexOf("?");
  let head = queryAt < 0 ? rest : rest.slice(0, queryAt);
  const query = queryAt < 0 ? undefined : rest.slice(queryAt + 1);
  const slash = head.indexOf("/");
  const authority = slash < 0 ? head : head.slice(0, slash);
  const at = authority.lastIndexOf("@");
  const colon = at < 0 ? -1 : authority.slice(0, at).indexOf(":");
  if (colon >= 0) {
    const user = authority.slice(0, colon);
    const value = replace(USER_PASSWORD, authority.slice(colon + 1, at));
    head = `${user}${value === undefined ? "" : `:${value}`}${head.slice(at)}`;
  }
  let tail = "";
  if (query !== undefined) {
    const kept: string[] = [];
    for (const part of query.split("&")) {
      const eq = part.indexOf("=");
      const key = safeDecode(eq < 0 ? part : part.slice(0, eq)).toLowerCase();
      if (eq < 0 || !isSecretOptionName(key)) {
        kept.push(part);
        continue;
      }
      const value = replace(key, part.slice(eq + 1));
      if (value !== undefined) kept.push(`${part.slice(0, eq)}=${value}`);
    }
    tail = kept.length === 0 && query !== "" ? "" : `?${kept.join("&")}`;
  }
  return `${scheme[0]}${head}${tail}`;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replaceAll("+", " "));
  } catch {
    return text;
  }
}
