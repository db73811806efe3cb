/**
 * CLI integration: `--exclude-files-attributes`, `--skip-files-larger-than` and include-only filters on a real
 * backup, checked by listing and restoring exactly what was stored.
 * @module
 */
import { assertEquals, assertStringIncludes } from "../support/assert.ts";
import { withWorkspace, type Workspace } from "../support/cli_workspace.ts";
import { readTree, seededBytes, writeTree } from "../support/engine.ts";

const OPTS = ["--blocksize=1kb", "--dblock-size=64kb", "--no-encryption"];

const TREE = {
  "a.txt": "a",
  "b.log": "log b",
  ".hidden.txt": "hidden",
  ".config/settings.txt": "in a hidden folder",
  "docs/c.txt": "c",
  "docs/big.txt": seededBytes(2000, 7),
  "docs/exact.txt": seededBytes(1024, 8),
  "docs/deep/d.txt": "d",
  "notes/e.md": "e",
};

/** Paths of the newest version relative to the source, as `list` prints them. */
async function storedPaths(ws: Workspace): Promise<string[]> {
  const result = await ws.expect(0, ["list", ws.destUrl, "--version=0", "*", ...OPTS]);
  return result.stdout.split("\n").filter((l) => l.startsWith(ws.src)).map((l) =>
    l.slice(ws.src.length).replace(/ \(.*\)$/, "")
  );
}

Deno.test("backup with only includes, hidden excluded and a size limit stores exactly the matching small files", async () => {
  await withWorkspace(async (ws) => {
    writeTree(ws.src, TREE);
    const backup = await ws.expect(0, [
      "backup",
      ws.destUrl,
      ws.src,
      ...OPTS,
      "--include=*.txt",
      "--exclude-files-attributes=hidden",
      "--skip-files-larger-than=1KB",
      "--console-log-level=Verbose",
    ]);
    assertStringIncludes(backup.stdout, `Skipped checking file, because the size exceeds limit ${ws.src}/docs/big.txt`);
    assertStringIncludes(backup.stdout, `Excluding path due to attribute filter: ${ws.src}/.config/`);
    // Examined: the five text files the walk takes, the big one too (Duplicati examines it, then skips it).
    assertStringIncludes(backup.stdout, "Files examined: 5 (");
    assertStringIncludes(backup.stdout, "Files added: 4");

    // Only includes: folders are walked but not stored, so the version holds just the four files (a file of
    // exactly the limit is kept).
    assertEquals(await storedPaths(ws), ["/a.txt", "/docs/c.txt", "/docs/deep/d.txt", "/docs/exact.txt"]);

    await ws.expect(0, ["restore", ws.destUrl, "*", ...OPTS, `--restore-path=${ws.restore}`]);
    assertEquals([...readTree(ws.restore, (b) => new TextDecoder().decode(b)).keys()], [
      "a.txt",
      "docs/",
      "docs/c.txt",
      "docs/deep/",
      "docs/deep/d.txt",
      "docs/exact.txt",
    ]);
    assertEquals(Deno.readTextFileSync(`${ws.restore}/docs/deep/d.txt`), "d");

    const tested = await ws.expect(0, [
      "test-filters",
      ws.src,
      "--include=*.txt",
      "--exclude-files-attributes=hidden",
      "--skip-files-larger-than=1KB",
    ]);
    assertStringIncludes(tested.stdout, "Matched 4 files (1.00 KiB)");
  });
});

Deno.test("backup with attribute and size exclusions but no filter keeps folders and leaves out hidden and big", async () => {
  await withWorkspace(async (ws) => {
    writeTree(ws.src, TREE);
    await ws.expect(0, [
      "backup",
      ws.destUrl,
      ws.src,
      ...OPTS,
      "--exclude-files-attributes=hidden,system,temporary",
      "--skip-files-larger-than=1KB",
    ]);
    assertEquals(await storedPaths(ws), [
      "/",
      "/a.txt",
      "/b.log",
      "/docs/",
      "/docs/c.txt",
      "/docs/deep/",
      "/docs/deep/d.txt",
      "/docs/exact.txt",
      "/notes/",
      "/notes/e.md",
    ]);
    // Without the options the next version takes everything again.
    await ws.expect(0, ["backup", ws.destUrl, ws.src, ...OPTS]);
    const all = await storedPaths(ws);
    assertEquals(all.filter((p) => p.split("/").some((name) => name.startsWith("."))), [
      "/.config/",
      "/.config/settings.txt",
      "/.hidden.txt",
    ]);
    assertEquals(all.includes("/docs/big.txt"), true);
  });
});
