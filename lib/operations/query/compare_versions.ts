/**
 * The changes between two backup versions (`compare`): entries added, deleted or modified. Modified means the
 * same path with another content hash, metadata hash or entry type. Works on any database holding the two
 * filesets (the local one, or a temporary one rebuilt from the dlists).
 * @module
 */
import type { Db } from "../../database/connection.ts";
import { type FileTypeName, iterateFilesetEntries, listFilesets } from "../../database/filesets.ts";
import { compareUtf8 } from "../../volumes/dlist.ts";
import { pickComparedVersions, type PickedVersion, type VersionRef } from "./pick_compared_versions.ts";

/** How an entry changed from the base version to the compare-to version. */
export type ChangeKind = "Added" | "Modified" | "Deleted";

/** One changed entry; `type` is the entry's type in the compare-to version (in the base one when deleted). */
export interface EntryChange {
  readonly kind: ChangeKind;
  readonly type: FileTypeName;
  readonly path: string;
}

/** One of the two versions compared. */
export interface ComparedVersion {
  readonly version: number;
  readonly time: Date;
  /** Total size of the version's files (after filtering). */
  readonly size: number;
}

/** Number of changed entries by change and entry type. */
export type ChangeCounts = Readonly<Record<ChangeKind, Readonly<Record<FileTypeName, number>>>>;

/** What {@link compareVersions} found. */
export interface VersionChanges {
  readonly base: ComparedVersion;
  readonly compareTo: ComparedVersion;
  /** Every change, sorted by path (UTF-8 byte order). */
  readonly changes: readonly EntryChange[];
  readonly counts: ChangeCounts;
  /** Size of the files that were added. */
  readonly addedSize: number;
  /** Size of the files that were deleted. */
  readonly deletedSize: number;
}

interface Snapshot {
  readonly type: FileTypeName;
  readonly hash: string | null;
  readonly metaHash: string | null;
  readonly size: number;
}

/**
 * Compares two versions (defaults: base 1, compare-to 0). `match` limits the comparison to the paths it accepts
 * (the `--include`/`--exclude` filters). Throws UserInputError when the versions cannot be picked.
 */
export function compareVersions(
  db: Db,
  input: { readonly base?: VersionRef; readonly compareTo?: VersionRef; readonly match?: (path: string) => boolean },
): VersionChanges {
  const picked = pickComparedVersions(listFilesets(db), input);
  const match = input.match ?? (() => true);
  const before = snapshot(db, picked.base, match);
  const after = snapshot(db, picked.compareTo, match);
  const counts = emptyCounts();
  const changes: EntryChange[] = [];
  let addedSize = 0, deletedSize = 0;
  const record = (kind: ChangeKind, path: string, entry: Snapshot) => {
    changes.push({ kind, type: entry.type, path });
    counts[kind][entry.type]++;
  };
  for (const [path, now] of after.entries) {
    const old = before.entries.get(path);
    if (!old) {
      record("Added", path, now);
      if (now.type === "File") addedSize += now.size;
    } else if (old.type !== now.type || old.hash !== now.hash || old.metaHash !== now.metaHash) {
      record("Modified", path, now);
    }
  }
  for (const [path, old] of before.entries) {
    if (after.entries.has(path)) continue;
    record("Deleted", path, old);
    if (old.type === "File") deletedSize += old.size;
  }
  changes.sort((a, b) => compareUtf8(a.path, b.path));
  return { base: before.version, compareTo: after.version, changes, counts, addedSize, deletedSize };
}

function snapshot(
  db: Db,
  picked: PickedVersion,
  match: (path: string) => boolean,
): { version: ComparedVersion; entries: Map<string, Snapshot> } {
  const entries = new Map<string, Snapshot>();
  let size = 0;
  for (const row of iterateFilesetEntries(db, picked.fileset.id)) {
    if (!match(row.path)) continue;
    entries.set(row.path, { type: row.type, hash: row.hash, metaHash: row.metaHash, size: row.size });
    if (row.type === "File") size += row.size;
  }
  return {
    version: { version: picked.version, time: new Date(picked.fileset.timestamp * 1000), size },
    entries,
  };
}

function emptyCounts(): Record<ChangeKind, Record<FileTypeName, number>> {
  const zero = () => ({ File: 0, Folder: 0, Symlink: 0 });
  return { Added: zero(), Modified: zero(), Deleted: zero() };
}
