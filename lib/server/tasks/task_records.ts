/**
 * What a finished task leaves in the configuration store, as Duplicati's server does (RestAPI/Runner.cs): the
 * "Result" log row, the backup's metadata (last run, source and destination statistics, last error) and a
 * notification for warnings and errors. Metadata times use Duplicati's `yyyyMMddTHHmmssZ` form and durations
 * .NET's `hh:mm:ss.fffffff`, so exports carry the same values as Duplicati's.
 * @module
 */
import { formatDuration, formatSize } from "../../cli/output.ts";
import type { BackupResult } from "../../operations/backup/backup_result.ts";
import { formatCompactTime } from "../../volumes/remote_name.ts";
import type { TaskResultJson } from "../api_types.ts";
import type { BackupConfig, ConfigStore } from "../config_store/model.ts";
import type { EventHub } from "../events.ts";
import { readTargetStatistics, type TargetStatistics } from "./backup_statistics.ts";

/** The parts of the configuration store the tasks use. */
export type TaskStore = Pick<
  ConfigStore,
  | "getBackup"
  | "getGlobalOptions"
  | "patchMetadata"
  | "addBackupLog"
  | "addNotification"
  | "listNotifications"
  | "dismissNotification"
  | "deleteBackup"
  | "addServerLog"
>;

/** Where records go. */
export interface RecordEnv {
  readonly store: TaskStore;
  readonly events?: Pick<EventHub, "bump">;
}

/** One finished run of a task on a backup. */
export interface FinishedRun {
  readonly backup: BackupConfig;
  /** The task's operation ("Backup", "Restore", "Verify", ...). */
  readonly operation: string;
  /** The task id (the log row's OperationID). */
  readonly taskId: number;
  /** True when the run ended because it was stopped on request. */
  readonly stopped: boolean;
  readonly result: TaskResultJson;
  /** Results the CLI reported through `io.report`, by command name. */
  readonly reports: ReadonlyMap<string, object>;
}

/** Operations after which the destination's statistics are read again from the local database. */
const CHANGES_DESTINATION: ReadonlySet<string> = new Set(["Backup", "Compact", "Delete", "Repair"]);

/** The metadata prefix Duplicati uses for the start/finish/duration of these operations. */
const TIMED_OPERATIONS: Readonly<Record<string, string>> = {
  Restore: "LastRestore",
  Compact: "LastCompact",
  Vacuum: "LastVacuum",
};

/** Writes the run's "Result" row, metadata and notifications. */
export function recordRun(env: RecordEnv, run: FinishedRun): void {
  const { store } = env;
  const { backup, result } = run;
  store.addBackupLog({
    backupId: backup.id,
    operationId: run.taskId,
    timestamp: Date.parse(result.EndTime),
    type: "Result",
    message: JSON.stringify(result),
    exception: result.ParsedResult === "Fatal" ? (result.Errors[0] ?? null) : null,
  });
  const patch: Record<string, string | null> = { ...destinationMetadata(run), ...runMetadata(run) };
  const failed = result.ParsedResult === "Fatal" || result.ParsedResult === "Error";
  if (failed) {
    patch["LastErrorDate"] = formatCompactTime(new Date(result.EndTime));
    patch["LastErrorMessage"] = errorSummary(run);
  }
  if (Object.keys(patch).length > 0) store.patchMetadata(backup.id, patch);
  env.events?.bump("data");
  if (notify(env, run)) env.events?.bump("notification");
}

/** Start, finish and duration of the run, and for a backup the source statistics from its result. */
function runMetadata(run: FinishedRun): Record<string, string> {
  const { result } = run;
  if (run.stopped || result.ParsedResult === "Fatal") return {};
  const out: Record<string, string> = {};
  if (run.operation === "Backup") {
    const backup = run.reports.get("backup") as BackupResult | undefined;
    if (!backup) return out;
    out["LastBackupStarted"] = formatCompactTime(backup.beginTime);
    out["LastBackupFinished"] = formatCompactTime(backup.endTime);
    out["LastBackupDuration"] = formatDuration(backup.endTime.getTime() - backup.beginTime.getTime());
    out["SourceFilesSize"] = String(backup.sizeOfExaminedFiles);
    out["SourceFilesCount"] = String(backup.examinedFiles);
    out["SourceSizeString"] = formatSize(backup.sizeOfExaminedFiles);
    if (backup.filesetTime) out["LastBackupDate"] = formatCompactTime(backup.filesetTime);
    return out;
  }
  const prefix = TIMED_OPERATIONS[run.operation];
  if (prefix) {
    out[`${prefix}Started`] = formatCompactTime(new Date(result.BeginTime));
    out[`${prefix}Finished`] = formatCompactTime(new Date(result.EndTime));
    out[`${prefix}Duration`] = result.Duration;
  }
  return out;
}

/** The destination's statistics from the local database (after operations that change the destination). */
function destinationMetadata(run: FinishedRun): Record<string, string> {
  if (!CHANGES_DESTINATION.has(run.operation)) return {};
  const stats = readTargetStatistics(run.backup.dbPath);
  return stats ? targetMetadata(stats) : {};
}

/** Duplicati's destination metadata keys for statistics read from a local database. */
export function targetMetadata(stats: TargetStatistics): Record<string, string> {
  const out: Record<string, string> = {
    TargetFilesSize: String(stats.fileSize),
    TargetFilesCount: String(stats.fileCount),
    TargetSizeString: formatSize(stats.fileSize),
    BackupListCount: String(stats.filesetCount),
    TargetFilesetsCount: String(stats.filesetCount),
  };
  // Duplicati's LastBackupDate is the newest version at the destination; a backup's own new version overrides it.
  if (stats.newestVersion) out["LastBackupDate"] = formatCompactTime(stats.newestVersion);
  return out;
}

function errorSummary(run: FinishedRun): string {
  const { result } = run;
  return result.Errors[0] ?? `${run.operation} ended with exit code ${result.ExitCode}`;
}

/** One message, or a count of several ("Encountered 3 warnings."). */
function summary(lines: readonly string[], kind: string, fallback: string): string {
  if (lines.length === 0) return fallback;
  return lines.length === 1 ? lines[0]! : `Encountered ${lines.length} ${kind}.`;
}

/**
 * Adds the run's notification: errors for any operation, warnings for a backup (not for a requested stop). A
 * backup that ends cleanly dismisses the backup's earlier notifications, as Duplicati does. True when changed.
 */
function notify(env: RecordEnv, run: FinishedRun): boolean {
  const { store } = env;
  const { backup, result } = run;
  const base = { backupId: backup.id, action: "backup:show-log", exception: "" };
  if (result.ParsedResult === "Fatal" || result.ParsedResult === "Error") {
    const message = result.ParsedResult === "Fatal"
      ? errorSummary(run)
      : summary(result.Errors, "errors", `${run.operation} ended with errors`);
    store.addNotification({ ...base, type: "Error", title: `Error while running ${backup.name}`, message });
    return true;
  }
  if (run.operation !== "Backup" || run.stopped) return false;
  if (result.ParsedResult === "Warning") {
    const message = summary(result.Warnings, "warnings", "The backup ended with warnings");
    store.addNotification({ ...base, type: "Warning", title: `Warning while running ${backup.name}`, message });
    return true;
  }
  let dismissed = false;
  for (const n of store.listNotifications()) {
    if (n.backupId === backup.id) dismissed = store.dismissNotification(n.id) || dismissed;
  }
  return dismissed;
}
