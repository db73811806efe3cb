/**
 * The versions each path appears in, shared by `list-file-versions` and `search`.
 * @module
 */
import type { Db } from "../../database/connection.ts";
import { type FileTypeName, iterateFilesetEntries, listFilesets } from "../../database/filesets.ts";
import { compareUtf8 } from "../../volumes/dlist.ts";
import { selectVersions, type VersionSelector } from "../common/select_version.ts";

/** A path as stored in one version. */
export interface PathVersion {
  readonly version: number;
  readonly time: Date;
  readonly type: FileTypeName;
  /** Content size; 0 for folders and symlinks. */
  readonly size: number;
}

/** A path and the versions holding it, newest first. */
export interface PathHistory {
  readonly path: string;
  readonly versions: readonly PathVersion[];
}

/**
 * Histories of every path that `keep` accepts in the selected versions, sorted by path (UTF-8 byte order).
 * Throws UserInputError when the selector names no existing version.
 */
export function collectHistories(
  db: Db,
  input: { readonly selector: VersionSelector; readonly keep: (path: string) => boolean },
): PathHistory[] {
  const byPath = new Map<string, PathVersion[]>();
  for (const { version, fileset } of selectVersions(listFilesets(db), input.selector)) {
    const time = new Date(fileset.timestamp * 1000);
    for (const row of iterateFilesetEntries(db, fileset.id)) {
      if (!input.keep(row.path)) continue;
      let versions = byPath.get(row.path);
      if (!versions) byPath.set(row.path, versions = []);
      versions.push({ version, time, type: row.type, size: row.type === "File" ? row.size : 0 });
    }
  }
  return [...byPath].map(([path, versions]) => ({ path, versions })).sort((a, b) => compareUtf8(a.path, b.path));
}

/** True when the path ends with a path separator (a folder). */
export function endsWithSeparator(path: string): boolean {
  return path.endsWith("/") || path.endsWith("\\");
}

/** The path with a trailing separator: `\` when it uses only backslashes, else `/`. */
export function withSeparator(path: string): string {
  if (endsWithSeparator(path)) return path;
  return path + (path.includes("\\") && !path.includes("/") ? "\\" : "/");
}
