/**
 * Backup log rows (task results, warnings, errors per backup) and server log rows, read newest first in pages
 * with an id cursor, and purged by age.
 * @module
 */
import type { DatabaseSync } from "node:sqlite";
import { transaction } from "../../database/connection.ts";
import { stmt } from "../../database/statements.ts";
import type { BackupLogRow, ServerLogRow } from "./model.ts";

/** The `backup_log` and `server_log` tables. */
export class LogsTable {
  readonly #db: DatabaseSync;

  constructor(db: DatabaseSync) {
    this.#db = db;
  }

  /** The new row's id. */
  addBackupLog(row: Omit<BackupLogRow, "id">): number {
    const result = stmt(
      this.#db,
      "INSERT INTO backup_log (backup_id, operation_id, timestamp, type, message, exception) VALUES (?, ?, ?, ?, ?, ?)",
    ).run(row.backupId, row.operationId, Math.trunc(row.timestamp), row.type, row.message, row.exception);
    return Number(result.lastInsertRowid);
  }

  /** Newest first; `before` = only rows with id < before; `type` = only rows of that type. */
  listBackupLog(backupId: number, page: { before?: number; pageSize: number; type?: string }): BackupLogRow[] {
    const where = ["backup_id = ?"];
    const args: (number | string)[] = [backupId];
    if (page.before !== undefined) {
      where.push("id < ?");
      args.push(page.before);
    }
    if (page.type !== undefined) {
      where.push("type = ?");
      args.push(page.type);
    }
    const rows = stmt(
      this.#db,
      "SELECT id, backup_id, operation_id, timestamp, type, message, exception FROM backup_log " +
        `WHERE ${where.join(" AND ")} ORDER BY id DESC LIMIT ?`,
    ).all(...args, pageLimit(page.pageSize)) as unknown as Record<string, unknown>[];
    return rows.map((r) => ({
      id: Number(r.id),
      backupId: Number(r.backup_id),
      operationId: Number(r.operation_id),
      timestamp: Number(r.timestamp),
      type: r.type as string,
      message: r.message as string,
      exception: r.exception as string | null,
    }));
  }

  /** The new row's id. */
  addServerLog(row: Omit<ServerLogRow, "id">): number {
    const result = stmt(
      this.#db,
      "INSERT INTO server_log (backup_id, level, message, exception, timestamp) VALUES (?, ?, ?, ?, ?)",
    ).run(row.backupId, row.level, row.message, row.exception, Math.trunc(row.timestamp));
    return Number(result.lastInsertRowid);
  }

  /** Newest first; `before` = only rows with id < before; `beforeTimestamp` = only rows older than it (epoch ms). */
  listServerLog(page: { before?: number; beforeTimestamp?: number; pageSize: number }): ServerLogRow[] {
    const where: string[] = [];
    const args: number[] = [];
    if (page.before !== undefined) {
      where.push("id < ?");
      args.push(page.before);
    }
    if (page.beforeTimestamp !== undefined) {
      where.push("timestamp < ?");
      args.push(page.beforeTimestamp);
    }
    const filter = where.length === 0 ? "" : ` WHERE ${where.join(" AND ")}`;
    const rows = stmt(this.#db, `${SERVER_LOG_SELECT}${filter} ORDER BY id DESC LIMIT ?`)
      .all(...args, pageLimit(page.pageSize)) as unknown as Record<string, unknown>[];
    return rows.map((r) => ({
      id: Number(r.id),
      backupId: r.backup_id === null ? null : Number(r.backup_id),
      level: r.level as string,
      message: r.message as string,
      exception: r.exception as string | null,
      timestamp: Number(r.timestamp),
    }));
  }

  /** Deletes backup and server log rows older than `olderThan` (epoch ms); returns how many. */
  purge(olderThan: number): number {
    return transaction(this.#db, () => {
      const backup = stmt(this.#db, "DELETE FROM backup_log WHERE timestamp < ?").run(olderThan);
      const server = stmt(this.#db, "DELETE FROM server_log WHERE timestamp < ?").run(olderThan);
      return Number(backup.changes) + Number(server.changes);
    });
  }
}

const SERVER_LOG_SELECT = "SELECT id, backup_id, level, message, exception, timestamp FROM server_log";

function pageLimit(pageSize: number): number {
  return Math.max(0, Math.trunc(pageSize));
}
