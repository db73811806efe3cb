/**
 * A finished CLI run as Duplicati's result: the ParsedResult of an exit code and the JSON stored in a backup log's
 * "Result" row (ServerUtil's `run --wait` reads ParsedResult from it).
 * @module
 */
import { formatDuration } from "../../cli/output.ts";
import type { TaskResultJson } from "../api_types.ts";

export type ParsedResult = TaskResultJson["ParsedResult"];

/** Lines kept per list in the stored result; the rest is summarised in one line. */
export const MAX_RESULT_LINES = 1000;

/**
 * Duplicati's ParsedResult for a CLI exit code (surface spec §1.4): 0 and 1 (no changes) Success, 2 Warning,
 * 3 Error, 50 Warning, 100 and above (failure, bad command line) Fatal; any other code Error.
 *
 * 50 means the run was stopped on request before it finished. Duplicati treats a requested stop as no failure
 * (its result is Interrupted, not Fatal, so it reads Success unless there were warnings); we report it as Warning
 * so that a backup that did not complete its version is not shown as a clean success.
 */
export function parsedResultOf(exitCode: number): ParsedResult {
  if (exitCode === 0 || exitCode === 1) return "Success";
  if (exitCode === 2 || exitCode === 50) return "Warning";
  if (exitCode >= 100) return "Fatal";
  return "Error";
}

/** The first `MAX_RESULT_LINES` lines, with a closing note when some were left out. */
function capped(lines: readonly string[], extra = 0): string[] {
  const left = lines.length - MAX_RESULT_LINES + extra;
  if (left <= 0) return [...lines];
  return [...lines.slice(0, MAX_RESULT_LINES), `... ${left} more lines were left out`];
}

/** Inputs of {@link taskResultJson}. */
export interface TaskResultInput {
  /** Duplicati's operation name: "Backup", "Restore", "Test", "Compact", "Repair", "Delete", "Vacuum" ... */
  readonly operation: string;
  readonly exitCode: number;
  readonly begin: Date;
  readonly end: Date;
  readonly messages: readonly string[];
  readonly warnings: readonly string[];
  readonly errors: readonly string[];
  /** Output lines the capture had to drop (added to the note after Messages). */
  readonly droppedMessages?: number;
}

/** The JSON of a "Result" log row. */
export function taskResultJson(input: TaskResultInput): TaskResultJson {
  return {
    MainOperation: input.operation,
    ParsedResult: parsedResultOf(input.exitCode),
    ExitCode: input.exitCode,
    BeginTime: input.begin.toISOString(),
    EndTime: input.end.toISOString(),
    Duration: formatDuration(input.end.getTime() - input.begin.getTime()),
    Messages: capped(input.messages, input.droppedMessages ?? 0),
    Warnings: capped(input.warnings),
    Errors: capped(input.errors),
  };
}
