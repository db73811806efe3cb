import { IntegrityError, UserInputError, WrongPassphraseError } from "../../lib/core/errors.ts";
import { encodeManifest } from "../../lib/volumes/manifest.ts";
import { bytesSource, type RandomAccessSource } from "../../lib/volumes/random_access.ts";
import { VolumeFile, WINDOW_SIZE } from "../../lib/volumes/volume_file.ts";
import { openVolume } from "../../lib/volumes/volume_reader.ts";
import { VolumeFileWriter } from "../../lib/volumes/volume_writer.ts";
import { decodeZipEntry, type ZipEntryInfo } from "../../lib/volumes/zip/zip_reader.ts";
import type { EncodedEntry } from "../../lib/volumes/zip/zip_writer.ts";
import { assert, assertEquals, assertRejects } from "../support/assert.ts";
import { deflated, noise, stored, text } from "./zip/zip_fixtures.ts";

const PARAMS = { blocksize: 1024 * 1024, blockHash: "SHA256", fileHash: "SHA256" };
const GUID = "0123456789abcdef0123456789abcdef";
const PLAIN = `duplicati-b${GUID}.dblock.zip`;
const ENCRYPTED = `${PLAIN}.aes`;

/** A volume written by VolumeFileWriter: manifest first, then `entries`. */
async function volumeBytes(passphrase: string | undefined, entries: EncodedEntry[]): Promise<Uint8Array> {
  const path = Deno.makeTempFileSync();
  try {
    const writer = new VolumeFileWriter({ path, passphrase });
    writer.addText("manifest", encodeManifest(PARAMS, new Date(Date.UTC(2024, 0, 2))));
    for (const entry of entries) writer.add(entry);
    await writer.finish();
    return Deno.readFileSync(path);
  } finally {
    Deno.removeSync(path);
  }
}

/** A source that remembers its largest single read and the bytes read in all. */
function recording(bytes: Uint8Array): RandomAccessSource & { largest: number; total: number } {
  const inner = bytesSource(bytes);
  const source = {
    size: inner.size,
    largest: 0,
    total: 0,
    readAt(into: Uint8Array, position: number) {
      source.largest = Math.max(source.largest, into.length);
      source.total += into.length;
      inner.readAt(into, position);
    },
  };
  return source;
}

/** Every entry's decoded bytes as forEach hands them out, in visiting order. */
async function readAll(volume: VolumeFile, wanted: readonly ZipEntryInfo[]): Promise<[string, Uint8Array][]> {
  const out: [string, Uint8Array][] = [];
  await volume.forEach(wanted, (entry, raw) => {
    if (raw instanceof Error) throw raw;
    out.push([entry.name, decodeZipEntry(entry, raw, volume.name).slice()]);
  });
  return out;
}

// 40 incompressible entries of 600 KiB (24 MiB: three windows), small deflated ones between them.
const ENTRIES: EncodedEntry[] = [];
for (let i = 0; i < 40; i++) {
  ENTRIES.push(stored(`big-${i}`, noise(600 * 1024 + i, i)));
  ENTRIES.push(deflated(`small-${i}`, text(3000 + i)));
}

for (const [name, passphrase] of [[PLAIN, undefined], [ENCRYPTED, "pässword"]] as const) {
  const label = passphrase ? "encrypted" : "plain";

  Deno.test(`VolumeFile (${label}): entries read in windows equal the whole-buffer reader's, in archive order`, async () => {
    const bytes = await volumeBytes(passphrase, ENTRIES);
    const whole = await openVolume(name, bytes.slice(), { passphrase });
    const source = recording(bytes);
    const volume = await VolumeFile.open(name, source, { passphrase, expected: PARAMS });
    try {
      assertEquals(volume.manifest, whole.manifest);
      assertEquals(volume.entries, whole.zip.entries);
      // Asked for out of order and twice: visited once each, by offset.
      const wanted = [...volume.entries].filter((e) => e.name !== "manifest").reverse();
      const got = await readAll(volume, [...wanted, wanted[0]!]);
      assertEquals(got.map(([n]) => n), whole.zip.entries.filter((e) => e.name !== "manifest").map((e) => e.name));
      for (const [entryName, data] of got) assertEquals(data, whole.zip.read(entryName), entryName);
      // Memory holds a window, never the volume: no read larger than a window plus one entry.
      assert(bytes.length > 2.5 * WINDOW_SIZE, `volume of ${bytes.length} bytes`);
      assert(source.largest <= WINDOW_SIZE + 16 + 32, `largest read ${source.largest}`);
    } finally {
      volume.close();
    }
  });
}

