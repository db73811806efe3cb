/**
 * Noticing that something other than the server used a backup's local database: users run CLI commands on a
 * server-defined backup with the exported command line (same --dbpath), as Duplicati's documentation tells them
 * to. The server keeps a stamp (modification times and sizes of the database and its WAL) in the backup's
 * metadata after each of its own tasks; a different stamp while no task of that backup is queued or running means
 * the database was used elsewhere, so the destination statistics are re-read and the backup's log says so.
 * @module
 */
import type { BackupConfig, ConfigStore } from "../config_store/model.ts";
import type { EventHub } from "../events.ts";
import { destinationMetadataOf } from "./task_records.ts";
import type { TaskQueue } from "./task_types.ts";

/** Metadata key of the stamp (not one of Duplicati's; clients ignore unknown keys). */
export const DATABASE_STAMP_KEY = "LocalDatabaseStamp";

/** "mtime:size" of the database and its WAL, or undefined when the database does not exist. */
export function databaseStamp(dbPath: string): string | undefined {
  const part = (path: string) => {
    try {
      const info = Deno.statSync(path);
      return `${info.mtime?.getTime() ?? 0}:${info.size}`;
    } catch {
      return undefined;
    }
  };
  const main = part(dbPath);
  return main === undefined ? undefined : `${main}/${part(`${dbPath}-wal`) ?? "-"}`;
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
    Object.assign(patch, destinationMetadataOf(backup.dbPath));
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
