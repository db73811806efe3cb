/**
 * Runs one benchmark step under GNU `/usr/bin/time -v` (wrapped in coreutils `timeout`) and parses what time reports:
 * wall clock, user and system CPU (including reaped children) and the peak resident set size.
 * @module
 */

/** What `/usr/bin/time -v` reports for one command. */
export interface TimeSample {
  /** "Elapsed (wall clock) time", in seconds. */
  wallS: number;
  /** "User time (seconds)", including reaped children. */
  userS: number;
  /** "System time (seconds)", including reaped children. */
  sysS: number;
  /** "Maximum resident set size (kbytes)": the largest single process of the tree, in KiB. */
  maxRssKiB: number;
  /** "Exit status" (0 when the command was killed by a signal; see `signal`). */
  exitStatus: number;
  /** The signal number from a "Command terminated by signal N" line, else null. */
  signal: number | null;
}

/** One measured step: the time sample plus the exit code the wrapper saw. */
export interface Measurement extends TimeSample {
  /** Exit code of the measured command as the caller sees it (124 = timed out, 125-127 = could not run). */
  exitCode: number;
  /** True when `timeout` killed the command. */
  timedOut: boolean;
}

/** Where {@link runMeasured} sends the command's output and what it passes to it. */
export interface RunMeasuredOptions {
  /** File that receives the `time -v` report. */
  timeFile: string;
  /** File that receives the command's stdout. */
  stdoutFile: string;
  /** File that receives the command's stderr. */
  stderrFile: string;
  /** Extra environment variables for the command (the bench's own environment is inherited). */
  env?: Record<string, string>;
  /** Working directory of the command. */
  cwd?: string;
  /** Kill the command after this many seconds (exit code 124). */
  timeoutS: number;
}

const FIELDS = {
  user: "User time (seconds)",
  sys: "System time (seconds)",
  wall: "Elapsed (wall clock) time",
  rss: "Maximum resident set size (kbytes)",
  exit: "Exit status",
} as const;

/**
 * Parses the report that `/usr/bin/time -v` writes (to stderr or to `-o FILE`).
 * Throws a SyntaxError when a required field is missing or not a number.
 */
export function parseTimeOutput(text: string): TimeSample {
  const values = new Map<string, string>();
  let signal: number | null = null;
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    const killed = /^Command terminated by signal (\d+)$/.exec(line);
    if (killed?.[1] !== undefined) signal = Number(killed[1]);
    for (const key of Object.values(FIELDS)) {
      if (line.startsWith(key)) values.set(key, line.slice(line.lastIndexOf(": ") + 2).trim());
    }
  }
  const field = (key: string): string => {
    const value = values.get(key);
    if (value === undefined) throw new SyntaxError(`Cannot parse /usr/bin/time output: missing "${key}"`);
    return value;
  };
  return {
    wallS: parseElapsed(field(FIELDS.wall)),
    userS: parseNumber(field(FIELDS.user), FIELDS.user),
    sysS: parseNumber(field(FIELDS.sys), FIELDS.sys),
    maxRssKiB: parseNumber(field(FIELDS.rss), FIELDS.rss),
    exitStatus: parseNumber(field(FIELDS.exit), FIELDS.exit),
    signal,
  };
}

/** Parses time's elapsed format, `m:ss.ss` or `h:mm:ss`, into seconds. */
export function parseElapsed(text: string): number {
  const parts = text.split(":");
  if (parts.length < 2 || parts.length > 3) {
    throw new SyntaxError(`Cannot parse elapsed time "${text}": expected "m:ss.ss" or "h:mm:ss"`);
  }
  let seconds = 0;
  for (const part of parts) seconds = seconds * 60 + parseNumber(part, "elapsed time");
  return seconds;
}

function parseNumber(text: string, what: string): number {
  if (!/^\d+(\.\d+)?$/.test(text)) throw new SyntaxError(`Cannot parse ${what} "${text}": not a number`);
  return Number(text);
}

/** The shell snippet that redirects the measured command's output to files without the bench reading it. */
const REDIRECT = 'o=$1; e=$2; shift 2; exec "$@" >"$o" 2>"$e" </dev/null';

/**
 * Runs `sync`, then `argv` under `/usr/bin/time -v -o timeFile timeout timeoutS argv...`, with stdout and stderr
 * going straight to files. Resolves with the parsed report; rejects only if time wrote no usable report.
 */
export async function runMeasured(argv: readonly string[], options: RunMeasuredOptions): Promise<Measurement> {
  await new Deno.Command("sync").output();
  const args = [
    "-c",
    REDIRECT,
    "bench-step",
    options.stdoutFile,
    options.stderrFile,
    "/usr/bin/time",
    "-v",
    "-o",
    options.timeFile,
    "timeout",
    String(options.timeoutS),
    ...argv,
  ];
  const status = await new Deno.Command("sh", {
    args,
    ...(options.env ? { env: options.env } : {}),
    ...(options.cwd ? { cwd: options.cwd } : {}),
    stdin: "null",
    stdout: "null",
    stderr: "null",
  }).output();
  const sample = parseTimeOutput(await Deno.readTextFile(options.timeFile));
  return { ...sample, exitCode: status.code, timedOut: status.code === 124 };
}

/** The last `lines` non-empty lines of a text file, or "" when the file cannot be read. */
export async function readTail(path: string, lines: number): Promise<string> {
  try {
    const text = await Deno.readTextFile(path);
    return text.split("\n").filter((line) => line.trim() !== "").slice(-lines).join("\n");
  } catch {
    return "";
  }
}
