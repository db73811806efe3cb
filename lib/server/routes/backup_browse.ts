/**
 * Browsing a configured backup for restore: its versions (GET /backup/{id}/filesets) and files
 * (GET /backup/{id}/files), read from the backup's local database with a query-only connection while the backup
 * is not running. The engine's list and query functions do the work; this file shapes Duplicati's answers.
 * @module
 */
import { DatabaseSync } from "node:sqlite";
import { UserInputError } from "../../core/errors.ts";
import type { Db } from "../../database/connection.ts";
import { countFilesetEntries, listFilesets } from "../../database/filesets.ts";
import { Filter } from "../../filters/filter.ts";
import { selectVersions, type VersionSelector } from "../../operations/common/select_version.ts";
import { listFilesetSummaries } from "../../operations/list/list_filesets.ts";
import { listFolderContents } from "../../operations/query/folder_contents.ts";
import { endsWithSeparator } from "../../operations/query/path_history.ts";
import { compareUtf8 } from "../../volumes/dlist.ts";
import type { FilesetDto } from "../api_types.ts";
import type { BackupConfig } from "../config_store/model.ts";
import { badField, HttpError } from "../http_error.ts";
import { isoUtc } from "./backup_dto.ts";

/** One path of GET /backup/{id}/files: its size in each listed version (-1 for folders and where absent). */
export interface ListedFileDto {
  readonly Path: string;
  readonly Sizes: readonly number[];
}

/** The answer of GET /backup/{id}/files. */
export interface FilesResultDto {
  readonly Filesets: readonly FilesetDto[];
  readonly Files: readonly ListedFileDto[];
}

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

/** The local database a backup uses: a `--dbpath` advanced setting wins over the configured path, as in Duplicati. */
export function effectiveDbPath(config: BackupConfig): string {
  const override = config.settings.find((s) => s.name.toLowerCase() === "--dbpath" && s.value.trim() !== "");
  return override?.value ?? config.dbPath;
}

/** True when the backup's local database file exists. */
export function localDatabaseExists(config: BackupConfig): boolean {
  try {
    return Deno.statSync(effectiveDbPath(config)).isFile;
  } catch {
    return false;
  }
}

/** GET /backup/{id}/filesets: every version, newest (0) first. */
export function browseFilesets(config: BackupConfig): FilesetDto[] {
  return withBackupDatabase(config, (db) =>
    listFilesetSummaries(db).map((f) => ({
      Version: f.version,
      IsFullBackup: f.isFull,
      Time: isoUtc(f.time.getTime()),
      FileCount: f.fileCount,
      FileSizes: f.fileSize,
    })));
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
    const filesets = picked.map(({ version, fileset }) => {
      const counts = countFilesetEntries(db, fileset.id);
      return {
        Version: version,
        IsFullBackup: fileset.isFull,
        Time: isoUtc(fileset.timestamp * 1000),
        FileCount: counts.files,
        FileSizes: counts.size,
      };
    });
    let files: ListedFileDto[];
    if (query.folderContents) files = folderChildren(db, { query, version: picked[0]!.version });
    else {
      const sized = sizesByPath(db, { picked, filter });
      files = query.prefixOnly ? prefixEntry([...sized.keys()]) : [...sized].map(([Path, Sizes]) => ({ Path, Sizes }));
    }
    return { Filesets: filesets, Files: files.sort(foldersFirst) };
  });
}

function folderChildren(db: Db, env: { query: FilesQuery; version: number }): ListedFileDto[] {
  const folder = env.query.filter?.replace(/^@/, "") ?? "";
  const listing = listFolderContents(db, { selector: { versions: [env.version] }, folders: folder ? [folder] : [] });
  return listing.groups.flatMap((group) =>
    group.entries.map((e) => ({ Path: e.path, Sizes: [e.type === "File" ? e.size : -1] }))
  );
}

function sizesByPath(
  db: Db,
  env: { picked: readonly { fileset: { id: number } }[]; filter: Filter },
): Map<string, number[]> {
  const sizes = new Map<string, number[]>();
  env.picked.forEach(({ fileset }, index) => {
    for (const row of iterateEntries(db, fileset.id)) {
      if (!env.filter.matches(row.path)) continue;
      let list = sizes.get(row.path);
      if (!list) sizes.set(row.path, list = new Array<number>(env.picked.length).fill(-1));
      list[index] = row.type === "File" ? row.size : -1;
    }
  });
  return sizes;
}

function filterOf(expression: string): Filter {
  try {
    return Filter.from([{ include: true, expression }]);
  } catch (error) {
    if (error instanceof UserInputError) throw badField("filter", error.message);
    throw error;
  }
}

function* iterateEntries(db: Db, filesetId: number) {
  // listFiles() materialises every version at once; streaming keeps memory flat for large backups.
  const statement = db.prepare(
    `SELECT f.path AS path, f.type AS type, COALESCE(bs.length, 0) AS size FROM fileset_entry fe
     JOIN file f ON f.id = fe.file_id LEFT JOIN blockset bs ON bs.id = f.blockset_id WHERE fe.fileset_id = ?`,
  );
  for (const row of statement.iterate(filesetId)) {
    yield { path: String(row.path), type: Number(row.type) === 0 ? "File" : "Other", size: Number(row.size) };
  }
}

/** The longest folder prefix (ending with a separator) shared by all paths, as one entry without sizes. */
function prefixEntry(paths: readonly string[]): ListedFileDto[] {
  if (paths.length === 0) return [];
  let prefix = paths[0]!;
  for (const path of paths) {
    let i = 0;
    while (i < prefix.length && i < path.length && prefix[i] === path[i]) i++;
    prefix = prefix.slice(0, i);
  }
  const separator = prefix.startsWith("/") || !prefix.includes("\\") ? "/" : "\\";
  return [{ Path: prefix.slice(0, prefix.lastIndexOf(separator) + 1), Sizes: [] }];
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
  const path = effectiveDbPath(config);
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
