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
 * Parts: torture_tree.ts (PRNG, source tree), torture_kill.ts (kills), torture_versions.ts (expected versions).
 * @module
 */
import type { Workspace } from "./cli_workspace.ts";
import { describeRun, type RunResult } from "./run_main.ts";
import { folderChange, folderSizes, type KilledRun, type KillTrigger, runAndKill } from "./torture_kill.ts";
import { Prng, SourceTree } from "./torture_tree.ts";
import { treeDigests } from "./cli_workspace.ts";
import {
  checkRestore,
  completeVersion,
  describeFailure,
  dlistNames,
  type Expected,
  expectCodes,
  InvariantError,
  listedFlags,
  partialVersion,
} from "./torture_versions.ts";

/** The four operations killed. */
export type TortureOp = "backup" | "delete" | "compact" | "repair";
type Variant = "backup" | "delete-keep" | "delete-version" | "compact" | "repair-rebuild" | "repair-dindex";
const OPS: readonly TortureOp[] = ["backup", "delete", "compact", "repair"];
const OPTS = ["--blocksize=16kb", "--dblock-size=128kb", "--passphrase=torture secret"];
const SUCCESS: Record<TortureOp, readonly number[]> = { backup: [0, 1, 2], delete: [0], compact: [0], repair: [0, 2] };
const TIME_BUCKETS = [250, 500, 1000, 2000];

export interface TortureConfig {
  readonly seed: number;
  /** Kills that must land (the process was still running). */
  readonly kills: number;
  /** Give up (a failure) after this many cycles; default kills × 3 + 20. */
  readonly maxCycles?: number;
  /** One line per cycle; default console.log. */
  readonly log?: (line: string) => void;
}

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
  readonly elapsedMs: number;
}

/** The configuration from TORTURE_SEED and TORTURE_KILLS, else a random seed and `defaultKills`. */
export function tortureConfigFromEnv(defaultKills: number): TortureConfig {
  const seedText = Deno.env.get("TORTURE_SEED");
  const killsText = Deno.env.get("TORTURE_KILLS");
  const seed = seedText ? Number(seedText) >>> 0 : Math.floor(Math.random() * 0x7fffffff) + 1;
  const kills = killsText ? Number(killsText) : defaultKills;
  if (!Number.isInteger(kills) || kills < 1) throw new Error(`Cannot run the torture: bad TORTURE_KILLS "${killsText}"`);
  return { seed, kills };
}

/** Which version a cycle's check restores besides the newest, and the workspace state a cycle needs. */
interface State {
  readonly ws: Workspace;
  readonly rng: Prng;
  readonly tree: SourceTree;
  /** dlist name → what that version restores to. */
  readonly book: Map<string, Expected>;
  readonly estimates: Map<Variant, { ms: number; bytes: number }>;
  treeNow: Map<string, string>;
}

/** One planned run: what to start and what to check after it. */
interface Plan {
  readonly variant: Variant;
  readonly op: TortureOp;
  readonly args: string[];
  /** For delete-version: the dlist it removes. */
  readonly target?: string;
  readonly keep?: number;
  readonly note: string;
}

const INITIAL_ESTIMATES: Record<Variant, { ms: number; bytes: number }> = {
  "backup": { ms: 1500, bytes: 1_500_000 },
  "delete-keep": { ms: 1200, bytes: 600_000 },
  "delete-version": { ms: 1200, bytes: 600_000 },
  "compact": { ms: 1200, bytes: 1_000_000 },
  "repair-rebuild": { ms: 1200, bytes: 400_000 },
  "repair-dindex": { ms: 700, bytes: 20_000 },
};

