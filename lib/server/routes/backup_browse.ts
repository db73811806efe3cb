/**
 * Browsing a configured backup for restore: its versions (GET /backup/{id}/filesets) and files
 * (GET /backup/{id}/files), read from the backup's local database with a query-only connection while the backup
 * is not running. The engine's list and query functions do the work; this file shapes Duplicati's answers.
 * @module
 */
import { DatabaseSync } from "node:sqlite";
import type { Db } from "../../database/connection.ts";
import { countFilesetEntries, type FilesetRow, iterateFilesetEntries, listFilesets } from "../../database/filesets.ts";
import { Filter } from "../../filters/filter.ts";
import { selectVersions, type VersionSelector } from "../../operations/common/select_version.ts";
import { listFolderContents } from "../../operations/query/folder_contents.ts";
import { endsWithSeparator } from "../../operations/query/path_history.ts";
import { commonFolder } from "../../operations/restore/target_paths.ts";
import { compareUtf8 } from "../../volumes/dlist.ts";
import type { FilesetDto, FilesResultDto, ListedFileDto } from "../api_types.ts";
import type { BackupConfig } from "../config_store/model.ts";
import { HttpError } from "../http_error.ts";
import { parsedField } from "../request_body.ts";
import { isoUtc } from "./backup_dto.ts";

/** The query of GET /backup/{id}/files. */
export interface FilesQuery {
  /** A filter expression (`*.txt`, `@/home/me/file`, `[regex]`); for folder-contents the folder (`@` optional). */
  readonly filter?: string | undefined;
  /** The version at or before this time; ignored with allVersions. */
  readonly time?: Date | undefined;
  readonly allVersions: boolean;
  /** Only the longest folder prefix shared by every matching path (the restore tree's root). */
  readonly prefixOnly: boolean;
  /** The immediate children of the folder in `filter` (the roots without one). */
  readonly folderContents: boolean;
}

/** True when the backup's local database file exists. */
export function localDatabaseExists(config: BackupConfig): boolean {
  try {
    return Deno.statSync(config.dbPath).isFile;
  } catch {
    return false;
  }
}

/** GET /backup/{id}/filesets: every version, newest (0) first. */
export function browseFilesets(config: BackupConfig): FilesetDto[] {
  return withBackupDatabase(
    config,
    (db) => listFilesets(db).map((fileset, version) => filesetDto(db, { version, fileset })),
  );
}

/**
 * GET /backup/{id}/files. Throws UserInputError when no version matches the time, and HttpError 409 when the
 * backup has not run yet or its database is busy.
 */
export function browseFiles(config: BackupConfig, query: FilesQuery): FilesResultDto {
  const filter = query.filter && !query.folderContents ? filterOf(query.filter) : Filter.none();
  return withBackupDatabase(config, (db) => {
    const selector: VersionSelector = query.allVersions ? { all: true } : query.time ? { time: query.time } : {};
    const picked = selectVersions(listFilesets(db), selector);
    const filesets = picked.map((entry) => filesetDto(db, entry));
    const files = query.folderContents
      ? folderChildren(db, { query, version: picked[0]!.version })
      : matchingFiles(db, { picked, filter, prefixOnly: query.prefixOnly });
    return { Filesets: filesets, Files: files.sort(foldersFirst) };
  });
}

/** A version as Duplicati lists it: number, completeness, time, and the count and total size of its files. */
function filesetDto(db: Db, picked: { version: number; fileset: FilesetRow }): FilesetDto {
  const counts = countFilesetEntries(db, picked.fileset.id);
  return {
    Version: picked.version,
    IsFullBackup: picked.fileset.isFull,
    Time: isoUtc(picked.fileset.timestamp * 1000),
    FileCount: counts.files,
    FileSizes: counts.size,
  };
}

function folderChildren(db: Db, env: { query: FilesQuery; version: number }): ListedFileDto[] {
  const folder = env.query.filter?.replace(/^@/, "") ?? "";
  const listing = listFolderContents(db, { selector: { versions: [env.version] }, folders: folder ? [folder] : [] });
  return listing.groups.flatMap((group) =>
    group.entries.map((e) => ({ Path: e.path, Sizes: [e.type === "File" ? e.size : -1] }))
  );
}

/** The matching paths with their size in each picked version; with prefixOnly their common folder alone. */
function matchingFiles(
  db: Db,
  env: { picked: readonly { fileset: FilesetRow }[]; filter: Filter; prefixOnly: boolean },
): ListedFileDto[] {
  const sizes = new Map<string, number[]>();
  env.picked.forEach(({ fileset }, index) => {
    // Streamed: listing every version at once would hold all their entries in memory.
    for (const row of iterateFilesetEntries(db, fileset.id)) {
      if (!env.filter.matches(row.path)) continue;
      let list = sizes.get(row.path);
      if (!list) sizes.set(row.path, list = new Array<number>(env.picked.length).fill(-1));
      list[index] = row.type === "File" ? row.size : -1;
    }
  });
  if (!env.prefixOnly) return [...sizes].map(([Path, Sizes]) => ({ Path, Sizes }));
  return sizes.size === 0 ? [] : [{ Path: commonFolder([...sizes.keys()]), Sizes: [] }];
}

function filterOf(expression: string): Filter {
  return parsedField("filter", () => Filter.from([{ include: true, expression }]));
}

function foldersFirst(a: ListedFileDto, b: ListedFileDto): number {
  const folderA = endsWithSeparator(a.Path), folderB = endsWithSeparator(b.Path);
  if (folderA !== folderB) return folderA ? -1 : 1;
  return compareUtf8(a.Path, b.Path);
}

/**
 * Runs `body` on the backup's local database through a query-only connection (a read-write open, so closing it
 * leaves no -wal/-shm files behind; `query_only` makes every write fail). 409 when there is no database yet or a
 * running operation holds it.
 */
export function withBackupDatabase<T>(config: BackupConfig, body: (db: Db) => T): T {
  const path = config.dbPath;
  if (!localDatabaseExists(config)) {
    throw new HttpError(409, `The backup has not run yet: backup "${config.name}" has no local database at "${path}"`, {
      reason: "not-run-yet",
    });
  }
  let db: DatabaseSync;
  try {
    db = new DatabaseSync(path);
  } catch (error) {
    throw busyOr(error, config);
  }
  try {
    db.exec("PRAGMA busy_timeout=2000");
    db.exec("PRAGMA query_only=1");
    return body(db);
  } catch (error) {
    throw busyOr(error, config);
  } finally {
    db.close();
  }
}

function busyOr(error: unknown, config: BackupConfig): unknown {
  const code = (error as { errcode?: number }).errcode;
  // SQLITE_BUSY (5) and SQLITE_LOCKED (6), with their extended codes in the low byte.
  if (code !== undefined && ((code & 0xff) === 5 || (code & 0xff) === 6)) {
    return new HttpError(
      409,
      `Cannot browse backup "${config.name}" while an operation is using its local database; try again when it ends`,
      { reason: "database-locked" },
    );
  }
  return error;
}
