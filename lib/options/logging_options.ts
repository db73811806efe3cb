/**
 * Logging and console-output options shared by every command.
 * @module
 */
import { LOG_LEVELS, type LogLevel } from "../core/log.ts";
import { booleanOption, enumOption, pathOption } from "./define.ts";
import type { OptionSpec } from "./option_spec.ts";

/** `--console-log-level`: the lowest level of log messages printed on the console. */
export const CONSOLE_LOG_LEVEL: OptionSpec<LogLevel> = enumOption({
  name: "console-log-level",
  summary: "Lowest level of log messages shown on the console",
  values: LOG_LEVELS,
  default: "Warning",
  category: "logging",
});

/** `--log-file`: also write log messages to this file. */
export const LOG_FILE: OptionSpec<string | undefined> = pathOption({
  name: "log-file",
  summary: "Write log messages to this file as well",
  category: "logging",
});

/** `--log-file-log-level`: the lowest level written to `--log-file` (Duplicati uses DryRun under --dry-run). */
export const LOG_FILE_LOG_LEVEL: OptionSpec<LogLevel> = enumOption({
  name: "log-file-log-level",
  summary: "Lowest level of log messages written to --log-file",
  values: LOG_LEVELS,
  default: "Warning",
  category: "logging",
});

/** `--log-level`: deprecated fallback for both levels above. */
export const LOG_LEVEL: OptionSpec<LogLevel> = enumOption({
  name: "log-level",
  summary: "Lowest level of log messages, for both the console and the log file",
  values: LOG_LEVELS,
  default: "Warning",
  deprecated: "use --console-log-level and --log-file-log-level instead",
  category: "logging",
});

/** `--quiet-console`: print nothing but errors on the console (CLI only). */
export const QUIET_CONSOLE: OptionSpec<boolean> = booleanOption({
  name: "quiet-console",
  summary: "Suppress progress and summary output on the console",
  category: "logging",
});

/** `--debug-output`: print full error details. */
export const DEBUG_OUTPUT: OptionSpec<boolean> = booleanOption({
  name: "debug-output",
  summary: "Print full error details, including the cause chain, when something fails",
  category: "logging",
});

/** Every logging option. */
export function loggingOptionSpecs(): OptionSpec<unknown>[] {
  return [CONSOLE_LOG_LEVEL, LOG_FILE, LOG_FILE_LOG_LEVEL, LOG_LEVEL, QUIET_CONSOLE, DEBUG_OUTPUT];
}
