/**
 * Crash torture: runs backup, delete, compact and repair over and over against one destination, SIGKILLs each run
 * at a random point (a random time offset, or the moment the destination, or for a database rebuild the data
 * folder, has changed by a random number of bytes), and checks after every kill that
 * - the next run of the same operation succeeds without manual steps (backup exit 0/1/2, delete and compact 0,
 *   repair 0 or 2),
 * - `test all` exits 0,
 * - the newest version and one other restore to exactly what was backed up (a partial version, the synthetic
 *   file list of a killed backup, to what the killed run or the version before saw),
 * and at the end that every version restores so, with the local database and (one) without.
 * Reproducible from its seed (TORTURE_SEED), as far as timing allows; TORTURE_KILLS sets the number of kills.
 * Parts: torture_tree.ts (PRNG, source tree), torture_plan.ts (operations, kill offsets, phases), torture_kill.ts
 * (kills), torture_versions.ts (what each version restores to).
 * @module
 */
import type { Workspace } from "./cli_workspace.ts";
import { describeRun, type RunResult } from "./run_main.ts";
import { folderChange, folderSizes, type KilledRun, type KillTrigger, runAndKill } from "./torture_kill.ts";
import { Prng, SourceTree } from "./torture_tree.ts";
import {
  chooseTrigger,
  describeTrigger,
  INITIAL_ESTIMATES,
  namesNewestFirst,
  OPTS,
  phaseOf,
  type Plan,
  planCycle,
  type State,
  type TortureOp,
  updateEstimate,
} from "./torture_plan.ts";
import {
  checkRestore,
  completeVersion,
  describeFailure,
  dlistNames,
  expectCodes,
  InvariantError,
  listedFlags,
  partialVersion,
} from "./torture_versions.ts";

export type { TortureOp };

const SUCCESS: Record<TortureOp, readonly number[]> = { backup: [0, 1, 2], delete: [0], compact: [0], repair: [0, 2] };
const TIME_BUCKETS = [250, 500, 1000, 2000];

/** How a torture run goes: its seed and how many kills must land. */
export interface TortureConfig {
  readonly seed: number;
  /** Kills that must land (the process was still running). */
  readonly kills: number;
  /** Give up (a failure) after this many cycles; default kills × 3 + 20. */
  readonly maxCycles?: number;
  /** One line per cycle; default console.log. */
  readonly log?: (line: string) => void;
}

/** What a finished torture run did. */
export interface TortureSummary {
  readonly seed: number;
  readonly cycles: number;
  readonly kills: number;
  readonly killsByOp: Readonly<Record<TortureOp, number>>;
  readonly cyclesByOp: Readonly<Record<TortureOp, number>>;
  /** "op/phase" → kills. */
  readonly killsByPhase: Readonly<Record<string, number>>;
  /** "<250ms", "250-500ms", ... → kills. */
  readonly killsByTime: Readonly<Record<string, number>>;
  readonly killsByTrigger: Readonly<Record<"time" | "bytes", number>>;
  readonly partialVersions: number;
  readonly versionsAtEnd: number;
  /** Temporary upload files (`*.partial-*`) that killed uploads left at the destination, and their bytes. */
  readonly leftoverUploads: { readonly files: number; readonly bytes: number };
  readonly elapsedMs: number;
}

/** The configuration from TORTURE_SEED and TORTURE_KILLS, else a random seed and `defaultKills`. */
export function tortureConfigFromEnv(defaultKills: number): TortureConfig {
  const seedText = Deno.env.get("TORTURE_SEED");
  const killsText = Deno.env.get("TORTURE_KILLS");
  const seed = seedText ? Number(seedText) >>> 0 : Math.floor(Math.random() * 0x7fffffff) + 1;
  const kills = killsText ? Number(killsText) : defaultKills;
  if (!Number.isInteger(kills) || kills < 1) {
    throw new Error(`Cannot run the torture: bad TORTURE_KILLS "${killsText}"`);
  }
  return { seed, kills };
}

