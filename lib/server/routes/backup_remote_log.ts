/**
 * GET /backup/{id}/remotelog?offset=&pagesize=: what the backup did at its destination, in Duplicati's
 * RemoteOperation row shape `[{ID, OperationID, Timestamp (epoch s), Operation, Path, Data}]`, newest first, paged
 * like /backup/{id}/log (`offset` = only rows with a smaller ID).
 *
 * Our local database has no RemoteOperation table (lib/database/schema.ts): the engine records every volume it
 * uploads in `remote_volume` (name, size, hash, state, created_at) and the last successful test of each
 * (`verified_at`). The log is built from those rows: a "put" per volume that was sealed for upload (at its
 * creation time; Data `{"Size","Hash","State"}`, State being our addition) and a "get" per volume a verify
 * downloaded (at that time). Temporary volumes (never uploaded) are left out, and a volume whose row was removed
 * after deletion no longer appears. IDs number the rows oldest first; a volume verified again moves its "get" to
 * the newest end (the database keeps only the last verify), so IDs of later rows can shift between two pages.
 *
 * The database is read through a query-only connection (backup_browse.ts: every write fails, and unlike a
 * read-only open in WAL mode it leaves no -wal/-shm files behind); a backup that has not run yet (no database) has
 * an empty log, and one whose database a running operation holds answers 409.
 * @module
 */
import { Hono } from "hono";
import type { BackupConfig } from "../config_store/model.ts";
import type { ServerDeps } from "../deps.ts";
import { queryInteger } from "../request_body.ts";
import { localDatabaseExists, withBackupDatabase } from "./backup_browse.ts";
import { loadBackup } from "./backup_operations.ts";

/** One row of GET /backup/{id}/remotelog. */
export interface RemoteLogRowDto {
  readonly ID: number;
  readonly OperationID: number;
  /** Unix epoch seconds. */
  readonly Timestamp: number;
  /** "put" or "get". */
  readonly Operation: string;
  /** The remote file name. */
  readonly Path: string;
  /** JSON text `{"Size":…,"Hash":…,"State":…}`. */
  readonly Data: string | null;
}

/** Routes for the remote operation log; paths relative to /api/v1. */
export function backupRemoteLogRoutes(deps: ServerDeps): Hono {
  const app = new Hono();
  app.get("/backup/:id/remotelog", (c) => {
    const config = loadBackup(deps, c);
    const before = queryInteger(c, "offset", { fallback: 0, min: 0, max: Number.MAX_SAFE_INTEGER });
    const pageSize = queryInteger(c, "pagesize", { fallback: 100, min: 1, max: 1000 });
    const rows = readRemoteLog(config);
    const page = (before > 0 ? rows.filter((row) => row.ID < before) : rows).slice(-pageSize).reverse();
    return c.json(page);
  });
  return app;
}

interface VolumeEvent {
  readonly at: number;
  readonly volumeId: number;
  readonly operation: "put" | "get";
  readonly operationId: number;
  readonly name: string;
  readonly data: string;
}

/** Every row of the log, oldest first, IDs from 1; [] when the database does not exist. */
export function readRemoteLog(config: BackupConfig): RemoteLogRowDto[] {
  if (!localDatabaseExists(config)) return [];
  const events: VolumeEvent[] = [];
  withBackupDatabase(config, (db) => {
    const rows = db.prepare(
      `SELECT id, name, state, size, hash, operation_id, created_at, verified_at FROM remote_volume
       WHERE state <> 'Temporary' ORDER BY id`,
    ).all() as Record<string, unknown>[];
    for (const row of rows) {
      const volumeId = num(row.id);
      const name = String(row.name);
      const size = num(row.size);
      const hash = row.hash === null || row.hash === undefined ? null : String(row.hash);
      const operationId = num(row.operation_id);
      events.push({
        at: num(row.created_at),
        volumeId,
        operation: "put",
        operationId,
        name,
        data: JSON.stringify({ Size: size, Hash: hash, State: String(row.state) }),
      });
      const verifiedAt = num(row.verified_at);
      if (verifiedAt > 0) {
        events.push({
          at: verifiedAt,
          volumeId,
          operation: "get",
          operationId,
          name,
          data: JSON.stringify({ Size: size, Hash: hash }),
        });
      }
    }
  });
  events.sort((a, b) =>
    a.at - b.at || a.volumeId - b.volumeId || (a.operation === b.operation ? 0 : a.operation === "put" ? -1 : 1)
  );
  return events.map((event, index) => ({
    ID: index + 1,
    OperationID: event.operationId,
    Timestamp: Math.floor(event.at / 1000),
    Operation: event.operation,
    Path: event.name,
    Data: event.data,
  }));
}

function num(value: unknown): number {
  return typeof value === "bigint" ? Number(value) : typeof value === "number" ? value : 0;
}
