/**
 * Entries of the selected versions whose paths match, for `list` and `find`.
 * @module
 */
import type { Db } from "../../database/connection.ts";
import { iterateFilesetEntries, listFilesets } from "../../database/filesets.ts";
import { compareUtf8 } from "../../volumes/dlist.ts";
import { selectVersions, type VersionSelector } from "../common/select_version.ts";

export interface ListedEntry {
  readonly path: string;
  readonly type: "File" | "Folder" | "Symlink";
  readonly size: number;
}

export interface ListedVersion {
  readonly version: number;
  readonly time: Date;
  readonly entries: readonly ListedEntry[];
}

export function listFiles(
  db: Db,
  input: { selector: VersionSelector; match: (path: string) => boolean },
): ListedVersion[] {
  return selectVersions(listFilesets(db), input.selector).map(({ version, fileset }) => {
    const entries: ListedEntry[] = [];
    for (const row of iterateFilesetEntries(db, fileset.id)) {
      if (input.match(row.path)) entries.push({ path: row.path, type: row.type, size: row.size });
    }
    entries.sort((a, b) => compareUtf8(a.path, b.path));
    return { version, time: new Date(fileset.timestamp * 1000), entries };
  });
}
