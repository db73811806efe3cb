import { FileCreator, PARTIAL_SUFFIX, TargetChecker } from "../../../lib/operations/restore/restore_file.ts";
import { blocksOfBlockset, forEachBlockOfFileset, type PlacedBlock } from "../../../lib/database/blocks.ts";
import { filesetEntries, listFilesets } from "../../../lib/database/filesets.ts";
import { MemoryBackend } from "../../../lib/backends/memory/memory_backend.ts";
import { backup } from "../../../lib/operations/backup/backup.ts";
import { restore } from "../../../lib/operations/restore/restore.ts";
import { assertEquals, assertRejects } from "../../support/assert.ts";
import {
  readTree,
  restoreEverythingInput,
  seededBytes,
  testContext,
  testSettings,
  writeTree,
} from "../../support/engine.ts";

/** Restores every entry of the newest version into `out`, without overwriting, metadata included. */
function restoreEverything(ctx: Parameters<typeof restore>[0], out: string, passphrase: string | undefined) {
  return restore(ctx, restoreEverythingInput(out, passphrase));
}

Deno.test("FileCreator.prepare() creates announced files with their length, empty ones at once", async () => {
  const dir = Deno.makeTempDirSync();
  try {
    const creator = new FileCreator();
    const paths = [0, 1, 2, 3].map((i) => `${dir}/sub/f${i}`);
    paths.forEach((p, i) => creator.expect(p, 10 + i));
    creator.expect(`${dir}/other/empty`, 0);
    assertEquals(Deno.statSync(`${dir}/other/empty`).size, 0);
    assertEquals(exists(paths[0]!), false);
    creator.prepare(paths, 2);
    assertEquals(exists(paths[0]!), true);
    for (const path of paths) await creator.ready(path);
    assertEquals(paths.map((p) => Deno.statSync(p).size), [10, 11, 12, 13]);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("FileCreator truncates a stale file and reports one that cannot be created", async () => {
  const dir = Deno.makeTempDirSync();
  try {
    Deno.writeFileSync(`${dir}/stale`, new Uint8Array(100).fill(7));
    Deno.writeTextFileSync(`${dir}/plain`, "x");
    const creator = new FileCreator();
    creator.expect(`${dir}/stale`, 5);
    creator.expect(`${dir}/plain/under-a-file`, 5);
    // Not prepared: ready() creates it on demand.
    await creator.ready(`${dir}/stale`);
    assertEquals(Deno.readFileSync(`${dir}/stale`), new Uint8Array(5));
    creator.prepare([`${dir}/plain/under-a-file`]);
    await assertRejects(() => creator.ready(`${dir}/plain/under-a-file`));
    creator.stop();
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("FileCreator works through a long order in slices between events; discard() and stop() end creation", async () => {
  const dir = Deno.makeTempDirSync();
  try {
    const creator = new FileCreator();
    const paths = Array.from({ length: 600 }, (_, i) => `${dir}/d${i % 7}/f${i}`);
    for (const path of paths) creator.expect(path, 3);
    creator.discard(paths[599]!); // announced, not created yet: never created
    creator.prepare(paths, 2);
    // The first slice runs at once, then the work yields to other events.
    const first = paths.filter(exists).length;
    assertEquals(first > 0 && first < 599, true, `${first} created in the first slice`);
    await creator.ready(paths[500]!); // needed first by a job: created at once, out of order
    assertEquals(exists(paths[500]!), true);
    creator.discard(paths[0]!); // created already: removed
    assertEquals(exists(paths[0]!), false);
    for (let i = 0; i < 2000 && !exists(paths[598]!); i++) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    assertEquals(paths.slice(1, 599).every(exists), true);
    assertEquals(exists(paths[599]!), false);
    assertEquals(Deno.statSync(paths[1]!).size, 3);
    // stop() halts the background work: files not reached stay uncreated.
    const later = new FileCreator();
    const more = Array.from({ length: 600 }, (_, i) => `${dir}/later/f${i}`);
    for (const path of more) later.expect(path, 1);
    later.prepare(more, 0); // one file per slice
    assertEquals(more.filter(exists).length, 1);
    later.stop();
    await new Promise((resolve) => setTimeout(resolve, 20));
    assertEquals(more.filter(exists).length, 1);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("restore() recovers from a partial file left by a killed restore and leaves none behind", async () => {
  const dir = Deno.makeTempDirSync();
  try {
    const src = `${dir}/src`;
    writeTree(src, { "a.bin": seededBytes(5000, 3), "b.txt": "hello" });
    const ctx = testContext(new MemoryBackend(), `${dir}/db.sqlite`);
    const settings = testSettings(dir);
    await backup(ctx, { sources: [src], settings });
    const out = `${dir}/out`;
    Deno.mkdirSync(out);
    // What a killed restore leaves: a half-written partial file, nothing under the real name.
    Deno.writeFileSync(`${out}/a.bin${PARTIAL_SUFFIX}`, seededBytes(7000, 9));
    const result = await restoreEverything(ctx, out, settings.passphrase);
    assertEquals(result.errors, []);
    assertEquals(readTree(out), readTree(src));
    ctx.close();
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("TargetChecker answers no for paths in an empty folder and asks the file system elsewhere", () => {
  const dir = Deno.makeTempDirSync();
  try {
    Deno.mkdirSync(`${dir}/empty`);
    Deno.mkdirSync(`${dir}/full`);
    Deno.writeTextFileSync(`${dir}/full/a`, "x");
    const checker = new TargetChecker();
    assertEquals(checker.exists(`${dir}/empty/a`), false);
    assertEquals(checker.exists(`${dir}/full/a`), true);
    assertEquals(checker.exists(`${dir}/full/b`), false);
    assertEquals(checker.exists(`${dir}/missing/a`), false);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("forEachBlockOfFileset() visits every entry's blocks grouped and in order, as blocksOfBlockset() gives them", async () => {
  const dir = Deno.makeTempDirSync();
  try {
    const src = `${dir}/src`;
    writeTree(src, {
      "a.bin": seededBytes(5000, 3),
      "b.bin": seededBytes(1024, 4),
      "same.bin": seededBytes(5000, 3),
      "e.txt": "",
      "sub/c.txt": "hello",
    });
    const ctx = testContext(new MemoryBackend(), `${dir}/db.sqlite`);
    await backup(ctx, { sources: [src], settings: testSettings(dir) });
    const [fileset] = listFilesets(ctx.db);
    const bulk = new Map<number, PlacedBlock[]>();
    let last = -1;
    forEachBlockOfFileset(ctx.db, fileset!.id, (id, hash, size, volumeId) => {
      // Grouped: once a blockset's blocks ended, it never comes back.
      if (id !== last) assertEquals(bulk.has(id), false, `blockset ${id} visited in two groups`);
      last = id;
      const blocks = bulk.get(id) ?? [];
      bulk.set(id, blocks);
      blocks.push({ idx: blocks.length, hash, size, volumeId });
    });
    const entries = filesetEntries(ctx.db, fileset!.id);
    let checked = 0;
    for (const entry of entries) {
      for (const id of [entry.blocksetId, entry.metaBlocksetId]) {
        if (id < 0) continue;
        assertEquals(bulk.get(id) ?? [], blocksOfBlockset(ctx.db, id));
        checked++;
      }
    }
    assertEquals(checked > entries.length, true);
    const ids = new Set(entries.flatMap((e) => [e.blocksetId, e.metaBlocksetId]));
    assertEquals([...bulk.keys()].filter((id) => !ids.has(id)), []);
    ctx.close();
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

function exists(path: string): boolean {
  try {
    Deno.lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

for (const count of [3, 1200]) {
  const path = count > 1000 ? "streamed from one query" : "asked per file";
  Deno.test(`restore with blocks ${path}: a file whose blocks do not add up fails alone, bad metadata is a warning`, async () => {
    const dir = Deno.makeTempDirSync();
    try {
      const src = `${dir}/src`;
      const tree: Record<string, Uint8Array> = {
        "big.bin": seededBytes(5000, 1),
        "meta.bin": seededBytes(700, 2),
      };
      for (let i = 0; i < count; i++) tree[`many/f${i}.bin`] = seededBytes(200 + i % 50, 100 + i);
      writeTree(src, tree);
      const settings = testSettings(dir, { blocksize: 1024 });
      const ctx = testContext(new MemoryBackend(), `${dir}/db.sqlite`);
      await backup(ctx, { sources: [src], settings });
      const entryOf = (name: string) =>
        filesetEntries(ctx.db, listFilesets(ctx.db)[0]!.id).find((e) => e.path === `${src}/${name}`)!;
      // The database loses one block of big.bin's content and the only block of meta.bin's metadata.
      const big = entryOf("big.bin"), meta = entryOf("meta.bin");
      ctx.db.prepare("DELETE FROM blockset_entry WHERE blockset_id = ? AND idx = 2").run(big.blocksetId);
      ctx.db.prepare("DELETE FROM blockset_entry WHERE blockset_id = ?").run(meta.metaBlocksetId);
      const out = `${dir}/out`;
      const result = await restoreEverything(ctx, out, settings.passphrase);
      assertEquals(result.errors, [
        `Cannot restore its content of "${src}/big.bin": ${5000 - 1024} of 5000 bytes are known to exist at the ` +
        `destination`,
      ]);
      assertEquals(result.failedFiles, [`${src}/big.bin`]);
      assertEquals(
        result.warnings.filter((w) => w.includes("meta.bin")),
        [
          `Cannot restore its metadata (times, permissions) of "${src}/meta.bin": 0 of ${meta.metaSize} bytes are ` +
          `known to exist at the destination`,
        ],
      );
      // Everything else is restored, byte for byte (meta.bin too, without its metadata).
      const expected = readTree(src);
      expected.delete("big.bin");
      assertEquals(readTree(out), expected);
      ctx.close();
    } finally {
      Deno.removeSync(dir, { recursive: true });
    }
  });
}
