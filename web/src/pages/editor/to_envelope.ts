/**
 * The body of POST /backups and PUT /backup/{id} from the editor model (see lib/server/routes/backup_input.ts for
 * what the server accepts). When editing, the stored backup is the base: every part the user did not change is
 * sent exactly as it was loaded (masked secrets, setting order, Filters and Arguments of settings, settings the
 * wizard does not show, the schedule's exact Time and day list), so load → save changes nothing by itself.
 * Pure functions.
 * @module
 */
import type { BackupEnvelope, FilterDto, ScheduleDto, SettingDto, Weekday } from "../../../../lib/server/api_types.ts";
import { ALL_DAYS, bareName, FIELD_OPTIONS, modelFromEnvelope, scheduleTimeOf, unfiltered } from "./from_envelope.ts";
import { type EditorModel, SMART_RETENTION } from "./model.ts";

/** The Backup object sent to the server. */
export interface BackupBody {
  readonly Name: string;
  readonly Description: string;
  readonly Tags: readonly string[];
  readonly TargetURL: string;
  readonly Sources: readonly string[];
  readonly Settings: readonly SettingDto[];
  readonly Filters: readonly FilterDto[];
  readonly [other: string]: unknown;
}

/** The Schedule object sent to the server (null: no schedule). */
export interface ScheduleBody {
  readonly Repeat: string;
  readonly Time?: string;
  readonly AllowedDays: readonly Weekday[];
  readonly [other: string]: unknown;
}

/** The request body of POST /backups and PUT /backup/{id}. */
export interface BackupBodyEnvelope {
  readonly Backup: BackupBody;
  readonly Schedule: ScheduleBody | null;
}

/** A group of first-class settings the wizard edits as one value. */
interface Group {
  /** Bare names, and whether they are written with dashes. */
  readonly names: readonly (readonly [string, boolean])[];
  /** The group's value in the model, compared with the loaded one to see whether it changed. */
  readonly value: (m: EditorModel) => string;
  /** The settings that store the value. */
  readonly settings: (m: EditorModel) => readonly (readonly [string, string])[];
}

const GROUPS: readonly Group[] = [
  {
    names: [["encryption-module", false], ["no-encryption", true]],
    value: (m) => m.encryption,
    settings: (m) =>
      m.encryption === "" ? [["encryption-module", ""], ["--no-encryption", "true"]] : [[
        "encryption-module",
        m.encryption,
      ]],
  },
  {
    names: [["passphrase", false]],
    value: (m) => `${m.encryption}\n${m.passphrase}`,
    settings: (m) => m.encryption === "" ? [] : [["passphrase", m.passphrase]],
  },
  {
    names: [["dblock-size", false]],
    value: (m) => m.volumeSize,
    settings: (m) => m.volumeSize.trim() === "" ? [] : [["dblock-size", m.volumeSize.trim()]],
  },
  {
    names: [["keep-time", false], ["keep-versions", false], ["retention-policy", false]],
    value: (m) => JSON.stringify(m.retention),
    settings: (m) => {
      const r = m.retention;
      if (r.kind === "versions") return [["keep-versions", r.versions.trim()]];
      if (r.kind === "time") return [["keep-time", r.time.trim()]];
      if (r.kind === "smart") return [["retention-policy", SMART_RETENTION]];
      if (r.kind === "custom") return [["retention-policy", r.policy.trim()]];
      return [];
    },
  },
  {
    names: [["skip-files-larger-than", true]],
    value: (m) => m.skipFilesLargerThan,
    settings: (m) => m.skipFilesLargerThan.trim() === "" ? [] : [["--skip-files-larger-than", m.skipFilesLargerThan]],
  },
  {
    names: [["exclude-files-attributes", true]],
    value: (m) => m.excludeAttributes.join(","),
    settings: (m) =>
      m.excludeAttributes.length === 0 ? [] : [["--exclude-files-attributes", m.excludeAttributes.join(",")]],
  },
];

function inGroup(group: Group, setting: SettingDto): boolean {
  const dashes = setting.Name.startsWith("--");
  const name = bareName(setting.Name);
  return unfiltered(setting) && group.names.some(([n, d]) => n === name && d === dashes);
}

