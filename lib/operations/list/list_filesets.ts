/**
 * The backup versions with their times, file counts and sizes (version 0 = newest).
 * @module
 */
import type { Db } from "../../database/connection.ts";
import { countFilesetEntries, listFilesets } from "../../database/filesets.ts";

export interface FilesetSummary {
  readonly version: number;
  readonly time: Date;
  readonly isFull: boolean;
  readonly fileCount: number;
  readonly fileSize: number;
}

export function listFilesetSummaries(db: Db): FilesetSummary[] {
  return listFilesets(db).map((fileset, version) => {
    const counts = countFilesetEntries(db, fileset.id);
    return {
      version,
      time: new Date(fileset.timestamp * 1000),
      isFull: fileset.isFull,
      fileCount: counts.files,
      fileSize: counts.size,
    };
  });
}
