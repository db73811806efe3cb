/**
 * CLI integration: `repair` without a local database (rebuild), with one (missing dindex and dlist files uploaded
 * again), with an outdated one (set aside and rebuilt), with a missing dblock (reported, nothing deleted), and
 * unknown files with our prefix, which no command ever deletes.
 * @module
 */
import { cliCommands } from "../../lib/cli/run_cli.ts";
import { assert, assertEquals, assertMatch, assertStringIncludes } from "../support/assert.ts";
import { treeDigests, versionLines, withWorkspace, type Workspace } from "../support/cli_workspace.ts";
import { seededBytes, writeTree } from "../support/engine.ts";

const KB = 1024;
const OPTS = ["--blocksize=16kb", "--dblock-size=128kb", "--passphrase=repair secret"];
const HAS_TEST = cliCommands().some((c) => c.name === "test");

async function backupNow(ws: Workspace, codes: number[] = [0]): Promise<string> {
  const result = await ws.run(["backup", ws.destUrl, ws.src, ...OPTS]);
  assert(codes.includes(result.code), `backup gave ${result.code}\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

/** Three versions with a change, an addition and a deletion between them; returns their trees, newest first. */
async function threeVersions(ws: Workspace): Promise<Map<string, string>[]> {
  const trees: Map<string, string>[] = [];
  writeTree(ws.src, {
    "a.bin": seededBytes(90 * KB, 1),
    "b.bin": seededBytes(50 * KB + 9, 2),
    "sub/c.bin": seededBytes(70 * KB, 3),
    "note.txt": "one",
  });
  await backupNow(ws);
  trees.unshift(treeDigests(ws.src));
  writeTree(ws.src, { "b.bin": seededBytes(50 * KB, 22), "d.bin": seededBytes(40 * KB, 4), "note.txt": "two" });
  await backupNow(ws);
  trees.unshift(treeDigests(ws.src));
  Deno.removeSync(`${ws.src}/sub/c.bin`);
  writeTree(ws.src, { "e.bin": seededBytes(30 * KB, 5), "note.txt": "three" });
  await backupNow(ws);
  trees.unshift(treeDigests(ws.src));
  return trees;
}

/** `list-filesets` and `list * --version=N` of every version: what must be identical after a rebuild. */
async function listings(ws: Workspace, versions: number): Promise<string[]> {
  const out = [(await ws.expect(0, ["list-filesets", ws.destUrl, ...OPTS])).stdout];
  for (let v = 0; v < versions; v++) {
    out.push((await ws.expect(0, ["list", ws.destUrl, "*", `--version=${v}`, ...OPTS])).stdout);
  }
  return out;
}

async function assertRestores(ws: Workspace, trees: Map<string, string>[], label: string): Promise<void> {
  for (const [version, tree] of trees.entries()) {
    const target = `${ws.root}/restore-${label}-v${version}`;
    await ws.expect(0, ["restore", ws.destUrl, `--version=${version}`, `--restore-path=${target}`, ...OPTS]);
    assertEquals(treeDigests(target), tree, `version ${version} restores byte-identical (${label})`);
  }
}

function copyFolder(from: string, to: string): void {
  Deno.mkdirSync(to, { recursive: true });
  for (const entry of Deno.readDirSync(from)) {
    if (entry.isFile) Deno.copyFileSync(`${from}/${entry.name}`, `${to}/${entry.name}`);
  }
}

function remove(ws: Workspace, names: readonly string[]): void {
  for (const name of names) Deno.removeSync(`${ws.dest}/${name}`);
}

Deno.test("repair rebuilds a deleted database; with one, it uploads deleted dindex and dlist files again", async () => {
  await withWorkspace(async (ws) => {
    const trees = await threeVersions(ws);
    const before = await listings(ws, 3);
    assertEquals(versionLines(before[0]!).length, 3);
    const remote = ws.snapshotFolder(ws.dest);

    // No database: rebuilt from the destination, which it leaves as it was (a dry run only says so).
    Deno.removeSync(ws.data, { recursive: true });
    const dryRebuild = await ws.expect(0, ["repair", ws.destUrl, "--dry-run", ...OPTS]);
    assertEquals(dryRebuild.stdout, "[Dryrun]: Would rebuild the local database from the destination\n");
    assertEquals([...ws.snapshotFolder(ws.data).keys()].filter((n) => n.endsWith(".sqlite")), []);
    const rebuilt = await ws.expect(0, ["repair", ws.destUrl, ...OPTS]);
    assertStringIncludes(rebuilt.stdout, "Rebuilt the local database: 3 version(s)");
    assertEquals(ws.snapshotFolder(ws.dest), remote);
    assertEquals(await listings(ws, 3), before);
    // Nothing more to do, and backups carry on.
    const again = await ws.expect(0, ["repair", ws.destUrl, ...OPTS]);
    assertStringIncludes(again.stdout, "Nothing to repair: the destination and the local database agree");
    await backupNow(ws, [0, 1]);
    assertEquals(await listings(ws, 0), before.slice(0, 1), "an unchanged tree adds no version");

    // Deleted dindex files and a deleted dlist: written again from the database.
    const dindexes = ws.remoteNames("dindex");
    const dlists = ws.remoteNames("dlist");
    remove(ws, [...dindexes, dlists[1]!]);
    const damaged = ws.snapshotFolder(ws.dest);
    const dry = await ws.expect(0, ["repair", ws.destUrl, "--dry-run", ...OPTS]);
    assertStringIncludes(
      dry.stdout,
      `[Dryrun]: Would upload ${dindexes.length + 1} missing or damaged index/list file(s)`,
    );
    assertEquals(dry.stdout.includes("Nothing to repair"), false, dry.stdout);
    assertEquals(ws.snapshotFolder(ws.dest), damaged);
    const fixed = await ws.expect(0, ["repair", ws.destUrl, ...OPTS]);
    assertStringIncludes(fixed.stdout, `Uploaded ${dindexes.length + 1} missing or damaged index/list file(s) again`);
    const newIndexes = ws.remoteNames("dindex");
    assertEquals(newIndexes.length, dindexes.length);
    assertEquals(newIndexes.filter((n) => dindexes.includes(n)), [], "new dindex files get new names");
    assertEquals(ws.remoteNames("dlist"), dlists, "the dlist keeps its name");
    assertEquals(await listings(ws, 3), before);
    if (HAS_TEST) assertStringIncludes((await ws.expect(0, ["test", ws.destUrl, "all", ...OPTS])).stdout, "no errors");

    // No database and no dindex files: rebuilt from the dblocks themselves, and the dindex files are recreated.
    const dblocks = ws.remoteNames("dblock");
    remove(ws, ws.remoteNames("dindex"));
    Deno.removeSync(ws.data, { recursive: true });
    const fromBlocks = await ws.expect(0, ["repair", ws.destUrl, ...OPTS]);
    assertStringIncludes(fromBlocks.stdout, "Rebuilt the local database: 3 version(s)");
    assertStringIncludes(fromBlocks.stdout, `Uploaded ${dblocks.length} missing or damaged index/list file(s) again`);
    assertEquals(ws.remoteNames("dblock"), dblocks);
    assertEquals(ws.remoteNames("dindex").length, dblocks.length);
    assertEquals(ws.remoteNames("dlist"), dlists);
    assertEquals(await listings(ws, 3), before);
    await assertRestores(ws, trees, "rebuilt");
    // The recreated dindex files are complete: a rebuild from them alone gives the same database.
    Deno.removeSync(ws.data, { recursive: true });
    const fromIndexes = await ws.expect(0, ["repair", ws.destUrl, ...OPTS]);
    assertStringIncludes(fromIndexes.stdout, "Rebuilt the local database: 3 version(s)");
    assertEquals(await listings(ws, 1), before.slice(0, 2));
    if (HAS_TEST) await ws.expect(0, ["test", ws.destUrl, "all", ...OPTS]);
  });
});

Deno.test("an outdated database stops backup; repair sets it aside and rebuilds; a missing dblock is only reported", async () => {
  await withWorkspace(async (ws) => {
    writeTree(ws.src, { "a.bin": seededBytes(90 * KB, 11), "note.txt": "one" });
    await backupNow(ws);
    writeTree(ws.src, { "b.bin": seededBytes(60 * KB, 12), "note.txt": "two" });
    await backupNow(ws);
    const oldData = `${ws.root}/old-data`;
    copyFolder(ws.data, oldData);
    writeTree(ws.src, { "c.bin": seededBytes(50 * KB, 13), "note.txt": "three" });
    await backupNow(ws);
    const three = await listings(ws, 3);

    // The old database comes back: it lacks the newest version.
    Deno.removeSync(ws.data, { recursive: true });
    copyFolder(oldData, ws.data);
    writeTree(ws.src, { "note.txt": "four" });
    const remote = ws.snapshotFolder(ws.dest);
    const stopped = await ws.expect(100, ["backup", ws.destUrl, ws.src, ...OPTS]);
    assertStringIncludes(stopped.stderr, `Run "repair"`);
    assertStringIncludes(stopped.stderr, "newer than this local database knows");
    assertEquals(ws.snapshotFolder(ws.dest), remote, "nothing changed remotely");

    const repaired = await ws.expect(0, ["repair", ws.destUrl, ...OPTS]);
    assertStringIncludes(repaired.stdout, "The local database lacks versions the destination has; it was kept as");
    assertStringIncludes(repaired.stdout, "Rebuilt the local database: 3 version(s)");
    const aside = [...Deno.readDirSync(ws.data)].map((e) => e.name).filter((n) => /\.outdated-/.test(n));
    assertEquals(aside.length, 1, `set aside: ${aside}`);
    assertMatch(aside[0]!, /\.sqlite\.outdated-\d{4}-\d{2}-\d{2}T/);
    assertEquals(ws.snapshotFolder(ws.dest), remote, "repair changed nothing remotely");
    assertEquals(await listings(ws, 3), three);
    await backupNow(ws);
    const latest = treeDigests(ws.src);
    assertEquals(ws.remoteNames("dlist").length, 4);

    // A missing dblock: backup stops naming the next steps, repair reports it; neither deletes anything.
    const dblock = ws.remoteNames("dblock")[0]!;
    Deno.renameSync(`${ws.dest}/${dblock}`, `${ws.root}/${dblock}`);
    writeTree(ws.src, { "note.txt": "five" });
    const names = ws.remoteNames();
    const missing = await ws.expect(100, ["backup", ws.destUrl, ws.src, ...OPTS]);
    assertStringIncludes(missing.stderr, dblock);
    assertStringIncludes(missing.stderr, `Run "list-broken-files"`);
    assertStringIncludes(missing.stderr, `"purge-broken-files"`);
    assertEquals(ws.remoteNames(), names);
    const reported = await ws.expect(2, ["repair", ws.destUrl, ...OPTS]);
    assertStringIncludes(reported.stdout, `1 remote volume(s) are missing or damaged: ${dblock}`);
    assertStringIncludes(reported.stdout, `Run "list-broken-files"`);
    assertEquals(ws.remoteNames(), names, "repair deletes no remote file");
    // Put back, all is well again.
    Deno.renameSync(`${ws.root}/${dblock}`, `${ws.dest}/${dblock}`);
    const whole = await ws.expect(0, ["repair", ws.destUrl, ...OPTS]);
    assertStringIncludes(whole.stdout, "Nothing to repair");
    writeTree(ws.src, { "note.txt": "four" });
    const restored = `${ws.root}/restore-latest`;
    await ws.expect(0, ["restore", ws.destUrl, `--restore-path=${restored}`, ...OPTS]);
    assertEquals(treeDigests(restored), latest);
  });
});

/** A name of our format that no run wrote: `duplicati-b<32 hex>.dblock.zip.aes`. */
const EXTRA = "duplicati-b0123456789abcdef0123456789abcdef.dblock.zip.aes";

Deno.test("an unknown file with our prefix is never deleted by backup, repair, compact or delete", async () => {
  await withWorkspace(async (ws) => {
    writeTree(ws.src, { "a.bin": seededBytes(90 * KB, 21), "b.bin": seededBytes(40 * KB, 22) });
    await backupNow(ws);
    const copied = Deno.readFileSync(`${ws.dest}/${ws.remoteNames("dblock")[0]}`);
    Deno.writeFileSync(`${ws.dest}/${EXTRA}`, copied);
    const leftInPlace = `The remote file "${EXTRA}" is not recorded in the local database; it is left in place`;
    const stillThere = (step: string) => {
      assert(ws.remoteNames().includes(EXTRA), `the extra file survived ${step}`);
      assertEquals(Deno.readFileSync(`${ws.dest}/${EXTRA}`), copied);
    };

    writeTree(ws.src, { "b.bin": seededBytes(40 * KB, 23) });
    // An unknown file is a warning: the backup ends "with warnings" (exit code 2).
    const backedUp = await ws.expect(2, ["backup", ws.destUrl, ws.src, ...OPTS]);
    assertStringIncludes(backedUp.stdout + backedUp.stderr, leftInPlace);
    stillThere("backup");

    const repaired = await ws.expect(2, ["repair", ws.destUrl, ...OPTS]);
    assertStringIncludes(repaired.stdout, `Left in place a remote file the database does not know: ${EXTRA}`);
    stillThere("repair");

    await ws.expect(0, ["compact", ws.destUrl, "--threshold=0", ...OPTS]);
    stillThere("compact");
    await ws.expect(0, ["delete", ws.destUrl, "--version=1", ...OPTS]);
    stillThere("delete");
    await ws.expect(0, ["compact", ws.destUrl, "--threshold=0", "--small-file-max-count=0", ...OPTS]);
    stillThere("a compact that rewrites everything");

    // Rebuilding the database registers the copy's blocks elsewhere; it is still not ours to delete.
    Deno.removeSync(ws.data, { recursive: true });
    const rebuilt = await ws.expect(2, ["repair", ws.destUrl, ...OPTS]);
    assertStringIncludes(rebuilt.stdout, `Left in place a remote file the database does not know: ${EXTRA}`);
    assertEquals(rebuilt.stdout.includes("Deleted "), false, rebuilt.stdout);
    stillThere("repair without a database");
    await ws.expect(0, ["compact", ws.destUrl, "--threshold=0", "--small-file-max-count=0", ...OPTS]);
    stillThere("compact after the rebuild");
    const tree = treeDigests(ws.src);
    const restored = `${ws.root}/restore`;
    await ws.expect(0, ["restore", ws.destUrl, `--restore-path=${restored}`, ...OPTS]);
    assertEquals(treeDigests(restored), tree);
  });
});

Deno.test({
  name: "an unknown file with our prefix survives a backup that rebuilds a missing database",
  // Recreate (which backup runs to adopt an existing destination) forgets unindexed dblocks that hold nothing a
  // version uses, so reconcile reports the copy as unknown instead of deleting it as an empty dblock.
  fn: async () => {
    await withWorkspace(async (ws) => {
      writeTree(ws.src, { "a.bin": seededBytes(90 * KB, 31) });
      await backupNow(ws);
      Deno.copyFileSync(`${ws.dest}/${ws.remoteNames("dblock")[0]}`, `${ws.dest}/${EXTRA}`);
      Deno.removeSync(ws.data, { recursive: true });
      writeTree(ws.src, { "b.bin": seededBytes(10 * KB, 32) });
      await ws.run(["backup", ws.destUrl, ws.src, ...OPTS]);
      assert(ws.remoteNames().includes(EXTRA), "the extra file survived the backup");
    });
  },
});