function isAdvanced(setting: SettingDto): boolean {
  return unfiltered(setting) && setting.Name.startsWith("--") && !FIELD_OPTIONS.has(bareName(setting.Name));
}

function newSetting([name, value]: readonly [string, string]): SettingDto {
  return { Filter: "", Name: name, Value: value };
}

/** The settings: the loaded ones where unchanged, new values in place of changed ones, new ones at the end. */
export function settingsFor(model: EditorModel, base: readonly SettingDto[], before: EditorModel | undefined) {
  let out: SettingDto[] = [...base];
  for (const group of GROUPS) {
    if (before !== undefined && group.value(before) === group.value(model)) continue;
    const at = out.findIndex((s) => inGroup(group, s));
    const rest = out.filter((s) => !inGroup(group, s));
    const fresh = group.settings(model).map(newSetting);
    const insertAt = at < 0 ? rest.length : out.slice(0, at).filter((s) => !inGroup(group, s)).length;
    out = [...rest.slice(0, insertAt), ...fresh, ...rest.slice(insertAt)];
  }
  // Advanced options one by one: unchanged ones stay as they were, changed ones keep their place.
  const previous = before?.advanced ?? {};
  const written = new Set<string>();
  out = out.flatMap((s) => {
    if (!isAdvanced(s)) return [s];
    const key = s.Name.replace(/^-+/, "");
    if (!Object.hasOwn(model.advanced, key)) return [];
    const value = model.advanced[key]!;
    if (value === previous[key]) return [s];
    if (written.has(key)) return [];
    written.add(key);
    return [{ ...s, Value: value }];
  });
  const present = new Set(base.filter(isAdvanced).map((s) => s.Name.replace(/^-+/, "")));
  for (const [key, value] of Object.entries(model.advanced)) {
    if (!present.has(key)) out.push(newSetting([`--${key}`, value]));
  }
  return out;
}

function sameDays(a: readonly Weekday[], b: readonly Weekday[]): boolean {
  return a.length === b.length && a.every((d) => b.includes(d));
}

function scheduleFor(model: EditorModel, base: ScheduleDto | null, before: EditorModel | undefined) {
  if (!model.scheduleEnabled) return null;
  const kept = base !== null && before !== undefined && before.scheduleEnabled ? base : null;
  const sameTime = kept !== null && before!.scheduleDate === model.scheduleDate &&
    before!.scheduleTime === model.scheduleTime;
  const time = sameTime ? kept!.Time : scheduleTimeOf(model);
  const days = kept !== null && sameDays(before!.allowedDays, model.allowedDays)
    ? kept.AllowedDays
    : ALL_DAYS.filter((d) => model.allowedDays.includes(d));
  const body: ScheduleBody = {
    ...(kept ?? {}),
    Repeat: model.repeat.trim(),
    AllowedDays: [...days],
    ...(time === undefined ? {} : { Time: time }),
  };
  return body;
}

function sameFilters(a: EditorModel["filters"], b: EditorModel["filters"]): boolean {
  return a.length === b.length && a.every((f, i) => f.include === b[i]!.include && f.expression === b[i]!.expression);
}

/** The request body for the model; `base` is the stored backup when editing (GET /backup/{id}). */
export function toEnvelope(model: EditorModel, base?: BackupEnvelope): BackupBodyEnvelope {
  const before = base === undefined ? undefined : modelFromEnvelope(base, new Date());
  const filters = before !== undefined && sameFilters(before.filters, model.filters)
    ? base!.Backup.Filters
    : model.filters.map((f, i) => ({ Order: i, Include: f.include, Expression: f.expression }));
  const { DisplayNames: _names, ...stored } = (base?.Backup ?? {}) as Record<string, unknown>;
  return {
    Backup: {
      ...stored,
      Name: before?.name === model.name ? model.name : model.name.trim(),
      Description: model.description,
      Tags: base?.Backup.Tags ?? [],
      TargetURL: before?.targetUrl === model.targetUrl ? model.targetUrl : model.targetUrl.trim(),
      Sources: [...model.sources],
      Settings: settingsFor(model, base?.Backup.Settings ?? [], before),
      Filters: filters,
    },
    Schedule: scheduleFor(model, base?.Schedule ?? null, before),
  };
}
