/**
 * The list of configured backups (GET /backups), fetched once per data version and shared by the components
 * that need it at the same time (the home page and the server state in the top bar), and a backup's name by ID.
 * @module
 */
import type { BackupEnvelope } from "../../../lib/server/api_types.ts";
import { api } from "../api/client.ts";

let cached: { version: number; promise: Promise<BackupEnvelope[]> } | undefined;

/** GET /backups for data version `version`; callers asking for the same version share one request. */
export function fetchBackups(version: number): Promise<BackupEnvelope[]> {
  if (cached === undefined || cached.version !== version) {
    const promise = api.get<BackupEnvelope[]>("/backups");
    const entry = { version, promise };
    cached = entry;
    promise.catch(() => {
      if (cached === entry) cached = undefined;
    });
  }
  return cached.promise;
}

/** The name of backup `id` in `list`, or "backup <id>" when it is not there (deleted meanwhile). */
export function backupName(list: readonly BackupEnvelope[] | undefined, id: string): string {
  return list?.find((b) => b.Backup.ID === id)?.Backup.Name ?? `backup ${id}`;
}
