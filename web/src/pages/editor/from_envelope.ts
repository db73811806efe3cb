/**
 * The editor model of a stored backup (GET /backup/{id}) or of the server's defaults for a new one
 * (GET /backupdefaults). Settings follow Duplicati's convention: first-class settings without dashes
 * (`encryption-module`, `passphrase`, `dblock-size`, `keep-time`, `keep-versions`, `retention-policy`), advanced
 * options with `--`. Settings limited to one storage type (a Filter) stay out of the model: to_envelope.ts keeps
 * them as they are. Pure functions.
 * @module
 */
import type { BackupEnvelope, SettingDto, Weekday } from "../../../../lib/server/api_types.ts";
import { type EditorModel, emptyModel, type FilterRule, type Retention, SMART_RETENTION } from "./model.ts";
import { isoUtc, localInstant, localParts } from "./schedule_preview.ts";

export const ALL_DAYS: readonly Weekday[] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/** The volume size a backup without `dblock-size` uses. */
export const DEFAULT_VOLUME_SIZE = "50MB";

/** The body of GET /backupdefaults. */
export interface BackupDefaults {
  readonly Backup?: { readonly Settings?: readonly { readonly Name: string; readonly Value: string }[] };
  readonly Schedule?: { readonly Repeat?: string; readonly Time?: string; readonly AllowedDays?: readonly Weekday[] };
}

/** Advanced options with their own fields in the wizard (kept out of the advanced list). */
export const FIELD_OPTIONS: ReadonlySet<string> = new Set([
  "no-encryption",
  "exclude-files-attributes",
  "skip-files-larger-than",
]);

/** Option names without dashes, lower case. */
export function bareName(name: string): string {
  return name.replace(/^-+/, "").toLowerCase();
}

/** True for a setting that applies to every storage type (no Filter). */
export function unfiltered(setting: { readonly Filter?: string }): boolean {
  return (setting.Filter ?? "").trim() === "";
}

/** The value of the unfiltered setting `name` (first-class when `dashes` is false, advanced when true). */
export function settingValue(settings: readonly SettingDto[], name: string, dashes: boolean): string | undefined {
  return settings.find((s) => unfiltered(s) && s.Name.startsWith("--") === dashes && bareName(s.Name) === name)?.Value;
}

function isTrue(value: string | undefined): boolean {
  return value !== undefined && !/^(false|0|off|no)$/i.test(value.trim());
}

function retentionOf(settings: readonly SettingDto[]): Retention {
  const time = (settingValue(settings, "keep-time", false) ?? "").trim();
  if (time !== "") return { kind: "time", time };
  const versions = (settingValue(settings, "keep-versions", false) ?? "").trim();
  if (versions !== "") return { kind: "versions", versions };
  const policy = (settingValue(settings, "retention-policy", false) ?? "").trim();
  if (policy === SMART_RETENTION) return { kind: "smart" };
  if (policy !== "") return { kind: "custom", policy };
  return { kind: "all" };
}

/** The model fields the settings hold. */
export function settingsModel(settings: readonly SettingDto[]): Pick<
  EditorModel,
  | "encryption"
  | "passphrase"
  | "passphraseRepeat"
  | "volumeSize"
  | "retention"
  | "excludeAttributes"
  | "skipFilesLargerThan"
  | "advanced"
> {
  const module = settingValue(settings, "encryption-module", false);
  const off = isTrue(settingValue(settings, "no-encryption", true)) || (module !== undefined && module.trim() === "");
  const passphrase = settingValue(settings, "passphrase", false) ?? "";
  const advanced: Record<string, string> = {};
  for (const s of settings) {
    if (!unfiltered(s) || !s.Name.startsWith("--") || FIELD_OPTIONS.has(bareName(s.Name))) continue;
    const key = s.Name.replace(/^-+/, "");
    if (key !== "" && !Object.hasOwn(advanced, key)) advanced[key] = s.Value;
  }
  return {
    encryption: off ? "" : "aes",
    passphrase,
    passphraseRepeat: passphrase,
    volumeSize: settingValue(settings, "dblock-size", false) ?? DEFAULT_VOLUME_SIZE,
    retention: retentionOf(settings),
    excludeAttributes: (settingValue(settings, "exclude-files-attributes", true) ?? "").split(",")
      .map((p) => p.trim()).filter((p) => p !== ""),
    skipFilesLargerThan: settingValue(settings, "skip-files-larger-than", true) ?? "",
    advanced,
  };
}

/** A first run at `time` ("HH:MM[:SS]") today, or tomorrow when that has passed. */
export function upcoming(time: string, now: Date): { scheduleDate: string; scheduleTime: string } {
  const today = localParts(now).date;
  const at = localInstant(today, time) ?? localInstant(today, "13:00")!;
  if (at.getTime() <= now.getTime()) at.setDate(at.getDate() + 1);
  return { scheduleDate: localParts(at).date, scheduleTime: localParts(at).time };
}

/** The scheme of a storage URL ("file" for a bare path). */
function backendOf(url: string): string {
  return /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(url)?.[1]?.toLowerCase() ?? "file";
}

/** The model of a stored backup. */
export function modelFromEnvelope(envelope: BackupEnvelope, now: Date): EditorModel {
  const backup = envelope.Backup;
  const schedule = envelope.Schedule;
  const filters: FilterRule[] = [...backup.Filters].sort((a, b) => a.Order - b.Order)
    .map((f) => ({ include: f.Include, expression: f.Expression }));
  const base = emptyModel();
  let when = upcoming(base.scheduleTime, now);
  if (schedule !== null) {
    const time = new Date(schedule.Time);
    if (!Number.isNaN(time.getTime())) {
      const parts = localParts(time);
      when = { scheduleDate: parts.date, scheduleTime: parts.time };
    }
  }
  return {
    ...base,
    name: backup.Name,
    description: backup.Description ?? "",
    backend: backendOf(backup.TargetURL),
    targetUrl: backup.TargetURL,
    sources: [...backup.Sources],
    filters,
    ...settingsModel(backup.Settings),
    scheduleEnabled: schedule !== null && schedule.Repeat.trim() !== "",
    ...when,
    repeat: schedule !== null && schedule.Repeat.trim() !== "" ? schedule.Repeat : base.repeat,
    allowedDays: schedule !== null && schedule.AllowedDays.length > 0 ? [...schedule.AllowedDays] : [...ALL_DAYS],
  };
}

/** The model of a new backup with the server's defaults applied. */
export function modelFromDefaults(defaults: BackupDefaults, now: Date): EditorModel {
  const base = emptyModel();
  const settings: SettingDto[] = (defaults.Backup?.Settings ?? []).map((s) => ({
    Filter: "",
    Name: s.Name,
    Value: s.Value,
  }));
  const fromSettings = settingsModel(settings);
  const schedule = defaults.Schedule;
  return {
    ...base,
    ...fromSettings,
    // A new backup has no passphrase until the user enters one, whatever the defaults say.
    passphrase: "",
    passphraseRepeat: "",
    ...upcoming(schedule?.Time ?? base.scheduleTime, now),
    repeat: schedule?.Repeat?.trim() || base.repeat,
    allowedDays: schedule?.AllowedDays && schedule.AllowedDays.length > 0 ? [...schedule.AllowedDays] : [...ALL_DAYS],
  };
}

/** The schedule Time (ISO UTC) of the model's local date and time; undefined when they do not parse. */
export function scheduleTimeOf(model: Pick<EditorModel, "scheduleDate" | "scheduleTime">): string | undefined {
  const at = localInstant(model.scheduleDate, model.scheduleTime);
  return at === undefined ? undefined : isoUtc(at);
}
