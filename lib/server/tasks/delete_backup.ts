/**
 * The DeleteBackup task: optionally deletes the backup's remote files and its local database, then the
 * configuration. There is no CLI command for it, so it opens the destination itself.
 *
 * Which remote files go (as Duplicati's DeleteAllRemoteFiles): names that parse as volumes with the backup's
 * `--prefix`, and, when the local database exists, only those it has a row for, so files of another backup in
 * the same folder with the same prefix are kept. When a remote file cannot be deleted nothing local is removed and
 * the configuration stays, so the task can be run again; the run is logged with ParsedResult "Error".
 * @module
 */
import { FolderMissingError, RemoteFileNotFoundError } from "../../core/errors.ts";
import { errorMessage } from "../../core/errors.ts";
import { openBackend } from "../../backends/open_backend.ts";
import { parseTargetUrl } from "../../backends/target_url.ts";
import { parseArgs } from "../../cli/args.ts";
import { cliRegistry } from "../../cli/cli_options.ts";
import { EXIT } from "../../cli/exit_codes.ts";
import { removeDbFiles } from "../../cli/local_database.ts";
import { PREFIX } from "../../options/common_options.ts";
import { resolveOptions } from "../../options/resolve.ts";
import { parseRemoteName } from "../../volumes/remote_name.ts";
import type { BackupConfig } from "../config_store/model.ts";
import { readKnownVolumeNames } from "./backup_statistics.ts";
import { backupArguments } from "./cli_arguments.ts";
import { configurationSecrets, type TaskEnv } from "./cli_task.ts";
import { secretScrubber } from "./task_io.ts";
import { recordRun } from "./task_records.ts";
import { taskResultJson } from "./task_result.ts";
import type { TaskControl, TaskOutcome, TaskRequest } from "./task_types.ts";

/** What to delete besides the configuration. */
export interface DeleteBackupOptions {
  readonly deleteRemoteFiles: boolean;
  readonly deleteLocalDb: boolean;
}

/** What happened at the destination. */
interface RemoteDeletion {
  readonly deleted: string[];
  readonly failed: string[];
}

/** Deletes the backup's files at its destination. */
async function deleteRemoteFiles(
  backup: BackupConfig,
  env: { options: readonly string[]; control: TaskControl; dataFolder: string; warn: (line: string) => void },
): Promise<RemoteDeletion> {
  const { control } = env;
  const { options } = resolveOptions(parseArgs(["delete", ...env.options]).options, cliRegistry());
  const prefix = options.get(PREFIX);
  const known = readKnownVolumeNames(backup.dbPath);
  if (known === undefined && fileExists(backup.dbPath)) {
    // Without its names every file with the prefix would go, another backup's in the same folder too.
    throw new Error(`Cannot read the remote file names from the local database "${backup.dbPath}"`);
  }
  const url = parseTargetUrl(backup.targetUrl, { cwd: env.dataFolder });
  const backend = await openBackend(url, {
    options,
    signal: control.signal,
    log: { log: (entry) => entry.level === "Warning" && env.warn(entry.message) },
  });
  const result: RemoteDeletion = { deleted: [], failed: [] };
  try {
    control.progress({ type: "phase", phase: "Delete_Begin" });
    const targets: { name: string; size: number }[] = [];
    try {
      for await (const entry of backend.list()) {
        if (parseRemoteName(entry.name)?.prefix !== prefix) continue;
        if (known && !known.has(entry.name)) continue;
        targets.push(entry);
      }
    } catch (error) {
      if (!(error instanceof FolderMissingError)) throw error;
    }
    control.progress({ type: "phase", phase: "Delete_Deleting" });
    for (const { name, size } of targets.sort((a, b) => a.name < b.name ? -1 : 1)) {
      control.signal.throwIfAborted();
      control.progress({ type: "transfer", action: "delete", remoteName: name, size, done: false });
      try {
        await backend.delete(name);
        result.deleted.push(name);
      } catch (error) {
        if (error instanceof RemoteFileNotFoundError) result.deleted.push(name);
        else if (control.signal.aborted) throw error;
        else result.failed.push(`Cannot delete remote file "${name}": ${errorMessage(error)}`);
      }
      control.progress({ type: "transfer", action: "delete", remoteName: name, size, done: true });
    }
    control.progress({ type: "phase", phase: "Delete_Complete" });
  } finally {
    await backend.close();
  }
  return result;
}

