/**
 * What a backup's local database says about its destination, read after a task has closed it: the number and
 * total size of the remote volumes, the number of versions and the newest version's time; and, for deleting a
 * backup, the names of every remote volume it knows. Read-only; the database is our own schema
 * (lib/database/schema.ts).
 * @module
 */
import { DatabaseSync } from "node:sqlite";

/** The destination as the local database knows it. */
export interface TargetStatistics {
  /** Remote volumes that are (or are being) stored: not Temporary (never sealed) and not Deleted. */
  readonly fileCount: number;
  readonly fileSize: number;
  /** Finished versions (their dlist is sealed). */
  readonly filesetCount: number;
  /** Time of the newest finished version. */
  readonly newestVersion: Date | undefined;
}

/** How long to wait for a database another process holds. */
export interface ReadOptions {
  /**
   * SQLite busy timeout in ms (default 10000, for reads right after the server's own task). Local databases are
   * opened with locking_mode=EXCLUSIVE, so while a command line run holds one every read waits this long; pass 0
   * where waiting would stall a request.
   */
  readonly busyTimeoutMs?: number;
}

const DEFAULT_BUSY_TIMEOUT_MS = 10_000;

function exists(path: string): boolean {
  try {
    return Deno.statSync(path).isFile;
  } catch {
    return false;
  }
}

function count(value: unknown): number {
  return typeof value === "bigint" ? Number(value) : typeof value === "number" ? value : 0;
}

/** Runs `read` on a read-only connection; undefined when the database is missing, busy or not one of ours. */
function withDatabase<T>(dbPath: string, options: ReadOptions, read: (db: DatabaseSync) => T): T | undefined {
  if (!exists(dbPath)) return undefined;
  let db: DatabaseSync | undefined;
  try {
    db = new DatabaseSync(dbPath, { readOnly: true });
    db.exec(`PRAGMA busy_timeout=${Math.max(0, Math.trunc(options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS))}`);
    return read(db);
  } catch {
    return undefined;
  } finally {
    db?.close();
  }
}

/** Reads the statistics; undefined when the database does not exist, is busy or is not one of ours. */
export function readTargetStatistics(dbPath: string, options: ReadOptions = {}): TargetStatistics | undefined {
  return withDatabase(dbPath, options, (db) => {
    const volumes = db.prepare(
      `SELECT COUNT(*) AS files, COALESCE(SUM(CASE WHEN size > 0 THEN size ELSE 0 END), 0) AS bytes
       FROM remote_volume WHERE state NOT IN ('Temporary', 'Deleted')`,
    ).get() as Record<string, unknown>;
    const filesets = db.prepare(
      `SELECT COUNT(*) AS versions, MAX(f.timestamp) AS newest FROM fileset f
       JOIN remote_volume v ON v.id = f.volume_id WHERE v.state NOT IN ('Temporary', 'Deleting', 'Deleted')`,
    ).get() as Record<string, unknown>;
    const newest = filesets.newest === null || filesets.newest === undefined ? undefined : count(filesets.newest);
    return {
      fileCount: count(volumes.files),
      fileSize: count(volumes.bytes),
      filesetCount: count(filesets.versions),
      newestVersion: newest === undefined ? undefined : new Date(newest * 1000),
    };
  });
}

/**
 * Names of every remote volume the database has a row for, in any state; undefined when the database does not
 * exist, is busy or is not one of ours.
 */
export function readKnownVolumeNames(dbPath: string, options: ReadOptions = {}): ReadonlySet<string> | undefined {
  return withDatabase(dbPath, options, (db) =>
    new Set(
      db.prepare("SELECT name FROM remote_volume").all().map((row) => String((row as Record<string, unknown>).name)),
    ));
}
