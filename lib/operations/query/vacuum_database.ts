/**
 * `vacuum`: rebuilds the local database file without its free pages. Works on the connection the CLI opened
 * (exclusive locking, WAL): the WAL is checkpointed into the main file before and after, so the sizes reported
 * are what the database takes on disk.
 * @module
 */
import type { Db } from "../../database/connection.ts";

/** Sizes on disk (database file plus its WAL) before and after. */
export interface VacuumResult {
  readonly sizeBefore: number;
  readonly sizeAfter: number;
}

/** VACUUMs the database at `path` through `db`. Must not run inside a transaction. */
export function vacuumDatabase(db: Db, path: string): VacuumResult {
  if (db.isTransaction) throw new TypeError("vacuumDatabase() cannot run inside a transaction");
  const sizeBefore = diskSize(path);
  db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  db.exec("VACUUM");
  db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  return { sizeBefore, sizeAfter: diskSize(path) };
}

/** Bytes the database takes: the file and its WAL. */
export function diskSize(path: string): number {
  let total = 0;
  for (const file of [path, `${path}-wal`]) {
    try {
      total += Deno.statSync(file).size;
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    }
  }
  return total;
}
