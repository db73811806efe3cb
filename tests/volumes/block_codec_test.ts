import { crc32, inflateRawSync, zstdDecompressSync } from "node:zlib";
import { utf8 } from "../../lib/core/bytes.ts";
import { COMPRESSED_EXTENSIONS, encodeBlock, isCompressedExtension } from "../../lib/volumes/block_codec.ts";
import { assertEquals } from "../support/assert.ts";
import { noise, text } from "./zip/zip_fixtures.ts";

const DEFLATE = { method: "Deflate", level: 9, hint: "compress" } as const;
const ZSTD = { method: "ZStandard", level: 9, hint: "compress" } as const;

Deno.test("encodeBlock() stores blocks hinted 'store' even when they compress well", () => {
  const data = text(10_000);
  const entry = encodeBlock("blk", data, { ...DEFLATE, hint: "store" });
  assertEquals(entry, { name: "blk", method: 0, data, size: 10_000, crc: crc32(data) >>> 0 });
});

Deno.test("encodeBlock() deflates compressible text with method 8 and it inflates back", () => {
  const data = text(10_000);
  const entry = encodeBlock("blk", data, DEFLATE);
  assertEquals([entry.name, entry.method, entry.size, entry.crc], ["blk", 8, 10_000, crc32(data) >>> 0]);
  assertEquals(entry.data.length < 1000, true, `deflated to ${entry.data.length} bytes`);
  assertEquals(new Uint8Array(inflateRawSync(entry.data)), data);
});

Deno.test("encodeBlock() compresses with zstd as method 93 and it decompresses back", () => {
  const data = text(200_000);
  for (const level of [1, 3, 6, 9]) {
    const entry = encodeBlock("blk", data, { ...ZSTD, level });
    assertEquals([entry.method, entry.size, entry.crc], [93, 200_000, crc32(data) >>> 0]);
    assertEquals(entry.data.length < 5000, true, `level ${level}: ${entry.data.length} bytes`);
    assertEquals(new Uint8Array(zstdDecompressSync(entry.data)), data);
  }
});

Deno.test("encodeBlock() stores incompressible random data (small, probed and zstd)", () => {
  for (const [length, options] of [[4096, DEFLATE], [1024 * 1024, DEFLATE], [100_000, ZSTD]] as const) {
    const data = noise(length, length);
    const entry = encodeBlock("r", data, options);
    assertEquals([entry.method, entry.size, entry.data], [0, length, data], `${length} ${options.method}`);
    assertEquals(entry.crc, crc32(data) >>> 0);
  }
});

Deno.test("encodeBlock() stores with level 0, method None and blocks under 64 bytes", () => {
  const data = text(5000);
  assertEquals(encodeBlock("a", data, { ...DEFLATE, level: 0 }).method, 0);
  assertEquals(encodeBlock("a", data, { ...ZSTD, level: 0 }).method, 0);
  assertEquals(encodeBlock("a", data, { method: "None", level: 9, hint: "compress" }).method, 0);
  const tiny = utf8("a".repeat(63));
  assertEquals(encodeBlock("a", tiny, DEFLATE), { name: "a", method: 0, data: tiny, size: 63, crc: crc32(tiny) >>> 0 });
  assertEquals(encodeBlock("a", utf8("a".repeat(64)), DEFLATE).method, 8);
  const empty = new Uint8Array(0);
  assertEquals(encodeBlock("e", empty, DEFLATE), { name: "e", method: 0, data: empty, size: 0, crc: 0 });
});

Deno.test("encodeBlock() stores a large deflate block whose first 64 KiB do not compress, without trying the rest", () => {
  // Probe sees 64 KiB of random bytes and decides to store the whole block without trying.
  const data = new Uint8Array(300 * 1024);
  data.set(noise(64 * 1024, 5), 0);
  const entry = encodeBlock("p", data, DEFLATE);
  assertEquals(entry.method, 0);
  assertEquals(entry.data, data);
});

Deno.test("isCompressedExtension() matches known extensions case-insensitively on the last path part", () => {
  for (const path of ["/a/b.zip", "/a/B.JPG", "C:\\x\\movie.Mp4", "/a/b.tar.gz", "/x.7z", "/x/y.zst"]) {
    assertEquals(isCompressedExtension(path), true, path);
  }
  for (const path of ["/a/b.txt", "/a/b", "/a.zip/b", "C:\\a.gz\\b", "/a/zip", "/a/b.zip.txt", "/a/b."]) {
    assertEquals(isCompressedExtension(path), false, path);
  }
});

Deno.test("COMPRESSED_EXTENSIONS holds lower-case dotted extensions", () => {
  assertEquals(COMPRESSED_EXTENSIONS.has(".zip"), true);
  assertEquals(COMPRESSED_EXTENSIONS.has(".jpg"), true);
  assertEquals(COMPRESSED_EXTENSIONS.has(".txt"), false);
  for (const ext of COMPRESSED_EXTENSIONS) assertEquals(/^\.[a-z0-9]+$/.test(ext), true, ext);
});
