/**
 * CLI integration: a backup killed with SIGKILL (early, midway, and around the final dlist upload) leaves a
 * destination from which the last completed version still restores, and the next backup finishes (exit 0);
 * the killed run is kept as a partial version (synthetic file list) whose files restore as the killed run or the
 * version before saw them, and every complete version restores byte for byte, with and without the local database.
 * @module
 */
import { assert, assertEquals } from "../support/assert.ts";
import { treeDigests, versionLines, withWorkspace, type Workspace } from "../support/cli_workspace.ts";
import { seededBytes, writeTree } from "../support/engine.ts";
import { describeRun } from "../support/run_main.ts";

const FILES = 120;
const FILE_SIZE = 200_000;
/** 100 KiB blocks and 1 MiB volumes: about 24 dblocks per full rewrite of the tree. */
const OPTS = ["--blocksize=100kb", "--dblock-size=1mb", "--asynchronous-upload-limit=1", "--passphrase=kill secret"];
const EXPECTED_DBLOCKS = Math.floor((FILES * FILE_SIZE) / (1024 * 1024));

type Moment = "early" | "midway" | "dlist";

/** Rewrites every file with new content (so a backup has ~24 volumes to upload). */
function rewriteSource(ws: Workspace, round: number): void {
  const tree: Record<string, Uint8Array> = {};
  for (let i = 0; i < FILES; i++) {
    tree[`d${i % 7}/file${String(i).padStart(3, "0")}.bin`] = seededBytes(
      FILE_SIZE + ((i * 37 + round) % 1000),
      round * 10_000 + i + 1,
    );
  }
  writeTree(ws.src, tree);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Starts a backup and SIGKILLs it at `moment`. Returns true when the kill landed (the process was still running). */
async function killedBackup(ws: Workspace, moment: Moment): Promise<boolean> {
  const before = new Set(ws.remoteNames());
  const fresh = (kind: "dblock" | "dlist") => {
    try {
      return [...Deno.readDirSync(ws.dest)].filter((e) => e.name.includes(`.${kind}.`) && !before.has(e.name)).map((
        e,
      ) => e.name);
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) return [];
      throw error;
    }
  };
  const child = ws.spawn(["backup", ws.destUrl, ws.src, ...OPTS]);
  let exited = false;
  child.done.then(() => exited = true);
  const threshold = moment === "early" ? 2 : Math.floor(EXPECTED_DBLOCKS / 2);
  try {
    while (!exited) {
      const ready = moment === "dlist"
        ? fresh("dlist").length > 0 // a partial (or finished) dlist upload is visible
        : fresh("dblock").filter((n) => !n.includes(".partial-")).length >= threshold;
      if (ready) break;
      await sleep(moment === "dlist" ? 1 : 5);
    }
  } finally {
    child.kill(); // also when polling failed: never leave the backup running
  }
  const result = await child.done;
  if (result.signal === "SIGKILL") return true;
  assertEquals(result.code, 0, `a backup that was not killed must succeed: ${describeRun(result)}`);
  assert(moment === "dlist", `the backup ended before the ${moment} kill: ${describeRun(result)}`);
  return false;
}

async function versionCount(ws: Workspace, extra: string[]): Promise<number> {
  return (await versionFlags(ws, extra)).length;
}

/** One flag per version, oldest last as listed (newest first): true for a partial version. */
async function versionFlags(ws: Workspace, extra: string[]): Promise<boolean[]> {
  if (ws.remoteNames("dlist").length === 0 && extra.includes("--no-local-db")) {
    // Nothing completed at the destination yet: the command must say so (exit 100).
    const result = await ws.expect(100, ["list-filesets", ws.destUrl, ...OPTS, ...extra]);
    assert(/dlist|backup/.test(result.stderr), describeRun(result));
    return [];
  }
  const result = await ws.expect(0, ["list-filesets", ws.destUrl, ...OPTS, ...extra]);
  return versionLines(result.stdout).map((line) => line.endsWith(", partial"));
}

/**
 * What a version must restore to: a complete version restores exactly its tree; a partial version (the synthetic
 * file list of a killed run) restores each file either as the killed run saw it or as the version before had it.
 */
type Expected = { readonly tree: Map<string, string> } | {
  readonly seen: Map<string, string>;
  readonly before: Map<string, string>;
};

