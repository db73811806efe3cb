/**
 * The I/O of a CLI command the server runs in-process: no terminal (no progress line, no passphrase prompt), the
 * process environment without PASSPHRASE (a stored passphrase comes only from the configuration), the data folder
 * as working folder, the task's stop signal and progress sink, and the output collected in lines. The command's
 * log entries at Warning and above are captured through `--log-file`, so the result can list warnings and errors
 * by level; secrets are removed from everything captured.
 * @module
 */
import { isAbsolute, resolve } from "node:path";
import type { CommandIo } from "../../cli/command.ts";
import type { TaskControl } from "./task_types.ts";

/** Lines kept per stream; a run that prints more keeps the first ones and counts the rest. */
export const MAX_CAPTURED_LINES = 5000;

/** A CommandIo that records what the command prints. */
export interface TaskIo {
  readonly io: CommandIo;
  /** Lines written to standard output. */
  readonly out: readonly string[];
  /** Lines written to standard error. */
  readonly err: readonly string[];
  /** Results the command reported through `io.report`, by command name. */
  readonly reports: ReadonlyMap<string, object>;
  /** Lines dropped beyond {@link MAX_CAPTURED_LINES}. */
  readonly dropped: number;
}

/** The environment for in-process runs: this process's, without PASSPHRASE, with the server's data folder. */
export function taskEnvironment(
  base: Record<string, string | undefined>,
  dataFolder: string,
): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(base)) if (key.toUpperCase() !== "PASSPHRASE") env[key] = value;
  // Our own data-folder variable comes first in the CLI's lookup, so the command sees the server's folder.
  env["DUPLICATI_DATA_FOLDER"] = dataFolder;
  return env;
}

/** This process's environment, or none when reading it is not allowed. */
export function processEnvironment(): Record<string, string | undefined> {
  try {
    return Deno.env.toObject();
  } catch {
    return {};
  }
}

/** Builds the I/O for one run. */
export function createTaskIo(
  env: {
    control: Pick<TaskControl, "signal" | "progress">;
    dataFolder: string;
    executableDir: string;
    processEnv?: Record<string, string | undefined>;
  },
): TaskIo {
  const out: string[] = [];
  const err: string[] = [];
  const reports = new Map<string, object>();
  let dropped = 0;
  const collect = (target: string[]) => (text: string) => {
    for (const line of text.split(/\r?\n/)) {
      if (target.length < MAX_CAPTURED_LINES) target.push(line);
      else dropped++;
    }
  };
  const io: CommandIo = {
    out: collect(out),
    err: collect(err),
    isTty: false,
    raw: () => {},
    readSecret: undefined,
    env: taskEnvironment(env.processEnv ?? processEnvironment(), env.dataFolder),
    cwd: env.dataFolder,
    executableDir: env.executableDir,
    signal: env.control.signal,
    progress: env.control.progress,
    report: (command, result) => void reports.set(command, result),
  };
  return {
    io,
    out,
    err,
    reports,
    get dropped() {
      return dropped;
    },
  };
}

/** Log entries at Warning and Error level written during one run. */
export interface CapturedLog {
  readonly warnings: string[];
  readonly errors: string[];
}

/** Captures a run's log entries at Warning and above through `--log-file`. */
export interface LogCapture {
  /** Options to append to the command line (empty when the backup already logs to a file of its own). */
  readonly options: readonly string[];
  /** Reads what the run logged and removes the capture file. */
  finish(): CapturedLog;
}

const ENTRY =
  /^\d{4}-\d\d-\d\dT[\d:.]+Z \[(ExplicitOnly|Profiling|Verbose|Retry|Information|DryRun|Warning|Error)-[^\]]*\]: /;

/** Reads the log lines appended after `offset`; continuation lines belong to the entry before them. */
function readLogEntries(path: string, offset: number): CapturedLog {
  const captured: CapturedLog = { warnings: [], errors: [] };
  let bytes: Uint8Array;
  try {
    bytes = Deno.readFileSync(path);
  } catch {
    return captured;
  }
  let current: string[] | undefined;
  for (const line of new TextDecoder().decode(bytes.subarray(offset)).split("\n")) {
    const match = ENTRY.exec(line);
    if (match) {
      const level = match[1];
      current = level === "Warning" ? captured.warnings : level === "Error" ? captured.errors : undefined;
      current?.push(line.slice(match[0].length));
    } else if (current && line !== "" && current.length > 0) {
      current[current.length - 1] += `\n${line}`;
    }
  }
  return captured;
}

function fileSize(path: string): number {
  try {
    return Deno.statSync(path).size;
  } catch {
    return 0;
  }
}

/**
 * Starts capturing the log of a run with `options`. When they name a `--log-file` the entries are read from that
 * file (what the run appends to it); otherwise a private temporary file at level Warning is added and removed.
 */
export function startLogCapture(options: readonly string[]): LogCapture {
  let ownPath: string | undefined;
  for (const option of options) {
    const match = /^--log-file=(.*)$/is.exec(option);
    if (match) ownPath = match[1]!.replace(/^"(.*)"$/s, "$1");
  }
  if (ownPath) {
    const path = isAbsolute(ownPath) ? ownPath : resolve(Deno.cwd(), ownPath);
    const offset = fileSize(path);
    return { options: [], finish: () => readLogEntries(path, offset) };
  }
  const path = Deno.makeTempFileSync({ prefix: "duplicati-task-", suffix: ".log" });
  return {
    options: [`--log-file=${path}`, "--log-file-log-level=Warning"],
    finish() {
      try {
        return readLogEntries(path, 0);
      } finally {
        try {
          Deno.removeSync(path);
        } catch {
          // already gone
        }
      }
    },
  };
}

/**
 * A function that replaces every occurrence of the given secrets with `***`. Secrets shorter than 4 characters are
 * left alone (hiding them would garble ordinary words); longer ones first, so a secret inside another goes too.
 */
export function secretScrubber(secrets: readonly (string | undefined)[]): (line: string) => string {
  const list = [...new Set(secrets.filter((s): s is string => s !== undefined && s.length >= 4))]
    .sort((a, b) => b.length - a.length);
  if (list.length === 0) return (line) => line;
  return (line) => list.reduce((text, secret) => text.split(secret).join("***"), line);
}
