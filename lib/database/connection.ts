/**
 * Opens the per-backup local database on node:sqlite with durable settings: WAL with synchronous=FULL (never
 * OFF/NORMAL), foreign keys on, a busy timeout. {@link transaction} takes a synchronous body, so nothing can
 * interleave inside a transaction.
 * @module
 */
import { DatabaseSync } from "node:sqlite";
import { DatabaseInconsistencyError } from "../core/errors.ts";
import { migrate } from "./schema.ts";

export type Db = DatabaseSync;

/** Opens (creating when missing) and migrates a local database. */
export function openDatabase(path: string): Db {
  const db = new DatabaseSync(path);
  try {
    // One process per local database: exclusive locking keeps others out for the whole operation (they wait
    // for busy_timeout, then fail) and spares a lock round trip per statement.
    db.exec("PRAGMA busy_timeout=10000");
    db.exec("PRAGMA locking_mode=EXCLUSIVE");
    db.exec("PRAGMA journal_mode=WAL");
    db.exec("PRAGMA synchronous=FULL");
    db.exec("PRAGMA foreign_keys=ON");
    db.exec("PRAGMA busy_timeout=10000");
    db.exec("PRAGMA temp_store=MEMORY");
    db.exec("PRAGMA cache_size=-16384");
    migrate(db);
  } catch (error) {
    db.close();
    throw new DatabaseInconsistencyError(`Cannot open local database "${path}": ${(error as Error).message}`, {
      cause: error,
    });
  }
  try {
    Deno.chmodSync(path, 0o600);
  } catch {
    // not supported on this platform
  }
  return db;
}

type NotPromise<T> = T extends PromiseLike<unknown> ? never : T;

/** Runs `body` in one transaction; it commits when the body returns and rolls back when it throws. */
export function transaction<T>(db: Db, body: () => NotPromise<T>): NotPromise<T> {
  db.exec("BEGIN IMMEDIATE");
  try {
    const result = body();
    db.exec("COMMIT");
    return result;
  } catch (error) {
    if (db.isTransaction) db.exec("ROLLBACK");
    throw error;
  }
}

/** Number-typed accessor for integer columns that may come back as bigint. */
export function num(value: unknown): number {
  return typeof value === "bigint" ? Number(value) : value as number;
}
