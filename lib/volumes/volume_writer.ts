/**
 * Writes one volume to a local temp file: zip entries → (AES Crypt) → file, hashing the bytes as they will be
 * uploaded (the dindex records that hash). Synchronous file I/O on purpose: async Deno fs ops cost ~50 µs each
 * (research/deno-feasibility.md).
 *
 * Memory: the zip bytes are copied into one staging buffer that is reused from flush to flush, and the ciphertext
 * of each flush is freed once written, so a volume of any size costs about one flush's worth of buffers and
 * leaves no garbage buffers behind (see {@link freeBuffer} for why that matters). Because entries are copied when
 * added, a caller may reuse an entry's bytes as soon as {@link VolumeFileWriter.add} returns.
 * @module
 */
import { createHash, type Hash } from "node:crypto";
import { deflateRawSync } from "node:zlib";
import { freeBuffer } from "../core/bytes.ts";
import { AesCryptEncryptor, PIECE_SIZE } from "./aescrypt/mod.ts";
import { type EncodedEntry, ZipStreamWriter } from "./zip/zip_writer.ts";

export interface VolumeFileOptions {
  readonly path: string;
  /** Encrypt with AES Crypt v2 when set. */
  readonly passphrase: string | undefined;
  /** Deflate level for text entries (manifest, JSON); 0 stores them. */
  readonly textLevel?: number;
}

export interface SealedVolume {
  readonly path: string;
  /** Bytes of the file as uploaded. */
  readonly size: number;
  /** Base64 SHA-256 of the file as uploaded. */
  readonly hash: string;
}

/** Builds one volume file. Call {@link add}/{@link addText}, {@link flush} now and then, then {@link finish}. */
export class VolumeFileWriter {
  readonly #file: Deno.FsFile;
  readonly #hash: Hash = createHash("sha256");
  readonly #zip: ZipStreamWriter;
  readonly #encryptor: AesCryptEncryptor | undefined;
  readonly #textLevel: number;
  readonly #path: string;
  #staging = new Uint8Array(64 * 1024);
  #pendingBytes = 0;
  #fileBytes = 0;
  #closed = false;

  constructor(options: VolumeFileOptions) {
    this.#path = options.path;
    this.#textLevel = options.textLevel ?? 6;
    this.#file = Deno.openSync(options.path, { write: true, create: true, truncate: true, mode: 0o600 });
    this.#encryptor = options.passphrase ? new AesCryptEncryptor(options.passphrase) : undefined;
    this.#zip = new ZipStreamWriter((chunk) => this.#stage(chunk));
  }

  /** Zip bytes produced so far. */
  get zipSize(): number {
    return this.#zip.bytesWritten;
  }

  /** Bytes not yet flushed to the file. */
  get pendingBytes(): number {
    return this.#pendingBytes;
  }

  /** Adds an entry; its bytes are copied, so they may change or be reused once this returns. */
  add(entry: EncodedEntry): void {
    this.#zip.add(entry);
  }

  /** Adds a text entry (manifest, JSON), deflated unless that does not help. */
  addText(name: string, data: Uint8Array): void {
    this.#zip.addDeflated(
      name,
      data,
      (d) => this.#textLevel > 0 ? new Uint8Array(deflateRawSync(d, { level: this.#textLevel })) : d,
    );
  }

  /**
   * Writes what the zip produced so far; with encryption, only whole {@link PIECE_SIZE} pieces (each one cipher
   * call straight from the staging buffer), the rest waits for more bytes or {@link finish}. Do not add entries
   * until it settles.
   */
  async flush(): Promise<void> {
    if (!this.#encryptor) {
      this.#write(this.#staging.subarray(0, this.#pendingBytes));
      this.#pendingBytes = 0;
      return;
    }
    const whole = this.#pendingBytes - this.#pendingBytes % PIECE_SIZE;
    if (whole > 0) await this.#encryptStaged(whole);
  }

  /**
   * Finishes the zip and the encryption and closes the file. No fsync: the file is a staging copy; the backend's
   * put makes the uploaded copy durable, and a crash before that is recovered from the database states.
   */
  async finish(): Promise<SealedVolume> {
    this.#zip.finish();
    await this.flush();
    if (this.#encryptor) {
      if (this.#pendingBytes > 0) await this.#encryptStaged(this.#pendingBytes);
      const tail = await this.#encryptor.final();
      this.#write(tail);
      freeBuffer(tail.buffer);
    }
    this.#close();
    return { path: this.#path, size: this.#fileBytes, hash: this.#hash.digest("base64") };
  }

  /** Closes and removes the temp file (after a failure). */
  discard(): void {
    this.#close();
    try {
      Deno.removeSync(this.#path);
    } catch {
      // already gone
    }
  }

  /** Encrypts and writes the first `length` staged bytes; the rest moves to the front. */
  async #encryptStaged(length: number): Promise<void> {
    const cipher = await this.#encryptor!.update(this.#staging.subarray(0, length));
    this.#write(cipher);
    freeBuffer(cipher.buffer);
    this.#staging.copyWithin(0, length, this.#pendingBytes);
    this.#pendingBytes -= length;
  }

  /** Appends zip bytes to the staging buffer, growing it when they do not fit. */
  #stage(chunk: Uint8Array): void {
    const needed = this.#pendingBytes + chunk.length;
    if (needed > this.#staging.length) {
      const grown = new Uint8Array(Math.max(needed, Math.min(this.#staging.length * 2, needed + 1024 * 1024)));
      grown.set(this.#staging.subarray(0, this.#pendingBytes));
      freeBuffer(this.#staging.buffer);
      this.#staging = grown;
    }
    this.#staging.set(chunk, this.#pendingBytes);
    this.#pendingBytes = needed;
  }

  #write(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    this.#hash.update(bytes);
    let at = 0;
    while (at < bytes.length) at += this.#file.writeSync(bytes.subarray(at));
    this.#fileBytes += bytes.length;
  }

  #close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#file.close();
    freeBuffer(this.#staging.buffer);
    this.#staging = new Uint8Array(0);
  }
}
