/**
 * One restored file on disk: written into `<target>.dup-restore` at block offsets, verified against the stored
 * hash, then renamed into place (so an interrupted or failed restore never leaves a half-written file under the
 * real name, and an existing file is only replaced by verified content).
 * @module
 */
import { createHash } from "node:crypto";
import { dirname } from "node:path";

export const PARTIAL_SUFFIX = ".dup-restore";

/** Open write handles, bounded so huge restores do not run out of descriptors. */
export class HandleCache {
  readonly #open = new Map<string, Deno.FsFile>();
  readonly #folders = new Set<string>();
  readonly #pending = new Map<string, number>();
  constructor(private readonly limit = 64) {}

  /** Writes at `offset`; the first write to a path announced with {@link expect} creates the file. */
  write(path: string, offset: number, data: Uint8Array): void {
    let file = this.#open.get(path);
    if (file) this.#open.delete(path);
    else {
      if (this.#open.size >= this.limit) this.#closeOldest();
      const size = this.#pending.get(path);
      if (size !== undefined) {
        this.#pending.delete(path);
        file = this.#createFile(path, size);
      } else file = Deno.openSync(path, { write: true });
    }
    this.#open.set(path, file);
    file.seekSync(offset, Deno.SeekMode.Start);
    let at = 0;
    while (at < data.length) at += file.writeSync(data.subarray(at));
  }

  /**
   * Announces a file of `size` bytes at `path`; it is created (or truncated) by its first write, so a restore of
   * many files opens each one once. Empty files are created at once.
   */
  expect(path: string, size: number): void {
    if (size === 0) this.#createFile(path, 0).close();
    else this.#pending.set(path, size);
  }

  /** True when the path was announced but never written. */
  unwritten(path: string): boolean {
    return this.#pending.has(path);
  }

  #createFile(path: string, size: number): Deno.FsFile {
    const folder = dirname(path);
    if (!this.#folders.has(folder)) {
      Deno.mkdirSync(folder, { recursive: true });
      this.#folders.add(folder);
    }
    const file = Deno.openSync(path, { write: true, create: true, truncate: true });
    if (size > 0) file.truncateSync(size);
    return file;
  }

  close(path: string): void {
    const file = this.#open.get(path);
    if (file) {
      this.#open.delete(path);
      file.close();
    }
  }

  closeAll(): void {
    for (const file of this.#open.values()) file.close();
    this.#open.clear();
  }

  #closeOldest(): void {
    const [path, file] = this.#open.entries().next().value!;
    this.#open.delete(path);
    file.close();
  }
}

/** Base64 SHA-256 and length of a file on disk, read synchronously in 1 MiB pieces. */
export function hashFile(path: string): { hash: string; size: number } {
  const file = Deno.openSync(path, { read: true });
  try {
    const hasher = createHash("sha256");
    const buffer = new Uint8Array(1024 * 1024);
    let size = 0;
    for (;;) {
      const n = file.readSync(buffer);
      if (n === null || n === 0) break;
      hasher.update(buffer.subarray(0, n));
      size += n;
    }
    return { hash: hasher.digest("base64"), size };
  } finally {
    file.close();
  }
}

/** A free name beside `target` for a restored copy when the original must not be overwritten. */
export function alternativeName(target: string, time: Date): string {
  const slash = target.lastIndexOf("/");
  const dot = target.lastIndexOf(".");
  const stem = dot > slash + 1 ? target.slice(0, dot) : target;
  const ext = dot > slash + 1 ? target.slice(dot) : "";
  const p = (n: number) => String(n).padStart(2, "0");
  const stamp = `${time.getFullYear()}-${p(time.getMonth() + 1)}-${p(time.getDate())}_${p(time.getHours())}-` +
    `${p(time.getMinutes())}-${p(time.getSeconds())}`;
  for (let n = 0;; n++) {
    const candidate = `${stem}.${stamp}${n === 0 ? "" : `-${n}`}${ext}`;
    if (!exists(candidate)) return candidate;
  }
}

export function exists(path: string): boolean {
  try {
    Deno.lstatSync(path);
    return true;
  } catch {
    return false;
  }
}