Deno.test("VolumeFile: a subset is read in windows around the wanted entries only", async () => {
  const bytes = await volumeBytes(undefined, ENTRIES);
  const source = recording(bytes);
  const volume = await VolumeFile.open(PLAIN, source, { passphrase: undefined });
  const opened = source.total;
  const wanted = ["big-3", "small-3", "small-30"].map((n) => volume.get(n)!);
  const got = await readAll(volume, wanted);
  assertEquals(got.map(([n]) => n), ["big-3", "small-3", "small-30"]);
  // big-3 and small-3 are neighbours (one window); small-30 is far away (another). Nothing else is read.
  assert(source.total - opened < 700 * 1024, `read ${source.total - opened} bytes for three entries`);
  volume.close();
});

Deno.test("VolumeFile: a central directory longer than the first look at the tail is read again from its start", async () => {
  const many = Array.from(
    { length: 3000 },
    (_, i) => stored(`entry-with-a-long-name-${String(i).padStart(20, "0")}`, noise(10, i)),
  );
  for (const passphrase of [undefined, "pw"]) {
    const bytes = await volumeBytes(passphrase, many);
    const volume = await VolumeFile.open(passphrase ? ENCRYPTED : PLAIN, bytesSource(bytes), { passphrase });
    assertEquals(volume.entries.length, 3001);
    const got = await readAll(volume, [volume.get("entry-with-a-long-name-00000000000000002999")!]);
    assertEquals(got[0]![1], noise(10, 2999));
    volume.close();
  }
});

Deno.test("VolumeFile: damage is found when opening (HMAC) or named per entry (plain), other entries still read", async () => {
  const entries = [stored("a", noise(5000, 1)), stored("b", noise(5000, 2)), stored("c", noise(5000, 3))];
  const encrypted = await volumeBytes("pw", entries);
  const flipped = encrypted.slice();
  flipped[encrypted.length - 2000]! ^= 1;
  await assertRejects(
    () => VolumeFile.open(ENCRYPTED, bytesSource(flipped), { passphrase: "pw" }),
    IntegrityError,
    `Cannot decrypt "${ENCRYPTED}": HMAC mismatch`,
  );
  await assertRejects(
    () => VolumeFile.open(ENCRYPTED, bytesSource(encrypted), { passphrase: "no" }),
    WrongPassphraseError,
  );
  await assertRejects(
    () => VolumeFile.open(ENCRYPTED, bytesSource(encrypted), { passphrase: undefined }),
    UserInputError,
    "no passphrase",
  );

  const plain = await volumeBytes(undefined, entries);
  const volume = await VolumeFile.open(PLAIN, bytesSource(plain), { passphrase: undefined });
  const b = volume.get("b")!;
  volume.close();
  const damaged = plain.slice();
  damaged[b.localHeaderOffset]! ^= 0xff; // b's local header signature
  damaged[volume.get("c")!.localHeaderOffset + 60]! ^= 1; // inside c's data
  const reopened = await VolumeFile.open(PLAIN, bytesSource(damaged), { passphrase: undefined });
  const outcome: Record<string, string> = {};
  await reopened.forEach(reopened.entries.filter((e) => e.name !== "manifest"), (entry, raw) => {
    try {
      if (raw instanceof Error) throw raw;
      decodeZipEntry(entry, raw, PLAIN);
      outcome[entry.name] = "ok";
    } catch (error) {
      outcome[entry.name] = (error as Error).message;
    }
  });
  assertEquals(outcome, {
    a: "ok",
    b: `Cannot read "${PLAIN}": local header of "b" is damaged`,
    c: `Cannot read "${PLAIN}": entry "c" fails its CRC or size check`,
  });
});

Deno.test("VolumeFile: a file that is not a zip archive, or lacks a manifest, is an IntegrityError", async () => {
  await assertRejects(
    () => VolumeFile.open(PLAIN, bytesSource(noise(100_000, 4)), { passphrase: undefined }),
    IntegrityError,
    "not a zip archive",
  );
  const path = Deno.makeTempFileSync();
  const writer = new VolumeFileWriter({ path, passphrase: undefined });
  writer.add(stored("block", noise(10, 1)));
  await writer.finish();
  await assertRejects(
    () => VolumeFile.open(PLAIN, bytesSource(Deno.readFileSync(path)), { passphrase: undefined }),
    IntegrityError,
    "it has no manifest",
  );
  Deno.removeSync(path);
});
