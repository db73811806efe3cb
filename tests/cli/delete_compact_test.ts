/**
 * CLI integration: `delete` (--version, --keep-versions, --retention-policy, --dry-run, --allow-full-removal,
 * --no-auto-compact), retention on `backup`, and `compact` (--threshold, small-file merging), with 16 KiB blocks
 * and 128 KiB volumes so a few hundred KiB of random data spread over many volumes.
 * @module
 */
import { formatLocalTime } from "../../lib/cli/output.ts";
import { cliCommands } from "../../lib/cli/run_cli.ts";
import { parseRemoteName } from "../../lib/volumes/remote_name.ts";
import { assert, assertEquals, assertStringIncludes } from "../support/assert.ts";
import { treeDigests, versionLines, withWorkspace, type Workspace } from "../support/cli_workspace.ts";
import { seededBytes, writeTree } from "../support/engine.ts";

const KB = 1024;
const OPTS = ["--blocksize=16kb", "--dblock-size=128kb", "--passphrase=delete secret"];
const GUARD = "Kept the newest version: removing every version needs --allow-full-removal";

/** Output lines without the trailing empty line. */
function lines(text: string): string[] {
  const out = text.split("\n");
  while (out.at(-1) === "") out.pop();
  return out;
}

/** Version times from the dlist names, newest first (version 0 first). */
function versionTimes(ws: Workspace): Date[] {
  return ws.remoteNames("dlist").map((n) => parseRemoteName(n)!.time!).sort((a, b) => b.getTime() - a.getTime());
}

/** Total bytes of the files at the destination. */
function remoteBytes(ws: Workspace): number {
  return ws.remoteNames().reduce((sum, name) => sum + Deno.statSync(`${ws.dest}/${name}`).size, 0);
}

/** The destination's dblock and dindex files with their content digests. */
function volumeSnapshot(ws: Workspace): [string, string][] {
  return [...ws.snapshotFolder(ws.dest)].filter(([name]) => !name.includes(".dlist."));
}

async function backupNow(ws: Workspace, extra: string[] = [], code = 0): Promise<string> {
  return (await ws.expect(code, ["backup", ws.destUrl, ws.src, ...OPTS, ...extra])).stdout;
}

async function filesets(ws: Workspace): Promise<string[]> {
  return versionLines((await ws.expect(0, ["list-filesets", ws.destUrl, ...OPTS])).stdout);
}

/** Restores `version` into a fresh folder and compares it with the tree it was made from. */
async function assertRestores(ws: Workspace, version: number, tree: Map<string, string>, label: string) {
  const target = `${ws.root}/restore-${label}-v${version}`;
  await ws.expect(0, ["restore", ws.destUrl, `--version=${version}`, `--restore-path=${target}`, ...OPTS]);
  assertEquals(treeDigests(target), tree, `version ${version} restores byte-identical (${label})`);
}

/**
 * Four versions with changes, additions and deletions between them; returns each version's tree, oldest first
 * (so after the fourth backup, trees[3] is version 0 and trees[0] version 3).
 */
async function fourVersions(ws: Workspace): Promise<Map<string, string>[]> {
  const trees: Map<string, string>[] = [];
  writeTree(ws.src, {
    "a.bin": seededBytes(100 * KB, 1),
    "b.bin": seededBytes(60 * KB + 17, 2),
    "c.bin": seededBytes(40 * KB, 3),
    "sub/d.bin": seededBytes(70 * KB, 4),
    "note.txt": "version one",
  });
  await backupNow(ws);
  trees.push(treeDigests(ws.src));
  writeTree(ws.src, { "b.bin": seededBytes(60 * KB, 22), "e.bin": seededBytes(50 * KB, 5), "note.txt": "two" });
  await backupNow(ws);
  trees.push(treeDigests(ws.src));
  Deno.removeSync(`${ws.src}/c.bin`);
  writeTree(ws.src, { "a.bin": seededBytes(100 * KB + 3, 11), "f.bin": seededBytes(30 * KB, 6) });
  await backupNow(ws);
  trees.push(treeDigests(ws.src));
  Deno.removeSync(`${ws.src}/sub/d.bin`);
  writeTree(ws.src, { "g.bin": seededBytes(80 * KB, 7), "note.txt": "version four" });
  await backupNow(ws);
  trees.push(treeDigests(ws.src));
  return trees;
}

