/**
 * Crash torture, part three: what every version at the destination must restore to. Each dlist name (it holds the
 * version's time) maps to an {@link Expected}: a complete version restores exactly the tree it was backed up from;
 * a partial version (the synthetic file list of a killed backup) restores each file as the killed run saw it or as
 * the version before it restores it.
 * @module
 */
import { describeRun, type RunResult } from "./run_main.ts";
import { treeDigests, versionLines, type Workspace } from "./cli_workspace.ts";

/** A broken invariant; `result` is the run that showed it, when one did. */
export class InvariantError extends Error {
  readonly result: RunResult | undefined;

  constructor(message: string, result?: RunResult) {
    super(message);
    this.name = "InvariantError";
    this.result = result;
  }
}

/** What one version restores to: path → the digests it may have (one for a complete version). */
export interface Expected {
  readonly partial: boolean;
  readonly files: ReadonlyMap<string, ReadonlySet<string>>;
}

/** A complete version of `tree` (path → digest, as treeDigests() gives). */
export function completeVersion(tree: ReadonlyMap<string, string>): Expected {
  return { partial: false, files: new Map([...tree].map(([path, digest]) => [path, new Set([digest])])) };
}

/** A partial version: each path as `seen` by the killed run, or as the `previous` version restores it. */
export function partialVersion(seen: ReadonlyMap<string, string>, previous: Expected | undefined): Expected {
  const files = new Map<string, Set<string>>();
  for (const [path, digests] of previous?.files ?? []) files.set(path, new Set(digests));
  for (const [path, digest] of seen) {
    const set = files.get(path) ?? new Set<string>();
    set.add(digest);
    files.set(path, set);
  }
  return { partial: true, files };
}

/** Why a restored tree does not match `expected` (empty when it does). */
export function restoreProblems(restored: ReadonlyMap<string, string>, expected: Expected): string[] {
  if (expected.partial) restored = underCommonFolder(restored, expected);
  const problems: string[] = [];
  for (const [path, digest] of restored) {
    const allowed = expected.files.get(path);
    if (!allowed) problems.push(`unexpected "${path}"`);
    else if (!allowed.has(digest)) problems.push(`wrong content "${path}" (${digest.slice(0, 20)})`);
  }
  if (!expected.partial) {
    for (const path of expected.files.keys()) if (!restored.has(path)) problems.push(`missing "${path}"`);
  } else if (restored.size === 0) problems.push("the partial version restored nothing");
  return problems;
}

/**
 * A partial version may lack the entries of its top folders (their metadata was in a volume the killed run never
 * uploaded). Restore with --restore-path then strips the longest common folder of what the version holds, as
 * Duplicati does, so its files land one or more levels higher. Re-roots the restored paths under the deepest
 * expected folder that makes every one of them an expected path; unchanged when none does.
 */
function underCommonFolder(restored: ReadonlyMap<string, string>, expected: Expected): ReadonlyMap<string, string> {
  if ([...restored.keys()].every((path) => expected.files.has(path))) return restored;
  const folders = new Set<string>();
  for (const path of expected.files.keys()) {
    const parts = path.split("/");
    for (let i = 1; i < parts.length; i++) folders.add(parts.slice(0, i).join("/") + "/");
  }
  for (const folder of [...folders].sort((a, b) => b.length - a.length)) {
    if ([...restored.keys()].every((path) => expected.files.has(folder + path))) {
      return new Map([...restored].map(([path, digest]) => [folder + path, digest]));
    }
  }
  return restored;
}

/** Runs a command and checks its exit code is one of `codes`. */
export async function expectCodes(
  ws: Workspace,
  input: { args: readonly string[]; codes: readonly number[]; what: string; dataFolder?: string },
): Promise<RunResult> {
  const result = await ws.run(input.args, input.dataFolder ? { dataFolder: input.dataFolder } : {});
  if (result.signal !== null || !input.codes.includes(result.code)) {
    throw new InvariantError(`${input.what}: expected exit ${input.codes.join(" or ")}, got ${result.code}`, result);
  }
  return result;
}

/** Partial flags of `list-filesets`, newest first. */
export async function listedFlags(ws: Workspace, input: { opts: readonly string[]; what: string }): Promise<boolean[]> {
  const result = await expectCodes(ws, {
    args: ["list-filesets", ws.destUrl, ...input.opts],
    codes: [0],
    what: input.what,
  });
  return versionLines(result.stdout).map((line) => line.endsWith(", partial"));
}

let restoreCounter = 0;

/** Restores `version` into a fresh folder and checks it against `expected`; throws InvariantError when it differs. */
export async function checkRestore(
  ws: Workspace,
  input: { version: number; name: string; expected: Expected; opts: readonly string[] },
): Promise<void> {
  const target = `${ws.restore}/r${restoreCounter++}`;
  const what = `restore of version ${input.version} ("${input.name}"${
    input.opts.includes("--no-local-db") ? ", no local db" : ""
  })`;
  const result = await expectCodes(ws, {
    args: ["restore", ws.destUrl, ...input.opts, `--version=${input.version}`, `--restore-path=${target}`],
    codes: [0],
    what,
  });
  let restored: Map<string, string>;
  try {
    restored = treeDigests(target);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
    restored = new Map();
  }
  const problems = restoreProblems(restored, input.expected);
  Deno.removeSync(target, { recursive: true });
  if (problems.length > 0) {
    throw new InvariantError(
      `${what} differs from what was backed up (${input.expected.partial ? "partial" : "complete"} version): ` +
        `${problems.length} problem(s): ${problems.slice(0, 8).join(", ")}`,
      result,
    );
  }
}

/** dlist names at the destination, oldest first (the name holds the UTC time, so names sort by time). */
export function dlistNames(ws: Workspace): string[] {
  return ws.remoteNames("dlist");
}

/** Formats a run for a failure report. */
export function describeFailure(error: unknown): string {
  if (error instanceof InvariantError) {
    return error.result ? `${error.message}\n${describeRun(error.result)}` : error.message;
  }
  return error instanceof Error ? `${error.stack ?? error.message}` : String(error);
}
