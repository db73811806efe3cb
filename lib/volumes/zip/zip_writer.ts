/**
 * Zip container writer for Duplicati volumes, on fflate's streaming `Zip`.
 *
 * Entries arrive already compressed (workers deflate or zstd them with native `node:zlib`, see
 * `lib/volumes/block_codec.ts`), so each entry is handed to fflate as a custom `ZipInputFile` with its CRC,
 * method and sizes; fflate writes the local headers, data descriptors and the central directory. fflate has no
 * Zip64, so an archive must stay under 4 GiB: `--dblock-size` is capped at 2 GiB for that reason.
 * @module
 */
import { Zip, type ZipInputFile } from "fflate";
import { crc32 } from "node:zlib";
import { utf8 } from "../../core/bytes.ts";

/** Zip compression methods we write and read. */
export const ZIP_STORED = 0;
export const ZIP_DEFLATE = 8;
export const ZIP_ZSTD = 93;

/** One entry whose bytes are already encoded with `method`. */
export interface EncodedEntry {
  readonly name: string;
  readonly method: number;
  /** Bytes as stored in the archive (compressed for deflate/zstd). */
  readonly data: Uint8Array;
  /** Length of the entry once decoded. */
  readonly size: number;
  /** CRC-32 of the decoded bytes. */
  readonly crc: number;
}

/** Builds an {@link EncodedEntry} for bytes stored without compression. */
export function storedEntry(name: string, data: Uint8Array): EncodedEntry {
  return { name, method: ZIP_STORED, data, size: data.length, crc: crc32(data) >>> 0 };
}

/** Fixed entry time: Duplicati ignores it, and a fixed value keeps volumes reproducible. */
const ENTRY_TIME = new Date(2020, 0, 1, 0, 0, 0);

/**
 * Streaming zip writer. Every call passes the produced bytes to `sink` synchronously and in order; the sink
 * decides what to do with them (encrypt, hash, write to a temp file).
 */
export class ZipStreamWriter {
  #zip: Zip;
  #written = 0;
  #finished = false;
  #error: Error | undefined;

  constructor(sink: (chunk: Uint8Array) => void) {
    this.#zip = new Zip((error, chunk) => {
      if (error) {
        this.#error = error;
        return;
      }
      this.#written += chunk.length;
      sink(chunk);
    });
  }

  /** Bytes emitted so far (the archive's current size). */
  get bytesWritten(): number {
    return this.#written;
  }

  /** Adds one entry. Names must be ASCII or UTF-8 and shorter than 64 KiB. */
  add(entry: EncodedEntry): void {
    if (this.#finished) throw new TypeError("Cannot add a zip entry: the archive is finished");
    const file: ZipInputFile = {
      filename: entry.name,
      size: entry.size,
      crc: entry.crc,
      compression: entry.method,
      mtime: ENTRY_TIME,
    };
    this.#zip.add(file);
    file.ondata!(null, entry.data, true);
    this.#check();
  }

  /** Convenience: adds `data` compressed with deflate (native) or stored, whichever is smaller. */
  addDeflated(name: string, data: Uint8Array, encode: (data: Uint8Array) => Uint8Array): void {
    const compressed = encode(data);
    const crc = crc32(data) >>> 0;
    this.add(
      compressed.length < data.length
        ? { name, method: ZIP_DEFLATE, data: compressed, size: data.length, crc }
        : { name, method: ZIP_STORED, data, size: data.length, crc },
    );
  }

  /** Writes the central directory. */
  finish(): void {
    if (this.#finished) return;
    this.#finished = true;
    this.#zip.end();
    this.#check();
  }

  #check(): void {
    if (this.#error) throw this.#error;
  }
}

/** Size a zip entry adds to the archive besides its data (local header, descriptor, central record). */
export function entryOverhead(name: string): number {
  const nameLength = utf8(name).length;
  return 30 + nameLength + 16 + 46 + nameLength;
}

/** Bytes of the end-of-central-directory record. */
export const END_OF_ARCHIVE_SIZE = 22;
