/**
 * One round of one tool: fresh copy of the dataset, (untimed) init, B1, B2, mutate.sh, B3, R, RC (rebuild the
 * database/index), C (delete all but the newest version and reclaim space), and the
 * fingerprint check of the restored tree.
 * @module
 */

import { type Measurement, readTail, runMeasured } from "./measure.ts";
import { check, diskUsage, exists, fingerprint, remove, treeBytes } from "./shell.ts";
import { mbPerSecond, STEP_LABELS, type StepName, type StepRecord, type ToolName } from "./summary.ts";
import type { ToolPlan } from "./tools.ts";

/** Outcome of the restore check. */
export interface RestoreCheck {
  round: number;
  tool: ToolName;
  /** fingerprint.sh of the source after mutate. */
  expected: string;
  /** fingerprint.sh of the restored tree that was compared, or null when nothing was restored. */
  got: string | null;
  /** The folder that held the restored copy of the source, or null. */
  root: string | null;
  match: boolean;
  /** How the restored tree was laid out when it was not where it was expected first, or why there is none. */
  note: string | null;
}

/** Startup cost of our CLI (`main.ts version`) in one round. */
export interface StartupRecord {
  round: number;
  ok: boolean;
  wallS: number;
  cpuS: number;
  maxRssMiB: number;
}

/** What a round needs besides the tool plan. */
export interface RoundContext {
  round: number;
  /** Pristine dataset, copied to `srcDir` with `cp -a`. */
  baseDir: string;
  srcDir: string;
  /** The shared bench scripts folder (mutate.sh, fingerprint.sh). */
  scriptsDir: string;
  logsDir: string;
  timeoutS: number;
  /** Leave the restored tree in place after the check. */
  keepRestore: boolean;
}

/** Records of one round of one tool. */
export interface RoundResult {
  records: StepRecord[];
  restore: RestoreCheck | null;
}

/** Runs the full sequence for one tool; a failed step marks the remaining steps as failed ("skipped"). */
export async function runRound(plan: ToolPlan, ctx: RoundContext): Promise<RoundResult> {
  for (const path of [plan.repoDir, plan.restoreDir, ctx.srcDir, ...plan.stateFiles]) remove(path);
  await check(["cp", "-a", ctx.baseDir, ctx.srcDir]);
  const records: StepRecord[] = [];
  const env = plan.env;
  const step = async (name: StepName, argv: string[], sourceBytes: number): Promise<boolean> => {
    const record = await measureStep(plan, { ctx, name, argv, sourceBytes });
    records.push(record);
    printRecord(ctx.round, record);
    return record.ok;
  };
  const skipRest = (from: StepName, why: string): RoundResult => {
    const names: StepName[] = ["B1", "B2", "B3", "R", "RC", "C"];
    for (const name of names.slice(names.indexOf(from))) {
      records.push(failedRecord(plan.name, { round: ctx.round, step: name, failure: `skipped: ${why}` }));
    }
    return { records, restore: null };
  };
  if (plan.init) {
    const init = await check(plan.init, { env }).then(() => null, (e: Error) => e.message);
    if (init !== null) return skipRest("B1", `init failed: ${init}`);
  }
  const bytesBefore = treeBytes(ctx.srcDir);
  if (!await step("B1", plan.backup, bytesBefore)) return skipRest("B2", "B1 failed");
  if (!await step("B2", plan.backup, bytesBefore)) return skipRest("B3", "B2 failed");
  const mutateOut = await check([`${ctx.scriptsDir}/mutate.sh`, ctx.srcDir]);
  await Deno.writeTextFile(`${ctx.logsDir}/r${ctx.round}-${plan.name}-mutate.out`, mutateOut);
  const bytesAfter = treeBytes(ctx.srcDir);
  if (!await step("B3", plan.backup, bytesAfter)) return skipRest("R", "B3 failed");
  const expected = await fingerprint(`${ctx.scriptsDir}/fingerprint.sh`, ctx.srcDir);
  Deno.mkdirSync(plan.restoreDir, { recursive: true });
  if (!await step("R", plan.restore, bytesAfter)) return { ...skipRest("RC", "R failed"), restore: null };
  const restore = await checkRestore(plan, { ctx, expected });
  console.log(
    `  ${plan.name} restore ${restore.match ? "MATCH" : "MISMATCH"}: ${restore.got ?? "nothing restored"}` +
      (restore.note ? ` (${restore.note})` : ""),
  );
  if (!ctx.keepRestore) remove(plan.restoreDir);
  for (const path of plan.recreatePrep) remove(path);
  if (!await step("RC", plan.recreate, bytesAfter)) return { ...skipRest("C", "RC failed"), restore };
  await step("C", plan.compact, bytesAfter);
  return { records, restore };
}

