/**
 * purgeBrokenFiles: removes exactly the broken entries from every version, deletes the broken dblock and its
 * dindex, leaves a backup that passes `test all` and restores; removes versions that were wholly broken (keeping
 * the last one, empty); a dry run changes nothing; the next backup stores the purged files again.
 * @module
 */
import { indexesOf, listVolumes } from "../../../lib/database/remote_volumes.ts";
import { listBrokenFiles } from "../../../lib/operations/purge/broken_files.ts";
import { purgeBrokenFiles } from "../../../lib/operations/purge/purge_broken_files.ts";
import { assertEquals } from "../../support/assert.ts";
import { readTree, seededBytes, writeTree } from "../../support/engine.ts";
import { buildVersions, type PurgeFixture, withPurgeFixture } from "./purge_fixture.ts";
import { brokenBy, pickVolume, remoteLayout } from "./remote_needs.ts";

/** Files only (folders dropped), for comparing restores whose folder entries may have been purged. */
function filesOf(tree: Map<string, string>): Map<string, string> {
  return new Map([...tree].filter(([path]) => !path.endsWith("/")));
}

function relative(f: PurgeFixture, path: string): string {
  return path.slice(f.src.length + 1);
}

Deno.test("purgeBrokenFiles removes the broken entries, forgets the dblock and leaves a restorable backup", async () => {
  await withPurgeFixture(async (f) => {
    const trees: Map<string, string>[] = [];
    writeTree(f.src, { "keep.txt": "keep" });
    await buildVersions(f);
    trees.push(readTree(f.src));
    const layout = await remoteLayout(f.backend.files);
    const victim = pickVolume(layout, 2);
    const broken = brokenBy(layout, [victim]);
    const victimRow = listVolumes(f.context.db).find((v) => v.name === victim)!;
    const victimIndexes = indexesOf(f.context.db, victimRow.id).map((v) => v.name);
    const before = f.listing();
    f.backend.files.delete(victim);

    const result = await purgeBrokenFiles(f.context, { settings: f.settings });
    assertEquals(result.volumes, [victim]);
    assertEquals(
      result.versions.map((v) => [v.version, v.action, v.entries.map((e) => e.path)]),
      broken.map((v) => [v.version, "entries", v.entries.map((e) => e.path)]),
    );
    assertEquals(result.versions.map((v) => v.newTime?.getTime()), [2001_000, 1001_000]);
    assertEquals(result.deletedRemoteFiles, 2 + 1 + victimIndexes.length);
    const remote = [...f.backend.files.keys()];
    assertEquals([victim, ...victimIndexes].filter((n) => remote.includes(n)), []);
    assertEquals(f.remote("dlist").length, 2);
    assertEquals(f.timestamps(), [2001, 1001]);
    const expected = before.map((listing, version) => {
      const out = new Map(listing);
      for (const e of broken.find((b) => b.version === version)?.entries ?? []) out.delete(e.path);
      return out;
    });
    assertEquals(f.listing(), expected);
    const again = await listBrokenFiles(f.context, { settings: f.settings });
    assertEquals([again.volumes, again.versions], [[], []]);
    assertEquals(await f.testAll(), []);
    // Version 0 restores every file that was not broken, byte-identical.
    const want = filesOf(trees[0]!);
    for (const e of broken[0]!.entries) want.delete(relative(f, e.path));
    assertEquals(filesOf(await f.restoreVersion(0)), want);

    // The next backup stores the purged files again.
    await f.backupAt(3000);
    assertEquals(f.listing()[0], before[0]);
    assertEquals(filesOf(await f.restoreVersion(0)), filesOf(readTree(f.src)));
    assertEquals(await f.testAll(), []);
  });
});

Deno.test("purgeBrokenFiles with dryRun reports the same and changes nothing", async () => {
  await withPurgeFixture(async (f) => {
    await buildVersions(f);
    const layout = await remoteLayout(f.backend.files);
    const victim = pickVolume(layout, 2);
    f.backend.files.delete(victim);
    const state = () => ({
      listing: f.listing(),
      volumes: listVolumes(f.context.db),
      remote: [...f.backend.files.keys()],
    });
    const before = state();
    const result = await purgeBrokenFiles(f.context, { settings: f.settings, dryRun: true });
    assertEquals([result.dryRun, result.volumes, result.deletedRemoteFiles], [true, [victim], 0]);
    assertEquals(
      result.versions.map((v) => [v.version, v.action, v.newTime, v.entries.map((e) => e.path)]),
      brokenBy(layout, [victim]).map((v) => [v.version, "entries", undefined, v.entries.map((e) => e.path)]),
    );
    assertEquals(state(), before);
  });
});

Deno.test("purgeBrokenFiles removes a wholly broken version and keeps the other", async () => {
  await withPurgeFixture(async (f) => {
    writeTree(f.src, { "old.bin": seededBytes(20_000, 1), "old.txt": "old" });
    Deno.utimeSync(f.src, 1_000_000, 1_000_000);
    await f.backupAt(1000);
    const firstBlocks = f.remote("dblock");
    Deno.removeSync(`${f.src}/old.bin`);
    Deno.removeSync(`${f.src}/old.txt`);
    writeTree(f.src, { "new.bin": seededBytes(20_000, 2) });
    Deno.utimeSync(f.src, 2_000_000, 2_000_000);
    await f.backupAt(2000);
    const newest = f.listing()[0]!;
    const tree = readTree(f.src);
    for (const name of firstBlocks) f.backend.files.delete(name);

    const result = await purgeBrokenFiles(f.context, { settings: f.settings });
    assertEquals(result.versions.map((v) => [v.version, v.action, v.entries.length, v.entryCount]), [
      [1, "version", 3, 3],
    ]);
    assertEquals(f.timestamps(), [2000]);
    assertEquals(f.listing(), [newest]);
    assertEquals(f.remote("dblock").filter((n) => firstBlocks.includes(n)), []);
    assertEquals(f.remote("dlist").length, 1);
    assertEquals(await f.testAll(), []);
    assertEquals(await f.restoreVersion(0), tree);
  });
});

Deno.test("purgeBrokenFiles keeps the newest version, empty, when every version is wholly broken", async () => {
  await withPurgeFixture(async (f) => {
    await buildVersions(f);
    for (const name of f.remote("dblock")) f.backend.files.delete(name);
    const result = await purgeBrokenFiles(f.context, { settings: f.settings });
    assertEquals(result.versions.map((v) => [v.version, v.action, v.entries.length === v.entryCount]), [
      [0, "entries", true],
      [1, "version", true],
    ]);
    assertEquals(f.timestamps(), [2001]);
    assertEquals(f.listing(), [new Map()]);
    assertEquals([f.remote("dblock"), f.remote("dindex"), f.remote("dlist").length], [[], [], 1]);
    assertEquals(listVolumes(f.context.db).map((v) => [v.type, v.state]), [["dlist", "Uploaded"]]);
    assertEquals(await f.testAll(), []);
    await f.backupAt(3000);
    assertEquals(filesOf(await f.restoreVersion(0)), filesOf(readTree(f.src)));
    assertEquals(await f.testAll(), []);
  });
});
