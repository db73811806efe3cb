import { MemoryBackend } from "../../../lib/backends/memory/memory_backend.ts";
import { IntegrityError } from "../../../lib/core/errors.ts";
import { utf8WithBom } from "../../../lib/core/bytes.ts";
import { backup } from "../../../lib/operations/backup/backup.ts";
import { recreateDatabase } from "../../../lib/operations/recreate/recreate.ts";
import { ZipReader } from "../../../lib/volumes/zip/zip_reader.ts";
import { storedEntry, ZipStreamWriter } from "../../../lib/volumes/zip/zip_writer.ts";
import { concat } from "../../../lib/core/bytes.ts";
import { assertEquals, assertRejects } from "../../support/assert.ts";
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
    await backup(source, { sources: [`${dir}/src`], include: () => true, settings });
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
