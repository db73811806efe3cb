/**
 * `deno task bench`: our CLI against restic on the shared make-dataset.sh tree, side by side. Per round and tool:
 * B1 full backup, B2 no-change backup, B3 backup after mutate.sh, R full restore (verified with fingerprint.sh).
 * Prints per-step wall / CPU / peak RSS / MB/s / repo size, our ratio to restic, and PASS/MISS for the targets;
 * then the server's targets (GET /backups with 200 backups, idle CPU; server_bench.ts).
 * See `--help` for the options. Exit code: 0 when every step ran and every restore matched (whatever the targets
 * say), 1 when a step failed or a restore did not match, 2 when the bench could not start.
 * @module
 */

import { fileURLToPath } from "node:url";
import { resolve } from "node:path";
import { type BenchOptions, parseBenchArgs, USAGE } from "./bench_options.ts";
import { prepareDataset } from "./dataset.ts";
import { formatServerBench, runServerBench } from "./server_bench.ts";
import { formatReport } from "./report.ts";
import { measureStartup, type RestoreCheck, runRound, type StartupRecord } from "./run_round.ts";
import { capture, ensureInstalled, exists, remove } from "./shell.ts";
import { evaluateTargets, type StepRecord, summarize, type ToolName } from "./summary.ts";
import { type BenchLayout, oursCommand, oursPlan, resticPlan, type ToolPlan } from "./tools.ts";

const REPO_ROOT = fileURLToPath(new URL("..", import.meta.url)).replace(/\/$/, "");

async function main(args: string[]): Promise<number> {
  const options = parseBenchArgs(args);
  if (options.help) {
    console.log(USAGE);
    return 0;
  }
  const scriptsDir = findScripts();
  const timeMissing = await ensureInstalled("time", ["/usr/bin/time", "true"]);
  if (timeMissing) throw new Error(`Cannot measure steps without GNU time: ${timeMissing}`);
  const tools = await usableTools(options);
  const workDir = resolve(options.workDir);
  if (workDir === "/" || workDir === REPO_ROOT) throw new Error(`Cannot use "${workDir}" as the bench work dir`);
  const layout: BenchLayout = {
    repoRoot: REPO_ROOT,
    workDir,
    srcDir: `${workDir}/src`,
    passphrase: options.passphrase,
    extraArgs: options.extraArgs,
  };
  const plans = tools.map((t) => t === "ours" ? oursPlan(layout) : resticPlan(layout));
  const allPlans = [oursPlan(layout), resticPlan(layout)];
  const logsDir = `${workDir}/logs`;
  cleanWorkDir(workDir, { plans: allPlans, logs: true, dataset: false });
  Deno.mkdirSync(logsDir, { recursive: true });
  const dataset = await prepareDataset({ workDir, scriptsDir, scale: options.scale });
  const resticVersion = tools.includes("restic") ? (await capture(["restic", "version"])).stdout.trim() : null;
  console.log(`deno ${Deno.version.deno}${resticVersion ? `, ${resticVersion}` : ""}`);

  const records: StepRecord[] = [];
  const restores: RestoreCheck[] = [];
  const startup: StartupRecord[] = [];
  for (let round = 1; round <= options.rounds; round++) {
    console.log(`\n== round ${round}/${options.rounds}`);
    if (tools.includes("ours")) {
      const argv = oursCommand(layout, ["version"]);
      startup.push(await measureStartup(argv, { round, logsDir, timeoutS: options.timeoutS }));
    }
    // Alternate the order so neither tool always runs on the warmer machine.
    const order = round % 2 === 1 ? plans : [...plans].reverse();
    for (const plan of order) {
      const result = await runRound(plan, {
        round,
        baseDir: `${workDir}/base`,
        srcDir: layout.srcDir,
        scriptsDir,
        logsDir,
        timeoutS: options.timeoutS,
        keepRestore: options.keep && round === options.rounds,
      });
      records.push(...result.records);
      if (result.restore) restores.push(result.restore);
    }
  }

  const rows = summarize(records);
  const targets = evaluateTargets(rows);
  const report = { scale: options.scale, rounds: options.rounds, extraArgs: options.extraArgs, tools, rows, targets };
  console.log("\n" + formatReport({ ...report, dataset: dataset.fingerprint, records, restores, startup }));
  const server = tools.includes("ours") ? await runServerBench({ repoRoot: REPO_ROOT, workDir }) : null;
  if (server) console.log("\n" + formatServerBench(server));
  if (options.jsonFile !== null) {
    const file = options.jsonFile ||
      `${REPO_ROOT}/.bench/results-${new Date().toISOString().replace(/[:.]/g, "-")}.json`;
    Deno.mkdirSync(resolve(file, ".."), { recursive: true });
    const json = {
      version: 1,
      finishedAt: new Date().toISOString(),
      options: { ...options, passphrase: undefined, help: undefined },
      environment: { deno: Deno.version.deno, restic: resticVersion, cpus: navigator.hardwareConcurrency },
      dataset,
      startup,
      records,
      restores,
      summary: rows,
      targets,
      server,
    };
    Deno.writeTextFileSync(file, JSON.stringify(json, null, 2) + "\n");
    console.log(`\nJSON results written to ${file}`);
  }
  const failed = records.some((r) => !r.ok) || restores.some((r) => !r.match) || startup.some((s) => !s.ok);
  if (options.keep) console.log(`\nWork dir kept: ${workDir} (logs in ${logsDir})`);
  else if (failed) {
    cleanWorkDir(workDir, { plans: allPlans, logs: false, dataset: true });
    console.log(`\nSomething failed; step logs kept in ${logsDir}`);
  } else {
    cleanWorkDir(workDir, { plans: allPlans, logs: true, dataset: true });
    try {
      Deno.removeSync(workDir);
    } catch { /* not empty: it holds files the bench did not create */ }
  }
  return failed ? 1 : 0;
}

