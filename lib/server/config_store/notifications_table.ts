/**
 * Notifications the UI has not dismissed yet.
 * @module
 */
import type { DatabaseSync } from "node:sqlite";
import { stmt } from "../../database/statements.ts";
import type { Notification, NotificationType } from "./model.ts";

/** The `notification` table. */
export class NotificationsTable {
  readonly #db: DatabaseSync;
  readonly #now: () => number;

  constructor(db: DatabaseSync, now: () => number) {
    this.#db = db;
    this.#now = now;
  }

  /** Stores it, stamped now unless `timestamp` is given. */
  add(n: Omit<Notification, "id" | "timestamp"> & { timestamp?: number }): Notification {
    const timestamp = Math.trunc(n.timestamp ?? this.#now());
    const result = stmt(
      this.#db,
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
    const rows = stmt(
      this.#db,
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
    return Number(stmt(this.#db, "DELETE FROM notification WHERE id = ?").run(id).changes) > 0;
  }
}
