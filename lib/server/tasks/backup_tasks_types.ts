/**
 * Turning a configured backup into queued work. backup_tasks.ts implements it by running our CLI commands
 * in-process against the backup's local database, so a server-defined backup and the exported command line
 * (export-cmdline) behave identically.
 * @module
 */
import type { BackupConfig, BackupSetting } from "../config_store/model.ts";
import type { TaskRequest } from "./task_types.ts";

export interface RestoreRequest {
  /** Paths or patterns to restore; empty = everything. */
  readonly paths: readonly string[];
  /** ISO time of the version ("now" or omitted = newest). */
  readonly time?: string;
  readonly version?: number;
  /** Target folder; omitted = original locations. */
  readonly restorePath?: string;
  readonly overwrite: boolean;
  readonly permissions: boolean;
  readonly skipMetadata: boolean;
  /** Overrides the stored passphrase. */
  readonly passphrase?: string;
}

/** The backup as a CLI invocation: `<command> <url> [sources] --dbpath=... <options>`. */
export interface CommandLine {
  readonly backend: string;
  /** Positional arguments after the command (url first). */
  readonly arguments: readonly string[];
  /** `--name=value` options, including --dbpath and the filters in order. */
  readonly options: readonly string[];
  /** The whole command, quoted for a POSIX shell (or cmd.exe on Windows). */
  readonly command: string;
}

export interface BackupTasks {
  backup(backupId: number): TaskRequest;
  restore(backupId: number, request: RestoreRequest): TaskRequest;
  verify(backupId: number): TaskRequest;
  compact(backupId: number): TaskRequest;
  repair(backupId: number): TaskRequest;
  deleteVersions(backupId: number, versions: readonly number[]): TaskRequest;
  vacuum(backupId: number): TaskRequest;
  /** Deletes the remote files (when asked) and the local database, then the configuration. */
  deleteBackup(backupId: number, env: { deleteRemoteFiles: boolean; deleteLocalDb: boolean }): TaskRequest;
  /** The CLI command line for `command` ("backup" by default) on this backup. */
  commandLine(
    backup: BackupConfig,
    env: { command?: string; exportPasswords: boolean; globalOptions: readonly BackupSetting[] },
  ): CommandLine;
}
