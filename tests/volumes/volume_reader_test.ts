import { utf8 } from "../../lib/core/bytes.ts";
import { IntegrityError, UserInputError, WrongPassphraseError } from "../../lib/core/errors.ts";
import { encodeManifest } from "../../lib/volumes/manifest.ts";
import { openVolume } from "../../lib/volumes/volume_reader.ts";
import { VolumeFileWriter } from "../../lib/volumes/volume_writer.ts";
import { assertEquals, assertRejects } from "../support/assert.ts";
import { buildZip, noise, stored } from "./zip/zip_fixtures.ts";

const PARAMS = { blocksize: 1024, blockHash: "SHA256", fileHash: "SHA256" };
const CREATED = new Date(Date.UTC(2024, 0, 2, 3, 4, 5));
const GUID = "0123456789abcdef0123456789abcdef";
const PLAIN = `duplicati-b${GUID}.dblock.zip`;
const ENCRYPTED = `${PLAIN}.aes`;
const BLOCK = noise(1024, 3);

/** A volume with a manifest and one block, written through VolumeFileWriter. */
async function volumeBytes(
  passphrase: string | undefined,
  manifest = encodeManifest(PARAMS, CREATED),
): Promise<Uint8Array> {
  const path = Deno.makeTempFileSync();
  try {
    const writer = new VolumeFileWriter({ path, passphrase });
    writer.addText("manifest", manifest);
    writer.add(stored("block", BLOCK));
    await writer.finish();
    return Deno.readFileSync(path);
  } finally {
    Deno.removeSync(path);
  }
}

Deno.test("openVolume() opens a plain volume and reads its manifest and entries", async () => {
  const opened = await openVolume(PLAIN, await volumeBytes(undefined), { passphrase: undefined, expected: PARAMS });
  assertEquals(opened.name, PLAIN);
  assertEquals(opened.manifest, {
    version: 2,
    created: "20240102T030405Z",
    encoding: "utf8",
    blocksize: 1024,
    blockHash: "SHA256",
    fileHash: "SHA256",
    appVersion: "2.3.0.4",
  });
  assertEquals(opened.zip.read("block"), BLOCK);
});

Deno.test("openVolume() ignores a passphrase for a name without .aes", async () => {
  const opened = await openVolume(PLAIN, await volumeBytes(undefined), { passphrase: "unused" });
  assertEquals(opened.zip.read("block"), BLOCK);
});

Deno.test("openVolume() decrypts a volume whose name ends with .aes", async () => {
  const bytes = await volumeBytes("pw");
  const opened = await openVolume(ENCRYPTED, bytes, { passphrase: "pw", expected: PARAMS });
  assertEquals(opened.manifest.blocksize, 1024);
  assertEquals(opened.zip.entries.map((e) => e.name), ["manifest", "block"]);
  assertEquals(opened.zip.read("block"), BLOCK);
  // The same bytes under a plain name are not a zip archive.
  await assertRejects(() => openVolume(PLAIN, bytes, { passphrase: "pw" }), IntegrityError, `Cannot read "${PLAIN}"`);
});

Deno.test("openVolume() reports a wrong passphrase as WrongPassphraseError", async () => {
  const bytes = await volumeBytes("right");
  await assertRejects(() => openVolume(ENCRYPTED, bytes, { passphrase: "wrong" }), WrongPassphraseError, ENCRYPTED);
});

Deno.test("openVolume() needs a passphrase for .aes and refuses other encryption modules", async () => {
  const bytes = await volumeBytes("pw");
  await assertRejects(
    () => openVolume(ENCRYPTED, bytes, { passphrase: undefined }),
    UserInputError,
    `Cannot open "${ENCRYPTED}": the backup is encrypted and no passphrase was given`,
  );
  await assertRejects(
    () => openVolume(ENCRYPTED, bytes, { passphrase: "" }),
    UserInputError,
    "no passphrase was given",
  );
  await assertRejects(
    () => openVolume(`${PLAIN}.gpg`, bytes, { passphrase: "pw" }),
    UserInputError,
    `Cannot open "${PLAIN}.gpg": encryption module "gpg" is not supported`,
  );
});

Deno.test("openVolume() rejects a manifest that disagrees with the expected parameters", async () => {
  const bytes = await volumeBytes("pw", encodeManifest({ ...PARAMS, blocksize: 2048 }, CREATED));
  const opened = await openVolume(ENCRYPTED, bytes, { passphrase: "pw" });
  assertEquals(opened.manifest.blocksize, 2048);
  await assertRejects(
    () => openVolume(ENCRYPTED, bytes, { passphrase: "pw", expected: PARAMS }),
    IntegrityError,
    `Cannot use "${ENCRYPTED}": it was written with block size 2048 and hashes SHA256/SHA256, but the backup uses 1024`,
  );
  await assertRejects(
    () =>
      openVolume(ENCRYPTED, bytes, { passphrase: "pw", expected: { ...PARAMS, blocksize: 2048, fileHash: "SHA1" } }),
    IntegrityError,
    "but the backup uses 2048 and SHA256/SHA1",
  );
});

Deno.test("openVolume() rejects volumes without a manifest or with a bad one", async () => {
  await assertRejects(
    () => openVolume(PLAIN, buildZip([stored("block", BLOCK)]), { passphrase: undefined }),
    IntegrityError,
    `Cannot read "${PLAIN}": it has no manifest`,
  );
  const version3 = utf8(`{"Version":3,"Encoding":"utf8","Blocksize":1024}`);
  await assertRejects(
    () => openVolume(PLAIN, buildZip([stored("manifest", version3)]), { passphrase: undefined }),
    IntegrityError,
    "manifest version 3 is not supported",
  );
});

Deno.test("openVolume() reports damaged encrypted data as IntegrityError", async () => {
  const bytes = (await volumeBytes("pw")).slice();
  bytes[bytes.length - 40]! ^= 1;
  await assertRejects(() => openVolume(ENCRYPTED, bytes, { passphrase: "pw" }), IntegrityError, ENCRYPTED);
});
