import { MemoryBackend } from "../../../lib/backends/memory/memory_backend.ts";
import { listVolumes } from "../../../lib/database/remote_volumes.ts";
import { IntegrityError } from "../../../lib/core/errors.ts";
import { utf8WithBom } from "../../../lib/core/bytes.ts";
import { backup } from "../../../lib/operations/backup/backup.ts";
import { recreateDatabase } from "../../../lib/operations/recreate/recreate.ts";
import { ZipReader } from "../../../lib/volumes/zip/zip_reader.ts";
import { storedEntry, ZipStreamWriter } from "../../../lib/volumes/zip/zip_writer.ts";
import { concat } from "../../../lib/core/bytes.ts";
import { assert, assertEquals, assertRejects } from "../../support/assert.ts";
import { testContext, testSettings, writeTree } from "../../support/engine.ts";

function withManifest(volume: Uint8Array, manifest: string): Uint8Array {
  const reader = new ZipReader(volume);
  const parts: Uint8Array[] = [];
  const writer = new ZipStreamWriter((chunk) => parts.push(chunk));
  for (const entry of reader.entries) {
    writer.add(storedEntry(entry.name, entry.name === "manifest" ? utf8WithBom(manifest) : reader.read(entry)));
  }
  writer.finish();
  return concat(parts);
}

Deno.test("recreateDatabase() imports every version and refuses a manifest with an unknown hash algorithm", async () => {
  const dir = Deno.makeTempDirSync();
  try {
    writeTree(`${dir}/src`, { "a.txt": "one" });
    const backend = new MemoryBackend();
    const source = testContext(backend, `${dir}/db.sqlite`);
    const settings = testSettings(dir, { passphrase: undefined });
    await backup(source, { sources: [`${dir}/src`], settings });
    source.close();

    const rebuilt = testContext(backend, `${dir}/rebuilt.sqlite`);
    const result = await recreateDatabase(rebuilt, { prefix: "duplicati", passphrase: undefined });
    assertEquals(result.filesets, 1);
    assertEquals(result.parameters, { blocksize: 1024, blockHash: "SHA256", fileHash: "SHA256" });
    rebuilt.close();

    const dlist = [...backend.files.keys()].find((n) => n.includes(".dlist."))!;
    backend.files.set(
      dlist,
      withManifest(
        backend.files.get(dlist)!,
        '{"Version":2,"Created":"20240101T000000Z","Encoding":"utf8","Blocksize":1024,"BlockHash":"SHA999",' +
          '"FileHash":"SHA256","AppVersion":"2.3.0.4"}',
      ),
    );
    const again = testContext(backend, `${dir}/again.sqlite`);
    await assertRejects(
      () => recreateDatabase(again, { prefix: "duplicati", passphrase: undefined }),
      IntegrityError,
      'unknown hash algorithm "SHA999"',
    );
    again.close();
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("recreateDatabase() leaves out a missing dblock whose blocks are all in other volumes, and keeps one whose blocks are not", async () => {
  const dir = Deno.makeTempDirSync();
  try {
    writeTree(`${dir}/src`, { "a.bin": new Uint8Array(5000).map((_, i) => (i * 7) % 251), "b.txt": "bee" });
    const settings = testSettings(dir, { passphrase: undefined });
    // Two backups of the same tree with separate databases: the same blocks in different volume names.
    const first = new MemoryBackend(), second = new MemoryBackend();
    for (const [backend, db] of [[first, "one"], [second, "two"]] as const) {
      const context = testContext(backend, `${dir}/${db}.sqlite`);
      await backup(context, { sources: [`${dir}/src`], settings });
      context.close();
    }
    const names = (backend: MemoryBackend, type: string) => [...backend.files.keys()].filter((n) => n.includes(type));
    // What uploads killed between each dindex and its dblock left: the second backup complete, plus the first
    // backup's dindex files whose dblocks never arrived (a backup may write more than one dblock).
    const orphanIndexes = names(first, ".dindex."), orphanBlocks = names(first, ".dblock.");
    assert(orphanIndexes.length > 0 && orphanIndexes.length === orphanBlocks.length);
    for (const index of orphanIndexes) second.files.set(index, first.files.get(index)!);
    const rebuilt = testContext(second, `${dir}/rebuilt.sqlite`);
    const result = await recreateDatabase(rebuilt, { prefix: "duplicati", passphrase: undefined });
    const volumes = listVolumes(rebuilt.db).map((v) => v.name);
    rebuilt.close();
    assertEquals(orphanBlocks.filter((b) => volumes.includes(b)), [], "no missing dblock is recorded");
    for (const block of names(second, ".dblock.")) assert(volumes.includes(block));
    for (const block of orphanBlocks) {
      const said = result.warnings.filter((w) => w.includes(block) && w.includes("not needed"));
      assertEquals(said.length, 1, result.warnings.join("\n"));
    }

    // Without the second backup's volumes the orphans' blocks exist nowhere else: they are recorded (so a
    // restore names them as missing) and the warnings say so.
    const alone = new MemoryBackend();
    for (const index of orphanIndexes) alone.files.set(index, first.files.get(index)!);
    for (const dlist of names(first, ".dlist.")) alone.files.set(dlist, first.files.get(dlist)!);
    const broken = testContext(alone, `${dir}/broken.sqlite`);
    const brokenResult = await recreateDatabase(broken, { prefix: "duplicati", passphrase: undefined });
    const brokenVolumes = listVolumes(broken.db).map((v) => v.name);
    broken.close();
    for (const block of orphanBlocks) {
      assert(brokenVolumes.includes(block), block);
      assert(brokenResult.warnings.some((w) => w.includes(block) && w.includes("found nowhere else")), block);
    }
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});
