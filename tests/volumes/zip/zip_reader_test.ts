import { createHash } from "node:crypto";
import { utf8 } from "../../../lib/core/bytes.ts";
import { IntegrityError } from "../../../lib/core/errors.ts";
import { readZipDirectory, ZipReader } from "../../../lib/volumes/zip/zip_reader.ts";
import { assertEquals, assertThrows } from "../../support/assert.ts";
import { runPython, SKIP_PYTHON } from "../../support/python.ts";
import {
  buildZip,
  crcOf,
  deflated,
  flipped,
  indexOfBytes,
  LeBytes,
  noise,
  stored,
  text,
  u16At,
  u32At,
  zstd,
} from "./zip_fixtures.ts";

const LABEL = "duplicati-b0123456789abcdef0123456789abcdef.dblock.zip";

function assertDamaged(fn: () => unknown, detail: string): void {
  assertThrows(fn, IntegrityError, `Cannot read "${LABEL}": ${detail}`);
}

Deno.test("ZipReader reads data-descriptor archives through the central directory", () => {
  const data = text(3000);
  const zip = buildZip([deflated("d", data)]);
  // Our writer defers CRC and sizes to the descriptor: the local header carries zeros.
  assertEquals(u16At(zip, 6) & 0x0008, 0x0008);
  assertEquals([u32At(zip, 14), u32At(zip, 18), u32At(zip, 22)], [0, 0, 0]);
  const reader = new ZipReader(zip, LABEL);
  assertEquals(reader.get("d")!.size, 3000);
  assertEquals(reader.get("d")!.crc, crcOf(data));
  assertEquals(reader.read("d"), data);
});

Deno.test("ZipReader.has(), get() and read() by name or by entry; a missing entry is an IntegrityError", () => {
  const zip = buildZip([stored("manifest", utf8("m")), zstd("z", text(500))]);
  const reader = new ZipReader(zip, LABEL);
  assertEquals(reader.has("manifest"), true);
  assertEquals(reader.has("Manifest"), false);
  assertEquals(reader.get("nope"), undefined);
  assertEquals(reader.read(reader.entries[1]!), text(500));
  assertDamaged(() => reader.read("nope"), `entry "nope" is missing`);
});

Deno.test("ZipReader keeps the first of duplicated names and lists both", () => {
  const zip = buildZip([stored("x", utf8("first")), stored("x", utf8("second"))]);
  const reader = new ZipReader(zip, LABEL);
  assertEquals(reader.entries.map((e) => e.name), ["x", "x"]);
  assertEquals(reader.read("x"), utf8("first"));
  assertEquals(reader.read(reader.entries[1]!), utf8("second"));
});

Deno.test("ZipReader maps backslashes in entry names to '/'", () => {
  const zip = buildZip([stored("vol\\a\\b", utf8("x")), stored("list\\k=", utf8("y"))]);
  const reader = new ZipReader(zip, LABEL);
  assertEquals(reader.entries.map((e) => e.name), ["vol/a/b", "list/k="]);
  assertEquals(reader.read("vol/a/b"), utf8("x"));
  assertEquals(reader.has("vol\\a\\b"), false);
});

Deno.test("ZipReader detects a flipped byte inside a stored entry by its CRC", () => {
  const payload = noise(2000, 11);
  const zip = buildZip([stored("manifest", utf8("m")), stored("blk", payload)]);
  const at = indexOfBytes(zip, payload) + 1000;
  const reader = new ZipReader(flipped(zip, at), LABEL);
  assertEquals(reader.read("manifest"), utf8("m"));
  assertDamaged(() => reader.read("blk"), `entry "blk" fails its CRC or size check`);
});

Deno.test("ZipReader detects a flipped byte inside a deflate entry", () => {
  const payload = text(50_000);
  const entry = deflated("blk", payload);
  const zip = buildZip([entry]);
  const start = indexOfBytes(zip, entry.data);
  for (const offset of [0, Math.floor(entry.data.length / 2), entry.data.length - 1]) {
    const reader = new ZipReader(flipped(zip, start + offset), LABEL);
    const error = assertThrows(() => reader.read("blk"), IntegrityError, `Cannot read "${LABEL}": entry "blk" `);
    assertEquals(
      /entry "blk" (cannot be decompressed|fails its CRC or size check)$/.test(error.message),
      true,
      error.message,
    );
  }
});

Deno.test("ZipReader detects a damaged zstd entry", () => {
  const payload = text(20_000);
  const entry = zstd("blk", payload);
  const zip = buildZip([entry]);
  const reader = new ZipReader(flipped(zip, indexOfBytes(zip, entry.data) + 2), LABEL);
  assertThrows(() => reader.read("blk"), IntegrityError, `Cannot read "${LABEL}": entry "blk" `);
});