/** Runs the torture in `ws` (a fresh workspace); throws an Error with a reproduction when an invariant breaks. */
export async function runTorture(ws: Workspace, config: TortureConfig): Promise<TortureSummary> {
  const log = config.log ?? ((line: string) => console.log(line));
  const started = performance.now();
  const state: State = {
    ws,
    rng: new Prng(config.seed),
    tree: new SourceTree(ws.src),
    book: new Map(),
    estimates: new Map(Object.entries(INITIAL_ESTIMATES).map(([k, v]) => [k, { ...v }])),
    treeNow: new Map(),
  };
  const stats = newStats();
  log(`crash torture: seed ${config.seed} (TORTURE_SEED=${config.seed}), ${config.kills} kills`);
  state.tree.create(state.rng);
  const maxCycles = config.maxCycles ?? config.kills * 3 + 20;
  let cycle = 0;
  while (stats.kills < config.kills) {
    if (cycle >= maxCycles) {
      throw new Error(
        `Crash torture (seed ${config.seed}): only ${stats.kills} of ${config.kills} kills landed in ${cycle} cycles`,
      );
    }
    cycle++;
    const current: CycleRecord = { phase: "" };
    try {
      await runCycle(state, { stats, current });
    } catch (error) {
      throw new Error(reproduction({ config, cycle, ...current, state, error }));
    }
    const { plan, trigger, killed, phase } = current as Required<CycleRecord>;
    log(
      `  cycle ${cycle} ${plan.variant}${plan.note ? ` (${plan.note})` : ""}: ${describeTrigger(trigger)}, ` +
        `${killed.landed ? `killed at ${killed.elapsedMs} ms [${phase}]` : `finished first (${killed.elapsedMs} ms)`}` +
        `; ${state.book.size} version(s); kills ${stats.kills}/${config.kills}`,
    );
  }
  try {
    await finalChecks(state);
  } catch (error) {
    throw new Error(reproduction({ config, cycle, phase: "", final: true, state, error }));
  }
  return {
    seed: config.seed,
    ...stats,
    versionsAtEnd: state.book.size,
    leftoverUploads: leftoverUploads(ws),
    elapsedMs: Math.round(performance.now() - started),
  };
}

/** What a cycle has done so far (for the report when it fails). */
interface CycleRecord {
  plan?: Plan;
  trigger?: KillTrigger;
  killed?: KilledRun;
  phase: string;
}

/** One cycle: plan, run and kill, run again, bring the version book up to date, verify. */
async function runCycle(state: State, env: { stats: Stats; current: CycleRecord }): Promise<void> {
  const { stats, current } = env;
  const plan = current.plan = await planCycle(state, stats.killsByOp);
  const trigger = current.trigger = chooseTrigger(state, plan);
  const killed = current.killed = await runAndKill(state.ws, { args: plan.args, trigger });
  const phase = current.phase = killed.landed ? phaseOf(plan.variant, killed) : "finished";
  if (killed.landed) {
    await rerun(state, plan);
  } else {
    checkCode(plan, killed.result, "the run that finished before its kill");
    updateEstimate(state, { plan, ms: killed.elapsedMs, run: killed });
  }
  stats.partialVersions += await settle(state, plan);
  await verifyCycle(state);
  stats.cycles++;
  stats.cyclesByOp[plan.op]++;
  if (killed.landed) record(stats, { op: plan.op, phase, ms: killed.elapsedMs, trigger: trigger.kind });
}

function newStats() {
  return {
    cycles: 0,
    kills: 0,
    killsByOp: { backup: 0, delete: 0, compact: 0, repair: 0 } as Record<TortureOp, number>,
    cyclesByOp: { backup: 0, delete: 0, compact: 0, repair: 0 } as Record<TortureOp, number>,
    killsByPhase: {} as Record<string, number>,
    killsByTime: {} as Record<string, number>,
    killsByTrigger: { time: 0, bytes: 0 },
    partialVersions: 0,
  };
}
type Stats = ReturnType<typeof newStats>;

function record(stats: Stats, kill: { op: TortureOp; phase: string; ms: number; trigger: "time" | "bytes" }): void {
  stats.kills++;
  stats.killsByOp[kill.op]++;
  stats.killsByTrigger[kill.trigger]++;
  const phase = `${kill.op}/${kill.phase}`;
  stats.killsByPhase[phase] = (stats.killsByPhase[phase] ?? 0) + 1;
  const bucket = timeBucket(kill.ms);
  stats.killsByTime[bucket] = (stats.killsByTime[bucket] ?? 0) + 1;
}

function timeBucket(ms: number): string {
  let low = 0;
  for (const high of TIME_BUCKETS) {
    if (ms < high) return low === 0 ? `<${high}ms` : `${low}-${high}ms`;
    low = high;
  }
  return `>=${low}ms`;
}

