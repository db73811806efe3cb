/**
 * Crash torture, part four: what each cycle runs (operation, arguments, the state it prepares, such as a deleted
 * local database or dindex file), when it kills (a random time or byte offset, from moving estimates of how long
 * and how much a finished run of that kind takes), and which phase a killed run had reached.
 * @module
 */
import { treeDigests, type Workspace } from "./cli_workspace.ts";
import type { KilledRun, KillTrigger } from "./torture_kill.ts";
import type { Prng, SourceTree } from "./torture_tree.ts";
import { expectCodes, type Expected } from "./torture_versions.ts";

/** The four operations killed. */
export type TortureOp = "backup" | "delete" | "compact" | "repair";
/** The kinds of cycle: the operation and how it is set up. */
export type Variant = "backup" | "delete-keep" | "delete-version" | "compact" | "repair-rebuild" | "repair-dindex";
/** Every operation the torture kills. */
export const OPS: readonly TortureOp[] = ["backup", "delete", "compact", "repair"];
/** Options every command gets: small blocks and volumes (many steps to kill in), encryption. */
export const OPTS = ["--blocksize=16kb", "--dblock-size=128kb", "--passphrase=torture secret"];

/** What the torture carries from cycle to cycle. */
export interface State {
  readonly ws: Workspace;
  readonly rng: Prng;
  readonly tree: SourceTree;
  /** dlist name → what that version restores to. */
  readonly book: Map<string, Expected>;
  /** Estimate key → how long and how many bytes a finished run takes. */
  readonly estimates: Map<string, { ms: number; bytes: number }>;
  treeNow: Map<string, string>;
}

/** One planned run: what to start and what to check after it. */
export interface Plan {
  readonly variant: Variant;
  readonly op: TortureOp;
  /** Which estimate of duration and bytes changed applies (deletes with and without auto-compact differ). */
  readonly estimateKey: string;
  readonly args: string[];
  /** For delete-version: the dlist it removes. */
  readonly target?: string;
  readonly keep?: number;
  /** Bytes a finished run will change, when known better than the estimate (a compact's dry run tells). */
  readonly bytesHint?: number;
  readonly note: string;
}

/** First guesses of a finished run's duration and bytes changed; each finished run then updates them. */
export const INITIAL_ESTIMATES: Record<string, { ms: number; bytes: number }> = {
  "backup": { ms: 800, bytes: 800_000 },
  "delete": { ms: 600, bytes: 300_000 },
  "delete-no-compact": { ms: 400, bytes: 7_000 },
  "compact": { ms: 500, bytes: 200_000 },
  "repair-rebuild": { ms: 500, bytes: 300_000 },
  "repair-dindex": { ms: 350, bytes: 2_000 },
};
/** Below this many bytes changed by a finished run, a byte offset would rarely land: kill by time instead. */
const MIN_BYTES_TRIGGER = 2_000;
/** About the size of one dlist of the torture tree. */
const DLIST_BYTES = 6_000;

/** Versions newest first. */
export function namesNewestFirst(state: State): string[] {
  return [...state.book.keys()].sort().reverse();
}

/**
 * Chooses the next cycle's operation (spreading kills over the four) and prepares the workspace for it. A compact
 * is first tried with --dry-run: when it has nothing to do, the cycle backs up instead.
 */
export async function planCycle(state: State, killsByOp: Readonly<Record<TortureOp, number>>): Promise<Plan> {
  const { rng } = state;
  const names = namesNewestFirst(state);
  const full = names.filter((n) => !state.book.get(n)!.partial).length;
  const eligible = OPS.filter((op) =>
    op === "backup" || (op === "delete" && names.length >= 4 && full >= 3) ||
    (op !== "delete" && names.length >= 1)
  );
  let op: TortureOp;
  if (names.length > 8 && eligible.includes("delete")) op = "delete";
  else if (rng.chance(0.5)) op = eligible.reduce((a, b) => killsByOp[b] < killsByOp[a] ? b : a);
  else op = rng.pick(eligible);
  if (op === "compact") return await planCompact(state) ?? planBackup(state);
  if (op === "delete") return planDelete(state, { names, full });
  if (op === "repair") return planRepair(state);
  return planBackup(state);
}

function planBackup(state: State): Plan {
  const { ws } = state;
  const note = state.book.size === 0 ? "first" : state.tree.mutate(state.rng);
  state.treeNow = treeDigests(ws.src);
  return {
    variant: "backup",
    op: "backup",
    estimateKey: "backup",
    args: ["backup", ws.destUrl, ws.src, ...OPTS],
    note,
  };
}