Deno.test("ZipReader detects a wrong recorded size even when the CRC matches", () => {
  const data = utf8("hello");
  const zip = buildZip([{ name: "x", method: 0, data, size: 6, crc: crcOf(data) }]);
  assertDamaged(() => new ZipReader(zip, LABEL).read("x"), `entry "x" fails its CRC or size check`);
});

Deno.test("ZipReader refuses an unsupported compression method", () => {
  const data = utf8("hello");
  const zip = buildZip([{ name: "x", method: 12, data, size: 5, crc: crcOf(data) }]);
  const reader = new ZipReader(zip, LABEL);
  assertEquals(reader.get("x")!.method, 12);
  assertDamaged(() => reader.read("x"), `entry "x" uses unsupported compression method 12`);
});

Deno.test("ZipReader detects truncation at every cut point", () => {
  const zip = buildZip([stored("manifest", utf8("m")), deflated("a", text(5000)), stored("b", noise(300, 2))]);
  for (const cut of [0, 1, 21, 40, Math.floor(zip.length / 2), zip.length - 23, zip.length - 1]) {
    assertDamaged(() => new ZipReader(zip.subarray(0, cut), LABEL), "it is not a zip archive or it is truncated");
  }
});

Deno.test("ZipReader rejects garbage input with an IntegrityError naming the label", () => {
  for (const garbage of [new Uint8Array(0), utf8("PK"), noise(10, 5), noise(100_000, 9), new Uint8Array(5000)]) {
    assertDamaged(() => new ZipReader(garbage, LABEL), "it is not a zip archive or it is truncated");
  }
  assertThrows(() => new ZipReader(noise(64, 1)), IntegrityError, `Cannot read "archive": `);
});

Deno.test("ZipReader detects a central directory that points outside the file", () => {
  const zip = buildZip([stored("a", utf8("hi"))]);
  const eocd = zip.length - 22;
  const bad = zip.slice();
  new DataView(bad.buffer).setUint32(eocd + 16, 100_000, true);
  assertDamaged(() => new ZipReader(bad, LABEL), "central directory lies outside the file");
  const wrongSignature = flipped(zip, 49);
  assertDamaged(() => new ZipReader(wrongSignature, LABEL), "central directory is damaged");
});

Deno.test("ZipReader detects a damaged local header and data running past the end", () => {
  const zip = buildZip([stored("a", utf8("hi")), stored("b", utf8("yo"))]);
  assertDamaged(() => new ZipReader(flipped(zip, 0), LABEL).read("a"), `local header of "a" is damaged`);
  const bad = zip.slice();
  const central = u32At(zip, zip.length - 22 + 16);
  new DataView(bad.buffer).setUint32(central + 20, 1_000_000, true);
  assertDamaged(() => new ZipReader(bad, LABEL).read("a"), `entry "a" is truncated`);
});

Deno.test("ZipReader reports a damaged extra-field length as an IntegrityError, not a RangeError", () => {
  const zip = buildZip([stored("a", utf8("hi"))]);
  const central = u32At(zip, zip.length - 22 + 16);
  const bad = zip.slice();
  new DataView(bad.buffer).setUint16(central + 30, 0xff00, true);
  let thrown: unknown;
  try {
    new ZipReader(bad, LABEL).read("a");
  } catch (error) {
    thrown = error;
  }
  assertEquals(thrown instanceof IntegrityError, true, `expected IntegrityError, got ${String(thrown)}`);
  assertEquals(String((thrown as Error).message).startsWith(`Cannot read "${LABEL}": `), true);
});

/**
 * A hand-made Zip64 archive: a plain stored entry "first", then stored entry "big" whose central record puts the
 * fields listed in `zip64Fields` (0xFFFFFFFF in the 32-bit slots) into a Zip64 extra field, and a Zip64 end record
 * + locator with an end record whose counts are 0xFFFF and size/offset 0xFFFFFFFF.
 */