/** Measures `deno run main.ts version` once: the fixed cost every command of ours pays. */
export async function measureStartup(
  argv: string[],
  options: { round: number; logsDir: string; timeoutS: number },
): Promise<StartupRecord> {
  const prefix = `${options.logsDir}/r${options.round}-ours-version`;
  const m = await runMeasured(argv, {
    timeFile: `${prefix}.time`,
    stdoutFile: `${prefix}.out`,
    stderrFile: `${prefix}.err`,
    timeoutS: options.timeoutS,
  }).catch(() => null);
  if (!m) return { round: options.round, ok: false, wallS: 0, cpuS: 0, maxRssMiB: 0 };
  return {
    round: options.round,
    ok: m.exitCode === 0,
    wallS: m.wallS,
    cpuS: m.userS + m.sysS,
    maxRssMiB: m.maxRssKiB / 1024,
  };
}

async function measureStep(
  plan: ToolPlan,
  options: { ctx: RoundContext; name: StepName; argv: string[]; sourceBytes: number },
): Promise<StepRecord> {
  const { ctx, name } = options;
  const prefix = `${ctx.logsDir}/r${ctx.round}-${plan.name}-${name}`;
  let m: Measurement;
  try {
    m = await runMeasured(options.argv, {
      timeFile: `${prefix}.time`,
      stdoutFile: `${prefix}.out`,
      stderrFile: `${prefix}.err`,
      env: plan.env,
      timeoutS: ctx.timeoutS,
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return failedRecord(plan.name, { round: ctx.round, step: name, failure: message });
  }
  const okCodes = name === "B1" || name === "B2" || name === "B3" ? plan.backupOk : [0];
  const ok = okCodes.includes(m.exitCode);
  const repoBytes = name === "R" || name === "RC" ? null : await diskUsage(plan.repoDir);
  const record: StepRecord = {
    round: ctx.round,
    tool: plan.name,
    step: name,
    ok,
    exitCode: m.exitCode,
    wallS: m.wallS,
    cpuS: m.userS + m.sysS,
    maxRssMiB: m.maxRssKiB / 1024,
    sourceBytes: options.sourceBytes,
    repoBytes,
  };
  if (!ok) {
    const why = m.timedOut ? `timed out after ${ctx.timeoutS} s` : `exit code ${m.exitCode}`;
    const tail = await readTail(`${prefix}.err`, 15) || await readTail(`${prefix}.out`, 15);
    record.failure = `${why}; log ${prefix}.err\n${tail}`;
  }
  return record;
}

function failedRecord(tool: ToolName, fields: { round: number; step: StepName; failure: string }): StepRecord {
  return {
    ...fields,
    tool,
    ok: false,
    exitCode: -1,
    wallS: 0,
    cpuS: 0,
    maxRssMiB: 0,
    sourceBytes: 0,
    repoBytes: null,
  };
}

function printRecord(round: number, r: StepRecord): void {
  const head = `  [round ${round}] ${r.tool.padEnd(6)} ${STEP_LABELS[r.step].padEnd(16)}`;
  const repo = r.repoBytes === null ? "" : `, repo ${(r.repoBytes / 1048576).toFixed(1)} MiB`;
  const body = `${r.wallS.toFixed(2)} s wall, ${r.cpuS.toFixed(2)} s CPU, ${r.maxRssMiB.toFixed(0)} MiB RSS, ` +
    `${mbPerSecond(r).toFixed(0)} MB/s${repo}`;
  console.log(`${head} ${r.ok ? body : `FAILED (${(r.failure ?? "").split("\n")[0]})`}`);
}

/** Compares the restored tree with the expected fingerprint, trying the plan's candidate roots in order. */
async function checkRestore(plan: ToolPlan, options: { ctx: RoundContext; expected: string }): Promise<RestoreCheck> {
  const base = { round: options.ctx.round, tool: plan.name, expected: options.expected };
  const script = `${options.ctx.scriptsDir}/fingerprint.sh`;
  const candidates = plan.restoredRoots.filter((dir) => exists(dir) && Deno.lstatSync(dir).isDirectory);
  let first: { root: string; got: string } | null = null;
  for (const root of candidates) {
    const got = await fingerprint(script, root);
    if (got === options.expected) {
      const note = root === plan.restoredRoots[0]
        ? null
        : `restored tree found at "${root}", not at the expected "${plan.restoredRoots[0]}"`;
      return { ...base, got, root, match: true, note };
    }
    first ??= { root, got };
  }
  if (!first) return { ...base, got: null, root: null, match: false, note: `no folder at "${plan.restoreDir}"` };
  const tried = candidates.map((c) => `"${c}"`).join(", ");
  return { ...base, got: first.got, root: first.root, match: false, note: `compared "${first.root}"; tried ${tried}` };
}
