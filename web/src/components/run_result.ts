/**
 * Reading what the server records about runs: the result JSON in a backup log's "Result" rows (TaskResultJson),
 * Duplicati's compact metadata times (`20250310T120000Z`), and the words and badge colours the pages use for
 * operations and results.
 * @module
 */
import type { LogRowDto, TaskResultJson } from "../../../lib/server/api_types.ts";
import { formatSeconds } from "../format.ts";

export type ParsedResult = TaskResultJson["ParsedResult"];

/** The result JSON of a "Result" log row; undefined for other rows or text that is not one. */
export function resultOf(row: LogRowDto): TaskResultJson | undefined {
  if (row.Type !== "Result") return undefined;
  try {
    const parsed = JSON.parse(row.Message) as Partial<TaskResultJson>;
    if (typeof parsed !== "object" || parsed === null || typeof parsed.ParsedResult !== "string") return undefined;
    return {
      MainOperation: String(parsed.MainOperation ?? ""),
      ParsedResult: parsed.ParsedResult,
      ExitCode: Number(parsed.ExitCode ?? 0),
      BeginTime: String(parsed.BeginTime ?? ""),
      EndTime: String(parsed.EndTime ?? ""),
      Duration: String(parsed.Duration ?? ""),
      Messages: Array.isArray(parsed.Messages) ? parsed.Messages.map(String) : [],
      Warnings: Array.isArray(parsed.Warnings) ? parsed.Warnings.map(String) : [],
      Errors: Array.isArray(parsed.Errors) ? parsed.Errors.map(String) : [],
    };
  } catch {
    return undefined;
  }
}

/** A metadata time such as "20250310T120000Z" (or any ISO text) as a Date; undefined when absent or unreadable. */
export function metadataTime(text: string | undefined): Date | undefined {
  if (text === undefined || text.trim() === "") return undefined;
  const m = /^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/.exec(text.trim());
  const date = m
    ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])))
    : new Date(text);
  return Number.isNaN(date.getTime()) || date.getUTCFullYear() < 1970 ? undefined : date;
}

/** The operation's name as users know it ("Test" is Verify in the UI). */
export function operationName(mainOperation: string): string {
  switch (mainOperation) {
    case "Test":
      return "Verify";
    case "Delete":
      return "Delete versions";
    case "DeleteBackup":
      return "Delete backup";
    default:
      return mainOperation || "Task";
  }
}

/** The badge class for a result. */
export function resultBadge(result: ParsedResult | undefined): string {
  switch (result) {
    case "Success":
      return "badge badge-ok";
    case "Warning":
      return "badge badge-warn";
    case "Error":
    case "Fatal":
      return "badge badge-error";
    default:
      return "badge";
  }
}

/** "Success", "Warning", "Error", "Failed" (Fatal) as shown in badges. */
export function resultLabel(result: ParsedResult): string {
  return result === "Fatal" ? "Failed" : result;
}

/** The "Name: value" statistics lines of a run's output ("Files examined: 20 (585 KiB)"), in order. */
export function resultStatistics(result: TaskResultJson): { name: string; value: string }[] {
  const stats: { name: string; value: string }[] = [];
  for (const line of result.Messages) {
    const m = /^\s+([A-Z][A-Za-z ]{2,40}):\s+(.+)$/.exec(line);
    if (m) stats.push({ name: m[1]!.trim(), value: m[2]!.trim() });
  }
  return stats;
}

/** A duration in milliseconds in words: "under a second", "12 s", "3 min 05 s"; "" when unknown. */
export function durationWords(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms) || ms < 0) return "";
  return ms < 1000 ? "under a second" : formatSeconds(ms / 1000);
}

/** A .NET TimeSpan text ("00:01:02.5000000", "1.02:03:04") in milliseconds; undefined for other text. */
export function timeSpanMs(text: string): number | undefined {
  const m = /^(?:(\d+)\.)?(\d+):(\d\d):(\d\d)(\.\d+)?$/.exec(text.trim());
  if (!m) return undefined;
  const [, d = "0", h = "0", min = "0", s = "0", fraction = ""] = m;
  const seconds = Number(d) * 86400 + Number(h) * 3600 + Number(min) * 60 + Number(s) + Number(`0${fraction}`);
  return Math.round(seconds * 1000);
}

/** The duration of a result from its begin and end times. */
export function resultDurationMs(result: TaskResultJson): number | undefined {
  const ms = Date.parse(result.EndTime) - Date.parse(result.BeginTime);
  return Number.isFinite(ms) ? ms : undefined;
}