function zip64Archive(zip64Fields: { sizes: boolean; offset: boolean }, big: Uint8Array): Uint8Array {
  const first = utf8("first entry");
  const out = new LeBytes();
  const central = new LeBytes();
  const local = (name: string, data: Uint8Array, zip64: boolean) => {
    const nameBytes = utf8(name);
    out.u32(0x04034b50).u16(45).u16(0).u16(0).u16(0).u16(0x5021).u32(crcOf(data));
    if (zip64) out.u32(0xffffffff).u32(0xffffffff).u16(nameBytes.length).u16(20).bytes(nameBytes);
    else out.u32(data.length).u32(data.length).u16(nameBytes.length).u16(0).bytes(nameBytes);
    if (zip64) out.u16(0x0001).u16(16).u64(data.length).u64(data.length);
    out.bytes(data);
  };
  const record = (name: string, data: Uint8Array, offset: number, zip64: { sizes: boolean; offset: boolean }) => {
    const nameBytes = utf8(name);
    const extra = new LeBytes();
    if (zip64.sizes) extra.u64(data.length).u64(data.length);
    if (zip64.offset) extra.u64(offset);
    const extraBytes = extra.length ? new LeBytes().u16(0x0001).u16(extra.length).bytes(extra.build()).build() : null;
    central.u32(0x02014b50).u16(45).u16(45).u16(0).u16(0).u16(0).u16(0x5021).u32(crcOf(data));
    central.u32(zip64.sizes ? 0xffffffff : data.length).u32(zip64.sizes ? 0xffffffff : data.length);
    central.u16(nameBytes.length).u16(extraBytes?.length ?? 0).u16(0).u16(0).u16(0).u32(0);
    central.u32(zip64.offset ? 0xffffffff : offset).bytes(nameBytes);
    if (extraBytes) central.bytes(extraBytes);
  };
  local("first", first, false);
  const bigOffset = out.length;
  local("big", big, zip64Fields.sizes);
  record("first", first, 0, { sizes: false, offset: false });
  record("big", big, bigOffset, zip64Fields);
  const centralOffset = out.length;
  const centralBytes = central.build();
  out.bytes(centralBytes);
  const zip64End = out.length;
  out.u32(0x06064b50).u64(44).u16(45).u16(45).u32(0).u32(0).u64(2).u64(2).u64(centralBytes.length).u64(centralOffset);
  out.u32(0x07064b50).u32(0).u64(zip64End).u32(1);
  out.u32(0x06054b50).u16(0).u16(0).u16(0xffff).u16(0xffff).u32(0xffffffff).u32(0xffffffff).u16(0);
  return out.build();
}

Deno.test("ZipReader reads a hand-made Zip64 archive (sizes and offset in the Zip64 extra field)", () => {
  const big = noise(777, 21);
  const zip = zip64Archive({ sizes: true, offset: true }, big);
  const reader = new ZipReader(zip, LABEL);
  assertEquals(reader.entries, [
    { name: "first", method: 0, compressedSize: 11, size: 11, crc: crcOf(utf8("first entry")), localHeaderOffset: 0 },
    { name: "big", method: 0, compressedSize: 777, size: 777, crc: crcOf(big), localHeaderOffset: 46 },
  ]);
  assertEquals(reader.read("first"), utf8("first entry"));
  assertEquals(reader.read("big"), big);
});

Deno.test("ZipReader reads a Zip64 extra field holding only the offset", () => {
  const big = noise(300, 22);
  const reader = new ZipReader(zip64Archive({ sizes: false, offset: true }, big), LABEL);
  assertEquals(reader.get("big")!.localHeaderOffset, 46);
  assertEquals(reader.get("big")!.size, 300);
  assertEquals(reader.read("big"), big);
});

Deno.test("ZipReader reports a missing or damaged Zip64 end record", () => {
  const zip = zip64Archive({ sizes: true, offset: true }, noise(50, 1));
  const locator = zip.length - 22 - 20;
  assertDamaged(() => new ZipReader(flipped(zip, locator), LABEL), "Zip64 end record is missing");
  assertDamaged(() => new ZipReader(flipped(zip, locator - 56), LABEL), "Zip64 end record is damaged");
});

Deno.test({
  name: "ZipReader's hand-made Zip64 archive is valid for Python zipfile too",
  ignore: SKIP_PYTHON,
  async fn() {
    const big = noise(777, 21);
    const path = Deno.makeTempFileSync({ suffix: ".zip" });
    try {
      Deno.writeFileSync(path, zip64Archive({ sizes: true, offset: true }, big));
      const script = `import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
assert z.testzip() is None
print([(i.filename, i.file_size, i.header_offset) for i in z.infolist()])`;
      const out = new TextDecoder().decode(await runPython(script, { args: [path] })).trim();
      assertEquals(out, "[('first', 11, 0), ('big', 777, 46)]");
    } finally {
      Deno.removeSync(path);
    }
  },
});

