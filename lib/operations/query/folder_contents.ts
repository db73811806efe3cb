/**
 * `list-folder-contents`: the immediate children of folders in one version; without folders, the version's roots
 * (the entries whose parent folder is not in the version, usually the backup sources).
 * @module
 */
import { UserInputError } from "../../core/errors.ts";
import type { Db } from "../../database/connection.ts";
import { type FileTypeName, iterateFilesetEntries, listFilesets } from "../../database/filesets.ts";
import { compareUtf8 } from "../../volumes/dlist.ts";
import { selectVersions, type VersionSelector } from "../common/select_version.ts";
import { endsWithSeparator, withSeparator } from "./path_history.ts";

/** One child entry; folders end with the separator. */
export interface FolderEntry {
  readonly path: string;
  readonly type: FileTypeName;
  /** Content size; 0 for folders and symlinks. */
  readonly size: number;
}

/** The children of one requested folder (`folder` undefined: the roots). */
export interface FolderGroup {
  readonly folder: string | undefined;
  /** False when the version has no such folder. */
  readonly found: boolean;
  /** Sorted by path (UTF-8 byte order). */
  readonly entries: readonly FolderEntry[];
}

/** What {@link listFolderContents} found. */
export interface FolderListing {
  readonly version: number;
  readonly time: Date;
  readonly groups: readonly FolderGroup[];
}

/**
 * Lists the folders' children in the one version the selector picks (newest by default).
 * Throws UserInputError when the selector picks no version or more than one.
 */
export function listFolderContents(
  db: Db,
  input: { readonly selector: VersionSelector; readonly folders: readonly string[] },
): FolderListing {
  const picked = selectVersions(listFilesets(db), input.selector);
  if (picked.length !== 1) {
    throw new UserInputError(
      `Cannot list folder contents of ${picked.length} versions at once: choose one with --version or --time`,
    );
  }
  const { version, fileset } = picked[0]!;
  const entries = new Map<string, FolderEntry>();
  for (const row of iterateFilesetEntries(db, fileset.id)) {
    entries.set(row.path, { path: row.path, type: row.type, size: row.type === "File" ? row.size : 0 });
  }
  const byParent = new Map<string | undefined, FolderEntry[]>();
  for (const entry of entries.values()) {
    const parent = parentOf(entry.path);
    const key = parent !== undefined && entries.has(parent) ? parent : undefined;
    let children = byParent.get(key);
    if (!children) byParent.set(key, children = []);
    children.push(entry);
  }
  for (const children of byParent.values()) children.sort((a, b) => compareUtf8(a.path, b.path));
  const groups: FolderGroup[] = input.folders.length === 0
    ? [{ folder: undefined, found: true, entries: byParent.get(undefined) ?? [] }]
    : input.folders.map((given) => {
      const folder = withSeparator(given);
      const found = entries.get(folder)?.type === "Folder";
      return { folder, found, entries: found ? byParent.get(folder) ?? [] : [] };
    });
  return { version, time: new Date(fileset.timestamp * 1000), groups };
}

/** The parent folder of a path (with its trailing separator), or undefined for a root such as `/`. */
export function parentOf(path: string): string | undefined {
  const trimmed = endsWithSeparator(path) ? path.slice(0, -1) : path;
  const cut = Math.max(trimmed.lastIndexOf("/"), trimmed.lastIndexOf("\\"));
  return cut < 0 ? undefined : trimmed.slice(0, cut + 1);
}
