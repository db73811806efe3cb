/**
 * The newest fileset's entries keyed by path, for change detection.
 * @module
 */
import type { Db } from "../../database/connection.ts";
import { iterateFilesetEntries, listFilesets } from "../../database/filesets.ts";

export interface PreviousEntry {
  readonly fileId: number;
  readonly type: "File" | "Folder" | "Symlink";
  readonly size: number;
  readonly mtimeMs: number;
  readonly metaHash: string | null;
  seen: boolean;
}

export function loadPreviousEntries(db: Db): Map<string, PreviousEntry> {
  const map = new Map<string, PreviousEntry>();
  const latest = listFilesets(db)[0];
  if (!latest) return map;
  for (const row of iterateFilesetEntries(db, latest.id)) {
    map.set(row.path, {
      fileId: row.fileId,
      type: row.type,
      size: row.size,
      mtimeMs: row.mtimeMs,
      metaHash: row.metaHash,
      seen: false,
    });
  }
  return map;
}
