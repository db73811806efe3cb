/**
 * BackupTasks: a configured backup's operations as queued tasks. Each runs one of our CLI commands in-process
 * (cli_task.ts) against the backup's local database (`--dbpath`), so a server run and the exported command line
 * (commandLine(), export-cmdline) behave identically. DeleteBackup has no CLI command and is delete_backup.ts.
 *
 * The commands:
 * - backup:  `backup <url> <sources...>` with the backup's filters
 * - restore: `restore <url> <paths or "*"> [--version | --time] [--restore-path] --overwrite --restore-permissions
 *            --skip-metadata [--passphrase]`
 * - verify:  `test <url>` (one sample) with `--full-remote-verification=true` unless configured, as Duplicati's
 *            server does
 * - compact, repair, vacuum: `<command> <url>`
 * - deleteVersions: `delete <url> --version=1,3` without the configured retention options (keep-versions,
 *            keep-time, retention-policy), so only the named versions go
 * @module
 */
import { UserInputError } from "../../core/errors.ts";
import type { BackupTasks, RestoreRequest } from "./backup_tasks_types.ts";
import { bareOptionName, buildCommandLine, RETENTION_OPTION_NAMES } from "./cli_arguments.ts";
import { cliTask, type TaskEnv } from "./cli_task.ts";
import { deleteBackupTask } from "./delete_backup.ts";

/** What createBackupTasks needs: the store, the data folder, the executable's folder, optional events and clock. */
export type BackupTasksEnv = TaskEnv;

/** The options a restore request adds after the configuration's. */
export function restoreOptions(request: RestoreRequest): string[] {
  const out: string[] = [];
  if (request.version !== undefined) {
    if (!Number.isSafeInteger(request.version) || request.version < 0) {
      throw new UserInputError(`Cannot restore version ${request.version}: a version is a whole number from 0`);
    }
    out.push(`--version=${request.version}`);
  } else if (request.time !== undefined && request.time.trim() !== "" && request.time.trim().toLowerCase() !== "now") {
    out.push(`--time=${request.time.trim()}`);
  }
  if (request.restorePath !== undefined && request.restorePath !== "") {
    out.push(`--restore-path=${request.restorePath}`);
  }
  out.push(
    `--overwrite=${request.overwrite}`,
    `--restore-permissions=${request.permissions}`,
    `--skip-metadata=${request.skipMetadata}`,
  );
  if (request.passphrase !== undefined && request.passphrase !== "") out.push(`--passphrase=${request.passphrase}`);
  return out;
}

function versionList(versions: readonly number[]): string {
  if (versions.length === 0) throw new UserInputError("Cannot delete versions: no version was given");
  for (const v of versions) {
    if (!Number.isSafeInteger(v) || v < 0) {
      throw new UserInputError(`Cannot delete version ${v}: a version is a whole number from 0`);
    }
  }
  return [...new Set(versions)].sort((a, b) => a - b).join(",");
}

/** True when the options already set `name` (bare, lower case). */
function hasOption(options: readonly string[], name: string): boolean {
  return options.some((o) => bareOptionName(o.split("=")[0]!) === name);
}

/** The BackupTasks of a server. */
export function createBackupTasks(env: BackupTasksEnv): BackupTasks {
  const simple = (operation: string, command: string) => (backupId: number) =>
    cliTask(env, { operation, backupId, command });
  return {
    backup: (backupId) =>
      cliTask(env, { operation: "Backup", backupId, command: "backup", positionals: "sources", filters: true }),
    restore(backupId, request) {
      const extra = restoreOptions(request);
      return cliTask(env, {
        operation: "Restore",
        backupId,
        command: "restore",
        positionals: request.paths.length === 0 ? ["*"] : request.paths,
        extraOptions: () => extra,
        secrets: [request.passphrase],
      });
    },
    verify: (backupId) =>
      cliTask(env, {
        operation: "Verify",
        backupId,
        command: "test",
        extraOptions: (args) =>
          hasOption(args.options, "full-remote-verification") ? [] : ["--full-remote-verification=true"],
      }),
    compact: simple("Compact", "compact"),
    repair: simple("Repair", "repair"),
    vacuum: simple("Vacuum", "vacuum"),
    deleteVersions(backupId, versions) {
      const list = versionList(versions);
      return cliTask(env, {
        operation: "Delete",
        backupId,
        command: "delete",
        omit: RETENTION_OPTION_NAMES,
        extraOptions: () => [`--version=${list}`],
      });
    },
    deleteBackup: (backupId, what) => deleteBackupTask(env, { backupId, what }),
    commandLine: (backup, options) =>
      buildCommandLine(backup, {
        globalOptions: options.globalOptions,
        exportPasswords: options.exportPasswords,
        ...(options.command ? { command: options.command } : {}),
      }),
  };
}
