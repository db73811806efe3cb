/**
 * Shared helpers for the zip tests: archive building with {@link ZipStreamWriter}, encoded entries, deterministic
 * data and a little-endian byte builder for hand-made archives.
 * @module
 */
import { crc32, deflateRawSync, zstdCompressSync } from "node:zlib";
import { concat, utf8 } from "../../../lib/core/bytes.ts";
import { seededBytes } from "../../support/seeded_bytes.ts";
import {
  type EncodedEntry,
  ZIP_DEFLATE,
  ZIP_STORED,
  ZIP_ZSTD,
  ZipStreamWriter,
} from "../../../lib/volumes/zip/zip_writer.ts";

/** Writes `entries` with ZipStreamWriter and returns the whole archive (also checks bytesWritten). */
export function buildZip(entries: readonly EncodedEntry[]): Uint8Array {
  const chunks: Uint8Array[] = [];
  const writer = new ZipStreamWriter((chunk) => chunks.push(chunk.slice()));
  for (const entry of entries) writer.add(entry);
  writer.finish();
  const zip = concat(chunks);
  if (writer.bytesWritten !== zip.length) throw new Error(`bytesWritten ${writer.bytesWritten} != ${zip.length}`);
  return zip;
}

export function crcOf(data: Uint8Array): number {
  return crc32(data) >>> 0;
}

export function stored(name: string, data: Uint8Array): EncodedEntry {
  return { name, method: ZIP_STORED, data, size: data.length, crc: crcOf(data) };
}

export function deflated(name: string, data: Uint8Array): EncodedEntry {
  return {
    name,
    method: ZIP_DEFLATE,
    data: new Uint8Array(deflateRawSync(data, { level: 9 })),
    size: data.length,
    crc: crcOf(data),
  };
}

export function zstd(name: string, data: Uint8Array): EncodedEntry {
  return { name, method: ZIP_ZSTD, data: new Uint8Array(zstdCompressSync(data)), size: data.length, crc: crcOf(data) };
}

/** Compressible text of about `n` bytes. */
export function text(n: number): Uint8Array {
  const line = "The quick brown fox jumps over the lazy dog. 0123456789\n";
  return utf8(line.repeat(Math.ceil(n / line.length)).slice(0, n));
}

/** Seeded pseudo-random bytes. */
export const noise: (n: number, seed: number) => Uint8Array = seededBytes;

/** Index of `needle` in `haystack`, or -1. */
export function indexOfBytes(haystack: Uint8Array, needle: Uint8Array, from = 0): number {
  outer: for (let i = from; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

/** Copy of `data` with byte `at` XOR-ed with 0xff. */
export function flipped(data: Uint8Array, at: number): Uint8Array {
  const copy = data.slice();
  copy[at]! ^= 0xff;
  return copy;
}

/** Little-endian byte builder for hand-made zip structures. */
export class LeBytes {
  readonly #parts: Uint8Array[] = [];
  #length = 0;

  get length(): number {
    return this.#length;
  }

  u16(value: number): this {
    const b = new Uint8Array(2);
    new DataView(b.buffer).setUint16(0, value, true);
    return this.bytes(b);
  }

  u32(value: number): this {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, value >>> 0, true);
    return this.bytes(b);
  }

  u64(value: number): this {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setBigUint64(0, BigInt(value), true);
    return this.bytes(b);
  }

  bytes(data: Uint8Array): this {
    this.#parts.push(data);
    this.#length += data.length;
    return this;
  }

  build(): Uint8Array {
    return concat(this.#parts);
  }
}

/** Unsigned little-endian reads from an archive. */
export function u16At(data: Uint8Array, at: number): number {
  return new DataView(data.buffer, data.byteOffset, data.byteLength).getUint16(at, true);
}

export function u32At(data: Uint8Array, at: number): number {
  return new DataView(data.buffer, data.byteOffset, data.byteLength).getUint32(at, true);
}
