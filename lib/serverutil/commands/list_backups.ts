/**
 * `list-backups [--detailed]`: `ID: name` per backup, with description, schedule and statistics when detailed.
 * @module
 */
import type { BackupEnvelope } from "../../server/api_types.ts";
import type { ServerUtilCommand } from "../command.ts";
import { formatLocalTime } from "../../core/format_local_time.ts";
import { formatSize } from "../../core/format_size.ts";

/** A time from the API in local time; the text itself when it is not a date. */
function localTime(text: string): string {
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? text : formatLocalTime(date);
}

function details(row: BackupEnvelope): string[] {
  const meta = row.Backup.Metadata ?? {};
  const lines: string[] = [];
  const add = (label: string, key: string, format: (text: string) => string = (text) => text) => {
    const value = meta[key];
    if (value !== undefined && value.trim() !== "") lines.push(`  ${label}: ${format(value)}`);
  };
  const size = (text: string) => Number.isFinite(Number(text)) ? formatSize(Number(text)) : text;
  add("Last backup", "LastBackupDate", localTime);
  if (row.Schedule?.Time) lines.push(`  Schedule: ${row.Schedule.Repeat} at ${localTime(row.Schedule.Time)}`);
  add("Last duration", "LastBackupDuration");
  add("Source files size", "SourceFilesSize", size);
  add("Target files size", "TargetFilesSize", size);
  add("Versions", "BackupListCount");
  const errorAt = Date.parse(meta.LastErrorDate ?? "");
  const backupAt = Date.parse(meta.LastBackupDate ?? "");
  const lastError = meta.LastErrorMessage ?? "";
  if (Number.isFinite(errorAt) && (!Number.isFinite(backupAt) || errorAt > backupAt) && lastError.trim() !== "") {
    lines.push(`  Last error: ${localTime(meta.LastErrorDate!)} - ${lastError}`);
  }
  return lines;
}

export const listBackupsCommand: ServerUtilCommand = {
  name: "list-backups",
  summary: "Lists the configured backups",
  usage: "[--detailed]",
  options: [{ name: "detailed", kind: "flag", description: "Show schedule, sizes, versions and the last error" }],
  minArgs: 0,
  maxArgs: 0,
  async run({ options, output, connect }) {
    const backups = await (await connect()).listBackups();
    if (backups.length === 0) output.message("No backups found");
    for (const row of backups) {
      output.message(`${row.Backup.ID}: ${row.Backup.Name}`);
      if (row.Backup.Description) output.message(`  ${row.Backup.Description}`);
      if (options.flag("detailed")) { for (const line of details(row)) output.message(line); }
      output.message("");
    }
    output.set(
      "Backups",
      backups.map((row) => ({
        Id: row.Backup.ID,
        Name: row.Backup.Name,
        Description: row.Backup.Description,
        Metadata: row.Backup.Metadata,
        Schedule: row.Schedule,
      })),
    );
    output.success = true;
    return 0;
  },
};
