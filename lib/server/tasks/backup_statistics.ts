/**
 * What a backup's local database says about its destination, read after a task has closed it: the number and
 * total size of the remote volumes, the number of versions and the newest version's time. Read-only; the
 * database is our own schema (lib/database/schema.ts).
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
  /** Names of every remote volume the database has a row for, in any state. */
  readonly knownNames: ReadonlySet<string>;
}

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

/** Reads the statistics; undefined when the database does not exist or is not one of ours. */
export function readTargetStatistics(dbPath: string): TargetStatistics | undefined {
  if (!exists(dbPath)) return undefined;
  let db: DatabaseSync | undefined;
  try {
    db = new DatabaseSync(dbPath, { readOnly: true });
    db.exec("PRAGMA busy_timeout=10000");
    const volumes = db.prepare(
      `SELECT COUNT(*) AS files, COALESCE(SUM(CASE WHEN size > 0 THEN size ELSE 0 END), 0) AS bytes
       FROM remote_volume WHERE state NOT IN ('Temporary', 'Deleted')`,
    ).get() as Record<string, unknown>;
    const filesets = db.prepare(
      `SELECT COUNT(*) AS versions, MAX(f.timestamp) AS newest FROM fileset f
       JOIN remote_volume v ON v.id = f.volume_id WHERE v.state NOT IN ('Temporary', 'Deleting', 'Deleted')`,
    ).get() as Record<string, unknown>;
    const names = new Set(
      db.prepare("SELECT name FROM remote_volume").all().map((row) => String((row as Record<string, unknown>).name)),
    );
    const newest = filesets.newest === null || filesets.newest === undefined ? undefined : count(filesets.newest);
    return {
      fileCount: count(volumes.files),
      fileSize: count(volumes.bytes),
      filesetCount: count(filesets.versions),
      newestVersion: newest === undefined ? undefined : new Date(newest * 1000),
      knownNames: names,
    };
  } catch {
    return undefined;
  } finally {
    db?.close();
  }
}
