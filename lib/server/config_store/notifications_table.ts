/**
 * Notifications the UI has not dismissed yet.
 * @module
 */
import type { Notification, NotificationType } from "./model.ts";
import type { StatementCache } from "./statement_cache.ts";

/** The `notification` table. */
export class NotificationsTable {
  readonly #statements: StatementCache;
  readonly #now: () => number;

  constructor(statements: StatementCache, now: () => number) {
    this.#statements = statements;
    this.#now = now;
  }

  /** Stores it, stamped now unless `timestamp` is given. */
  add(n: Omit<Notification, "id" | "timestamp"> & { timestamp?: number }): Notification {
    const timestamp = Math.trunc(n.timestamp ?? this.#now());
    const result = this.#statements.sql(
      "INSERT INTO notification (type, title, message, exception, backup_id, action, timestamp) " +
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
    ).run(n.type, n.title, n.message, n.exception, n.backupId, n.action, timestamp);
    return {
      id: Number(result.lastInsertRowid),
      type: n.type,
      title: n.title,
      message: n.message,
      exception: n.exception,
      backupId: n.backupId,
      action: n.action,
      timestamp,
    };
  }

  /** Oldest first. */
  list(): Notification[] {
    const rows = this.#statements.sql(
      "SELECT id, type, title, message, exception, backup_id, action, timestamp FROM notification ORDER BY id",
    ).all() as unknown as Record<string, unknown>[];
    return rows.map((r) => ({
      id: Number(r.id),
      type: r.type as NotificationType,
      title: r.title as string,
      message: r.message as string,
      exception: r.exception as string,
      backupId: r.backup_id === null ? null : Number(r.backup_id),
      action: r.action as string,
      timestamp: Number(r.timestamp),
    }));
  }

  /** False when there was no such notification. */
  dismiss(id: number): boolean {
    return Number(this.#statements.sql("DELETE FROM notification WHERE id = ?").run(id).changes) > 0;
  }
}
