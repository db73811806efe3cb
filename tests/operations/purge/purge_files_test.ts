/**
 * purgeFiles: removes matching entries from all or the selected versions, moves each changed version's dlist one
 * second on, compacts afterwards (reclaiming every purged block at threshold 0), and a dry run changes nothing.
 * @module
 */
import { listVolumes } from "../../../lib/database/remote_volumes.ts";
import { volumeUsage } from "../../../lib/database/usage.ts";
import { purgeFiles } from "../../../lib/operations/purge/purge_files.ts";
import { assert, assertEquals } from "../../support/assert.ts";
import { readTree } from "../../support/engine.ts";
import { buildVersions, type PurgeFixture, withPurgeFixture } from "./purge_fixture.ts";

const EAGER = { threshold: 0, smallFileSize: 0, smallFileMaxCount: 1000 };

function without(listing: Map<string, number>, paths: readonly string[]): Map<string, number> {
  const out = new Map(listing);
  for (const p of paths) out.delete(p);
  return out;
}

function dlistNames(f: PurgeFixture): string[] {
  return listVolumes(f.context.db, { type: "dlist" }).map((v) => v.name).sort();
}

Deno.test("purgeFiles removes matching files from every version and compact reclaims their blocks", async () => {
  await withPurgeFixture(async (f) => {
    await buildVersions(f);
    const tree = readTree(f.src);
    const before = f.listing();
    const gone = [`${f.src}/f3.bin`, `${f.src}/tiny.txt`];
    const result = await purgeFiles(f.context, {
      settings: f.settings,
      match: (p) => gone.includes(p),
      selector: {},
      compact: EAGER,
    });
    assertEquals(
      result.versions.map((
        v,
      ) => [v.version, v.time.getTime(), v.newTime?.getTime(), v.entries.map((e) => e.path), v.bytes]),
      [[0, 2000_000, 2001_000, gone, 24_004], [1, 1000_000, 1001_000, gone, 24_004]],
    );
    assertEquals(f.listing(), before.map((l) => without(l, gone)));
    assertEquals(f.timestamps(), [2001, 1001]);
    assertEquals(f.remote("dlist"), dlistNames(f));
    assert(result.compact !== undefined && result.compact.deletedVolumes + result.compact.rewrittenVolumes > 0);
    for (const usage of volumeUsage(f.context.db).values()) assertEquals(usage.usedBlocks, usage.blocks);
    assertEquals(await f.testAll(), []);
    tree.delete("f3.bin");
    tree.delete("tiny.txt");
    assertEquals(await f.restoreVersion(0), tree);
  });
});

Deno.test("purgeFiles touches only the versions --version or --time select", async () => {
  await withPurgeFixture(async (f) => {
    await buildVersions(f);
    const before = f.listing();
    const names = f.remote("dlist");
    const f0 = `${f.src}/f0.bin`;
    const byVersion = await purgeFiles(f.context, {
      settings: f.settings,
      match: (p) => p === f0,
      selector: { versions: [1] },
      compact: undefined,
    });
    assertEquals(byVersion.versions.map((v) => [v.version, v.bytes]), [[1, 3000]]);
    assertEquals(byVersion.compact, undefined);
    assertEquals(f.listing(), [before[0], without(before[1]!, [f0])]);
    assertEquals(f.remote("dlist"), [names[0]!.replace("T001640Z", "T001641Z"), names[1]]);
    const byTime = await purgeFiles(f.context, {
      settings: f.settings,
      match: (p) => p === f0,
      selector: { time: new Date(2500_000) },
      compact: undefined,
    });
    assertEquals(byTime.versions.map((v) => [v.version, v.bytes, v.newTime?.getTime()]), [[0, 3000, 2001_000]]);
    assertEquals(f.listing(), before.map((l) => without(l, [f0])));
    const none = await purgeFiles(f.context, {
      settings: f.settings,
      match: () => false,
      selector: {},
      compact: EAGER,
    });
    assertEquals([none.versions, none.compact], [[], undefined]);
    assertEquals(await f.testAll(), []);
  });
});

Deno.test("purgeFiles with dryRun lists the matches and changes nothing", async () => {
  await withPurgeFixture(async (f) => {
    await buildVersions(f);
    const state = () => ({
      listing: f.listing(),
      volumes: listVolumes(f.context.db),
      remote: [...f.backend.files.keys()],
    });
    const before = state();
    const result = await purgeFiles(f.context, {
      settings: f.settings,
      match: (p) => p.startsWith(`${f.src}/sub/`),
      selector: {},
      dryRun: true,
      compact: EAGER,
    });
    const sub = [[`${f.src}/sub/`, "Folder", 0], [`${f.src}/sub/s.bin`, "File", 5000]];
    assertEquals(
      result.versions.map((v) => [v.version, v.newTime, v.entries.map((e) => [e.path, e.type, e.size])]),
      [[0, undefined, sub], [1, undefined, sub]],
    );
    assertEquals([result.dryRun, result.compact], [true, undefined]);
    assertEquals(state(), before);
  });
});

Deno.test("purgeFiles still purges with a dblock missing but skips compact with a warning", async () => {
  await withPurgeFixture(async (f) => {
    await buildVersions(f);
    const before = f.listing();
    const missing = f.remote("dblock")[0]!;
    f.backend.files.delete(missing);
    const tiny = `${f.src}/tiny.txt`;
    const result = await purgeFiles(f.context, {
      settings: f.settings,
      match: (p) => p === tiny,
      selector: {},
      compact: EAGER,
    });
    assertEquals(result.versions.map((v) => [v.version, v.bytes]), [[0, 4], [1, 4]]);
    assertEquals(result.compact, undefined);
    assertEquals(result.warnings, [
      `Skipped compacting: 1 remote volume(s) are missing or have the wrong size; run "purge-broken-files" first, ` +
      `then "compact"`,
    ]);
    assertEquals(f.listing(), before.map((l) => without(l, [tiny])));
    assertEquals(listVolumes(f.context.db).some((v) => v.name === missing), true);
  });
});