function checkCode(plan: Plan, result: RunResult, what: string): void {
  if (result.signal !== null || !SUCCESS[plan.op].includes(result.code)) {
    throw new InvariantError(
      `${what} (${plan.variant}): expected exit ${SUCCESS[plan.op].join(" or ")}, got ${result.code}`,
      result,
    );
  }
}

/** The next run of the killed operation: it must succeed without any manual step. */
async function rerun(state: State, plan: Plan): Promise<void> {
  const { ws } = state;
  let args = plan.args;
  if (plan.variant === "delete-version") {
    // The killed run may have removed the version already; then "the same" delete selects none.
    const listed = await listedFlags(ws, { opts: OPTS, what: "list-filesets after the killed delete" });
    const names = namesNewestFirst(state);
    const index = names.indexOf(plan.target!);
    const version = listed.length === names.length ? `--version=${index}` : "--keep-versions=1000";
    args = args.map((a) => a.startsWith("--version=") ? version : a);
  }
  const before = folderSizes(ws.dest), dataBefore = folderSizes(ws.data);
  const start = performance.now();
  const result = await ws.run(args);
  const ms = performance.now() - start;
  checkCode(plan, result, "the run after the kill");
  updateEstimate(state, {
    plan,
    ms,
    run: {
      dest: folderChange(before, { now: folderSizes(ws.dest) }),
      data: folderChange(dataBefore, { now: folderSizes(ws.data) }),
    },
  });
}

/** Updates the version book from the destination after the cycle's runs; returns the number of new partial versions. */
async function settle(state: State, plan: Plan): Promise<number> {
  const { ws, book } = state;
  const names = dlistNames(ws);
  const known = [...book.keys()].sort();
  const gone = known.filter((n) => !names.includes(n));
  const added = names.filter((n) => !book.has(n));
  let expectedGone: string[] = [];
  if (plan.variant === "delete-version") expectedGone = [plan.target!];
  if (plan.variant === "delete-keep") expectedGone = keepVersions(state, plan.keep!);
  if (gone.join() !== expectedGone.join()) {
    throw new InvariantError(`versions removed: expected [${expectedGone.join(", ")}], found [${gone.join(", ")}]`);
  }
  if (plan.op !== "backup" && added.length > 0) {
    throw new InvariantError(`${plan.variant} added versions: ${added.join(", ")}`);
  }
  for (const name of gone) book.delete(name);
  let partials = 0;
  if (plan.op === "backup" || plan.variant === "repair-rebuild" || plan.op === "delete") {
    const flags = (await listedFlags(ws, { opts: OPTS, what: "list-filesets" })).reverse(); // oldest first
    if (flags.length !== names.length) {
      throw new InvariantError(
        `list-filesets shows ${flags.length} version(s), the destination has ${names.length} dlist(s)`,
      );
    }
    if (known.length > 0 && added.some((n) => n < known.at(-1)!)) {
      throw new InvariantError(`a new version is older than known ones: ${added}`);
    }
    for (const [i, name] of names.entries()) {
      const expected = book.get(name);
      if (expected && expected.partial !== flags[i]) {
        throw new InvariantError(`version "${name}" is listed as ${flags[i] ? "partial" : "complete"}, it was not`);
      }
      if (expected) continue;
      const previous = i > 0 ? book.get(names[i - 1]!) : undefined;
      book.set(name, flags[i] ? partialVersion(state.treeNow, previous) : completeVersion(state.treeNow));
      if (flags[i]) partials++;
    }
  }
  return partials;
}

/** What `--keep-versions=keep` removes: versions behind the keep-th newest complete one. */
function keepVersions(state: State, keep: number): string[] {
  let full = 0;
  const gone: string[] = [];
  for (const name of namesNewestFirst(state)) {
    if (full >= keep) gone.push(name);
    if (!state.book.get(name)!.partial) full++;
  }
  return gone.sort();
}

/** After every cycle: `test all` passes, and the newest version and one random other restore as backed up. */
async function verifyCycle(state: State): Promise<void> {
  const { ws, rng } = state;
  await expectCodes(ws, { args: ["test", ws.destUrl, "all", ...OPTS], codes: [0], what: "test all" });
  const names = namesNewestFirst(state);
  const versions = names.length > 1 ? [0, rng.int(1, names.length - 1)] : names.length === 1 ? [0] : [];
  for (const version of versions) {
    await checkRestore(ws, { version, name: names[version]!, expected: state.book.get(names[version]!)!, opts: OPTS });
  }
}

