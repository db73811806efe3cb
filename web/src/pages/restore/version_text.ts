/**
 * How the restore wizard names a version: its time in local time with seconds (versions made within the same
 * minute must stay apart), and the one-line summary of the version picker.
 * @module
 */
import type { FilesetDto } from "../../../../lib/server/api_types.ts";
import { formatSize } from "../../format.ts";

/** A version's time in the browser's local time, to the second. */
export function versionTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "medium" });
}

/** One version in words: "Mar 12, 2025, 2:05:09 PM — version 0, full, 1,234 files, 56 MiB". */
export function versionText(f: FilesetDto): string {
  const kind = f.IsFullBackup ? "full" : "partial";
  const files = `${f.FileCount.toLocaleString()} ${f.FileCount === 1 ? "file" : "files"}`;
  return `${versionTime(f.Time)} — version ${f.Version}, ${kind}, ${files}, ${formatSize(f.FileSizes)}`;
}
