/**
 * What the home page shows about a backup's last run: the newest "Result" row of a backup run in its log (time,
 * duration, result, error), or, for a backup whose log holds none (imported with its metadata, or only other
 * operations recently), what its metadata says.
 * @module
 */
import type { BackupDto, LogRowDto } from "../../../../lib/server/api_types.ts";
import { api, ApiError } from "../../api/client.ts";
import { metadataTime, type ParsedResult, resultOf } from "../../components/run_result.ts";

/** The last backup run of one backup. */
export interface LastRun {
  readonly started: Date | undefined;
  readonly finished: Date;
  /** Milliseconds, when known. */
  readonly durationMs: number | undefined;
  /** Undefined when only the metadata told of the run (it records no warnings). */
  readonly result: ParsedResult | undefined;
  /** The first error, for failed runs. */
  readonly error: string | undefined;
  readonly warnings: number;
  /** The first warning, for runs that ended with warnings. */
  readonly warning: string | undefined;
}

/** How many of the newest log rows are searched for a backup run. */
const SEARCHED_ROWS = 20;

/** The last backup run of `backup`, or undefined when it never ran. */
export async function lastBackupRun(backup: BackupDto): Promise<LastRun | undefined> {
  let rows: LogRowDto[];
  try {
    rows = await api.get<LogRowDto[]>(`/backup/${encodeURIComponent(backup.ID)}/log?pagesize=${SEARCHED_ROWS}`);
  } catch (error) {
    // Deleted between listing and this request: the next data change drops it from the list.
    if (error instanceof ApiError && error.status === 404) return undefined;
    throw error;
  }
  for (const row of rows) {
    const result = resultOf(row);
    if (result?.MainOperation !== "Backup") continue;
    const started = new Date(result.BeginTime);
    const finished = new Date(result.EndTime);
    const known = !Number.isNaN(started.getTime()) && !Number.isNaN(finished.getTime());
    return {
      started: known ? started : undefined,
      finished: Number.isNaN(finished.getTime()) ? new Date(row.Timestamp * 1000) : finished,
      durationMs: known ? finished.getTime() - started.getTime() : undefined,
      result: result.ParsedResult,
      error: result.Errors[0] ?? (result.ParsedResult === "Fatal" ? row.Exception ?? undefined : undefined),
      warnings: result.Warnings.length,
      warning: result.Warnings[0],
    };
  }
  return fromMetadata(backup.Metadata);
}

function fromMetadata(metadata: Readonly<Record<string, string>>): LastRun | undefined {
  const finished = metadataTime(metadata.LastBackupFinished);
  const failedAt = metadataTime(metadata.LastErrorDate);
  if (failedAt && (!finished || failedAt > finished)) {
    return {
      started: undefined,
      finished: failedAt,
      durationMs: undefined,
      result: "Error",
      error: metadata.LastErrorMessage,
      warnings: 0,
      warning: undefined,
    };
  }
  if (!finished) return undefined;
  const started = metadataTime(metadata.LastBackupStarted);
  return {
    started,
    finished,
    durationMs: started ? finished.getTime() - started.getTime() : undefined,
    result: undefined,
    error: undefined,
    warnings: 0,
    warning: undefined,
  };
}
