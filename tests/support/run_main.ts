/**
 * Runs `main.ts cli ...` as a subprocess, the way a user would, and captures its exit code and output.
 * @module
 */
import { fileURLToPath } from "node:url";

/** The repository root (this file lives in tests/support). */
export const REPO_ROOT: string = fileURLToPath(new URL("../../", import.meta.url)).replace(/\/$/, "");

/** What a finished run produced. */
export interface RunResult {
  readonly code: number;
  /** The signal that ended the process, or null. */
  readonly signal: Deno.Signal | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Environment of one run. */
export interface RunMainOptions {
  /** DUPLICATI_DATA_FOLDER for the run. */
  readonly dataFolder: string;
  /** TMPDIR for the run (temporary volumes and remote-only databases); defaults to the system's. */
  readonly tempDir?: string;
  /** Working directory; defaults to the repository root. */
  readonly cwd?: string;
  /** Extra environment variables. */
  readonly env?: Record<string, string>;
}

/** A started subprocess: `done` resolves when it ends; `kill` sends SIGKILL. */
export interface MainProcess {
  readonly pid: number;
  readonly done: Promise<RunResult>;
  kill(): void;
}

function childEnv(options: RunMainOptions): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(Deno.env.toObject())) {
    // Variables that would change what the program does are not inherited.
    if (key.startsWith("DUPLICATI") || key === "PASSPHRASE" || key === "TMPDIR") continue;
    env[key] = value;
  }
  env["DUPLICATI_DATA_FOLDER"] = options.dataFolder;
  env["NO_COLOR"] = "1";
  if (options.tempDir) env["TMPDIR"] = options.tempDir;
  return { ...env, ...options.env };
}

function command(args: readonly string[], options: RunMainOptions): Deno.Command {
  return new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-all", "--config", `${REPO_ROOT}/deno.json`, `${REPO_ROOT}/main.ts`, "cli", ...args],
    cwd: options.cwd ?? REPO_ROOT,
    env: childEnv(options),
    clearEnv: true,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  });
}

function toResult(output: Deno.CommandOutput): RunResult {
  const decoder = new TextDecoder();
  return {
    code: output.code,
    signal: output.signal,
    stdout: decoder.decode(output.stdout),
    stderr: decoder.decode(output.stderr),
  };
}

/** Runs `main.ts cli <args>` to completion. */
export async function runMain(args: readonly string[], options: RunMainOptions): Promise<RunResult> {
  return toResult(await command(args, options).output());
}

/** Starts `main.ts cli <args>` without waiting (for tests that kill it). Output is collected all the same. */
export function spawnMain(args: readonly string[], options: RunMainOptions): MainProcess {
  const child = command(args, options).spawn();
  const done = child.output().then(toResult);
  return {
    pid: child.pid,
    done,
    kill() {
      try {
        child.kill("SIGKILL");
      } catch {
        // already exited
      }
    },
  };
}

/** Formats a result for assertion messages. */
export function describeRun(result: RunResult): string {
  return `exit ${result.code}${
    result.signal ? ` (${result.signal})` : ""
  }\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`;
}
