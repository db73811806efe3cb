/**
 * `delete <backup>`: deletes a backup configuration, optionally with its remote files and local database.
 * @module
 */
import type { ServerUtilCommand } from "../command.ts";
import { findBackup } from "../backup_lookup.ts";

export const deleteCommand: ServerUtilCommand = {
  name: "delete",
  summary: "Deletes a backup configuration",
  usage: "<backup> [--delete-remote-files] [--delete-local-db] [--force] [--quiet]",
  argumentHelp: ["backup  The backup's ID or exact name (case-insensitive)"],
  options: [
    { name: "delete-remote-files", kind: "flag", description: "Also delete the backup's files at the destination" },
    { name: "delete-local-db", kind: "flag", description: "Also delete the backup's local database" },
    { name: "force", kind: "flag", description: "Delete even while the backup is running" },
    { name: "quiet", kind: "flag", description: "Do not print progress messages" },
  ],
  minArgs: 1,
  maxArgs: 1,
  async run({ args, options, output, connect }) {
    const quiet = options.flag("quiet") ?? false;
    const client = await connect();
    const backup = (await findBackup(client, args[0]!)).Backup;
    if (!quiet) output.message(`Queueing delete for backup ${backup.Name} (ID: ${backup.ID})`);
    const answer = await client.deleteBackup(backup.ID, {
      deleteRemoteFiles: options.flag("delete-remote-files") ?? false,
      deleteLocalDb: options.flag("delete-local-db") ?? false,
      force: options.flag("force") ?? false,
    });
    output.set("Deleted", { Id: backup.ID, Name: backup.Name, Answer: answer });
    if (!quiet) output.message("Delete task queued");
    output.success = true;
    return 0;
  },
};
