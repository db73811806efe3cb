/**
 * Crash torture, part two: starting a CLI run and SIGKILLing it at a random point, either a time offset from the
 * start or the moment a watched folder has changed by a number of bytes (the destination for operations that
 * write there, the data folder for a database rebuild), and telling which phase the run was in when it died.
 * @module
 */
import type { Workspace } from "./cli_workspace.ts";
import type { RunResult } from "./run_main.ts";

/**
 * When to kill: `ms` after the start, or when the watched folder has changed by `bytes` (counting only files of
 * kind `only`, e.g. "dlist", when given).
 */
export type KillTrigger =
  | { readonly kind: "time"; readonly ms: number }
  | { readonly kind: "bytes"; readonly bytes: number; readonly watch: "dest" | "data"; readonly only?: string };

/** Name → size of every file in a folder (in-progress uploads included), empty when it does not exist. */
export function folderSizes(folder: string): Map<string, number> {
  const out = new Map<string, number>();
  let entries: Deno.DirEntry[];
  try {
    entries = [...Deno.readDirSync(folder)];
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return out;
    throw error;
  }
  for (const entry of entries) {
    if (!entry.isFile) continue;
    try {
      out.set(entry.name, Deno.statSync(`${folder}/${entry.name}`).size);
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error; // renamed or deleted meanwhile
    }
  }
  return out;
}

/** How a folder changed since `before`: bytes written plus bytes removed, and which kinds of file came and went. */
export interface FolderChange {
  readonly bytes: number;
  /** Kinds ("dblock", "dindex", "dlist", "other") of files that appeared or grew. */
  readonly added: ReadonlySet<string>;
  /** Kinds of files that disappeared. */
  readonly removed: ReadonlySet<string>;
}

function kindOf(name: string): string {
  const match = /\.(dblock|dindex|dlist)\./.exec(name);
  return match ? match[1]! : "other";
}

/** Compares two {@link folderSizes} snapshots, counting only files of kind `only` when given. */
export function folderChange(
  before: ReadonlyMap<string, number>,
  after: { readonly now: ReadonlyMap<string, number>; readonly only?: string | undefined },
): FolderChange {
  const { now, only } = after;
  let bytes = 0;
  const added = new Set<string>(), removed = new Set<string>();
  for (const [name, size] of now) {
    if (only !== undefined && kindOf(name) !== only) continue;
    const old = before.get(name);
    if (old === size) continue;
    bytes += Math.abs(size - (old ?? 0));
    if (old === undefined || size > old) added.add(kindOf(name));
  }
  for (const [name, size] of before) {
    if (now.has(name) || (only !== undefined && kindOf(name) !== only)) continue;
    bytes += size;
    removed.add(kindOf(name));
  }
  return { bytes, added, removed };
}

/** What one killed (or finished) run did. */
export interface KilledRun {
  readonly result: RunResult;
  /** True when SIGKILL ended the process (it was still running). */
  readonly landed: boolean;
  /** Milliseconds from the start to the kill (or to the end when it finished first). */
  readonly elapsedMs: number;
  /** How the destination had changed when the process ended. */
  readonly dest: FolderChange;
  /** How the data folder (local database) had changed. */
  readonly data: FolderChange;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Starts `main.ts cli <args>` in the workspace and SIGKILLs it when `trigger` fires (unless it finished first). */
export async function runAndKill(ws: Workspace, input: { args: readonly string[]; trigger: KillTrigger }): Promise<
  KilledRun
> {
  const { trigger } = input;
  const destBefore = folderSizes(ws.dest);
  const dataBefore = folderSizes(ws.data);
  const watched = trigger.kind === "bytes" ? (trigger.watch === "dest" ? ws.dest : ws.data) : undefined;
  const watchedBefore = trigger.kind === "bytes" && trigger.watch === "data" ? dataBefore : destBefore;
  const start = performance.now();
  const child = ws.spawn(input.args);
  let exited = false;
  let end = 0;
  const done = child.done.then((result) => {
    exited = true;
    end = performance.now();
    return result;
  });
  try {
    if (trigger.kind === "time") {
      const wait = trigger.ms - (performance.now() - start);
      if (wait > 0) await Promise.race([sleep(wait), done]);
    } else {
      const changed = () => folderChange(watchedBefore, { now: folderSizes(watched!), only: trigger.only }).bytes;
      while (!exited && changed() < trigger.bytes) await sleep(2);
    }
  } finally {
    child.kill(); // also when watching failed: never leave a run behind
  }
  const killedAt = performance.now();
  const result = await done;
  const landed = result.signal === "SIGKILL";
  return {
    result,
    landed,
    elapsedMs: Math.round((landed ? killedAt : end) - start),
    dest: folderChange(destBefore, { now: folderSizes(ws.dest) }),
    data: folderChange(dataBefore, { now: folderSizes(ws.data) }),
  };
}
