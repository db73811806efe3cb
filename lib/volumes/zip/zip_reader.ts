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
  readonly #label: string;

  /** `label` names the archive in error messages (usually the remote file name). */
  constructor(data: Uint8Array, label = "archive") {
    this.#data = data;
    this.#label = label;
    const directory = readZipDirectory(data, 0, data.length, label);
    if ("needFrom" in directory) throw zipDamaged(label, "central directory lies outside the file");
    this.entries = directory.entries;
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
    if (!entry) throw zipDamaged(this.#label, `entry "${String(nameOrEntry)}" is missing`);
    return decodeZipEntry(entry, this.rawData(entry), this.#label, into);
  }

  /** The entry's bytes as stored (still compressed). */
  rawData(entry: ZipEntryInfo): Uint8Array {
    return localEntryData(this.#data, 0, entry, this.#label);
  }
}

/** The central directory of an archive, or the archive offset its tail must start at to hold all of it. */
export type ZipDirectory =
  | { readonly entries: ZipEntryInfo[]; readonly directoryOffset: number }
  | { readonly needFrom: number };

/**
 * Parses the central directory from `tail`, the archive's bytes from offset `tailStart` to its end
 * (`archiveLength`). An archive read in windows starts with its last 64 KiB or so; when the directory begins
 * before `tailStart`, the answer says where the tail must start instead.
 */
export function readZipDirectory(
  tail: Uint8Array,
  tailStart: number,
  archiveLength: number,
  label: string,
): ZipDirectory {
  const damaged = (detail: string) => zipDamaged(label, detail);
  if (tailStart + tail.length !== archiveLength) throw new RangeError("the tail must reach the end of the archive");
  const view = new DataView(tail.buffer, tail.byteOffset, tail.byteLength);
  const eocd = findEndOfCentralDirectory(view, archiveLength, label);
  let count = view.getUint16(eocd + 10, true);
  let size = view.getUint32(eocd + 12, true);
  let offset = view.getUint32(eocd + 16, true);
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) {
    const locator = eocd - 20;
    if (locator < 0 || view.getUint32(locator, true) !== ZIP64_EOCD_LOCATOR) {
      if (tailStart > 0 && locator < 0) return { needFrom: Math.max(0, tailStart - 20) };
      throw damaged("Zip64 end record is missing");
    }
    const record = Number(view.getBigUint64(locator + 8, true));
    if (record < tailStart) return { needFrom: record };
    const at = record - tailStart;
    if (at + 56 > tail.length || view.getUint32(at, true) !== ZIP64_EOCD) throw damaged("Zip64 end record is damaged");
    count = Number(view.getBigUint64(at + 32, true));
    size = Number(view.getBigUint64(at + 40, true));
    offset = Number(view.getBigUint64(at + 48, true));
  }
  if (offset + size > archiveLength) throw damaged("central directory lies outside the file");
  if (offset < tailStart) return { needFrom: offset };
  const entries: ZipEntryInfo[] = [];
  let at = offset - tailStart;
  for (let i = 0; i < count; i++) {
    if (at + 46 > tail.length || view.getUint32(at, true) !== CENTRAL_SIGNATURE) {
      throw damaged("central directory is damaged");
    }
    const flags = view.getUint16(at + 8, true);
    const method = view.getUint16(at + 10, true);
    const crc = view.getUint32(at + 16, true);
    let compressedSize = view.getUint32(at + 20, true);
    let uncompressedSize = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    let localHeaderOffset = view.getUint32(at + 42, true);
    const nameBytes = tail.subarray(at + 46, at + 46 + nameLength);
    const name = ((flags & 0x800) ? utf8Decoder : latin1Decoder).decode(nameBytes).replaceAll("\\", "/");
    const extraStart = at + 46 + nameLength;
    const zip64 = zip64Extra(view, extraStart, extraLength, {
      size: uncompressedSize === 0xffffffff,
      compressed: compressedSize === 0xffffffff,
      offset: localHeaderOffset === 0xffffffff,
    }, label);
    uncompressedSize = zip64.size ?? uncompressedSize;
    compressedSize = zip64.compressed ?? compressedSize;
    localHeaderOffset = zip64.offset ?? localHeaderOffset;
    entries.push({ name, method, compressedSize, size: uncompressedSize, crc, localHeaderOffset });
    at = extraStart + extraLength + commentLength;
  }
  return { entries, directoryOffset: offset };
}

/**
 * The stored (still compressed) bytes of `entry`, out of `window`: the archive's bytes from offset `windowStart`,
 * which must cover the entry's local header and data.
 */
export function localEntryData(
  window: Uint8Array,
  windowStart: number,
  entry: ZipEntryInfo,
  label: string,
): Uint8Array {
  const view = new DataView(window.buffer, window.byteOffset, window.byteLength);
  const at = entry.localHeaderOffset - windowStart;
  if (at < 0 || at + 30 > window.length || view.getUint32(at, true) !== LOCAL_SIGNATURE) {
    throw zipDamaged(label, `local header of "${entry.name}" is damaged`);
  }
  const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
  const end = start + entry.compressedSize;
  if (end > window.length) throw zipDamaged(label, `entry "${entry.name}" is truncated`);
  return window.subarray(start, end);
}

/**
 * Decodes an entry's stored bytes and checks its size and CRC-32. A deflated entry is decoded into `into` when that
 * is large enough (the result is then a view of it); a stored entry is returned as given.
 */
export function decodeZipEntry(entry: ZipEntryInfo, raw: Uint8Array, label: string, into?: Uint8Array): Uint8Array {
  let out: Uint8Array;
  try {
    if (entry.method === ZIP_STORED) out = raw;
    else if (entry.method === ZIP_DEFLATE) {
      out = into !== undefined && into.length >= entry.size ? into.subarray(0, entry.size) : new Uint8Array(entry.size);
      sharedInflater().inflateInto(raw, out);
    } else if (entry.method === ZIP_ZSTD) {
      // One output chunk of the known size: no pieces to concatenate, so half the short-lived memory.
      out = new Uint8Array(zstdDecompressSync(raw, outputChunk(entry.size)));
    } else throw zipDamaged(label, `entry "${entry.name}" uses unsupported compression method ${entry.method}`);
  } catch (error) {
    if (error instanceof IntegrityError) throw error;
    throw zipDamaged(label, `entry "${entry.name}" cannot be decompressed`, error);
  }
  if (out.length !== entry.size || (crc32(out) >>> 0) !== entry.crc) {
    throw zipDamaged(label, `entry "${entry.name}" fails its CRC or size check`);
  }
  return out;
}

/** Where the end-of-central-directory record starts in `view`, the archive's last bytes. */
function findEndOfCentralDirectory(view: DataView, archiveLength: number, label: string): number {
  // The record is 22 bytes plus a comment of at most 0xffff, so it starts no earlier than this.
  const min = Math.max(0, view.byteLength - 22 - 0xffff);
  for (let at = view.byteLength - 22; at >= min; at--) {
    if (view.getUint32(at, true) === EOCD_SIGNATURE) return at;
  }
  const complete = view.byteLength === archiveLength || view.byteLength >= 22 + 0xffff;
  throw zipDamaged(label, complete ? "it is not a zip archive or it is truncated" : "its end record was not read");
}

function zip64Extra(
  view: DataView,
  start: number,
  length: number,
  need: { size: boolean; compressed: boolean; offset: boolean },
  label: string,
): { size?: number; compressed?: number; offset?: number } {
  if (start + length > view.byteLength) throw zipDamaged(label, "central directory is damaged");
  let at = start;
  while (at + 4 <= start + length) {
    const id = view.getUint16(at, true);
    const len = view.getUint16(at + 2, true);
    if (at + 4 + len > start + length) throw zipDamaged(label, "central directory is damaged");
    if (id === 0x0001) {
      const needed = 8 * [need.size, need.compressed, need.offset].filter(Boolean).length;
      if (needed > len) throw zipDamaged(label, "Zip64 extra field is damaged");
      const result: { size?: number; compressed?: number; offset?: number } = {};
      let p = at + 4;
      if (need.size) result.size = Number(view.getBigUint64(p, true)), p += 8;
      if (need.compressed) result.compressed = Number(view.getBigUint64(p, true)), p += 8;
      if (need.offset) result.offset = Number(view.getBigUint64(p, true));
      return result;
    }
    at += 4 + len;
  }
  return {};
}

function zipDamaged(label: string, detail: string, cause?: unknown): IntegrityError {
  return new IntegrityError(`Cannot read "${label}": ${detail}`, cause === undefined ? undefined : { cause });
}
