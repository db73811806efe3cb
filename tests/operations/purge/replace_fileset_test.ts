/**
 * replaceFileset / stageReplacement: entries leave one version, its dlist moves to the next free second, the old
 * dlist is deleted; no free second refuses without changing anything; a crash after the transaction is finished by
 * the next reconcile.
 * @module
 */
import { filesetEntries, listFilesets } from "../../../lib/database/filesets.ts";
import { createVolume, listVolumes } from "../../../lib/database/remote_volumes.ts";
import { reconcileRemote } from "../../../lib/operations/common/reconcile.ts";
import {
  NoFreeTimestampError,
  replaceFileset,
  stageReplacement,
} from "../../../lib/operations/common/replace_fileset.ts";
import { assertEquals, assertThrows } from "../../support/assert.ts";
import { readTree, seededBytes, writeTree } from "../../support/engine.ts";
import { type PurgeFixture, withPurgeFixture } from "./purge_fixture.ts";

/** dlist names at Unix second `s` (1970-01-01 plus s). */
function dlistAt(s: number): string {
  const d = new Date(s * 1000);
  const p = (n: number) => String(n).padStart(2, "0");
  return `duplicati-19700101T${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}Z.dlist.zip`;
}

/** Two versions at `older` and `newer` seconds; returns the source tree as it was at the older one. */
async function twoVersions(f: PurgeFixture, older: number, newer: number): Promise<Map<string, string>> {
  writeTree(f.src, { "a.txt": "alpha", "b.bin": seededBytes(3000, 1), "sub/c.txt": "charlie" });
  await f.backupAt(older);
  const first = readTree(f.src);
  writeTree(f.src, { "a.txt": "alpha, changed" });
  await f.backupAt(newer);
  return first;
}

/** The file ids of `paths` (relative to src) in the fileset at `timestamp`. */
function fileIds(f: PurgeFixture, timestamp: number, paths: readonly string[]): { filesetId: number; ids: number[] } {
  const fileset = listFilesets(f.context.db).find((x) => x.timestamp === timestamp)!;
  const wanted = new Set(paths.map((p) => `${f.src}/${p}`));
  return {
    filesetId: fileset.id,
    ids: filesetEntries(f.context.db, fileset.id).filter((e) => wanted.has(e.path)).map((e) => e.fileId),
  };
}

Deno.test("replaceFileset removes the entries, moves the dlist to the next second and deletes the old dlist", async () => {
  await withPurgeFixture(async (f) => {
    const first = await twoVersions(f, 1000, 2000);
    assertEquals(f.remote("dlist"), [dlistAt(1000), dlistAt(2000)]);
    const before = f.listing();
    const { filesetId, ids } = fileIds(f, 1000, ["b.bin"]);
    const staged = await replaceFileset(f.context, { filesetId, fileIds: ids, settings: f.settings });
    assertEquals([staged.removedEntries, staged.oldName, staged.volume.name, staged.timestamp], [
      1,
      dlistAt(1000),
      dlistAt(1001),
      1001,
    ]);
    assertEquals(f.remote("dlist"), [dlistAt(1001), dlistAt(2000)]);
    assertEquals(f.timestamps(), [2000, 1001]);
    const after = f.listing();
    assertEquals(after[0], before[0]);
    const expected = new Map(before[1]);
    expected.delete(`${f.src}/b.bin`);
    assertEquals(after[1], expected);
    assertEquals((await f.dlistEntries(dlistAt(1001))).map((e) => e.path).sort(), [...expected.keys()].sort());
    assertEquals(listVolumes(f.context.db, { type: "dlist" }).map((v) => [v.name, v.state]), [
      [dlistAt(2000), "Uploaded"],
      [dlistAt(1001), "Uploaded"],
    ]);
    assertEquals(await f.testAll(), []);
    first.delete("b.bin");
    assertEquals(await f.restoreVersion(1), first);
  });
});

Deno.test("stageReplacement refuses when the next version is one second newer, changing nothing", async () => {
  await withPurgeFixture(async (f) => {
    await twoVersions(f, 1000, 1001);
    const before = { listing: f.listing(), volumes: listVolumes(f.context.db), remote: [...f.backend.files.keys()] };
    const { filesetId, ids } = fileIds(f, 1000, ["b.bin"]);
    assertThrows(
      () => stageReplacement(f.context.db, { filesetId, fileIds: ids, settings: f.settings }),
      NoFreeTimestampError,
      `Cannot replace the file list "${dlistAt(1000)}"`,
    );
    assertEquals(
      { listing: f.listing(), volumes: listVolumes(f.context.db), remote: [...f.backend.files.keys()] },
      before,
    );
    // The newest version has room above it.
    const newest = fileIds(f, 1001, ["b.bin"]);
    const staged = await replaceFileset(f.context, { ...newest, fileIds: newest.ids, settings: f.settings });
    assertEquals(staged.timestamp, 1002);
    assertEquals(f.remote("dlist"), [dlistAt(1000), dlistAt(1002)]);
  });
});

Deno.test("stageReplacement skips a second whose dlist name is already recorded", async () => {
  await withPurgeFixture(async (f) => {
    await twoVersions(f, 1000, 1005);
    createVolume(f.context.db, { name: dlistAt(1001), type: "dlist", state: "Deleting" });
    const { filesetId, ids } = fileIds(f, 1000, ["a.txt"]);
    const staged = stageReplacement(f.context.db, { filesetId, fileIds: ids, settings: f.settings });
    assertEquals([staged.timestamp, staged.volume.name, staged.volume.state], [1002, dlistAt(1002), "Uploading"]);
  });
});

Deno.test("a crash after the replacement transaction is finished by the next reconcile", async () => {
  await withPurgeFixture(async (f) => {
    const first = await twoVersions(f, 1000, 2000);
    const before = f.listing();
    const { filesetId, ids } = fileIds(f, 1000, ["b.bin", "sub/c.txt"]);
    const staged = stageReplacement(f.context.db, { filesetId, fileIds: ids, settings: f.settings });
    assertEquals(staged.removedEntries, 2);
    // The "crash": nothing was uploaded and the old dlist is still there, marked Deleting.
    assertEquals(f.remote("dlist"), [dlistAt(1000), dlistAt(2000)]);
    assertEquals(
      listVolumes(f.context.db, { type: "dlist" }).map((v) => [v.name, v.state]),
      [[dlistAt(1000), "Deleting"], [dlistAt(2000), "Uploaded"], [dlistAt(1001), "Uploading"]],
    );
    const report = await reconcileRemote(f.context, { settings: f.settings, strict: true });
    assertEquals([report.recovery.rewritten, report.swept.files], [1, 1]);
    assertEquals(f.remote("dlist"), [dlistAt(1001), dlistAt(2000)]);
    const expected = new Map(before[1]);
    expected.delete(`${f.src}/b.bin`);
    expected.delete(`${f.src}/sub/c.txt`);
    assertEquals(f.listing(), [before[0], expected]);
    assertEquals((await f.dlistEntries(dlistAt(1001))).map((e) => e.path).sort(), [...expected.keys()].sort());
    assertEquals(await f.testAll(), []);
    first.delete("b.bin");
    first.delete("sub/c.txt");
    assertEquals(await f.restoreVersion(1), first);
  });
});
