/**
 * An imported configuration opened in the editor: the import page (settings/import.tsx) stores the `data` of
 * POST /backups/import in sessionStorage and opens #/add?import=1. The draft is an export file's Backup and
 * Schedule (AllowedDays may be null, fields may be missing), so it is normalised into the shape GET /backup/{id}
 * returns before the editor uses it as the base of a new backup.
 * @module
 */
import type { BackupEnvelope, FilterDto, SettingDto, Weekday } from "../../../../lib/server/api_types.ts";
import { IMPORT_DRAFT_KEY } from "../settings/import.tsx";

const DAYS: readonly Weekday[] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
const DAY_NAMES = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

function text(value: unknown): string {
  return typeof value === "string" ? value : value === undefined || value === null ? "" : String(value);
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? value as Record<string, unknown> : {};
}

/** Weekdays of an AllowedDays array or of a Rule `AllowedWeekDays=Monday,…`; [] for every day. */
function daysOf(schedule: Record<string, unknown>): Weekday[] {
  if (Array.isArray(schedule.AllowedDays)) {
    return DAYS.filter((d) => schedule.AllowedDays instanceof Array && schedule.AllowedDays.includes(d));
  }
  const rule = /allowedweekdays=([^;]*)/i.exec(text(schedule.Rule))?.[1] ?? "";
  const names = rule.split(",").map((n) => n.trim().toLowerCase());
  return DAYS.filter((_, i) => names.includes(DAY_NAMES[i]!));
}

/** The draft in the shape of GET /backup/{id}; undefined when it holds no backup. */
export function normalizeDraft(raw: unknown): BackupEnvelope | undefined {
  const root = record(raw);
  const backup = record(root.Backup);
  if (Object.keys(backup).length === 0) return undefined;
  const settings: SettingDto[] = list(backup.Settings).map(record).map((s) => ({
    ...s,
    Filter: text(s.Filter),
    Name: text(s.Name),
    Value: text(s.Value),
  })).filter((s) => s.Name !== "");
  const filters: FilterDto[] = list(backup.Filters).map(record).map((f, i) => ({
    ...f,
    Order: typeof f.Order === "number" ? f.Order : i,
    Include: f.Include === true,
    Expression: text(f.Expression),
  }));
  const schedule = root.Schedule === null || root.Schedule === undefined ? null : record(root.Schedule);
  return {
    Backup: {
      ...(backup as unknown as BackupEnvelope["Backup"]),
      Name: text(backup.Name),
      Description: text(backup.Description),
      Tags: list(backup.Tags).map(text),
      TargetURL: text(backup.TargetURL),
      Sources: list(backup.Sources).map(text).filter((s) => s !== ""),
      Settings: settings,
      Filters: filters,
    },
    Schedule: schedule === null ? null : {
      ...(schedule as unknown as NonNullable<BackupEnvelope["Schedule"]>),
      Repeat: text(schedule.Repeat),
      Time: text(schedule.Time),
      AllowedDays: daysOf(schedule),
    },
  };
}

/** Forgets the draft (once the backup made from it is saved). */
export function dropImportDraft(): void {
  sessionStorage.removeItem(IMPORT_DRAFT_KEY);
}

/** The draft the import page left for the editor; it stays until the backup is saved, so a reload keeps it. */
export function readImportDraft(): BackupEnvelope | undefined {
  const stored = sessionStorage.getItem(IMPORT_DRAFT_KEY);
  if (stored === null) return undefined;
  try {
    return normalizeDraft(JSON.parse(stored));
  } catch {
    return undefined;
  }
}
