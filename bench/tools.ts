/**
 * The command lines of the two benchmarked tools: our CLI (run through the same deno that runs the bench) and
 * restic (repository version 2, the compressing format).
 * @module
 */

import { v8FlagsArgument } from "../scripts/v8_flags.ts";
import type { ToolName } from "./summary.ts";

/** Paths shared by both tools inside the work dir. */
export interface BenchLayout {
  /** The repo checkout (holds main.ts). */
  repoRoot: string;
  workDir: string;
  /** The source tree every backup reads (a fresh `cp -a` of the dataset per tool and round). */
  srcDir: string;
  passphrase: string;
  extraArgs: readonly string[];
}

/** Everything the runner needs to benchmark one tool. */
export interface ToolPlan {
  name: ToolName;
  /** Environment for every command of the tool. */
  env: Record<string, string>;
  /** Untimed repository creation, or null when the first backup creates it. */
  init: string[] | null;
  backup: string[];
  restore: string[];
  /** Rebuilds the local database / index from the repository (after `recreatePrep` paths are removed). */
  recreate: string[];
  recreatePrep: string[];
  /** Deletes every version but the newest and reclaims the space. */
  compact: string[];
  /** Exit codes that count as success for a backup. */
  backupOk: readonly number[];
  repoDir: string;
  restoreDir: string;
  /** Files and folders the tool leaves next to the repo (local database, cache); removed before each round. */
  stateFiles: string[];
  /** Where the restored copy of `srcDir` is expected, most likely first. */
  restoredRoots: string[];
}

/**
 * The argv that runs our CLI with `args`: `<deno> run --allow-all --v8-flags=... <repo>/main.ts ...args`, with the
 * V8 flags the compiled executable has built in (scripts/v8_flags.ts), so the bench measures what we ship.
 */
export function oursCommand(layout: Pick<BenchLayout, "repoRoot">, args: readonly string[]): string[] {
  return [Deno.execPath(), "run", "--allow-all", v8FlagsArgument(), `${layout.repoRoot}/main.ts`, ...args];
}

/** Our CLI: backup exits 0, or 1 when nothing was uploaded; restore strips the common source folder. */
export function oursPlan(layout: BenchLayout): ToolPlan {
  const w = layout.workDir;
  const repoDir = `${w}/repo-ours`;
  const restoreDir = `${w}/restore-ours`;
  const db = `${w}/ours.sqlite`;
  const common = [`--passphrase=${layout.passphrase}`, `--dbpath=${db}`];
  const srcBase = layout.srcDir.slice(layout.srcDir.lastIndexOf("/") + 1);
  return {
    name: "ours",
    env: {},
    init: null,
    backup: oursCommand(layout, ["cli", "backup", `file://${repoDir}`, layout.srcDir, ...common, ...layout.extraArgs]),
    restore: oursCommand(layout, ["cli", "restore", `file://${repoDir}`, `--restore-path=${restoreDir}`, ...common]),
    recreate: oursCommand(layout, ["cli", "repair", `file://${repoDir}`, ...common]),
    recreatePrep: [db, `${db}-journal`, `${db}-wal`, `${db}-shm`],
    compact: oursCommand(layout, ["cli", "delete", `file://${repoDir}`, "--keep-versions=1", ...common]),
    backupOk: [0, 1],
    repoDir,
    restoreDir,
    stateFiles: [db, `${db}-journal`, `${db}-wal`, `${db}-shm`],
    restoredRoots: [restoreDir, `${restoreDir}/${srcBase}`, `${restoreDir}${layout.srcDir}`],
  };
}

/** restic: passphrase, repository and cache through the environment, files restored under `<target><abs src>`. */
export function resticPlan(layout: BenchLayout): ToolPlan {
  const w = layout.workDir;
  const repoDir = `${w}/repo-restic`;
  const cacheDir = `${w}/cache-restic`;
  const restoreDir = `${w}/restore-restic`;
  return {
    name: "restic",
    env: { RESTIC_PASSWORD: layout.passphrase, RESTIC_REPOSITORY: repoDir, RESTIC_CACHE_DIR: cacheDir },
    init: ["restic", "init", "--repository-version", "2"],
    backup: ["restic", "backup", "--host", "bench", layout.srcDir],
    restore: ["restic", "restore", "latest", "--target", restoreDir],
    recreate: ["restic", "rebuild-index"],
    recreatePrep: [cacheDir],
    compact: ["restic", "forget", "--keep-last", "1", "--prune"],
    backupOk: [0],
    repoDir,
    restoreDir,
    stateFiles: [cacheDir],
    restoredRoots: [`${restoreDir}${layout.srcDir}`, restoreDir],
  };
}