/** Runs the torture in `ws` (a fresh workspace); throws an Error with a reproduction when an invariant breaks. */
export async function runTorture(ws: Workspace, config: TortureConfig): Promise<TortureSummary> {
  const log = config.log ?? ((line: string) => console.log(line));
  const started = performance.now();
  const state: State = {
    ws,
    rng: new Prng(config.seed),
    tree: new SourceTree(ws.src),
    book: new Map(),
    estimates: new Map(Object.entries(INITIAL_ESTIMATES).map(([k, v]) => [k as Variant, { ...v }])),
    treeNow: new Map(),
  };
  const stats = newStats();
  log(`crash torture: seed ${config.seed} (TORTURE_SEED=${config.seed}), ${config.kills} kills`);
  state.tree.create(state.rng);
  const maxCycles = config.maxCycles ?? config.kills * 3 + 20;
  let cycle = 0;
  while (stats.kills < config.kills) {
    if (cycle >= maxCycles) {
      throw new Error(`Crash torture (seed ${config.seed}): only ${stats.kills} of ${config.kills} kills landed in ${cycle} cycles`);
    }
    cycle++;
    const plan = planCycle(state, stats);
    const trigger = chooseTrigger(state, plan.variant);
    let killed: KilledRun | undefined;
    let phase = "";
    try {
      killed = await runAndKill(ws, { args: plan.args, trigger });
      phase = killed.landed ? phaseOf(plan.variant, killed) : "finished";
      if (killed.landed) {
        await rerun(state, plan);
      } else {
        checkCode(plan, killed.result, "the run that finished before its kill");
        updateEstimate(state, plan.variant, killed.elapsedMs, killed);
      }
      stats.partialVersions += await settle(state, plan);
      await verifyCycle(state);
    } catch (error) {
      throw new Error(reproduction({ config, cycle, plan, trigger, killed, phase, state, error }));
    }
    stats.cycles++;
    stats.cyclesByOp[plan.op]++;
    if (killed.landed) record(stats, { op: plan.op, phase, ms: killed.elapsedMs, trigger: trigger.kind });
    log(
      `  cycle ${cycle} ${plan.variant}${plan.note ? ` (${plan.note})` : ""}: ${describeTrigger(trigger)}, ` +
        `${killed.landed ? `killed at ${killed.elapsedMs} ms [${phase}]` : `finished first (${killed.elapsedMs} ms)`}` +
        `; ${state.book.size} version(s); kills ${stats.kills}/${config.kills}`,
    );
  }
  try {
    await finalChecks(state);
  } catch (error) {
    throw new Error(reproduction({ config, cycle, plan: undefined, trigger: undefined, killed: undefined, phase: "", state, error }));
  }
  return {
    seed: config.seed,
    ...stats,
    versionsAtEnd: state.book.size,
    elapsedMs: Math.round(performance.now() - started),
  };
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

/** Versions newest first. */
function namesNewestFirst(state: State): string[] {
  return [...state.book.keys()].sort().reverse();
}

function planCycle(state: State, stats: Stats): Plan {
  const { rng, ws } = state;
  const names = namesNewestFirst(state);
  const full = names.filter((n) => !state.book.get(n)!.partial).length;
  const eligible = OPS.filter((op) =>
    op === "backup" || (op === "delete" && names.length >= 3 && full >= 2) || (op !== "delete" && names.length >= 1)
  );
  let op: TortureOp;
  if (names.length > 7 && eligible.includes("delete")) op = "delete";
  else if (rng.chance(0.5)) op = eligible.reduce((a, b) => stats.killsByOp[b] < stats.killsByOp[a] ? b : a);
  else op = rng.pick(eligible);
  if (op === "backup") {
    const note = names.length === 0 ? "first" : state.tree.mutate(rng);
    state.treeNow = treeDigests(ws.src);
    return { variant: "backup", op, args: ["backup", ws.destUrl, ws.src, ...OPTS], note };
  }
  if (op === "compact") {
    const threshold = rng.int(0, 20);
    const args = ["compact", ws.destUrl, `--threshold=${threshold}`, "--small-file-max-count=0", ...OPTS];
    return { variant: "compact", op, args, note: `threshold ${threshold}` };
  }
  if (op === "delete") {
    const compactArgs = rng.chance(0.4)
      ? ["--no-auto-compact"]
      : [`--threshold=${rng.int(0, 20)}`, "--small-file-max-count=0"];
    const note = compactArgs.length === 1 ? "no auto-compact" : compactArgs[0]!.slice(2);
    if (rng.chance(0.5)) {
      const keep = rng.int(1, full - 1);
      const args = ["delete", ws.destUrl, `--keep-versions=${keep}`, ...compactArgs, ...OPTS];
      return { variant: "delete-keep", op, args, keep, note: `keep ${keep}, ${note}` };
    }
    const version = rng.int(0, names.length - 1);
    const args = ["delete", ws.destUrl, `--version=${version}`, ...compactArgs, ...OPTS];
    return { variant: "delete-version", op, args, target: names[version]!, note: `version ${version}, ${note}` };
  }
  const dindexes = ws.remoteNames("dindex");
  if (dindexes.length > 0 && rng.chance(0.5)) {
    const victim = rng.pick(dindexes);
    Deno.removeSync(`${ws.dest}/${victim}`);
    return { variant: "repair-dindex", op, args: ["repair", ws.destUrl, ...OPTS], note: `deleted ${victim}` };
  }
  Deno.removeSync(ws.data, { recursive: true });
  return { variant: "repair-rebuild", op, args: ["repair", ws.destUrl, ...OPTS], note: "local database deleted" };
}

function chooseTrigger(state: State, variant: Variant): KillTrigger {
  const estimate = state.estimates.get(variant)!;
  if (state.rng.chance(0.5)) return { kind: "time", ms: state.rng.int(0, Math.round(estimate.ms)) };
  const watch = variant === "repair-rebuild" ? "data" : "dest";
  return { kind: "bytes", bytes: state.rng.int(1, Math.max(1, Math.round(estimate.bytes))), watch };
}

function describeTrigger(trigger: KillTrigger): string {
  return trigger.kind === "time" ? `kill at ${trigger.ms} ms` : `kill after ${trigger.bytes} bytes in ${trigger.watch}`;
}

/** Remembers how long and how much a finished run of `variant` took (recent maximum, slowly forgotten). */
function updateEstimate(state: State, variant: Variant, ms: number, run: { dest: { bytes: number }; data: { bytes: number } }) {
  const estimate = state.estimates.get(variant)!;
  const bytes = variant === "repair-rebuild" ? run.data.bytes : run.dest.bytes;
  estimate.ms = Math.max(ms, estimate.ms * 0.85);
  estimate.bytes = Math.max(bytes, estimate.bytes * 0.85);
}

/** What the run had reached when it was killed, from what it had changed at the destination and locally. */
function phaseOf(variant: Variant, run: KilledRun): string {
  const { dest, data } = run;
  const local = data.bytes > 0 ? "local-db" : "startup";
  switch (variant) {
    case "backup":
      return dest.added.has("dlist") ? "dlist+" : dest.added.size > 0 ? "volumes" : local;
    case "delete-keep":
    case "delete-version":
      if ([...dest.removed].some((k) => k !== "dlist")) return "compact-delete";
      if (dest.added.size > 0) return "compact-upload";
      return dest.removed.has("dlist") ? "dlist-deleted" : local;
    case "compact":
      return dest.removed.size > 0 ? "delete" : dest.added.size > 0 ? "upload" : local;
    case "repair-dindex":
      return dest.added.size > 0 ? "upload" : local;
    case "repair-rebuild":
      return dest.added.size > 0 ? "reconcile" : data.bytes > 0 ? "recreate" : "startup";
  }
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
  updateEstimate(state, plan.variant, ms, {
    dest: folderChange(before, folderSizes(ws.dest)),
    data: folderChange(dataBefore, folderSizes(ws.data)),
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
      throw new InvariantError(`list-filesets shows ${flags.length} version(s), the destination has ${names.length} dlist(s)`);
    }
    if (added.some((n) => n < known.at(-1)!)) throw new InvariantError(`a new version is older than known ones: ${added}`);
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
  plan: Plan | undefined;
  trigger: KillTrigger | undefined;
  killed: KilledRun | undefined;
  phase: string;
  state: State;
  error: unknown;
}): string {
  const { config, plan, trigger, killed } = input;
  const kept = keepEvidence(input.state.ws);
  const lines = [
    `Crash torture failed (seed ${config.seed}, cycle ${input.cycle}${plan ? `, ${plan.variant}` : ", final checks"})`,
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
  lines.push(`Versions known: ${namesNewestFirst(input.state).map((n) => `${n}${input.state.book.get(n)!.partial ? " (partial)" : ""}`).join(", ")}`);
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
  ].join("\n");
}