async function assertRestores(
  ws: Workspace,
  options: { version: number; expected: Expected; extra: string[]; label: string },
) {
  const target = `${ws.restore}/${options.label}`;
  await ws.expect(0, [
    "restore",
    ws.destUrl,
    ...OPTS,
    ...options.extra,
    `--version=${options.version}`,
    `--restore-path=${target}`,
  ]);
  const restored = treeDigests(target);
  const expected = options.expected;
  if ("tree" in expected) {
    const diffs = [...expected.tree].filter(([path, content]) => restored.get(path) !== content).map(([path]) => path);
    const extraPaths = [...restored.keys()].filter((path) => !expected.tree.has(path));
    assertEquals({ diffs, extraPaths }, { diffs: [], extraPaths: [] }, `restore ${options.label}`);
  } else {
    const wrong = [...restored].filter(([path, content]) =>
      expected.seen.get(path) !== content && expected.before.get(path) !== content
    ).map(([path]) => path);
    assertEquals(wrong, [], `restore ${options.label} (partial version)`);
    assert(restored.size > 0, `the partial version ${options.label} restored nothing`);
  }
  Deno.removeSync(target, { recursive: true });
}

Deno.test("a SIGKILLed backup is recovered by the next one, and every completed version restores byte for byte", async (t) => {
  await withWorkspace(async (ws) => {
    /** What each version restores to, oldest first. */
    const versions: Expected[] = [];
    const lastTree = () => {
      const last = versions.at(-1);
      return last && "tree" in last ? last.tree : new Map<string, string>();
    };
    for (const [round, moment] of (["early", "midway", "dlist"] as const).entries()) {
      await t.step(`kill ${moment}, restore the last version, back up again`, async () => {
        rewriteSource(ws, round + 1);
        const seen = treeDigests(ws.src);
        const before = lastTree();
        const killed = await killedBackup(ws, moment);
        // The killed run may have committed its version when it died during the dlist upload.
        const localCount = await versionCount(ws, []);
        const committed = !killed || localCount === versions.length + 1;
        if (committed) versions.push({ tree: seen });
        console.log(
          `  ${moment}: killed=${killed}, local versions ${localCount}, remote dlists ${
            ws.remoteNames("dlist").length
          }`,
        );
        assertEquals(localCount, versions.length, "versions in the local database after the kill");
        const remoteCount = await versionCount(ws, ["--no-local-db"]);
        assert(
          remoteCount === versions.length || (killed && remoteCount === versions.length - 1),
          `remote versions: ${remoteCount}`,
        );

        // Before any new backup: the newest completed version restores, from the local database and from the remote.
        if (versions.length > 0) {
          await assertRestores(ws, {
            version: 0,
            expected: versions.at(-1)!,
            extra: [],
            label: `before_rerun_${moment}`,
          });
        }
        if (remoteCount > 0) {
          await assertRestores(ws, {
            version: 0,
            expected: versions[remoteCount - 1]!,
            extra: ["--no-local-db"],
            label: `before_rerun_remote_${moment}`,
          });
        }

        // A small change, so the re-run has something to store even when the killed run finished its version.
        writeTree(ws.src, { [`changed_${moment}.txt`]: `after the ${moment} kill` });
        const rerun = await ws.run(["backup", ws.destUrl, ws.src, ...OPTS]);
        assertEquals(rerun.code, 0, `backup after the ${moment} kill: ${describeRun(rerun)}`);
        // The re-run first keeps what the killed run stored as a partial version (when it stored anything).
        const flags = await versionFlags(ws, []);
        const partial = flags.length === versions.length + 2;
        if (partial) {
          assertEquals(flags[1], true, `the killed run's version is marked partial: ${flags}`);
          versions.push({ seen, before });
        }
        assertEquals(flags.length, versions.length + 1, `versions after the re-run: ${flags}`);
        assertEquals(flags[0], false, "the re-run's version is complete");
        versions.push({ tree: treeDigests(ws.src) });
        assertEquals(await versionCount(ws, ["--no-local-db"]), versions.length);
        if (moment === "midway") assert(partial, "a run killed midway leaves a partial version");
      });
    }

    await t.step("every version restores byte for byte (local database)", async () => {
      for (let v = 0; v < versions.length; v++) {
        await assertRestores(ws, {
          version: v,
          expected: versions[versions.length - 1 - v]!,
          extra: [],
          label: `local_v${v}`,
        });
      }
    });
    await t.step("every version restores byte for byte (remote only)", async () => {
      for (let v = 0; v < versions.length; v++) {
        await assertRestores(ws, {
          version: v,
          expected: versions[versions.length - 1 - v]!,
          extra: ["--no-local-db"],
          label: `remote_v${v}`,
        });
      }
    });
    await t.step("an unchanged tree after all this is a no-change backup", async () => {
      await ws.expect(1, ["backup", ws.destUrl, ws.src, ...OPTS]);
    });
  });
});