function fileExists(path: string): boolean {
  try {
    return Deno.statSync(path).isFile;
  } catch {
    return false;
  }
}

async function runDeleteBackup(
  env: TaskEnv,
  request: { backupId: number; what: DeleteBackupOptions; control: TaskControl },
): Promise<TaskOutcome> {
  const { store } = env;
  const { control, what } = request;
  const backup = store.getBackup(request.backupId);
  if (!backup) {
    return {
      exitCode: EXIT.fatal,
      errorMessage: `Cannot delete backup: there is no backup with ID ${request.backupId}`,
    };
  }
  await control.whileRunning();
  const globals = store.getGlobalOptions();
  const now = () => new Date(env.clock?.now() ?? Date.now());
  const begin = now();
  const messages: string[] = [];
  const warnings: string[] = [];
  const errors: string[] = [];
  let exitCode: number = EXIT.ok;
  try {
    if (what.deleteRemoteFiles) {
      const args = backupArguments(backup, { globalOptions: globals, exportPasswords: true, filters: false });
      const remote = await deleteRemoteFiles(backup, {
        options: args.options,
        control,
        dataFolder: env.dataFolder,
        warn: (line) => warnings.push(line),
      });
      messages.push(`Deleted ${remote.deleted.length} remote files`, ...remote.deleted.map((n) => `  ${n}`));
      errors.push(...remote.failed);
      if (remote.failed.length > 0) exitCode = EXIT.errors;
    }
  } catch (error) {
    exitCode = control.signal.aborted ? EXIT.partial : EXIT.fatal;
    if (exitCode === EXIT.fatal) errors.push(`Cannot delete the remote files: ${errorMessage(error)}`);
    else warnings.push("The operation was stopped on request before it finished");
  }
  if (exitCode !== EXIT.ok) {
    const scrub = secretScrubber(configurationSecrets(backup, globals));
    const result = taskResultJson({
      operation: "DeleteBackup",
      exitCode,
      begin,
      end: now(),
      messages: messages.map(scrub),
      warnings: warnings.map(scrub),
      errors: errors.map(scrub),
    });
    recordRun(env, {
      backup,
      operation: "DeleteBackup",
      taskId: control.id,
      stopped: exitCode === EXIT.partial,
      result,
      reports: new Map(),
    });
    return exitCode === EXIT.partial ? { exitCode } : { exitCode, errorMessage: result.Errors[0]! };
  }
  if (what.deleteLocalDb) removeDbFiles(backup.dbPath);
  store.deleteBackup(backup.id);
  const parts = [
    what.deleteRemoteFiles ? `${messages[0]!.toLowerCase()}` : "",
    what.deleteLocalDb ? "removed the local database" : "",
  ].filter((p) => p !== "");
  store.addServerLog({
    backupId: backup.id,
    level: "Information",
    message: `Deleted backup "${backup.name}" (ID ${backup.id})${parts.length > 0 ? `: ${parts.join(", ")}` : ""}`,
    exception: null,
    timestamp: now().getTime(),
  });
  env.events?.bump("data");
  return { exitCode: warnings.length > 0 ? EXIT.warnings : EXIT.ok };
}

/** The DeleteBackup task for a backup. */
export function deleteBackupTask(env: TaskEnv, request: { backupId: number; what: DeleteBackupOptions }): TaskRequest {
  const { backupId, what } = request;
  return {
    operation: "DeleteBackup",
    backupId: String(backupId),
    run: (control) => runDeleteBackup(env, { backupId, what, control }),
  };
}
