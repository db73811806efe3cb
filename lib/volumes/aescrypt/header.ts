/**
 * The clear-text part of an AES Crypt file (format spec §9.1): magic, version, reserved byte, extensions, then
 * IV1, the encrypted session IV and key, and HMAC1. Encoding and parsing; no cryptography here.
 *
 * Facts taken from SharpAESCrypt 2.0.3 (the version Duplicati 2.3.0.4 stable ships), checked in its source:
 * - `CREATED_BY` is `SharpAESCrypt v` + the .NET assembly version; the package version 2.0.3 gives
 *   assembly version "2.0.3.0", so the value is `SharpAESCrypt v2.0.3.0` (22 characters, as the spec's size note
 *   expects). No reader checks it.
 * - `CREATED_DATE` / `CREATED_TIME` are UTC with .NET formats `yyyy-MM-dd` and `hh-mm-ss`; `hh` is the
 *   12-hour clock (00:30 becomes `12-30-00`, 13:05 becomes `01-05-..`).
 * - The placeholder is an extension with an empty identifier and 127 zero bytes (length field 128).
 * - Version 1 files have the same layout without the extension block (extensions exist only from version 2).
 * @module
 */
import { concat } from "../../core/bytes.ts";
import { IntegrityError } from "../../core/errors.ts";

/** The `CREATED_BY` value we write (SharpAESCrypt 2.0.3's own). */
export const CREATED_BY = "SharpAESCrypt v2.0.3.0";

/** "AES": the first three bytes of every AES Crypt file. */
export const MAGIC: Uint8Array = Uint8Array.of(0x41, 0x45, 0x53);

/** The file version we write. */
export const WRITE_VERSION = 2;

/** Bytes after the extensions: IV1 (16), encrypted session IV+key (48), HMAC1 (32). */
export const KEY_BLOCK_LENGTH = 96;

/** Bytes after the ciphertext: the last-block length byte and HMAC2. */
export const TRAILER_LENGTH = 33;

/** Header options shared by the encryptor and {@link encodeExtensions}. */
export interface AesCryptHeaderOptions {
  /** Time written into `CREATED_DATE`/`CREATED_TIME`; defaults to the current time. */
  readonly now?: Date;
  /** Write no extensions at all (Duplicati's `--aes-minimal-header`). */
  readonly minimalHeader?: boolean;
}

/** What {@link parseHeader} found. The byte arrays are views into the parsed buffer. */
export interface AesCryptHeader {
  readonly version: 1 | 2;
  readonly iv1: Uint8Array;
  /** Session IV ‖ session key, AES-256-CBC encrypted under the derived key (48 bytes). */
  readonly encryptedKeys: Uint8Array;
  readonly hmac1: Uint8Array;
  /** Offset of the first ciphertext byte. */
  readonly bodyOffset: number;
}

const encoder = new TextEncoder();

/**
 * The extension block as SharpAESCrypt writes it by default, `00 00` terminator included
 * (215 bytes), or only the terminator with `minimalHeader`.
 * @throws RangeError when `now` is an invalid date or outside the years 1-9999
 */
export function encodeExtensions(options: AesCryptHeaderOptions): Uint8Array {
  if (options.minimalHeader) return new Uint8Array(2);
  const now = options.now ?? new Date();
  const year = now.getUTCFullYear();
  if (!(year >= 1 && year <= 9999)) {
    throw new RangeError(`Cannot write the AES Crypt header: date "${String(now)}" is outside the years 1-9999`);
  }
  const hour12 = now.getUTCHours() % 12 || 12;
  const date = `${pad(year, 4)}-${pad(now.getUTCMonth() + 1, 2)}-${pad(now.getUTCDate(), 2)}`;
  const time = `${pad(hour12, 2)}-${pad(now.getUTCMinutes(), 2)}-${pad(now.getUTCSeconds(), 2)}`;
  const parts = [
    extension("CREATED_BY", encoder.encode(CREATED_BY)),
    extension("CREATED_DATE", encoder.encode(date)),
    extension("CREATED_TIME", encoder.encode(time)),
    extension("", new Uint8Array(127)),
    new Uint8Array(2),
  ];
  return concat(parts);
}

/** Magic, version 2, reserved byte and the extension block: everything before IV1. */
export function encodeHeaderPrefix(options: AesCryptHeaderOptions): Uint8Array {
  return concat([MAGIC, Uint8Array.of(WRITE_VERSION, 0), encodeExtensions(options)]);
}

/** True when `data` starts with the AES Crypt magic and a version this module reads (1 or 2). */
export function isAesCrypt(data: Uint8Array): boolean {
  return data.length >= 4 && data[0] === 0x41 && data[1] === 0x45 && data[2] === 0x53 &&
    (data[3] === 1 || data[3] === 2);
}

/**
 * Parses the clear-text header of an AES Crypt v1/v2 file, skipping any extensions without interpreting them.
 * @throws IntegrityError for bad magic, unsupported version, non-zero reserved byte or a truncated header
 */
export function parseHeader(data: Uint8Array, options: { readonly name?: string } = {}): AesCryptHeader {
  const fail = (reason: string) => new IntegrityError(cannotDecrypt(options.name, reason));
  if (data.length < 5 || data[0] !== 0x41 || data[1] !== 0x45 || data[2] !== 0x53) {
    throw fail("not an AES Crypt file");
  }
  const version = data[3]!;
  if (version !== 1 && version !== 2) throw fail(`unsupported AES Crypt version ${version}`);
  if (data[4] !== 0) throw fail(`reserved header byte is ${data[4]}, not 0`);
  let offset = 5;
  if (version === 2) {
    for (;;) {
      if (offset + 2 > data.length) throw fail("truncated header");
      const length = (data[offset]! << 8) | data[offset + 1]!;
      offset += 2;
      if (length === 0) break;
      offset += length;
    }
  }
  if (offset + KEY_BLOCK_LENGTH > data.length) throw fail("truncated header");
  return {
    version,
    iv1: data.subarray(offset, offset + 16),
    encryptedKeys: data.subarray(offset + 16, offset + 64),
    hmac1: data.subarray(offset + 64, offset + 96),
    bodyOffset: offset + KEY_BLOCK_LENGTH,
  };
}

/** `Cannot decrypt "NAME": REASON`, or `Cannot decrypt AES Crypt data: REASON` without a name. */
export function cannotDecrypt(name: string | undefined, reason: string): string {
  const subject = name === undefined ? "AES Crypt data" : `"${name}"`;
  return `Cannot decrypt ${subject}: ${reason}`;
}

function extension(identifier: string, value: Uint8Array): Uint8Array {
  const name = encoder.encode(identifier);
  const length = name.length + 1 + value.length;
  const out = new Uint8Array(2 + length);
  out[0] = length >>> 8;
  out[1] = length & 0xff;
  out.set(name, 2);
  out.set(value, 3 + name.length);
  return out;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, "0");
}
