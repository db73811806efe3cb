/**
 * Writes one volume to a local temp file: zip entries → (AES Crypt) → file, hashing the bytes as they will be
 * uploaded (the dindex records that hash). Synchronous file I/O on purpose: async Deno fs ops cost ~50 µs each
 * (research/deno-feasibility.md).
 * @module
 */
import { createHash, type Hash } from "node:crypto";
import { deflateRawSync } from "node:zlib";
import { concat } from "../core/bytes.ts";
import { AesCryptEncryptor } from "./aescrypt/mod.ts";
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
  #pending: Uint8Array[] = [];
  #pendingBytes = 0;
  #fileBytes = 0;
  #closed = false;

  constructor(options: VolumeFileOptions) {
    this.#path = options.path;
    this.#textLevel = options.textLevel ?? 6;
    this.#file = Deno.openSync(options.path, { write: true, create: true, truncate: true, mode: 0o600 });
    this.#encryptor = options.passphrase ? new AesCryptEncryptor(options.passphrase) : undefined;
    this.#zip = new ZipStreamWriter((chunk) => {
      this.#pending.push(chunk);
      this.#pendingBytes += chunk.length;
    });
  }

  /** Zip bytes produced so far. */
  get zipSize(): number {
    return this.#zip.bytesWritten;
  }

  /** Bytes not yet flushed to the file. */
  get pendingBytes(): number {
    return this.#pendingBytes;
  }

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

  /** Encrypts and writes what the zip produced so far. */
  async flush(): Promise<void> {
    if (this.#pending.length === 0) return;
    const chunk = this.#pending.length === 1 ? this.#pending[0]! : concat(this.#pending);
    this.#pending = [];
    this.#pendingBytes = 0;
    this.#write(this.#encryptor ? await this.#encryptor.update(chunk) : chunk);
  }

  /**
   * Finishes the zip and the encryption and closes the file. No fsync: the file is a staging copy; the backend's
   * put makes the uploaded copy durable, and a crash before that is recovered from the database states.
   */
  async finish(): Promise<SealedVolume> {
    this.#zip.finish();
    await this.flush();
    if (this.#encryptor) this.#write(await this.#encryptor.final());
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
  }
}
