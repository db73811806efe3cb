/**
 * One server task that runs one of our CLI commands in-process on a configured backup: builds the command line
 * from the stored configuration (read when the task starts, so edits made while it waited count), runs it with a
 * captured I/O, and records the result, metadata and notifications.
 *
 * A stop (TaskControl.signal) aborts the command at its next safe point: the CLI then exits 50 for a backup
 * (what was uploaded is kept and the next run continues) and 100 for other commands. A run that ends that way is
 * recorded with exit code 50 and ParsedResult "Warning" (see task_result.ts), no metadata of a completed run and
 * no notification.
 * @module
 */
import { parseTargetUrl } from "../../backends/target_url.ts";
import { errorMessage } from "../../core/errors.ts";
import { EXIT } from "../../cli/exit_codes.ts";
import { runCli } from "../../cli/run_cli.ts";
import type { BackupConfig } from "../config_store/model.ts";
import type { Clock } from "../clock.ts";
import { isSecretOptionName } from "../config_store/secret_names.ts";
import { type BackupArguments, backupArguments } from "./cli_arguments.ts";
import { type CapturedLog, createTaskIo, secretScrubber, startLogCapture } from "./task_io.ts";
import { type RecordEnv, recordRun } from "./task_records.ts";
import { taskResultJson } from "./task_result.ts";
import type { TaskControl, TaskOutcome, TaskRequest } from "./task_types.ts";

/** What the tasks need from the server. */
export interface TaskEnv extends RecordEnv {
  /** The server's data folder: the working folder of the commands. */
  readonly dataFolder: string;
  readonly executableDir: string;
  readonly clock?: Pick<Clock, "now">;
  /** The environment the commands see before PASSPHRASE is removed (default: this process's). */
  readonly processEnv?: Record<string, string | undefined>;
  /** The server's --tempdir: given to each command first, so a backup's own --tempdir still wins. */
  readonly tempDir?: string;
}

/** One CLI command on a backup. */
export interface CliTaskSpec {
  /** The task's operation name (task_types.ts). */
  readonly operation: string;
  readonly backupId: number;
  readonly command: string;
  /** Positionals after the storage URL: the backup's sources, or fixed ones. */
  readonly positionals?: "sources" | readonly string[];
  /** Options appended after the backup's own (so they win). */
  readonly extraOptions?: (args: BackupArguments) => readonly string[];
  /** Option names (bare) of the configuration to leave out. */
  readonly omit?: ReadonlySet<string>;
  /** Pass the backup's filters (backup only). */
  readonly filters?: boolean;
  /** More values to hide in what is recorded (a passphrase given with the request). */
  readonly secrets?: readonly (string | undefined)[];
}

/** Duplicati's MainOperation name of a task operation where it differs. */
const MAIN_OPERATION: Readonly<Record<string, string>> = { Verify: "Test" };

/** Noted among the warnings of a run that was stopped on request. */
export const STOPPED_NOTE = "The operation was stopped on request before it finished";

/** Every secret of a backup's configuration: secret option values and the storage URL's credentials. */
export function configurationSecrets(
  backup: BackupConfig,
  globals: readonly { name: string; value: string }[],
): string[] {
  const secrets: string[] = [];
  for (const setting of [...globals, ...backup.settings]) {
    if (isSecretOptionName(setting.name)) secrets.push(setting.value);
  }
  try {
    const url = parseTargetUrl(backup.targetUrl, { cwd: "/" });
    if (url.password) secrets.push(url.password, encodeURIComponent(url.password));
    for (const [key, value] of url.query) if (isSecretOptionName(key)) secrets.push(value, encodeURIComponent(value));
  } catch {
    // A URL that does not parse fails the command; its text is never printed unredacted.
  }
  return secrets;
}

function unique(lines: readonly string[]): string[] {
  return [...new Set(lines)];
}

/** The task request for `spec`. */
export function cliTask(env: TaskEnv, spec: CliTaskSpec): TaskRequest {
  return {
    operation: spec.operation,
    backupId: String(spec.backupId),
    run: (control) => runCliTask(env, spec, control),
  };
}

async function runCliTask(env: TaskEnv, spec: CliTaskSpec, control: TaskControl): Promise<TaskOutcome> {
  const { store } = env;
  const backup = store.getBackup(spec.backupId);
  if (!backup) {
    return {
      exitCode: EXIT.fatal,
      errorMessage: `Cannot run ${spec.operation.toLowerCase()}: there is no backup with ID ${spec.backupId}`,
    };
  }
  await control.whileRunning();
  const globals = store.getGlobalOptions();
  const args = backupArguments(backup, {
    globalOptions: globals,
    exportPasswords: true,
    filters: spec.filters ?? false,
    ...(spec.omit ? { omit: spec.omit } : {}),
  });
  const positionals = spec.positionals === "sources" ? args.sources : (spec.positionals ?? []);
  const options = [
    ...(env.tempDir ? [`--tempdir=${env.tempDir}`] : []),
    ...args.options,
    ...(spec.extraOptions?.(args) ?? []),
  ];
  const now = () => new Date(env.clock?.now() ?? Date.now());
  const capture = startLogCapture(options);
  const taskIo = createTaskIo({
    control,
    dataFolder: env.dataFolder,
    executableDir: env.executableDir,
    ...(env.processEnv ? { processEnv: env.processEnv } : {}),
  });
  const begin = now();
  let exitCode: number;
  let log: CapturedLog = { warnings: [], errors: [] };
  try {
    exitCode = await runCli([spec.command, args.url, ...positionals, ...options, ...capture.options], taskIo.io);
  } catch (error) {
    taskIo.io.err(errorMessage(error));
    exitCode = EXIT.fatal;
  } finally {
    log = capture.finish();
  }
  const end = now();
  const stopped = control.signal.aborted && (exitCode === EXIT.partial || exitCode >= EXIT.fatal);
  if (stopped) exitCode = EXIT.partial;
  const scrub = secretScrubber([...configurationSecrets(backup, globals), ...(spec.secrets ?? [])]);
  const errLines = taskIo.err.filter((line) => line.trim() !== "" && !line.startsWith("ErrorID: "));
  const result = taskResultJson({
    operation: MAIN_OPERATION[spec.operation] ?? spec.operation,
    exitCode,
    begin,
    end,
    messages: [...taskIo.out, ...(stopped ? errLines : [])].map(scrub),
    warnings: unique([...log.warnings, ...(stopped ? [STOPPED_NOTE] : [])]).map(scrub),
    errors: unique([...(stopped ? [] : errLines), ...log.errors]).map(scrub),
    droppedMessages: taskIo.dropped,
  });
  // The configuration may have been deleted while the task ran; then there is nothing to record against.
  if (store.getBackup(backup.id)) {
    recordRun(env, { backup, operation: spec.operation, taskId: control.id, stopped, result, reports: taskIo.reports });
  }
  const failed = result.ParsedResult === "Fatal" || result.ParsedResult === "Error";
  return failed
    ? { exitCode, errorMessage: result.Errors[0] ?? `${spec.operation} ended with exit code ${exitCode}` }
    : { exitCode };
}