Deno.test("delete: --dry-run, no selector, --keep-versions with auto-compact, --no-auto-compact, compact", async () => {
  await withWorkspace(async (ws) => {
    const trees = await fourVersions(ws);
    const times = versionTimes(ws);
    assertEquals(times.length, 4);
    assert(ws.remoteNames("dblock").length >= 6, `many volumes: ${ws.remoteNames("dblock").length}`);
    const listed = await filesets(ws);
    assertEquals(listed.length, 4);

    // --dry-run names the version and changes nothing, remotely or locally.
    const destBefore = ws.snapshotFolder(ws.dest);
    const dataBefore = ws.snapshotFolder(ws.data);
    const dry = await ws.expect(0, ["delete", ws.destUrl, "--version=1", "--dry-run", ...OPTS]);
    assertEquals(lines(dry.stdout), ["The following filesets would be deleted:", `1: ${formatLocalTime(times[1]!)}`]);
    assertEquals(ws.snapshotFolder(ws.dest), destBefore);
    assertEquals(ws.snapshotFolder(ws.data), dataBefore);

    // Without a selector (or with a bad one) it is a command-line error.
    const none = await ws.expect(200, ["delete", ws.destUrl, ...OPTS]);
    assertStringIncludes(
      none.stderr,
      "Cannot delete versions: say which with --version, --keep-versions, --keep-time or --retention-policy",
    );
    const bad = await ws.expect(200, ["delete", ws.destUrl, "--retention-policy=1W", ...OPTS]);
    assertStringIncludes(bad.stderr, `Cannot parse retention policy "1W": "1W" is not of the form timeframe:interval`);
    assertEquals(ws.snapshotFolder(ws.dest), destBefore);

    // --keep-versions=2 removes versions 2 and 3 and their dlists, then compacts.
    const dlists = ws.remoteNames("dlist");
    const bytesBefore = remoteBytes(ws);
    const kept = await ws.expect(0, ["delete", ws.destUrl, "--keep-versions=2", ...OPTS]);
    const out = lines(kept.stdout);
    assertEquals(out.slice(0, 3), [
      "These filesets were deleted:",
      `2: ${formatLocalTime(times[2]!)}`,
      `3: ${formatLocalTime(times[3]!)}`,
    ]);
    assert(out[3]?.startsWith("Compacted: "), kept.stdout);
    assertEquals(await filesets(ws), listed.slice(0, 2));
    // Names sort by time, oldest first: the first two are versions 3 and 2.
    assertEquals(ws.remoteNames("dlist"), dlists.slice(2), "the dlists of versions 2 and 3 are deleted");
    assert(remoteBytes(ws) < bytesBefore, `remote bytes ${remoteBytes(ws)} < ${bytesBefore}`);
    await assertRestores(ws, 0, trees[3]!, "kept");
    await assertRestores(ws, 1, trees[2]!, "kept");

    // A fifth version; then deleting the oldest remaining one without compacting leaves the data volumes alone.
    Deno.removeSync(`${ws.src}/f.bin`);
    writeTree(ws.src, { "h.bin": seededBytes(40 * KB, 8) });
    await backupNow(ws);
    const fifth = treeDigests(ws.src);
    const volumes = volumeSnapshot(ws);
    const beforeNoCompact = await filesets(ws);
    const third = versionTimes(ws)[2]!;
    const noCompact = await ws.expect(0, ["delete", ws.destUrl, "--version=2", "--no-auto-compact", ...OPTS]);
    assertEquals(lines(noCompact.stdout), ["These filesets were deleted:", `2: ${formatLocalTime(third)}`]);
    assertEquals(volumeSnapshot(ws), volumes, "dblocks and dindexes untouched");
    assertEquals(ws.remoteNames("dlist").length, 2);

    // compact --threshold=0 then reclaims the space the deleted version alone used.
    const wasted = remoteBytes(ws);
    const compacted = await ws.expect(0, ["compact", ws.destUrl, "--threshold=0", ...OPTS]);
    assert(lines(compacted.stdout)[0]?.startsWith("Compacted: "), compacted.stdout);
    assertStringIncludes(compacted.stdout, "reclaimed ");
    assert(remoteBytes(ws) < wasted, `remote bytes ${remoteBytes(ws)} < ${wasted}`);
    assertEquals(await filesets(ws), beforeNoCompact.filter((_, i) => i !== 2));
    await assertRestores(ws, 0, fifth, "compacted");
    await assertRestores(ws, 1, trees[3]!, "compacted");

    // Nothing left to reclaim: compact says so and changes nothing.
    const still = ws.snapshotFolder(ws.dest);
    const stillData = ws.snapshotFolder(ws.data);
    const nothing = await ws.expect(0, ["compact", ws.destUrl, ...OPTS]);
    assertEquals(lines(nothing.stdout), ["Compacting not needed"]);
    assertEquals(ws.snapshotFolder(ws.dest), still);
    assertEquals(ws.snapshotFolder(ws.data), stillData);
  });
});

