/**
 * Command-line options of `deno task bench`.
 * @module
 */

import { UserInputError } from "../lib/core/errors.ts";

/** Parsed options of the benchmark harness. */
export interface BenchOptions {
  /** DATASET_SCALE for make-dataset.sh (1 = 1.5 GB, 30,025 files). */
  scale: number;
  /** Keep the work dir (dataset, last repositories and restores) at the end; a kept dataset of the same scale is reused. */
  keep: boolean;
  workDir: string;
  /** Which tools run; both by default. */
  tools: ("ours" | "restic")[];
  rounds: number;
  passphrase: string;
  /** Extra arguments appended to our backup command. */
  extraArgs: string[];
  /** Where to write JSON results: null for none, "" for the default `<repo>/.bench/results-<time>.json`. */
  jsonFile: string | null;
  /** Per-step timeout in seconds. */
  timeoutS: number;
  help: boolean;
}

/** The usage text printed by `--help`. */
export const USAGE = `Usage: deno task bench [options]

Builds the make-dataset.sh tree and runs, for our CLI and for restic side by side:
B1 full backup, B2 no-change backup, B3 backup after mutate.sh, R full restore (checked with fingerprint.sh).

Options:
  --scale=N          dataset scale for make-dataset.sh (default 1 = 1.5 GB; 0.05 = 72 MiB)
  --rounds=N         repeat the whole sequence N times; report median and min-max (default 1)
  --only=ours|restic run one tool only
  --work-dir=DIR     work folder (default /tmp/dup-bench)
  --keep             keep the work folder; a kept dataset of the same scale is reused next time
  --passphrase=P     passphrase for both tools (default bench-password-1)
  --extra-args=ARGS  extra arguments for our backup, split on spaces (repeatable),
                     e.g. --extra-args=--zip-compression-method=ZStandard
  --json[=FILE]      also write the results as JSON (default FILE: <repo>/.bench/results-<time>.json)
  --timeout=S        per-step timeout in seconds (default 1800)
  --help             show this text`;

const VALUE_OPTIONS = new Set(["scale", "rounds", "only", "work-dir", "passphrase", "extra-args", "timeout"]);

/** Parses the bench's arguments; `--name=value` and `--name value` both work (`--json` only as `--json=FILE`). */
export function parseBenchArgs(args: readonly string[]): BenchOptions {
  const options: BenchOptions = {
    scale: 1,
    keep: false,
    workDir: "/tmp/dup-bench",
    tools: ["ours", "restic"],
    rounds: 1,
    passphrase: "bench-password-1",
    extraArgs: [],
    jsonFile: null,
    timeoutS: 1800,
    help: false,
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const match = /^--([a-z-]+)(?:=(.*))?$/s.exec(arg);
    if (!match) throw new UserInputError(`Cannot parse bench argument "${arg}": expected --name or --name=value`);
    const name = match[1]!;
    let value = match[2];
    if (value === undefined && VALUE_OPTIONS.has(name)) {
      value = args[++i];
      if (value === undefined) throw new UserInputError(`Cannot parse bench option "--${name}": missing value`);
    }
    applyOption(options, name, value);
  }
  return options;
}

function applyOption(options: BenchOptions, name: string, value: string | undefined): void {
  switch (name) {
    case "scale":
      options.scale = parsePositive(name, value!, false);
      return;
    case "rounds":
      options.rounds = parsePositive(name, value!, true);
      return;
    case "timeout":
      options.timeoutS = parsePositive(name, value!, true);
      return;
    case "only":
      if (value !== "ours" && value !== "restic") {
        throw new UserInputError(`Cannot parse bench option "--only=${value}": expected "ours" or "restic"`);
      }
      options.tools = [value];
      return;
    case "work-dir":
      options.workDir = value!;
      return;
    case "passphrase":
      options.passphrase = value!;
      return;
    case "extra-args":
      options.extraArgs.push(...value!.split(/\s+/).filter((a) => a !== ""));
      return;
    case "json":
      options.jsonFile = value ?? "";
      return;
    case "keep":
    case "help":
      if (value !== undefined) throw new UserInputError(`Cannot parse bench option "--${name}": it takes no value`);
      options[name] = true;
      return;
    default:
      throw new UserInputError(`Cannot parse bench option "--${name}": unknown option (see --help)`);
  }
}

function parsePositive(name: string, value: string, integer: boolean): number {
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) {
    const kind = integer ? "a positive integer" : "a positive number";
    throw new UserInputError(`Cannot parse bench option "--${name}=${value}": expected ${kind}`);
  }
  return n;
}