/** The shared bench scripts: `<repo>/../shared/bench`, else relative to the current directory. */
function findScripts(): string {
  const candidates = [`${REPO_ROOT}/../shared/bench`, resolve("../shared/bench"), resolve("shared/bench")];
  const found = candidates.find((dir) => exists(`${dir}/make-dataset.sh`));
  if (!found) {
    throw new Error(`Cannot find the shared bench scripts: tried ${candidates.map((c) => `"${c}"`).join(", ")}`);
  }
  return resolve(found);
}

/** The requested tools that can run: ours needs main.ts; restic is installed with apt-get if missing, else skipped. */
async function usableTools(options: BenchOptions): Promise<ToolName[]> {
  const tools: ToolName[] = [];
  for (const tool of options.tools) {
    if (tool === "ours") {
      if (!exists(`${REPO_ROOT}/main.ts`)) {
        throw new Error(`Cannot benchmark our CLI: "${REPO_ROOT}/main.ts" does not exist (use --only=restic)`);
      }
      tools.push(tool);
      continue;
    }
    const missing = await ensureInstalled("restic", ["restic", "version"]);
    if (missing) console.log(`Skipping restic: ${missing}`);
    else tools.push(tool);
  }
  if (tools.length === 0) throw new Error("Cannot run the bench: no tool left to measure");
  return tools;
}

/** Removes what runs of the bench leave in the work dir (never anything else). */
function cleanWorkDir(workDir: string, options: { plans: ToolPlan[]; logs: boolean; dataset: boolean }): void {
  const own = [`${workDir}/src`];
  if (options.logs) own.push(`${workDir}/logs`);
  if (options.dataset) own.push(`${workDir}/base`, `${workDir}/base.stamp`);
  for (const plan of options.plans) own.push(plan.repoDir, plan.restoreDir, ...plan.stateFiles);
  for (const path of own) remove(path);
}

if (import.meta.main) {
  try {
    Deno.exit(await main(Deno.args));
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    Deno.exit(2);
  }
}