const PYTHON_WRITE = `
import sys, zipfile
def fill(z):
    z.writestr(zipfile.ZipInfo("manifest"), b'{"Version":2}')
    z.writestr("text.txt", (b"The quick brown fox. " * 500), compress_type=zipfile.ZIP_DEFLATED)
    z.writestr("dir\\\\sub\\\\file.bin", bytes(range(256)) * 4, compress_type=zipfile.ZIP_STORED)
    z.writestr("empty", b"")
    z.writestr("na\\u00efve.txt", "caf\\u00e9".encode(), compress_type=zipfile.ZIP_DEFLATED)
if sys.argv[1] == "-":
    with zipfile.ZipFile(sys.stdout.buffer, "w") as z:
        fill(z)
else:
    with zipfile.ZipFile(sys.argv[1], "w") as z:
        fill(z)
`;

async function pythonArchive(streamed: boolean): Promise<Uint8Array> {
  if (streamed) return await runPython(PYTHON_WRITE, { args: ["-"] });
  const path = Deno.makeTempFileSync({ suffix: ".zip" });
  try {
    await runPython(PYTHON_WRITE, { args: [path] });
    return Deno.readFileSync(path);
  } finally {
    Deno.removeSync(path);
  }
}

for (const streamed of [false, true]) {
  Deno.test({
    name: `ZipReader reads an archive written by Python zipfile (${
      streamed ? "streamed, data descriptors" : "seekable"
    })`,
    ignore: SKIP_PYTHON,
    async fn() {
      const zip = await pythonArchive(streamed);
      // A non-seekable output makes Python use data descriptors (general-purpose flag bit 3).
      assertEquals(u16At(zip, 6) & 0x0008, streamed ? 0x0008 : 0);
      const reader = new ZipReader(zip, LABEL);
      const textData = utf8("The quick brown fox. ".repeat(500));
      const binary = new Uint8Array(1024).map((_, i) => i & 0xff);
      assertEquals(reader.entries.map((e) => [e.name, e.method, e.size]), [
        ["manifest", 0, 13],
        ["text.txt", 8, 10_500],
        ["dir/sub/file.bin", 0, 1024],
        ["empty", 0, 0],
        ["naïve.txt", 8, 5],
      ]);
      assertEquals(reader.read("manifest"), utf8('{"Version":2}'));
      assertEquals(reader.read("text.txt"), textData);
      assertEquals(reader.read("dir/sub/file.bin"), binary);
      assertEquals(reader.read("empty"), new Uint8Array(0));
      assertEquals(reader.read("naïve.txt"), utf8("café"));
      const sha = createHash("sha256").update(reader.read("text.txt")).digest("hex");
      assertEquals(sha, createHash("sha256").update(textData).digest("hex"));
    },
  });
}

Deno.test("ZipReader.read() decodes a deflated entry into a given buffer when it fits, else into a new one", () => {
  const payload = text(30_000);
  const plain = utf8("stored bytes");
  const zip = buildZip([deflated("blk", payload), stored("raw", plain)]);
  const reader = new ZipReader(zip, LABEL);
  const scratch = new Uint8Array(40_000);
  const into = reader.read("blk", scratch);
  assertEquals(into.buffer === scratch.buffer && into.byteOffset === 0, true);
  assertEquals(into, payload);
  const small = new Uint8Array(100);
  const fresh = reader.read("blk", small);
  assertEquals(fresh.buffer === small.buffer, false);
  assertEquals(fresh, payload);
  // A stored entry is a view of the archive whatever buffer is offered.
  const raw = reader.read("raw", scratch);
  assertEquals(raw.buffer === zip.buffer, true);
  assertEquals(raw, plain);
});

Deno.test("readZipDirectory() from any tail: the same entries as the whole archive, or where the tail must start", () => {
  const plain = buildZip([stored("a", utf8("first")), deflated("b", text(5000)), stored("c", noise(300, 4))]);
  for (const zip of [plain, zip64Archive({ sizes: true, offset: true }, noise(777, 21))]) {
    const whole = new ZipReader(zip, LABEL).entries;
    for (let tailStart = zip.length - 22; tailStart >= 0; tailStart--) {
      // At most four looks: the end record, the Zip64 locator, the Zip64 end record, the directory.
      let start = tailStart;
      let directory = readZipDirectory(zip.subarray(start), start, zip.length, LABEL);
      for (let step = 1; "needFrom" in directory; step++) {
        assertEquals(directory.needFrom < start && step <= 3, true, `tail ${tailStart}, step ${step}`);
        start = directory.needFrom;
        directory = readZipDirectory(zip.subarray(start), start, zip.length, LABEL);
      }
      assertEquals(directory.entries, whole, `tail ${tailStart}`);
    }
  }
});
