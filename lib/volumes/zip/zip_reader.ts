/**
 * Zip reader over an in-memory archive, driven by the central directory (never by local headers alone), as the
 * format spec requires: methods 0 (stored), 8 (deflate) and 93 (zstd), data descriptors and Zip64.
 *
 * Hand-written rather than taken from fflate: fflate's readers inflate in JavaScript and cannot decode method 93,
 * which Duplicati writes with `--zip-compression-method=ZStandard`; the project rule is native deflate
 * (`node:zlib`). Every decoded entry's CRC-32 is checked, so damage inside an unencrypted volume is detected.
 * @module
 */
import { crc32, zstdDecompressSync } from "node:zlib";
import { IntegrityError } from "../../core/errors.ts";
import { sharedInflater } from "../raw_deflate.ts";
import { ZIP_DEFLATE, ZIP_STORED, ZIP_ZSTD } from "./zip_writer.ts";

/** One central-directory record. */
export interface ZipEntryInfo {
  readonly name: string;
  readonly method: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly crc: number;
  readonly localHeaderOffset: number;
}

const EOCD_SIGNATURE = 0x06054b50;
const ZIP64_EOCD_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const utf8Decoder = new TextDecoder("utf-8");
const latin1Decoder = new TextDecoder("latin1");

function outputChunk(size: number): { chunkSize?: number } {
  return size > 0 ? { chunkSize: Math.max(64, size + 64) } : {};
}

/** Reads a whole zip archive held in memory. */
export class ZipReader {
  readonly entries: readonly ZipEntryInfo[];
  readonly #byName = new Map<string, ZipEntryInfo>();
  readonly #data: Uint8Array;
  readonly #view: DataView;
  readonly #label: string;

  /** `label` names the archive in error messages (usually the remote file name). */
  constructor(data: Uint8Array, label = "archive") {
    this.#data = data;
    this.#label = label;
    this.#view = new DataView(data.buffer, data.byteOffset, data.byteLength);
    this.entries = this.#readCentralDirectory();
    for (const entry of this.entries) if (!this.#byName.has(entry.name)) this.#byName.set(entry.name, entry);
  }

  has(name: string): boolean {
    return this.#byName.has(name);
  }

  get(name: string): ZipEntryInfo | undefined {
    return this.#byName.get(name);
  }

  /**
   * Decoded bytes of an entry; throws IntegrityError when missing, damaged or of an unknown method. A deflated
   * entry is decoded into `into` when that is large enough (the result is then a view of it); a stored entry is
   * always a view of the archive.
   */
  read(nameOrEntry: string | ZipEntryInfo, into?: Uint8Array): Uint8Array {
    const entry = typeof nameOrEntry === "string" ? this.#byName.get(nameOrEntry) : nameOrEntry;
    if (!entry) throw this.#damaged(`entry "${String(nameOrEntry)}" is missing`);
    const raw = this.rawData(entry);
    let out: Uint8Array;
    try {
      if (entry.method === ZIP_STORED) out = raw;
      else if (entry.method === ZIP_DEFLATE) {
        out = into !== undefined && into.length >= entry.size
          ? into.subarray(0, entry.size)
          : new Uint8Array(entry.size);
        sharedInflater().inflateInto(raw, out);
      } else if (entry.method === ZIP_ZSTD) {
        // One output chunk of the known size: no pieces to concatenate, so half the short-lived memory.
        out = new Uint8Array(zstdDecompressSync(raw, outputChunk(entry.size)));
      } else throw this.#damaged(`entry "${entry.name}" uses unsupported compression method ${entry.method}`);
    } catch (error) {
      if (error instanceof IntegrityError) throw error;
      throw this.#damaged(`entry "${entry.name}" cannot be decompressed`, error);
    }
    if (out.length !== entry.size || (crc32(out) >>> 0) !== entry.crc) {
      throw this.#damaged(`entry "${entry.name}" fails its CRC or size check`);
    }
    return out;
  }

  /** The entry's bytes as stored (still compressed). */
  rawData(entry: ZipEntryInfo): Uint8Array {
    const at = entry.localHeaderOffset;
    if (at + 30 > this.#data.length || this.#view.getUint32(at, true) !== LOCAL_SIGNATURE) {
      throw this.#damaged(`local header of "${entry.name}" is damaged`);
    }
    const start = at + 30 + this.#view.getUint16(at + 26, true) + this.#view.getUint16(at + 28, true);
    const end = start + entry.compressedSize;
    if (end > this.#data.length) throw this.#damaged(`entry "${entry.name}" is truncated`);
    return this.#data.subarray(start, end);
  }

  #readCentralDirectory(): ZipEntryInfo[] {
    const eocd = this.#findEndOfCentralDirectory();
    let count = this.#view.getUint16(eocd + 10, true);
    let size = this.#view.getUint32(eocd + 12, true);
    let offset = this.#view.getUint32(eocd + 16, true);
    if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) {
      ({ count, size, offset } = this.#readZip64End(eocd));
    }
    if (offset + size > this.#data.length) throw this.#damaged("central directory lies outside the file");
    const entries: ZipEntryInfo[] = [];
    let at = offset;
    for (let i = 0; i < count; i++) {
      if (at + 46 > this.#data.length || this.#view.getUint32(at, true) !== CENTRAL_SIGNATURE) {
        throw this.#damaged("central directory is damaged");
      }
      const flags = this.#view.getUint16(at + 8, true);
      const method = this.#view.getUint16(at + 10, true);
      const crc = this.#view.getUint32(at + 16, true);
      let compressedSize = this.#view.getUint32(at + 20, true);
      let uncompressedSize = this.#view.getUint32(at + 24, true);
      const nameLength = this.#view.getUint16(at + 28, true);
      const extraLength = this.#view.getUint16(at + 30, true);
      const commentLength = this.#view.getUint16(at + 32, true);
      let localHeaderOffset = this.#view.getUint32(at + 42, true);
      const nameBytes = this.#data.subarray(at + 46, at + 46 + nameLength);
      const name = ((flags & 0x800) ? utf8Decoder : latin1Decoder).decode(nameBytes).replaceAll("\\", "/");
      const extraStart = at + 46 + nameLength;
      const zip64 = this.#zip64Extra(extraStart, extraLength, {
        size: uncompressedSize === 0xffffffff,
        compressed: compressedSize === 0xffffffff,
        offset: localHeaderOffset === 0xffffffff,
      });
      uncompressedSize = zip64.size ?? uncompressedSize;
      compressedSize = zip64.compressed ?? compressedSize;
      localHeaderOffset = zip64.offset ?? localHeaderOffset;
      entries.push({ name, method, compressedSize, size: uncompressedSize, crc, localHeaderOffset });
      at = extraStart + extraLength + commentLength;
    }
    return entries;
  }