/** At the end: every version restores as backed up; one also without the local database. */
async function finalChecks(state: State): Promise<void> {
  const { ws } = state;
  const names = namesNewestFirst(state);
  for (const [version, name] of names.entries()) {
    await checkRestore(ws, { version, name, expected: state.book.get(name)!, opts: OPTS });
  }
  const version = state.rng.int(0, names.length - 1);
  await checkRestore(ws, {
    version,
    name: names[version]!,
    expected: state.book.get(names[version]!)!,
    opts: [...OPTS, "--no-local-db"],
  });
}

/** A failure report: what broke, how to run it again, and what the killed run and the failing command said. */
function reproduction(input: {
  config: TortureConfig;
  cycle: number;
  plan?: Plan | undefined;
  trigger?: KillTrigger | undefined;
  killed?: KilledRun | undefined;
  phase: string;
  final?: boolean;
  state: State;
  error: unknown;
}): string {
  const { config, plan, trigger, killed } = input;
  const kept = keepEvidence(input.state.ws);
  const lines = [
    `Crash torture failed (seed ${config.seed}, ${input.final ? "final checks" : `cycle ${input.cycle}`}` +
    `${plan ? `, ${plan.variant}` : ""})`,
    `Reproduce: TORTURE_SEED=${config.seed} TORTURE_KILLS=${config.kills} deno test --allow-all ` +
    `tests/cli/crash_torture_test.ts (kills land by timing, so a rerun may differ slightly)`,
  ];
  if (plan) lines.push(`Operation: ${plan.args.join(" ")}${plan.note ? ` (${plan.note})` : ""}`);
  if (trigger) lines.push(`Kill: ${describeTrigger(trigger)}`);
  if (killed) {
    lines.push(
      killed.landed
        ? `Killed at ${killed.elapsedMs} ms [${input.phase}]; destination changed by ${killed.dest.bytes} bytes`
        : `The run finished before its kill (${killed.elapsedMs} ms)`,
      `Killed run output:\n${describeRun(killed.result)}`,
    );
  }
  lines.push(
    `Versions known: ${
      namesNewestFirst(input.state).map((n) => `${n}${input.state.book.get(n)!.partial ? " (partial)" : ""}`).join(", ")
    }`,
  );
  if (kept) lines.push(`Destination and data folder kept in ${kept}`);
  lines.push(`Failure: ${describeFailure(input.error)}`);
  return lines.join("\n");
}

/** Copies the destination, data folder and source to a folder that outlives the workspace, for investigation. */
function keepEvidence(ws: Workspace): string | undefined {
  try {
    const target = Deno.makeTempDirSync({ prefix: "torture-failure-" });
    for (const folder of ["dest", "data", "src"]) {
      new Deno.Command("cp", { args: ["-a", `${ws.root}/${folder}`, `${target}/${folder}`] }).outputSync();
    }
    return target;
  } catch {
    return undefined;
  }
}

function leftoverUploads(ws: Workspace): { files: number; bytes: number } {
  const partial = [...folderSizes(ws.dest)].filter(([name]) => /\.partial-[a-z0-9]+$/.test(name));
  return { files: partial.length, bytes: partial.reduce((n, [, size]) => n + size, 0) };
}

/** The summary printed at the end of a run. */
export function formatSummary(summary: TortureSummary): string {
  const entries = (record: Readonly<Record<string, number>>) =>
    Object.entries(record).sort(([a], [b]) => a < b ? -1 : 1).map(([k, v]) => `${k} ${v}`).join(", ");
  return [
    `crash torture summary (seed ${summary.seed}): ${summary.kills} kills landed in ${summary.cycles} cycles, ` +
    `${(summary.elapsedMs / 1000).toFixed(1)} s`,
    `  kills per operation: ${entries(summary.killsByOp)}`,
    `  cycles per operation: ${entries(summary.cyclesByOp)}`,
    `  kills per phase: ${entries(summary.killsByPhase)}`,
    `  kills per time after start: ${entries(summary.killsByTime)}`,
    `  kills per trigger: time ${summary.killsByTrigger.time}, bytes ${summary.killsByTrigger.bytes}`,
    `  partial versions seen: ${summary.partialVersions}; versions at the end: ${summary.versionsAtEnd}`,
    `  temporary upload files left at the destination by killed uploads: ${summary.leftoverUploads.files} ` +
    `(${summary.leftoverUploads.bytes} bytes)`,
  ].join("\n");
}
