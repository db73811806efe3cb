import { createHash } from "node:crypto";
import { deflateRawSync } from "node:zlib";
import { concat, toHex, utf8 } from "../../../lib/core/bytes.ts";
import {
  END_OF_ARCHIVE_SIZE,
  entryOverhead,
  storedEntry,
  ZIP_DEFLATE,
  ZIP_STORED,
  ZIP_ZSTD,
  ZipStreamWriter,
} from "../../../lib/volumes/zip/zip_writer.ts";
import { ZipReader } from "../../../lib/volumes/zip/zip_reader.ts";
import { assertEquals, assertThrows } from "../../support/assert.ts";
import { runPython, SKIP_PYTHON } from "../../support/python.ts";
import { buildZip, crcOf, deflated, noise, stored, text, u16At, u32At, zstd } from "./zip_fixtures.ts";

Deno.test("ZIP method constants are the zip spec's numbers", () => {
  assertEquals([ZIP_STORED, ZIP_DEFLATE, ZIP_ZSTD], [0, 8, 93]);
});

Deno.test("storedEntry() records method 0, the length and the CRC-32", () => {
  const entry = storedEntry("x", utf8("hi"));
  assertEquals(entry, { name: "x", method: 0, data: utf8("hi"), size: 2, crc: 0xd8932aac });
});

Deno.test("ZipStreamWriter writes the exact bytes of a one-entry stored archive with a data descriptor", () => {
  const zip = buildZip([storedEntry("a", utf8("hi"))]);
  const expected =
    // local header: version 20, flags 0x0008 (data descriptor), method 0, DOS time 00:00, date 2020-01-01,
    // CRC and sizes zero (they follow in the descriptor), name length 1, no extra field
    "504b0304" + "1400" + "0800" + "0000" + "0000" + "2150" + "00000000" + "00000000" + "00000000" + "0100" + "0000" +
    "61" + "6869" +
    // data descriptor with signature: CRC, compressed size, size
    "504b0708" + "ac2a93d8" + "02000000" + "02000000" +
    // central directory record
    "504b0102" + "1400" + "1400" + "0800" + "0000" + "0000" + "2150" + "ac2a93d8" + "02000000" + "02000000" +
    "0100" + "0000" + "0000" + "0000" + "0000" + "00000000" + "00000000" + "61" +
    // end of central directory: 1 entry, directory of 47 bytes at offset 49
    "504b0506" + "0000" + "0000" + "0100" + "0100" + "2f000000" + "31000000" + "0000";
  assertEquals(toHex(zip), expected);
  assertEquals(zip.length, 118);
});

Deno.test("entryOverhead() plus data plus END_OF_ARCHIVE_SIZE is the archive size", () => {
  assertEquals(END_OF_ARCHIVE_SIZE, 22);
  assertEquals(entryOverhead("a"), 30 + 1 + 16 + 46 + 1);
  assertEquals(entryOverhead("dé"), 30 + 3 + 16 + 46 + 3);
  const one = buildZip([storedEntry("a", utf8("hi"))]);
  assertEquals(one.length, entryOverhead("a") + 2 + END_OF_ARCHIVE_SIZE);
  const data = text(5000);
  const entries = [stored("manifest", utf8("{}")), deflated("dé.txt", data), zstd("z", data)];
  const zip = buildZip(entries);
  const expected = entries.reduce((n, e) => n + entryOverhead(e.name) + e.data.length, END_OF_ARCHIVE_SIZE);
  assertEquals(zip.length, expected);
});

Deno.test("ZipStreamWriter sets the UTF-8 flag for non-ASCII names and writes method 93 for zstd", () => {
  const zip = buildZip([stored("dé", utf8("x")), zstd("z", text(300))]);
  assertEquals(u16At(zip, 6), 0x0808);
  const second = 30 + 3 + 1 + 16;
  assertEquals(u32At(zip, second), 0x04034b50);
  assertEquals(u16At(zip, second + 6), 0x0008);
  assertEquals(u16At(zip, second + 8), 93);
});

Deno.test("ZipStreamWriter reports bytesWritten as the sink receives bytes", () => {
  const chunks: Uint8Array[] = [];
  const writer = new ZipStreamWriter((chunk) => chunks.push(chunk.slice()));
  assertEquals(writer.bytesWritten, 0);
  writer.add(storedEntry("a", utf8("hi")));
  const afterEntry = writer.bytesWritten;
  assertEquals(afterEntry, 30 + 1 + 2 + 16);
  assertEquals(concat(chunks).length, afterEntry);
  writer.finish();
  assertEquals(writer.bytesWritten, 118);
  assertEquals(concat(chunks).length, 118);
});

