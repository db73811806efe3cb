/**
 * AES Crypt v1/v2 read in windows (format spec §9.1), for volumes too large to hold: the header and HMAC1 are checked
 * when opening (a wrong passphrase fails there, before any plaintext is produced), then any plaintext range can be
 * decrypted on its own, because in CBC the IV of a range is the ciphertext block just before it.
 *
 * HMAC2 covers all ciphertext: {@link AesCryptRandomReader.verify} reads the file through once, in windows, and
 * compares. Plaintext read before that is not authenticated yet, so callers verify first (a restore then writes
 * nothing from a damaged volume; the second read of the file comes from the page cache).
 * @module
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { IntegrityError, WrongPassphraseError } from "../../core/errors.ts";
import { GrowableBuffer, type RandomAccessSource } from "../random_access.ts";
import { CbcDecryptor, cbcKeyBlock } from "./cbc.ts";
import { cannotDecrypt, parseHeader, TRAILER_LENGTH } from "./header.ts";
import { deriveKey } from "./key.ts";

const BLOCK = 16;
/** Ciphertext hashed per read by `verify`. */
const HASH_WINDOW = 4 * 1024 * 1024;
/** Bytes per WebCrypto call: 1 MiB decrypts at full speed and keeps a worker's scratch and output memory at 2 MiB. */
const DECRYPT_PIECE = 1024 * 1024;
/** The first read for the header; a header with larger extensions is read again with up to HEADER_LIMIT bytes. */
const HEADER_PROBE = 4096;
const HEADER_LIMIT = 1024 * 1024;

export class AesCryptRandomReader {
  /** Length of the plaintext (the padding cut off). */
  readonly plainLength: number;
  readonly #source: RandomAccessSource;
  readonly #name: string | undefined;
  readonly #decryptor: CbcDecryptor;
  readonly #sessionIv: Uint8Array;
  readonly #bodyOffset: number;
  readonly #bodyLength: number;
  readonly #expectedHmac: Uint8Array;
  readonly #sessionKey: Uint8Array;
  readonly #buffer = new GrowableBuffer();

  private constructor(init: {
    source: RandomAccessSource;
    name: string | undefined;
    decryptor: CbcDecryptor;
    sessionIv: Uint8Array;
    sessionKey: Uint8Array;
    bodyOffset: number;
    bodyLength: number;
    plainLength: number;
    expectedHmac: Uint8Array;
  }) {
    this.#source = init.source;
    this.#name = init.name;
    this.#decryptor = init.decryptor;
    this.#sessionIv = init.sessionIv;
    this.#bodyOffset = init.bodyOffset;
    this.#bodyLength = init.bodyLength;
    this.plainLength = init.plainLength;
    this.#expectedHmac = init.expectedHmac;
    this.#sessionKey = init.sessionKey;
  }

  /**
   * Reads the header and trailer and checks the passphrase.
   * @throws WrongPassphraseError when HMAC1 does not match (wrong passphrase, or a damaged key block)
   * @throws IntegrityError for bad magic or version, truncation or a bad length byte
   */
  static async open(
    source: RandomAccessSource,
    passphrase: string,
    options: { readonly name?: string } = {},
  ): Promise<AesCryptRandomReader> {
    const name = options.name;
    const readHeader = (length: number) => {
      const bytes = new Uint8Array(Math.min(length, source.size));
      source.readAt(bytes, 0);
      return parseHeader(bytes, options);
    };
    let header;
    try {
      header = readHeader(HEADER_PROBE);
    } catch (error) {
      // Extensions longer than the probe (writers put a few hundred bytes there): one larger read.
      if (source.size <= HEADER_PROBE) throw error;
      header = readHeader(HEADER_LIMIT);
    }
    const headerKey = deriveKey(header.iv1, passphrase);
    const hmac1 = createHmac("sha256", headerKey).update(header.encryptedKeys).digest();
    if (!timingSafeEqual(hmac1, header.hmac1)) {
      throw new WrongPassphraseError(cannotDecrypt(name, "wrong passphrase"));
    }
    const bodyLength = source.size - header.bodyOffset - TRAILER_LENGTH;
    if (bodyLength < 0 || bodyLength % BLOCK !== 0) {
      throw new IntegrityError(cannotDecrypt(name, "the file is truncated or has trailing bytes"));
    }
    const trailer = new Uint8Array(TRAILER_LENGTH);
    source.readAt(trailer, source.size - TRAILER_LENGTH);
    const lastBlockLength = trailer[0]!;
    if (lastBlockLength >= BLOCK || (bodyLength === 0 && lastBlockLength !== 0)) {
      throw new IntegrityError(cannotDecrypt(name, `invalid last-block length ${lastBlockLength}`));
    }
    const keys = cbcKeyBlock("decrypt", headerKey, { iv: header.iv1, data: header.encryptedKeys });
    return new AesCryptRandomReader({
      source,
      name,
      decryptor: await CbcDecryptor.create(keys.subarray(16, 48), DECRYPT_PIECE),
      sessionIv: keys.slice(0, 16),
      sessionKey: keys.slice(16, 48),
      bodyOffset: header.bodyOffset,
      bodyLength,
      plainLength: bodyLength - (BLOCK - lastBlockLength) % BLOCK,
      expectedHmac: trailer.slice(1),
    });
  }

  /** Plaintext `[start, end)`, as a view that stays valid until the next call. */
  async read(start: number, end: number): Promise<Uint8Array> {
    if (start < 0 || end > this.plainLength || start > end) {
      throw new RangeError(`Cannot read plaintext [${start}, ${end}) of ${this.plainLength} bytes`);
    }
    if (start === end) return new Uint8Array(0);
    const first = Math.floor(start / BLOCK) * BLOCK;
    const last = Math.min(this.#bodyLength, Math.ceil(end / BLOCK) * BLOCK);
    // The block before the range is its IV; the first block's IV is the session IV.
    const bytes = this.#buffer.take(BLOCK + last - first);
    if (first === 0) {
      bytes.set(this.#sessionIv);
      this.#source.readAt(bytes.subarray(BLOCK), this.#bodyOffset);
    } else this.#source.readAt(bytes, this.#bodyOffset + first - BLOCK);
    const cipher = bytes.subarray(BLOCK);
    await this.#decryptor.decrypt({ iv: bytes.subarray(0, BLOCK), data: cipher, inPlace: true });
    return cipher.subarray(start - first, end - first);
  }

  /**
   * Reads all ciphertext, computes HMAC2 and compares it with the file's.
   * @throws IntegrityError on a mismatch: the file is damaged or was tampered with
   */
  verify(): void {
    const hmac = createHmac("sha256", this.#sessionKey);
    for (let at = 0; at < this.#bodyLength; at += HASH_WINDOW) {
      const bytes = this.#buffer.take(Math.min(HASH_WINDOW, this.#bodyLength - at));
      this.#source.readAt(bytes, this.#bodyOffset + at);
      hmac.update(bytes);
    }
    if (!timingSafeEqual(hmac.digest(), this.#expectedHmac)) {
      throw new IntegrityError(
        cannotDecrypt(this.#name, "HMAC mismatch, the data is damaged or was tampered with"),
      );
    }
  }

  /** Frees the buffers at once. */
  release(): void {
    this.#decryptor.release();
    this.#buffer.release();
  }
}
