/**
 * Backup log rows (task results, warnings, errors per backup) and server log rows, read newest first in pages
 * with an id cursor, and purged by age.
 * @module
 */
import { transaction } from "../../database/connection.ts";
import type { BackupLogRow, ServerLogRow } from "./model.ts";
import type { StatementCache } from "./statement_cache.ts";

/** The `backup_log` and `server_log` tables. */
export class LogsTable {
  readonly #statements: StatementCache;

  constructor(statements: StatementCache) {
    this.#statements = statements;
  }

  /** The new row's id. */
  addBackupLog(row: Omit<BackupLogRow, "id">): number {
    const result = this.#statements.sql(
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
    const rows = this.#statements.sql(
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
    const result = this.#statements.sql(
      "INSERT INTO server_log (backup_id, level, message, exception, timestamp) VALUES (?, ?, ?, ?, ?)",
    ).run(row.backupId, row.level, row.message, row.exception, Math.trunc(row.timestamp));
    return Number(result.lastInsertRowid);
  }

  /** Newest first; `before` = only rows with id < before. */
  listServerLog(page: { before?: number; pageSize: number }): ServerLogRow[] {
    const rows =
      (page.before === undefined
        ? this.#statements.sql(`${SERVER_LOG_SELECT} ORDER BY id DESC LIMIT ?`).all(pageLimit(page.pageSize))
        : this.#statements.sql(`${SERVER_LOG_SELECT} WHERE id < ? ORDER BY id DESC LIMIT ?`).all(
          page.before,
          pageLimit(page.pageSize),
        )) as unknown as Record<string, unknown>[];
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
    return transaction(this.#statements.db, () => {
      const backup = this.#statements.sql("DELETE FROM backup_log WHERE timestamp < ?").run(olderThan);
      const server = this.#statements.sql("DELETE FROM server_log WHERE timestamp < ?").run(olderThan);
      return Number(backup.changes) + Number(server.changes);
    });
  }
}

const SERVER_LOG_SELECT = "SELECT id, backup_id, level, message, exception, timestamp FROM server_log";

function pageLimit(pageSize: number): number {
  return Math.max(0, Math.trunc(pageSize));
}
