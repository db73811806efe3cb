/**
 * `run <backup> [--wait]`: queues a backup; with `--wait` polls the server state until the task is neither queued nor
 * active, then maps the newest result log row's ParsedResult to the exit code: Success 0, Warning 2, Error 3,
 * Fatal 4 (the CLI's codes).
 * @module
 */
import { UserInputError } from "../../core/errors.ts";
import type { LogRowDto } from "../../server/api_types.ts";
import { findBackup } from "../backup_lookup.ts";
import type { ApiClient } from "../client.ts";
import type { ServerUtilCommand } from "../command.ts";
import { formatLocalTime } from "../../core/format_local_time.ts";

const EXIT_BY_RESULT: Readonly<Record<string, number>> = { success: 0, warning: 2, error: 3, fatal: 4 };
const MAX_POLL_FAILURES = 3;

/** The ParsedResult of a result row's JSON message, or undefined when the row is not a result row. */
export function parsedResultOf(row: LogRowDto): string | undefined {
  try {
    const body = JSON.parse(row.Message);
    return typeof body?.ParsedResult === "string" ? body.ParsedResult : undefined;
  } catch {
    return undefined;
  }
}

/** The newest result row with an ID above `after`. */
function newestResult(rows: readonly LogRowDto[], after: number): { row: LogRowDto; result: string } | undefined {
  const sorted = [...rows].sort((a, b) => b.ID - a.ID);
  for (const row of sorted) {
    if (row.ID <= after) break;
    const result = parsedResultOf(row);
    if (result !== undefined && (row.Type === "Result" || row.Type === "")) return { row, result };
  }
  for (const row of sorted) {
    if (row.ID <= after) break;
    const result = parsedResultOf(row);
    if (result !== undefined) return { row, result };
  }
  return undefined;
}

async function waitForTask(
  client: ApiClient,
  task: { backupId: string; taskId: number; pollMs: number; sleep: (ms: number) => Promise<void> },
  report: (message: string) => void,
): Promise<void> {
  let failures = 0;
  for (;;) {
    let state;
    try {
      state = await client.serverState();
      failures = 0;
    } catch (error) {
      if (!(error instanceof TypeError) || ++failures > MAX_POLL_FAILURES) throw error;
      report(`Cannot reach the server (${error.message}), retrying ...`);
      await task.sleep(task.pollMs);
      continue;
    }
    const active = state.ActiveTask !== null &&
      (state.ActiveTask.Item1 === task.taskId || state.ActiveTask.Item2 === task.backupId);
    const queued = state.SchedulerQueueIds.some((entry) => entry.Item1 === task.taskId);
    if (active) report("Backup is running ...");
    else if (queued) report("Backup is queued ...");
    else return;
    await task.sleep(task.pollMs);
  }
}

export const runCommand: ServerUtilCommand = {
  name: "run",
  summary: "Runs a backup, optionally waiting for it to finish",
  usage: "<backup> [--wait] [--poll-interval=<seconds>] [--skip-queue] [--quiet]",
  argumentHelp: ["backup  The backup's ID or exact name (case-insensitive)"],
  options: [
    {
      name: "wait",
      kind: "flag",
      description: "Wait for the backup to finish; exit 2 on warnings, 3 on errors, 4 on a fatal failure",
    },
    { name: "skip-queue", kind: "flag", description: "Put the backup first in the queue instead of last" },
    {
      name: "poll-interval",
      kind: "value",
      placeholder: "seconds",
      description: "Seconds between status polls with --wait (at least 1, default 5)",
    },
    { name: "quiet", kind: "flag", description: "Do not print progress messages" },
  ],
  minArgs: 1,
  maxArgs: 1,
  async run({ args, options, output, connect, io }) {
    const pollText = options.value("poll-interval") ?? "5";
    const pollSeconds = Number(pollText);
    if (!/^\s*\d+\s*$/.test(pollText) || pollSeconds < 1) {
      throw new UserInputError(
        `Cannot use poll interval "${pollText}": it must be a whole number of seconds, at least 1`,
      );
    }
    const wait = options.flag("wait") ?? false;
    const quiet = options.flag("quiet") ?? false;
    const say = (line: string) => {
      if (!quiet) output.message(line);
    };
    const client = await connect();
    const backup = (await findBackup(client, args[0]!)).Backup;
    say(`Running backup ${backup.Name} (ID: ${backup.ID})`);
    const before = wait ? Math.max(0, ...(await client.backupLog(backup.ID, 10)).map((row) => row.ID)) : 0;
    const started = await client.runBackup(backup.ID, options.flag("skip-queue") ?? false);
    output.set("Backup", { Id: backup.ID, Name: backup.Name, TaskId: started.ID });
    if (!wait) {
      output.success = true;
      return 0;
    }
    say("Waiting for backup to finish...");
    const sleep = io.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
    await waitForTask(
      client,
      { backupId: backup.ID, taskId: started.ID, pollMs: pollSeconds * 1000, sleep },
      (message) => say(`[${formatLocalTime(new Date())}]: ${message}`),
    );
    const found = newestResult(await client.backupLog(backup.ID, 100), before);
    let status = found?.result;
    if (status === undefined) {
      const task = await client.task(started.ID);
      status = task?.Status === "Failed" ? "Fatal" : "No log generated";
      if (task?.ErrorMessage) output.exception(`The backup failed: ${task.ErrorMessage}`);
    }
    say(`Backup status: ${status}`);
    output.set("BackupStatus", status);
    const exitCode = EXIT_BY_RESULT[status.toLowerCase()] ?? 0;
    output.success = exitCode === 0;
    return exitCode;
  },
};
