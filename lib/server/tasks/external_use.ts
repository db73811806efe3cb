/**
 * Noticing that something other than the server used a backup's local database: users run CLI commands on a
 * server-defined backup with the exported command line (same --dbpath), as Duplicati's documentation tells them
 * to. The server keeps a stamp (modification time and size of the database file) in the backup's metadata after
 * each of its own tasks; a different stamp while no task of that backup is queued or running means the database
 * was used elsewhere, so the destination statistics are re-read and the backup's log says so.
 *
 * Only the main file counts: its -wal comes and goes with any connection, the server's own read-only browsing
 * too, while a command that changed the database has checkpointed into the main file by the time it closes it.
 * The notice runs inside GET requests, so it never waits for a database another process holds: when the
 * statistics cannot be read now, nothing is recorded and the next request tries again.
 * @module
 */
import type { BackupConfig, ConfigStore } from "../config_store/model.ts";
import type { EventHub } from "../events.ts";
import { readTargetStatistics } from "./backup_statistics.ts";
import { targetMetadata } from "./task_records.ts";
import type { TaskQueue } from "./task_types.ts";

/** Metadata key of the stamp (not one of Duplicati's; clients ignore unknown keys). */
export const DATABASE_STAMP_KEY = "LocalDatabaseStamp";

/** "mtime:size" of the database file, or undefined when it does not exist. */
export function databaseStamp(dbPath: string): string | undefined {
  try {
    const info = Deno.statSync(dbPath);
    return `${info.mtime?.getTime() ?? 0}:${info.size}`;
  } catch {
    return undefined;
  }
}

/** Records the current stamp (after one of the server's own tasks). */
export function recordDatabaseStamp(store: Pick<ConfigStore, "getBackup" | "patchMetadata">, backupId: number): void {
  const backup = store.getBackup(backupId);
  if (!backup) return;
  store.patchMetadata(backupId, { [DATABASE_STAMP_KEY]: databaseStamp(backup.dbPath) ?? null });
}

/**
 * Refreshes a backup's statistics when its database changed outside the server; returns the (possibly updated)
 * configuration.
 */
export function noticeExternalUse(
  env: {
    store: Pick<ConfigStore, "getBackup" | "patchMetadata" | "addBackupLog">;
    queue: Pick<TaskQueue, "active" | "queued">;
    events?: Pick<EventHub, "bump">;
    now: number;
  },
  backup: BackupConfig,
): BackupConfig {
  const id = String(backup.id);
  if (env.queue.active()?.BackupID === id || env.queue.queued().some((t) => t.BackupID === id)) return backup;
  const stamp = databaseStamp(backup.dbPath);
  const recorded = backup.metadata[DATABASE_STAMP_KEY];
  if (stamp === recorded || stamp === undefined) return backup;
  const patch: Record<string, string> = { [DATABASE_STAMP_KEY]: stamp };
  if (recorded !== undefined) {
    // Busy (a command line run still holds it) or unreadable: leave the old stamp, so the next request retries.
    const stats = readTargetStatistics(backup.dbPath, { busyTimeoutMs: 0 });
    if (stats === undefined) return backup;
    Object.assign(patch, targetMetadata(stats));
    env.store.addBackupLog({
      backupId: backup.id,
      operationId: 0,
      timestamp: env.now,
      type: "Information",
      message: "The local database was used outside the server (for example by the command line with the exported " +
        "command); the destination statistics were read again",
      exception: null,
    });
  }
  env.store.patchMetadata(backup.id, patch);
  env.events?.bump("data");
  return env.store.getBackup(backup.id) ?? backup;
}
