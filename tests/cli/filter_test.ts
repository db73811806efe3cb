/**
 * CLI integration: `--include`/`--exclude` on backup (globs, regular expressions, first match wins, excluded
 * folders hide their subtree) and positional patterns on restore.
 * @module
 */
import { assertEquals, assertStringIncludes } from "../support/assert.ts";
import { withWorkspace, type Workspace } from "../support/cli_workspace.ts";
import { readTree, seededBytes, writeTree } from "../support/engine.ts";

const OPTS = ["--blocksize=1kb", "--dblock-size=64kb", "--no-encryption"];

const TREE = {
  "a.txt": "a",
  "a.log": "log a",
  "keep.log": "kept log",
  "tmp_1.dat": "one",
  "tmp_x.dat": "x",
  "sub/b.txt": "b",
  "sub/b.log": "log b",
  "cache/c.txt": "c",
  "cache/deeper/d.txt": "d",
  "data.bin": seededBytes(5000, 3),
};

/** Paths of the newest version relative to the source, as `list` prints them. */
async function storedPaths(ws: Workspace): Promise<string[]> {
  const result = await ws.expect(0, ["list", ws.destUrl, "--version=0", "*", ...OPTS]);
  return result.stdout.split("\n").filter((l) => l.startsWith(ws.src)).map((l) =>
    l.slice(ws.src.length).replace(/ \(.*\)$/, "")
  );
}

async function backupWith(filters: string[]): Promise<string[]> {
  let paths: string[] = [];
  await withWorkspace(async (ws) => {
    writeTree(ws.src, TREE);
    await ws.expect(0, ["backup", ws.destUrl, ws.src, ...OPTS, ...filters]);
    paths = await storedPaths(ws);
  });
  return paths;
}

Deno.test("backup --exclude=*.log leaves out every .log file", async () => {
  assertEquals(await backupWith(["--exclude=*.log"]), [
    "/",
    "/a.txt",
    "/cache/",
    "/cache/c.txt",
    "/cache/deeper/",
    "/cache/deeper/d.txt",
    "/data.bin",
    "/sub/",
    "/sub/b.txt",
    "/tmp_1.dat",
    "/tmp_x.dat",
  ]);
});

Deno.test("backup filters: the first matching rule wins", async () => {
  const includeFirst = await backupWith(["--include=*/keep.log", "--exclude=*.log"]);
  assertEquals(includeFirst.filter((p) => p.endsWith(".log")), ["/keep.log"]);
  assertEquals(includeFirst.length, 12, "14 entries less two logs");
  const excludeFirst = await backupWith(["--exclude=*.log", "--include=*/keep.log"]);
  assertEquals(excludeFirst.filter((p) => p.endsWith(".log")), []);
});

Deno.test("backup filters: a [regular expression] matches the whole path", async () => {
  const paths = await backupWith(["--exclude=[.*/tmp_[0-9]+\\.dat]"]);
  assertEquals(paths.filter((p) => p.includes("tmp_")), ["/tmp_x.dat"]);
  // Only whole-path matches count: this one matches no stored path.
  const partial = await backupWith(["--exclude=[tmp_]"]);
  assertEquals(partial.filter((p) => p.includes("tmp_")), ["/tmp_1.dat", "/tmp_x.dat"]);
});

Deno.test("backup filters: an excluded folder hides its subtree even from later includes", async () => {
  const paths = await backupWith(["--exclude=*/cache/", "--include=*.txt"]);
  assertEquals(paths, [
    "/",
    "/a.log",
    "/a.txt",
    "/data.bin",
    "/keep.log",
    "/sub/",
    "/sub/b.log",
    "/sub/b.txt",
    "/tmp_1.dat",
    "/tmp_x.dat",
  ]);
});

Deno.test("backup filters: only includes means everything else is left out", async () => {
  const paths = await backupWith(["--include=*.txt", "--include=*/"]);
  assertEquals(paths, [
    "/",
    "/a.txt",
    "/cache/",
    "/cache/c.txt",
    "/cache/deeper/",
    "/cache/deeper/d.txt",
    "/sub/",
    "/sub/b.txt",
  ]);
});

Deno.test("restore with positional patterns restores only the matching files", async () => {
  await withWorkspace(async (ws) => {
    writeTree(ws.src, TREE);
    await ws.expect(0, ["backup", ws.destUrl, ws.src, ...OPTS]);

    const byName = `${ws.restore}/by_name`;
    const one = await ws.expect(0, ["restore", ws.destUrl, "b.txt", ...OPTS, `--restore-path=${byName}`]);
    assertStringIncludes(one.stdout, "Restored 1 (");
    assertEquals([...readTree(byName)], [["b.txt", "62"]]);

    const byGlob = `${ws.restore}/by_glob`;
    await ws.expect(0, ["restore", ws.destUrl, "*.log", ...OPTS, `--restore-path=${byGlob}`]);
    assertEquals([...readTree(byGlob).keys()], ["a.log", "keep.log", "sub/", "sub/b.log"]);
    assertEquals(Deno.readTextFileSync(`${byGlob}/sub/b.log`), "log b");

    const byFolder = `${ws.restore}/by_folder`;
    await ws.expect(0, ["restore", ws.destUrl, `${ws.src}/cache/`, ...OPTS, `--restore-path=${byFolder}`]);
    assertEquals([...readTree(byFolder)], [["c.txt", "63"], ["deeper/", ""], ["deeper/d.txt", "64"]]);

    const withFilter = `${ws.restore}/with_filter`;
    await ws.expect(0, [
      "restore",
      ws.destUrl,
      "*",
      "--exclude=*.log",
      "--exclude=*/cache/*",
      ...OPTS,
      `--restore-path=${withFilter}`,
    ]);
    assertEquals([...readTree(withFilter).keys()], [
      "a.txt",
      "data.bin",
      "sub/",
      "sub/b.txt",
      "tmp_1.dat",
      "tmp_x.dat",
    ]);
  });
});