Deno.test("ZipStreamWriter refuses entries after finish() and tolerates a second finish()", () => {
  const writer = new ZipStreamWriter(() => {});
  writer.finish();
  writer.finish();
  assertThrows(() => writer.add(storedEntry("a", utf8("x"))), TypeError, "the archive is finished");
});

Deno.test("ZipStreamWriter.addDeflated() deflates when it helps and stores otherwise", () => {
  const chunks: Uint8Array[] = [];
  const writer = new ZipStreamWriter((chunk) => chunks.push(chunk.slice()));
  const deflate = (d: Uint8Array) => new Uint8Array(deflateRawSync(d, { level: 6 }));
  const compressible = text(4000);
  const random = noise(4000, 7);
  writer.addDeflated("text", compressible, deflate);
  writer.addDeflated("random", random, deflate);
  writer.addDeflated("identity", utf8("abc"), (d) => d);
  writer.finish();
  const reader = new ZipReader(concat(chunks));
  assertEquals(reader.entries.map((e) => [e.name, e.method, e.size, e.crc]), [
    ["text", 8, 4000, crcOf(compressible)],
    ["random", 0, 4000, crcOf(random)],
    ["identity", 0, 3, crcOf(utf8("abc"))],
  ]);
  assertEquals(reader.get("text")!.compressedSize, deflate(compressible).length);
  assertEquals(reader.read("text"), compressible);
  assertEquals(reader.read("random"), random);
});

Deno.test("ZipStreamWriter output reads back with ZipReader: names, methods, sizes, CRCs and bytes", () => {
  const a = text(10_000), b = noise(3000, 1), c = text(70_000), empty = new Uint8Array(0);
  const entries = [stored("manifest", utf8("{}")), deflated("a", a), stored("b", b), zstd("c", c), stored("e", empty)];
  const zip = buildZip(entries);
  const reader = new ZipReader(zip, "test.zip");
  let offset = 0;
  const expected = entries.map((e) => {
    const info = {
      name: e.name,
      method: e.method,
      compressedSize: e.data.length,
      size: e.size,
      crc: e.crc,
      localHeaderOffset: offset,
    };
    offset += 30 + e.name.length + e.data.length + 16;
    return info;
  });
  assertEquals(reader.entries, expected);
  assertEquals(reader.read("manifest"), utf8("{}"));
  assertEquals(reader.read("a"), a);
  assertEquals(reader.read("b"), b);
  assertEquals(reader.read("c"), c);
  assertEquals(reader.read("e"), empty);
  assertEquals(reader.rawData(reader.get("c")!), entries[3]!.data);
});

const PYTHON_CHECK = `
import hashlib, json, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
out = {"testzip": z.testzip(), "entries": []}
for i in z.infolist():
    data = z.read(i)
    out["entries"].append([i.filename, i.compress_type, i.file_size, i.compress_size, i.CRC, i.flag_bits,
                           hashlib.sha256(data).hexdigest()])
print(json.dumps(out))
`;

Deno.test({
  name: "ZipStreamWriter archives with stored and deflate entries pass Python zipfile's testzip() and read back",
  ignore: SKIP_PYTHON,
  async fn() {
    const a = text(20_000), b = noise(5000, 3), c = utf8("kurz"), d = noise(100, 4);
    const entries = [stored("manifest", utf8('{"Version":2}')), deflated("a.txt", a), stored("b", b), deflated("c", c)];
    entries.push(stored("vol/dé-ü.dblock.zip", d));
    const path = Deno.makeTempFileSync({ suffix: ".zip" });
    let result: unknown;
    try {
      Deno.writeFileSync(path, buildZip(entries));
      result = JSON.parse(new TextDecoder().decode(await runPython(PYTHON_CHECK, { args: [path] })));
    } finally {
      Deno.removeSync(path);
    }
    const sha = (x: Uint8Array) => createHash("sha256").update(x).digest("hex");
    assertEquals(result, {
      testzip: null,
      entries: [
        ["manifest", 0, 13, 13, crcOf(utf8('{"Version":2}')), 0x0008, sha(utf8('{"Version":2}'))],
        ["a.txt", 8, a.length, entries[1]!.data.length, crcOf(a), 0x0008, sha(a)],
        ["b", 0, b.length, b.length, crcOf(b), 0x0008, sha(b)],
        ["c", 8, 4, entries[3]!.data.length, crcOf(c), 0x0008, sha(c)],
        ["vol/dé-ü.dblock.zip", 0, 100, 100, crcOf(d), 0x0808, sha(d)],
      ],
    });
  },
});