  #findEndOfCentralDirectory(): number {
    const min = Math.max(0, this.#data.length - 22 - 0xffff);
    for (let at = this.#data.length - 22; at >= min; at--) {
      if (this.#view.getUint32(at, true) === EOCD_SIGNATURE) return at;
    }
    throw this.#damaged("it is not a zip archive or it is truncated");
  }

  #readZip64End(eocd: number): { count: number; size: number; offset: number } {
    const locator = eocd - 20;
    if (locator < 0 || this.#view.getUint32(locator, true) !== ZIP64_EOCD_LOCATOR) {
      throw this.#damaged("Zip64 end record is missing");
    }
    const at = Number(this.#view.getBigUint64(locator + 8, true));
    if (at + 56 > this.#data.length || this.#view.getUint32(at, true) !== ZIP64_EOCD) {
      throw this.#damaged("Zip64 end record is damaged");
    }
    return {
      count: Number(this.#view.getBigUint64(at + 32, true)),
      size: Number(this.#view.getBigUint64(at + 40, true)),
      offset: Number(this.#view.getBigUint64(at + 48, true)),
    };
  }

  #zip64Extra(
    start: number,
    length: number,
    need: { size: boolean; compressed: boolean; offset: boolean },
  ): { size?: number; compressed?: number; offset?: number } {
    if (start + length > this.#data.length) throw this.#damaged("central directory is damaged");
    let at = start;
    while (at + 4 <= start + length) {
      const id = this.#view.getUint16(at, true);
      const len = this.#view.getUint16(at + 2, true);
      if (at + 4 + len > start + length) throw this.#damaged("central directory is damaged");
      if (id === 0x0001) {
        const needed = 8 * [need.size, need.compressed, need.offset].filter(Boolean).length;
        if (needed > len) throw this.#damaged("Zip64 extra field is damaged");
        const result: { size?: number; compressed?: number; offset?: number } = {};
        let p = at + 4;
        if (need.size) result.size = Number(this.#view.getBigUint64(p, true)), p += 8;
        if (need.compressed) result.compressed = Number(this.#view.getBigUint64(p, true)), p += 8;
        if (need.offset) result.offset = Number(this.#view.getBigUint64(p, true));
        return result;
      }
      at += 4 + len;
    }
    return {};
  }

  #damaged(detail: string, cause?: unknown): IntegrityError {
    return new IntegrityError(`Cannot read "${this.#label}": ${detail}`, cause === undefined ? undefined : { cause });
  }
}
