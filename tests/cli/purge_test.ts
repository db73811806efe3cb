/**
 * CLI integration: `purge` removes matching files from every version (or the selected ones) by writing new dlists
 * one second later, compacts unless --no-auto-compact, and leaves every other file restorable byte-identical;
 * --dry-run lists and changes nothing; paths and filters are exclusive (exit 200).
 * @module
 */
import { assertEquals, assertMatch } from "../support/assert.ts";
import { withWorkspace, type Workspace } from "../support/cli_workspace.ts";
import { seededBytes, writeTree } from "../support/engine.ts";
import { dlistName, lines, OPTS, restoreVersion, spacedBackup, versionTimes } from "./purge_helpers.ts";

/**
 * Version 2: a.txt, big.bin (60 000 bytes), e.bin (20 000), sub/c.txt, sub/d.bin (40 000). Version 1: a.txt changed,
 * new.bin added. Version 0: sub/c.txt gone, e.bin changed. Returns the source trees, newest first.
 */
async function threeVersions(ws: Workspace): Promise<Map<string, string>[]> {
  writeTree(ws.src, {
    "a.txt": "alpha",
    "big.bin": seededBytes(60_000, 1),
    "e.bin": seededBytes(20_000, 2),
    "sub/c.txt": "charlie",
    "sub/d.bin": seededBytes(40_000, 3),
  });
  const v2 = await spacedBackup(ws);
  writeTree(ws.src, { "a.txt": "alpha two", "new.bin": seededBytes(30_000, 4) });
  const v1 = await spacedBackup(ws);
  Deno.removeSync(`${ws.src}/sub/c.txt`);
  writeTree(ws.src, { "e.bin": seededBytes(21_000, 5) });
  const v0 = await spacedBackup(ws);
  return [v0, v1, v2];
}

/** `list --version=<n> *` output lines after the header, for each version. */
async function listings(ws: Workspace, count: number): Promise<string[][]> {
  const out: string[][] = [];
  for (let version = 0; version < count; version++) {
    out.push(lines((await ws.expect(0, ["list", ws.destUrl, `--version=${version}`, "*", ...OPTS])).stdout).slice(1));
  }
  return out;
}

Deno.test("purge --dry-run lists per version; purge removes the file from every version and compacts", async () => {
  await withWorkspace(async (ws) => {
    const trees = await threeVersions(ws);
    const times = versionTimes(ws);
    const before = await listings(ws, 3);
    const dest = ws.snapshotFolder(ws.dest);
    const big = `${ws.src}/big.bin`;

    const dry = await ws.expect(0, ["purge", ws.destUrl, "big.bin", "--dry-run", ...OPTS]);
    assertEquals(
      lines(dry.stdout),
      times.flatMap((t, v) => [
        `[Dryrun]: Would purge 1 file(s) (58.59 KiB) from version ${v} (${t.toLocaleString()}):`,
        `\t${big} (58.59 KiB)`,
      ]),
    );
    assertEquals(ws.snapshotFolder(ws.dest), dest);

    const run = await ws.expect(0, ["purge", ws.destUrl, "big.bin", ...OPTS]);
    const out = lines(run.stdout);
    assertEquals(
      out.slice(0, 3),
      times.map((t, v) => `Purged 1 file(s) (58.59 KiB) from version ${v} (${t.toLocaleString()})`),
    );
    assertMatch(out[3]!, /^Compacted: deleted \d+ unused and rewrote \d+ remote volume\(s\) into \d+ new one\(s\)$/);
    assertEquals(out.length, 5);
    assertEquals(run.stderr, "");
    // Each version moved one second on.
    assertEquals(ws.remoteNames("dlist"), times.map((t) => dlistName(new Date(t.getTime() + 1000))).sort());
    assertEquals(await listings(ws, 3), before.map((l) => l.filter((line) => !line.startsWith(`${big} (`))));
    const find = await ws.expect(0, ["find", ws.destUrl, "big.bin", ...OPTS]);
    assertEquals(lines(find.stdout), ["Listing files and versions:", "No files matched"]);
    await ws.expect(0, ["test", ws.destUrl, "all", ...OPTS]);
    for (const version of [0, 2]) {
      const expected = new Map(trees[version]!);
      expected.delete("big.bin");
      assertEquals(await restoreVersion(ws, version, `v${version}`), expected);
    }
  });
});

Deno.test("purge with --include and --version purges only that version; --no-auto-compact skips compact", async () => {
  await withWorkspace(async (ws) => {
    await threeVersions(ws);
    const times = versionTimes(ws);
    const names = ws.remoteNames("dlist");
    const before = await listings(ws, 3);
    const run = await ws.expect(0, [
      "purge",
      ws.destUrl,
      "--include=*/sub/*",
      "--version=1",
      "--no-auto-compact",
      ...OPTS,
    ]);
    assertEquals(lines(run.stdout), [
      `Purged 3 file(s) (39.07 KiB) from version 1 (${times[1]!.toLocaleString()})`,
    ]);
    const moved = dlistName(new Date(times[1]!.getTime() + 1000));
    assertEquals(ws.remoteNames("dlist"), [names[0]!, moved, names[2]!]);
    const after = await listings(ws, 3);
    assertEquals(after[0], before[0]);
    assertEquals(after[2], before[2]);
    assertEquals(after[1], before[1]!.filter((l) => !l.startsWith(`${ws.src}/sub/`)));
    assertEquals(after[1]!.length, before[1]!.length - 3);
    await ws.expect(0, ["test", ws.destUrl, "all", ...OPTS]);
  });
});

Deno.test("purge needs paths or filters but not both (exit 200), and reports when nothing matched", async () => {
  await withWorkspace(async (ws) => {
    writeTree(ws.src, { "a.txt": "alpha" });
    await spacedBackup(ws);
    const dest = ws.snapshotFolder(ws.dest);
    const both = await ws.expect(200, ["purge", ws.destUrl, "a.txt", "--include=*/a.txt", ...OPTS]);
    assertEquals(lines(both.stderr).at(-1), "Cannot purge: give either paths or --include/--exclude filters, not both");
    const neither = await ws.expect(200, ["purge", ws.destUrl, ...OPTS]);
    assertEquals(
      lines(neither.stderr).at(-1),
      "Cannot purge: say which files with paths or with --include/--exclude filters",
    );
    await ws.expect(200, ["purge", ...OPTS]);
    const none = await ws.expect(0, ["purge", ws.destUrl, "missing.txt", ...OPTS]);
    assertEquals(lines(none.stdout), ["No files matched, nothing was purged"]);
    assertEquals(ws.snapshotFolder(ws.dest), dest);
    const noDb = await ws.expect(100, ["purge", ws.destUrl, "a.txt", ...OPTS], { dataFolder: `${ws.root}/other` });
    assertMatch(noDb.stderr, /there is no local database for this backup/);
  });
});