Deno.test("delete: --retention-policy on versions seconds apart, backup --keep-versions, --allow-full-removal", async () => {
  await withWorkspace(async (ws) => {
    const trees: Map<string, string>[] = [];
    for (let i = 0; i < 3; i++) {
      writeTree(ws.src, { [`file${i}.bin`]: seededBytes(30 * KB, 40 + i), "note.txt": `backup ${i}` });
      await backupNow(ws);
      trees.unshift(treeDigests(ws.src)); // newest first
    }
    const times = versionTimes(ws);
    assertEquals(times.length, 3);

    // 1W:1D: inside the week the oldest version is kept first and the next one only a day after it; the newest is
    // always kept. So of three versions made seconds apart, only version 1 goes.
    const policy = await ws.expect(0, ["delete", ws.destUrl, "--retention-policy=1W:1D", ...OPTS]);
    assertEquals(lines(policy.stdout).slice(0, 2), [
      "These filesets were deleted:",
      `1: ${formatLocalTime(times[1]!)}`,
    ]);
    assertEquals(versionTimes(ws), [times[0], times[2]]);
    assertEquals((await filesets(ws)).length, 2);
    await assertRestores(ws, 0, trees[0]!, "policy");
    await assertRestores(ws, 1, trees[2]!, "policy");
    // Applying it again changes nothing.
    const again = await ws.expect(0, ["delete", ws.destUrl, "--retention-policy=1W:1D", ...OPTS]);
    assertEquals(lines(again.stdout), ["No filesets matched the criteria."]);

    // backup --keep-versions=1 leaves exactly the version it made.
    writeTree(ws.src, { "note.txt": "backup with retention", "late.bin": seededBytes(20 * KB, 50) });
    const out = await backupNow(ws, ["--keep-versions=1"]);
    assertStringIncludes(out, `  Deleted version 1: ${formatLocalTime(times[0]!)}`);
    assertStringIncludes(out, `  Deleted version 2: ${formatLocalTime(times[2]!)}`);
    assertEquals(ws.remoteNames("dlist").length, 1);
    assertEquals((await filesets(ws)).length, 1);
    const latest = treeDigests(ws.src);
    await assertRestores(ws, 0, latest, "backup-retention");

    // Removing every version keeps the newest unless --allow-full-removal is given.
    writeTree(ws.src, { "note.txt": "one more" });
    await backupNow(ws);
    const newest = versionTimes(ws)[0]!;
    const refused = await ws.expect(2, ["delete", ws.destUrl, "--version=0,1", ...OPTS]);
    assertStringIncludes(refused.stdout + refused.stderr, GUARD);
    assertStringIncludes(refused.stdout, "These filesets were deleted:\n1: ");
    assertEquals(versionTimes(ws), [newest]);
    await assertRestores(ws, 0, treeDigests(ws.src), "guard");
    const last = await ws.expect(2, ["delete", ws.destUrl, "--version=0", ...OPTS]);
    assertStringIncludes(last.stdout + last.stderr, GUARD);
    assertStringIncludes(last.stdout, "No filesets matched the criteria.");
    assertEquals(versionTimes(ws), [newest]);

    const all = await ws.expect(0, ["delete", ws.destUrl, "--version=0", "--allow-full-removal", ...OPTS]);
    assertEquals(lines(all.stdout).slice(0, 2), ["These filesets were deleted:", `0: ${formatLocalTime(newest)}`]);
    assertEquals(await filesets(ws), []);
    assertEquals(ws.remoteNames(), [], "compact removed every volume along with the last version");
  });
});

Deno.test("compact merges many small volumes (--small-file-max-count, --small-file-size); restore and test pass", async () => {
  await withWorkspace(async (ws) => {
    writeTree(ws.src, { "base.bin": seededBytes(150 * KB, 60) });
    await backupNow(ws);
    const oldest = treeDigests(ws.src);
    for (let i = 0; i < 4; i++) {
      writeTree(ws.src, { [`small${i}.bin`]: seededBytes(20 * KB + i, 61 + i) });
      await backupNow(ws);
    }
    const newest = treeDigests(ws.src);
    const small = ws.remoteNames("dblock").filter((n) => Deno.statSync(`${ws.dest}/${n}`).size < 100 * KB);
    assert(small.length >= 5, `small volumes: ${small.length}`);
    const dblocks = ws.remoteNames("dblock").length;
    const listed = await filesets(ws);
    const args = ["compact", ws.destUrl, "--small-file-max-count=2", "--small-file-size=100kb", ...OPTS];

    // The default limit (20 small volumes) is not reached: nothing to do.
    const untouched = ws.snapshotFolder(ws.dest);
    assertEquals(lines((await ws.expect(0, ["compact", ws.destUrl, ...OPTS])).stdout), ["Compacting not needed"]);
    // A dry run says what it would do and does nothing.
    const dry = await ws.expect(0, [...args, "--dry-run"]);
    assertStringIncludes(dry.stdout, `[Dryrun]: Would have deleted 0 and rewritten ${small.length} remote volume(s)`);
    assertEquals(ws.snapshotFolder(ws.dest), untouched);

    const merged = await ws.expect(0, args);
    assertStringIncludes(merged.stdout, `Compacted: deleted 0 unused and rewrote ${small.length} remote volume(s)`);
    const after = ws.remoteNames("dblock");
    assert(after.length < dblocks, `${after.length} dblocks after, ${dblocks} before`);
    assertEquals(after.filter((n) => small.includes(n)), [], "every small volume was rewritten");
    assertEquals(ws.remoteNames("dindex").length, after.length, "one dindex per dblock");
    assertEquals(await filesets(ws), listed);
    await assertRestores(ws, 0, newest, "merged");
    await assertRestores(ws, 4, oldest, "merged");
    if (cliCommands().some((c) => c.name === "test")) {
      const tested = await ws.expect(0, ["test", ws.destUrl, "all", ...OPTS]);
      assertStringIncludes(tested.stdout, "found no errors");
    }
  });
});
