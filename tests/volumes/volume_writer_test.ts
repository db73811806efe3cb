import { createHash } from "node:crypto";
import { utf8 } from "../../lib/core/bytes.ts";
import { decryptAesCrypt, isAesCrypt, PIECE_SIZE } from "../../lib/volumes/aescrypt/mod.ts";
import { encodeManifest } from "../../lib/volumes/manifest.ts";
import { VolumeFileWriter } from "../../lib/volumes/volume_writer.ts";
import { ZipReader } from "../../lib/volumes/zip/zip_reader.ts";
import { assertEquals } from "../support/assert.ts";
import { deflated, noise, stored, text } from "./zip/zip_fixtures.ts";

const PARAMS = { blocksize: 1024, blockHash: "SHA256", fileHash: "SHA256" };
const CREATED = new Date(Date.UTC(2024, 0, 2, 3, 4, 5));

function sha256Base64(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("base64");
}

async function withTempDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = Deno.makeTempDirSync();
  try {
    await fn(dir);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
}

for (const passphrase of [undefined, "secret pässword"]) {
  const mode = passphrase ? "an encrypted" : "a plain";
  Deno.test(`VolumeFileWriter seals ${mode} volume whose hash and size are the file's`, async () => {
    await withTempDir(async (dir) => {
      const path = `${dir}/volume.tmp`;
      const writer = new VolumeFileWriter({ path, passphrase });
      const big = noise(3000, 9), small = text(2000);
      writer.addText("manifest", encodeManifest(PARAMS, CREATED));
      writer.add(stored("blockA", big));
      const staged = writer.pendingBytes;
      await writer.flush();
      // Encrypted volumes are written in whole cipher pieces; less than one piece stays staged until finish().
      assertEquals(writer.pendingBytes, passphrase ? staged : 0);
      writer.add(deflated("blockB", small));
      const sealed = await writer.finish();
      const file = Deno.readFileSync(path);
      assertEquals(sealed, { path, size: file.length, hash: sha256Base64(file) });
      assertEquals(isAesCrypt(file), passphrase !== undefined);
      const zipBytes = passphrase ? await decryptAesCrypt(file, passphrase) : file;
      const zip = new ZipReader(zipBytes, "volume");
      assertEquals(zip.entries.map((e) => [e.name, e.method]), [["manifest", 8], ["blockA", 0], ["blockB", 8]]);
      assertEquals(zip.read("manifest"), encodeManifest(PARAMS, CREATED));
      assertEquals(zip.read("blockA"), big);
      assertEquals(zip.read("blockB"), small);
      assertEquals(Deno.statSync(path).mode! & 0o777, 0o600);
    });
  });
}

Deno.test("VolumeFileWriter.addText() stores text when textLevel is 0 or deflating does not help", async () => {
  await withTempDir(async (dir) => {
    const writer = new VolumeFileWriter({ path: `${dir}/v`, passphrase: undefined, textLevel: 0 });
    writer.addText("manifest", encodeManifest(PARAMS, CREATED));
    writer.addText("tiny", utf8("{}"));
    await writer.finish();
    const zip = new ZipReader(Deno.readFileSync(`${dir}/v`));
    assertEquals(zip.entries.map((e) => e.method), [0, 0]);
    const writer2 = new VolumeFileWriter({ path: `${dir}/w`, passphrase: undefined });
    writer2.addText("tiny", utf8("{}"));
    writer2.addText("text", text(1000));
    await writer2.finish();
    assertEquals(new ZipReader(Deno.readFileSync(`${dir}/w`)).entries.map((e) => e.method), [0, 8]);
  });
});

Deno.test("VolumeFileWriter.zipSize and pendingBytes track unflushed zip bytes", async () => {
  await withTempDir(async (dir) => {
    const writer = new VolumeFileWriter({ path: `${dir}/v`, passphrase: undefined });
    assertEquals([writer.zipSize, writer.pendingBytes], [0, 0]);
    writer.add(stored("a", utf8("hi")));
    assertEquals([writer.zipSize, writer.pendingBytes], [49, 49]);
    assertEquals(Deno.statSync(`${dir}/v`).size, 0);
    await writer.flush();
    assertEquals([writer.zipSize, writer.pendingBytes], [49, 0]);
    assertEquals(Deno.statSync(`${dir}/v`).size, 49);
    const sealed = await writer.finish();
    assertEquals(sealed.size, 118);
  });
});

Deno.test("VolumeFileWriter.discard() closes and removes the temp file", async () => {
  await withTempDir(async (dir) => {
    const writer = new VolumeFileWriter({ path: `${dir}/v`, passphrase: "x" });
    writer.add(stored("a", utf8("hi")));
    await writer.flush();
    writer.discard();
    writer.discard();
    assertEquals(Array.from(Deno.readDirSync(dir)).length, 0);
  });
});

Deno.test("VolumeFileWriter copies entries when added and writes encrypted volumes in whole pieces", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/v`;
    const writer = new VolumeFileWriter({ path, passphrase: "pieces" });
    // One reused buffer for every entry, overwritten after each add: the volume must hold each entry's bytes.
    const reused = new Uint8Array(1024 * 1024 + 7);
    const expected: Uint8Array[] = [];
    for (let i = 0; i < 9; i++) {
      reused.set(noise(reused.length, i + 1));
      expected.push(reused.slice());
      writer.add(stored(`block${i}`, reused));
      if (writer.pendingBytes >= PIECE_SIZE) {
        const before = writer.pendingBytes;
        const fileBefore = Deno.statSync(path).size;
        await writer.flush();
        assertEquals(writer.pendingBytes, before % PIECE_SIZE, "only whole pieces leave the staging buffer");
        const written = Deno.statSync(path).size - fileBefore;
        // The first write also carries the AES Crypt header.
        assertEquals(written % PIECE_SIZE === 0 || fileBefore === 0, true, `wrote ${written} bytes`);
      }
      reused.fill(0xee);
    }
    const sealed = await writer.finish();
    const file = Deno.readFileSync(path);
    assertEquals(sealed.size, file.length);
    const zip = new ZipReader(await decryptAesCrypt(file, "pieces"), "volume");
    assertEquals(zip.entries.length, 9);
    for (let i = 0; i < 9; i++) assertEquals(zip.read(`block${i}`), expected[i]);
  });
});
