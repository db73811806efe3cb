/**
 * Temporary local databases for the database tests.
 * @module
 */
import { type Db, openDatabase } from "../../lib/database/connection.ts";

/** Opens a fresh database in a temp folder, runs `fn`, then closes and removes everything. */
export function withDb<T>(fn: (db: Db, path: string) => T): T {
  const dir = Deno.makeTempDirSync();
  const path = `${dir}/test.sqlite`;
  const db = openDatabase(path);
  try {
    return fn(db, path);
  } finally {
    if (db.isOpen) db.close();
    Deno.removeSync(dir, { recursive: true });
  }
}

/** Runs `fn` with a temp folder that is removed afterwards. */
export function withTempDir<T>(fn: (dir: string) => T): T {
  const dir = Deno.makeTempDirSync();
  try {
    return fn(dir);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
}

/** Number of rows in `table`. */
export function countRows(db: Db, table: string): number {
  return Number((db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number | bigint }).n);
}
