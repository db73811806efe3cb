import { HandleCache, PARTIAL_SUFFIX } from "../../../lib/operations/restore/restore_file.ts";
import { MemoryBackend } from "../../../lib/backends/memory/memory_backend.ts";
import { backup } from "../../../lib/operations/backup/backup.ts";
import { restore } from "../../../lib/operations/restore/restore.ts";
import { assertEquals, assertRejects } from "../../support/assert.ts";
import { readTree, seededBytes, testContext, testSettings, writeTree } from "../../support/engine.ts";

Deno.test("HandleCache.prepare() creates announced files with their length before the first write", async () => {
  const dir = Deno.makeTempDirSync();
  try {
    const cache = new HandleCache(2);
    const paths = [0, 1, 2, 3].map((i) => `${dir}/sub/f${i}`);
    paths.forEach((p, i) => cache.expect(p, 10 + i));
    cache.prepare(paths, 2);
    await cache.settle();
    assertEquals(paths.map((p) => Deno.statSync(p).size), [10, 11, 12, 13]);
    for (const [i, p] of paths.entries()) await cache.write(p, 0, new Uint8Array([i + 1]));
    cache.closeAll();
    assertEquals(paths.map((p) => Deno.readFileSync(p)[0]), [1, 2, 3, 4]);
    assertEquals(paths.map((p) => Deno.statSync(p).size), [10, 11, 12, 13]);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("HandleCache.write() reports a file that could not be created", async () => {
  const dir = Deno.makeTempDirSync();
  try {
    Deno.writeTextFileSync(`${dir}/plain`, "x");
    const cache = new HandleCache();
    const path = `${dir}/plain/under-a-file`;
    cache.expect(path, 5);
    cache.prepare([path]);
    await assertRejects(() => cache.write(path, 0, new Uint8Array(5)));
    cache.closeAll();
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
    const result = await restore(ctx, {
      selector: {},
      match: () => true,
      restorePath: out,
      overwrite: false,
      restorePermissions: false,
      skipMetadata: false,
      passphrase: settings.passphrase,
      downloads: 1,
    });
    assertEquals(result.errors, []);
    assertEquals(readTree(out), readTree(src));
    ctx.close();
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});