async function planCompact(state: State): Promise<Plan | undefined> {
  const { ws } = state;
  const threshold = state.rng.int(0, 20);
  const small = state.rng.pick(["26kb", "48kb", "80kb"]);
  const args = [
    "compact",
    ws.destUrl,
    `--threshold=${threshold}`,
    `--small-file-size=${small}`,
    "--small-file-max-count=0",
    ...OPTS,
  ];
  const dry = await expectCodes(ws, { args: [...args, "--dry-run"], codes: [0], what: "compact --dry-run" });
  if (dry.stdout.includes("Compacting not needed")) return undefined;
  // "... reclaiming up to 1.2 MiB": the compact deletes that much and uploads at most as much again.
  const reclaim = /reclaiming up to ([\d.]+) (bytes|KiB|MiB|GiB)/.exec(dry.stdout);
  const unit = { bytes: 1, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3 }[reclaim?.[2] ?? "bytes"] ?? 1;
  const bytesHint = reclaim ? Number(reclaim[1]) * unit * 1.5 : undefined;
  return {
    variant: "compact",
    op: "compact",
    estimateKey: "compact",
    args,
    note: `threshold ${threshold}, small files below ${small}`,
    ...(bytesHint ? { bytesHint } : {}),
  };
}

function planDelete(state: State, versions: { names: string[]; full: number }): Plan {
  const { rng, ws } = state;
  const noCompact = rng.chance(0.4);
  const compactArgs = noCompact ? ["--no-auto-compact"] : [`--threshold=${rng.int(0, 20)}`, "--small-file-max-count=0"];
  const base = { op: "delete" as const, estimateKey: noCompact ? "delete-no-compact" : "delete" };
  const note = noCompact ? "no auto-compact" : compactArgs[0]!.slice(2);
  if (rng.chance(0.5)) {
    const keep = rng.int(2, versions.full - 1);
    const args = ["delete", ws.destUrl, `--keep-versions=${keep}`, ...compactArgs, ...OPTS];
    return { ...base, variant: "delete-keep", args, keep, note: `keep ${keep}, ${note}` };
  }
  const version = rng.int(0, versions.names.length - 1);
  const args = ["delete", ws.destUrl, `--version=${version}`, ...compactArgs, ...OPTS];
  const target = versions.names[version]!;
  return { ...base, variant: "delete-version", args, target, note: `version ${version}, ${note}` };
}

function planRepair(state: State): Plan {
  const { rng, ws } = state;
  const args = ["repair", ws.destUrl, ...OPTS];
  const dindexes = ws.remoteNames("dindex");
  if (dindexes.length > 0 && rng.chance(0.5)) {
    const victim = rng.pick(dindexes);
    Deno.removeSync(`${ws.dest}/${victim}`);
    return { variant: "repair-dindex", op: "repair", estimateKey: "repair-dindex", args, note: `deleted ${victim}` };
  }
  Deno.removeSync(ws.data, { recursive: true });
  return {
    variant: "repair-rebuild",
    op: "repair",
    estimateKey: "repair-rebuild",
    args,
    note: "local database deleted",
  };
}

/** A random time or byte offset for the kill. */
export function chooseTrigger(state: State, plan: Plan): KillTrigger {
  const estimate = state.estimates.get(plan.estimateKey)!;
  if (plan.variant === "backup" && state.rng.chance(0.15)) {
    // The dlist upload is a small share of a backup's bytes: aim at it on purpose now and then.
    return { kind: "bytes", bytes: state.rng.int(1, DLIST_BYTES), watch: "dest", only: "dlist" };
  }
  if (state.rng.chance(0.5) || estimate.bytes < MIN_BYTES_TRIGGER) {
    return { kind: "time", ms: state.rng.int(0, Math.round(estimate.ms)) };
  }
  const watch = plan.variant === "repair-rebuild" ? "data" : "dest";
  return { kind: "bytes", bytes: state.rng.int(1, Math.round(plan.bytesHint ?? estimate.bytes)), watch };
}

/** The trigger in words. */
export function describeTrigger(trigger: KillTrigger): string {
  if (trigger.kind === "time") return `kill at ${trigger.ms} ms`;
  return `kill after ${trigger.bytes} bytes${trigger.only ? ` of ${trigger.only} files` : ""} in ${trigger.watch}`;
}

/**
 * Remembers how long and how much a finished run took (moving averages; a run that changed nothing, such as a
 * compact with nothing to do, leaves the bytes estimate alone).
 */
export function updateEstimate(
  state: State,
  input: { plan: Plan; ms: number; run: { dest: { bytes: number }; data: { bytes: number } } },
): void {
  const { plan, ms, run } = input;
  const estimate = state.estimates.get(plan.estimateKey)!;
  const bytes = plan.variant === "repair-rebuild" ? run.data.bytes : run.dest.bytes;
  estimate.ms = (estimate.ms + ms) / 2;
  if (bytes > 0) estimate.bytes = (estimate.bytes + bytes) / 2;
}

/** What the run had reached when it was killed, from what it had changed at the destination and locally. */
export function phaseOf(variant: Variant, run: KilledRun): string {
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
