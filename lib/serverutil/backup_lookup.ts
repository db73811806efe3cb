/**
 * Finding a configured backup by the ID or name a user typed.
 * @module
 */
import type { BackupEnvelope } from "../server/api_types.ts";
import { UserInputError } from "../core/errors.ts";
import type { ApiClient } from "./client.ts";

/** The backup whose ID equals `idOrName` or whose name equals it case-insensitively (ServerUtil's rule). */
function matchBackup(backups: readonly BackupEnvelope[], idOrName: string): BackupEnvelope | undefined {
  const lower = idOrName.toLowerCase();
  return backups.find((row) => row.Backup.ID === idOrName) ??
    backups.find((row) => row.Backup.Name.toLowerCase() === lower);
}

/** Lists the backups and returns the one named; UserInputError when there is none. */
export async function findBackup(client: ApiClient, idOrName: string): Promise<BackupEnvelope> {
  const found = matchBackup(await client.listBackups(), idOrName);
  if (found === undefined) throw new UserInputError(`No backup found with ID or name "${idOrName}"`);
  return found;
}
