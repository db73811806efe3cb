/**
 * A configured backup on the wire: BackupConfig and Schedule to Duplicati's BackupDto and ScheduleDto, with secrets
 * masked. Password-type settings and credentials inside the target URL (`user:password@` and secret query values
 * such as `auth-password`, see url_secrets.ts) are replaced by {@link PASSWORD_PLACEHOLDER}. Input parsing, which
 * puts the stored values back for placeholders, is in backup_input.ts.
 * @module
 */
import { isSecretOptionName } from "../config_store/secret_names.ts";
import { basename } from "node:path";
import {
  type BackupDto,
  NO_TIME,
  PASSWORD_PLACEHOLDER,
  type ScheduleDto,
  type SettingDto,
  type Weekday,
} from "../api_types.ts";
import type { BackupConfig, BackupSetting, Schedule } from "../config_store/model.ts";
import { isTemporaryBackupId } from "../temporary_backups.ts";
import { maskTargetUrl } from "../url_secrets.ts";

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
    LastRun: schedule.lastRun === 0 ? NO_TIME : isoUtc(schedule.lastRun),
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
    IsTemporary: isTemporaryBackupId(config.id),
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
